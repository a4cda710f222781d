/*
 * cycles.c - test/orm/test_unitofworkv2.py SingleCycleTest,
 * SingleCyclePlusAttributeTest and SingleCycleM2MTest: flushes of
 * self-referential relationships (nodes.parent_id -> nodes.id, and a
 * many-to-many of nodes to nodes with a favorite_node_id many-to-one).
 * Self-referential relationships are not supported yet, so each test is a
 * skip naming what it would check: together they are the spec for that work.
 */
#include "../orm_fixtures.h"

#define SELFREF(what) CHECK_SKIP("self-referential relationships are not supported yet: " what)

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_one_to_many_save
static void test_cycle_one_to_many_save(void)
{
	SELFREF("Node.children save: n1 INSERTed first, then n2, n3 with parent_id = n1.id");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_one_to_many_delete_all
static void test_cycle_one_to_many_delete_all(void)
{
	SELFREF("deleting n1 and its children n2, n3: children's DELETE before the parent's");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_one_to_many_delete_parent
static void test_cycle_one_to_many_delete_parent(void)
{
	SELFREF("deleting n1 only: UPDATE nodes SET parent_id=NULL for n2, n3, then DELETE n1");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_many_to_one_save
static void test_cycle_many_to_one_save(void)
{
	SELFREF("Node.parent (remote_side=id) save: parent INSERTed before the children");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_many_to_one_delete_all
static void test_cycle_many_to_one_delete_all(void)
{
	SELFREF("Node.parent delete of all three: children's DELETE before the parent's");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_many_to_one_set_null_unloaded
static void test_cycle_many_to_one_set_null_unloaded(void)
{
	SELFREF("n2.parent = None on an unloaded m2o: one UPDATE nodes SET parent_id=NULL");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_cycle_rowswitch
static void test_cycle_rowswitch(void)
{
	SELFREF("a node deleted and a new one with its primary key added in one flush (row switch in a cycle)");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_bidirectional_mutations_one
static void test_cycle_bidirectional_mutations_one(void)
{
	SELFREF("children/parent backref: moving n2 from n1 to n3, then deleting n1");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_bidirectional_multilevel_save
static void test_cycle_bidirectional_multilevel_save(void)
{
	SELFREF("a three-level tree saved in one flush: each level's INSERTs after its parent's");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_singlecycle_flush_size
static void test_cycle_singlecycle_flush_size(void)
{
	SELFREF("(and the unit of work's internal action count is not applicable)");
}

// test/orm/test_unitofworkv2.py::SingleCycleTest::test_delete_unloaded_m2o
static void test_cycle_delete_unloaded_m2o(void)
{
	SELFREF("deleting expired nodes whose parent m2o is unloaded: their rows are SELECTed, deletes child first");
}

// test/orm/test_unitofworkv2.py::SingleCyclePlusAttributeTest::test_flush_size
static void test_cycle_plus_attribute_flush_size(void)
{
	SELFREF("Node.children plus Node.foobars (and the internal action count is not applicable)");
}

// test/orm/test_unitofworkv2.py::SingleCycleM2MTest::test_many_to_many_one
static void test_cycle_many_to_many_one(void)
{
	SELFREF("Node.children m2m through node_to_nodes (left_node_id, right_node_id) with "
	        "Node.favorite (post_update): INSERT nodes, association rows, then UPDATE favorite_node_id; "
	        "deletes in the reverse order");
}

static const check_test tests[] = {
	TEST(test_cycle_one_to_many_save),
	TEST(test_cycle_one_to_many_delete_all),
	TEST(test_cycle_one_to_many_delete_parent),
	TEST(test_cycle_many_to_one_save),
	TEST(test_cycle_many_to_one_delete_all),
	TEST(test_cycle_many_to_one_set_null_unloaded),
	TEST(test_cycle_rowswitch),
	TEST(test_cycle_bidirectional_mutations_one),
	TEST(test_cycle_bidirectional_multilevel_save),
	TEST(test_cycle_singlecycle_flush_size),
	TEST(test_cycle_delete_unloaded_m2o),
	TEST(test_cycle_plus_attribute_flush_size),
	TEST(test_cycle_many_to_many_one),
	{ NULL, NULL },
};

const check_part uow_cycles = { "cycles", tests };
