/*
 * test_session_run.c - assoc_session_run: a unit of work committed, rolled
 * back on its own error, run again after a real conflict with another
 * session (SQLite's BUSY_SNAPSHOT under WAL: no update lost), given up after
 * max_attempts, and refused in the states where it cannot start.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

/* counters(id, name, n) as Counter; one row "c" with n = 0, on a WAL file without busy waits. */
static void open_counter(fx *f, struct fx_tmpdb *t)
{
	memset(f, 0, sizeof *f);
	fx_tmpdb_make(t);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *c = fx_table_id(f->reg, "counters");
	fx_col(c, "name", ASSOC_TYPE_TEXT);
	fx_col(c, "n", ASSOC_TYPE_INTEGER);
	fx_mapper(f->reg, "Counter", "counters");
	CHECK_OK(assoc_registry_configure(f->reg));
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.journal_mode = "WAL";
	o.busy_timeout_ms = 0; /* a conflict fails at once */
	CHECK_OK(assoc_engine_open_ext(&f->eng, t->url, &o));
	CHECK_OK(assoc_engine_create_all(f->eng, f->reg));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO counters (id, name, n) VALUES (1, 'c', 0)"));
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, NULL));
}

static void close_counter(fx *f, struct fx_tmpdb *t)
{
	fx_close(f);
	fx_tmpdb_remove(t);
}

static assoc_object *counter(fx *f, assoc_session *s)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&o, s, fx_m(f, "Counter"), &pk, 1));
	CHECK(o != NULL);
	return o;
}

struct job {
	fx *f;
	unsigned int runs;
	int fail_with;        /* returned by the first run when not 0 */
	int interfere_until;  /* runs before this one have another session commit an increment midway */
	assoc_session *other;
};

/* Read the counter, (let the other session commit an increment meanwhile), add one. */
static int increment(void *ud, assoc_session *s, unsigned int attempt)
{
	struct job *j = ud;
	j->runs++;
	CHECK_INT(attempt, j->runs);
	assoc_object *c = counter(j->f, s);
	int64_t n = fx_get_int(c, "n");
	if ((int)attempt < j->interfere_until) {
		assoc_object *oc = counter(j->f, j->other);
		fx_set_int(oc, "n", fx_get_int(oc, "n") + 1);
		CHECK_OK(assoc_session_commit(j->other));
	}
	fx_set_int(c, "n", n + 1);
	assoc_object *note = fx_new(j->f, "Counter"); /* an insert that must not survive a failed run */
	fx_set_text(note, "name", "run");
	CHECK_OK(assoc_session_add(s, note));
	int rc = assoc_session_flush(s); /* the function may flush (and so meet the conflict itself) */
	if (rc)
		return rc;
	if (j->fail_with && attempt == 1)
		return assoc_error_set(j->fail_with, "the unit of work refused (run %u)", attempt);
	return 0;
}

static void test_commits(void)
{
	fx f;
	struct fx_tmpdb t;
	open_counter(&f, &t);
	struct job j = { &f, 0, 0, 0, NULL };
	CHECK_OK(assoc_session_run(f.s, increment, &j, NULL));
	CHECK_INT(j.runs, 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 1);
	CHECK_INT(fx_count(f.eng, "counters"), 2);
	close_counter(&f, &t);
}

/* Another session commits between the read and the write: ASSOC_ERETRY, rolled back, run again. */
static void test_conflict_runs_again_and_loses_nothing(void)
{
	fx f;
	struct fx_tmpdb t;
	open_counter(&f, &t);
	assoc_session *other = NULL;
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	struct job j = { &f, 0, 0, 3, other };
	assoc_run_options o = ASSOC_RUN_OPTIONS_INIT;
	o.backoff_ms = 1;
	CHECK_OK(assoc_session_run(f.s, increment, &j, &o));
	CHECK_INT(j.runs, 3);  /* two runs conflicted */
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 3); /* 2 by the other, 1 by us */
	CHECK_INT(fx_count(f.eng, "counters"), 2);                          /* one run's insert only */
	assoc_session_free(other);
	close_counter(&f, &t);
}

static void test_gives_up_after_max_attempts(void)
{
	fx f;
	struct fx_tmpdb t;
	open_counter(&f, &t);
	assoc_session *other = NULL;
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	struct job j = { &f, 0, 0, 100, other };
	assoc_run_options o;
	CHECK_OK(assoc_run_options_init(&o, ASSOC_RUN_OPTIONS_VERSION));
	o.max_attempts = 2;
	o.backoff_ms = 0;
	CHECK_ERR(assoc_session_run(f.s, increment, &j, &o), ASSOC_ERETRY);
	CHECK_MSG_CONTAINS("gave up after 2 attempt(s)");
	CHECK_MSG_CONTAINS("database is locked");
	CHECK_INT(j.runs, 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 2); /* the other's two only */
	CHECK_INT(fx_count(f.eng, "counters"), 1);
	CHECK(assoc_session_is_active(f.s));
	assoc_session_free(other);
	close_counter(&f, &t);
}

