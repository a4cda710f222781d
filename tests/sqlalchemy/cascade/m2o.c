/*
 * m2o.c - test_cascade.py's M2OCascadeDeleteOrphanTestOne (new_style),
 * M2OCascadeDeleteOrphanTestTwo, M2OCascadeDeleteNoOrphanTest and
 * M2OwNoUseGetCascadeTest: delete and delete-orphan along many-to-one.
 */
#include "cascade.h"

/* ---- M2OCascadeDeleteOrphanTestOne --------------------------------------------- */

static void prefs_model(fx *f)
{
	sq_begin(f);
	cx_table(f->reg, "prefs", "data", 0);
	cx_table(f->reg, "foo", "data", 0);
	assoc_table *e = cx_table(f->reg, "extra", NULL, 0);
	cx_fk(e, "prefs_id", "prefs.id", 0);
	assoc_table *u = cx_table(f->reg, "users", "name", 0);
	cx_fk(u, "pref_id", "prefs.id", 0);
	cx_fk(u, "foo_id", "foo.id", 0);
	fx_mapper(f->reg, "Extra", "extra");
	assoc_mapper *pm = fx_mapper(f->reg, "Pref", "prefs");
	assoc_mapper *um = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Foo", "foo");
	cx_rel(pm, "extra", "Extra", "all, delete", NULL);
	assoc_relationship_options r = sq_opts("Pref");
	r.lazy = ASSOC_LAZY_JOINED;
	r.cascade = "all, delete-orphan"; /* single_parent=True */
	sq_rel(um, "pref", &r);
	cx_rel(um, "foo", "Foo", NULL, NULL);
	fx_open(f);
	/* insert_data: ed, jack and foo, each with a pref that has one extra */
	const char *names[] = { "ed", "jack", "foo" }, *prefs[] = { "pref 1", "pref 2", "pref 3" };
	for (int i = 0; i < 3; i++) {
		assoc_object *user = cx_new(f, "User", "name", names[i]);
		assoc_object *p = cx_new(f, "Pref", "data", prefs[i]);
		fx_append(fx_coll(p, "extra"), fx_new(f, "Extra"));
		fx_set_obj(user, "pref", p);
		cx_add(f, user);
	}
	cx_commit(f);
	fx_new_session(f);
}

