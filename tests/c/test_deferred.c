/*
 * test_deferred.c - deferred columns: what the loads select, the first read
 * loading the column alone or with its group, setting without loading,
 * expire and refresh, the query options defer/undefer/undefer_group, a row
 * gone, and errors for bad options (nothing changes) and failing allocations.
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

static void defer_col(assoc_registry *reg, const char *mapper, const char *col, const char *group)
{
	assoc_mapper *m;
	CHECK_OK(assoc_registry_mapper(&m, reg, mapper));
	assoc_mapper_column_options o = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
	o.deferred = 1;
	o.group = group;
	CHECK_OK(assoc_mapper_set_column_options(m, col, &o));
}

/*
 * users(id, name, bio, age, score) with User.addresses <-> Address.user: bio
 * deferred alone, age and score in group "stats"; user 1 "ann" with two addresses.
 */
static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, "id");
	assoc_table *users;
	CHECK_OK(assoc_registry_table(&users, f->reg, "users"));
	fx_col(users, "bio", ASSOC_TYPE_TEXT);
	fx_col(users, "age", ASSOC_TYPE_INTEGER);
	fx_col(users, "score", ASSOC_TYPE_INTEGER);
	defer_col(f->reg, "User", "bio", NULL);
	defer_col(f->reg, "User", "age", "stats");
	defer_col(f->reg, "User", "score", "stats");
}

static void insert_rows(fx *f)
{
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO users (id, name, bio, age, score) VALUES (1, 'ann', 'long', 30, 7);"
	                                    "INSERT INTO addresses (id, email, user_id) VALUES (1, 'a@x', 1), (2, 'b@x', 1)"));
}

static void open_model(fx *f)
{
	build(f);
	fx_open(f);
	insert_rows(f);
}

static assoc_object *get_user(fx *f)
{
	assoc_value pk = assoc_value_integer(1);
	assoc_object *u;
	CHECK_OK(assoc_session_get(&u, f->s, fx_m(f, "User"), &pk, 1));
	CHECK(u != NULL);
	return u;
}

/* Statements reading a TEXT attribute takes, checking its value (NULL: reads NULL). */
static int text_reads(fx *f, assoc_object *o, const char *attr, const char *want)
{
	count_start(f);
	const char *v = fx_get_text(o, attr);
	int n = count_stop(f);
	if (want)
		CHECK_STR(v, want);
	else
		CHECK(v == NULL);
	return n;
}

static int int_reads(fx *f, assoc_object *o, const char *attr, int64_t want)
{
	count_start(f);
	CHECK_INT(fx_get_int(o, attr), want);
	return count_stop(f);
}

static assoc_value db_value(fx *f, const char *sql)
{
	assoc_value v;
	CHECK_OK(assoc_engine_scalar(&v, f->eng, sql, NULL, 0));
	return v;
}

static void test_loads_leave_deferred_out(void)
{
	fx f;
	open_model(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	const char *sql = assoc_query_sql(q);
	CHECK(sql && strstr(sql, "users.name") && !strstr(sql, "bio") && !strstr(sql, "age") && !strstr(sql, "score"));
	assoc_object *u;
	CHECK_OK(assoc_query_first(&u, q));
	assoc_query_free(q);
	CHECK_INT(text_reads(&f, u, "name", "ann"), 0);
	/* the first read loads bio alone, by primary key */
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	CHECK(strstr(tr.last, "SELECT bio FROM users WHERE id = ") != NULL);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 0);
	fx_close(&f);

	/* get, and a many-to-one load, select no deferred column either */
	open_model(&f);
	count_start(&f);
	u = get_user(&f);
	count_stop(&f);
	CHECK(strstr(tr.last, "FROM users") && !strstr(tr.last, "bio"));
	CHECK_INT(int_reads(&f, u, "age", 30), 1);
	fx_close(&f);
	open_model(&f);
	assoc_value pk = assoc_value_integer(2);
	assoc_object *a;
	CHECK_OK(assoc_session_get(&a, f.s, fx_m(&f, "Address"), &pk, 1));
	u = fx_get_obj(a, "user");
	CHECK(u != NULL);
	CHECK_INT(text_reads(&f, u, "name", "ann"), 0);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	fx_close(&f);
}

