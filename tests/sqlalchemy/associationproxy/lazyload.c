/*
 * lazyload.c - test_associationproxy.py::LazyLoadTest: the proxy leaves
 * the relationship's loading as configured. Whether a relationship is loaded
 * ("_children" in p.__dict__) shows as whether touching it runs a SELECT.
 */
#include "model.h"
#include "parts.h"

static int selects;

static void count_selects(void *userdata, const char *sql, size_t nparams)
{
	(void)userdata;
	(void)nparams;
	if (fx_icontains(sql, "SELECT") && fx_icontains(sql, "Children"))
		selects++;
}

static assoc_object *open_with(fx *f, assoc_collection_kind kind, assoc_lazy lazy)
{
	ap_children_model(f, kind, lazy, AP_NO_BACKREF);
	fx_open(f);
	assoc_object *p = ap_parent(f, "p");
	if (kind == ASSOC_COLLECTION_SCALAR)
		fx_set_text(p, "children", "value"); /* p.children = "value" */
	else
		CHECK_OK(assoc_collection_assign(fx_coll(p, "children"), NULL,
		                                 (const assoc_value[]){ T("a"), T("b"), T("c") }, 3));
	CHECK_OK(assoc_engine_set_trace(f->eng, count_selects, NULL));
	selects = 0;
	p = ap_roundtrip(f, p);
	return p;
}

// test/ext/test_associationproxy.py::LazyLoadTest::test_lazy_list
static void test_lazy_list(void)
{
	fx f;
	assoc_object *p = open_with(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_SELECT);
	CHECK_INT(selects, 0); /* "_children" not in p.__dict__ */
	CHECK_INT(fx_len(fx_coll(p, "_children")), 3);
	CHECK_INT(selects, 1);
	CHECK_INT(fx_len(fx_coll(p, "_children")), 3);
	CHECK_INT(selects, 1); /* now loaded */
	fx_close(&f);
}

// test/ext/test_associationproxy.py::LazyLoadTest::test_eager_list
static void test_eager_list(void)
{
	fx f;
	assoc_object *p = open_with(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_JOINED);
	int loading = selects;
	CHECK(loading >= 1); /* "_children" in p.__dict__ */
	CHECK_INT(fx_len(fx_coll(p, "_children")), 3);
	CHECK_INT(selects, loading);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::LazyLoadTest::test_slicing_list
static void test_slicing_list(void)
{
	fx f;
	assoc_object *p = open_with(&f, ASSOC_COLLECTION_LIST, ASSOC_LAZY_SELECT);
	CHECK_INT(fx_len(fx_coll(p, "_children")), 3);
	assoc_value v;
	CHECK_OK(assoc_collection_get(&v, fx_coll(p, "children"), 1));
	CHECK_STR(pm_text(v), "b");
	assoc_valuelist *l = NULL;
	CHECK_OK(assoc_collection_get_slice(&l, fx_coll(p, "children"), -2, PTRDIFF_MAX));
	CHECK_STR(pm_list_texts(l), "b,c");
	fx_close(&f);
}

// test/ext/test_associationproxy.py::LazyLoadTest::test_lazy_scalar
static void test_lazy_scalar(void)
{
	fx f;
	assoc_object *p = open_with(&f, ASSOC_COLLECTION_SCALAR, ASSOC_LAZY_SELECT);
	CHECK_INT(selects, 0);
	CHECK(fx_get_obj(p, "_children") != NULL);
	CHECK_INT(selects, 1);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::LazyLoadTest::test_eager_scalar
static void test_eager_scalar(void)
{
	fx f;
	assoc_object *p = open_with(&f, ASSOC_COLLECTION_SCALAR, ASSOC_LAZY_JOINED);
	int loading = selects;
	CHECK(loading >= 1);
	CHECK(fx_get_obj(p, "_children") != NULL);
	CHECK_INT(selects, loading);
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_lazy_list),
	TEST(test_eager_list),
	TEST(test_slicing_list),
	TEST(test_lazy_scalar),
	TEST(test_eager_scalar),
	{ NULL, NULL },
};

const check_part associationproxy_lazyload_part = { "lazyload", tests };
