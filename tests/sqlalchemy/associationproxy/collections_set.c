/*
 * collections_set.c - test_associationproxy.py::SetTest and CustomSetTest:
 * a set proxy, its set algebra, comparisons and mutations against Python's
 * set, and whole-set assignment keeping the members of the values that stay.
 * Sets of one-letter strings are held as bit sets ('a' is bit 0), so the
 * control is computed with Python's set rules as bit operations.
 */
#include "model.h"
#include "parts.h"

#define A (1u << 0)
#define B (1u << 1)
#define C (1u << 2)
#define D (1u << 3)
#define E (1u << 4)
#define F (1u << 5)
#define G (1u << 6)

static const unsigned others[] = { A | B | C, A | B | C | D, A, A | B, C | D, E | F | G, 0 };
#define NOTHERS (sizeof others / sizeof others[0])

static assoc_collection *children(assoc_object *p) { return fx_coll(p, "children"); }
static assoc_collection *rel(assoc_object *p) { return fx_coll(p, "_children"); }

static void open_set(fx *f)
{
	ap_children_model(f, ASSOC_COLLECTION_SET, ASSOC_LAZY_JOINED, 0);
	fx_open(f);
}

static void assign(assoc_collection *c, unsigned set)
{
	assoc_value vals[26];
	size_t n = ap_letter_values(set, vals);
	CHECK_OK(assoc_collection_assign(c, NULL, vals, n));
}

static int has(assoc_collection *c, const char *value)
{
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, c, T(value)));
	return in;
}

static unsigned set_op(assoc_collection *c, assoc_set_op op, unsigned other)
{
	assoc_value vals[26];
	size_t n = ap_letter_values(other, vals);
	assoc_valuelist *l = NULL;
	CHECK_OK(assoc_collection_set_op(&l, c, op, vals, n));
	return ap_list_letters(l);
}

static int compare(assoc_collection *c, assoc_set_cmp cmp, unsigned other)
{
	assoc_value vals[26];
	size_t n = ap_letter_values(other, vals);
	int out = -1;
	CHECK_OK(assoc_collection_set_compare(&out, c, cmp, vals, n));
	return out;
}

static void abc(void)
{
	fx f;
	open_set(&f);
	assoc_collection *c = children(ap_parent(&f, "x"));
	CHECK(assoc_collection_is_proxy(c));
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_SET); /* abc.Set */
	fx_close(&f);
}

static void set_operations(void)
{
	fx f;
	open_set(&f);
	assoc_object *p1 = ap_parent(&f, "P1");
	CHECK_INT(fx_len(rel(p1)), 0);
	CHECK_INT(fx_len(children(p1)), 0);

	assoc_object *ch1 = ap_child(&f, NULL, "regular");
	fx_append(rel(p1), ch1); /* p1._children.add(ch1) */
	CHECK(fx_contains(rel(p1), ch1));
	CHECK_INT(fx_len(rel(p1)), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, children(p1), O(ch1)));
	CHECK_INT(in, 0);
	CHECK_INT(has(children(p1), "regular"), 1);

	CHECK_OK(assoc_collection_append(children(p1), T("proxied")));
	CHECK_INT(has(children(p1), "proxied"), 1);
	CHECK_INT(has(rel(p1), "proxied"), 0);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(fx_len(rel(p1)), 2);
	CHECK_STR(pm_rel_texts(p1, "_children", "name"), "regular,proxied");

	assoc_object *ch2 = NULL;
	for (size_t i = 0; i < fx_len(rel(p1)); i++)
		if (strcmp(fx_get_text(fx_at(rel(p1), i), "name"), "proxied") == 0)
			ch2 = fx_at(rel(p1), i);
	CHECK(ch2 != NULL);
	CHECK_OK(assoc_collection_remove(rel(p1), O(ch2)));
	CHECK_INT(fx_len(rel(p1)), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	CHECK(fx_at(rel(p1), 0) == ch1);

	CHECK_OK(assoc_collection_remove(children(p1), T("regular")));
	CHECK_INT(fx_len(rel(p1)), 0);
	CHECK_INT(fx_len(children(p1)), 0);

	assign(children(p1), A | B | C);
	CHECK_INT(fx_len(rel(p1)), 3);
	CHECK_INT(fx_len(children(p1)), 3);

	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(rel(p1)), 3);
	CHECK_INT(fx_len(children(p1)), 3);
	CHECK_INT(has(children(p1), "a"), 1);
	CHECK_INT(has(children(p1), "b"), 1);
	CHECK_INT(has(children(p1), "d"), 0);
	CHECK_INT(ap_letters(children(p1)), A | B | C);

	CHECK_ERR(assoc_collection_remove(children(p1), T("d")), ASSOC_ENOTFOUND); /* KeyError */
	CHECK_INT(fx_len(children(p1)), 3);
	CHECK_OK(assoc_collection_discard(children(p1), T("d")));
	CHECK_INT(fx_len(children(p1)), 3);
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(children(p1)), 3);

	/* set.pop() removes any member: the C API pops by position only from lists */
	assoc_value v;
	char popped[8];
	CHECK_OK(assoc_collection_get(&v, children(p1), 0));
	snprintf(popped, sizeof popped, "%s", v.u.bytes.data);
	CHECK_OK(assoc_collection_remove(children(p1), T(popped)));
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(has(children(p1), popped), 0);
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(has(children(p1), popped), 0);

	assign(children(p1), A | B | C);
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(ap_letters(children(p1)), A | B | C);

	CHECK_OK(assoc_collection_discard(children(p1), T("b")));
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(ap_letters(children(p1)), A | C);

	CHECK_OK(assoc_collection_remove(children(p1), T("a")));
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(ap_letters(children(p1)), C);

	CHECK_OK(assoc_collection_assign(rel(p1), NULL, NULL, 0)); /* p1._children = set() */
	CHECK_INT(fx_len(children(p1)), 0);
	/* not ported: p1._children = [] or None (Python collection types), set([p1.children]) */
	fx_close(&f);
}

