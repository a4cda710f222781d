/*
 * test_engine_pool.c - the engine's connection pool: a closed session's
 * connection serves the next session, pool_size bounds what waits, an
 * in-memory engine has none, sessions on several threads share it, and (on
 * PostgreSQL) a pooled connection the server closed is replaced, not handed out.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

struct pooled {
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_mapper *user;
	struct fx_tmpdb db;
};

/* A file database on SQLite (in-memory engines have no pool), the test's own database on PostgreSQL. */
static void open_pooled(struct pooled *p, int pool_size)
{
	memset(p, 0, sizeof *p);
	CHECK_OK(assoc_registry_new(&p->reg));
	assoc_table *u = fx_table_id(p->reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	p->user = fx_mapper(p->reg, "User", "users");
	CHECK_OK(assoc_registry_configure(p->reg));
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.pool_size = pool_size;
	const char *url = fx_url();
	if (!fx_on_postgres()) {
		fx_tmpdb_make(&p->db);
		url = p->db.url;
	}
	CHECK_OK(assoc_engine_open_ext(&p->eng, url, &o));
	fx_clean_database_(FX_HERE, p->eng);
	CHECK_OK(assoc_engine_create_all(p->eng, p->reg));
}

static void close_pooled(struct pooled *p)
{
	assoc_engine_free(p->eng);
	assoc_registry_free(p->reg);
	if (!fx_on_postgres())
		fx_tmpdb_remove(&p->db);
}

#define CHECK_POOL(eng, want_idle, want_in_use, want_opened)        \
	do {                                                            \
		size_t idle_, in_use_;                                      \
		uint64_t opened_;                                           \
		CHECK_OK(assoc_engine_pool_status((eng), &idle_, &in_use_, &opened_)); \
		CHECK_INT((long)idle_, (want_idle));                        \
		CHECK_INT((long)in_use_, (want_in_use));                    \
		CHECK_INT((long)opened_, (want_opened));                    \
	} while (0)

static assoc_session *session(struct pooled *p)
{
	assoc_session *s;
	CHECK_OK(assoc_session_new(&s, p->eng, p->reg, NULL));
	return s;
}

static void end(assoc_session *s)
{
	CHECK_OK(assoc_session_close(s));
	assoc_session_free(s);
}

static void add_user(assoc_session *s, assoc_mapper *m, const char *name)
{
	assoc_object *o;
	CHECK_OK(assoc_object_new(&o, s, m));
	CHECK_OK(assoc_object_set(o, "name", assoc_value_text(name)));
	CHECK_OK(assoc_session_add(s, o));
	CHECK_OK(assoc_session_commit(s));
}

static assoc_object *get_user(assoc_session *s, assoc_mapper *m, int64_t id)
{
	assoc_object *o;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, s, m, &pk, 1));
	return o;
}

/* The second session gets the first's connection; two at once need two. */
static void test_closed_session_connection_serves_the_next(void)
{
	struct pooled p;
	open_pooled(&p, 5);
	CHECK_POOL(p.eng, 0, 0, 0);
	assoc_session *s1 = session(&p);
	CHECK_POOL(p.eng, 0, 1, 1);
	add_user(s1, p.user, "jack");
	end(s1);
	CHECK_POOL(p.eng, 1, 0, 1);

	assoc_session *s2 = session(&p);
	CHECK_POOL(p.eng, 0, 1, 1);
	assoc_session *s3 = session(&p);
	CHECK_POOL(p.eng, 0, 2, 2);
	/* the reused connection works */
	add_user(s2, p.user, "wendy");
	CHECK(get_user(s3, p.user, 2) != NULL);
	end(s2);
	end(s3);
	CHECK_POOL(p.eng, 2, 0, 2);
	close_pooled(&p);
}

/* A session closed with its transaction open gives its connection back rolled back. */
static void test_connection_comes_back_rolled_back(void)
{
	struct pooled p;
	open_pooled(&p, 1);
	assoc_session *s1 = session(&p);
	assoc_object *o;
	CHECK_OK(assoc_object_new(&o, s1, p.user));
	CHECK_OK(assoc_object_set(o, "name", assoc_value_text("never committed")));
	CHECK_OK(assoc_session_add(s1, o));
	CHECK_OK(assoc_session_flush(s1));
	end(s1);
	CHECK_POOL(p.eng, 1, 0, 1);
	assoc_session *s2 = session(&p);
	CHECK_POOL(p.eng, 0, 1, 1);
	CHECK(get_user(s2, p.user, 1) == NULL);
	end(s2);
	CHECK_INT(fx_count(p.eng, "users"), 0);
	close_pooled(&p);
}

/* pool_size bounds the idle connections; 0 closes each session's connection with it. */
static void test_pool_size_bounds_idle_connections(void)
{
	struct pooled p;
	open_pooled(&p, 1);
	assoc_session *a = session(&p), *b = session(&p);
	end(a);
	end(b);
	CHECK_POOL(p.eng, 1, 0, 2);
	close_pooled(&p);

	open_pooled(&p, 0);
	for (int i = 0; i < 3; i++)
		end(session(&p));
	CHECK_POOL(p.eng, 0, 0, 3);
	close_pooled(&p);
}

