/*
 * collections_list.c - test_associationproxy.py's list proxies:
 * DefaultTest, ListTest and ProxyFactoryTest (_CollectionOperations with a
 * list collection), and whole-list assignment keeping the members whose
 * values stay.
 */
#include <stdint.h>

#include "model.h"
#include "parts.h"

/* [c.name for c in p1._children] */
#define NAMES(p) pm_rel_texts((p), "_children", "name")

static assoc_collection *children(assoc_object *p) { return fx_coll(p, "children"); }

/*
 * p1.children.index(value[, start[, stop]]): -1 where Python raises
 * ValueError. With bounds, the slice is searched (as list.index does).
 */
static long index_of_(FX_AT, assoc_object *p, const char *value, ptrdiff_t start, ptrdiff_t stop)
{
	assoc_collection *c = fx_coll_(file, line, p, "children");
	if (start == 0 && stop == PTRDIFF_MAX) {
		size_t i;
		int rc = assoc_collection_index(&i, c, T(value));
		if (rc == ASSOC_ENOTFOUND)
			return -1;
		if (rc)
			check_fail_at(file, line, "index: %s", check_last_error_());
		return (long)i;
	}
	assoc_valuelist *l = NULL;
	if (assoc_collection_get_slice(&l, c, start, stop))
		check_fail_at(file, line, "get_slice: %s", check_last_error_());
	long at = -1;
	for (size_t i = 0; i < assoc_valuelist_count(l) && at < 0; i++) {
		assoc_value v = assoc_valuelist_get(l, i);
		if (assoc_value_equal(&v, &(assoc_value){ ASSOC_TEXT, { .bytes = { value, strlen(value) } } }))
			at = (long)(start + (ptrdiff_t)i);
	}
	assoc_valuelist_free(l);
	return at;
}
#define INDEX(value) index_of_(FX_HERE, p1, (value), 0, PTRDIFF_MAX)
#define INDEX_FROM(value, start) index_of_(FX_HERE, p1, (value), (start), PTRDIFF_MAX)
#define INDEX_IN(value, start, stop) index_of_(FX_HERE, p1, (value), (start), (stop))

static int has(assoc_collection *c, assoc_value v)
{
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, c, v));
	return in;
}

static size_t count_of(assoc_collection *c, const char *value)
{
	size_t n = 0;
	CHECK_OK(assoc_collection_count_of(&n, c, T(value)));
	return n;
}

static void assign(assoc_collection *c, const char *const *values, size_t n)
{
	assoc_value vals[16];
	for (size_t i = 0; i < n; i++)
		vals[i] = T(values[i]);
	CHECK_OK(assoc_collection_assign(c, NULL, vals, n));
}
#define ASSIGN(c, ...) \
	assign((c), (const char *const[]){ __VA_ARGS__ }, sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *))

static void set_slice(assoc_collection *c, ptrdiff_t a, ptrdiff_t b, const char *value, size_t times)
{
	assoc_value vals[16];
	for (size_t i = 0; i < times; i++)
		vals[i] = T(value);
	CHECK_OK(assoc_collection_set_slice(c, a, b, vals, times));
}

/* l *= n, as _AssociationList.__imul__: clear for 0, else extend by copies. */
static void imul(assoc_collection *c, size_t n)
{
	if (n == 0) {
		CHECK_OK(assoc_collection_clear(c));
		return;
	}
	assoc_valuelist *l = NULL;
	CHECK_OK(assoc_collection_get_slice(&l, c, 0, PTRDIFF_MAX));
	for (size_t k = 1; k < n; k++) {
		size_t m = assoc_valuelist_count(l);
		assoc_value vals[16];
		CHECK(m <= 16);
		for (size_t i = 0; i < m; i++)
			vals[i] = assoc_valuelist_get(l, i);
		CHECK_OK(assoc_collection_extend(c, vals, m));
	}
	assoc_valuelist_free(l);
}

static void extend(assoc_collection *c, const char *const *values, size_t n)
{
	assoc_value vals[16];
	for (size_t i = 0; i < n; i++)
		vals[i] = T(values[i]);
	CHECK_OK(assoc_collection_extend(c, vals, n));
}
#define EXTEND(c, ...) \
	extend((c), (const char *const[]){ __VA_ARGS__ }, sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *))

