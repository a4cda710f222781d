/*
 * log.c - the statement log: SQL text, bound parameters and time.
 *
 * SQLite reports each finished statement and its running time through its
 * profile hook; it has no way to read bound values back, so while any engine
 * logs, value_bind() notes what it binds (borrowed views, valid until the
 * statement is reset, which is after the hook has run). Statements run one at
 * a time per thread in this library, so the note for the statement being
 * reported is the last one made on the thread.
 */
#include "internal.h"

#include <stdatomic.h>
#include <string.h>

#include <stdlib.h>

#define INLINE_NOTED 64

static atomic_int loggers;

/* Parameters past the inline room go to a heap array that grows with the statement. */
static _Thread_local struct {
	sqlite3_stmt *stmt;
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

void log_note_bind(sqlite3_stmt *stmt, int i, const assoc_value *v)
{
	if (!atomic_load_explicit(&loggers, memory_order_relaxed))
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

static int profile(unsigned type, void *ctx, void *p, void *x)
{
	assoc_engine *e = ctx;
	if (type != SQLITE_TRACE_PROFILE || !e->log)
		return 0;
	sqlite3_stmt *stmt = p;
	assoc_statement_log entry;
	entry.sql = sqlite3_sql(stmt);
	entry.seconds = (double)*(sqlite3_int64 *)x / 1e9;
	int want = sqlite3_bind_parameter_count(stmt);
	if (noted.stmt == stmt && noted.n >= want) {
		entry.params = noted.vals;
		entry.nparams = (size_t)want;
	} else {
		entry.params = NULL;
		entry.nparams = 0;
	}
	noted.stmt = NULL;
	e->log(e->log_ud, &entry);
	return 0;
}

/* Report this connection's statements to the engine's log (or stop). */
void log_attach(assoc_engine *e, sqlite3 *db)
{
	if (e->log)
		sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, profile, e);
	else
		sqlite3_trace_v2(db, 0, NULL, NULL);
}

int assoc_engine_set_log(assoc_engine *e, assoc_log_fn fn, void *userdata)
{
	if (!e)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_set_log: engine is NULL");
	if (fn && !e->log)
		atomic_fetch_add(&loggers, 1);
	else if (!fn && e->log)
		atomic_fetch_sub(&loggers, 1);
	e->log = fn;
	e->log_ud = userdata;
	log_attach(e, e->db);
	return 0;
}

/* The engine is going away: stop counting it. */
void log_engine_gone(assoc_engine *e)
{
	if (e->log)
		atomic_fetch_sub(&loggers, 1);
	e->log = NULL;
}
