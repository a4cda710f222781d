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
static void skip_o2mselfreferentialdetelorphantest_self_referential_delete(void)
{
	CHECK_SKIP("self-referential relationships are not supported yet");
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
	TEST(skip_o2mselfreferentialdetelorphantest_self_referential_delete),
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
