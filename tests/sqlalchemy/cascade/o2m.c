/*
 * o2m.c - test_cascade.py's CascadeArgTest, CasadeWithRaiseloadTest,
 * O2MCascadeDeleteOrphanTest, O2MCascadeDeleteNoOrphanTest and
 * O2OSingleParentNoFlushTest.
 */
#include "cascade.h"

/* users(name NOT NULL), addresses(email NOT NULL), orders(user_id NOT NULL), dingalings. */
static void o2m_tables(assoc_registry *reg, int orders_notnull)
{
	cx_table(reg, "users", "name", 1);
	assoc_table *a = cx_table(reg, "addresses", "email_address", 1);
	cx_fk(a, "user_id", "users.id", 0);
	assoc_table *o = cx_table(reg, "orders", "description", 0);
	cx_fk(o, "user_id", "users.id", orders_notnull);
	assoc_table *d = cx_table(reg, "dingalings", "data", 0);
	cx_fk(d, "address_id", "addresses.id", 0);
}

/* O2MCascadeDeleteOrphanTest.setup_mappers */
static void map_delete_orphan(fx *f)
{
	sq_begin(f);
	o2m_tables(f->reg, 1);
	assoc_mapper *u = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	fx_mapper(f->reg, "Order", "orders");
	assoc_mapper *d = fx_mapper(f->reg, "Dingaling", "dingalings");
	cx_rel(u, "addresses", "Address", "all, delete-orphan", "user");
	assoc_relationship_options r = sq_opts("Order");
	r.cascade = "all, delete-orphan";
	r.order_by = "id";
	sq_rel(u, "orders", &r);
	cx_rel(d, "address", "Address", NULL, NULL);
	fx_open(f);
}

static assoc_object *order(fx *f, const char *d) { return cx_new(f, "Order", "description", d); }
#define ORDERS(u) fx_coll((u), "orders")

/* User(name, orders=[Order(d1), Order(d2)]) */
static assoc_object *user_with_orders(fx *f, const char *d1, const char *d2)
{
	assoc_object *u = cx_new(f, "User", "name", "jack");
	fx_append(ORDERS(u), order(f, d1));
	fx_append(ORDERS(u), order(f, d2));
	return u;
}

#define ORDER_DESCS "SELECT group_concat(description, ',') FROM (SELECT description FROM orders ORDER BY id)"

// test/orm/test_cascade.py::CascadeArgTest::test_bad_cascade
static void test_bad_cascade(void)
{
	fx f;
	sq_begin(&f);
	o2m_tables(f.reg, 0);
	assoc_mapper *u = fx_mapper(f.reg, "User", "users");
	fx_mapper(f.reg, "Address", "addresses");
	cx_rel(u, "addresses", "Address", "fake, all, delete-orphan, fake2", NULL);
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("fake");
	fx_close(&f);
}

