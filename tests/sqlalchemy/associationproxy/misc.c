/*
 * misc.c - test/ext/test_associationproxy.py: InfoTest, OnlyRelationshipTest,
 * CompositeAccessTest, ProxyOfSynonymTest and SynonymOfProxyTest; its part
 * also runs attribute_access.c's and multi_owner.c's tests. What is not
 * applicable to C is listed, with why, in README.part2.md.
 */
#include <string.h>

#include "later2_model.h"
#include "later_parts.h"

/* parent(id), child(id, parent_id, b): Parent.a -> Child, and Parent.assoc = proxy("a", "b", info=info) */
static void misc_open_info(fx *f, void *info)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_table_id(f->reg, "parent");
	assoc_table *child = fx_table_id(f->reg, "child");
	fx_fk(child, "parent_id", "parent.id");
	fx_col(child, "b", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "Child", "child");
	fx_rel(fx_mapper(f->reg, "Parent", "parent"), "a", "Child", NULL, NULL);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "a";
	p.attr = "b";
	p.info = info;
	CHECK_OK(assoc_mapper_add_proxy(fx_m(f, "Parent"), "assoc", &p));
	fx_open(f);
}

static assoc_attr *misc_attr(fx *f, const char *mapper, const char *name)
{
	assoc_attr *a = NULL;
	CHECK_OK(assoc_mapper_attr(&a, fx_m(f, mapper), name));
	return a;
}

/* info={"some_assoc": "some_value"}: in C the program's own pointer */
struct misc_info {
	const char *key, *value;
};

// test/ext/test_associationproxy.py::InfoTest::test_constructor
static void misc_info_constructor(void)
{
	static struct misc_info info = { "some_assoc", "some_value" };
	fx f;
	misc_open_info(&f, &info);
	struct misc_info *got = assoc_proxy_info(misc_attr(&f, "Parent", "assoc"));
	CHECK(got == &info);
	CHECK_STR(got->key, "some_assoc");
	CHECK_STR(got->value, "some_value");
	fx_close(&f);
}

// test/ext/test_associationproxy.py::InfoTest::test_empty
static void misc_info_empty(void)
{
	/* no info given: nothing there (SQLAlchemy's {}) */
	fx f;
	misc_open_info(&f, NULL);
	CHECK(assoc_proxy_info(misc_attr(&f, "Parent", "assoc")) == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::OnlyRelationshipTest::test_get_class_attr
static void misc_only_relationship_get_class_attr(void)
{
	/*
	 * Foo.bar = association_proxy("foo", "attr") with foo a column: SQLAlchemy
	 * raises "association proxy to a non-relationship intermediary is not
	 * supported" on first use; C checks proxies at configure, so the registry
	 * refuses to configure and no Foo can be made (test_getattr, test_setattr).
	 */
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "foo"), "foo", ASSOC_TYPE_TEXT);
	fx_mapper(f.reg, "Foo", "foo");
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "foo";
	p.attr = "attr";
	CHECK_OK(assoc_mapper_add_proxy(fx_m(&f, "Foo"), "bar", &p));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("not a relationship");
	CHECK_MSG_CONTAINS("bar");
	CHECK(!assoc_registry_is_configured(f.reg));
	CHECK_OK(assoc_engine_open(&f.eng, "sqlite://"));
	CHECK_ERR(assoc_session_new(&f.s, f.eng, f.reg, NULL), ASSOC_ESTATE);
	f.s = NULL;
	fx_close(&f);
}

#define COMPOSITE_MISSING "no composite() attributes (PointData.point over x1, y1)"
#define SYNONYM_MISSING "no synonym() attributes"

// test/ext/test_associationproxy.py::CompositeAccessTest::test_append
static void misc_composite_append(void) { CHECK_SKIP(COMPOSITE_MISSING); }

// test/ext/test_associationproxy.py::CompositeAccessTest::test_access
static void misc_composite_access(void) { CHECK_SKIP(COMPOSITE_MISSING); }

// test/ext/test_associationproxy.py::ProxyOfSynonymTest::test_o2m_instance_getter
static void misc_proxy_of_synonym_o2m_instance_getter(void) { CHECK_SKIP(SYNONYM_MISSING); }

// test/ext/test_associationproxy.py::ProxyOfSynonymTest::test_m2o_instance_getter
static void misc_proxy_of_synonym_m2o_instance_getter(void) { CHECK_SKIP(SYNONYM_MISSING); }

// test/ext/test_associationproxy.py::ProxyOfSynonymTest::test_o2m_expr
static void misc_proxy_of_synonym_o2m_expr(void) { CHECK_SKIP(SYNONYM_MISSING); }

// test/ext/test_associationproxy.py::SynonymOfProxyTest::test_hasattr
static void misc_synonym_of_proxy_hasattr(void) { CHECK_SKIP(SYNONYM_MISSING); }

// test/ext/test_associationproxy.py::SynonymOfProxyTest::test_o2m_instance_getter
static void misc_synonym_of_proxy_o2m_instance_getter(void) { CHECK_SKIP(SYNONYM_MISSING); }

// test/ext/test_associationproxy.py::SynonymOfProxyTest::test_o2m_expr
static void misc_synonym_of_proxy_o2m_expr(void) { CHECK_SKIP(SYNONYM_MISSING); }

static const check_test misc_tests[] = {
	TEST(misc_info_constructor),
	TEST(misc_info_empty),
	TEST(misc_only_relationship_get_class_attr),
	TEST(misc_composite_append),
	TEST(misc_composite_access),
	TEST(attribute_access_resolve_aliased_class),
	TEST(attribute_access_resolved_w_subclass),
	TEST(attribute_access_resolved_to_correct_class_one),
	TEST(attribute_access_resolved_to_correct_class_two),
	TEST(attribute_access_resolved_to_correct_class_three),
	TEST(attribute_access_resolved_to_correct_class_four),
	TEST(attribute_access_resolved_to_correct_class_five),
	TEST(multi_owner_column_collection_expressions),
	TEST(multi_owner_subclass_only_owner_none),
	TEST(multi_owner_subclass_only_owner_assign),
	TEST(multi_owner_subclass_only_owner_get),
	TEST(multi_owner_subclass_only_owner_none_raise),
	TEST(multi_owner_subclass_only_owner_delete),
	TEST(multi_owner_subclass_only_owner_assign_passes),
	TEST(multi_owner_subclass_only_owner_get_raises),
	TEST(multi_owner_subclass_only_owner_delete_raises),
	TEST(multi_owner_subclasses_conflicting_types),
	TEST(multi_owner_col_expressions_not_available),
	TEST(multi_owner_rel_expressions_not_available),
	TEST(misc_proxy_of_synonym_o2m_instance_getter),
	TEST(misc_proxy_of_synonym_m2o_instance_getter),
	TEST(misc_proxy_of_synonym_o2m_expr),
	TEST(misc_synonym_of_proxy_hasattr),
	TEST(misc_synonym_of_proxy_o2m_instance_getter),
	TEST(misc_synonym_of_proxy_o2m_expr),
	{ NULL, NULL },
};

const check_part associationproxy_misc_part = { "misc", misc_tests };
