/*
 * test_query.c - all, filter_by (columns, and many-to-one with an object),
 * order_by, limit, offset, first, one, count, the SQL text, and errors.
 */
#include <string.h>

#include "fixtures.h"

/* users ann, bob, cy, dee (ids 1..4; bob and dee are 30, the others 20);
 * addresses: ann has 2, bob 1, and one address has no user. */
static void open_data(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	assoc_table *users = NULL;
	CHECK_OK(assoc_registry_table(&users, f->reg, "users"));
	fx_col(users, "age", ASSOC_TYPE_INTEGER);
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO users (id, name, age) VALUES "
	                                   "(1, 'ann', 20), (2, 'bob', 30), (3, 'cy', 20), (4, 'dee', 30)"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO addresses (id, email, user_id) VALUES "
	                                   "(1, 'ann@a', 1), (2, 'ann@b', 1), (3, 'bob@a', 2), (4, 'nobody', NULL)"));
	fx_sync_ids(f->eng, "users");
	fx_sync_ids(f->eng, "addresses");
}

static assoc_query *query(fx *f, const char *mapper)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	CHECK(q != NULL);
	return q;
}

/* The names of a query's results, comma-separated, into buf. */
static const char *names(assoc_query *q, const char *attr, char *buf, size_t size)
{
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		const char *n = fx_get_text(assoc_result_get(r, i), attr);
		if (i)
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, n ? n : "NULL", size - strlen(buf) - 1);
	}
	assoc_result_free(r);
	return buf;
}

static void test_all_and_count(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), 4);
	for (size_t i = 0; i < 4; i++) {
		assoc_object *o = assoc_result_get(r, i);
		CHECK(o != NULL);
		CHECK(assoc_object_mapper(o) == fx_m(&f, "User"));
		CHECK_INT(assoc_object_state_of(o), ASSOC_STATE_PERSISTENT);
	}
	assoc_result_free(r);
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 4);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_filter_by_columns(void)
{
	fx f;
	open_data(&f);
	char buf[256];
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "age", assoc_value_integer(30)));
	CHECK_OK(assoc_query_order_by(q, "name", 0));
	CHECK_STR(names(q, "name", buf, sizeof buf), "bob,dee");
	/* filters AND together */
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("dee")));
	CHECK_STR(names(q, "name", buf, sizeof buf), "dee");
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 1);
	assoc_query_free(q);

	q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("nobody")));
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 0);
	assoc_object *o = (assoc_object *)&o;
	CHECK_OK(assoc_query_first(&o, q));
	CHECK(o == NULL);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_filter_by_many_to_one(void)
{
	fx f;
	open_data(&f);
	char buf[256];
	assoc_object *ann = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&ann, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK(ann != NULL);
	assoc_query *q = query(&f, "Address");
	CHECK_OK(assoc_query_filter_by(q, "user", assoc_value_object(ann)));
	CHECK_OK(assoc_query_order_by(q, "email", 0));
	CHECK_STR(names(q, "email", buf, sizeof buf), "ann@a,ann@b");
	assoc_query_free(q);

	q = query(&f, "Address");
	CHECK_OK(assoc_query_filter_by(q, "user", assoc_value_null()));
	CHECK_STR(names(q, "email", buf, sizeof buf), "nobody");
	assoc_query_free(q);

	/* an object of the wrong mapper is refused */
	assoc_object *addr = NULL;
	CHECK_OK(assoc_session_get(&addr, f.s, fx_m(&f, "Address"), &pk, 1));
	q = query(&f, "Address");
	CHECK_ERR(assoc_query_filter_by(q, "user", assoc_value_object(addr)), ASSOC_ETYPE);
	assoc_query_free(q);
	fx_close(&f);
}

/* A pending object compared in a filter gets its key from the autoflush. */
static void test_filter_by_pending_object(void)
{
	fx f;
	open_data(&f);
	char buf[256];
	assoc_object *eve = fx_add(&f, "User", "name", "eve");
	assoc_object *mail = fx_add(&f, "Address", "email", "eve@a");
	fx_set_obj(mail, "user", eve);
	assoc_query *q = query(&f, "Address");
	CHECK_OK(assoc_query_filter_by(q, "user", assoc_value_object(eve)));
	CHECK_STR(names(q, "email", buf, sizeof buf), "eve@a");
	assoc_query_free(q);
	fx_close(&f);
}