/* The values of p1.children and of the names underneath are both `after`. */
#define AFTER(p, after)                          \
	do {                                         \
		CHECK_STR(pm_texts(children(p)), after); \
		CHECK_STR(NAMES(p), after);              \
	} while (0)

/* _CollectionOperations._test_sequence_ops; factory: ProxyFactoryTest's model. */
static void sequence_ops(int factory)
{
	fx f;
	ap_children_model(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_JOINED, factory ? AP_FACTORY : 0);
	fx_open(&f);
	assoc_object *p1 = ap_parent(&f, "P1");
	if (factory)
		CHECK(assoc_collection_custom(children(p1)) == AP_CUSTOM_PROXY);

	CHECK_INT(fx_len(fx_coll(p1, "_children")), 0);
	CHECK_INT(fx_len(children(p1)), 0);

	assoc_object *ch = ap_child(&f, NULL, "regular");
	fx_append(fx_coll(p1, "_children"), ch);
	CHECK(fx_contains(fx_coll(p1, "_children"), ch));
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	CHECK_INT(has(children(p1), O(ch)), 0);
	CHECK_INT(has(children(p1), T("regular")), 1);
	CHECK_INT(INDEX("regular"), 0);
	CHECK_INT(INDEX_FROM("regular", 1), -1);

	CHECK_OK(assoc_collection_append(children(p1), T("proxied")));
	CHECK_INT(has(children(p1), T("proxied")), 1);
	CHECK_INT(has(fx_coll(p1, "_children"), T("proxied")), 0);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 2);
	CHECK_STR(fx_get_text(fx_at(fx_coll(p1, "_children"), 0), "name"), "regular");
	CHECK_STR(fx_get_text(fx_at(fx_coll(p1, "_children"), 1), "name"), "proxied");
	CHECK_INT(INDEX("regular"), 0);
	CHECK_INT(INDEX("proxied"), 1);
	CHECK_INT(INDEX_FROM("proxied", 1), 1);
	CHECK_INT(INDEX_IN("proxied", 0, 1), -1);

	CHECK_OK(assoc_collection_pop(NULL, fx_coll(p1, "_children"), 1)); /* del p1._children[1] */
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	CHECK(fx_at(fx_coll(p1, "_children"), 0) == ch);
	CHECK_INT(INDEX("proxied"), -1);

	CHECK_OK(assoc_collection_pop(NULL, children(p1), 0)); /* del p1.children[0] */
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 0);
	CHECK_INT(fx_len(children(p1)), 0);
	CHECK_INT(INDEX("regular"), -1);

	ASSIGN(children(p1), "a", "b", "c");
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 3);
	CHECK_INT(fx_len(children(p1)), 3);
	CHECK_INT(INDEX("a"), 0);
	CHECK_INT(INDEX("b"), 1);
	CHECK_INT(INDEX("c"), 2);

	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(fx_coll(p1, "_children")), 3);
	CHECK_INT(fx_len(children(p1)), 3);
	CHECK_INT(INDEX("a"), 0);
	CHECK_INT(INDEX("b"), 1);
	CHECK_INT(INDEX("c"), 2);

	assoc_value v;
	char popped[32];
	CHECK_OK(assoc_collection_pop(&v, children(p1), fx_len(children(p1)) - 1));
	CHECK_INT(v.kind, ASSOC_TEXT);
	snprintf(popped, sizeof popped, "%s", v.u.bytes.data);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(has(children(p1), T(popped)), 0);
	CHECK_INT(INDEX(popped), -1);

	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(has(children(p1), T(popped)), 0);
	CHECK_INT(INDEX(popped), -1);

	CHECK_OK(assoc_collection_set(children(p1), 1, T("changed-in-place")));
	CHECK_OK(assoc_collection_get(&v, children(p1), 1));
	CHECK_STR(pm_text(v), "changed-in-place");
	CHECK_INT(INDEX("changed-in-place"), 1);
	CHECK_INT(INDEX("b"), -1);

	int64_t inplace_id = fx_get_int(fx_at(fx_coll(p1, "_children"), 1), "id");
	p1 = ap_roundtrip(&f, p1);
	CHECK_OK(assoc_collection_get(&v, children(p1), 1));
	CHECK_STR(pm_text(v), "changed-in-place");
	CHECK_INT(fx_get_int(fx_at(fx_coll(p1, "_children"), 1), "id"), inplace_id);

	CHECK_OK(assoc_collection_append(children(p1), T("changed-in-place")));
	CHECK_INT(count_of(children(p1), "changed-in-place"), 2);
	CHECK_INT(INDEX("changed-in-place"), 1);

	CHECK_OK(assoc_collection_remove(children(p1), T("changed-in-place")));
	CHECK_INT(count_of(children(p1), "changed-in-place"), 1);
	CHECK_INT(INDEX("changed-in-place"), 1);

	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(count_of(children(p1), "changed-in-place"), 1);
	CHECK_INT(INDEX("changed-in-place"), 1);

	CHECK_OK(assoc_collection_assign(fx_coll(p1, "_children"), NULL, NULL, 0)); /* p1._children = [] */
	CHECK_INT(fx_len(children(p1)), 0);
	CHECK_INT(INDEX("changed-in-place"), -1);

	ASSIGN(children(p1), "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
	CHECK_INT(fx_len(children(p1)), 10);
	CHECK_STR(NAMES(p1), "a,b,c,d,e,f,g,h,i,j");
	for (int i = 0; i < 10; i++)
		CHECK_INT(INDEX(((const char *[]){ "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" })[i]), i);

	set_slice(children(p1), 2, 6, "x", 4);
	AFTER(p1, "a,b,x,x,x,x,g,h,i,j");
	CHECK_INT(INDEX("x"), 2);
	CHECK_INT(INDEX_FROM("x", 3), 3);
	CHECK_INT(INDEX_FROM("x", 6), -1);

	set_slice(children(p1), 2, 6, "y", 1);
	AFTER(p1, "a,b,y,g,h,i,j");
	CHECK_INT(INDEX("y"), 2);
	CHECK_INT(INDEX_FROM("y", 3), -1);

	set_slice(children(p1), 2, 3, "z", 4);
	AFTER(p1, "a,b,z,z,z,z,g,h,i,j");

	/* p1.children[2::2] = ["O"] * 4: an extended slice sets each position in place */
	for (size_t i = 2; i < 10; i += 2)
		CHECK_OK(assoc_collection_set(children(p1), i, T("O")));
	AFTER(p1, "a,b,O,z,O,z,O,h,O,j");

	imul(children(p1), 0);
	AFTER(p1, "");

	EXTEND(children(p1), "a", "b"); /* += */
	AFTER(p1, "a,b");

	CHECK_OK(assoc_collection_set_slice(children(p1), 0, PTRDIFF_MAX, (const assoc_value[]){ T("d"), T("e") }, 2));
	AFTER(p1, "d,e");
	CHECK_OK(assoc_collection_set_slice(children(p1), 0, PTRDIFF_MAX, (const assoc_value[]){ T("a"), T("b") }, 2));
	AFTER(p1, "a,b");

	EXTEND(children(p1), "c");
	AFTER(p1, "a,b,c");
	imul(children(p1), 1);
	AFTER(p1, "a,b,c");
	imul(children(p1), 2);
	AFTER(p1, "a,b,c,a,b,c");

	ASSIGN(children(p1), "a");
	AFTER(p1, "a");
	/* not ported: set([p1.children]), p1.children * 2, + ["b"], + 123: Python list arithmetic */
	fx_close(&f);
}

