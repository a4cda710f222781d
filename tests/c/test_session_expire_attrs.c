/*
 * test_session_expire_attrs.c - expiring and refreshing named attributes:
 * which columns the load selects, that unflushed changes to them are
 * discarded and others kept, that assigning an expired column loads nothing
 * and is still written, errors for bad names (nothing changes), and the
 * partial load under failing allocations.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixtures.h"

/* The statements run while counting, and the last one's SQL. */
static struct {
	int n;
	char last[512];
} tr;

static void trace(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	(void)nparams;
	if (strncasecmp(sql, "SELECT", 6) && strncasecmp(sql, "UPDATE", 6) && strncasecmp(sql, "INSERT", 6) &&
	    strncasecmp(sql, "DELETE", 6))
		return;
	tr.n++;
	snprintf(tr.last, sizeof tr.last, "%s", sql);
}

static void count_start(fx *f)
{
	memset(&tr, 0, sizeof tr);
	CHECK_OK(assoc_engine_set_trace(f->eng, trace, NULL));
}

static int count_stop(fx *f)
{
	CHECK_OK(assoc_engine_set_trace(f->eng, NULL, NULL));
	return tr.n;
}

/* users(id, name, age) with User.addresses <-> Address.user; user 1 "ann" 30 with two addresses. */
static assoc_object *open_user(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, "id");
	assoc_table *users;
	CHECK_OK(assoc_registry_table(&users, f->reg, "users"));
	fx_col(users, "age", ASSOC_TYPE_INTEGER);
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO users (id, name, age) VALUES (1, 'ann', 30);"
	                                    "INSERT INTO addresses (id, email, user_id) VALUES (1, 'a@x', 1), (2, 'b@x', 1)"));
	assoc_value pk = assoc_value_integer(1);
	assoc_object *u;
	CHECK_OK(assoc_session_get(&u, f->s, fx_m(f, "User"), &pk, 1));
	CHECK(u != NULL);
	return u;
}

#define NAMES(...) ((const char *const[]){ __VA_ARGS__ }), (sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static void test_expired_column_loads_alone(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name")));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'bea', age = 99"));
	count_start(&f);
	CHECK_INT(fx_get_int(u, "age"), 30); /* not expired: no load, the old value */
	CHECK_INT(count_stop(&f), 0);
	count_start(&f);
	CHECK_STR(fx_get_text(u, "name"), "bea");
	CHECK_INT(count_stop(&f), 1);
	/* just the expired column, by primary key */
	CHECK(strstr(tr.last, "name") && !strstr(tr.last, "age") && strstr(tr.last, "WHERE"));
	count_start(&f);
	CHECK_STR(fx_get_text(u, "name"), "bea");
	CHECK_INT(count_stop(&f), 0);
	fx_close(&f);
}

static void test_all_expired_columns_load_together(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name", "age", "id")));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'bea', age = 99"));
	count_start(&f);
	CHECK_INT(fx_get_int(u, "id"), 1);
	CHECK_INT(fx_get_int(u, "age"), 99);
	CHECK_STR(fx_get_text(u, "name"), "bea");
	CHECK_INT(count_stop(&f), 1);
	fx_close(&f);
}

static void test_changes_to_expired_are_discarded(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	fx_set(u, "name", assoc_value_text("changed"));
	fx_set(u, "age", assoc_value_integer(31));
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name")));
	CHECK(!assoc_object_is_modified(u, "name"));
	CHECK(assoc_object_is_modified(u, "age"));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	CHECK_INT(fx_get_int(u, "age"), 31);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name || ' ' || age FROM users"), "ann 31");
	fx_close(&f);
}

static void test_expired_primary_key_change_is_discarded(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	fx_set(u, "id", assoc_value_integer(5));
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("id")));
	CHECK_INT(fx_get_int(u, "id"), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT id FROM users"), 1);
	fx_close(&f);
}

static void test_set_expired_loads_nothing_and_is_written(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name")));
	count_start(&f);
	fx_set(u, "name", assoc_value_text("ann")); /* the value the row holds: still written */
	CHECK_INT(count_stop(&f), 0);
	CHECK(assoc_object_is_modified(u, "name"));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'elsewhere'"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "ann");
	fx_close(&f);
}

static void test_set_on_expired_object_loads_nothing(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire(f.s, u));
	count_start(&f);
	fx_set(u, "age", assoc_value_integer(40));
	CHECK_INT(count_stop(&f), 0);
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'bea'"));
	CHECK_STR(fx_get_text(u, "name"), "bea"); /* the load keeps the assignment */
	CHECK_INT(fx_get_int(u, "age"), 40);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name || ' ' || age FROM users"), "bea 40");
	fx_close(&f);
}

static void test_expired_relationship_reloads(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO addresses (id, email, user_id) VALUES (3, 'c@x', 1)"));
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("addresses")));
	count_start(&f);
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 3);
	CHECK_STR(fx_get_text(u, "name"), "ann"); /* the columns were not expired */
	CHECK_INT(count_stop(&f), 1);
	fx_close(&f);
}

static void test_query_loads_expired_columns(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name")));
	fx_set(u, "age", assoc_value_integer(50));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'bea', age = 99"));
	assoc_query *q;
	assoc_result *r;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_all(&r, q)); /* autoflushes age = 50 first */
	CHECK(assoc_result_get(r, 0) == u);
	assoc_result_free(r);
	assoc_query_free(q);
	count_start(&f);
	CHECK_STR(fx_get_text(u, "name"), "bea");
	CHECK_INT(fx_get_int(u, "age"), 50);
	CHECK_INT(count_stop(&f), 0);
	fx_close(&f);
}

