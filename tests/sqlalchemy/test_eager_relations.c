/*
 * test_eager_relations.c - SQLAlchemy's test/orm/test_eager_relations.py:
 * lazy="joined" loading of one-to-many, many-to-one, many-to-many and
 * uselist=False relationships. The rows are checked as SQLAlchemy checks
 * them. Here lazy="joined" runs as selectin (mapper.h: a second SELECT ... IN
 * per relationship, not a LEFT OUTER JOIN), so where SQLAlchemy counts one
 * statement the count check ends the test as a skip naming that, after the
 * results have been checked.
 */
#include "orm_fixtures.h"

static void open_data(fx *f)
{
	fx_open(f);
	of_insert_data(f->eng);
}

static assoc_query *query(fx *f, const char *mapper)
{
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	return q;
}

static assoc_result *all_free(assoc_query *q)
{
	assoc_result *res;
	CHECK_OK(assoc_query_all(&res, q));
	assoc_query_free(q);
	return res;
}

static int64_t id_at(assoc_result *res, size_t i)
{
	CHECK(i < assoc_result_count(res));
	return fx_get_int(assoc_result_get(res, i), "id");
}

/*
 * SQLAlchemy's assert_sql_count(want) for a joined load: with_selectin is the
 * count our selectin stand-in takes (one more statement per eager
 * relationship level); anything else is a failure.
 */
static void joined_count_(FX_AT, const of_rec *r, size_t want, size_t with_selectin)
{
	if (r->n == want)
		return;
	if (r->n == with_selectin)
		check_skip_at(file, line, of_fmt("joined eager loading as a JOIN is missing (lazy='joined' runs as "
		                                 "selectin): %zu statements where SQLAlchemy's joined load runs %zu",
		                                 r->n, want));
	of_dump(r);
	check_fail_at(file, line, "%zu statements, expected %zu (or %zu as selectin)", r->n, want, with_selectin);
}
#define JOINED_COUNT(r, want, with_selectin) joined_count_(FX_HERE, (r), (want), (with_selectin))

/* User.addresses joined, ordered by order_by. */
static void open_user_addresses(fx *f, const char *order_by, const char *cascade)
{
	of_base(f);
	assoc_relationship_options r = of_ropts("Address", ASSOC_LAZY_JOINED, order_by);
	r.cascade = cascade;
	of_rel(fx_m(f, "User"), "addresses", &r);
	open_data(f);
}

// test/orm/test_eager_relations.py::EagerTest::test_basic
static void test_basic(void)
{
	fx f;
	open_user_addresses(&f, "id", NULL);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "id", assoc_value_integer(7)));
	assoc_result *res = all_free(q);
	CHECK_INT(assoc_result_count(res), 1);
	CHECK_INT(id_at(res, 0), 7);
	assoc_collection *c = fx_coll(assoc_result_get(res, 0), "addresses");
	OF_IDS(c, 1);
	CHECK_STR(fx_get_text(fx_at(c, 0), "email_address"), "jack@bean.com");
	assoc_result_free(res);
	/* user_address_result */
	q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	res = all_free(q);
	CHECK_INT(assoc_result_count(res), 4);
	OF_IDS(fx_coll(assoc_result_get(res, 0), "addresses"), 1);
	OF_IDS(fx_coll(assoc_result_get(res, 1), "addresses"), 2, 3, 4);
	OF_IDS(fx_coll(assoc_result_get(res, 2), "addresses"), 5);
	OF_NO_IDS(fx_coll(assoc_result_get(res, 3), "addresses"));
	assoc_result_free(res);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_no_orphan
static void test_no_orphan(void)
{
	/* an eagerly loaded child is not an orphan: a flush leaves it alone */
	fx f;
	open_user_addresses(&f, NULL, "all, delete-orphan");
	assoc_object *user = of_get(&f, "User", 7);
	CHECK_INT(fx_len(fx_coll(user, "addresses")), 1);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_session_deleted_count(f.s), 0);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 7"), 1);
	fx_close(&f);
}

