/*
 * test_engine_options.c - assoc_engine_options (journal mode, busy timeout),
 * readers that never block a commit under WAL, what a lock failure says, and
 * SQLite's in-memory URI forms as one shared database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

#define tmpdb fx_tmpdb
#define tmpdb_make fx_tmpdb_make
#define tmpdb_remove fx_tmpdb_remove

static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *u = fx_table_id(f->reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "User", "users");
	CHECK_OK(assoc_registry_configure(f->reg));
}

static const char *journal_mode(assoc_engine *eng)
{
	assoc_value v;
	CHECK_OK(assoc_engine_scalar(&v, eng, "PRAGMA journal_mode", NULL, 0));
	CHECK_INT(v.kind, ASSOC_TEXT);
	return v.u.bytes.data;
}

static void test_options_init(void)
{
	assoc_engine_options o;
	memset(&o, 0x5a, sizeof o);
	CHECK_OK(assoc_engine_options_init(&o, ASSOC_ENGINE_OPTIONS_VERSION));
	CHECK_INT(o.version, ASSOC_ENGINE_OPTIONS_VERSION);
	CHECK(o.journal_mode == NULL);
	CHECK_INT(o.busy_timeout_ms, 5000);
	CHECK_INT(o.pool_size, 5);
	CHECK_INT(o.connect_timeout_s, 10);
	/* version 1 callers have a shorter struct: nothing past busy_timeout_ms is written */
	memset(&o, 0x5a, sizeof o);
	CHECK_OK(assoc_engine_options_init(&o, 1));
	CHECK_INT(o.version, 1);
	CHECK_INT(o.busy_timeout_ms, 5000);
	CHECK_INT(o.pool_size, 0x5a5a5a5a);
	CHECK_ERR(assoc_engine_options_init(&o, 0), ASSOC_EINVAL);
	CHECK_ERR(assoc_engine_options_init(&o, ASSOC_ENGINE_OPTIONS_VERSION + 1), ASSOC_EINVAL);
	CHECK_ERR(assoc_engine_options_init(NULL, ASSOC_ENGINE_OPTIONS_VERSION), ASSOC_EINVAL);
}

static void test_bad_options_refused(void)
{
	assoc_engine *e = NULL;
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.version = 99;
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("version 99");
	o = (assoc_engine_options)ASSOC_ENGINE_OPTIONS_INIT;
	o.journal_mode = "wal; DROP TABLE x";
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("journal_mode");
	o = (assoc_engine_options)ASSOC_ENGINE_OPTIONS_INIT;
	o.busy_timeout_ms = -1;
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("busy_timeout_ms");
	o = (assoc_engine_options)ASSOC_ENGINE_OPTIONS_INIT;
	o.pool_size = -1;
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("pool_size is -1");
	o.pool_size = ASSOC_MAX_POOL_SIZE + 1;
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("pool_size");
	o = (assoc_engine_options)ASSOC_ENGINE_OPTIONS_INIT;
	o.connect_timeout_s = -5;
	CHECK_ERR(assoc_engine_open_ext(&e, "sqlite://", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("connect_timeout_s is -5");
	CHECK(e == NULL);
}

/* A file database is in WAL mode unless asked otherwise; NULL options are the defaults. */
static void test_file_database_wal_by_default(void)
{
	struct tmpdb t;
	tmpdb_make(&t);
	assoc_engine *e;
	CHECK_OK(assoc_engine_open(&e, t.url));
	CHECK_STR(journal_mode(e), "wal");
	assoc_engine_free(e);
	CHECK_OK(assoc_engine_open_ext(&e, t.url, NULL));
	CHECK_STR(journal_mode(e), "wal");
	assoc_engine_free(e);
	tmpdb_remove(&t);

	tmpdb_make(&t);
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.journal_mode = "truncate";
	CHECK_OK(assoc_engine_open_ext(&e, t.url, &o));
	CHECK_STR(journal_mode(e), "truncate");
	assoc_engine_free(e);
	tmpdb_remove(&t);
}

/* Session a reads and keeps its transaction; session b commits meanwhile. */
static int commit_while_other_reads(fx *f, assoc_session **reader)
{
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, NULL));
	fx_add(f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f->s));
	CHECK_OK(assoc_session_new(reader, f->eng, f->reg, NULL));
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, *reader, fx_m(f, "User")));
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 1);
	assoc_query_free(q);
	fx_add(f, "User", "name", "bob");
	return assoc_session_commit(f->s);
}

/* Under WAL a session that has only read does not block another's commit. */
static void test_reader_never_blocks_commit(void)
{
	struct tmpdb t;
	tmpdb_make(&t);
	fx f;
	build(&f);
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.busy_timeout_ms = 0; /* a lock would fail at once rather than wait */
	CHECK_OK(assoc_engine_open_ext(&f.eng, t.url, &o));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	assoc_session *reader;
	CHECK_OK(commit_while_other_reads(&f, &reader));
	CHECK_INT(fx_count(f.eng, "users"), 2);
	/* the reader's transaction still sees what it saw; after it ends, the new row */
	CHECK_OK(assoc_session_rollback(reader));
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, reader, fx_m(&f, "User")));
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 2);
	assoc_query_free(q);
	assoc_session_free(reader);
	fx_close(&f);
	tmpdb_remove(&t);
}

/* In a rollback journal mode the reader's lock stops the commit; the message says so. */
static void test_locked_message_says_what_holds_it(void)
{
	struct tmpdb t;
	tmpdb_make(&t);
	fx f;
	build(&f);
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.journal_mode = "DELETE";
	o.busy_timeout_ms = 0;
	CHECK_OK(assoc_engine_open_ext(&f.eng, t.url, &o));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	assoc_session *reader;
	CHECK_ERR(commit_while_other_reads(&f, &reader), ASSOC_ERETRY);
	CHECK_MSG_CONTAINS("database is locked");
	CHECK_MSG_CONTAINS("another connection holds");
	CHECK_MSG_CONTAINS("busy_timeout_ms");
	CHECK_OK(assoc_session_rollback(reader));
	assoc_session_free(reader);
	CHECK_OK(assoc_session_rollback(f.s));
	fx_close(&f);
	tmpdb_remove(&t);
}

/* SQLite's in-memory URI forms give one database, seen by every session of the engine. */
static void check_memory_url(const char *url)
{
	fx f;
	build(&f);
	CHECK_OK(assoc_engine_open(&f.eng, url));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	CHECK_STR(journal_mode(f.eng), "memory");
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, NULL));
	fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s));
	assoc_session *other;
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, other, fx_m(&f, "User")));
	assoc_object *u;
	CHECK_OK(assoc_query_one(&u, q));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	assoc_query_free(q);
	assoc_session_free(other);
	fx_close(&f);
}

static void test_memory_uri_forms_share_one_database(void)
{
	check_memory_url("sqlite:///:memory:");
	check_memory_url("sqlite:///file::memory:");
	check_memory_url("sqlite:///file::memory:?cache=shared");
	check_memory_url("sqlite:///file:assoc_mem_test?mode=memory");
	check_memory_url("sqlite:///file:assoc_mem_test2?cache=shared&mode=memory");
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_options_init),
		TEST(test_bad_options_refused),
		TEST(test_file_database_wal_by_default),
		TEST(test_reader_never_blocks_commit),
		TEST(test_locked_message_says_what_holds_it),
		TEST(test_memory_uri_forms_share_one_database),
	};
	return CHECK_RUN(tests, argc, argv);
}