static void test_group_loads_together(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	CHECK_INT(int_reads(&f, u, "score", 7), 1);
	CHECK(strstr(tr.last, "SELECT age, score FROM users") != NULL);
	CHECK_INT(int_reads(&f, u, "age", 30), 0);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1); /* not in the group */
	fx_close(&f);
}

static assoc_object *first_with(fx *f, const char *mapper, int (*opt)(assoc_query *, const char *), const char *arg);

/* The group's load reads its unchanged members again, loaded or not, and keeps a changed one. */
static void test_group_load_rereads_unchanged_members(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = first_with(&f, "User", assoc_query_undefer, "age");
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET age = 31, score = 8 WHERE id = 1"));
	CHECK_INT(int_reads(&f, u, "score", 8), 1);
	CHECK_INT(int_reads(&f, u, "age", 31), 0);
	fx_close(&f);

	/* without autoflush the changed member stays out of the load and keeps its value */
	open_model(&f);
	assoc_session_free(f.s);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0;
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	u = first_with(&f, "User", assoc_query_undefer, "age");
	fx_set_int(u, "age", 50);
	CHECK_INT(int_reads(&f, u, "score", 7), 1);
	CHECK(strstr(tr.last, "SELECT score FROM users") != NULL);
	CHECK_INT(int_reads(&f, u, "age", 50), 0);
	/* with it, the change is flushed first and the row's value read back with the group */
	fx_close(&f);
	open_model(&f);
	u = first_with(&f, "User", assoc_query_undefer, "age");
	fx_set_int(u, "age", 50);
	CHECK_INT(int_reads(&f, u, "score", 7), 2); /* the autoflush's UPDATE, then the load */
	CHECK(strstr(tr.last, "SELECT age, score FROM users") != NULL);
	CHECK_INT(int_reads(&f, u, "age", 50), 0);
	fx_close(&f);
}

/* A deferred column before the key of a selectin load: the rows' key is found where it is selected. */
static void test_selectin_with_deferred_member_column(void)
{
	fx f;
	build(&f);
	defer_col(f.reg, "Address", "email", NULL); /* addresses(id, email, user_id) */
	fx_open(&f);
	insert_rows(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "User"), "addresses"));
	assoc_object *u;
	CHECK_OK(assoc_query_first(&u, q));
	assoc_query_free(q);
	count_start(&f);
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_INT(fx_len(c), 2);
	CHECK_INT(count_stop(&f), 0);
	CHECK_INT(text_reads(&f, fx_at(c, 1), "email", "b@x"), 1);
	CHECK_INT(text_reads(&f, fx_at(c, 0), "email", "a@x"), 1);
	fx_close(&f);
}

static void test_set_loads_nothing_and_is_written(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	count_start(&f);
	fx_set_text(u, "bio", "short");
	fx_set(u, "age", assoc_value_null()); /* NULL, as the unloaded value reads: still written */
	CHECK_INT(count_stop(&f), 0);
	CHECK(assoc_object_is_modified(u, "bio") == 1);
	CHECK_INT(text_reads(&f, u, "bio", "short"), 0);
	count_start(&f);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(count_stop(&f), 1);
	CHECK(strstr(tr.last, "UPDATE users SET bio = ") && strstr(tr.last, ", age = ") && !strstr(tr.last, "name"));
	CHECK_OK(assoc_session_commit(f.s)); /* the engine's own connection reads committed rows */
	assoc_value v = db_value(&f, "SELECT bio FROM users WHERE id = 1");
	CHECK(v.kind == ASSOC_TEXT && !strcmp(v.u.bytes.data, "short"));
	v = db_value(&f, "SELECT age FROM users WHERE id = 1");
	CHECK(v.kind == ASSOC_NULL);
	CHECK_INT(int_reads(&f, u, "score", 7), 1); /* the group's other column loads as before */
	fx_close(&f);
}

