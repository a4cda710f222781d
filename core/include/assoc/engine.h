/**
 * @file assoc/engine.h
 * @brief A database URL and its dialect.
 *
 * "sqlite://" is an in-memory database; "sqlite:///relative/path.db" and
 * "sqlite:////absolute/path.db" are files, as in SQLAlchemy. Foreign keys are
 * enforced. An in-memory engine has one connection, shared by its sessions;
 * a file engine gives each session a connection of its own. SQLite's URI
 * forms of an in-memory database ("sqlite:///:memory:",
 * "sqlite:///file::memory:", "sqlite:///file:name?mode=memory...") are
 * in-memory engines too: one database, shared by the engine's sessions.
 *
 * File databases use write-ahead logging by default (journal_mode "WAL"), so
 * a session that has only read never blocks another session's commit, and
 * readers see the last commit made before their transaction began.
 */
#ifndef ASSOC_ENGINE_H
#define ASSOC_ENGINE_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of assoc_engine_options these headers describe (1: no pool_size, connect_timeout_s). */
#define ASSOC_ENGINE_OPTIONS_VERSION 2

/**
 * Options of assoc_engine_open_ext(); initialise with ASSOC_ENGINE_OPTIONS_INIT
 * or assoc_engine_options_init(). A struct of version 1 (the first three
 * fields) is still accepted; the later fields then take their defaults.
 */
typedef struct assoc_engine_options {
	/** ASSOC_ENGINE_OPTIONS_VERSION */
	unsigned int version;     /* ASSOC_ENGINE_OPTIONS_VERSION */
	/** file databases: "WAL" (NULL), "DELETE", "TRUNCATE", "PERSIST", "MEMORY" or "OFF"; in-memory databases ignore it */
	const char *journal_mode; /* file databases: "WAL" (NULL), "DELETE", "TRUNCATE", "PERSIST",
	                             "MEMORY" or "OFF"; in-memory databases ignore it */
	/** how long a connection waits for another's lock before failing with "database is locked" (default 5000; 0: not at all) */
	int busy_timeout_ms;      /* how long a connection waits for another's lock before failing
	                             with "database is locked" (default 5000; 0: not at all) */
	/** version 2: how many idle connections the engine keeps for its next sessions (default 5, at most ASSOC_MAX_POOL_SIZE; 0: each session's connection is closed with it) */
	int pool_size;            /* idle connections kept for the next sessions (default 5; 0: none) */
	/** version 2: PostgreSQL: seconds a connection attempt may take before it fails (default 10; 0: no limit); a URL's own connect_timeout wins */
	int connect_timeout_s;    /* PostgreSQL: seconds a connection attempt may take (default 10; 0: no limit) */
} assoc_engine_options;

/** assoc_engine_options of the current version with every field at its default. */
#define ASSOC_ENGINE_OPTIONS_INIT { ASSOC_ENGINE_OPTIONS_VERSION, NULL, 5000, 5, 10 }

/** The largest pool_size an engine takes. */
#define ASSOC_MAX_POOL_SIZE 1024

/**
 * Set *opts to the defaults (ASSOC_ENGINE_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_ENGINE_OPTIONS_VERSION, or 1 to fill only the fields of version 1.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_engine_options_init(assoc_engine_options *opts, unsigned int version);

/**
 * assoc_engine_open_ext() with the default options.
 * @param out receives the engine, owned by the caller: release it with
 *            assoc_engine_free().
 * @param url the database URL, copied.
 * @return as assoc_engine_open_ext().
 */
ASSOC_API int assoc_engine_open(assoc_engine **out, const char *url);

/**
 * Open an engine for url; opts may be NULL (the defaults).
 *
 * @param out  receives the engine, owned by the caller (one reference):
 *             release it with assoc_engine_free().
 * @param url  "sqlite://" or "sqlite:///path" (see the file comment), copied.
 * @param opts read during the call (journal_mode is kept as one of its known
 *             values), or NULL.
 * @return 0, or ASSOC_EINVAL for a NULL argument, an unsupported options
 *         version, an unknown journal_mode, a negative busy_timeout_ms,
 *         pool_size or connect_timeout_s, a pool_size above
 *         ASSOC_MAX_POOL_SIZE, a URL
 *         of another scheme or with a host; ASSOC_ENOMEM; ASSOC_EDB when the
 *         database fails (ASSOC_ECONSTRAINT for a violated constraint,
 *         ASSOC_ENOMEM when it runs out of memory) (the file cannot be opened,
 *         or the journal mode set).
 */
ASSOC_API int assoc_engine_open_ext(assoc_engine **out, const char *url, const assoc_engine_options *opts);

/**
 * Release the caller's reference; the engine and its connection are freed
 * once its last session is freed too (each session holds a reference).
 * @param engine an engine; NULL is a no-op.
 */
ASSOC_API void assoc_engine_free(assoc_engine *engine);

/**
 * Take one more reference, released by another assoc_engine_free().
 * @param engine an engine; NULL is a no-op.
 */
ASSOC_API void assoc_engine_ref(assoc_engine *engine);

/**
 * The URL the engine was opened with.
 * @param engine an engine, or NULL.
 * @return the URL, owned by the engine (valid until it is freed); NULL for NULL.
 */
ASSOC_API const char *assoc_engine_url(const assoc_engine *engine);

