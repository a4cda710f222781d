/*
 * test_interrupt.c - assoc_session_interrupt: a statement counting to 1e9,
 * stopped from another thread, fails with ASSOC_EINTERRUPT at once; the
 * session is then as the header says, and works again after a rollback.
 * An interrupt with nothing running changes nothing; bad handles are refused.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"

/*
 * users(id, name) as User, and Slow over "slow": a table to the registry, a
 * view in the database whose every read counts to a billion.
 */
static void open_slow(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *u = fx_table_id(f->reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "User", "users");
	assoc_table *slow = fx_table_id(f->reg, "slow");
	fx_col(slow, "n", ASSOC_TYPE_INTEGER);
	fx_mapper(f->reg, "Slow", "slow");
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "DROP TABLE slow"));
	CHECK_OK(assoc_engine_exec(f->eng, "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
	                                   "SELECT x + 1 FROM c WHERE x < 1000000000) SELECT x AS id, x AS n FROM c"));
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

struct interrupter {
	assoc_session *s;
	atomic_int stop;
	int calls, failures;
	char error[256];
};

/* After 100 ms, interrupt every 20 ms until told to stop (the statement may start late on a busy machine). */
static void *interrupt_loop(void *arg)
{
	struct interrupter *in = arg;
	sleep_ms(100);
	while (!atomic_load(&in->stop)) {
		in->calls++;
		if (assoc_session_interrupt(in->s) != 0 && !in->failures++)
			snprintf(in->error, sizeof in->error, "%s", assoc_error_last()->message);
		sleep_ms(20);
	}
	return NULL;
}

static int64_t count_of(fx *f, const char *mapper, int *rc)
{
	assoc_query *q = NULL;
	int64_t n = -1;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	*rc = assoc_query_count(&n, q);
	assoc_query_free(q);
	return n;
}

/* Count Slow while another thread interrupts: ASSOC_EINTERRUPT, long before the count could end. */
static void count_interrupted(fx *f)
{
	struct interrupter in = { .s = f->s };
	pthread_t th;
	CHECK(pthread_create(&th, NULL, interrupt_loop, &in) == 0);
	double t0 = now_s();
	int rc = 0;
	count_of(f, "Slow", &rc);
	double took = now_s() - t0;
	atomic_store(&in.stop, 1);
	pthread_join(th, NULL);
	if (in.failures)
		check_fail_at(__FILE__, __LINE__, "assoc_session_interrupt failed %d time(s): %s", in.failures, in.error);
	CHECK(in.calls >= 1);
	CHECK_INT(rc, ASSOC_EINTERRUPT);
	CHECK_INT(assoc_error_last()->code, ASSOC_EINTERRUPT);
	CHECK_MSG_CONTAINS(fx_on_postgres() ? "canceling statement" : "interrupted");
	CHECK(took < 20.0); /* a billion rows would take minutes */
}

static void test_running_query_is_interrupted(void)
{
	fx f;
	open_slow(&f);
	count_interrupted(&f);
	/* A read with no writes before it: the session carries on, as after any failed read. */
	CHECK(assoc_session_is_active(f.s));
	CHECK_OK(assoc_session_rollback(f.s)); /* PostgreSQL's read transaction is aborted */
	fx_add(&f, "User", "name", "jack");
	CHECK_OK(assoc_session_commit(f.s));
	int rc = -1;
	CHECK_INT(count_of(&f, "User", &rc), 1);
	CHECK_OK(rc);
	fx_close(&f);
}

/*
 * An interrupt inside a transaction with flushed writes: SQLite keeps the
 * transaction (the interrupted statement only read); PostgreSQL aborts it and
 * refuses statements until the rollback. The rollback undoes the writes.
 */
static void test_interrupted_transaction_rolls_back(void)
{
	fx f;
	open_slow(&f);
	fx_add(&f, "User", "name", "flushed");
	CHECK_OK(assoc_session_flush(f.s));
	count_interrupted(&f);
	int rc = -1;
	int64_t n = count_of(&f, "User", &rc);
	if (fx_on_postgres()) {
		CHECK_INT(rc, ASSOC_EDB);
		CHECK_MSG_CONTAINS("25P02");
	} else {
		CHECK_OK(rc);
		CHECK_INT(n, 1);
	}
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK(assoc_session_is_active(f.s));
	CHECK_INT(count_of(&f, "User", &rc), 0);
	CHECK_OK(rc);
	fx_add(&f, "User", "name", "after");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(count_of(&f, "User", &rc), 1);
	fx_close(&f);
}