static assoc_object *user_named(fx *f, const char *name)
{
	assoc_query *q = NULL;
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "User")));
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text(name)));
	CHECK_OK(assoc_query_one(&o, q));
	assoc_query_free(q);
	return o;
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_orphan
static void test_orphan(void)
{
	fx f;
	prefs_model(&f);
	CHECK_INT(fx_count(f.eng, "prefs"), 3);
	CHECK_INT(fx_count(f.eng, "extra"), 3);
	assoc_object *jack = user_named(&f, "jack");
	fx_set_obj(jack, "pref", NULL);
	cx_flush(&f);
	CHECK_INT(fx_count(f.eng, "prefs"), 2);
	CHECK_INT(fx_count(f.eng, "extra"), 2);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_cascade_on_deleted
static void test_cascade_on_deleted(void)
{
	fx f;
	prefs_model(&f);
	assoc_object *u1 = cx_new(&f, "User", "name", "jack");
	fx_set_obj(u1, "foo", cx_new(&f, "Foo", "data", "f1"));
	cx_add(&f, u1);
	cx_commit(&f);
	fx_set_obj(u1, "foo", NULL);
	CHECK(assoc_object_is_modified(u1, "foo"));
	cx_add(&f, u1);
	CHECK(sq_in(&f, u1));
	cx_commit(&f);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM users WHERE name = 'jack' AND foo_id IS NULL"), 2);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_pending_expunge
static void test_pending_expunge(void)
{
	fx f;
	prefs_model(&f);
	assoc_object *someuser = cx_new(&f, "User", "name", "someuser");
	cx_add(&f, someuser);
	cx_flush(&f);
	assoc_object *p1 = cx_new(&f, "Pref", "data", "somepref");
	fx_set_obj(someuser, "pref", p1);
	CHECK(sq_in(&f, p1));
	fx_set_obj(someuser, "pref", cx_new(&f, "Pref", "data", "someotherpref"));
	CHECK(!sq_in(&f, p1));
	cx_flush(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT p.data FROM prefs p JOIN users u ON u.pref_id = p.id "
	                             "WHERE u.name = 'someuser'"), "someotherpref");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM prefs WHERE data = 'somepref'"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestOne::test_double_assignment
static void test_double_assignment(void)
{
	fx f;
	prefs_model(&f);
	assoc_object *jack = user_named(&f, "jack");
	assoc_object *newpref = cx_new(&f, "Pref", "data", "newpref");
	fx_set_obj(jack, "pref", newpref);
	fx_set_obj(jack, "pref", newpref);
	cx_flush(&f);
	CHECK_STR(fx_sql_text(f.eng, "SELECT group_concat(data, ',') FROM (SELECT data FROM prefs ORDER BY id)"),
	          "pref 1,pref 3,newpref");
	fx_close(&f);
}

/* ---- M2OCascadeDeleteOrphanTestTwo / M2OCascadeDeleteNoOrphanTest ------------------ */

/* t1 -> t2 -> t3, T1.t2 and T2.t3 with cascade; orphan: delete-orphan and backref T3.t2. */
static void chain(fx *f, int orphan)
{
	sq_begin(f);
	cx_table(f->reg, "t3", "data", 0);
	assoc_table *t = cx_table(f->reg, "t2", "data", 0);
	cx_fk(t, "t3id", "t3.id", 0);
	t = cx_table(f->reg, "t1", "data", 0);
	cx_fk(t, "t2id", "t2.id", 0);
	assoc_mapper *m1 = fx_mapper(f->reg, "T1", "t1");
	assoc_mapper *m2 = fx_mapper(f->reg, "T2", "t2");
	fx_mapper(f->reg, "T3", "t3");
	const char *c = orphan ? "all, delete-orphan" : "all";
	cx_rel(m1, "t2", "T2", c, NULL);
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.uselist = 0;
	assoc_relationship_options r = sq_opts("T3");
	r.cascade = c;
	if (orphan) {
		r.backref = "t2";
		r.backref_options = &back;
	}
	sq_rel(m2, "t3", &r);
	fx_open(f);
}

/* T1(data=d1, t2=T2(data=d2, t3=T3(data=d3))), added and flushed. */
static assoc_object *chain_row(fx *f, const char *d1, const char *d2, const char *d3)
{
	assoc_object *x = cx_new(f, "T1", "data", d1), *y = cx_new(f, "T2", "data", d2);
	fx_set_obj(y, "t3", cx_new(f, "T3", "data", d3));
	fx_set_obj(x, "t2", y);
	cx_add(f, x);
	cx_flush(f);
	return x;
}

static void counts(fx *f, int n1, int n2, int n3)
{
	CHECK_INT(fx_count(f->eng, "t1"), n1);
	CHECK_INT(fx_count(f->eng, "t2"), n2);
	CHECK_INT(fx_count(f->eng, "t3"), n3);
}

static void cascade_delete(int orphan)
{
	fx f;
	chain(&f, orphan);
	assoc_object *x = chain_row(&f, "t1a", "t2a", "t3a");
	cx_delete(&f, x);
	cx_flush(&f);
	counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_cascade_delete
static void test_two_cascade_delete(void) { cascade_delete(1); }

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_deletes_orphans_onelevel
static void test_deletes_orphans_onelevel(void)
{
	fx f;
	chain(&f, 1);
	assoc_object *x2 = chain_row(&f, "t1b", "t2b", "t3b");
	fx_set_obj(x2, "t2", NULL);
	cx_delete(&f, x2);
	cx_flush(&f);
	counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_deletes_orphans_twolevel
static void test_deletes_orphans_twolevel(void)
{
	fx f;
	chain(&f, 1);
	assoc_object *x = chain_row(&f, "t1a", "t2a", "t3a");
	fx_set_obj(fx_get_obj(x, "t2"), "t3", NULL);
	cx_delete(&f, x);
	cx_flush(&f);
	counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_finds_orphans_twolevel
static void test_finds_orphans_twolevel(void)
{
	fx f;
	chain(&f, 1);
	assoc_object *x = chain_row(&f, "t1a", "t2a", "t3a");
	fx_set_obj(fx_get_obj(x, "t2"), "t3", NULL);
	cx_flush(&f);
	counts(&f, 1, 1, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteOrphanTestTwo::test_single_parent_backref
static void test_single_parent_backref(void)
{
	fx f;
	chain(&f, 1);
	assoc_object *y = cx_new(&f, "T3", "data", "T3a"), *x = cx_new(&f, "T2", "data", "T2a");
	fx_set_obj(x, "t3", y);
	/* set via the backref: unsets it from the previous parent first */
	assoc_object *z = cx_new(&f, "T2", "data", "T2b");
	fx_set_obj(y, "t2", z);
	CHECK(fx_get_obj(z, "t3") == y);
	CHECK(fx_get_obj(x, "t3") == NULL);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteNoOrphanTest::test_cascade_delete
static void test_noorphan_cascade_delete(void) { cascade_delete(0); }

// test/orm/test_cascade.py::M2OCascadeDeleteNoOrphanTest::test_cascade_delete_postappend_onelevel
static void test_cascade_delete_postappend_onelevel(void)
{
	fx f;
	chain(&f, 0);
	assoc_object *x1 = cx_new(&f, "T1", "data", "t1"), *x2 = cx_new(&f, "T2", "data", "t2");
	assoc_object *x3 = cx_new(&f, "T3", "data", "t3");
	cx_add(&f, x1);
	cx_add(&f, x2);
	cx_add(&f, x3);
	cx_flush(&f);
	cx_delete(&f, x1);
	fx_set_obj(x1, "t2", x2);
	fx_set_obj(x2, "t3", x3);
	cx_flush(&f);
	counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteNoOrphanTest::test_cascade_delete_postappend_twolevel
static void test_cascade_delete_postappend_twolevel(void)
{
	fx f;
	chain(&f, 0);
	assoc_object *x1 = cx_new(&f, "T1", "data", "t1");
	fx_set_obj(x1, "t2", cx_new(&f, "T2", "data", "t2"));
	assoc_object *x3 = cx_new(&f, "T3", "data", "t3");
	cx_add(&f, x1);
	cx_add(&f, x3);
	cx_flush(&f);
	cx_delete(&f, x1);
	fx_set_obj(fx_get_obj(x1, "t2"), "t3", x3);
	cx_flush(&f);
	counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteNoOrphanTest::test_preserves_orphans_onelevel
static void test_preserves_orphans_onelevel(void)
{
	fx f;
	chain(&f, 0);
	assoc_object *x2 = chain_row(&f, "t1b", "t2b", "t3b");
	fx_set_obj(x2, "t2", NULL);
	cx_delete(&f, x2);
	cx_flush(&f);
	counts(&f, 0, 1, 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2OCascadeDeleteNoOrphanTest::test_preserves_orphans_twolevel
static void test_preserves_orphans_twolevel(void)
{
	fx f;
	chain(&f, 0);
	assoc_object *x = chain_row(&f, "t1a", "t2a", "t3a");
	fx_set_obj(fx_get_obj(x, "t2"), "t3", NULL);
	cx_delete(&f, x);
	cx_flush(&f);
	counts(&f, 0, 0, 1);
	fx_close(&f);
}

/* ---- M2OwNoUseGetCascadeTest ---------------------------------------------------------- */

/*
 * a(id, email UNIQUE), b(id, email -> a.email): B.user joins on a column that
 * is not a's primary key, so it cannot be had from the identity map.
 * SQLAlchemy's test asserts its own SQL; the rows deleted are checked here.
 */
static void no_use_get(fx *f, assoc_lazy lazy, const char *cascade)
{
	sq_begin(f);
	assoc_table *a = fx_table_id(f->reg, "a");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.unique = 1;
	CHECK_OK(assoc_table_add_column(a, "email", ASSOC_TYPE_TEXT, &o));
	assoc_table *b = fx_table_id(f->reg, "b");
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "a.email";
	CHECK_OK(assoc_table_add_column(b, "email", ASSOC_TYPE_TEXT, &o));
	assoc_mapper *am = fx_mapper(f->reg, "A", "a");
	assoc_mapper *bm = fx_mapper(f->reg, "B", "b");
	assoc_relationship_options r = sq_opts("B");
	r.back_populates = "user";
	sq_rel(am, "bs", &r);
	r = sq_opts("A");
	r.back_populates = "bs";
	r.lazy = lazy;
	r.cascade = cascade;
	sq_rel(bm, "user", &r);
	fx_open(f);
	assoc_object *a1 = cx_new(f, "A", "email", "x"), *b1 = fx_new(f, "B");
	fx_set_obj(b1, "user", a1);
	cx_add(f, a1);
	cx_add(f, b1);
	cx_commit(f);
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "B")));
	CHECK_OK(assoc_query_first(&b1, q));
	assoc_query_free(q);
	CHECK(b1 != NULL);
	cx_delete(f, b1);
	cx_flush(f);
}

// test/orm/test_cascade.py::M2OwNoUseGetCascadeTest::test_cascade_deletes_user
static void test_no_use_get_cascade_deletes_user(void)
{
	fx f;
	no_use_get(&f, ASSOC_LAZY_SELECT, "all, delete-orphan");
	CHECK_INT(fx_count(f.eng, "b"), 0);
	CHECK_INT(fx_count(f.eng, "a"), 0);
	fx_close(&f);
}

/* lazy = "select" and "raise" */
// test/orm/test_cascade.py::M2OwNoUseGetCascadeTest::test_ignores_user
static void test_no_use_get_ignores_user(void)
{
	for (int raise = 0; raise < 2; raise++) {
		fx f;
		no_use_get(&f, raise ? ASSOC_LAZY_RAISE : ASSOC_LAZY_SELECT, "save-update");
		CHECK_INT(fx_count(f.eng, "b"), 0);
		CHECK_INT(fx_count(f.eng, "a"), 1);
		fx_close(&f);
	}
}

static const check_test tests[] = {
	TEST(test_orphan),
	TEST(test_cascade_on_deleted),
	TEST(test_pending_expunge),
	TEST(test_double_assignment),
	TEST(test_two_cascade_delete),
	TEST(test_deletes_orphans_onelevel),
	TEST(test_deletes_orphans_twolevel),
	TEST(test_finds_orphans_twolevel),
	TEST(test_single_parent_backref),
	TEST(test_noorphan_cascade_delete),
	TEST(test_cascade_delete_postappend_onelevel),
	TEST(test_cascade_delete_postappend_twolevel),
	TEST(test_preserves_orphans_onelevel),
	TEST(test_preserves_orphans_twolevel),
	TEST(test_no_use_get_cascade_deletes_user),
	TEST(test_no_use_get_ignores_user),
	{ NULL, NULL },
};
const check_part cascade_m2o_part = { "m2o", tests };