static void abc(int factory)
{
	fx f;
	ap_children_model(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_JOINED, factory ? AP_FACTORY : 0);
	fx_open(&f);
	assoc_collection *c = children(ap_parent(&f, "x"));
	CHECK(assoc_collection_is_proxy(c));
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_LIST); /* abc.MutableSequence */
	fx_close(&f);
}

// test/ext/test_associationproxy.py::DefaultTest::test_abc
static void test_default_abc(void) { abc(0); }

// test/ext/test_associationproxy.py::DefaultTest::test_sequence_ops
static void test_default_sequence_ops(void) { sequence_ops(0); }

/* ListTest's collection_class=list is DefaultTest's list in C. */
// test/ext/test_associationproxy.py::ListTest::test_abc
static void test_list_abc(void) { abc(0); }

// test/ext/test_associationproxy.py::ListTest::test_sequence_ops
static void test_list_sequence_ops(void) { sequence_ops(0); }

// test/ext/test_associationproxy.py::ProxyFactoryTest::test_abc
static void test_proxy_factory_abc(void) { abc(1); }

// test/ext/test_associationproxy.py::ProxyFactoryTest::test_sequence_ops
static void test_proxy_factory_sequence_ops(void) { sequence_ops(1); }

/*
 * The list case (SQLAlchemy itself clears and extends): assigning
 * [a, c, d] over [a, b, c] keeps the members of a and c, with their rows and
 * other columns, and the list takes the order given - also after a reload.
 * Members are kept only while the order given survives a reload (new rows
 * sort after old ones): after the first new value, every member is new.
 */
