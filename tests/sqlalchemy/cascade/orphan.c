/*
 * orphan.c - test_cascade.py's PendingOrphanTestSingleLevel,
 * PendingOrphanTestTwoLevel, DoubleParentO2MOrphanTest (current style),
 * DoubleParentM2OOrphanTest, CollectionAssignmentOrphanTest, O2MConflictTest
 * and OrphanCriterionTest (current style, persistent): orphans among pending
 * objects, two parents, and a child moved to a new parent.
 */
#include <stdio.h>

#include "cascade.h"

/* A table whose INTEGER primary key is named pk. */
static assoc_table *pk_table(assoc_registry *reg, const char *name, const char *pk)
{
	assoc_table *t = fx_table(reg, name);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(t, pk, ASSOC_TYPE_INTEGER, &o));
	return t;
}

/* ---- PendingOrphanTestSingleLevel ------------------------------------------------- */

/* users(user_id, name), addresses(address_id, user_id, email_address), orders(order_id, user_id NOT NULL) */
static void single_level(fx *f, const char *addresses_cascade, int orders)
{
	sq_begin(f);
	fx_col(pk_table(f->reg, "users", "user_id"), "name", ASSOC_TYPE_TEXT);
	assoc_table *t = pk_table(f->reg, "addresses", "address_id");
	cx_fk(t, "user_id", "users.user_id", 0);
	fx_col(t, "email_address", ASSOC_TYPE_TEXT);
	cx_fk(pk_table(f->reg, "orders", "order_id"), "user_id", "users.user_id", 1);
	assoc_mapper *um = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	fx_mapper(f->reg, "Order", "orders");
	cx_rel(um, "addresses", "Address", addresses_cascade, "user");
	if (orders)
		cx_rel(um, "orders", "Order", "all, delete-orphan", NULL);
	fx_open(f);
}

// test/orm/test_cascade.py::PendingOrphanTestSingleLevel::test_pending_standalone_orphan
static void test_pending_standalone_orphan(void)
{
	fx f;
	single_level(&f, "all,delete-orphan", 1);
	/* the standalone Address goes in: its foreign key allows NULL */
	cx_add(&f, fx_new(&f, "Address"));
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "addresses"), 1);
	/* the standalone Order does not */
	cx_add(&f, fx_new(&f, "Order"));
	CHECK_ERR(assoc_session_commit(f.s), ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_session_rollback(f.s));
	/* assigning o.user_id by foreign key, the flush succeeds */
	assoc_object *u = fx_new(&f, "User");
	cx_add(&f, u);
	cx_flush(&f);
	assoc_object *o = fx_new(&f, "Order");
	fx_set_int(o, "user_id", fx_get_int(u, "user_id"));
	cx_add(&f, o);
	cx_commit(&f);
	CHECK(sq_in(&f, o));
	CHECK_INT(cx_state(o), ASSOC_STATE_PERSISTENT);
	fx_close(&f);
}