/* An in-memory SQLite engine shares its one connection: nothing is pooled or opened. */
static void test_memory_engine_has_no_pool(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	CHECK_OK(assoc_registry_new(&reg));
	fx_table_id(reg, "users");
	fx_mapper(reg, "User", "users");
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_OK(assoc_engine_open(&eng, "sqlite://"));
	assoc_session *s;
	CHECK_OK(assoc_session_new(&s, eng, reg, NULL));
	CHECK_POOL(eng, 0, 0, 0);
	end(s);
	CHECK_POOL(eng, 0, 0, 0);
	CHECK_ERR(assoc_engine_pool_status(NULL, NULL, NULL, NULL), ASSOC_EINVAL);
	assoc_engine_free(eng);
	assoc_registry_free(reg);
}

/* A version 1 options struct (no pool_size) gets the default pool. */
static void test_version_1_options_pool_by_default(void)
{
	struct v1 {
		unsigned int version;
		const char *journal_mode;
		int busy_timeout_ms;
	} o1 = { 1, "DELETE", 100 };
	struct fx_tmpdb t;
	fx_tmpdb_make(&t);
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	fx_table_id(reg, "users");
	fx_mapper(reg, "User", "users");
	CHECK_OK(assoc_registry_configure(reg));
	assoc_engine *eng;
	CHECK_OK(assoc_engine_open_ext(&eng, t.url, (const assoc_engine_options *)&o1));
	CHECK_STR(fx_sql_text(eng, "PRAGMA journal_mode"), "delete");
	assoc_session *s;
	CHECK_OK(assoc_session_new(&s, eng, reg, NULL));
	end(s);
	CHECK_POOL(eng, 1, 0, 1);
	assoc_engine_free(eng);
	assoc_registry_free(reg);
	fx_tmpdb_remove(&t);
}

struct worker {
	struct pooled *p;
	int failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 60; i++) {
		assoc_session *s;
		assoc_object *o = NULL;
		assoc_value pk = assoc_value_integer(1);
		if (assoc_session_new(&s, w->p->eng, w->p->reg, NULL)) {
			w->failures++;
			continue;
		}
		if (assoc_session_get(&o, s, w->p->user, &pk, 1) || !o)
			w->failures++;
		if (assoc_session_close(s))
			w->failures++;
		assoc_session_free(s);
	}
	return NULL;
}

/* Sessions opened and closed on four threads at once share the pool: never more than four connections. */
static void test_sessions_on_threads_share_the_pool(void)
{
	struct pooled p;
	open_pooled(&p, 5);
	assoc_session *s = session(&p);
	add_user(s, p.user, "jack");
	end(s);
	struct worker w[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ &p, 0 };
		CHECK(pthread_create(&th[i], NULL, work, &w[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		CHECK(pthread_join(th[i], NULL) == 0);
		CHECK_INT(w[i].failures, 0);
	}
	size_t idle, in_use;
	uint64_t opened;
	CHECK_OK(assoc_engine_pool_status(p.eng, &idle, &in_use, &opened));
	CHECK_INT((long)in_use, 0);
	CHECK(opened >= 1 && opened <= 4);
	CHECK_INT((long)idle, (long)opened);
	close_pooled(&p);
}

/* PostgreSQL: the server ends a pooled connection (pg_terminate_backend); the next session gets a new one. */
static void test_connection_closed_by_server_is_replaced(void)
{
	struct pooled p;
	open_pooled(&p, 5);
	assoc_session *s = session(&p);
	add_user(s, p.user, "jack");
	end(s);
	CHECK_POOL(p.eng, 1, 0, 1);
	CHECK_INT(fx_sql_int(p.eng, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
	                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"), 1);
	for (int i = 0; i < 200 && fx_sql_int(p.eng, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
	                                             "current_database() AND pid <> pg_backend_pid()"); i++)
		sleep_ms(10);
	sleep_ms(20); /* the backend's last message reaches the socket as it exits */
	s = session(&p);
	CHECK_POOL(p.eng, 0, 1, 2);
	CHECK(get_user(s, p.user, 1) != NULL);
	end(s);
	CHECK_POOL(p.eng, 1, 0, 2);
	close_pooled(&p);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_closed_session_connection_serves_the_next),
		TEST(test_connection_comes_back_rolled_back),
		TEST(test_pool_size_bounds_idle_connections),
		TEST(test_memory_engine_has_no_pool),
		TEST(test_version_1_options_pool_by_default),
		TEST(test_sessions_on_threads_share_the_pool),
		TEST(test_connection_closed_by_server_is_replaced),
	};
	/* the last needs a server that can end a connection */
	size_t n = sizeof tests / sizeof *tests - (fx_on_postgres() ? 0 : 1);
	return check_run_(tests, n, argc, argv);
}
