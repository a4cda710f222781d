/*
 * test_backref_mutations.c - SQLAlchemy's test/orm/test_backref_mutations.py:
 * moving objects between collections and scalars keeps both sides of a
 * backref in step, loaded or not, before and after a commit.
 */
#include "backref_cascade_fixtures.h"

/* ---- mappings ---------------------------------------------------------------- */

/* User.addresses = relationship(Address, backref="user") */
static void map_o2m(fx *f)
{
	sq_begin(f);
	sq_users(f->reg);
	sq_addresses(f->reg);
	assoc_mapper *u = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	assoc_relationship_options r = sq_opts("Address");
	r.backref = "user";
	sq_rel(u, "addresses", &r);
	fx_open(f);
}

/* User.address = relationship(Address, uselist=False[, backref="user"]) */
static void map_o2o(fx *f, int backref)
{
	sq_begin(f);
	sq_users(f->reg);
	sq_addresses(f->reg);
	assoc_mapper *u = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	assoc_relationship_options r = sq_opts("Address");
	r.uselist = 0;
	r.backref = backref ? "user" : NULL;
	sq_rel(u, "address", &r);
	fx_open(f);
}

/* Item.keywords = relationship(Keyword, secondary=item_keywords, backref="items") */
static void map_m2m(fx *f)
{
	sq_begin(f);
	sq_items_keywords(f->reg);
	assoc_mapper *i = fx_mapper(f->reg, "Item", "items");
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options r = sq_opts("Keyword");
	r.secondary = "item_keywords";
	r.backref = "items";
	sq_rel(i, "keywords", &r);
	fx_open(f);
}

static assoc_object *user(fx *f, const char *name)
{
	assoc_object *u = fx_new(f, "User");
	if (name)
		fx_set_text(u, "name", name);
	return u;
}

static assoc_object *address(fx *f, const char *email)
{
	assoc_object *a = fx_new(f, "Address");
	if (email)
		fx_set_text(a, "email_address", email);
	return a;
}

static assoc_object *item(fx *f, const char *d)
{
	assoc_object *i = fx_new(f, "Item");
	if (d)
		fx_set_text(i, "description", d);
	return i;
}

static assoc_object *keyword(fx *f, const char *name)
{
	assoc_object *k = fx_new(f, "Keyword");
	if (name)
		fx_set_text(k, "name", name);
	return k;
}

static void add(fx *f, assoc_object *o) { CHECK_OK(assoc_session_add(f->s, o)); }
static void commit(fx *f) { CHECK_OK(assoc_session_commit(f->s)); }
#define ADDRS(u) fx_coll((u), "addresses")

/* ---- O2MCollectionTest ------------------------------------------------------- */

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_move_hitslazy
static void test_o2m_collection_move_hitslazy(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *a1 = address(&f, "address1"), *a2 = address(&f, "address2"), *a3 = address(&f, "address3");
	assoc_object *u1 = user(&f, "jack"), *u2 = user(&f, "ed");
	fx_append(ADDRS(u1), a1);
	fx_append(ADDRS(u1), a2);
	fx_append(ADDRS(u1), a3);
	add(&f, u1);
	add(&f, a1);
	add(&f, a2);
	add(&f, a3);
	commit(&f);
	sq_count_sql(f.eng);
	fx_append(ADDRS(u2), a1);
	fx_append(ADDRS(u2), a2);
	fx_append(ADDRS(u2), a3);
	CHECK_INT(sq_nstmt, 0);
	fx_close(&f);
}