static void test_order_limit_offset(void)
{
	fx f;
	open_data(&f);
	char buf[256];
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "age", 1));
	CHECK_OK(assoc_query_order_by(q, "name", 0));
	CHECK_STR(names(q, "name", buf, sizeof buf), "bob,dee,ann,cy");
	CHECK_OK(assoc_query_limit(q, 2));
	CHECK_STR(names(q, "name", buf, sizeof buf), "bob,dee");
	CHECK_OK(assoc_query_offset(q, 1));
	CHECK_STR(names(q, "name", buf, sizeof buf), "dee,ann");
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_first(&o, q));
	CHECK(o != NULL);
	CHECK_STR(fx_get_text(o, "name"), "dee");
	assoc_query_free(q);

	q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "name", 1));
	CHECK_OK(assoc_query_offset(q, 3));
	CHECK_STR(names(q, "name", buf, sizeof buf), "ann");
	assoc_query_free(q);
	fx_close(&f);
}

static void test_one(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("cy")));
	CHECK_OK(assoc_query_one(&o, q));
	CHECK(o != NULL);
	CHECK_INT(fx_get_int(o, "id"), 3);
	assoc_query_free(q);

	q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("zed")));
	CHECK_ERR(assoc_query_one(&o, q), ASSOC_ENORESULT);
	assoc_query_free(q);

	q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "age", assoc_value_integer(20)));
	CHECK_ERR(assoc_query_one(&o, q), ASSOC_EMULTIPLE);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_sql_text(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("secret-value")));
	CHECK_OK(assoc_query_order_by(q, "age", 1));
	CHECK_OK(assoc_query_limit(q, 3));
	const char *sql = assoc_query_sql(q);
	CHECK(sql != NULL);
	CHECK(fx_icontains(sql, "SELECT"));
	CHECK(fx_icontains(sql, "users"));
	CHECK(fx_icontains(sql, "WHERE"));
	CHECK(fx_icontains(sql, "ORDER BY"));
	CHECK(fx_icontains(sql, "DESC"));
	CHECK(fx_icontains(sql, "LIMIT"));
	/* values are bound, never spliced into the text */
	CHECK(!strstr(sql, "secret-value"));
	CHECK(strchr(sql, '?') != NULL || strchr(sql, ':') != NULL || strchr(sql, '$') != NULL);
	assoc_query_free(q);
	fx_close(&f);
}

/* filter_by prints as SQLAlchemy's filter_by does, labelled and with named parameters. */
static void test_filter_by_sql(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("ann")));
	CHECK_OK(assoc_query_filter_by(q, "age", assoc_value_null()));
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("bob")));
	CHECK_OK(assoc_query_order_by(q, "age", 1));
	CHECK_OK(assoc_query_limit(q, 3));
	CHECK_SQL(assoc_query_sql(q), "SELECT users.id AS users_id, users.name AS users_name, users.age AS users_age "
	                              "FROM users WHERE users.name = :name_1 AND users.age IS NULL AND users.name = :name_2 "
	                              "ORDER BY users.age DESC LIMIT :param_1");
	assoc_query_free(q);
	assoc_object *ann = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&ann, f.s, fx_m(&f, "User"), &pk, 1));
	q = query(&f, "Address");
	CHECK_OK(assoc_query_filter_by(q, "user", assoc_value_object(ann)));
	CHECK_SQL(strstr(assoc_query_sql(q), " WHERE"), " WHERE :param_1 = addresses.user_id");
	CHECK_OK(assoc_query_filter_by(q, "user", assoc_value_null()));
	CHECK_SQL(strstr(assoc_query_sql(q), " WHERE"),
	          " WHERE :param_1 = addresses.user_id AND addresses.user_id IS NULL");
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 0);
	assoc_query_free(q);
	fx_close(&f);
}

/* Identifiers are quoted and text values bound: hostile input is just data. */
static void test_values_are_bound(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("x' OR '1'='1")));
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 0);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_unknown_attribute(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	CHECK_ERR(assoc_query_filter_by(q, "nickname", assoc_value_text("x")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nickname");
	CHECK_ERR(assoc_query_order_by(q, "shoe_size", 0), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("shoe_size");
	/* filter_by on a collection is not an equality filter */
	CHECK_ERR(assoc_query_filter_by(q, "addresses", assoc_value_null()), ASSOC_ETYPE);
	/* the failed calls left the query usable */
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 4);
	assoc_query_free(q);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_all_and_count),
		TEST(test_filter_by_columns),
		TEST(test_filter_by_many_to_one),
		TEST(test_filter_by_pending_object),
		TEST(test_order_limit_offset),
		TEST(test_one),
		TEST(test_sql_text),
		TEST(test_filter_by_sql),
		TEST(test_values_are_bound),
		TEST(test_unknown_attribute),
	};
	return CHECK_RUN(tests, argc, argv);
}