// test/ext/test_associationproxy.py::SetTest::test_bulk_replace (list form)
static void test_list_bulk_replace_keeps_members(void)
{
	fx f;
	ap_children_model(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_JOINED, 0);
	fx_open(&f);
	assoc_object *p1 = ap_parent(&f, "foo");
	ASSIGN(children(p1), "a", "b", "c");
	assoc_collection *rel = fx_coll(p1, "_children");
	assoc_object *a = fx_at(rel, 0), *b = fx_at(rel, 1), *c = fx_at(rel, 2);
	fx_set_text(a, "foo", "extra a");
	fx_set_text(c, "foo", "extra c");
	ASSIGN(children(p1), "a", "c", "d");
	CHECK_STR(pm_texts(children(p1)), "a,c,d");
	CHECK(fx_at(rel, 0) == a);
	CHECK(fx_at(rel, 1) == c);
	CHECK(!fx_contains(rel, b));
	CHECK_STR(fx_get_text(a, "foo"), "extra a");
	p1 = ap_roundtrip(&f, p1);
	CHECK_STR(pm_texts(children(p1)), "a,c,d");
	CHECK_INT(fx_count(f.eng, "Children"), 3); /* b left before p1 joined a session */
	CHECK_STR(fx_sql_text(f.eng, "SELECT foo FROM Children WHERE name = 'a'"), "extra a");
	CHECK_STR(fx_sql_text(f.eng, "SELECT foo FROM Children WHERE name = 'c'"), "extra c");

	/* a new value first: the old members could not keep their places after a reload */
	rel = fx_coll(p1, "_children");
	a = fx_at(rel, 0);
	ASSIGN(children(p1), "z", "a");
	CHECK_STR(pm_texts(children(p1)), "z,a");
	CHECK(!fx_contains(rel, a));
	p1 = ap_roundtrip(&f, p1);
	CHECK_STR(pm_texts(children(p1)), "z,a");

	/* equal values match in order, each member once */
	rel = fx_coll(p1, "_children");
	ASSIGN(children(p1), "x", "x");
	assoc_object *x0 = fx_at(rel, 0), *x1 = fx_at(rel, 1);
	ASSIGN(children(p1), "x", "x", "y", "x");
	CHECK_STR(pm_texts(children(p1)), "x,x,y,x");
	CHECK(fx_at(rel, 0) == x0);
	CHECK(fx_at(rel, 1) == x1);
	CHECK(fx_at(rel, 3) != x0 && fx_at(rel, 3) != x1);
	p1 = ap_roundtrip(&f, p1);
	CHECK_STR(pm_texts(children(p1)), "x,x,y,x");
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_default_abc),
	TEST(test_default_sequence_ops),
	TEST(test_list_abc),
	TEST(test_list_sequence_ops),
	TEST(test_proxy_factory_abc),
	TEST(test_proxy_factory_sequence_ops),
	TEST(test_list_bulk_replace_keeps_members),
	{ NULL, NULL },
};

const check_part associationproxy_collections_list_part = { "collections_list", tests };
