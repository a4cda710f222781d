/*
 * driver.h - the one interface between the core and a database client library.
 *
 * The core (schema, session and flush, collections and proxies, SQL) reaches a
 * database only through these calls. Each driver is one file in this folder
 * and the only place its client library is called: sqlite.c (sqlite3), and
 * postgres.c (libpq). A driver never calls up into the core except to set the
 * thread's error (assoc_error_set).
 *
 * Failures: prepare, exec and step return a negative ASSOC_E code and set no
 * message; the core then calls error() at once, which sets the message
 * "<what>: <the database's message>", keeping the database's own code in it
 * ("SQLITE_FULL", "SQLSTATE 40001", ...). connect sets its message itself.
 *
 * Every driver's connection and statement begin with the structs below (the
 * core reads drv to dispatch, and owns the other fields).
 *
 * The core writes "?" placeholders; a driver whose dialect numbers them
 * renumbers at prepare with db_numbered_params(). Parameter indexes are 1-based (as "?" and
 * "$1" count), column indexes 0-based.
 */
#ifndef ASSOC_DRIVER_H
#define ASSOC_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "assoc/schema.h"

struct db_driver;
struct assoc_engine;

typedef struct db_conn {
	const struct db_driver *drv;
	struct assoc_engine *log;      /* core: the engine whose statement log reports this connection, or NULL */
} db_conn;

typedef struct db_stmt {
	const struct db_driver *drv;
	db_conn *conn;
	uint64_t log_start;            /* core: when its first step began (ns), 0 when not running or not logged */
} db_stmt;

/* What a dialect's SQL looks like: the SQL compiler's only source of differences. */
struct db_dialect {
	const char *name;              /* "sqlite", "postgresql" */
	int numbered_params;           /* 0: "?"; 1: "$1", "$2", ... */
	int has_returning;             /* INSERT ... RETURNING */
	int has_on_conflict;           /* INSERT ... ON CONFLICT DO NOTHING */
	int max_params;                /* bound parameters per statement */
	/* A generated integer key comes back from INSERT ... RETURNING (no last_insert_id), and the
	 * INSERT leaves the key column out (an explicit NULL would not take the default). */
	int keys_by_returning;
	/* Key changes defer foreign keys for one flush: defer_fks runs first, then check_fks (NULL:
	 * SQLite's PRAGMA foreign_key_check, then undefer_fks); fk_suffix ends every FOREIGN KEY. */
	const char *defer_fks, *check_fks, *undefer_fks, *fk_suffix;
	/* The column type in CREATE TABLE; autoinc_pk for a lone generated integer key. */
	const char *(*type_sql)(assoc_type t, int autoinc_pk);
	/* Whether name is a keyword of the dialect (then it is quoted even when plain). */
	int (*is_keyword)(const char *name, size_t len);
	/* The right side of "col IN ..." taking integer keys as one parameter, a JSON array
	 * text ("[1,2,3]"): one statement of one SQL text for any number of keys. NULL:
	 * the core lists the keys as parameters, in chunks. */
	const char *key_set;
	/* What stands before an OFFSET when there is no LIMIT (SQLite needs " LIMIT -1"); NULL: nothing. */
	const char *no_limit;
};

/* How to connect: the engine's options, as the driver needs them. */
struct db_connect_options {
	const char *what;              /* names the connection in messages (the engine's URL) */
	const char *journal_mode;      /* SQLite: "WAL", ...; NULL to leave it */
	int busy_timeout_ms;           /* SQLite */
	int connect_timeout_s;         /* PostgreSQL: 0 for libpq's default */
};

struct db_driver {
	const char *name;              /* "sqlite", "postgresql" */
	const struct db_dialect *dialect;

	/* target: a file path or ":memory:" (SQLite), a libpq conninfo or URI (PostgreSQL). */
	int (*connect)(db_conn **out, const char *target, const struct db_connect_options *opts);
	void (*close)(db_conn *c);     /* NULL is a no-op; statements are finalized first */