static void check_ordered(const char *order_by, int64_t a, int64_t b, int64_t c)
{
	fx f;
	open_user_addresses(&f, order_by, NULL);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *res = all_free(q);
	CHECK_INT(assoc_result_count(res), 4);
	OF_IDS(fx_coll(assoc_result_get(res, 0), "addresses"), 1);
	OF_IDS(fx_coll(assoc_result_get(res, 1), "addresses"), a, b, c);
	OF_IDS(fx_coll(assoc_result_get(res, 2), "addresses"), 5);
	OF_NO_IDS(fx_coll(assoc_result_get(res, 3), "addresses"));
	assoc_result_free(res);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_orderby
static void test_orderby(void) { check_ordered("email_address", 3, 4, 2); }

// test/orm/test_eager_relations.py::EagerTest::test_orderby_multi
static void test_orderby_multi(void) { check_ordered("email_address, id", 3, 4, 2); }

// test/orm/test_eager_relations.py::EagerTest::test_orderby_desc
static void test_orderby_desc(void) { check_ordered("email_address DESC", 2, 4, 3); }

// test/orm/test_eager_relations.py::EagerTest::test_orderby_related
static void test_orderby_related(void)
{
	CHECK_SKIP("ordering by a joined mapper's column (order_by(Address.email_address) on a User query) "
	           "is missing: assoc_query_order_by takes the query mapper's attributes only");
}

/* Item.keywords through item_keywords, ordered by keyword id, with the given strategy. */
static void open_item_keywords(fx *f, assoc_lazy lazy)
{
	of_base(f);
	assoc_relationship_options r = of_ropts("Keyword", lazy, "id");
	r.secondary = "item_keywords";
	of_rel(fx_m(f, "Item"), "keywords", &r);
	open_data(f);
}

/* item_keyword_result[0..n) */
static void check_item_keyword_result(assoc_result *res, size_t n)
{
	CHECK_INT(assoc_result_count(res), n);
	for (size_t i = 0; i < n; i++) {
		assoc_collection *c = fx_coll(assoc_result_get(res, i), "keywords");
		CHECK_INT(id_at(res, i), (int64_t)i + 1);
		switch (i) {
		case 0: OF_IDS(c, 2, 4, 6); break;
		case 1: OF_IDS(c, 2, 5, 7); break;
		case 2: OF_IDS(c, 3, 4, 6); break;
		default: OF_NO_IDS(c); break;
		}
	}
}

static assoc_query *items_with_red(fx *f)
{
	assoc_query *q = query(f, "Item");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_join(q, fx_m(f, "Item"), "keywords"));
	assoc_expr *e;
	CHECK_OK(assoc_expr_compare(&e, fx_m(f, "Keyword"), "name", ASSOC_OP_EQ, assoc_value_text("red")));
	CHECK_OK(assoc_query_where(q, e));
	return q;
}

// test/orm/test_eager_relations.py::EagerTest::test_many_to_many
static void test_many_to_many(void)
{
	fx f;
	of_rec r1, r2;
	open_item_keywords(&f, ASSOC_LAZY_JOINED);
	assoc_query *q = query(&f, "Item");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	of_record(&r1, f.eng);
	assoc_result *res = all_free(q);
	check_item_keyword_result(res, 5);
	assoc_result_free(res);
	/* a new session, so the second query loads again */
	fx_new_session(&f);
	of_record(&r2, f.eng);
	res = all_free(items_with_red(&f));
	check_item_keyword_result(res, 2);
	assoc_result_free(res);
	/* the third form: ka = aliased(Keyword); q.join(Item.keywords.of_type(ka)).filter(ka.name == "red") */
	fx_new_session(&f);
	of_rec r3;
	of_record(&r3, f.eng);
	assoc_query *qa = query(&f, "Item");
	CHECK_OK(assoc_query_order_by(qa, "id", 0));
	assoc_alias *ka = NULL;
	CHECK_OK(assoc_query_alias(&ka, qa, fx_m(&f, "Keyword"), NULL));
	CHECK_OK(assoc_query_join_alias(qa, NULL, "keywords", ka));
	assoc_expr *e;
	CHECK_OK(assoc_expr_alias_compare(&e, ka, "name", ASSOC_OP_EQ, assoc_value_text("red")));
	CHECK_OK(assoc_query_where(qa, e));
	res = all_free(qa);
	check_item_keyword_result(res, 2);
	assoc_result_free(res);
	JOINED_COUNT(&r1, 1, 2);
	JOINED_COUNT(&r2, 1, 2);
	JOINED_COUNT(&r3, 1, 2);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_eager_option
static void test_eager_option(void)
{
	fx f;
	of_rec r;
	open_item_keywords(&f, ASSOC_LAZY_SELECT);
	of_record(&r, f.eng);
	/* joinedload(Item.keywords) as an option: the option here is selectinload */
	assoc_query *q = items_with_red(&f);
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "Item"), "keywords"));
	assoc_result *res = all_free(q);
	check_item_keyword_result(res, 2);
	assoc_result_free(res);
	JOINED_COUNT(&r, 1, 2);
	fx_close(&f);
}

