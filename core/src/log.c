/*
 * log.c - the statement log: SQL text, bound parameters and time.
 *
 * The core times each statement itself, whatever the driver: from its first
 * step to the step that ends it (done or failed) or to its reset. While any
 * engine logs (log_active), db_step() comes here; otherwise it calls the
 * driver directly, so an unlogged program pays one relaxed load per step.
 * Drivers cannot read bound values back, so while any engine logs,
 * value_bind() notes what it binds (borrowed views, valid until the statement
 * is reset, which is after it is reported). Statements run one at a time per
 * thread in this library, so the note for the statement being reported is
 * the last one made on the thread.
 */
#include "internal.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <stdlib.h>

#define INLINE_NOTED 64

atomic_int log_active;

/* Parameters past the inline room go to a heap array that grows with the statement. */
static _Thread_local struct {
	db_stmt *stmt;
	int n, cap;
	assoc_value *vals;        /* inline, or more */
	assoc_value inline_vals[INLINE_NOTED];
} noted;

/* Room for i values; 0 when an allocation failed (the entry then shows no parameters). */
static int noted_room(int i)
{
	if (!noted.vals) {
		noted.vals = noted.inline_vals;
		noted.cap = INLINE_NOTED;
	}
	if (i <= noted.cap)
		return 1;
	int cap = noted.cap * 2 > i ? noted.cap * 2 : i;
	assoc_value *p = mem_alloc((size_t)cap * sizeof *p);
	if (!p)
		return 0;
	memcpy(p, noted.vals, (size_t)noted.n * sizeof *p);
	if (noted.vals != noted.inline_vals)
		mem_free(noted.vals);
	noted.vals = p;
	noted.cap = cap;
	return 1;
}

void log_note_bind(db_stmt *stmt, int i, const assoc_value *v)
{
	if (!atomic_load_explicit(&log_active, memory_order_relaxed))
		return;
	if (noted.stmt != stmt) {
		noted.stmt = stmt;
		noted.n = 0;
	}
	if (i < 1 || !noted_room(i))
		return;
	while (noted.n < i - 1) /* parameters skipped are NULL */
		noted.vals[noted.n++] = assoc_value_null();
	noted.vals[i - 1] = *v;
	if (noted.n < i)
		noted.n = i;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t t = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	return t ? t : 1; /* 0 means "not running" */
}

static void report(assoc_engine *e, const char *sql, int want, const void *stmt, uint64_t start)
{
	assoc_statement_log entry;
	entry.sql = sql;
	entry.seconds = (double)(now_ns() - start) / 1e9;
	if (want > 0 && noted.stmt == stmt && noted.n >= want) {
		entry.params = noted.vals;
		entry.nparams = (size_t)want;
	} else {
		entry.params = NULL;
		entry.nparams = 0;
	}
	noted.stmt = NULL;
	e->log(e->log_ud, &entry);
}

/* The statement has finished (reset or finalized before its last step): report it. */
void log_finish(db_stmt *st)
{
	uint64_t start = st->log_start;
	st->log_start = 0;
	assoc_engine *e = st->conn->log;
	if (e && e->log)
		report(e, db_sql(st), db_param_count(st), st, start);
}

/* db_step while some engine logs. */
int log_step(db_stmt *st)
{
	if (!st->conn->log)
		return st->drv->step(st);
	if (!st->log_start)
		st->log_start = now_ns();
	int rc = st->drv->step(st);
	if (rc != 1)
		log_finish(st);
	return rc;
}

/* Statements run through the driver's exec: timed and reported the same way. */
int db_exec(db_conn *c, const char *sql)
{
	if (!atomic_load_explicit(&log_active, memory_order_relaxed) || !c->log)
		return c->drv->exec(c, sql);
	uint64_t start = now_ns();
	int rc = c->drv->exec(c, sql);
	if (c->log && c->log->log)
		report(c->log, sql, 0, NULL, start);
	return rc;
}

/* Report this connection's statements to the engine's log, whenever it is set: a session
 * made before assoc_engine_set_log() reports too (the log callback is read at each statement). */
void log_attach(assoc_engine *e, db_conn *db)
{
	db->log = e;
}

int assoc_engine_set_log(assoc_engine *e, assoc_log_fn fn, void *userdata)
{
	if (!e)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_set_log: engine is NULL");
	if (fn && !e->log)
		atomic_fetch_add(&log_active, 1);
	else if (!fn && e->log)
		atomic_fetch_sub(&log_active, 1);
	e->log = fn;
	e->log_ud = userdata;
	log_attach(e, e->db);
	return 0;
}

/* The engine is going away: stop counting it. */
void log_engine_gone(assoc_engine *e)
{
	if (e->log)
		atomic_fetch_sub(&log_active, 1);
	e->log = NULL;
}