// test/orm/test_cascade.py::CasadeWithRaiseloadTest::test_delete_skips_lazy_raise
static void test_delete_skips_lazy_raise(void)
{
	fx f;
	sq_begin(&f);
	o2m_tables(f.reg, 0);
	assoc_mapper *um = fx_mapper(f.reg, "User", "users");
	fx_mapper(f.reg, "Address", "addresses");
	assoc_relationship_options r = sq_opts("Address");
	r.cascade = "all, delete-orphan";
	r.lazy = ASSOC_LAZY_RAISE;
	sq_rel(um, "addresses", &r);
	fx_open(&f);
	assoc_object *u1 = cx_new(&f, "User", "name", "u1");
	fx_append(fx_coll(u1, "addresses"), cx_new(&f, "Address", "email_address", "e1"));
	fx_append(fx_coll(u1, "addresses"), cx_new(&f, "Address", "email_address", "e2"));
	cx_add(&f, u1);
	cx_commit(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT group_concat(email_address, ',') FROM "
	                             "(SELECT email_address FROM addresses ORDER BY email_address)"), "e1,e2");
	/* sess.close(); sess.delete(u1): u1 comes back into a new session by its key */
	int64_t id = fx_get_int(u1, "id");
	fx_new_session(&f);
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&u1, f.s, fx_m(&f, "User"), &pk, 1));
	cx_delete(&f, u1);
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_list_assignment_new
static void test_list_assignment_new(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "order 1", "order 2");
	cx_add(&f, u);
	cx_commit(&f);
	CHECK_STR(fx_get_text(u, "name"), "jack");
	CHECK_INT(fx_len(ORDERS(u)), 2);
	CHECK_STR(fx_get_text(fx_at(ORDERS(u), 0), "description"), "order 1");
	CHECK_STR(fx_get_text(fx_at(ORDERS(u), 1), "description"), "order 2");
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_list_assignment_replace
static void test_list_assignment_replace(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	assoc_value v[] = { sq_obj(order(&f, "order 3")), sq_obj(order(&f, "order 4")) };
	CHECK_OK(assoc_collection_assign(ORDERS(u), NULL, v, 2));
	cx_commit(&f);
	CHECK_INT(fx_len(ORDERS(u)), 2);
	CHECK_STR(fx_get_text(fx_at(ORDERS(u), 0), "description"), "order 3");
	CHECK_STR(fx_get_text(fx_at(ORDERS(u), 1), "description"), "order 4");
	/* order 1, order 2 have been deleted (never inserted) */
	CHECK_STR(fx_sql_text(f.eng, ORDER_DESCS), "order 3,order 4");
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_standalone_orphan
static void test_standalone_orphan(void)
{
	fx f;
	map_delete_orphan(&f);
	cx_add(&f, order(&f, "order 5"));
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT); /* orders.user_id is NOT NULL */
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_save_update_sends_pending
static void test_save_update_sends_pending(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.expire_on_commit = 0;
	assoc_session_free(f.s);
	f.s = NULL;
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	assoc_object *o1 = order(&f, "o1"), *o2 = order(&f, "o2"), *o3 = order(&f, "o3");
	assoc_object *u = cx_new(&f, "User", "name", "jack");
	fx_append(ORDERS(u), o1);
	fx_append(ORDERS(u), o2);
	cx_add(&f, u);
	cx_commit(&f);
	/* sess.close(), then the detached u changes and is added back: the C
	 * API cannot change a detached object's collections, so this goes
	 * through expunge (detached, pinned) and add */
	CHECK_SKIP("a detached object's collections cannot be changed (loading on a detached object is "
	           "ASSOC_EDETACHED), so the detached u.orders.append(o3) has no counterpart");
	(void)o3;
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_remove_pending_from_collection
static void test_remove_pending_from_collection(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = cx_new(&f, "User", "name", "jack");
	cx_add(&f, u);
	cx_commit(&f);
	assoc_object *o1 = order(&f, NULL);
	fx_append(ORDERS(u), o1);
	CHECK(sq_in(&f, o1));
	CHECK_OK(assoc_collection_remove(ORDERS(u), sq_obj(o1)));
	CHECK(!sq_in(&f, o1));
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_remove_pending_from_pending_parent
static void test_remove_pending_from_pending_parent(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = cx_new(&f, "User", "name", "jack");
	assoc_object *o1 = order(&f, NULL);
	cx_add(&f, o1);
	/* o1 becomes an orphan, but its parent is not in the session */
	fx_append(ORDERS(u), o1);
	CHECK_OK(assoc_collection_remove(ORDERS(u), sq_obj(o1)));
	cx_add(&f, u);
	CHECK(sq_in(&f, o1));
	cx_flush(&f);
	CHECK(!sq_in(&f, o1));
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete
static void test_delete(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	cx_flush(&f);
	cx_delete(&f, u);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "orders"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete_unloaded_collections
static void test_delete_unloaded_collections(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = cx_new(&f, "User", "name", "jack");
	fx_append(fx_coll(u, "addresses"), cx_new(&f, "Address", "email_address", "address1"));
	fx_append(fx_coll(u, "addresses"), cx_new(&f, "Address", "email_address", "address2"));
	cx_add(&f, u);
	cx_flush(&f);
	int64_t id = fx_get_int(u, "id");
	cx_expunge(&f, u); /* expunge_all: the cascade takes the addresses */
	CHECK_INT(fx_count(f.eng, "addresses"), 2);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&u, f.s, fx_m(&f, "User"), &pk, 1));
	cx_delete(&f, u);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascades_onlycollection
static void test_cascades_onlycollection(void)
{
	fx f;
	map_delete_orphan(&f);
	sq_session_autoflush(&f, 0);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	cx_flush(&f);
	assoc_object *o = fx_at(ORDERS(u), 0);
	CHECK_OK(assoc_collection_pop(NULL, ORDERS(u), 0));
	cx_delete(&f, u);
	CHECK_INT(cx_state(u), ASSOC_STATE_PERSISTENT); /* in sess.deleted: marked, flushed later */
	CHECK_INT(assoc_session_deleted_count(f.s), 2); /* u and the order still in u.orders */
	CHECK(sq_in(&f, o));
	assoc_object *u2 = cx_new(&f, "User", "name", "newuser");
	fx_append(ORDERS(u2), o);
	cx_add(&f, u2);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	CHECK_INT(fx_count(f.eng, "orders"), 1);
	CHECK_STR(fx_sql_text(f.eng, "SELECT u.name || ':' || o.description FROM users u JOIN orders o "
	                             "ON o.user_id = u.id"), "newuser:someorder");
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascade_nosideeffects
static void test_cascade_nosideeffects(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = cx_new(&f, "User", "name", "jack");
	cx_add(&f, u);
	cx_flush(&f);
	assoc_object *a = cx_new(&f, "Address", "email_address", "foo@bar.com");
	cx_add(&f, a);
	fx_set_obj(a, "user", u);
	cx_flush(&f);
	assoc_object *d = cx_new(&f, "Dingaling", "data", "d1");
	fx_set_int(d, "address_id", fx_get_int(a, "id"));
	cx_add(&f, d);
	cx_flush(&f); /* the unloaded d.address is left alone: it loads a afterwards */
	CHECK(fx_get_obj(d, "address") == a);
	fx_close(&f);
}

/* User u with two orders, flushed; then del u.orders[0] and delete u. */
static void delete_plus_removed(fx *f)
{
	assoc_object *u = user_with_orders(f, "someorder", "someotherorder");
	cx_add(f, u);
	cx_flush(f);
	CHECK_INT(fx_count(f->eng, "users"), 1);
	CHECK_INT(fx_count(f->eng, "orders"), 2);
	CHECK_OK(assoc_collection_pop(NULL, ORDERS(u), 0));
	cx_delete(f, u);
	cx_flush(f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascade_delete_plusorphans
static void test_cascade_delete_plusorphans(void)
{
	fx f;
	map_delete_orphan(&f);
	delete_plus_removed(&f);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "orders"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_collection_orphans
static void test_collection_orphans(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	CHECK_INT(fx_count(f.eng, "orders"), 2);
	CHECK_OK(assoc_collection_set_slice(ORDERS(u), 0, PTRDIFF_MAX, NULL, 0)); /* u.orders[:] = [] */
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	CHECK_INT(fx_count(f.eng, "orders"), 0);
	fx_close(&f);
}

/* Issue (c): deleting a persistent owner while a new member of its
 * delete-orphan collection is unflushed expunges the member with it. */
// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete
static void test_delete_with_pending_member(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	cx_commit(&f);
	assoc_object *o3 = order(&f, "o3");
	fx_append(ORDERS(u), o3);
	CHECK(sq_in(&f, o3));
	cx_delete(&f, u);
	CHECK(!sq_in(&f, o3));
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "orders"), 0);
	/* and the session goes on working */
	cx_add(&f, cx_new(&f, "User", "name", "ed"));
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

/* The same with u.orders loaded before the new member joins. */
// test/orm/test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete
static void test_delete_with_pending_member_loaded(void)
{
	fx f;
	map_delete_orphan(&f);
	assoc_object *u = user_with_orders(&f, "someorder", "someotherorder");
	cx_add(&f, u);
	cx_commit(&f);
	CHECK_INT(fx_len(ORDERS(u)), 2);
	assoc_object *o3 = order(&f, "o3");
	fx_append(ORDERS(u), o3);
	cx_delete(&f, u);
	CHECK(!sq_in(&f, o3));
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "orders"), 0);
	cx_add(&f, cx_new(&f, "User", "name", "ed"));
	cx_commit(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2MCascadeDeleteNoOrphanTest::test_cascade_delete_noorphans
static void test_cascade_delete_noorphans(void)
{
	fx f;
	sq_begin(&f);
	assoc_table *t = cx_table(f.reg, "users", "name", 0);
	t = cx_table(f.reg, "orders", "description", 0);
	cx_fk(t, "user_id", "users.id", 0);
	assoc_mapper *u = fx_mapper(f.reg, "User", "users");
	fx_mapper(f.reg, "Order", "orders");
	cx_rel(u, "orders", "Order", "all", NULL);
	fx_open(&f);
	delete_plus_removed(&f);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "orders"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::O2OSingleParentNoFlushTest::test_replace_attribute_no_flush
static void test_replace_attribute_no_flush(void)
{
	fx f;
	sq_begin(&f);
	cx_table(f.reg, "users", "name", 1);
	assoc_table *a = cx_table(f.reg, "addresses", "email_address", 1);
	cx_fk(a, "user_id", "users.id", 1);
	assoc_mapper *um = fx_mapper(f.reg, "User", "users");
	fx_mapper(f.reg, "Address", "addresses");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = "all, delete-orphan";
	assoc_relationship_options r = sq_opts("Address");
	r.uselist = 0;
	r.backref = "user";
	r.backref_options = &back;
	sq_rel(um, "address", &r);
	fx_open(&f);
	assoc_object *a1 = cx_new(&f, "Address", "email_address", "some address");
	assoc_object *u1 = cx_new(&f, "User", "name", "u1");
	fx_set_obj(u1, "address", a1);
	cx_add(&f, u1);
	cx_commit(&f);
	assoc_object *a2 = cx_new(&f, "Address", "email_address", "asdf");
	cx_add(&f, a2); /* pending with user_id NULL: an autoflush here would fail */
	fx_set_obj(u1, "address", a2); /* loads the old address without autoflush */
	CHECK(fx_get_obj(u1, "address") == a2);
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_bad_cascade),
	TEST(test_delete_skips_lazy_raise),
	TEST(test_list_assignment_new),
	TEST(test_list_assignment_replace),
	TEST(test_standalone_orphan),
	TEST(test_save_update_sends_pending),
	TEST(test_remove_pending_from_collection),
	TEST(test_remove_pending_from_pending_parent),
	TEST(test_delete),
	TEST(test_delete_unloaded_collections),
	TEST(test_cascades_onlycollection),
	TEST(test_cascade_nosideeffects),
	TEST(test_cascade_delete_plusorphans),
	TEST(test_collection_orphans),
	TEST(test_delete_with_pending_member),
	TEST(test_delete_with_pending_member_loaded),
	TEST(test_cascade_delete_noorphans),
	TEST(test_replace_attribute_no_flush),
	{ NULL, NULL },
};
const check_part cascade_o2m_part = { "o2m", tests };