/* Order.items (m2m, by id) joined; User.addresses joined by id; User.orders as given. */
static void open_users_orders(fx *f, assoc_lazy orders_lazy)
{
	of_base(f);
	assoc_relationship_options r = of_ropts("Item", ASSOC_LAZY_JOINED, "id");
	r.secondary = "order_items";
	of_rel(fx_m(f, "Order"), "items", &r);
	r = of_ropts("Address", ASSOC_LAZY_JOINED, "id");
	of_rel(fx_m(f, "User"), "addresses", &r);
	r = of_ropts("Order", orders_lazy, "id");
	of_rel(fx_m(f, "User"), "orders", &r);
	open_data(f);
}

/* user_all_result[i] for user id (7..10): addresses, orders and their items. */
static void check_user_all(assoc_object *u)
{
	int64_t uid = fx_get_int(u, "id");
	assoc_collection *a = fx_coll(u, "addresses"), *o = fx_coll(u, "orders");
	switch (uid) {
	case 7:
		OF_IDS(a, 1);
		OF_IDS(o, 1, 3, 5);
		OF_IDS(fx_coll(fx_at(o, 0), "items"), 1, 2, 3);
		OF_IDS(fx_coll(fx_at(o, 1), "items"), 3, 4, 5);
		OF_IDS(fx_coll(fx_at(o, 2), "items"), 5);
		break;
	case 8:
		OF_IDS(a, 2, 3, 4);
		OF_NO_IDS(o);
		break;
	case 9:
		OF_IDS(a, 5);
		OF_IDS(o, 2, 4);
		OF_IDS(fx_coll(fx_at(o, 0), "items"), 1, 2, 3);
		OF_IDS(fx_coll(fx_at(o, 1), "items"), 1, 5);
		break;
	case 10:
		OF_NO_IDS(a);
		OF_NO_IDS(o);
		break;
	default: CHECK(!"unexpected user");
	}
}

// test/orm/test_eager_relations.py::EagerTest::test_limit
static void test_limit(void)
{
	fx f;
	open_users_orders(&f, ASSOC_LAZY_SELECT);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_limit(q, 2));
	CHECK_OK(assoc_query_offset(q, 1));
	assoc_result *res = all_free(q);
	CHECK_INT(assoc_result_count(res), 2); /* user_all_result[1:3] */
	CHECK_INT(id_at(res, 0), 8);
	CHECK_INT(id_at(res, 1), 9);
	check_user_all(assoc_result_get(res, 0));
	check_user_all(assoc_result_get(res, 1));
	assoc_result_free(res);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_limit_2
static void test_limit_2(void)
{
	fx f;
	open_item_keywords(&f, ASSOC_LAZY_JOINED);
	assoc_mapper *item = fx_m(&f, "Item");
	assoc_expr *e2, *e5, *e3, *either, *any;
	CHECK_OK(assoc_expr_compare(&e2, item, "description", ASSOC_OP_EQ, assoc_value_text("item 2")));
	CHECK_OK(assoc_expr_compare(&e5, item, "description", ASSOC_OP_EQ, assoc_value_text("item 5")));
	CHECK_OK(assoc_expr_compare(&e3, item, "description", ASSOC_OP_EQ, assoc_value_text("item 3")));
	CHECK_OK(assoc_expr_or(&either, e2, e5));
	CHECK_OK(assoc_expr_or(&any, either, e3));
	assoc_query *q = query(&f, "Item");
	CHECK_OK(assoc_query_where(q, any));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_limit(q, 2));
	assoc_result *res = all_free(q);
	/* item_keyword_result[1:3]: items 2 and 3 with all their keywords */
	CHECK_INT(assoc_result_count(res), 2);
	CHECK_INT(id_at(res, 0), 2);
	OF_IDS(fx_coll(assoc_result_get(res, 0), "keywords"), 2, 5, 7);
	CHECK_INT(id_at(res, 1), 3);
	OF_IDS(fx_coll(assoc_result_get(res, 1), "keywords"), 3, 4, 6);
	assoc_result_free(res);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_wide