// test/orm/test_cascade.py::PendingOrphanTestSingleLevel::test_pending_collection_expunge
static void test_pending_collection_expunge(void)
{
	fx f;
	single_level(&f, "all,delete-orphan", 0);
	assoc_object *u = fx_new(&f, "User");
	cx_add(&f, u);
	cx_flush(&f);
	assoc_object *a = fx_new(&f, "Address");
	fx_append(fx_coll(u, "addresses"), a);
	CHECK(sq_in(&f, a));
	CHECK_OK(assoc_collection_remove(fx_coll(u, "addresses"), sq_obj(a)));
	CHECK(!sq_in(&f, a));
	cx_delete(&f, u);
	cx_flush(&f);
	CHECK(fx_is_null(a, "address_id")); /* the address should not be persistent */
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::PendingOrphanTestSingleLevel::test_nonorphans_ok
static void test_nonorphans_ok(void)
{
	fx f;
	single_level(&f, "all,delete", 0);
	assoc_object *u = cx_new(&f, "User", "name", "u1");
	fx_append(fx_coll(u, "addresses"), cx_new(&f, "Address", "email_address", "ad1"));
	cx_add(&f, u);
	assoc_object *a1 = fx_at(fx_coll(u, "addresses"), 0);
	CHECK_OK(assoc_collection_remove(fx_coll(u, "addresses"), sq_obj(a1)));
	CHECK(sq_in(&f, a1));
	cx_flush(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT group_concat(email_address) FROM addresses"), "ad1");
	fx_close(&f);
}

/* ---- PendingOrphanTestTwoLevel ------------------------------------------------------ */

/* order, item(order_id NOT NULL), attribute(item_id NOT NULL) */
static void two_level(fx *f, int attributes)
{
	sq_begin(f);
	fx_table_id(f->reg, "order");
	cx_fk(fx_table_id(f->reg, "item"), "order_id", "order.id", 1);
	cx_fk(fx_table_id(f->reg, "attribute"), "item_id", "item.id", 1);
	assoc_mapper *om = fx_mapper(f->reg, "Order", "order");
	assoc_mapper *im = fx_mapper(f->reg, "Item", "item");
	cx_rel(om, "items", "Item", "all, delete-orphan", NULL);
	if (attributes) {
		fx_mapper(f->reg, "Attribute", "attribute");
		cx_rel(im, "attributes", "Attribute", "all, delete-orphan", NULL);
	}
	fx_open(f);
}

// test/orm/test_cascade.py::PendingOrphanTestTwoLevel::test_singlelevel_remove
static void test_singlelevel_remove(void)
{
	fx f;
	two_level(&f, 0);
	assoc_object *o1 = fx_new(&f, "Order");
	cx_add(&f, o1);
	assoc_object *i1 = fx_new(&f, "Item");
	fx_append(fx_coll(o1, "items"), i1);
	CHECK_OK(assoc_collection_remove(fx_coll(o1, "items"), sq_obj(i1)));
	cx_commit(&f);
	CHECK(!fx_contains(fx_coll(o1, "items"), i1));
	fx_close(&f);
}

// test/orm/test_cascade.py::PendingOrphanTestTwoLevel::test_multilevel_remove
static void test_multilevel_remove(void)
{
	fx f;
	two_level(&f, 1);
	assoc_object *o1 = fx_new(&f, "Order");
	cx_add(&f, o1);
	assoc_object *i1 = fx_new(&f, "Item"), *a1 = fx_new(&f, "Attribute");
	fx_append(fx_coll(i1, "attributes"), a1);
	fx_append(fx_coll(o1, "items"), i1);
	CHECK(sq_in(&f, i1));
	CHECK(sq_in(&f, a1));
	/* i1 is an orphan: the removal expunges it, and the expunge cascades to a1 */
	CHECK_OK(assoc_collection_remove(fx_coll(o1, "items"), sq_obj(i1)));
	CHECK(!sq_in(&f, i1));
	CHECK(!sq_in(&f, a1));
	cx_commit(&f);
	CHECK(sq_in(&f, o1));
	CHECK(!sq_in(&f, a1));
	CHECK(!sq_in(&f, i1));
	CHECK_INT(fx_count(f.eng, "item"), 0);
	CHECK_INT(fx_count(f.eng, "attribute"), 0);
	fx_close(&f);
}

/* ---- DoubleParentO2MOrphanTest (legacy_is_orphan=False) ---------------------------- */

static void double_parent(fx *f, int uselist, assoc_object **c, assoc_object **a, assoc_object **sr)
{
	sq_begin(f);
	fx_col(pk_table(f->reg, "sales_reps", "sales_rep_id"), "name", ASSOC_TYPE_TEXT);
	fx_col(pk_table(f->reg, "accounts", "account_id"), "balance", ASSOC_TYPE_INTEGER);
	assoc_table *t = pk_table(f->reg, "customers", "customer_id");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	cx_fk(t, "sales_rep_id", "sales_reps.sales_rep_id", 0);
	cx_fk(t, "account_id", "accounts.account_id", 0);
	fx_mapper(f->reg, "Customer", "customers");
	assoc_mapper *am = fx_mapper(f->reg, "Account", "accounts");
	assoc_mapper *sm = fx_mapper(f->reg, "SalesRep", "sales_reps");
	assoc_relationship_options r = sq_opts("Customer");
	r.cascade = "all,delete-orphan";
	r.uselist = uselist;
	r.backref = "account";
	sq_rel(am, "customers", &r);
	r.backref = "sales_rep";
	sq_rel(sm, "customers", &r);
	fx_open(f);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.expire_on_commit = 0;
	so.autoflush = 0;
	assoc_session_free(f->s);
	f->s = NULL;
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, &so));
	*a = fx_new(f, "Account");
	fx_set_int(*a, "balance", 0);
	*sr = cx_new(f, "SalesRep", "name", "John");
	cx_add(f, *a);
	cx_add(f, *sr);
	cx_commit(f);
	*c = cx_new(f, "Customer", "name", "Jane");
	if (uselist) {
		fx_append(fx_coll(*a, "customers"), *c);
		fx_append(fx_coll(*sr, "customers"), *c);
	} else {
		fx_set_obj(*a, "customers", *c);
		fx_set_obj(*sr, "customers", *c);
	}
	CHECK(sq_in(f, *c));
}

