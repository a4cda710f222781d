/*
 * m2m.c - test_cascade.py's M2MCascadeTest (delete and delete-orphan through
 * a secondary table), NoBackrefCascadeTest and CollectionCascadesNoBackrefTest
 * (save-update does not travel along a backref, SQLAlchemy 2.0).
 */
#include "cascade.h"

/* a, b, atob(aid, bid) without a primary key, c(bid -> b.id) */
static void abc(fx *f)
{
	sq_begin(f);
	cx_table(f->reg, "a", "data", 0);
	cx_table(f->reg, "b", "data", 0);
	assoc_table *t = fx_table(f->reg, "atob");
	fx_fk(t, "aid", "a.id");
	fx_fk(t, "bid", "b.id");
	t = cx_table(f->reg, "c", "data", 0);
	cx_fk(t, "bid", "b.id", 0);
}

/* A.bs = relationship(B, secondary=atob, cascade="all, delete-orphan", single_parent=True[, backref]) */
static void map_abs(fx *f, int with_c, int backref_a)
{
	abc(f);
	assoc_mapper *am = fx_mapper(f->reg, "A", "a");
	assoc_mapper *bm = fx_mapper(f->reg, "B", "b");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.uselist = 0;
	assoc_relationship_options r = sq_opts("B");
	r.secondary = "atob";
	r.cascade = "all, delete-orphan";
	if (backref_a) {
		r.backref = "a";
		r.backref_options = &back;
	}
	sq_rel(am, "bs", &r);
	if (with_c) {
		fx_mapper(f->reg, "C", "c");
		cx_rel(bm, "cs", "C", "all, delete-orphan", NULL);
	}
	fx_open(f);
}

static void abc_counts(fx *f, int natob, int nb, int na)
{
	CHECK_INT(fx_count(f->eng, "atob"), natob);
	CHECK_INT(fx_count(f->eng, "b"), nb);
	CHECK_INT(fx_count(f->eng, "a"), na);
}

/* a1 with bs=[b1], flushed; then a1.bs.remove(b1) and flush. */
static void remove_b1(fx *f, assoc_object *b1)
{
	assoc_object *a1 = cx_new(f, "A", "data", "a1");
	fx_append(fx_coll(a1, "bs"), b1);
	cx_add(f, a1);
	cx_flush(f);
	CHECK_OK(assoc_collection_remove(fx_coll(a1, "bs"), sq_obj(b1)));
	cx_flush(f);
}

