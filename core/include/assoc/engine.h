/*
 * assoc/engine.h - a database URL and its dialect.
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

#define ASSOC_ENGINE_OPTIONS_VERSION 1

typedef struct assoc_engine_options {
	unsigned int version;     /**< ASSOC_ENGINE_OPTIONS_VERSION */
	const char *journal_mode; /**< file databases: "WAL" (NULL), "DELETE", "TRUNCATE", "PERSIST",
	                             "MEMORY" or "OFF"; in-memory databases ignore it */
	int busy_timeout_ms;      /**< how long a connection waits for another's lock before failing
	                             with "database is locked" (default 5000; 0: not at all) */
} assoc_engine_options;

#define ASSOC_ENGINE_OPTIONS_INIT { ASSOC_ENGINE_OPTIONS_VERSION, NULL, 5000 }

ASSOC_API int assoc_engine_options_init(assoc_engine_options *opts, unsigned int version);

/* assoc_engine_open_ext() with the default options. */
ASSOC_API int assoc_engine_open(assoc_engine **out, const char *url);

/* Open an engine for url; opts may be NULL (the defaults). */
ASSOC_API int assoc_engine_open_ext(assoc_engine **out, const char *url, const assoc_engine_options *opts);

/*
 * Release the caller's reference; the engine and its connection are freed
 * once its last session is freed too (each session holds a reference).
 */
ASSOC_API void assoc_engine_free(assoc_engine *engine);

/* Take one more reference, released by another assoc_engine_free(). */
ASSOC_API void assoc_engine_ref(assoc_engine *engine);

ASSOC_API const char *assoc_engine_url(const assoc_engine *engine);

/* CREATE TABLE (and indexes) for every table of the registry not yet present, parents first. */
ASSOC_API int assoc_engine_create_all(assoc_engine *engine, assoc_registry *reg);

/* DROP TABLE for every table of the registry that is present, children first. */
ASSOC_API int assoc_engine_drop_all(assoc_engine *engine, assoc_registry *reg);

/*
 * Run SQL text with no parameters on the engine's own connection (fixtures,
 * the program's own DDL); it may hold several statements. The DDL of
 * create_all and drop_all never goes through here: each of its statements is
 * run alone.
 */
ASSOC_API int assoc_engine_exec(assoc_engine *engine, const char *sql);

/*
 * Run a one-row, one-column query with the given bound parameters on the
 * engine's connection and copy its value out; TEXT and BLOB results stay valid
 * until the next call of this function on the same engine. For checks in tests
 * and tools; not a query API.
 */
ASSOC_API int assoc_engine_scalar(assoc_value *out, assoc_engine *engine, const char *sql,
                                  const assoc_value *params, size_t nparams);

/*
 * Called after each statement the library runs, with its SQL text and the
 * number of bound parameters. For echoing and counting; NULL turns it off.
 */
typedef void (*assoc_trace_fn)(void *userdata, const char *sql, size_t nparams);
ASSOC_API int assoc_engine_set_trace(assoc_engine *engine, assoc_trace_fn fn, void *userdata);

/* One statement the library ran, as the log callback sees it. */
typedef struct assoc_statement_log {
	const char *sql;            /**< the statement's text, as prepared */
	const assoc_value *params;  /**< its bound parameters in order (borrowed for the call) */
	size_t nparams;
	double seconds;             /**< how long it ran, from first step to finish */
} assoc_statement_log;

typedef void (*assoc_log_fn)(void *userdata, const assoc_statement_log *entry);

/*
 * Called after each statement the library runs on this engine's connections
 * finishes, with its text, parameters and time: for echoing (SQLAlchemy's
 * echo=True), counting and profiling. Sessions made after the call log too;
 * NULL turns it off.
 */
ASSOC_API int assoc_engine_set_log(assoc_engine *engine, assoc_log_fn fn, void *userdata);

#ifdef __cplusplus
}
#endif
#endif
