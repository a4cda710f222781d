/*
 * test_session.c - add, flush, commit, rollback; the identity map; generated
 * keys; expire, refresh, expunge, close; file databases.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

static void open_users(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	fx_open(f);
}

static assoc_object *get(fx *f, const char *mapper, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	return o;
}

static void test_add_flush_commit(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_session_count(&f, "User"), 1); /* to the session's connection the flush is visible */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 1);
	CHECK_STR(fx_get_text(u, "name"), "ann");
	/* a commit with nothing to do is fine */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_session_flush(f.s));
	fx_close(&f);
}

static void test_rollback(void)
{
	fx f;
	open_users(&f);
	assoc_object *kept = fx_add(&f, "User", "name", "kept");
	CHECK_OK(assoc_session_commit(f.s));

	fx_set_text(kept, "name", "changed");
	assoc_object *flushed = fx_add(&f, "User", "name", "flushed");
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_session_count(&f, "User"), 2);
	assoc_object *pending = fx_add(&f, "User", "name", "pending");
	if (!fx_on_postgres()) /* not flushed, not in the database (a server's count query would flush it) */
		CHECK_INT(fx_count(f.eng, "users"), 2);

	CHECK_OK(assoc_session_rollback(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 1);
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "kept");
	/* pending objects (flushed or not) become transient; the rest are expired */
	CHECK_INT(assoc_object_state_of(flushed), ASSOC_STATE_TRANSIENT);
	CHECK_INT(assoc_object_state_of(pending), ASSOC_STATE_TRANSIENT);
	CHECK(!assoc_session_contains(f.s, flushed));
	CHECK_INT(assoc_object_state_of(kept), ASSOC_STATE_PERSISTENT);
	CHECK_STR(fx_get_text(kept, "name"), "kept");
	CHECK(!assoc_object_is_modified(kept, "name"));
	CHECK_INT(assoc_session_new_count(f.s), 0);
	CHECK_INT(assoc_session_dirty_count(f.s), 0);
	/* transient again, they can be added and committed */
	CHECK_OK(assoc_session_add(f.s, pending));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 2);
	fx_close(&f);
}

/* Rollback expires collections too: they reload as the database has them. */
static void test_rollback_reloads_collections(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a1 = fx_add(&f, "Address", "email", "kept");
	fx_append(fx_coll(u, "addresses"), a1);
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *a2 = fx_add(&f, "Address", "email", "dropped");
	fx_append(fx_coll(u, "addresses"), a2);
	CHECK_OK(assoc_collection_remove(fx_coll(u, "addresses"), assoc_value_object(a1)));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK_INT(assoc_object_state_of(a2), ASSOC_STATE_TRANSIENT);
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_INT(fx_len(c), 1);
	CHECK(fx_at(c, 0) == a1);
	CHECK(fx_get_obj(a1, "user") == u);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 1);
	fx_close(&f);
}

static void test_identity_map(void)
{
	fx f;
	open_users(&f);
	fx_add(&f, "User", "name", "ann");
	fx_add(&f, "User", "name", "bob");
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f);
	CHECK_INT(assoc_session_identity_count(f.s), 0);

	assoc_object *a1 = get(&f, "User", 1), *a2 = get(&f, "User", 1);
	CHECK(a1 != NULL && a1 == a2);
	CHECK_INT(assoc_session_identity_count(f.s), 1);
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_PERSISTENT);

	assoc_query *q = NULL;
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), 2);
	CHECK(assoc_result_get(r, 0) == a1);
	assoc_object *b = assoc_result_get(r, 1);
	CHECK(get(&f, "User", 2) == b);
	CHECK_INT(assoc_session_identity_count(f.s), 2);
	assoc_result_free(r);
	assoc_query_free(q);

	/* the same key in another session is another handle (an in-memory engine
	 * has one connection: end this session's transaction first) */
	CHECK_OK(assoc_session_commit(f.s));
	assoc_session *other = NULL;
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	CHECK_OK(assoc_session_get(&o, other, fx_m(&f, "User"), &pk, 1));
	CHECK(o != NULL && o != a1);
	CHECK_STR(fx_get_text(o, "name"), "ann");
	assoc_session_free(other);
	fx_close(&f);
}