// test/orm/test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2m_current
static void test_double_parent_expunge_o2m_current(void)
{
	fx f;
	assoc_object *c, *a, *sr;
	double_parent(&f, 1, &c, &a, &sr);
	CHECK_OK(assoc_collection_remove(fx_coll(a, "customers"), sq_obj(c)));
	CHECK(!sq_in(&f, c)); /* expunged when either parent is gone */
	CHECK_OK(assoc_collection_remove(fx_coll(sr, "customers"), sq_obj(c)));
	CHECK(!sq_in(&f, c));
	fx_close(&f);
}

// test/orm/test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2o_current
static void test_double_parent_expunge_o2o_current(void)
{
	fx f;
	assoc_object *c, *a, *sr;
	double_parent(&f, 0, &c, &a, &sr);
	fx_set_obj(a, "customers", NULL);
	CHECK(!sq_in(&f, c));
	fx_set_obj(sr, "customers", NULL);
	CHECK(!sq_in(&f, c));
	fx_close(&f);
}

/* ---- DoubleParentM2OOrphanTest ----------------------------------------------------- */

static void homes(fx *f)
{
	sq_begin(f);
	fx_col(pk_table(f->reg, "addresses", "address_id"), "street", ASSOC_TYPE_TEXT);
	assoc_table *t = pk_table(f->reg, "homes", "home_id");
	fx_col(t, "description", ASSOC_TYPE_TEXT);
	cx_fk(t, "address_id", "addresses.address_id", 1);
	t = pk_table(f->reg, "businesses", "business_id");
	fx_col(t, "description", ASSOC_TYPE_TEXT);
	cx_fk(t, "address_id", "addresses.address_id", 1);
	fx_mapper(f->reg, "Address", "addresses");
	cx_rel(fx_mapper(f->reg, "Home", "homes"), "address", "Address", "all,delete-orphan", NULL);
	cx_rel(fx_mapper(f->reg, "Business", "businesses"), "address", "Address", "all,delete-orphan", NULL);
	fx_open(f);
}

// test/orm/test_cascade.py::DoubleParentM2OOrphanTest::test_non_orphan
static void test_double_parent_non_orphan(void)
{
	fx f;
	homes(&f);
	assoc_object *h1 = cx_new(&f, "Home", "description", "home1");
	fx_set_obj(h1, "address", cx_new(&f, "Address", "street", "address1"));
	assoc_object *b1 = cx_new(&f, "Business", "description", "business1");
	fx_set_obj(b1, "address", cx_new(&f, "Address", "street", "address2"));
	cx_add(&f, h1);
	cx_add(&f, b1);
	cx_flush(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT h.description || ':' || a.street FROM homes h JOIN addresses a "
	                             "ON a.address_id = h.address_id"), "home1:address1");
	CHECK_STR(fx_sql_text(f.eng, "SELECT b.description || ':' || a.street FROM businesses b JOIN addresses a "
	                             "ON a.address_id = b.address_id"), "business1:address2");
	fx_close(&f);
}

// test/orm/test_cascade.py::DoubleParentM2OOrphanTest::test_orphan
static void test_double_parent_orphan(void)
{
	fx f;
	homes(&f);
	assoc_object *a1 = fx_new(&f, "Address");
	cx_add(&f, a1);
	cx_flush(&f); /* a standalone address, no parent: it persists */
	CHECK_INT(fx_count(f.eng, "addresses"), 1);
	fx_close(&f);
}

/* ---- CollectionAssignmentOrphanTest ------------------------------------------------- */

