/*
 * rudimentary.c - test/orm/test_unitofworkv2.py RudimentaryFlushTest and
 * RaiseLoadIgnoredTest: the statements a flush runs, and their order, for
 * one-to-many, many-to-one and many-to-many saves and deletes.
 */
#include "../orm_fixtures.h"

/* The _fixtures tables; User.addresses (o2m) and/or Address.<m2o> (to User). */
static void open_ua(fx *f, int o2m, const char *m2o)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	of_tables(f->reg);
	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	assoc_mapper *address = fx_mapper(f->reg, "Address", "addresses");
	if (o2m)
		fx_rel(user, "addresses", "Address", NULL, NULL);
	if (m2o)
		fx_rel(address, m2o, "User", NULL, NULL);
	fx_open(f);
}

static assoc_object *address(fx *f, const char *email)
{
	assoc_object *a = fx_new(f, "Address");
	fx_set_text(a, "email_address", email);
	return a;
}

/* u1 with addresses a1, a2 (through User.addresses), added. */
static assoc_object *user_with_two(fx *f, assoc_object **a1, assoc_object **a2)
{
	assoc_object *u1 = fx_add(f, "User", "name", "u1");
	*a1 = address(f, "a1");
	*a2 = address(f, "a2");
	assoc_collection *c = fx_coll(u1, "addresses");
	fx_append(c, *a1);
	fx_append(c, *a2);
	return u1;
}

/* a1, a2 both pointing at u1 through Address.<m2o>, added. */
static assoc_object *two_with_user(fx *f, const char *m2o, assoc_object **a1, assoc_object **a2)
{
	assoc_object *u1 = fx_new(f, "User");
	fx_set_text(u1, "name", "u1");
	*a1 = address(f, "a1");
	*a2 = address(f, "a2");
	fx_set_obj(*a1, m2o, u1);
	fx_set_obj(*a2, m2o, u1);
	CHECK_OK(assoc_session_add(f->s, *a1));
	CHECK_OK(assoc_session_add(f->s, *a2));
	return u1;
}

static int64_t id(assoc_object *o) { return fx_get_int(o, "id"); }

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_save
static void test_one_to_many_save(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 1, NULL);
	assoc_object *a1, *a2, *u1 = user_with_two(&f, &a1, &a2);
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO users (id, name) VALUES (NULL, 'u1')",
	          of_fmt("INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, %lld, 'a1')", (long long)id(u1)),
	          of_fmt("INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, %lld, 'a2')", (long long)id(u1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_delete_all
static void test_one_to_many_delete_all(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 1, NULL);
	assoc_object *a1, *a2, *u1 = user_with_two(&f, &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_delete(f.s, u1));
	CHECK_OK(assoc_session_delete(f.s, a1));
	CHECK_OK(assoc_session_delete(f.s, a2));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)id(a1)),
	          of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)id(a2)),
	          of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)id(u1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_delete_parent
static void test_one_to_many_delete_parent(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 1, NULL);
	assoc_object *a1, *a2, *u1 = user_with_two(&f, &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_delete(f.s, u1));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)id(a1)),
	          of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)id(a2)),
	          of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)id(u1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_save
static void test_many_to_one_save(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "user");
	assoc_object *a1, *a2, *u1 = two_with_user(&f, "user", &a1, &a2);
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO users (id, name) VALUES (NULL, 'u1')",
	          of_fmt("INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, %lld, 'a1')", (long long)id(u1)),
	          of_fmt("INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, %lld, 'a2')", (long long)id(u1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_all
static void test_many_to_one_delete_all(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "user");
	assoc_object *a1, *a2, *u1 = two_with_user(&f, "user", &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_delete(f.s, u1));
	CHECK_OK(assoc_session_delete(f.s, a1));
	CHECK_OK(assoc_session_delete(f.s, a2));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)id(a1)),
	          of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)id(a2)),
	          of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)id(u1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_target
static void test_many_to_one_delete_target(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "user");
	assoc_object *a1, *a2, *u1 = two_with_user(&f, "user", &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_delete(f.s, u1));
	fx_set(a1, "user", assoc_value_null());
	fx_set(a2, "user", assoc_value_null());
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)id(a1)),
	          of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)id(a2)),
	          of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)id(u1)));
	fx_close(&f);
}

/* Address rows c1, c2 with parent p1, flushed; their ids and p1's. */
static void parent_two_children(fx *f, assoc_object **p, assoc_object **c1, assoc_object **c2)
{
	*p = fx_new(f, "User");
	fx_set_text(*p, "name", "p1");
	*c1 = address(f, "c1");
	*c2 = address(f, "c2");
	fx_set_obj(*c1, "parent", *p);
	fx_set_obj(*c2, "parent", *p);
	CHECK_OK(assoc_session_add(f->s, *c1));
	CHECK_OK(assoc_session_add(f->s, *c2));
	CHECK_OK(assoc_session_add(f->s, *p));
	CHECK_OK(assoc_session_flush(f->s));
}