/* u1 with a1, u2 without, committed (everything expired). */
static void o2m_two_users(fx *f, assoc_object **u1, assoc_object **u2, assoc_object **a1)
{
	map_o2m(f);
	*a1 = address(f, "address1");
	*u1 = user(f, "jack");
	fx_append(ADDRS(*u1), *a1);
	*u2 = user(f, "ed");
	add(f, *u1);
	add(f, *u2);
	commit(f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_move_preloaded
static void test_o2m_collection_move_preloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_two_users(&f, &u1, &u2, &a1);
	fx_len(ADDRS(u1)); /* load u1.addresses */
	fx_append(ADDRS(u2), a1);
	CHECK(fx_get_obj(a1, "user") == u2); /* backref fires */
	CHECK(!fx_contains(ADDRS(u1), a1)); /* removed from u1.addresses as of [ticket:2789] */
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_move_notloaded
static void test_o2m_collection_move_notloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_two_users(&f, &u1, &u2, &a1);
	fx_append(ADDRS(u2), a1);
	CHECK(fx_get_obj(a1, "user") == u2);
	CHECK(!fx_contains(ADDRS(u1), a1)); /* loads now, correctly */
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_move_commitfirst
static void test_o2m_collection_move_commitfirst(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_two_users(&f, &u1, &u2, &a1);
	fx_len(ADDRS(u1));
	fx_append(ADDRS(u2), a1);
	CHECK(fx_get_obj(a1, "user") == u2);
	commit(&f);
	CHECK(!fx_contains(ADDRS(u1), a1));
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

/* u1 and u2, a1.user = u1, committed. */
static void o2m_scalar_fixture(fx *f, assoc_object **u1, assoc_object **u2, assoc_object **a1)
{
	map_o2m(f);
	*u1 = user(f, "jack");
	*u2 = user(f, "ed");
	*a1 = address(f, "a1");
	fx_set_obj(*a1, "user", *u1);
	add(f, *u1);
	add(f, *u2);
	add(f, *a1);
	commit(f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_scalar_move_preloaded
static void test_o2m_scalar_move_preloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_scalar_fixture(&f, &u1, &u2, &a1);
	fx_len(ADDRS(u1)); /* u1.addresses is loaded */
	/* the old value is "fetched" from the session only, not the database */
	fx_set_obj(a1, "user", u2);
	CHECK(!fx_contains(ADDRS(u1), a1));
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_plain_load_passive
static void test_o2m_plain_load_passive(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_scalar_fixture(&f, &u1, &u2, &a1);
	sq_count_sql(f.eng);
	fx_set_obj(a1, "user", u2); /* a many-to-one set does not load the old value */
	CHECK_INT(sq_nstmt, 0);
	CHECK(!fx_contains(ADDRS(u1), a1));
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_set_none
static void test_o2m_set_none(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, "jack"), *a1 = address(&f, "a1");
	fx_set_obj(a1, "user", u1);
	add(&f, u1);
	add(&f, a1);
	commit(&f);
	sq_count_sql(f.eng);
	fx_set_obj(a1, "user", NULL);
	CHECK_INT(sq_nstmt, 0);
	CHECK(!fx_contains(ADDRS(u1), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_scalar_move_notloaded
static void test_o2m_scalar_move_notloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_scalar_fixture(&f, &u1, &u2, &a1);
	fx_set_obj(a1, "user", u2);
	CHECK(!fx_contains(ADDRS(u1), a1));
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_scalar_move_commitfirst
static void test_o2m_scalar_move_commitfirst(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2m_scalar_fixture(&f, &u1, &u2, &a1);
	fx_len(ADDRS(u1));
	fx_set_obj(a1, "user", u2);
	commit(&f);
	CHECK(!fx_contains(ADDRS(u1), a1));
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_assignment_mutates_previous_one
static void test_o2m_collection_assignment_mutates_previous_one(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, "jack"), *u2 = user(&f, "ed"), *a1 = address(&f, "a1");
	fx_append(ADDRS(u1), a1);
	CHECK(fx_get_obj(a1, "user") == u1);
	assoc_value v[] = { sq_obj(a1) };
	CHECK_OK(assoc_collection_assign(ADDRS(u2), NULL, v, 1));
	CHECK_INT(fx_len(ADDRS(u1)), 0);
	CHECK(fx_get_obj(a1, "user") == u2);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_collection_assignment_mutates_previous_two
static void test_o2m_collection_assignment_mutates_previous_two(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, "jack"), *a1 = address(&f, "a1");
	fx_append(ADDRS(u1), a1);
	CHECK(fx_get_obj(a1, "user") == u1);
	CHECK_OK(assoc_collection_assign(ADDRS(u1), NULL, NULL, 0));
	CHECK(fx_get_obj(a1, "user") == NULL);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_del_from_collection
static void test_o2m_del_from_collection(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, "jack"), *a1 = address(&f, "a1");
	fx_append(ADDRS(u1), a1);
	CHECK(fx_get_obj(a1, "user") == u1);
	CHECK_OK(assoc_collection_pop(NULL, ADDRS(u1), 0)); /* del u1.addresses[0] */
	CHECK(fx_get_obj(a1, "user") == NULL);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_del_from_scalar
static void test_o2m_del_from_scalar(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, "jack"), *a1 = address(&f, "a1");
	fx_append(ADDRS(u1), a1);
	CHECK(fx_get_obj(a1, "user") == u1);
	CHECK_OK(assoc_object_unset(a1, "user")); /* del a1.user */
	CHECK(!fx_contains(ADDRS(u1), a1));
	fx_close(&f);
}

/* u1 (transient) with a1, a2, a3. */
static assoc_object *o2m_three(fx *f, assoc_object **a)
{
	map_o2m(f);
	assoc_object *u1 = user(f, NULL);
	for (int i = 0; i < 3; i++) {
		char e[2] = { (char)('1' + i), 0 };
		a[i] = address(f, e);
		fx_append(ADDRS(u1), a[i]);
	}
	return u1;
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_tuple_assignment_w_reverse
static void test_o2m_tuple_assignment_w_reverse(void)
{
	fx f;
	assoc_object *a[3];
	assoc_object *u1 = o2m_three(&f, a);
	/* u1.addresses[1], u1.addresses[2] = u1.addresses[2], u1.addresses[1] */
	assoc_object *x1 = fx_at(ADDRS(u1), 2), *x2 = fx_at(ADDRS(u1), 1);
	CHECK_OK(assoc_collection_set(ADDRS(u1), 1, sq_obj(x1)));
	CHECK_OK(assoc_collection_set(ADDRS(u1), 2, sq_obj(x2)));
	CHECK(fx_get_obj(a[2], "user") == u1);
	SQ_MEMBERS(ADDRS(u1), a[0], a[2], a[1]);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_straight_remove
static void test_o2m_straight_remove(void)
{
	fx f;
	assoc_object *a[3];
	assoc_object *u1 = o2m_three(&f, a);
	CHECK_OK(assoc_collection_pop(NULL, ADDRS(u1), 2));
	CHECK(fx_get_obj(a[2], "user") == NULL);
	SQ_MEMBERS(ADDRS(u1), a[0], a[1]);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_append_del
static void test_o2m_append_del(void)
{
	fx f;
	assoc_object *a[3];
	assoc_object *u1 = o2m_three(&f, a);
	fx_append(ADDRS(u1), a[1]);
	CHECK_OK(assoc_collection_pop(NULL, ADDRS(u1), 1)); /* a2 is still in the list */
	CHECK(fx_get_obj(a[1], "user") == u1);
	SQ_MEMBERS(ADDRS(u1), a[0], a[2], a[1]);
	fx_close(&f);
}

/* The same, through a flush: the occurrence left keeps its row's foreign key. */
// test/orm/test_backref_mutations.py::O2MCollectionTest::test_append_del
static void test_o2m_append_del_flushed(void)
{
	fx f;
	assoc_object *a[3];
	assoc_object *u1 = o2m_three(&f, a);
	add(&f, u1);
	fx_append(ADDRS(u1), a[1]);
	CHECK_OK(assoc_collection_pop(NULL, ADDRS(u1), 1));
	commit(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 3);
	CHECK(fx_get_obj(a[1], "user") == u1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2MCollectionTest::test_bulk_replace
static void test_o2m_bulk_replace(void)
{
	fx f;
	assoc_object *a[3];
	assoc_object *u1 = o2m_three(&f, a);
	fx_append(ADDRS(u1), a[2]);
	CHECK(fx_get_obj(a[2], "user") == u1);
	assoc_value v[] = { sq_obj(a[0]), sq_obj(a[1]), sq_obj(a[0]) };
	CHECK_OK(assoc_collection_assign(ADDRS(u1), NULL, v, 3));
	CHECK(fx_get_obj(a[2], "user") == NULL);
	SQ_MEMBERS(ADDRS(u1), a[0], a[1], a[0]);
	fx_close(&f);
}

/* ---- O2OScalarBackrefMoveTest (new_style) --------------------------------------- */

/* u1 with address a1, and u2, committed. */
static void o2o_two_users(fx *f, int backref, assoc_object **u1, assoc_object **u2, assoc_object **a1)
{
	map_o2o(f, backref);
	*a1 = address(f, "address1");
	*u1 = user(f, "jack");
	fx_set_obj(*u1, "address", *a1);
	*u2 = user(f, "ed");
	add(f, *u1);
	add(f, *u2);
	commit(f);
}

// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_collection_move_preloaded
static void test_o2o_collection_move_preloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2o_two_users(&f, 1, &u1, &u2, &a1);
	fx_get_obj(u1, "address"); /* load u1.address */
	fx_set_obj(u2, "address", a1);
	CHECK(fx_get_obj(u2, "address") == a1);
	CHECK(fx_get_obj(a1, "user") == u2); /* backref fires */
	/* doesn't extend to the previous attribute */
	CHECK(fx_get_obj(u1, "address") == a1);
	CHECK(fx_get_obj(u2, "address") == a1);
	fx_close(&f);
}

/* u1 with address a1, and a2 on its own, committed. */
static void o2o_two_addresses(fx *f, assoc_object **u1, assoc_object **a1, assoc_object **a2)
{
	map_o2o(f, 1);
	*a1 = address(f, "address1");
	*a2 = address(f, "address2");
	*u1 = user(f, "jack");
	fx_set_obj(*u1, "address", *a1);
	add(f, *u1);
	add(f, *a1);
	add(f, *a2);
	commit(f);
}

// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_scalar_move_preloaded
static void test_o2o_scalar_move_preloaded(void)
{
	fx f;
	assoc_object *u1, *a1, *a2;
	o2o_two_addresses(&f, &u1, &a1, &a2);
	fx_get_obj(a1, "user"); /* load a1.user */
	fx_set_obj(a2, "user", u1);
	CHECK(fx_get_obj(u1, "address") == a2); /* backref fires */
	/* stays on both sides */
	CHECK(fx_get_obj(a1, "user") == u1);
	CHECK(fx_get_obj(a2, "user") == u1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_collection_move_notloaded
static void test_o2o_collection_move_notloaded(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2o_two_users(&f, 1, &u1, &u2, &a1);
	fx_set_obj(u2, "address", a1);
	CHECK(fx_get_obj(u2, "address") == a1);
	CHECK(fx_get_obj(a1, "user") == u2);
	CHECK(fx_get_obj(u1, "address") == NULL); /* loads now, after a flush */
	CHECK(fx_get_obj(u2, "address") == a1);
	fx_close(&f);
}

/* Issue (a): the address moved through its backref while u1.address is not loaded. */
// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_scalar_move_notloaded
static void test_o2o_scalar_move_notloaded(void)
{
	fx f;
	assoc_object *u1, *a1, *a2;
	o2o_two_addresses(&f, &u1, &a1, &a2);
	fx_set_obj(a2, "user", u1);
	CHECK(fx_get_obj(u1, "address") == a2); /* backref fires */
	/* new style: the autoflush on loading a1.user has moved the address */
	CHECK(fx_get_obj(a1, "user") == NULL);
	CHECK(fx_get_obj(a2, "user") == u1);
	commit(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 1);
	CHECK_STR(fx_sql_text(f.eng, "SELECT email_address FROM addresses WHERE user_id = 1"), "address2");
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_collection_move_commitfirst
static void test_o2o_collection_move_commitfirst(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2o_two_users(&f, 1, &u1, &u2, &a1);
	fx_get_obj(u1, "address");
	fx_set_obj(u2, "address", a1);
	CHECK(fx_get_obj(u2, "address") == a1);
	CHECK(fx_get_obj(a1, "user") == u2);
	commit(&f); /* cancels out u1.address being loaded */
	CHECK(fx_get_obj(u1, "address") == NULL);
	CHECK(fx_get_obj(u2, "address") == a1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_scalar_move_commitfirst
static void test_o2o_scalar_move_commitfirst(void)
{
	fx f;
	assoc_object *u1, *a1, *a2;
	o2o_two_addresses(&f, &u1, &a1, &a2);
	CHECK(fx_get_obj(a1, "user") == u1);
	fx_set_obj(a2, "user", u1);
	CHECK(fx_get_obj(u1, "address") == a2);
	CHECK(fx_get_obj(a1, "user") == u1); /* didn't work this way */
	commit(&f); /* moves appropriately after commit */
	CHECK(fx_get_obj(u1, "address") == a2);
	CHECK(fx_get_obj(a1, "user") == NULL);
	CHECK(fx_get_obj(a2, "user") == u1);
	fx_close(&f);
}

/* Issue (a) again, the address's side not loaded either: one row claims u1 after commit. */
// test/orm/test_backref_mutations.py::O2OScalarBackrefMoveTest::test_scalar_move_commitfirst
static void test_o2o_scalar_move_commitfirst_unloaded(void)
{
	fx f;
	assoc_object *u1, *a1, *a2;
	o2o_two_addresses(&f, &u1, &a1, &a2);
	fx_set_obj(a2, "user", u1);
	commit(&f);
	CHECK(fx_get_obj(u1, "address") == a2);
	CHECK(fx_get_obj(a1, "user") == NULL);
	CHECK(fx_get_obj(a2, "user") == u1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 1);
	fx_close(&f);
}

/* ---- O2OScalarMoveTest (new_style) ---------------------------------------------- */

// test/orm/test_backref_mutations.py::O2OScalarMoveTest::test_collection_move_commitfirst
static void test_o2o_nobackref_collection_move_commitfirst(void)
{
	fx f;
	assoc_object *u1, *u2, *a1;
	o2o_two_users(&f, 0, &u1, &u2, &a1);
	fx_get_obj(u1, "address");
	fx_set_obj(u2, "address", a1);
	CHECK(fx_get_obj(u2, "address") == a1);
	commit(&f);
	CHECK(fx_get_obj(u1, "address") == NULL);
	CHECK(fx_get_obj(u2, "address") == a1);
	fx_close(&f);
}

/* ---- O2OScalarOrphanTest ---------------------------------------------------------- */

// test/orm/test_backref_mutations.py::O2OScalarOrphanTest::test_m2o_event
static void test_o2o_orphan_m2o_event(void)
{
	fx f;
	sq_begin(&f);
	sq_users(f.reg);
	sq_addresses(f.reg);
	assoc_mapper *um = fx_mapper(f.reg, "User", "users");
	fx_mapper(f.reg, "Address", "addresses");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = "all, delete-orphan"; /* single_parent=True: implied for a many-to-one here */
	assoc_relationship_options r = sq_opts("Address");
	r.uselist = 0;
	r.backref = "user";
	r.backref_options = &back;
	sq_rel(um, "address", &r);
	fx_open(&f);

	assoc_object *a1 = address(&f, "address1"), *u1 = user(&f, "jack");
	fx_set_obj(u1, "address", a1);
	add(&f, u1);
	commit(&f);
	CHECK_OK(assoc_session_expunge(f.s, u1));
	assoc_object *u2 = user(&f, "ed");
	add(&f, u2);
	fx_set_obj(u2, "address", a1); /* u1 gets loaded and deleted */
	commit(&f);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

/* ---- M2MCollectionMoveTest -------------------------------------------------------- */

static const char *const keywords_attr[] = { "keywords" }; /* session.expire(i1, ["keywords"]) */

// test/orm/test_backref_mutations.py::M2MCollectionMoveTest::test_add_remove_pending_backref
static void test_m2m_add_remove_pending_backref(void)
{
	fx f;
	map_m2m(&f);
	sq_session_autoflush(&f, 0);
	assoc_object *i1 = item(&f, "i1");
	add(&f, i1);
	commit(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, i1, keywords_attr, 1));
	assoc_object *k1 = keyword(&f, "k1");
	fx_append(fx_coll(k1, "items"), i1);
	CHECK_OK(assoc_collection_remove(fx_coll(k1, "items"), sq_obj(i1)));
	CHECK_INT(fx_len(fx_coll(i1, "keywords")), 0);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MCollectionMoveTest::test_remove_add_pending_backref
static void test_m2m_remove_add_pending_backref(void)
{
	fx f;
	map_m2m(&f);
	sq_session_autoflush(&f, 0);
	assoc_object *k1 = keyword(&f, "k1"), *i1 = item(&f, "i1");
	fx_append(fx_coll(i1, "keywords"), k1);
	add(&f, i1);
	commit(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, i1, keywords_attr, 1));
	CHECK_OK(assoc_collection_remove(fx_coll(k1, "items"), sq_obj(i1)));
	fx_append(fx_coll(k1, "items"), i1);
	SQ_MEMBERS(fx_coll(i1, "keywords"), k1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MCollectionMoveTest::test_pending_combines_with_flushed
static void test_m2m_pending_combines_with_flushed(void)
{
	fx f;
	map_m2m(&f);
	sq_session_autoflush(&f, 0);
	assoc_object *k1 = keyword(&f, "k1"), *k2 = keyword(&f, "k2"), *i1 = item(&f, "i1");
	fx_append(fx_coll(i1, "keywords"), k1);
	add(&f, i1);
	add(&f, k2);
	commit(&f);
	fx_append(fx_coll(k2, "items"), i1);
	/* autoflush is off: k2 comes in from the pending changes */
	SQ_MEMBERS(fx_coll(i1, "keywords"), k1, k2);
	CHECK_INT(fx_count(f.eng, "item_keywords"), 1); /* it didn't flush */
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MCollectionMoveTest::test_duplicate_adds
static void test_m2m_duplicate_adds(void)
{
	fx f;
	map_m2m(&f);
	sq_session_autoflush(&f, 0);
	assoc_object *k1 = keyword(&f, "k1"), *i1 = item(&f, "i1");
	fx_append(fx_coll(i1, "keywords"), k1);
	add(&f, i1);
	commit(&f);
	fx_append(fx_coll(k1, "items"), i1);
	SQ_MEMBERS(fx_coll(i1, "keywords"), k1, k1);
	CHECK_OK(assoc_session_expire_attrs(f.s, i1, keywords_attr, 1));
	fx_append(fx_coll(k1, "items"), i1);
	SQ_MEMBERS(fx_coll(i1, "keywords"), k1, k1);
	CHECK_OK(assoc_session_expire_attrs(f.s, i1, keywords_attr, 1));
	fx_append(fx_coll(k1, "items"), i1);
	SQ_MEMBERS(fx_coll(i1, "keywords"), k1, k1);
	SQ_MEMBERS(fx_coll(k1, "items"), i1, i1, i1, i1);
	commit(&f);
	SQ_MEMBERS(fx_coll(k1, "items"), i1);
	CHECK_INT(fx_count(f.eng, "item_keywords"), 1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MCollectionMoveTest::test_bulk_replace
static void test_m2m_bulk_replace(void)
{
	fx f;
	map_m2m(&f);
	assoc_object *k1 = keyword(&f, "k1"), *k2 = keyword(&f, "k2"), *k3 = keyword(&f, "k3");
	assoc_object *i1 = item(&f, "i1"), *i2 = item(&f, "i2");
	fx_append(fx_coll(i1, "keywords"), k1);
	fx_append(fx_coll(i1, "keywords"), k2);
	fx_append(fx_coll(i2, "keywords"), k3);
	assoc_value v[] = { sq_obj(k2), sq_obj(k3) };
	CHECK_OK(assoc_collection_assign(fx_coll(i1, "keywords"), NULL, v, 2));
	CHECK(fx_contains(fx_coll(k3, "items"), i1));
	CHECK(fx_contains(fx_coll(k3, "items"), i2));
	CHECK(!fx_contains(fx_coll(k1, "items"), i1));
	fx_close(&f);
}

/* ---- M2MScalarMoveTest -------------------------------------------------------------- */

/* Item.keyword = relationship(Keyword, secondary, uselist=False, backref=backref("item", uselist=False)) */
static void m2m_scalar_fixture(fx *f, assoc_object **i1, assoc_object **i2, assoc_object **k1)
{
	sq_begin(f);
	sq_items_keywords(f->reg);
	assoc_mapper *im = fx_mapper(f->reg, "Item", "items");
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.uselist = 0;
	assoc_relationship_options r = sq_opts("Keyword");
	r.secondary = "item_keywords";
	r.uselist = 0;
	r.backref = "item";
	r.backref_options = &back;
	sq_rel(im, "keyword", &r);
	fx_open(f);
	*k1 = keyword(f, "k1");
	*i1 = item(f, "i1");
	fx_set_obj(*i1, "keyword", *k1);
	*i2 = item(f, "i2");
	add(f, *i1);
	add(f, *i2);
	add(f, *k1);
	commit(f);
}

// test/orm/test_backref_mutations.py::M2MScalarMoveTest::test_collection_move_preloaded
static void test_m2m_scalar_collection_move_preloaded(void)
{
	fx f;
	assoc_object *i1, *i2, *k1;
	m2m_scalar_fixture(&f, &i1, &i2, &k1);
	CHECK(fx_get_obj(i1, "keyword") == k1);
	fx_set_obj(i2, "keyword", k1);
	CHECK(fx_get_obj(k1, "item") == i2);
	/* nothing happens */
	CHECK(fx_get_obj(i1, "keyword") == k1);
	CHECK(fx_get_obj(i2, "keyword") == k1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MScalarMoveTest::test_collection_move_notloaded
static void test_m2m_scalar_collection_move_notloaded(void)
{
	fx f;
	assoc_object *i1, *i2, *k1;
	m2m_scalar_fixture(&f, &i1, &i2, &k1);
	fx_set_obj(i2, "keyword", k1);
	CHECK(fx_get_obj(k1, "item") == i2);
	CHECK(fx_get_obj(i1, "keyword") == NULL);
	CHECK(fx_get_obj(i2, "keyword") == k1);
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MScalarMoveTest::test_collection_move_commit
static void test_m2m_scalar_collection_move_commit(void)
{
	fx f;
	assoc_object *i1, *i2, *k1;
	m2m_scalar_fixture(&f, &i1, &i2, &k1);
	CHECK(fx_get_obj(i1, "keyword") == k1);
	fx_set_obj(i2, "keyword", k1);
	CHECK(fx_get_obj(k1, "item") == i2);
	commit(&f);
	CHECK(fx_get_obj(i1, "keyword") == NULL);
	CHECK(fx_get_obj(i2, "keyword") == k1);
	fx_close(&f);
}

/* ---- O2MStaleBackrefTest, M2MStaleBackrefTest --------------------------------------- */

// test/orm/test_backref_mutations.py::O2MStaleBackrefTest::test_backref_pop_m2o
static void test_o2m_backref_pop_m2o(void)
{
	fx f;
	map_o2m(&f);
	assoc_object *u1 = user(&f, NULL), *u2 = user(&f, NULL), *a1 = address(&f, NULL);
	fx_append(ADDRS(u1), a1);
	fx_append(ADDRS(u2), a1);
	CHECK(!fx_contains(ADDRS(u1), a1)); /* as of [ticket:2789] */
	CHECK(fx_get_obj(a1, "user") == u2);
	CHECK(fx_contains(ADDRS(u2), a1));
	fx_close(&f);
}

// test/orm/test_backref_mutations.py::M2MStaleBackrefTest::test_backref_pop_m2m
static void test_m2m_backref_pop_m2m(void)
{
	fx f;
	map_m2m(&f);
	assoc_object *k1 = keyword(&f, NULL), *k2 = keyword(&f, NULL), *i1 = item(&f, NULL);
	fx_append(fx_coll(k1, "items"), i1);
	fx_append(fx_coll(k2, "items"), i1);
	fx_append(fx_coll(k2, "items"), i1);
	CHECK_OK(assoc_collection_assign(fx_coll(i1, "keywords"), NULL, NULL, 0));
	CHECK_OK(assoc_collection_remove(fx_coll(k2, "items"), sq_obj(i1)));
	CHECK_INT(fx_len(fx_coll(k2, "items")), 0);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_o2m_collection_move_hitslazy),
		TEST(test_o2m_collection_move_preloaded),
		TEST(test_o2m_collection_move_notloaded),
		TEST(test_o2m_collection_move_commitfirst),
		TEST(test_o2m_scalar_move_preloaded),
		TEST(test_o2m_plain_load_passive),
		TEST(test_o2m_set_none),
		TEST(test_o2m_scalar_move_notloaded),
		TEST(test_o2m_scalar_move_commitfirst),
		TEST(test_o2m_collection_assignment_mutates_previous_one),
		TEST(test_o2m_collection_assignment_mutates_previous_two),
		TEST(test_o2m_del_from_collection),
		TEST(test_o2m_del_from_scalar),
		TEST(test_o2m_tuple_assignment_w_reverse),
		TEST(test_o2m_straight_remove),
		TEST(test_o2m_append_del),
		TEST(test_o2m_append_del_flushed),
		TEST(test_o2m_bulk_replace),
		TEST(test_o2o_collection_move_preloaded),
		TEST(test_o2o_scalar_move_preloaded),
		TEST(test_o2o_collection_move_notloaded),
		TEST(test_o2o_scalar_move_notloaded),
		TEST(test_o2o_collection_move_commitfirst),
		TEST(test_o2o_scalar_move_commitfirst),
		TEST(test_o2o_scalar_move_commitfirst_unloaded),
		TEST(test_o2o_nobackref_collection_move_commitfirst),
		TEST(test_o2o_orphan_m2o_event),
		TEST(test_m2m_add_remove_pending_backref),
		TEST(test_m2m_remove_add_pending_backref),
		TEST(test_m2m_pending_combines_with_flushed),
		TEST(test_m2m_duplicate_adds),
		TEST(test_m2m_bulk_replace),
		TEST(test_m2m_scalar_collection_move_preloaded),
		TEST(test_m2m_scalar_collection_move_notloaded),
		TEST(test_m2m_scalar_collection_move_commit),
		TEST(test_o2m_backref_pop_m2o),
		TEST(test_m2m_backref_pop_m2m),
	};
	return CHECK_RUN(tests, argc, argv);
}