	/* Set the thread's error for the failure just reported by c (code as returned); returns code. */
	int (*error)(db_conn *c, int code, const char *what);

	/* Run SQL (one or more statements) with no parameters and no rows wanted (DDL, BEGIN, ...). */
	int (*exec)(db_conn *c, const char *sql);

	/* persistent: the statement is cached and reused. tail (may be NULL): where a second
	 * statement in sql begins (NULL if the driver cannot tell). *out is NULL for empty SQL. */
	int (*prepare)(db_stmt **out, db_conn *c, const char *sql, int persistent, const char **tail);
	void (*finalize)(db_stmt *st); /* NULL is a no-op */
	void (*reset)(db_stmt *st);    /* ready to run again; bindings stay */
	void (*clear_bindings)(db_stmt *st); /* every parameter back to NULL */
	const char *(*sql)(const db_stmt *st);
	int (*param_count)(const db_stmt *st);

	/* Bind failures are ignored by the core today (as with sqlite3_bind_*): a bad index is a core bug. */
	int (*bind_null)(db_stmt *st, int i);
	int (*bind_int)(db_stmt *st, int i, int64_t v);
	int (*bind_double)(db_stmt *st, int i, double v);
	/* Borrowed: the bytes stay valid until the statement is reset or rebound. */
	int (*bind_text)(db_stmt *st, int i, const char *s, size_t len);
	int (*bind_blob)(db_stmt *st, int i, const void *p, size_t len);

	/* 1: a row is ready; 0: done; < 0: an ASSOC_E code (then call error(), and reset). */
	int (*step)(db_stmt *st);

	int (*column_count)(const db_stmt *st);
	/* The value's own kind in this row: ASSOC_NULL, _INTEGER, _REAL, _TEXT or _BLOB. */
	assoc_value_kind (*column_type)(db_stmt *st, int i);
	int64_t (*column_int)(db_stmt *st, int i);
	double (*column_double)(db_stmt *st, int i);
	/* Valid until the next step or reset; NULL with *len 0 for NULL. Text is NUL-terminated. */
	const char *(*column_text)(db_stmt *st, int i, size_t *len);
	const void *(*column_blob)(db_stmt *st, int i, size_t *len);

	int64_t (*changes)(db_conn *c);        /* rows changed by the last statement */
	int64_t (*last_insert_id)(db_conn *c); /* SQLite's rowid; dialects with RETURNING use that */

	/* Whether a transaction is open on the connection (the database may end one on its own). */
	int (*in_transaction)(db_conn *c);
	/* The last failure's class: a serialization failure or deadlock that a retry may cure. */
	int (*last_error_retryable)(db_conn *c);

	/* Pooling: whether a connection can serve another session, without a round trip: open,
	 * outside any transaction, and not closed by the server meanwhile. Only the library's
	 * statements run on a session's connection, so one that is alive needs no reset. */
	int (*alive)(db_conn *c);

	/* Make the statement running on c now fail with ASSOC_EINTERRUPT (no effect when none runs).
	 * The one op another thread may call while c is in use (never during connect or close).
	 * 0, or a negative code with the thread's error set. */
	int (*interrupt)(db_conn *c);
};

extern const struct db_driver db_driver_sqlite;
#ifdef ASSOC_HAVE_POSTGRES
extern const struct db_driver db_driver_postgres;
#endif

/*
 * sql with each "?" and ":name" parameter outside quoted strings, quoted
 * identifiers and comments replaced by "$1", "$2", ... in order (a name seen
 * again keeps its number, as SQLite numbers them) (params.c); *count (may be
 * NULL) gets how many.
 * Returns an allocated string (mem_free), or NULL when out of memory.
 */
char *db_numbered_params(const char *sql, int *count);

/* Whether name (len bytes, any case) is a reserved key word of PostgreSQL (pg_keywords.c; always built). */
int db_pg_is_keyword(const char *name, size_t len);

/* SQLite only: route SQLite's allocations through the library's (alloc.c). 0 or ASSOC_ESTATE, message set. */
int db_sqlite_route_alloc(int route);

#endif