static const char *select_address(int64_t i)
{
	return of_fmt("SELECT addresses.id, addresses.user_id, addresses.email_address FROM addresses "
	              "WHERE addresses.id = %lld", (long long)i);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_unloaded
static void test_many_to_one_delete_unloaded(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "parent");
	assoc_object *p, *c1, *c2;
	parent_two_children(&f, &p, &c1, &c2);
	int64_t pid = id(p), c1id = id(c1), c2id = id(c2);
	CHECK_OK(assoc_session_expire(f.s, p));
	CHECK_OK(assoc_session_expire(f.s, c1));
	CHECK_OK(assoc_session_expire(f.s, c2));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_delete(f.s, c1));
	CHECK_OK(assoc_session_delete(f.s, c2));
	CHECK_OK(assoc_session_delete(f.s, p));
	CHECK_OK(assoc_session_flush(f.s));
	/* the m2os are loaded though everything was expired; AllOf as in SQLAlchemy */
	size_t pos = 0;
	OF_ALLOF(&r, pos, select_address(c1id), select_address(c2id),
	         of_fmt("SELECT users.id, users.name FROM users WHERE users.id = %lld", (long long)pid),
	         of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)c1id),
	         of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)c2id),
	         of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)pid));
	/* the parent row goes last (its children refer to it) */
	CHECK_STR(r.sql[r.n - 1], of_fmt("DELETE FROM users WHERE users.id = %lld", (long long)pid));
	OF_END(&r, pos);
	fx_close(&f);
}

static void childonly_unloaded(int expire_parent)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "parent");
	assoc_object *p, *c1, *c2;
	parent_two_children(&f, &p, &c1, &c2);
	int64_t c1id = id(c1), c2id = id(c2);
	if (expire_parent)
		CHECK_OK(assoc_session_expire(f.s, p));
	CHECK_OK(assoc_session_expire(f.s, c1));
	CHECK_OK(assoc_session_expire(f.s, c2));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_delete(f.s, c1));
	CHECK_OK(assoc_session_delete(f.s, c2));
	CHECK_OK(assoc_session_flush(f.s));
	/*
	 * A simple m2o and the User not deleted: no SELECT of users. SQLAlchemy
	 * reloads both rows, then runs one executemany DELETE; ours runs a
	 * DELETE per row, so a row's reload may follow the other's DELETE.
	 */
	size_t pos = 0;
	OF_ALLOF(&r, pos, select_address(c1id), select_address(c2id),
	         of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)c1id),
	         of_fmt("DELETE FROM addresses WHERE addresses.id = %lld", (long long)c2id));
	OF_END(&r, pos);
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_childonly_unloaded
static void test_many_to_one_delete_childonly_unloaded(void) { childonly_unloaded(0); }

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_childonly_unloaded_expired
static void test_many_to_one_delete_childonly_unloaded_expired(void) { childonly_unloaded(1); }

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_del_attr
static void test_many_to_one_del_attr(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "user");
	assoc_object *a1, *a2;
	two_with_user(&f, "user", &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_object_unset(a1, "user"));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)id(a1)));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_del_attr_unloaded
static void test_many_to_one_del_attr_unloaded(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "user");
	assoc_object *a1, *a2, *u1 = two_with_user(&f, "user", &a1, &a2);
	CHECK_OK(assoc_session_flush(f.s));
	int64_t a1id = id(a1);
	/* SQLAlchemy expunges u1 and expires a1.user alone; a new session where
	 * a1 is loaded and its user is not is the same state for us */
	(void)u1;
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f);
	a1 = of_get(&f, "Address", a1id);
	CHECK_OK(assoc_object_unset(a1, "user"));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE addresses SET user_id = NULL WHERE id = %lld", (long long)a1id));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_natural_ordering