/* The function's own error: rolled back, not run again, its message kept. */
static void test_own_error_rolls_back(void)
{
	fx f;
	struct fx_tmpdb t;
	open_counter(&f, &t);
	struct job j = { &f, 0, ASSOC_ECONSTRAINT, 0, NULL };
	CHECK_ERR(assoc_session_run(f.s, increment, &j, NULL), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("the unit of work refused (run 1)");
	CHECK_INT(j.runs, 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 0);
	CHECK_INT(fx_count(f.eng, "counters"), 1);
	CHECK_INT(assoc_session_new_count(f.s), 0);
	/* and the session goes on */
	j.fail_with = 0;
	j.runs = 0;
	CHECK_OK(assoc_session_run(f.s, increment, &j, NULL));
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 1);
	close_counter(&f, &t);
}

static int returns_positive(void *ud, assoc_session *s, unsigned int attempt)
{
	(void)ud, (void)s, (void)attempt;
	return 7;
}

static int returns_unknown_code(void *ud, assoc_session *s, unsigned int attempt)
{
	(void)ud, (void)s, (void)attempt;
	return ASSOC_ERROR_CODE_MIN - 1;
}

static int closes_session(void *ud, assoc_session *s, unsigned int attempt)
{
	(void)ud, (void)attempt;
	return assoc_session_close(s);
}

static int nested_run(void *ud, assoc_session *s, unsigned int attempt)
{
	(void)attempt;
	return assoc_session_run(s, returns_positive, ud, NULL);
}

static void test_refusals(void)
{
	fx f;
	struct fx_tmpdb t;
	open_counter(&f, &t);
	struct job j = { &f, 0, 0, 0, NULL };
	CHECK_ERR(assoc_session_run(NULL, increment, &j, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_run(f.s, NULL, &j, NULL), ASSOC_EINVAL);
	assoc_run_options o = ASSOC_RUN_OPTIONS_INIT;
	o.version = 99;
	CHECK_ERR(assoc_session_run(f.s, increment, &j, &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("version 99");
	o = (assoc_run_options)ASSOC_RUN_OPTIONS_INIT;
	o.max_attempts = 0;
	CHECK_ERR(assoc_session_run(f.s, increment, &j, &o), ASSOC_EINVAL);
	CHECK_ERR(assoc_run_options_init(&o, 2), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_run(f.s, returns_positive, &j, NULL), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("returned 7");
	CHECK_ERR(assoc_session_run(f.s, returns_unknown_code, &j, NULL), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("not 0 or an ASSOC_E code");
	CHECK_ERR(assoc_session_run(f.s, closes_session, &j, NULL), ASSOC_ESTATE);
	CHECK(!assoc_session_is_closed(f.s));
	CHECK_ERR(assoc_session_run(f.s, nested_run, &j, NULL), ASSOC_ESTATE);
	CHECK_MSG_CONTAINS("inside a run");
	/* unflushed work, or a SAVEPOINT, must be settled first */
	assoc_object *c = counter(&f, f.s);
	fx_set_int(c, "n", 5);
	CHECK_ERR(assoc_session_run(f.s, increment, &j, NULL), ASSOC_ESTATE);
	CHECK_MSG_CONTAINS("unflushed changes");
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK_OK(assoc_session_begin_nested(f.s));
	CHECK_ERR(assoc_session_run(f.s, increment, &j, NULL), ASSOC_ESTATE);
	CHECK_MSG_CONTAINS("SAVEPOINT");
	CHECK_OK(assoc_session_rollback(f.s));
	/* a transaction that has only read is ended first */
	CHECK_INT(fx_get_int(counter(&f, f.s), "n"), 0);
	CHECK_OK(assoc_session_run(f.s, increment, &j, NULL));
	CHECK_INT(fx_sql_int(f.eng, "SELECT n FROM counters WHERE id = 1"), 1);
	CHECK_OK(assoc_session_close(f.s));
	CHECK_ERR(assoc_session_run(f.s, increment, &j, NULL), ASSOC_ECLOSED);
	close_counter(&f, &t);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_commits),
		TEST(test_conflict_runs_again_and_loses_nothing),
		TEST(test_gives_up_after_max_attempts),
		TEST(test_own_error_rolls_back),
		TEST(test_refusals),
	};
	return CHECK_RUN(tests, argc, argv);
}