static void test_wide(void)
{
	fx f;
	of_rec r;
	open_users_orders(&f, ASSOC_LAZY_JOINED);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	of_record(&r, f.eng);
	assoc_result *res = all_free(q);
	CHECK_INT(assoc_result_count(res), 4);
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(id_at(res, i), 7 + (int64_t)i);
		check_user_all(assoc_result_get(res, i));
	}
	assoc_result_free(res);
	/* users, then addresses, orders and the orders' items */
	JOINED_COUNT(&r, 1, 4);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_one_and_many
static void test_one_and_many(void)
{
	fx f;
	of_rec r;
	of_base(&f);
	assoc_relationship_options o = of_ropts("Order", ASSOC_LAZY_JOINED, "id");
	of_rel(fx_m(&f, "User"), "orders", &o);
	o = of_ropts("Item", ASSOC_LAZY_JOINED, "id");
	o.secondary = "order_items";
	of_rel(fx_m(&f, "Order"), "items", &o);
	open_data(&f);
	assoc_query *q = query(&f, "User");
	assoc_value ids[] = { assoc_value_integer(7), assoc_value_integer(8), assoc_value_integer(9) };
	assoc_expr *e;
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "id", ids, 3));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	of_record(&r, f.eng);
	assoc_result *res = all_free(q);
	/* user_order_result[0:3] */
	CHECK_INT(assoc_result_count(res), 3);
	assoc_collection *c = fx_coll(assoc_result_get(res, 0), "orders");
	OF_IDS(c, 1, 3, 5);
	OF_IDS(fx_coll(fx_at(c, 0), "items"), 1, 2, 3);
	OF_IDS(fx_coll(fx_at(c, 1), "items"), 3, 4, 5);
	OF_IDS(fx_coll(fx_at(c, 2), "items"), 5);
	OF_NO_IDS(fx_coll(assoc_result_get(res, 1), "orders"));
	c = fx_coll(assoc_result_get(res, 2), "orders");
	OF_IDS(c, 2, 4);
	OF_IDS(fx_coll(fx_at(c, 0), "items"), 1, 2, 3);
	OF_IDS(fx_coll(fx_at(c, 1), "items"), 1, 5);
	assoc_result_free(res);
	JOINED_COUNT(&r, 1, 3);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_useget_cancels_eager
static void test_useget_cancels_eager(void)
{
	fx f;
	of_rec r;
	of_base(&f);
	assoc_relationship_options o = of_ropts("User", ASSOC_LAZY_JOINED, NULL);
	o.backref = "addresses";
	of_rel(fx_m(&f, "Address"), "user", &o);
	open_data(&f);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "id", assoc_value_integer(8)));
	assoc_object *u1;
	CHECK_OK(assoc_query_one(&u1, q));
	assoc_query_free(q);
	of_record(&r, f.eng);
	/* the lazy o2m load; each address's m2o to u1 comes from the identity map */
	CHECK(fx_get_obj(fx_at(fx_coll(u1, "addresses"), 0), "user") == u1);
	OF_EXPECT(&r, "SELECT addresses.id, addresses.user_id, addresses.email_address FROM addresses "
	              "WHERE addresses.user_id = 8");
	fx_close(&f);
}

/* User.address (uselist=False) joined. */
static void open_user_address(fx *f)
{
	of_base(f);
	assoc_relationship_options r = of_ropts("Address", ASSOC_LAZY_JOINED, NULL);
	r.uselist = 0;
	of_rel(fx_m(f, "User"), "address", &r);
	open_data(f);
}

// test/orm/test_eager_relations.py::EagerTest::test_one_to_many_scalar
static void test_one_to_many_scalar(void)
{
	fx f;
	of_rec r;
	open_user_address(&f);
	of_record(&r, f.eng);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "id", assoc_value_integer(7)));
	assoc_result *res = all_free(q);
	CHECK_INT(assoc_result_count(res), 1);
	assoc_object *a = fx_get_obj(assoc_result_get(res, 0), "address");
	CHECK(a != NULL);
	CHECK_INT(fx_get_int(a, "id"), 1);
	assoc_result_free(res);
	JOINED_COUNT(&r, 1, 2);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_many_to_one