static void set_comparisons(void)
{
	fx f;
	open_set(&f);
	assoc_object *p1 = ap_parent(&f, "P1");
	assign(children(p1), A | B | C);
	const unsigned control = A | B | C;
	assoc_collection *c = children(p1);
	for (size_t i = 0; i < NOTHERS; i++) {
		unsigned other = others[i];
		CHECK_INT(set_op(c, ASSOC_SET_UNION, other), control | other);
		CHECK_INT(set_op(c, ASSOC_SET_DIFFERENCE, other), control & ~other);
		CHECK_INT(set_op(c, ASSOC_SET_INTERSECTION, other), control & other);
		CHECK_INT(set_op(c, ASSOC_SET_SYMMETRIC_DIFFERENCE, other), control ^ other);
		int sub = (control & ~other) == 0, super = (other & ~control) == 0;
		CHECK_INT(compare(c, ASSOC_SET_SUBSET, other), sub);
		CHECK_INT(compare(c, ASSOC_SET_SUPERSET, other), super);
		CHECK_INT(compare(c, ASSOC_SET_EQUAL, other), control == other);
		CHECK_INT(!compare(c, ASSOC_SET_EQUAL, other), control != other);
		CHECK_INT(compare(c, ASSOC_SET_PROPER_SUBSET, other), sub && control != other);
		CHECK_INT(compare(c, ASSOC_SET_SUBSET, other), sub);
		CHECK_INT(compare(c, ASSOC_SET_PROPER_SUPERSET, other), super && control != other);
		CHECK_INT(compare(c, ASSOC_SET_SUPERSET, other), super);
	}
	CHECK_INT(ap_letters(c), control); /* none of it changed the set */
	fx_close(&f);
}

static void set_comparison_empty_to_empty(void)
{
	fx f;
	open_set(&f);
	assoc_object *p1 = ap_parent(&f, "P1"), *p2 = ap_parent(&f, "P2");
	CHECK_OK(assoc_collection_assign(children(p1), NULL, NULL, 0));
	CHECK_OK(assoc_collection_assign(children(p2), NULL, NULL, 0));
	assoc_collection *set_a = children(p1), *set_b = children(p2);
	CHECK_INT(compare(set_a, ASSOC_SET_EQUAL, ap_letters(set_a)), 1);
	CHECK_INT(compare(set_a, ASSOC_SET_EQUAL, ap_letters(set_b)), 1);
	CHECK_INT(compare(set_a, ASSOC_SET_EQUAL, 0), 1);
	CHECK_INT(compare(set_b, ASSOC_SET_EQUAL, ap_letters(set_a)), 1);
	CHECK_INT(!compare(set_a, ASSOC_SET_EQUAL, ap_letters(set_a)), 0);
	CHECK_INT(!compare(set_a, ASSOC_SET_EQUAL, ap_letters(set_b)), 0);
	CHECK_INT(!compare(set_a, ASSOC_SET_EQUAL, 0), 0);
	fx_close(&f);
}

static unsigned control_op(assoc_set_op op, unsigned base, unsigned other)
{
	switch (op) {
	case ASSOC_SET_UNION: return base | other;
	case ASSOC_SET_INTERSECTION: return base & other;
	case ASSOC_SET_DIFFERENCE: return base & ~other;
	default: return base ^ other;
	}
}