static void test_natural_ordering(void)
{
	fx f;
	of_rec r;
	open_ua(&f, 0, "parent");
	assoc_object *u1 = fx_new(&f, "User");
	fx_set_int(u1, "id", 1);
	fx_set_text(u1, "name", "u1");
	assoc_object *a1 = fx_new(&f, "Address");
	fx_set_int(a1, "id", 1);
	fx_set_int(a1, "user_id", 1);
	fx_set_text(a1, "email_address", "a2");
	/* added child first: the relationship still orders users first */
	CHECK_OK(assoc_session_add(f.s, a1));
	CHECK_OK(assoc_session_add(f.s, u1));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO users (id, name) VALUES (1, 'u1')",
	          "INSERT INTO addresses (id, user_id, email_address) VALUES (1, 1, 'a2')");
	CHECK_OK(assoc_session_delete(f.s, u1));
	CHECK_OK(assoc_session_delete(f.s, a1));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "DELETE FROM addresses WHERE addresses.id = 1", "DELETE FROM users WHERE users.id = 1");
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_natural_selfref
static void test_natural_selfref(void)
{
	fx f;
	of_rec r;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_table *t = fx_table_id(f.reg, "nodes");
	of_col(t, "parent_id", ASSOC_TYPE_INFER, 1, "nodes.id");
	of_col(t, "data", ASSOC_TYPE_TEXT, 1, NULL);
	fx_rel(fx_mapper(f.reg, "Node", "nodes"), "children", "Node", NULL, NULL);
	fx_open(&f);
	/* unconnected objects: insert order is the add order, as they are of one mapper */
	assoc_object *n[3];
	for (int i = 0; i < 3; i++) {
		n[i] = fx_new(&f, "Node");
		fx_set_int(n[i], "id", i + 1);
		if (i)
			fx_set_int(n[i], "parent_id", i);
		CHECK_OK(assoc_session_add(f.s, n[i]));
	}
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO nodes (id, parent_id, data) VALUES (1, NULL, NULL)",
	          "INSERT INTO nodes (id, parent_id, data) VALUES (2, 1, NULL)",
	          "INSERT INTO nodes (id, parent_id, data) VALUES (3, 2, NULL)");
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_many
static void test_many_to_many(void)
{
	fx f;
	of_rec r;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	of_tables(f.reg);
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Keyword";
	o.secondary = "item_keywords";
	of_rel(fx_mapper(f.reg, "Item", "items"), "keywords", &o);
	fx_mapper(f.reg, "Keyword", "keywords");
	fx_open(&f);
	assoc_object *k1 = fx_new(&f, "Keyword");
	fx_set_text(k1, "name", "k1");
	assoc_object *i1 = fx_add(&f, "Item", "description", "i1");
	fx_append(fx_coll(i1, "keywords"), k1);
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO items (id, description) VALUES (NULL, 'i1')",
	          "INSERT INTO keywords (id, name) VALUES (NULL, 'k1')",
	          of_fmt("INSERT INTO item_keywords (item_id, keyword_id) VALUES (%lld, %lld)", (long long)id(i1),
	                 (long long)id(k1)));
	/* the keywords collection is not loaded by an UPDATE of the item alone */
	int64_t i1id = id(i1);
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f); /* SQLAlchemy expires i1.keywords alone: here they are not loaded */
	i1 = of_get(&f, "Item", i1id);
	fx_set_text(i1, "description", "i2");
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE items SET description = 'i2' WHERE id = %lld", (long long)i1id));
	fx_close(&f);
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_m2o_flush_size
static void test_m2o_flush_size(void)
{
	CHECK_SKIP("not applicable: counts the unit of work's internal postsort actions (no C equivalent)");
}

// test/orm/test_unitofworkv2.py::RudimentaryFlushTest::test_o2m_flush_size
static void test_o2m_flush_size(void)
{
	CHECK_SKIP("not applicable: counts the unit of work's internal postsort actions (no C equivalent)");
}

// test/orm/test_unitofworkv2.py::RaiseLoadIgnoredTest::test_delete_head
static void test_delete_head(void)
{
	fx f;
	of_rec r;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_table_id(f.reg, "a");
	fx_fk(fx_table_id(f.reg, "b"), "a_id", "a.id");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "B";
	o.back_populates = "user";
	o.lazy = ASSOC_LAZY_RAISE;
	of_rel(fx_mapper(f.reg, "A", "a"), "bs", &o);
	o.target = "A";
	o.back_populates = "bs";
	of_rel(fx_mapper(f.reg, "B", "b"), "user", &o);
	fx_open(&f);
	assoc_object *a = fx_new(&f, "A");
	CHECK_OK(assoc_session_add(f.s, a));
	assoc_collection *bs = fx_coll(a, "bs");
	fx_append(bs, fx_new(&f, "B"));
	fx_append(bs, fx_new(&f, "B"));
	CHECK_OK(assoc_session_commit(f.s));
	assoc_query *q;
	assoc_object *a1;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "A")));
	CHECK_OK(assoc_query_first(&a1, q));
	assoc_query_free(q);
	CHECK_OK(assoc_session_delete(f.s, a1));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	/* the flush loads bs though it is lazy="raise" (SQLAlchemy: WHERE :param_1 = b.a_id) */
	OF_EXPECT(&r, "SELECT b.id, b.a_id FROM b WHERE b.a_id = 1",
	          "UPDATE b SET a_id = NULL WHERE id = 1", "UPDATE b SET a_id = NULL WHERE id = 2",
	          "DELETE FROM a WHERE a.id = 1");
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_one_to_many_save),
	TEST(test_one_to_many_delete_all),
	TEST(test_one_to_many_delete_parent),
	TEST(test_many_to_one_save),
	TEST(test_many_to_one_delete_all),
	TEST(test_many_to_one_delete_target),
	TEST(test_many_to_one_delete_unloaded),
	TEST(test_many_to_one_delete_childonly_unloaded),
	TEST(test_many_to_one_delete_childonly_unloaded_expired),
	TEST(test_many_to_one_del_attr),
	TEST(test_many_to_one_del_attr_unloaded),
	TEST(test_natural_ordering),
	TEST(test_natural_selfref),
	TEST(test_many_to_many),
	TEST(test_m2o_flush_size),
	TEST(test_o2m_flush_size),
	TEST(test_delete_head),
	{ NULL, NULL },
};

const check_part uow_rudimentary = { "rudimentary", tests };
