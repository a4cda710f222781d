/*
 * autoflush.c - test_associationproxy.py::AutoFlushTest: adding through a
 * proxy over an association object must not flush the half-made association
 * (no parent yet) when setting its child loads the child's backref.
 */
#include "model.h"
#include "parts.h"

typedef void (*add_fn)(assoc_collection *proxy, assoc_object *child);

static void premature_flush(assoc_collection_kind kind, add_fn fn)
{
	fx f;
	ap_autoflush_model(&f, kind);
	assoc_object *p1 = fx_new(&f, "Parent");
	assoc_object *c1 = fx_add(&f, "Child", "name", "c1");
	assoc_object *c2 = fx_add(&f, "Child", "name", "c2");
	CHECK_OK(assoc_session_add(f.s, p1));

	fn(fx_coll(p1, "collection"), c1);
	CHECK_OK(assoc_session_commit(f.s));
	fn(fx_coll(p1, "collection"), c2);
	CHECK_OK(assoc_session_commit(f.s));

	assoc_collection *a1 = fx_coll(c1, "association"), *a2 = fx_coll(c2, "association");
	CHECK_INT(fx_len(a1), 1);
	CHECK_INT(fx_len(a2), 1);
	CHECK(fx_get_obj(fx_at(a1, 0), "parent") == p1);
	CHECK(fx_get_obj(fx_at(a2, 0), "parent") == p1);
	fx_close(&f);
}

static void list_append(assoc_collection *c, assoc_object *o) { CHECK_OK(assoc_collection_append(c, O(o))); }

static void list_extend(assoc_collection *c, assoc_object *o)
{
	const assoc_value one[] = { O(o) };
	CHECK_OK(assoc_collection_extend(c, one, 1));
}

static void set_update(assoc_collection *c, assoc_object *o)
{
	const assoc_value one[] = { O(o) };
	CHECK_OK(assoc_collection_set_update(c, ASSOC_SET_UNION, one, 1));
}

/* collection[obj.name] = obj */
static void dict_set(assoc_collection *c, assoc_object *o)
{
	CHECK_OK(assoc_collection_put(c, T(fx_get_text(o, "name")), O(o)));
}

// test/ext/test_associationproxy.py::AutoFlushTest::test_list_append
static void test_list_append(void) { premature_flush(ASSOC_COLLECTION_LIST, list_append); }

// test/ext/test_associationproxy.py::AutoFlushTest::test_list_extend
static void test_list_extend(void) { premature_flush(ASSOC_COLLECTION_LIST, list_extend); }

// test/ext/test_associationproxy.py::AutoFlushTest::test_set_add
static void test_set_add(void) { premature_flush(ASSOC_COLLECTION_SET, list_append); }

// test/ext/test_associationproxy.py::AutoFlushTest::test_set_extend
static void test_set_extend(void) { premature_flush(ASSOC_COLLECTION_SET, set_update); }

// test/ext/test_associationproxy.py::AutoFlushTest::test_dict_set
static void test_dict_set(void) { premature_flush(ASSOC_COLLECTION_DICT, dict_set); }

static const check_test tests[] = {
	TEST(test_list_append),
	TEST(test_list_extend),
	TEST(test_set_add),
	TEST(test_set_extend),
	TEST(test_dict_set),
	{ NULL, NULL },
};

const check_part associationproxy_autoflush_part = { "autoflush", tests };