// test/orm/test_cascade.py::M2MCascadeTest::test_delete_orphan
static void test_delete_orphan(void)
{
	fx f;
	map_abs(&f, 0, 0);
	remove_b1(&f, cx_new(&f, "B", "data", "b1"));
	abc_counts(&f, 0, 0, 1);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2MCascadeTest::test_delete_orphan_cascades
static void test_delete_orphan_cascades(void)
{
	fx f;
	map_abs(&f, 1, 0);
	assoc_object *b1 = cx_new(&f, "B", "data", "b1");
	fx_append(fx_coll(b1, "cs"), cx_new(&f, "C", "data", "c1"));
	remove_b1(&f, b1);
	abc_counts(&f, 0, 0, 1);
	CHECK_INT(fx_count(f.eng, "c"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2MCascadeTest::test_cascade_delete
static void test_m2m_cascade_delete(void)
{
	fx f;
	map_abs(&f, 0, 0);
	assoc_object *a1 = cx_new(&f, "A", "data", "a1");
	fx_append(fx_coll(a1, "bs"), cx_new(&f, "B", "data", "b1"));
	cx_add(&f, a1);
	cx_flush(&f);
	cx_delete(&f, a1);
	cx_flush(&f);
	abc_counts(&f, 0, 0, 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::M2MCascadeTest::test_single_parent_backref
static void test_m2m_single_parent_backref(void)
{
	fx f;
	map_abs(&f, 0, 1);
	assoc_object *b1 = cx_new(&f, "B", "data", "b1"), *a1 = cx_new(&f, "A", "data", "a1");
	fx_append(fx_coll(a1, "bs"), b1);
	/* the single_parent raise for A(bs=[b1]) is not supported; the backref part is */
	assoc_object *a2 = cx_new(&f, "A", "data", "a2");
	fx_set_obj(b1, "a", a2);
	CHECK(!fx_contains(fx_coll(a1, "bs"), b1));
	CHECK(fx_contains(fx_coll(a2, "bs"), b1));
	fx_close(&f);
}

/* ---- NoBackrefCascadeTest ----------------------------------------------------------- */

static void map_no_backref_cascade(fx *f)
{
	sq_begin(f);
	cx_table(f->reg, "users", "name", 1);
	assoc_table *t = cx_table(f->reg, "addresses", "email_address", 1);
	cx_fk(t, "user_id", "users.id", 0);
	t = cx_table(f->reg, "dingalings", "data", 0);
	cx_fk(t, "address_id", "addresses.id", 0);
	assoc_mapper *um = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	assoc_mapper *dm = fx_mapper(f->reg, "Dingaling", "dingalings");
	cx_rel(um, "addresses", "Address", NULL, "user");
	cx_rel(dm, "address", "Address", NULL, "dingalings");
	fx_open(f);
}

/* u1 added; a1.user = u1 */
static assoc_object *o2m_basic(fx *f)
{
	map_no_backref_cascade(f);
	assoc_object *u1 = cx_new(f, "User", "name", "u1");
	cx_add(f, u1);
	assoc_object *a1 = cx_new(f, "Address", "email_address", "a1");
	fx_set_obj(a1, "user", u1);
	return a1;
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_o2m_basic
static void test_nbc_o2m_basic(void)
{
	fx f;
	assoc_object *a1 = o2m_basic(&f);
	CHECK(!sq_in(&f, a1));
	fx_close(&f);
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_o2m_commit_warns
static void test_nbc_o2m_commit_warns(void)
{
	fx f;
	assoc_object *a1 = o2m_basic(&f);
	cx_commit(&f); /* SQLAlchemy warns "not in session" */
	CHECK(!sq_in(&f, a1));
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_o2m_on_backref_no_cascade
static void test_nbc_o2m_on_backref_no_cascade(void)
{
	fx f;
	map_no_backref_cascade(&f);
	assoc_object *a1 = cx_new(&f, "Address", "email_address", "a1");
	cx_add(&f, a1);
	assoc_object *d1 = fx_new(&f, "Dingaling");
	fx_set_obj(d1, "address", a1);
	CHECK(fx_contains(fx_coll(a1, "dingalings"), d1));
	CHECK(!sq_in(&f, d1));
	fx_close(&f);
}

/* d1 added; a1.dingalings.append(d1) */
static assoc_object *m2o_basic(fx *f)
{
	map_no_backref_cascade(f);
	assoc_object *a1 = cx_new(f, "Address", "email_address", "a1");
	assoc_object *d1 = fx_new(f, "Dingaling");
	cx_add(f, d1);
	fx_append(fx_coll(a1, "dingalings"), d1);
	return a1;
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_m2o_basic
static void test_nbc_m2o_basic(void)
{
	fx f;
	assoc_object *a1 = m2o_basic(&f);
	CHECK(!sq_in(&f, a1));
	fx_close(&f);
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_m2o_on_backref_no_cascade
static void test_nbc_m2o_on_backref_no_cascade(void)
{
	fx f;
	map_no_backref_cascade(&f);
	assoc_object *a1 = cx_new(&f, "Address", "email_address", "a1");
	cx_add(&f, a1);
	assoc_object *u1 = cx_new(&f, "User", "name", "u1");
	fx_append(fx_coll(u1, "addresses"), a1);
	CHECK(!sq_in(&f, u1));
	fx_close(&f);
}

// test/orm/test_cascade.py::NoBackrefCascadeTest::test_m2o_commit_no_cascade
static void test_nbc_m2o_commit_no_cascade(void)
{
	fx f;
	assoc_object *a1 = m2o_basic(&f);
	CHECK(!sq_in(&f, a1));
	cx_commit(&f); /* SQLAlchemy warns "not in session"; d1 is saved without its address */
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM dingalings WHERE address_id IS NULL"), 1);
	fx_close(&f);
}

/* ---- CollectionCascadesNoBackrefTest ---------------------------------------------------- */

enum how { ADD, APPEND, ASSIGN, SETITEM, SETDEFAULT, UPDATE };

/* A.bs = relationship("B", backref="a", collection_class=kind); b_(id, a_id, key) */
static void cascades_on_collection(assoc_collection_kind kind, enum how how)
{
	fx f;
	sq_begin(&f);
	fx_table_id(f.reg, "a");
	assoc_table *t = cx_table(f.reg, "b_", "key", 0);
	cx_fk(t, "a_id", "a.id", 0);
	assoc_mapper *am = fx_mapper(f.reg, "A", "a");
	fx_mapper(f.reg, "B", "b_");
	assoc_relationship_options r = sq_opts("B");
	r.backref = "a";
	r.collection = kind;
	r.dict_key = kind == ASSOC_COLLECTION_DICT ? "key" : NULL;
	sq_rel(am, "bs", &r);
	fx_open(&f);
	assoc_object *a1 = fx_new(&f, "A");
	cx_add(&f, a1);
	assoc_object *b1 = cx_new(&f, "B", "key", "b1"), *b2 = cx_new(&f, "B", "key", "b2");
	assoc_object *b3 = cx_new(&f, "B", "key", "b3");
	fx_set_obj(b1, "a", a1);
	fx_set_obj(b3, "a", a1);
	CHECK(!sq_in(&f, b1));
	CHECK(!sq_in(&f, b3));
	assoc_collection *bs = fx_coll(a1, "bs");
	assoc_value keys[] = { assoc_value_text("b1"), assoc_value_text("b2") };
	assoc_value vals[] = { sq_obj(b1), sq_obj(b2) };
	assoc_value out;
	for (int i = 0; i < 2; i++)
		switch (how) {
		case ADD:
		case APPEND:
			CHECK_OK(assoc_collection_append(bs, vals[i]));
			break;
		case SETITEM:
			CHECK_OK(assoc_collection_put(bs, keys[i], vals[i]));
			break;
		case SETDEFAULT:
			CHECK_OK(assoc_collection_setdefault(&out, bs, keys[i], vals[i]));
			break;
		case ASSIGN:
			if (!i)
				CHECK_OK(assoc_collection_assign(bs, NULL, vals, 2));
			break;
		case UPDATE:
			if (!i)
				CHECK_OK(assoc_collection_update(bs, keys, vals, 2));
			break;
		}
	CHECK(sq_in(&f, b1));
	CHECK(sq_in(&f, b2));
	CHECK(!sq_in(&f, b3)); /* the event never triggers from the reverse side */
	fx_close(&f);
}

// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (set, add)
static void test_cascades_on_collection_set_add(void) { cascades_on_collection(ASSOC_COLLECTION_SET, ADD); }

// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (list, append)
static void test_cascades_on_collection_list_append(void) { cascades_on_collection(ASSOC_COLLECTION_LIST, APPEND); }

// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (list, assign)
static void test_cascades_on_collection_list_assign(void) { cascades_on_collection(ASSOC_COLLECTION_LIST, ASSIGN); }

// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (dict, __setitem__)
static void test_cascades_on_collection_dict_setitem(void) { cascades_on_collection(ASSOC_COLLECTION_DICT, SETITEM); }

// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (dict, setdefault)
static void test_cascades_on_collection_dict_setdefault(void)
{
	cascades_on_collection(ASSOC_COLLECTION_DICT, SETDEFAULT);
}

/* update_dict and update_kw are one call here */
// test/orm/test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection (dict, update_dict)
static void test_cascades_on_collection_dict_update(void) { cascades_on_collection(ASSOC_COLLECTION_DICT, UPDATE); }

static const check_test tests[] = {
	TEST(test_delete_orphan),
	TEST(test_delete_orphan_cascades),
	TEST(test_m2m_cascade_delete),
	TEST(test_m2m_single_parent_backref),
	TEST(test_nbc_o2m_basic),
	TEST(test_nbc_o2m_commit_warns),
	TEST(test_nbc_o2m_on_backref_no_cascade),
	TEST(test_nbc_m2o_basic),
	TEST(test_nbc_m2o_on_backref_no_cascade),
	TEST(test_nbc_m2o_commit_no_cascade),
	TEST(test_cascades_on_collection_set_add),
	TEST(test_cascades_on_collection_list_append),
	TEST(test_cascades_on_collection_list_assign),
	TEST(test_cascades_on_collection_dict_setitem),
	TEST(test_cascades_on_collection_dict_setdefault),
	TEST(test_cascades_on_collection_dict_update),
	{ NULL, NULL },
};
const check_part cascade_m2m_part = { "m2m", tests };
