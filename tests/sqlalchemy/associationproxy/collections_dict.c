/*
 * collections_dict.c - test_associationproxy.py::CustomDictTest: a dict
 * proxy over a collection keyed by Child.foo, and whole-dict assignment
 * keeping the members of the keys that stay.
 */
#include "model.h"
#include "parts.h"

static assoc_collection *children(assoc_object *p) { return fx_coll(p, "children"); }
static assoc_collection *rel(assoc_object *p) { return fx_coll(p, "_children"); }

static int has(assoc_collection *c, assoc_value v)
{
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, c, v));
	return in;
}

static const char *lookup(assoc_collection *c, const char *key)
{
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, c, T(key)));
	return pm_text(v);
}

static assoc_object *member(assoc_object *p, const char *key)
{
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, rel(p), T(key)));
	CHECK_INT(v.kind, ASSOC_OBJECT);
	return v.u.object;
}

static void open_dict(fx *f)
{
	ap_children_model(f, ASSOC_COLLECTION_DICT, ASSOC_LAZY_JOINED, 0);
	fx_open(f);
}

// test/ext/test_associationproxy.py::CustomDictTest::test_abc
static void test_abc(void)
{
	fx f;
	open_dict(&f);
	assoc_collection *c = children(ap_parent(&f, "x"));
	CHECK(assoc_collection_is_proxy(c));
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_DICT); /* abc.MutableMapping */
	fx_close(&f);
}

// test/ext/test_associationproxy.py::CustomDictTest::test_mapping_ops
static void test_mapping_ops(void)
{
	fx f;
	open_dict(&f);
	assoc_object *p1 = ap_parent(&f, "P1");
	CHECK_INT(fx_len(rel(p1)), 0);
	CHECK_INT(fx_len(children(p1)), 0);

	assoc_object *ch = ap_child(&f, "a", "regular");
	fx_append(rel(p1), ch);
	CHECK(fx_at(rel(p1), 0) == ch); /* ch in p1._children.values() */
	CHECK_INT(fx_len(rel(p1)), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	CHECK_INT(has(children(p1), O(ch)), 0);
	CHECK_INT(has(children(p1), T("a")), 1);
	CHECK_STR(lookup(children(p1), "a"), "regular");
	CHECK(member(p1, "a") == ch);

	CHECK_OK(assoc_collection_put(children(p1), T("b"), T("proxied")));
	CHECK_STR(pm_texts(children(p1)), "a=regular,b=proxied"); /* keys, items and values, in order */
	CHECK_INT(has(children(p1), T("b")), 1);
	CHECK_INT(has(rel(p1), T("proxied")), 0);
	CHECK_INT(fx_len(children(p1)), 2);
	CHECK_INT(fx_len(rel(p1)), 2);
	CHECK_STR(fx_get_text(member(p1, "a"), "name"), "regular");
	CHECK_STR(fx_get_text(member(p1, "b"), "name"), "proxied");

	CHECK_OK(assoc_collection_delete_key(rel(p1), T("b")));
	CHECK_INT(fx_len(rel(p1)), 1);
	CHECK_INT(fx_len(children(p1)), 1);
	CHECK(member(p1, "a") == ch);

	CHECK_OK(assoc_collection_delete_key(children(p1), T("a")));
	CHECK_INT(fx_len(rel(p1)), 0);
	CHECK_INT(fx_len(children(p1)), 0);

	const assoc_value keys[] = { T("d"), T("e"), T("f") }, vals[] = { T("v d"), T("v e"), T("v f") };
	CHECK_OK(assoc_collection_assign(children(p1), keys, vals, 3));
	CHECK_INT(fx_len(rel(p1)), 3);
	CHECK_INT(fx_len(children(p1)), 3);
	for (int i = 0; i < 3; i++)
		CHECK_INT(has(children(p1), keys[i]), 1);

	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_len(rel(p1)), 3);
	CHECK_INT(fx_len(children(p1)), 3);

	CHECK_OK(assoc_collection_put(children(p1), T("e"), T("changed-in-place")));
	CHECK_STR(lookup(children(p1), "e"), "changed-in-place");
	int64_t inplace_id = fx_get_int(member(p1, "e"), "id");
	p1 = ap_roundtrip(&f, p1);
	CHECK_STR(lookup(children(p1), "e"), "changed-in-place");
	CHECK_INT(fx_get_int(member(p1, "e"), "id"), inplace_id);

	assoc_value none[1];
	CHECK_OK(assoc_collection_assign(rel(p1), none, none, 0)); /* p1._children = {} */
	CHECK_INT(fx_len(children(p1)), 0);

	/* p1._children = [] is a TypeError: a dict is assigned keys with its values */
	fx_append(rel(p1), ap_child(&f, "k", "kept"));
	const assoc_value objs[] = { O(ap_child(&f, "z", "z")) };
	CHECK_ERR(assoc_collection_assign(rel(p1), NULL, objs, 1), ASSOC_EINVAL);
	CHECK_STR(pm_texts(children(p1)), "k=kept");
	/* not ported: p1._children = None, set([p1.children]) */
	fx_close(&f);
}

// test/ext/test_associationproxy.py::CustomDictTest::test_bulk_replace
static void test_bulk_replace(void)
{
	fx f;
	open_dict(&f);
	assoc_object *p1 = ap_parent(&f, "foo");
	const assoc_value k1[] = { T("a"), T("b"), T("c") }, v1[] = { T("v a"), T("v b"), T("v c") };
	CHECK_OK(assoc_collection_assign(children(p1), k1, v1, 3));
	assoc_object *keep_a = member(p1, "a"), *remove_b = member(p1, "b"), *keep_c = member(p1, "c");
	CHECK(keep_a != keep_c);

	const assoc_value k2[] = { T("a"), T("d"), T("c") }, v2[] = { T("v a"), T("v d"), T("v c") };
	CHECK_OK(assoc_collection_assign(children(p1), k2, v2, 3));
	CHECK(member(p1, "a") == keep_a);
	CHECK(member(p1, "c") == keep_c);
	CHECK(!fx_contains(rel(p1), remove_b));
	CHECK_INT(fx_len(children(p1)), 3);
	CHECK_STR(lookup(children(p1), "a"), "v a");
	CHECK_STR(lookup(children(p1), "d"), "v d");
	CHECK_STR(lookup(children(p1), "c"), "v c");

	/* the data loss: a kept member's row, and its other columns, survive */
	p1 = ap_roundtrip(&f, p1);
	int64_t a_id = fx_get_int(member(p1, "a"), "id");
	CHECK_OK(assoc_collection_assign(children(p1), k1, (const assoc_value[]){ T("new a"), T("v b"), T("v c") }, 3));
	CHECK_STR(lookup(children(p1), "a"), "new a"); /* the member under a kept key takes the new value */
	CHECK_INT(fx_get_int(member(p1, "a"), "id"), a_id);
	p1 = ap_roundtrip(&f, p1);
	CHECK_INT(fx_get_int(member(p1, "a"), "id"), a_id);
	CHECK_STR(lookup(children(p1), "a"), "new a");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM Children WHERE parent_id IS NOT NULL"), 3);
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_abc),
	TEST(test_mapping_ops),
	TEST(test_bulk_replace),
	{ NULL, NULL },
};

const check_part associationproxy_collections_dict_part = { "collections_dict", tests };