static void test_get_missing_and_bad_keys(void)
{
	fx f;
	open_users(&f);
	fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *o = (assoc_object *)&o; /* not NULL: must be overwritten */
	assoc_value pk = assoc_value_integer(999);
	CHECK_OK(assoc_session_get(&o, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK(o == NULL);
	/* wrong number of key values */
	assoc_value two[2] = { assoc_value_integer(1), assoc_value_integer(2) };
	CHECK_ERR(assoc_session_get(&o, f.s, fx_m(&f, "User"), two, 2), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_get(&o, f.s, fx_m(&f, "User"), NULL, 0), ASSOC_EINVAL);
	fx_close(&f);
}

/* Generated keys reach the objects and the foreign keys that depend on them. */
static void test_generated_keys_flow(void)
{
	fx f;
	open_users(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO users (id, name) VALUES (41, 'existing')"));
	fx_sync_ids(f.eng, "users");
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a = fx_new(&f, "Address");
	fx_set_text(a, "email", "ann@x");
	fx_append(fx_coll(u, "addresses"), a);
	CHECK(fx_is_null(u, "id"));
	CHECK(fx_is_null(a, "user_id"));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_get_int(u, "id"), 42);
	CHECK_INT(fx_get_int(a, "user_id"), 42);
	CHECK(fx_get_int(a, "id") > 0);
	CHECK_OK(assoc_session_commit(f.s)); /* then any connection reads the row as written */
	CHECK_INT(fx_sql_int(f.eng, "SELECT user_id FROM addresses WHERE email = 'ann@x'"), 42);
	CHECK(get(&f, "User", 42) == u);
	CHECK(get(&f, "Address", fx_get_int(a, "id")) == a);
	fx_close(&f);
}

static void test_expire_refresh(void)
{
	fx f;
	open_users(&f);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.expire_on_commit = 0;
	assoc_session_free(f.s);
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s));

	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'outside' WHERE id = 1"));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	CHECK_OK(assoc_session_expire(f.s, u));
	CHECK_STR(fx_get_text(u, "name"), "outside");

	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'again' WHERE id = 1"));
	CHECK_OK(assoc_session_expire_all(f.s));
	CHECK_STR(fx_get_text(u, "name"), "again");

	/* refresh discards unflushed changes */
	fx_set_text(u, "name", "unflushed");
	CHECK(assoc_object_is_modified(u, "name"));
	CHECK_OK(assoc_session_refresh(f.s, u));
	CHECK(!assoc_object_is_modified(u, "name"));
	CHECK_STR(fx_get_text(u, "name"), "again");
	CHECK_INT(assoc_session_dirty_count(f.s), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "again");

	/* a row deleted behind the session's back */
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM users"));
	CHECK_ERR2(assoc_session_refresh(f.s, u), ASSOC_ENOTFOUND, ASSOC_ENORESULT);
	fx_close(&f);
}

static void test_expunge(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	assoc_object_ref(u);
	CHECK_OK(assoc_session_expunge(f.s, u));
	CHECK(!assoc_session_contains(f.s, u));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DETACHED);
	CHECK_INT(assoc_session_identity_count(f.s), 0);
	/* changes to it are not flushed; the key loads a new handle */
	int rc = assoc_object_set(u, "name", assoc_value_text("ignored"));
	CHECK(rc == 0 || rc == ASSOC_EDETACHED);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "ann");
	assoc_object *again = get(&f, "User", 1);
	CHECK(again != NULL && again != u);
	assoc_object_unref(u);

	/* expunging a pending object makes it transient */
	assoc_object *p = fx_add(&f, "User", "name", "pending");
	CHECK_OK(assoc_session_expunge(f.s, p));
	CHECK_INT(assoc_object_state_of(p), ASSOC_STATE_TRANSIENT);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