static void test_pending_deferred_is_inserted(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "bob");
	fx_set_int(u, "id", 2); /* the rows were inserted with their keys: PostgreSQL's sequence is still at 1 */
	fx_set_text(u, "bio", "new");
	fx_set_int(u, "age", 40);
	CHECK_OK(assoc_session_commit(f.s));
	assoc_value v = db_value(&f, "SELECT bio || age FROM users WHERE name = 'bob'");
	CHECK(v.kind == ASSOC_TEXT && !strcmp(v.u.bytes.data, "new40"));
	CHECK_INT(text_reads(&f, u, "name", "bob"), 1);  /* the commit expired it */
	CHECK_INT(text_reads(&f, u, "bio", "new"), 1);   /* deferred again */
	fx_close(&f);
}

static void test_expire_makes_deferred_again(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	static const char *const bio_name[] = { "bio", "name" };
	CHECK_OK(assoc_session_expire_attrs(f.s, u, bio_name, 2));
	CHECK_INT(text_reads(&f, u, "name", "ann"), 1);
	CHECK(!strstr(tr.last, "bio")); /* the expired load leaves the deferred column out */
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	/* a change to it is discarded, as any expired column's */
	fx_set_text(u, "bio", "changed");
	CHECK_OK(assoc_session_expire(f.s, u));
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1); /* alone: the rest stays expired */
	CHECK_INT(text_reads(&f, u, "name", "ann"), 1);
	CHECK(!strstr(tr.last, "bio"));
	fx_close(&f);
}

static void test_refresh(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'anne', bio = 'longer' WHERE id = 1"));
	/* a refresh does not load deferred columns (and unloads a loaded one) */
	count_start(&f);
	CHECK_OK(assoc_session_refresh(f.s, u));
	count_stop(&f);
	CHECK(!strstr(tr.last, "bio"));
	CHECK_INT(text_reads(&f, u, "name", "anne"), 0);
	CHECK_INT(text_reads(&f, u, "bio", "longer"), 1);
	/* unless named */
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET bio = 'longest', age = 31 WHERE id = 1"));
	static const char *const names[] = { "bio", "age" };
	count_start(&f);
	CHECK_OK(assoc_session_refresh_attrs(f.s, u, names, 2));
	CHECK_INT(count_stop(&f), 1);
	CHECK_INT(text_reads(&f, u, "bio", "longest"), 0);
	CHECK_INT(int_reads(&f, u, "age", 31), 0);
	CHECK_INT(int_reads(&f, u, "score", 7), 1); /* named age, not its group */
	fx_close(&f);
}

static assoc_object *first_with(fx *f, const char *mapper, int (*opt)(assoc_query *, const char *), const char *arg)
{
	assoc_query *q;
	assoc_object *o;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	if (opt)
		CHECK_OK(opt(q, arg));
	CHECK_OK(assoc_query_first(&o, q));
	assoc_query_free(q);
	CHECK(o != NULL);
	return o;
}

