/*
 * sqlite.c - the SQLite driver: the only file that calls sqlite3.
 */
#include "driver.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "assoc/error.h"
#include "../util.h"

struct sq_conn {
	db_conn base;
	sqlite3 *db;
	int last_rc;          /* the extended code of the last failure */
	int own_oom;          /* that failure was this file's allocation, not SQLite's */
};

struct sq_stmt {
	db_stmt base;
	sqlite3_stmt *st;
};

#define CONN(c) ((struct sq_conn *)(c))
#define STMT(s) (((struct sq_stmt *)(s))->st)

/* ---- allocator routing ------------------------------------------------------ */

static atomic_int open_connections;

/*
 * SQLite asks for the size of an allocation; the program's allocator need not
 * know it, so each SQLite block carries its size in a header of 16 bytes
 * (keeping the 8-byte alignment SQLite needs, and 16 for long double).
 */
#define SQLITE_HDR 16

static void *sq_malloc(int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *p = mem_alloc((size_t)n + SQLITE_HDR);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof n);
	return p + SQLITE_HDR;
}

static void sq_free(void *p)
{
	if (p)
		mem_free((unsigned char *)p - SQLITE_HDR);
}

static void *sq_realloc(void *p, int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *q = mem_realloc((unsigned char *)p - SQLITE_HDR, (size_t)n + SQLITE_HDR);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof n);
	return q + SQLITE_HDR;
}

static int sq_size(void *p)
{
	int n;
	memcpy(&n, (unsigned char *)p - SQLITE_HDR, sizeof n);
	return n;
}

static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *ud) { (void)ud; return SQLITE_OK; }
static void sq_shutdown(void *ud) { (void)ud; }

static const sqlite3_mem_methods sq_methods = {
	sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL
};

/* Point SQLite at sq_methods (route) or back at its default; SQLite must be idle. */
int db_sqlite_route_alloc(int route)
{
	int open = atomic_load(&open_connections);
	if (open)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: %d SQLite connection(s) of the library are open "
		                       "(an engine or session); SQLite's allocator can change only while none is", open);
	static sqlite3_mem_methods saved;
	static int have_saved;
	if (sqlite3_shutdown() != SQLITE_OK)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite could not be shut down to change its allocator");
	if (!have_saved) {
		if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &saved) != SQLITE_OK)
			return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite refused to report its allocator");
		have_saved = 1;
	}
	int rc = sqlite3_config(SQLITE_CONFIG_MALLOC, route ? &sq_methods : &saved);
	if (rc != SQLITE_OK)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite refused the allocator (%s); "
		                       "is a connection open?", sqlite3_errstr(rc));
	return 0;
}

/* ---- errors ------------------------------------------------------------------- */

static int code_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY: return ASSOC_ERETRY; /* BUSY_SNAPSHOT too: a retry starts a fresh snapshot */
	case SQLITE_CONSTRAINT: return ASSOC_ECONSTRAINT;
	case SQLITE_NOMEM: return ASSOC_ENOMEM;
	case SQLITE_MISMATCH: return ASSOC_ETYPE;
	case SQLITE_INTERRUPT: return ASSOC_EINTERRUPT;
	default: return ASSOC_EDB;
	}
}

static int fail(db_conn *c, int rc)
{
	CONN(c)->last_rc = rc;
	CONN(c)->own_oom = 0;
	return code_of(rc);
}

/* What SQLite tells of a lock that stopped a statement, said in the message ("" for other failures). */
static const char *lock_detail(int rc)
{
	switch (rc) {
	case SQLITE_BUSY_SNAPSHOT:
		return " (another connection committed after this transaction began reading: roll back and retry)";
	case SQLITE_BUSY_RECOVERY:
		return " (another connection is recovering the write-ahead log)";
	case SQLITE_LOCKED_SHAREDCACHE:
		return " (a table is locked by another connection sharing this cache)";
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_BUSY:
		return " (another connection holds the database's write lock, or in a rollback journal mode a lock"
		       " that this write must wait for, for longer than busy_timeout_ms)";
	case SQLITE_LOCKED:
		return " (a table is in use by another statement of the same connection)";
	default:
		return "";
	}
}

/* Constraint failures keep SQLite's text, which names table.column. */
static int set_error(sqlite3 *db, int rc, const char *what)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	return assoc_error_set(code_of(rc), "%s: %s%s", what, msg, lock_detail(rc));
}