/**
 * The engine's connection pool. A session of a file or PostgreSQL engine
 * takes an idle connection from the pool, or opens one when none is idle
 * (or the idle one was found broken: the server closed it); when the session
 * is closed, its connection goes back rolled back (only the library's own
 * statements run on a session's connection, so that is all it needs), unless the pool already holds pool_size idle connections or
 * the connection is broken or still in a transaction: then it is closed.
 * In-memory SQLite engines share their one connection and have no pool.
 * Safe to call from any thread.
 *
 * @param engine  the engine.
 * @param idle    receives how many connections wait in the pool (may be NULL).
 * @param in_use  receives how many connections open sessions hold (may be NULL).
 * @param opened  receives how many connections sessions have opened so far,
 *                reuses from the pool not counted (may be NULL).
 * @return 0, or ASSOC_EINVAL for a NULL engine.
 */
ASSOC_API int assoc_engine_pool_status(assoc_engine *engine, size_t *idle, size_t *in_use, uint64_t *opened);

/**
 * CREATE TABLE (and indexes) for every table of the registry not yet present,
 * parents first, in one transaction of the engine's connection.
 *
 * @param engine the engine.
 * @param reg    a configured registry, only read.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured or the connection is inside a transaction,
 *         ASSOC_ENOMEM, ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT
 *         for a violated constraint, ASSOC_ENOMEM when it runs out of memory),
 *         ASSOC_ECONFIG when a table that existed lacks a column the registry
 *         declares (schema drift, see assoc_engine_check_schema()).
 *         On error no table is created.
 */
ASSOC_API int assoc_engine_create_all(assoc_engine *engine, assoc_registry *reg);

/**
 * DROP TABLE for every table of the registry that is present, children first.
 *
 * @param engine the engine.
 * @param reg    a configured registry, only read.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured or the connection is inside a transaction,
 *         ASSOC_ENOMEM, ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT
 *         for a violated constraint, ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_engine_drop_all(assoc_engine *engine, assoc_registry *reg);

/**
 * Run SQL text with no parameters on the engine's own connection (fixtures,
 * the program's own DDL); it may hold several statements. The DDL of
 * create_all and drop_all never goes through here: each of its statements is
 * run alone.
 *
 * @param engine the engine.
 * @param sql    the SQL text, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_EDB when the database
 *         fails (ASSOC_ECONSTRAINT for a violated constraint, ASSOC_ENOMEM when
 *         it runs out of memory); the message names the SQL.
 */
ASSOC_API int assoc_engine_exec(assoc_engine *engine, const char *sql);

/**
 * Run a one-row, one-column query with the given bound parameters on the
 * engine's connection and copy its value out; TEXT and BLOB results stay valid
 * until the next call of this function on the same engine. For checks in tests
 * and tools; not a query API.
 *
 * @param out     receives the first column of the first row; a NULL value
 *                when the query returns no row. Its bytes are owned by the engine.
 * @param engine  the engine.
 * @param sql     one SQL statement, borrowed for the call.
 * @param params  nparams values bound to ?1..?n, read during the call (no OBJECT).
 * @param nparams their number (params may be NULL when 0).
 * @return 0, or ASSOC_EINVAL for a NULL argument or a bad parameter value,
 *         ASSOC_ETYPE for an OBJECT parameter, ASSOC_ERANGE for a TEXT or BLOB
 *         longer than ASSOC_MAX_LENGTH, ASSOC_ENOMEM, ASSOC_EDB when the
 *         database fails (ASSOC_ECONSTRAINT for a violated constraint,
 *         ASSOC_ENOMEM when it runs out of memory) (ASSOC_EDB also for text
 *         that holds no statement).
 */
ASSOC_API int assoc_engine_scalar(assoc_value *out, assoc_engine *engine, const char *sql,
                                  const assoc_value *params, size_t nparams);

/**
 * Called after each statement the library runs, with its SQL text (borrowed
 * for the call) and the number of bound parameters. For echoing and counting.
 */
typedef void (*assoc_trace_fn)(void *userdata, const char *sql, size_t nparams);
/**
 * Set the engine's trace callback (assoc_trace_fn).
 * @param engine   the engine.
 * @param fn       the callback, or NULL to turn tracing off.
 * @param userdata passed first to fn, kept as given.
 * @return 0, or ASSOC_EINVAL for a NULL engine.
 */
ASSOC_API int assoc_engine_set_trace(assoc_engine *engine, assoc_trace_fn fn, void *userdata);

/** One statement the library ran, as the log callback sees it. */
typedef struct assoc_statement_log {
	/** the statement's text, as prepared */
	const char *sql;            /* the statement's text, as prepared */
	/** its bound parameters in order (borrowed for the call) */
	const assoc_value *params;  /* its bound parameters in order (borrowed for the call) */
	/** the number of params */
	size_t nparams;
	/** how long it ran, from first step to finish */
	double seconds;             /* how long it ran, from first step to finish */
} assoc_statement_log;

/** The log callback: entry and what it points at are borrowed for the call. */
typedef void (*assoc_log_fn)(void *userdata, const assoc_statement_log *entry);

/**
 * Called after each statement the library runs on this engine's connections
 * finishes, with its text, parameters and time: for echoing (SQLAlchemy's
 * echo=True), counting and profiling. Sessions made before or after the call
 * log too (a file or server engine gives each its own connection); NULL turns it off.
 *
 * @param engine   the engine.
 * @param fn       the callback, or NULL.
 * @param userdata passed first to fn, kept as given.
 * @return 0, or ASSOC_EINVAL for a NULL engine.
 */
ASSOC_API int assoc_engine_set_log(assoc_engine *engine, assoc_log_fn fn, void *userdata);

#ifdef __cplusplus
}
#endif
#endif