static void test_closed_session(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_flush(f.s));
	assoc_object *t = fx_new(&f, "User");
	CHECK(!assoc_session_is_closed(f.s));
	CHECK_OK(assoc_session_close(f.s));
	CHECK(assoc_session_is_closed(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0); /* close rolled back */

	assoc_mapper *m = fx_m(&f, "User");
	assoc_object *o = NULL;
	assoc_query *q = NULL;
	assoc_value pk = assoc_value_integer(1);
	(void)u;
	(void)t;
	CHECK_ERR(assoc_object_new(&o, f.s, m), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_commit(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_rollback(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_begin_nested(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_commit_nested(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_rollback_nested(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_get(&o, f.s, m, &pk, 1), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_expire_all(f.s), ASSOC_ECLOSED);
	CHECK_ERR(assoc_query_new(&q, f.s, m), ASSOC_ECLOSED);
	/* objects it owned are gone; a new object of another session cannot be used here */
	assoc_session *other = NULL;
	assoc_object *x = NULL;
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	CHECK_OK(assoc_object_new(&x, other, m));
	CHECK_ERR(assoc_session_add(f.s, x), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_delete(f.s, x), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_expire(f.s, x), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_refresh(f.s, x), ASSOC_ECLOSED);
	CHECK_ERR(assoc_session_expunge(f.s, x), ASSOC_ECLOSED);
	CHECK(!assoc_session_contains(f.s, x));
	assoc_session_free(other);
	fx_close(&f);
}

static void test_file_database_persists(void)
{
	char path[] = "/tmp/assoc_test_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	char url[256];
	snprintf(url, sizeof url, "sqlite:///%s", path); /* absolute: sqlite:////tmp/... */

	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	fx_users_addresses(reg, NULL, NULL);
	CHECK_OK(assoc_registry_configure(reg));

	assoc_engine *eng = NULL;
	assoc_session *s = NULL;
	CHECK_OK(assoc_engine_open(&eng, url));
	CHECK_STR(assoc_engine_url(eng), url);
	CHECK_OK(assoc_engine_create_all(eng, reg));
	CHECK_OK(assoc_session_new(&s, eng, reg, NULL));
	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, reg, "User"));
	assoc_object *u = NULL;
	CHECK_OK(assoc_object_new(&u, s, user));
	CHECK_OK(assoc_object_set(u, "name", assoc_value_text("on disk")));
	CHECK_OK(assoc_session_add(s, u));
	CHECK_OK(assoc_session_flush(s));
	/* a file engine gives the session its own connection: uncommitted rows are invisible */
	CHECK_INT(fx_count(eng, "users"), 0);
	CHECK_OK(assoc_session_commit(s));
	CHECK_INT(fx_count(eng, "users"), 1);
	assoc_session_free(s);
	assoc_engine_free(eng);

	eng = NULL;
	s = NULL;
	CHECK_OK(assoc_engine_open(&eng, url));
	CHECK_OK(assoc_engine_create_all(eng, reg)); /* present already: kept */
	CHECK_OK(assoc_session_new(&s, eng, reg, NULL));
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&u, s, user, &pk, 1));
	CHECK(u != NULL);
	CHECK_STR(fx_get_text(u, "name"), "on disk");
	assoc_session_free(s);
	assoc_engine_free(eng);
	assoc_registry_free(reg);

	char extra[300];
	unlink(path);
	snprintf(extra, sizeof extra, "%s-journal", path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", path);
	unlink(extra);
}

static void test_bad_urls(void)
{
	assoc_engine *eng = NULL;
	CHECK_ERR2(assoc_engine_open(&eng, "mysql://localhost/db"), ASSOC_EINVAL, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("mysql");
	CHECK_ERR(assoc_engine_open(&eng, "not a url"), ASSOC_EINVAL);
	/* a file that cannot be created fails at open, or at the first use */
	eng = NULL;
	int rc = assoc_engine_open(&eng, "sqlite:////nonexistent_dir_assoc/x/y.db");
	if (rc == 0) {
		rc = assoc_engine_exec(eng, "CREATE TABLE t (x)");
		assoc_engine_free(eng);
	}
	CHECK(rc == ASSOC_EDB || rc == ASSOC_ENOTFOUND);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_add_flush_commit),
		TEST(test_rollback),
		TEST(test_rollback_reloads_collections),
		TEST(test_identity_map),
		TEST(test_get_missing_and_bad_keys),
		TEST(test_generated_keys_flow),
		TEST(test_expire_refresh),
		TEST(test_expunge),
		TEST(test_closed_session),
		TEST(test_file_database_persists),
		TEST(test_bad_urls),
	};
	return CHECK_RUN(tests, argc, argv);
}