static int sq_error(db_conn *c, int code, const char *what)
{
	(void)code;
	return set_error(CONN(c)->own_oom ? NULL : CONN(c)->db, CONN(c)->last_rc, what);
}

static int sq_retryable(db_conn *c)
{
	int rc = CONN(c)->last_rc;
	return rc == SQLITE_BUSY_SNAPSHOT || (rc & 0xff) == SQLITE_BUSY;
}

/* ---- connections ---------------------------------------------------------------- */

static int sq_exec(db_conn *c, const char *sql)
{
	int rc = sqlite3_exec(CONN(c)->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(c, rc);
}

static void sq_close(db_conn *c)
{
	if (c) {
		sqlite3_close_v2(CONN(c)->db);
		mem_free(c);
		atomic_fetch_sub(&open_connections, 1);
	}
}

/* PRAGMA journal_mode on a new connection; SQLite answers with the mode it kept. */
static int set_journal_mode(sqlite3 *db, const struct db_connect_options *o)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", o->journal_mode); /* one of the engine's names */
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return set_error(db, rc, o->what);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		rc = set_error(db, rc, sql);
		sqlite3_finalize(stmt);
		return rc;
	}
	const char *got = (const char *)sqlite3_column_text(stmt, 0);
	rc = got && !sqlite3_stricmp(got, o->journal_mode)
	             ? 0
	             : assoc_error_set(ASSOC_EDB, "%s: journal_mode %s could not be set; the database kept '%s'", o->what,
	                               o->journal_mode, got ? got : "?");
	sqlite3_finalize(stmt);
	return rc;
}

/* Open a connection with the settings every assoc connection has. */
static int sq_connect(db_conn **out, const char *target, const struct db_connect_options *o)
{
	*out = NULL;
	struct sq_conn *c = mem_calloc(1, sizeof *c);
	if (!c)
		return assoc_error_set(ASSOC_ENOMEM, "out of memory");
	c->base.drv = &db_driver_sqlite;
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = set_error(db, rc, o->what);
		sqlite3_close(db);
		mem_free(c);
		return rc;
	}
	c->db = db;
	atomic_fetch_add(&open_connections, 1);
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, o->busy_timeout_ms);
	rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		rc = set_error(db, rc, o->what);
	else if (o->journal_mode)
		rc = set_journal_mode(db, o);
	if (rc) {
		sq_close(&c->base);
		return rc;
	}
	*out = &c->base;
	return 0;
}

static int64_t sq_changes(db_conn *c) { return sqlite3_changes(CONN(c)->db); }
static int64_t sq_last_insert_id(db_conn *c) { return sqlite3_last_insert_rowid(CONN(c)->db); }
static int sq_in_transaction(db_conn *c) { return !sqlite3_get_autocommit(CONN(c)->db); }

/* A file connection cannot be closed by someone else; what it needs is to be out of a transaction. */
static int sq_alive(db_conn *c) { return !sq_in_transaction(c); }

/* sqlite3_interrupt is safe from any thread while the connection is open. */
static int sq_interrupt(db_conn *c)
{
	sqlite3_interrupt(CONN(c)->db);
	return 0;
}

/* ---- statements ---------------------------------------------------------------------- */

static int sq_prepare(db_stmt **out, db_conn *c, const char *sql, int persistent, const char **tail)
{
	*out = NULL;
	sqlite3_stmt *st = NULL;
	int rc = persistent ? sqlite3_prepare_v3(CONN(c)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, tail)
	                    : sqlite3_prepare_v2(CONN(c)->db, sql, -1, &st, tail);
	if (rc != SQLITE_OK)
		return fail(c, rc);
	if (!st)
		return 0;
	struct sq_stmt *s = mem_alloc(sizeof *s);
	if (!s) {
		sqlite3_finalize(st);
		int code = fail(c, SQLITE_NOMEM);
		CONN(c)->own_oom = 1;
		return code;
	}
	s->base.drv = &db_driver_sqlite;
	s->base.conn = c;
	s->base.log_start = 0;
	s->st = st;
	*out = &s->base;
	return 0;
}

static void sq_finalize(db_stmt *st)
{
	if (st) {
		sqlite3_finalize(STMT(st));
		mem_free(st);
	}
}

static void sq_reset(db_stmt *st) { sqlite3_reset(STMT(st)); }
static void sq_clear_bindings(db_stmt *st) { sqlite3_clear_bindings(STMT(st)); }
static const char *sq_sql(const db_stmt *st) { return sqlite3_sql(((const struct sq_stmt *)st)->st); }
static int sq_param_count(const db_stmt *st) { return sqlite3_bind_parameter_count(((const struct sq_stmt *)st)->st); }