static void test_refresh_attrs(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	assoc_session_free(f.s);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0;
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&u, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
	fx_set(u, "name", assoc_value_text("changed"));
	fx_set(u, "age", assoc_value_integer(31));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'cid';"
	                                    "INSERT INTO addresses (id, email, user_id) VALUES (3, 'c@x', 1)"));
	count_start(&f);
	CHECK_OK(assoc_session_refresh_attrs(f.s, u, NAMES("name", "addresses")));
	CHECK_INT(count_stop(&f), 2); /* the column, the collection */
	count_start(&f);
	CHECK_STR(fx_get_text(u, "name"), "cid");
	CHECK_INT(fx_get_int(u, "age"), 31); /* not named: the change stays */
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 3);
	CHECK_INT(count_stop(&f), 0);
	CHECK(assoc_object_is_modified(u, "age"));
	CHECK(!assoc_object_is_modified(u, "name"));
	fx_close(&f);
}

static void test_refresh_attrs_pending_key(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	assoc_session_free(f.s);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0;
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM addresses"));
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&u, f.s, fx_m(&f, "User"), &pk, 1));
	fx_set(u, "id", assoc_value_integer(7));
	CHECK_ERR(assoc_session_refresh_attrs(f.s, u, NAMES("name")), ASSOC_ESTATE);
	CHECK(strstr(assoc_error_last()->message, "primary key") && strstr(assoc_error_last()->message, "'id'"));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_refresh_attrs(f.s, u, NAMES("name")));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	fx_close(&f);
}

static void test_row_gone(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NAMES("name")));
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM addresses; DELETE FROM users"));
	assoc_value v;
	CHECK_ERR(assoc_object_get(u, "name", &v), ASSOC_ENOTFOUND);
	CHECK(strstr(assoc_error_last()->message, "no longer has a row"));
	CHECK_ERR(assoc_session_refresh_attrs(f.s, u, NAMES("name")), ASSOC_ENOTFOUND);
	fx_close(&f);
}

static void test_bad_names(void)
{
	fx f;
	assoc_object *u = open_user(&f);
	fx_set(u, "name", assoc_value_text("changed"));
	CHECK_ERR(assoc_session_expire_attrs(f.s, u, NAMES("name", "nosuch")), ASSOC_ENOTFOUND);
	CHECK(strstr(assoc_error_last()->message, "'nosuch'") && strstr(assoc_error_last()->message, "'User'"));
	CHECK(assoc_object_is_modified(u, "name")); /* nothing expired */
	CHECK_ERR(assoc_session_refresh_attrs(f.s, u, NAMES("nosuch")), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_session_expire_attrs(f.s, u, NAMES("name", NULL)), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_expire_attrs(f.s, u, NULL, 1), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_expire_attrs(NULL, u, NAMES("name")), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_expire_attrs(f.s, NULL, NAMES("name")), ASSOC_EINVAL);
	CHECK(assoc_object_is_modified(u, "name"));
	CHECK_OK(assoc_session_expire_attrs(f.s, u, NULL, 0)); /* expires nothing */
	CHECK(assoc_object_is_modified(u, "name"));
	assoc_object *a = fx_new(&f, "Address");
	CHECK_ERR(assoc_session_expire_attrs(f.s, a, NAMES("email")), ASSOC_ESTATE); /* transient */
	CHECK_OK(assoc_session_add(f.s, a));
	CHECK_ERR(assoc_session_refresh_attrs(f.s, a, NAMES("email")), ASSOC_ESTATE); /* pending */
	fx_close(&f);
}

/* Each allocation of expire_attrs, the load and refresh_attrs failing in turn: ASSOC_ENOMEM, then the retry works. */
static void test_alloc_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		assoc_object *u = open_user(&f);
		fx_fail_arm(n);
		int rc = assoc_session_expire_attrs(f.s, u, NAMES("name", "age"));
		assoc_value v = assoc_value_null();
		if (!rc)
			rc = assoc_object_get(u, "name", &v);
		if (!rc)
			rc = assoc_session_refresh_attrs(f.s, u, NAMES("age", "addresses"));
		int fired = fx_fail_disarm();
		if (fired && rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			CHECK_OK(assoc_session_refresh_attrs(f.s, u, NAMES("name", "age", "addresses")));
		} else {
			/* a failed allocation may be an optional one (the identity map's dense index) */
			CHECK_OK(rc);
			done = !fired;
		}
		CHECK_STR(fx_get_text(u, "name"), "ann");
		CHECK_INT(fx_get_int(u, "age"), 30);
		CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_expired_column_loads_alone),
		TEST(test_all_expired_columns_load_together),
		TEST(test_changes_to_expired_are_discarded),
		TEST(test_expired_primary_key_change_is_discarded),
		TEST(test_set_expired_loads_nothing_and_is_written),
		TEST(test_set_on_expired_object_loads_nothing),
		TEST(test_expired_relationship_reloads),
		TEST(test_query_loads_expired_columns),
		TEST(test_refresh_attrs),
		TEST(test_refresh_attrs_pending_key),
		TEST(test_row_gone),
		TEST(test_bad_names),
		TEST(test_alloc_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