/* Both loops of test_set_mutation: the named methods and the in-place operators are the same calls. */
static void set_mutation(void)
{
	static const assoc_set_op ops[] = { ASSOC_SET_UNION, ASSOC_SET_INTERSECTION, ASSOC_SET_DIFFERENCE,
		                                ASSOC_SET_SYMMETRIC_DIFFERENCE };
	static const unsigned bases[] = { A | B | C, 0 };
	fx f;
	open_set(&f);
	for (int loop = 0; loop < 2; loop++) /* update() etc., then |= etc. (with a frozenset more: the same values) */
		for (size_t o = 0; o < 4; o++)
			for (size_t b = 0; b < 2; b++)
				for (size_t i = 0; i < NOTHERS + (size_t)loop; i++) {
					unsigned other = i < NOTHERS ? others[i] : E | F | G;
					assoc_object *p = ap_parent(&f, "p");
					assign(children(p), bases[b]);
					assoc_value vals[26];
					size_t n = ap_letter_values(other, vals);
					CHECK_OK(assoc_collection_set_update(children(p), ops[o], vals, n));
					unsigned control = control_op(ops[o], bases[b], other);
					CHECK_INT(ap_letters(children(p)), control);
					p = ap_roundtrip(&f, p);
					CHECK_INT(ap_letters(children(p)), control);
				}
	fx_close(&f);
}

static void bulk_replace(void)
{
	fx f;
	open_set(&f);
	assoc_object *p1 = ap_parent(&f, "foo");
	assign(children(p1), A | B | C);
	assoc_object *keep[2] = { NULL, NULL }, *removed = NULL;
	for (size_t i = 0; i < 3; i++) {
		assoc_object *m = fx_at(rel(p1), i);
		const char *name = fx_get_text(m, "name");
		if (strcmp(name, "b") == 0)
			removed = m;
		else
			keep[name[0] == 'c'] = m;
	}
	CHECK(keep[0] && keep[1] && removed);
	fx_set_text(keep[0], "foo", "extra a"); /* another column of a kept member */

	assign(children(p1), A | C | D);
	CHECK(fx_contains(rel(p1), keep[0]));
	CHECK(fx_contains(rel(p1), keep[1]));
	CHECK(!fx_contains(rel(p1), removed));
	CHECK_INT(ap_letters(children(p1)), A | C | D);
	CHECK_INT(fx_len(rel(p1)), 3);

	/* the data loss: the kept rows, and their other columns, survive */
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(ap_letters(children(p1)), A | C | D);
	CHECK_STR(fx_sql_text(f.eng, "SELECT foo FROM Children WHERE name = 'a'"), "extra a");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM Children WHERE name = 'a'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM Children WHERE name = 'b'"), 0); /* left before the flush */
	fx_close(&f);
}

// test/ext/test_associationproxy.py::SetTest::test_abc
static void test_abc(void) { abc(); }

// test/ext/test_associationproxy.py::SetTest::test_set_operations
static void test_set_operations(void) { set_operations(); }

// test/ext/test_associationproxy.py::SetTest::test_set_comparisons
static void test_set_comparisons(void) { set_comparisons(); }

// test/ext/test_associationproxy.py::SetTest::test_set_comparison_empty_to_empty
static void test_set_comparison_empty_to_empty(void) { set_comparison_empty_to_empty(); }

// test/ext/test_associationproxy.py::SetTest::test_set_mutation
static void test_set_mutation(void) { set_mutation(); }

// test/ext/test_associationproxy.py::SetTest::test_bulk_replace
static void test_bulk_replace(void) { bulk_replace(); }

/* CustomSetTest's collection_class is a set subclass: in C, the same SET. */
// test/ext/test_associationproxy.py::CustomSetTest::test_abc
static void test_custom_abc(void) { abc(); }

// test/ext/test_associationproxy.py::CustomSetTest::test_set_operations
static void test_custom_set_operations(void) { set_operations(); }

// test/ext/test_associationproxy.py::CustomSetTest::test_set_comparisons
static void test_custom_set_comparisons(void) { set_comparisons(); }

// test/ext/test_associationproxy.py::CustomSetTest::test_set_comparison_empty_to_empty
static void test_custom_set_comparison_empty_to_empty(void) { set_comparison_empty_to_empty(); }

// test/ext/test_associationproxy.py::CustomSetTest::test_set_mutation
static void test_custom_set_mutation(void) { set_mutation(); }

// test/ext/test_associationproxy.py::CustomSetTest::test_bulk_replace
static void test_custom_bulk_replace(void) { bulk_replace(); }

static const check_test tests[] = {
	TEST(test_abc),
	TEST(test_set_operations),
	TEST(test_set_comparisons),
	TEST(test_set_comparison_empty_to_empty),
	TEST(test_set_mutation),
	TEST(test_bulk_replace),
	TEST(test_custom_abc),
	TEST(test_custom_set_operations),
	TEST(test_custom_set_comparisons),
	TEST(test_custom_set_comparison_empty_to_empty),
	TEST(test_custom_set_mutation),
	TEST(test_custom_bulk_replace),
	{ NULL, NULL },
};

const check_part associationproxy_collections_set_part = { "collections_set", tests };
