/*
 * nosave.c - test_cascade.py's NoSaveCascadeFlushTest (a related object not
 * in the session: the flush proceeds without it; SQLAlchemy also warns "not
 * in session", which the C API has no channel for) and NoSaveCascadeBackrefTest
 * (a backref does not carry save-update from the side changed).
 */
#include "cascade.h"

enum { O2M = 1, M2O = 2, NO_O2M_CASCADE = 4, NO_M2O_CASCADE = 8 };

/* NoSaveCascadeFlushTest._one_to_many_fixture */
static void one_to_many(fx *f, int flags)
{
	sq_begin(f);
	cx_table(f->reg, "users", "name", 1);
	assoc_table *a = cx_table(f->reg, "addresses", "email_address", 1);
	cx_fk(a, "user_id", "users.id", 0);
	assoc_mapper *um = fx_mapper(f->reg, "User", "users");
	assoc_mapper *am = fx_mapper(f->reg, "Address", "addresses");
	const char *o2m_c = flags & NO_O2M_CASCADE ? "" : "save-update";
	const char *m2o_c = flags & NO_M2O_CASCADE ? "" : "save-update";
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = m2o_c;
	if (flags & O2M) {
		assoc_relationship_options r = sq_opts("Address");
		r.cascade = o2m_c;
		if (flags & M2O) {
			r.backref = "user";
			r.backref_options = &back;
		}
		sq_rel(um, "addresses", &r);
	} else if (flags & M2O)
		cx_rel(am, "user", "User", m2o_c, NULL);
	fx_open(f);
}

/* NoSaveCascadeFlushTest._many_to_many_fixture: O2M = fwd (Item.keywords), M2O = bkd (Keyword.items) */
static void many_to_many(fx *f, int flags)
{
	sq_begin(f);
	sq_items_keywords(f->reg);
	assoc_mapper *im = fx_mapper(f->reg, "Item", "items");
	assoc_mapper *km = fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = flags & NO_M2O_CASCADE ? "" : "save-update";
	back.secondary = "item_keywords";
	assoc_relationship_options r = sq_opts("Keyword");
	r.secondary = "item_keywords";
	r.cascade = flags & NO_O2M_CASCADE ? "" : "save-update";
	if (flags & O2M) {
		if (flags & M2O) {
			r.backref = "items";
			r.backref_options = &back;
		}
		sq_rel(im, "keywords", &r);
	} else if (flags & M2O) {
		back.target = "Item";
		sq_rel(km, "items", &back);
	}
	fx_open(f);
}

#define USER(f) cx_new((f), "User", "name", "u1")
#define ADDRESS(f) cx_new((f), "Address", "email_address", "a1")
#define ITEM(f) cx_new((f), "Item", "description", "i1")
#define KEYWORD(f) cx_new((f), "Keyword", "name", "k1")
#define ADDRS(u) fx_coll((u), "addresses")