static void test_query_options(void)
{
	fx f;
	open_model(&f);
	count_start(&f);
	assoc_object *u = first_with(&f, "User", assoc_query_undefer, "bio");
	count_stop(&f);
	CHECK(strstr(tr.last, "users.bio AS users_bio") && !strstr(tr.last, "age"));
	CHECK_INT(text_reads(&f, u, "bio", "long"), 0);
	CHECK_INT(int_reads(&f, u, "age", 30), 1);
	fx_close(&f);

	open_model(&f);
	u = first_with(&f, "User", assoc_query_undefer_group, "stats");
	CHECK_INT(int_reads(&f, u, "age", 30), 0);
	CHECK_INT(int_reads(&f, u, "score", 7), 0);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 1);
	fx_close(&f);

	/* defer() of a column the mapper loads: it loads alone on first read */
	open_model(&f);
	u = first_with(&f, "User", assoc_query_defer, "name");
	CHECK_INT(text_reads(&f, u, "name", "ann"), 1);
	CHECK(strstr(tr.last, "SELECT name FROM users") != NULL);
	fx_close(&f);

	/* an undeferring query fills the column of an object already loaded without it */
	open_model(&f);
	u = get_user(&f);
	CHECK(first_with(&f, "User", assoc_query_undefer, "bio") == u);
	CHECK_INT(text_reads(&f, u, "bio", "long"), 0);
	/* and the last option on a column wins */
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_undefer(q, "name"));
	CHECK_OK(assoc_query_defer(q, "name"));
	CHECK(!strstr(assoc_query_sql(q), "users.name"));
	CHECK_OK(assoc_query_undefer(q, "name"));
	CHECK(strstr(assoc_query_sql(q), "users.name") != NULL);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_row_gone(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM addresses; DELETE FROM users WHERE id = 1"));
	assoc_value v;
	CHECK_ERR(assoc_object_get(u, "bio", &v), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("no longer has a row in table 'users'");
	CHECK_ERR(assoc_object_get(u, "age", &v), ASSOC_ENOTFOUND); /* nothing was marked loaded */
	fx_close(&f);
}

static void test_detached(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	assoc_object_ref(u);
	CHECK_OK(assoc_session_expunge(f.s, u));
	assoc_value v;
	CHECK_ERR(assoc_object_get(u, "bio", &v), ASSOC_EDETACHED);
	CHECK_MSG_CONTAINS("bio");
	assoc_object_unref(u);
	fx_close(&f);
}

/* A pending object taking over a deleted row writes the deferred columns the row never showed. */
static void test_row_switch_writes_deferred(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = get_user(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM addresses"));
	CHECK_OK(assoc_session_delete(f.s, u));
	assoc_object *n = fx_new(&f, "User");
	fx_set_int(n, "id", 1);
	fx_set_text(n, "name", "ann");
	CHECK_OK(assoc_session_add(f.s, n));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK(db_value(&f, "SELECT bio FROM users WHERE id = 1").kind == ASSOC_NULL);
	CHECK(db_value(&f, "SELECT age FROM users WHERE id = 1").kind == ASSOC_NULL);
	fx_close(&f);
}

static void test_mapper_option_errors(void)
{
	fx f;
	build(&f);
	assoc_mapper *m = fx_m(&f, "User");
	assoc_mapper_column_options o = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
	o.deferred = 1;
	CHECK_ERR(assoc_mapper_set_column_options(NULL, "bio", &o), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_set_column_options(m, NULL, &o), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_set_column_options(m, "bio", NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_set_column_options(m, "nope", &o), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("no column 'nope'");
	CHECK_ERR(assoc_mapper_set_column_options(m, "id", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("User.id is a primary key column");
	o.deferred = 2;
	CHECK_ERR(assoc_mapper_set_column_options(m, "bio", &o), ASSOC_EINVAL);
	o.deferred = 0;
	o.group = "g";
	CHECK_ERR(assoc_mapper_set_column_options(m, "bio", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("not deferred");
	o.deferred = 1;
	o.group = "";
	CHECK_ERR(assoc_mapper_set_column_options(m, "bio", &o), ASSOC_EINVAL);
	o.group = NULL;
	o.version = 99;
	CHECK_ERR(assoc_mapper_set_column_options(m, "bio", &o), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_column_options_init(&o, 99), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_column_options_init(NULL, ASSOC_MAPPER_COLUMN_OPTIONS_VERSION), ASSOC_EINVAL);
	CHECK_OK(assoc_mapper_column_options_init(&o, ASSOC_MAPPER_COLUMN_OPTIONS_VERSION));
	CHECK(o.deferred == 0 && o.group == NULL);
	/* not deferring the primary key undoes nothing and is accepted */
	CHECK_OK(assoc_mapper_set_column_options(m, "id", &o));
	/* a relationship's key column cannot be deferred: configure refuses, and may be retried */
	defer_col(f.reg, "Address", "user_id", NULL);
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("'addresses.user_id' keys a relationship");
	CHECK(!assoc_registry_is_configured(f.reg));
	CHECK_OK(assoc_mapper_set_column_options(fx_m(&f, "Address"), "user_id", &o)); /* replaced: not deferred */
	fx_open(&f);
	insert_rows(&f);
	CHECK_INT(text_reads(&f, get_user(&f), "bio", "long"), 1);
	o.deferred = 1;
	CHECK_ERR(assoc_mapper_set_column_options(m, "name", &o), ASSOC_ESTATE);
	fx_close(&f);
}

static void test_query_option_errors(void)
{
	fx f;
	open_model(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	const char *before = assoc_query_sql(q);
	char *saved = strdup(before);
	CHECK_ERR(assoc_query_defer(q, "nope"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("no column 'nope'");
	CHECK_ERR(assoc_query_undefer(q, "nada"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("no column 'nada'");
	CHECK_ERR(assoc_query_defer(q, "id"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("User.id is a primary key column");
	CHECK_ERR(assoc_query_defer(q, "addresses"), ASSOC_ETYPE);
	CHECK_ERR(assoc_query_undefer(q, "addresses"), ASSOC_ETYPE);
	CHECK_ERR(assoc_query_undefer_group(q, "nogroup"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("no deferred group 'nogroup'");
	CHECK_ERR(assoc_query_defer(NULL, "bio"), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_undefer(q, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_undefer_group(q, NULL), ASSOC_EINVAL);
	CHECK_STR(assoc_query_sql(q), saved); /* nothing changed */
	free(saved);
	assoc_query_free(q);
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Address")));
	CHECK_ERR(assoc_query_defer(q, "user_id"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("Address.user_id is a relationship key column");
	assoc_query_free(q);
	fx_close(&f);
}

/* Each allocation of the options, the query and the deferred loads failing in turn: ASSOC_ENOMEM, then a retry works. */
static void test_alloc_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		open_model(&f);
		assoc_object *u = get_user(&f);
		fx_fail_arm(n);
		assoc_query *q = NULL;
		assoc_object *got = NULL;
		assoc_value v = assoc_value_null();
		int rc = assoc_query_new(&q, f.s, fx_m(&f, "User"));
		if (!rc)
			rc = assoc_query_undefer_group(q, "stats");
		if (!rc)
			rc = assoc_query_defer(q, "name");
		if (!rc)
			rc = assoc_query_first(&got, q);
		if (!rc)
			rc = assoc_object_get(u, "bio", &v);
		if (!rc)
			rc = assoc_object_get(u, "name", &v);
		int fired = fx_fail_disarm();
		assoc_query_free(q);
		if (fired && rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
		} else {
			CHECK_OK(rc);
			CHECK(got == u);
			done = !fired;
		}
		CHECK_STR(fx_get_text(u, "bio"), "long");
		CHECK_STR(fx_get_text(u, "name"), "ann");
		CHECK_INT(fx_get_int(u, "age"), 30);
		CHECK_INT(fx_get_int(u, "score"), 7);
		fx_close(&f);
	}
	CHECK(failed > 0);
	/* the mapper option's copies */
	for (long n = 1;; n++) {
		fx f;
		build(&f);
		assoc_mapper_column_options o = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
		o.deferred = 1;
		o.group = "g";
		fx_fail_arm(n);
		int rc = assoc_mapper_set_column_options(fx_m(&f, "User"), "name", &o);
		int fired = fx_fail_disarm();
		fx_close(&f);
		if (!fired) {
			CHECK_OK(rc);
			break;
		}
		CHECK_INT(rc, ASSOC_ENOMEM);
	}
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_loads_leave_deferred_out),
		TEST(test_group_loads_together),
		TEST(test_group_load_rereads_unchanged_members),
		TEST(test_selectin_with_deferred_member_column),
		TEST(test_set_loads_nothing_and_is_written),
		TEST(test_pending_deferred_is_inserted),
		TEST(test_expire_makes_deferred_again),
		TEST(test_refresh),
		TEST(test_query_options),
		TEST(test_row_gone),
		TEST(test_detached),
		TEST(test_row_switch_writes_deferred),
		TEST(test_mapper_option_errors),
		TEST(test_query_option_errors),
		TEST(test_alloc_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
