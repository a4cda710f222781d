/*
 * assoc/engine.h - a database URL and its dialect.
 *
 * "sqlite://" is an in-memory database; "sqlite:///relative/path.db" and
 * "sqlite:////absolute/path.db" are files, as in SQLAlchemy. Foreign keys are
 * enforced. An in-memory engine has one connection, shared by its sessions;
 * a file engine gives each session a connection of its own.
 */
#ifndef ASSOC_ENGINE_H
#define ASSOC_ENGINE_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

ASSOC_API int assoc_engine_open(assoc_engine **out, const char *url);

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

/* Run SQL text with no parameters on the engine's own connection (DDL, fixtures). */
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
	const char *sql;            /* the statement's text, as prepared */
	const assoc_value *params;  /* its bound parameters in order (borrowed for the call) */
	size_t nparams;
	double seconds;             /* how long it ran, from first step to finish */
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
