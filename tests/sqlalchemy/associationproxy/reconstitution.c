/*
 * reconstitution.c - test_associationproxy.py::ReconstitutionTest: a proxy
 * view keeps working on objects the program got again from a query. (copy
 * and pickle are Python's; see tests/sqlalchemy/README.md.)
 */
#include "model.h"
#include "parts.h"

static assoc_object *parent_named(fx *f, const char *name)
{
	assoc_query *q;
	assoc_object *p = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "Parent")));
	CHECK_OK(assoc_query_filter_by(q, "name", T(name)));
	CHECK_OK(assoc_query_one(&p, q));
	assoc_query_free(q);
	return p;
}

// test/ext/test_associationproxy.py::ReconstitutionTest::test_weak_identity_map
static void test_weak_identity_map(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "parents"), "name", ASSOC_TYPE_TEXT);
	assoc_table *ch = fx_table_id(f.reg, "children");
	fx_fk(ch, "parent_id", "parents.id");
	fx_col(ch, "name", ASSOC_TYPE_TEXT);
	assoc_mapper *parent = fx_mapper(f.reg, "Parent", "parents");
	fx_mapper(f.reg, "Child", "children");
	fx_rel(parent, "children", "Child", NULL, NULL);
	pm_proxy(parent, "kids", "children", "name", NULL, NULL);
	fx_open(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO parents (name) VALUES ('p1')"));

	/* add_child("p1", "c1"); gc_collect(); add_child("p1", "c2") */
	CHECK_OK(assoc_collection_append(fx_coll(parent_named(&f, "p1"), "kids"), T("c1")));
	CHECK_OK(assoc_collection_append(fx_coll(parent_named(&f, "p1"), "kids"), T("c2")));
	CHECK_OK(assoc_session_flush(f.s));
	assoc_object *p = parent_named(&f, "p1");
	CHECK_STR(pm_texts(fx_coll(p, "kids")), "c1,c2");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM children WHERE parent_id = 1"), 2);
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_weak_identity_map),
	{ NULL, NULL },
};

const check_part associationproxy_reconstitution_part = { "reconstitution", tests };
