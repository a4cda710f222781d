/*
 * skipped.c - test_cascade.py's tests whose feature the library lacks:
 * each is skipped with what is missing (see README.md).
 */
#include "cascade.h"

// test/orm/test_cascade.py::CascadeArgTest::test_delete_with_passive_deletes_all
static void skip_cascadeargtest_delete_with_passive_deletes_all(void)
{
	CHECK_SKIP("passive_deletes='all' (and its refusal with delete cascades) is not "
	           "supported: passive_deletes is on or off");
}

// test/orm/test_cascade.py::O2OSingleParentTest::test_single_parent_raise
static void skip_o2osingleparenttest_single_parent_raise(void)
{
	CHECK_SKIP("single_parent=True (refusing a second parent) is not supported");
}


// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_persistent
static void skip_nosavecascadeflushtest_o2m_only_child_persistent(void)
{
	CHECK_SKIP("a detached object cannot join a collection (ASSOC_ESTATE), so the "
	           "expunged a1 cannot be appended");
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_persistent
static void skip_nosavecascadeflushtest_m2m_only_child_persistent(void)
{
	CHECK_SKIP("a detached object cannot join a collection (ASSOC_ESTATE), so the "
	           "expunged k1 cannot be appended");
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_save_update_sends_pending
static void skip_m2ocascadedeleteorphantestone_save_update_sends_pending(void)
{
	CHECK_SKIP("a detached object's relationships cannot be changed "
	           "(ASSOC_EDETACHED), so u.pref = p2 after close has no counterpart");
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_orphan_on_update
static void skip_m2ocascadedeleteorphantestone_orphan_on_update(void)
{
	CHECK_SKIP("a detached object's relationships cannot be changed "
	           "(ASSOC_EDETACHED), so jack.pref = None after expunge_all has no counterpart");
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_single_parent_raise
static void skip_m2ocascadedeleteorphantesttwo_single_parent_raise(void)
{
	CHECK_SKIP("single_parent=True (refusing a second parent) is not supported");
}

// test/orm/test_cascade.py::M2MCascadeTest::test_delete_orphan_dynamic
static void skip_m2mcascadetest_delete_orphan_dynamic(void)
{
	CHECK_SKIP("lazy='dynamic' relationships are not supported");
}

// test/orm/test_cascade.py::M2MCascadeTest::test_single_parent_error
static void skip_m2mcascadetest_single_parent_error(void)
{
	CHECK_SKIP("single_parent=True and its requirement for many-to-many delete-orphan "
	           "are not supported");
}

// test/orm/test_cascade.py::M2MCascadeTest::test_single_parent_raise
static void skip_m2mcascadetest_single_parent_raise(void)
{
	CHECK_SKIP("single_parent=True (refusing a second parent) is not supported");
}

// test/orm/test_cascade.py::O2MSelfReferentialDetelOrphanTest::test_self_referential_delete
static void test_o2mselfreferentialdetelorphantest_self_referential_delete(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_table *t = fx_table_id(f.reg, "node");
	fx_fk(t, "parent_id", "node.id");
	assoc_mapper *m = fx_mapper(f.reg, "Node", "node");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Node";
	o.cascade = "all, delete-orphan";
	o.backref = "parent"; /* backref("parent", remote_side=node.c.id) */
	CHECK_OK(assoc_mapper_add_relationship(m, "children", &o));
	fx_open(&f);
	assoc_object *n[4];
	for (int i = 0; i < 4; i++)
		n[i] = fx_new(&f, "Node");
	fx_append(fx_coll(n[0], "children"), n[1]);
	fx_append(fx_coll(n[0], "children"), n[2]);
	fx_append(fx_coll(n[2], "children"), n[3]);
	for (int i = 0; i < 4; i++)
		CHECK_OK(assoc_session_add(f.s, n[i]));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "node"), 4);
	CHECK_OK(assoc_collection_remove(fx_coll(n[0], "children"), assoc_value_object(n[2])));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "node"), 2);
	fx_close(&f);
}

// test/orm/test_cascade.py::SubclassCascadeTest::test_cascade_iterator_polymorphic
static void skip_subclasscascadetest_cascade_iterator_polymorphic(void)
{
	CHECK_SKIP("mapper inheritance is not supported");
}

// test/orm/test_cascade.py::SubclassCascadeTest::test_delete_orphan_round_trip
static void skip_subclasscascadetest_delete_orphan_round_trip(void)
{
	CHECK_SKIP("mapper inheritance is not supported");
}

// test/orm/test_cascade.py::ViewonlyCascadeUpdate::test_write_cascades
static void skip_viewonlycascadeupdate_write_cascades(void)
{
	CHECK_SKIP("viewonly relationships are not supported");
}

// test/orm/test_cascade.py::ViewonlyCascadeUpdate::test_expunge_cascade
static void skip_viewonlycascadeupdate_expunge_cascade(void)
{
	CHECK_SKIP("viewonly relationships are not supported");
}

// test/orm/test_cascade.py::ViewonlyCascadeUpdate::test_default_none_cascade
static void skip_viewonlycascadeupdate_default_none_cascade(void)
{
	CHECK_SKIP("viewonly relationships are not supported");
}

// test/orm/test_cascade.py::ViewonlyCascadeUpdate::test_default_merge_cascade
static void skip_viewonlycascadeupdate_default_merge_cascade(void)
{
	CHECK_SKIP("viewonly relationships and Session.merge are not supported");
}

// test/orm/test_cascade.py::ViewonlyCascadeUpdate::test_default_cascade
static void skip_viewonlycascadeupdate_default_cascade(void)
{
	CHECK_SKIP("viewonly relationships are not supported");
}

static const check_test tests[] = {
	TEST(skip_cascadeargtest_delete_with_passive_deletes_all),
	TEST(skip_o2osingleparenttest_single_parent_raise),
	TEST(skip_nosavecascadeflushtest_o2m_only_child_persistent),
	TEST(skip_nosavecascadeflushtest_m2m_only_child_persistent),
	TEST(skip_m2ocascadedeleteorphantestone_save_update_sends_pending),
	TEST(skip_m2ocascadedeleteorphantestone_orphan_on_update),
	TEST(skip_m2ocascadedeleteorphantesttwo_single_parent_raise),
	TEST(skip_m2mcascadetest_delete_orphan_dynamic),
	TEST(skip_m2mcascadetest_single_parent_error),
	TEST(skip_m2mcascadetest_single_parent_raise),
	TEST(test_o2mselfreferentialdetelorphantest_self_referential_delete),
	TEST(skip_subclasscascadetest_cascade_iterator_polymorphic),
	TEST(skip_subclasscascadetest_delete_orphan_round_trip),
	TEST(skip_viewonlycascadeupdate_write_cascades),
	TEST(skip_viewonlycascadeupdate_expunge_cascade),
	TEST(skip_viewonlycascadeupdate_default_none_cascade),
	TEST(skip_viewonlycascadeupdate_default_merge_cascade),
	TEST(skip_viewonlycascadeupdate_default_cascade),
	{ NULL, NULL },
};
const check_part cascade_skipped_part = { "skipped", tests };