// test/orm/test_cascade.py::CollectionAssignmentOrphanTest::test_basic
static void test_collection_assignment_orphan(void)
{
	fx f;
	sq_begin(&f);
	cx_table(f.reg, "table_a", "name", 0);
	cx_fk(cx_table(f.reg, "table_b", "name", 0), "a_id", "table_a.id", 0);
	cx_rel(fx_mapper(f.reg, "A", "table_a"), "bs", "B", "all, delete-orphan", NULL);
	fx_mapper(f.reg, "B", "table_b");
	fx_open(&f);
	assoc_object *a1 = cx_new(&f, "A", "name", "a1");
	const char *names[] = { "b1", "b2", "b3" };
	for (int i = 0; i < 3; i++)
		fx_append(fx_coll(a1, "bs"), cx_new(&f, "B", "name", names[i]));
	cx_add(&f, a1);
	cx_flush(&f);
	int64_t id = fx_get_int(a1, "id");
	cx_expunge(&f, a1);
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&a1, f.s, fx_m(&f, "A"), &pk, 1));
	assoc_collection *bs = fx_coll(a1, "bs");
	CHECK_INT(fx_len(bs), 3);
	/* a1.bs[0].foo = ...: a plain Python attribute, not a column; nothing changes */
	cx_flush(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT group_concat(name, ',') FROM (SELECT name FROM table_b "
	                             "WHERE a_id = 1 ORDER BY id)"), "b1,b2,b3");
	fx_close(&f);
}

/* ---- O2MConflictTest -------------------------------------------------------------------- */

enum { CHILD_LIST = 1, FROM_CHILD = 2 };

/* parent(id), child(id, parent_id NOT NULL); Parent.child (or Child.parent with backref child) */
static void conflict_model(fx *f, int flags, const char *cascade, int backref)
{
	sq_begin(f);
	fx_table_id(f->reg, "parent");
	cx_fk(fx_table_id(f->reg, "child"), "parent_id", "parent.id", 1);
	assoc_mapper *pm = fx_mapper(f->reg, "Parent", "parent");
	assoc_mapper *cm = fx_mapper(f->reg, "Child", "child");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	assoc_relationship_options r = sq_opts(flags & FROM_CHILD ? "Parent" : "Child");
	r.cascade = cascade;
	if (flags & FROM_CHILD) { /* Child.parent, single_parent, backref("child", uselist=...) */
		back.uselist = (flags & CHILD_LIST) != 0;
		r.uselist = 0;
		r.backref = "child";
		r.backref_options = &back;
		sq_rel(cm, "parent", &r);
	} else {
		r.uselist = (flags & CHILD_LIST) != 0;
		r.backref = backref ? "parent" : NULL;
		sq_rel(pm, "child", &r);
	}
	fx_open(f);
}

static void give(assoc_object *p, int list, assoc_object *c)
{
	if (list)
		fx_append(fx_coll(p, "child"), c);
	else
		fx_set_obj(p, "child", c);
}

/* O2MConflictTest._do_move_test */
static void do_move_test(fx *f, int list, int delete_old)
{
	sq_session_autoflush(f, 0);
	assoc_object *p1 = fx_new(f, "Parent"), *p2 = fx_new(f, "Parent"), *c1 = fx_new(f, "Child");
	give(p1, list, c1);
	cx_add(f, p1);
	cx_add(f, c1);
	cx_flush(f);
	if (delete_old)
		cx_delete(f, p1);
	give(p2, list, c1);
	cx_add(f, p2);
	cx_flush(f);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT group_concat(id) FROM child WHERE parent_id = %lld",
	         (long long)fx_get_int(p2, "id"));
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)fx_get_int(c1, "id"));
	CHECK_STR(fx_sql_text(f->eng, sql), want);
	CHECK_OK(assoc_session_rollback(f->s)); /* the with block ends without a commit */
}