static void test_many_to_one(void)
{
	fx f;
	of_rec r;
	of_base(&f);
	assoc_relationship_options o = of_ropts("User", ASSOC_LAZY_JOINED, NULL);
	of_rel(fx_m(&f, "Address"), "user", &o);
	open_data(&f);
	of_record(&r, f.eng);
	assoc_query *q = query(&f, "Address");
	CHECK_OK(assoc_query_filter_by(q, "id", assoc_value_integer(1)));
	assoc_object *a;
	CHECK_OK(assoc_query_one(&a, q));
	assoc_query_free(q);
	assoc_object *u = fx_get_obj(a, "user");
	CHECK(u != NULL);
	CHECK(of_get(&f, "User", 7) == u);
	JOINED_COUNT(&r, 1, 2);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::EagerTest::test_many_to_one_null
static void test_many_to_one_null(void)
{
	CHECK_SKIP("a relationship with a custom primaryjoin (addresses.id == orders.address_id AND "
	           "email_address IS NOT NULL) and the lazyload() query option are missing");
}

// test/orm/test_eager_relations.py::EagerTest::test_uselist_false_warning
static void test_uselist_false_warning(void)
{
	CHECK_SKIP("not applicable: asserts a Python SAWarning; the C library has no warnings channel");
}

/* Reading the collection runs no statement: it was loaded. */
static int coll_loaded(fx *f, assoc_object *o, const char *name)
{
	of_rec r;
	of_record(&r, f->eng);
	fx_len(fx_coll(o, name));
	CHECK_OK(assoc_engine_set_log(f->eng, NULL, NULL));
	return r.n == 0;
}

static void no_autoflush(fx *f)
{
	assoc_session_free(f->s);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0;
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, &so));
}

/* get(User, 8), expire it, read it: the refresh reloads the joined addresses too. */
static void refresh_user_8(fx *f, of_rec *r, assoc_object **out)
{
	no_autoflush(f);
	assoc_object *u1 = of_get(f, "User", 8);
	CHECK(coll_loaded(f, u1, "addresses"));
	CHECK_OK(assoc_session_expire(f->s, u1));
	of_record(r, f->eng);
	CHECK_STR(fx_get_text(u1, "name"), "ed"); /* u1.id in SQLAlchemy: our primary key survives expiry */
	CHECK_OK(assoc_engine_set_log(f->eng, NULL, NULL));
	CHECK(coll_loaded(f, u1, "addresses"));
	*out = u1;
}

// test/orm/test_eager_relations.py::LoadOnExistingTest::test_runs_query_on_refresh
static void test_runs_query_on_refresh(void)
{
	fx f;
	of_rec r;
	assoc_object *u1;
	open_user_addresses(&f, NULL, NULL);
	refresh_user_8(&f, &r, &u1);
	JOINED_COUNT(&r, 1, 2);
	fx_close(&f);
}

// test/orm/test_eager_relations.py::LoadOnExistingTest::test_refresh_no_recursion
static void test_refresh_no_recursion(void)
{
	/* the "selectin" combination; "subquery" and "immediate" loaders do not exist here */
	fx f;
	of_rec r;
	assoc_object *u1;
	of_base(&f);
	assoc_relationship_options o = of_ropts("Address", ASSOC_LAZY_JOINED, NULL);
	o.back_populates = "user";
	of_rel(fx_m(&f, "User"), "addresses", &o);
	o = of_ropts("User", ASSOC_LAZY_SELECTIN, NULL);
	o.back_populates = "addresses";
	of_rel(fx_m(&f, "Address"), "user", &o);
	open_data(&f);
	refresh_user_8(&f, &r, &u1);
	/* the addresses' user is u1, from the identity map: no statement for it */
	of_rec r2;
	of_record(&r2, f.eng);
	CHECK(fx_get_obj(fx_at(fx_coll(u1, "addresses"), 0), "user") == u1);
	CHECK_INT(r2.n, 0);
	JOINED_COUNT(&r, 1, 2);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_basic),
		TEST(test_no_orphan),
		TEST(test_orderby),
		TEST(test_orderby_multi),
		TEST(test_orderby_desc),
		TEST(test_orderby_related),
		TEST(test_many_to_many),
		TEST(test_eager_option),
		TEST(test_limit),
		TEST(test_limit_2),
		TEST(test_wide),
		TEST(test_one_and_many),
		TEST(test_useget_cancels_eager),
		TEST(test_one_to_many_scalar),
		TEST(test_many_to_one),
		TEST(test_many_to_one_null),
		TEST(test_uselist_false_warning),
		TEST(test_runs_query_on_refresh),
		TEST(test_refresh_no_recursion),
	};
	return CHECK_RUN(tests, argc, argv);
}