static int sq_bind_null(db_stmt *st, int i) { return sqlite3_bind_null(STMT(st), i); }
static int sq_bind_int(db_stmt *st, int i, int64_t v) { return sqlite3_bind_int64(STMT(st), i, v); }
static int sq_bind_double(db_stmt *st, int i, double v) { return sqlite3_bind_double(STMT(st), i, v); }
static int sq_bind_text(db_stmt *st, int i, const char *s, size_t len)
{
	return sqlite3_bind_text(STMT(st), i, s, (int)len, SQLITE_STATIC);
}
static int sq_bind_blob(db_stmt *st, int i, const void *p, size_t len)
{
	return sqlite3_bind_blob(STMT(st), i, p, (int)len, SQLITE_STATIC);
}

static int sq_step(db_stmt *st)
{
	int rc = sqlite3_step(STMT(st));
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(st->conn, rc);
}

static int sq_column_count(const db_stmt *st) { return sqlite3_column_count(((const struct sq_stmt *)st)->st); }

static assoc_value_kind sq_column_type(db_stmt *st, int i)
{
	switch (sqlite3_column_type(STMT(st), i)) {
	case SQLITE_INTEGER: return ASSOC_INTEGER;
	case SQLITE_FLOAT: return ASSOC_REAL;
	case SQLITE_TEXT: return ASSOC_TEXT;
	case SQLITE_BLOB: return ASSOC_BLOB;
	default: return ASSOC_NULL;
	}
}

static int64_t sq_column_int(db_stmt *st, int i) { return sqlite3_column_int64(STMT(st), i); }
static double sq_column_double(db_stmt *st, int i) { return sqlite3_column_double(STMT(st), i); }

static const char *sq_column_text(db_stmt *st, int i, size_t *len)
{
	const char *p = (const char *)sqlite3_column_text(STMT(st), i);
	*len = p ? (size_t)sqlite3_column_bytes(STMT(st), i) : 0;
	return p;
}

static const void *sq_column_blob(db_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(STMT(st), i);
	*len = (size_t)sqlite3_column_bytes(STMT(st), i);
	return p;
}

/* ---- dialect --------------------------------------------------------------------------- */

static const char *sq_type_sql(assoc_type t, int autoinc_pk)
{
	(void)autoinc_pk; /* an INTEGER PRIMARY KEY is SQLite's rowid */
	switch (t) {
	case ASSOC_TYPE_INTEGER: return "INTEGER";
	case ASSOC_TYPE_REAL: return "REAL";
	case ASSOC_TYPE_TEXT: return "TEXT";
	case ASSOC_TYPE_BLOB: return "BLOB";
	case ASSOC_TYPE_BOOLEAN: return "BOOLEAN";
	case ASSOC_TYPE_NUMERIC: return "NUMERIC";
	case ASSOC_TYPE_DATETIME: return "DATETIME";
	default: return "INTEGER";
	}
}

static int sq_is_keyword(const char *name, size_t len) { return sqlite3_keyword_check(name, (int)len); }

static const struct db_dialect sqlite_dialect = {
	.name = "sqlite",
	.numbered_params = 0,
	.has_returning = 1,
	.has_on_conflict = 1,
	.max_params = 32766,
	.keys_by_returning = 0,
	.defer_fks = "PRAGMA defer_foreign_keys = ON",
	.check_fks = NULL,
	.undefer_fks = "PRAGMA defer_foreign_keys = OFF",
	.fk_suffix = "",
	.type_sql = sq_type_sql,
	.is_keyword = sq_is_keyword,
	.key_set = "(SELECT value FROM json_each(?))", /* JSON is built in since SQLite 3.38 */
	.no_limit = " LIMIT -1",
};

const struct db_driver db_driver_sqlite = {
	.name = "sqlite",
	.dialect = &sqlite_dialect,
	.connect = sq_connect,
	.close = sq_close,
	.error = sq_error,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.sql = sq_sql,
	.param_count = sq_param_count,
	.bind_null = sq_bind_null,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_type = sq_column_type,
	.column_int = sq_column_int,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.column_blob = sq_column_blob,
	.changes = sq_changes,
	.last_insert_id = sq_last_insert_id,
	.in_transaction = sq_in_transaction,
	.last_error_retryable = sq_retryable,
	.alive = sq_alive,
	.interrupt = sq_interrupt,
};