/* Every INSERT into users runs the slow count (a trigger), and notes(id, text) as Note. */
static void add_slow_trigger(fx *f)
{
	if (fx_on_postgres()) {
		CHECK_OK(assoc_engine_exec(f->eng, "CREATE FUNCTION count_slow() RETURNS trigger AS $$ BEGIN "
		                                   "PERFORM count(*) FROM slow; RETURN NEW; END $$ LANGUAGE plpgsql"));
		CHECK_OK(assoc_engine_exec(f->eng, "CREATE TRIGGER users_slow AFTER INSERT ON users "
		                                   "FOR EACH ROW EXECUTE FUNCTION count_slow()"));
	} else {
		CHECK_OK(assoc_engine_exec(f->eng, "CREATE TRIGGER users_slow AFTER INSERT ON users "
		                                   "BEGIN SELECT count(*) FROM slow; END"));
	}
}

/* A flush interrupted in its INSERT: undone whole. PostgreSQL's transaction goes on (the flush's
 * SAVEPOINT is rolled back to); SQLite ends the transaction, so the session needs a rollback. */
static void test_interrupted_flush_is_undone(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_table *n = fx_table_id(f.reg, "notes");
	fx_col(n, "text", ASSOC_TYPE_TEXT);
	fx_mapper(f.reg, "Note", "notes");
	assoc_table *u = fx_table_id(f.reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	fx_mapper(f.reg, "User", "users");
	assoc_table *slow = fx_table_id(f.reg, "slow");
	fx_col(slow, "n", ASSOC_TYPE_INTEGER);
	fx_mapper(f.reg, "Slow", "slow");
	fx_open(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "DROP TABLE slow"));
	CHECK_OK(assoc_engine_exec(f.eng, "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
	                                  "SELECT x + 1 FROM c WHERE x < 1000000000) SELECT x AS id, x AS n FROM c"));
	add_slow_trigger(&f);

	assoc_object *note = fx_add(&f, "Note", "text", "before");
	CHECK_OK(assoc_session_flush(f.s));
	assoc_object *user = fx_add(&f, "User", "name", "slow");
	struct interrupter in = { .s = f.s };
	pthread_t th;
	CHECK(pthread_create(&th, NULL, interrupt_loop, &in) == 0);
	int rc = assoc_session_flush(f.s);
	atomic_store(&in.stop, 1);
	pthread_join(th, NULL);
	CHECK_INT(rc, ASSOC_EINTERRUPT);
	CHECK_INT(assoc_object_state_of(user), ASSOC_STATE_PENDING); /* the flush is undone */
	if (fx_on_postgres()) {
		CHECK(assoc_session_is_active(f.s));
		CHECK_OK(assoc_session_expunge(f.s, user));
		CHECK_OK(assoc_session_commit(f.s)); /* the earlier flush of the transaction is kept */
		CHECK_INT(assoc_object_state_of(note), ASSOC_STATE_PERSISTENT);
	} else {
		CHECK(!assoc_session_is_active(f.s));
		CHECK_ERR(assoc_session_commit(f.s), ASSOC_ESTATE);
		CHECK_MSG_CONTAINS("interrupted");
		CHECK_OK(assoc_session_rollback(f.s));
		CHECK_INT(assoc_object_state_of(note), ASSOC_STATE_TRANSIENT);
	}
	CHECK(assoc_session_is_active(f.s));
	assoc_value v = assoc_value_null();
	CHECK_OK(assoc_engine_scalar(&v, f.eng, "SELECT count(*) FROM users", NULL, 0));
	CHECK_INT(v.u.integer, 0);
	fx_close(&f);
}

/* Nothing running: nothing happens, and the next statements run as usual. */
static void test_idle_interrupt_changes_nothing(void)
{
	fx f;
	open_slow(&f);
	fx_add(&f, "User", "name", "jack");
	CHECK_OK(assoc_session_interrupt(f.s));
	CHECK_OK(assoc_session_interrupt(f.s));
	sleep_ms(50); /* a cancel request that arrived late would now hit the next statement */
	CHECK_OK(assoc_session_commit(f.s));
	int rc = -1;
	CHECK_INT(count_of(&f, "User", &rc), 1);
	CHECK_OK(rc);
	CHECK(assoc_session_is_active(f.s));
	fx_close(&f);
}

static void test_bad_handles(void)
{
	CHECK_ERR(assoc_session_interrupt(NULL), ASSOC_EINVAL);
	fx f;
	open_slow(&f);
	CHECK_OK(assoc_session_close(f.s));
	CHECK_ERR(assoc_session_interrupt(f.s), ASSOC_ECLOSED);
	CHECK_MSG_CONTAINS("assoc_session_interrupt");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_running_query_is_interrupted),
		TEST(test_interrupted_transaction_rolls_back),
		TEST(test_interrupted_flush_is_undone),
		TEST(test_idle_interrupt_changes_nothing),
		TEST(test_bad_handles),
	};
	return CHECK_RUN(tests, argc, argv);
}