/* u1.addresses.append(a1); sess.add(u1) */
static void o2m_child(fx *f, int flags, int want_a1_in)
{
	one_to_many(f, flags);
	assoc_object *u1 = USER(f), *a1 = ADDRESS(f);
	fx_append(ADDRS(u1), a1);
	cx_add(f, u1);
	CHECK(sq_in(f, u1));
	CHECK_INT(sq_in(f, a1), want_a1_in);
	cx_flush(f);
	CHECK_INT(fx_count(f->eng, "addresses"), want_a1_in);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_pending
static void test_o2m_only_child_pending(void) { fx f; o2m_child(&f, O2M, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_transient
static void test_o2m_only_child_transient(void) { fx f; o2m_child(&f, O2M | NO_O2M_CASCADE, 0); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_pending
static void test_o2m_backref_child_pending(void) { fx f; o2m_child(&f, O2M | M2O, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_transient
static void test_o2m_backref_child_transient(void)
{
	fx f;
	o2m_child(&f, O2M | M2O | NO_O2M_CASCADE, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_transient_nochange
static void test_o2m_backref_child_transient_nochange(void)
{
	fx f;
	one_to_many(&f, O2M | M2O | NO_O2M_CASCADE);
	assoc_object *u1 = USER(&f), *a1 = ADDRESS(&f);
	fx_append(ADDRS(u1), a1);
	cx_add(&f, u1);
	CHECK(sq_in(&f, u1));
	CHECK(!sq_in(&f, a1));
	cx_commit(&f);
	CHECK_INT(fx_len(ADDRS(u1)), 0);
	fx_close(&f);
}

/* a1 flushed; sess.add(u1); u1.addresses.append(a1); sess.expunge(a1) */
static assoc_object *o2m_expunged(fx *f)
{
	one_to_many(f, O2M | M2O | NO_O2M_CASCADE);
	assoc_object *u1 = USER(f), *a1 = ADDRESS(f);
	cx_add(f, a1);
	cx_flush(f);
	cx_add(f, u1);
	fx_append(ADDRS(u1), a1);
	cx_expunge(f, a1);
	CHECK(sq_in(f, u1));
	CHECK(!sq_in(f, a1));
	return u1;
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_expunged
static void test_o2m_backref_child_expunged(void)
{
	fx f;
	o2m_expunged(&f);
	cx_flush(&f); /* proceeds without a1: its row keeps no user */
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_expunged_nochange
static void test_o2m_backref_child_expunged_nochange(void)
{
	fx f;
	assoc_object *u1 = o2m_expunged(&f);
	cx_commit(&f);
	CHECK_INT(fx_len(ADDRS(u1)), 0);
	fx_close(&f);
}

/* a1.user = u1; sess.add(a1) */
static void m2o_child(fx *f, int flags, int want_u1_in)
{
	one_to_many(f, flags);
	assoc_object *u1 = USER(f), *a1 = ADDRESS(f);
	fx_set_obj(a1, "user", u1);
	cx_add(f, a1);
	CHECK_INT(sq_in(f, u1), want_u1_in);
	CHECK(sq_in(f, a1));
	cx_flush(f);
	CHECK_INT(fx_count(f->eng, "users"), want_u1_in);
	CHECK_INT(fx_count(f->eng, "addresses"), 1);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_pending
static void test_m2o_only_child_pending(void) { fx f; m2o_child(&f, M2O, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_transient
static void test_m2o_only_child_transient(void) { fx f; m2o_child(&f, M2O | NO_M2O_CASCADE, 0); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_pending
static void test_m2o_backref_child_pending(void) { fx f; m2o_child(&f, O2M | M2O, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_transient
static void test_m2o_backref_child_transient(void)
{
	fx f;
	m2o_child(&f, O2M | M2O | NO_M2O_CASCADE, 0);
	fx_close(&f);
}

/* u1 flushed; a1.user = u1; sess.add(a1); sess.expunge(u1) (future: a1 is not in the session before its add) */
static assoc_object *m2o_expunged(fx *f, int flags)
{
	one_to_many(f, flags);
	assoc_object *u1 = USER(f), *a1 = ADDRESS(f);
	cx_add(f, u1);
	cx_flush(f);
	fx_set_obj(a1, "user", u1);
	CHECK(!sq_in(f, a1));
	cx_add(f, a1);
	cx_expunge(f, u1);
	CHECK(!sq_in(f, u1));
	CHECK(sq_in(f, a1));
	return a1;
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_expunged
static void test_m2o_only_child_expunged(void)
{
	fx f;
	m2o_expunged(&f, M2O | NO_M2O_CASCADE);
	cx_flush(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_expunged
static void test_m2o_backref_child_expunged(void)
{
	fx f;
	m2o_expunged(&f, O2M | M2O | NO_M2O_CASCADE);
	cx_flush(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_pending
static void test_m2o_backref_future_child_pending(void)
{
	fx f;
	one_to_many(&f, O2M | M2O | NO_M2O_CASCADE);
	assoc_object *u1 = USER(&f), *a1 = ADDRESS(&f);
	cx_add(&f, u1);
	cx_flush(&f);
	fx_set_obj(a1, "user", u1); /* the backref appends a1 to u1.addresses: no cascade along it */
	CHECK(!sq_in(&f, a1));
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_future_child_pending
static void test_m2m_backref_future_child_pending(void)
{
	fx f;
	many_to_many(&f, O2M | M2O);
	assoc_object *i1 = ITEM(&f), *k1 = KEYWORD(&f);
	cx_add(&f, i1);
	cx_flush(&f);
	fx_append(fx_coll(k1, "items"), i1); /* i1.keywords gets k1 by the backref: no cascade along it */
	CHECK(!sq_in(&f, k1));
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "keywords"), 0);
	CHECK_INT(fx_count(f.eng, "item_keywords"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_expunged
static void test_m2o_backref_future_child_expunged(void)
{
	fx f;
	m2o_expunged(&f, O2M | M2O | NO_M2O_CASCADE);
	cx_flush(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_pending_nochange
static void test_m2o_backref_child_pending_nochange(void)
{
	fx f;
	one_to_many(&f, O2M | M2O | NO_M2O_CASCADE);
	assoc_object *u1 = USER(&f), *a1 = ADDRESS(&f);
	fx_set_obj(a1, "user", u1);
	cx_add(&f, a1);
	CHECK(!sq_in(&f, u1));
	CHECK(sq_in(&f, a1));
	cx_commit(&f);
	CHECK(fx_get_obj(a1, "user") == NULL); /* didn't get flushed */
	fx_close(&f);
}

/* The two expunged _nochange tests (plain and future) differ only in Python's session scope. */
static void m2o_expunged_nochange(int flags)
{
	fx f;
	assoc_object *a1 = m2o_expunged(&f, flags);
	cx_commit(&f);
	CHECK(fx_get_obj(a1, "user") == NULL);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_expunged_nochange
static void test_m2o_backref_child_expunged_nochange(void) { m2o_expunged_nochange(O2M | M2O | NO_M2O_CASCADE); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_expunged_nochange
static void test_m2o_backref_future_child_expunged_nochange(void)
{
	m2o_expunged_nochange(O2M | M2O | NO_M2O_CASCADE);
}

/* i1.keywords.append(k1); sess.add(i1) */
static void m2m_child(fx *f, int flags, int want_k1_in)
{
	many_to_many(f, flags);
	assoc_object *i1 = ITEM(f), *k1 = KEYWORD(f);
	fx_append(fx_coll(i1, "keywords"), k1);
	cx_add(f, i1);
	CHECK(sq_in(f, i1));
	CHECK_INT(sq_in(f, k1), want_k1_in);
	cx_flush(f);
	CHECK_INT(fx_count(f->eng, "item_keywords"), want_k1_in);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_pending
static void test_m2m_only_child_pending(void) { fx f; m2m_child(&f, O2M, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_transient
static void test_m2m_only_child_transient(void) { fx f; m2m_child(&f, O2M | NO_O2M_CASCADE, 0); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_pending
static void test_m2m_backref_child_pending(void) { fx f; m2m_child(&f, O2M | M2O, 1); fx_close(&f); }

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_transient
static void test_m2m_backref_child_transient(void)
{
	fx f;
	m2m_child(&f, O2M | M2O | NO_O2M_CASCADE, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_transient_nochange
static void test_m2m_backref_child_transient_nochange(void)
{
	fx f;
	many_to_many(&f, O2M | M2O | NO_O2M_CASCADE);
	assoc_object *i1 = ITEM(&f), *k1 = KEYWORD(&f);
	fx_append(fx_coll(i1, "keywords"), k1);
	cx_add(&f, i1);
	CHECK(!sq_in(&f, k1));
	cx_commit(&f);
	CHECK_INT(fx_len(fx_coll(i1, "keywords")), 0);
	fx_close(&f);
}

/* k1 flushed; sess.add(i1); i1.keywords.append(k1); sess.expunge(k1) */
static assoc_object *m2m_expunged(fx *f)
{
	many_to_many(f, O2M | M2O | NO_O2M_CASCADE);
	assoc_object *i1 = ITEM(f), *k1 = KEYWORD(f);
	cx_add(f, k1);
	cx_flush(f);
	cx_add(f, i1);
	fx_append(fx_coll(i1, "keywords"), k1);
	cx_expunge(f, k1);
	CHECK(sq_in(f, i1));
	CHECK(!sq_in(f, k1));
	return i1;
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_expunged
static void test_m2m_backref_child_expunged(void)
{
	fx f;
	m2m_expunged(&f);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "item_keywords"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_expunged_nochange
static void test_m2m_backref_child_expunged_nochange(void)
{
	fx f;
	assoc_object *i1 = m2m_expunged(&f);
	cx_commit(&f);
	CHECK_INT(fx_len(fx_coll(i1, "keywords")), 0);
	fx_close(&f);
}

/* ---- NoSaveCascadeBackrefTest ---------------------------------------------------- */

/* users and orders, with User.orders <-> Order.user; cascade on the named side only. */
static void users_orders(fx *f, int o2m_side)
{
	sq_begin(f);
	sq_users(f->reg);
	sq_addresses(f->reg);
	sq_orders(f->reg);
	assoc_mapper *um = fx_mapper(f->reg, "User", "users");
	assoc_mapper *om = fx_mapper(f->reg, "Order", "orders");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = "none"; /* cascade=None */
	assoc_relationship_options r = sq_opts(o2m_side ? "Order" : "User");
	r.backref = o2m_side ? "user" : "orders";
	r.backref_options = &back;
	sq_rel(o2m_side ? um : om, o2m_side ? "orders" : "user", &r);
	fx_open(f);
}

// test/orm/test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_o2m
static void test_unidirectional_cascade_o2m(void)
{
	fx f;
	users_orders(&f, 1);
	assoc_object *o1 = fx_new(&f, "Order");
	cx_add(&f, o1);
	assoc_object *u1 = fx_new(&f, "User");
	fx_append(fx_coll(u1, "orders"), o1);
	CHECK(!sq_in(&f, u1));
	CHECK(sq_in(&f, o1));
	cx_expunge(&f, o1);

	o1 = fx_new(&f, "Order");
	u1 = fx_new(&f, "User");
	fx_append(fx_coll(u1, "orders"), o1);
	cx_add(&f, o1);
	CHECK(!sq_in(&f, u1));
	CHECK(sq_in(&f, o1));
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_m2o
static void test_unidirectional_cascade_m2o(void)
{
	fx f;
	users_orders(&f, 0);
	assoc_object *u1 = fx_new(&f, "User");
	cx_add(&f, u1);
	assoc_object *o1 = fx_new(&f, "Order");
	fx_set_obj(o1, "user", u1);
	CHECK(!sq_in(&f, o1));
	CHECK(sq_in(&f, u1));
	cx_expunge(&f, u1);

	u1 = fx_new(&f, "User");
	o1 = fx_new(&f, "Order");
	fx_set_obj(o1, "user", u1);
	cx_add(&f, u1);
	CHECK(!sq_in(&f, o1));
	CHECK(sq_in(&f, u1));
	fx_close(&f);
}

// test/orm/test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_m2m
static void test_unidirectional_cascade_m2m(void)
{
	fx f;
	sq_begin(&f);
	sq_items_keywords(f.reg);
	assoc_mapper *im = fx_mapper(f.reg, "Item", "items");
	fx_mapper(f.reg, "Keyword", "keywords");
	assoc_relationship_options r = sq_opts("Keyword");
	r.secondary = "item_keywords";
	r.cascade = "none";
	r.backref = "items";
	sq_rel(im, "keywords", &r);
	fx_open(&f);
	assoc_object *i1 = fx_new(&f, "Item"), *k1 = fx_new(&f, "Keyword");
	cx_add(&f, i1);
	fx_append(fx_coll(i1, "keywords"), k1);
	CHECK(sq_in(&f, i1));
	CHECK(!sq_in(&f, k1));
	cx_expunge(&f, i1);

	i1 = fx_new(&f, "Item");
	k1 = fx_new(&f, "Keyword");
	cx_add(&f, i1);
	fx_append(fx_coll(k1, "items"), i1);
	CHECK(sq_in(&f, i1));
	CHECK(!sq_in(&f, k1));
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_o2m_only_child_pending),
	TEST(test_o2m_only_child_transient),
	TEST(test_o2m_backref_child_pending),
	TEST(test_o2m_backref_child_transient),
	TEST(test_o2m_backref_child_transient_nochange),
	TEST(test_o2m_backref_child_expunged),
	TEST(test_o2m_backref_child_expunged_nochange),
	TEST(test_m2o_only_child_pending),
	TEST(test_m2o_only_child_transient),
	TEST(test_m2o_only_child_expunged),
	TEST(test_m2o_backref_child_pending),
	TEST(test_m2o_backref_child_transient),
	TEST(test_m2o_backref_child_expunged),
	TEST(test_m2o_backref_future_child_pending),
	TEST(test_m2m_backref_future_child_pending),
	TEST(test_m2o_backref_future_child_expunged),
	TEST(test_m2o_backref_child_pending_nochange),
	TEST(test_m2o_backref_child_expunged_nochange),
	TEST(test_m2o_backref_future_child_expunged_nochange),
	TEST(test_m2m_only_child_pending),
	TEST(test_m2m_only_child_transient),
	TEST(test_m2m_backref_child_pending),
	TEST(test_m2m_backref_child_transient),
	TEST(test_m2m_backref_child_transient_nochange),
	TEST(test_m2m_backref_child_expunged),
	TEST(test_m2m_backref_child_expunged_nochange),
	TEST(test_unidirectional_cascade_o2m),
	TEST(test_unidirectional_cascade_m2o),
	TEST(test_unidirectional_cascade_m2m),
	{ NULL, NULL },
};
const check_part cascade_nosave_part = { "nosave", tests };