static void move_tests(int flags, const char *cascade, int backref)
{
	fx f;
	conflict_model(&f, flags, cascade, backref);
	do_move_test(&f, (flags & CHILD_LIST) != 0, 1);
	do_move_test(&f, (flags & CHILD_LIST) != 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_delete_old
static void test_o2o_delete_old(void) { move_tests(0, NULL, 0); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2m_delete_old
static void test_o2m_delete_old(void) { move_tests(CHILD_LIST, NULL, 0); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_backref_delete_old
static void test_o2o_backref_delete_old(void) { move_tests(0, NULL, 1); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_delcascade_delete_old
static void test_o2o_delcascade_delete_old(void) { move_tests(0, "all, delete", 0); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_delorphan_delete_old
static void test_o2o_delorphan_delete_old(void) { move_tests(0, "all, delete, delete-orphan", 0); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_delorphan_backref_delete_old
static void test_o2o_delorphan_backref_delete_old(void) { move_tests(0, "all, delete, delete-orphan", 1); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2o_backref_delorphan_delete_old
static void test_o2o_backref_delorphan_delete_old(void) { move_tests(FROM_CHILD, "all,delete,delete-orphan", 1); }

// test/orm/test_cascade.py::O2MConflictTest::test_o2m_backref_delorphan_delete_old
static void test_o2m_backref_delorphan_delete_old(void)
{
	move_tests(FROM_CHILD | CHILD_LIST, "all,delete,delete-orphan", 1);
}

/* ---- OrphanCriterionTest (legacy_is_orphan=False, persistent) ------------------------------ */

/*
 * OrphanCriterionTest._fixture: Core with RelatedOne.cores and
 * RelatedTwo.cores (all, delete-orphan; backrefs r1, r2). mapper._is_orphan
 * is private: its verdict is seen here at the flush, which deletes a
 * persistent orphan and keeps the rest.
 */
static assoc_object *criterion(fx *f, int r1, int r2, int detach_event)
{
	sq_begin(f);
	fx_table_id(f->reg, "related_one");
	fx_table_id(f->reg, "related_two");
	assoc_table *t = fx_table_id(f->reg, "core");
	cx_fk(t, "related_one_id", "related_one.id", 0);
	cx_fk(t, "related_two_id", "related_two.id", 0);
	fx_mapper(f->reg, "Core", "core");
	cx_rel(fx_mapper(f->reg, "RelatedOne", "related_one"), "cores", "Core", "all, delete-orphan", "r1");
	cx_rel(fx_mapper(f->reg, "RelatedTwo", "related_two"), "cores", "Core", "all, delete-orphan", "r2");
	fx_open(f);
	assoc_object *c1 = fx_new(f, "Core");
	if (detach_event || r1)
		fx_append(fx_coll(fx_new(f, "RelatedOne"), "cores"), c1);
	if (detach_event || r2)
		fx_append(fx_coll(fx_new(f, "RelatedTwo"), "cores"), c1);
	cx_add(f, c1); /* cascades along the backrefs r1 and r2 */
	cx_flush(f);
	if (detach_event && !r1)
		fx_set_obj(c1, "r1", NULL);
	if (detach_event && !r2)
		fx_set_obj(c1, "r2", NULL);
	return c1;
}

static void criterion_flush(int r1, int r2, int detach_event, int orphan)
{
	fx f;
	assoc_object *c1 = criterion(&f, r1, r2, detach_event);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "core"), !orphan);
	CHECK_INT(cx_state(c1), orphan ? ASSOC_STATE_DELETED : ASSOC_STATE_PERSISTENT);
	fx_close(&f);
}

// test/orm/test_cascade.py::OrphanCriterionTest::test_current_pers_r1_r2
static void test_current_pers_r1_r2(void) { criterion_flush(1, 1, 1, 0); }

// test/orm/test_cascade.py::OrphanCriterionTest::test_current_pers_r1_notr2
static void test_current_pers_r1_notr2(void) { criterion_flush(1, 0, 1, 1); }

// test/orm/test_cascade.py::OrphanCriterionTest::test_current_pers_notr1_notr2
static void test_current_pers_notr1_notr2(void) { criterion_flush(1, 0, 1, 1); /* as SQLAlchemy's: (True, False) */ }

// test/orm/test_cascade.py::OrphanCriterionTest::test_current_persistent_notr1_notr2_noevent
static void test_current_persistent_notr1_notr2_noevent(void) { criterion_flush(0, 0, 0, 0); }

static const check_test tests[] = {
	TEST(test_pending_standalone_orphan),
	TEST(test_pending_collection_expunge),
	TEST(test_nonorphans_ok),
	TEST(test_singlelevel_remove),
	TEST(test_multilevel_remove),
	TEST(test_double_parent_expunge_o2m_current),
	TEST(test_double_parent_expunge_o2o_current),
	TEST(test_double_parent_non_orphan),
	TEST(test_double_parent_orphan),
	TEST(test_collection_assignment_orphan),
	TEST(test_o2o_delete_old),
	TEST(test_o2m_delete_old),
	TEST(test_o2o_backref_delete_old),
	TEST(test_o2o_delcascade_delete_old),
	TEST(test_o2o_delorphan_delete_old),
	TEST(test_o2o_delorphan_backref_delete_old),
	TEST(test_o2o_backref_delorphan_delete_old),
	TEST(test_o2m_backref_delorphan_delete_old),
	TEST(test_current_pers_r1_r2),
	TEST(test_current_pers_r1_notr2),
	TEST(test_current_pers_notr1_notr2),
	TEST(test_current_persistent_notr1_notr2_noevent),
	{ NULL, NULL },
};
const check_part cascade_orphan_part = { "orphan", tests };
