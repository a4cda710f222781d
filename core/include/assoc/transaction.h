/**
 * @file assoc/transaction.h
 * @brief A unit of work run in a transaction, and run again when it conflicts with another.
 *
 * Databases that serialize transactions optimistically (PostgreSQL at
 * SERIALIZABLE, CockroachDB, YugabyteDB) and SQLite under concurrent writers
 * refuse a transaction that conflicts with another: the program is to roll
 * back and run the whole transaction again. assoc_session_run() does that
 * for a function of the program's, so the function must be safe to run more
 * than once: everything it does goes through the session, which the rollback
 * puts back as it was, and it keeps no effect of its own from a failed run.
 */
#ifndef ASSOC_TRANSACTION_H
#define ASSOC_TRANSACTION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The program's unit of work: its reads and changes through session.
 * @param userdata  as given to assoc_session_run()
 * @param session   the session, in a transaction begun for this run
 * @param attempt   1 for the first run, 2 for the first retry, ...
 * @return 0 to commit; an ASSOC_E code (negative) to roll back, and stop
 *         unless it is ASSOC_ERETRY. Any other value rolls back and stops
 *         with ASSOC_ECALLBACK.
 */
typedef int (*assoc_transaction_fn)(void *userdata, assoc_session *session, unsigned int attempt);

/** The version of assoc_run_options these headers describe. */
#define ASSOC_RUN_OPTIONS_VERSION 1

/** How often and how patiently assoc_session_run() retries. */
typedef struct assoc_run_options {
	unsigned int version;        /**< ASSOC_RUN_OPTIONS_VERSION */
	unsigned int max_attempts;   /**< runs of the function at most, 1 or more (default 10) */
	unsigned int backoff_ms;     /**< wait before the first retry, doubled before each next (default 5) */
	unsigned int max_backoff_ms; /**< the longest wait between two runs (default 1000) */
} assoc_run_options;

/** The defaults: 10 attempts, waits from 5 ms doubling up to 1 s. */
#define ASSOC_RUN_OPTIONS_INIT { ASSOC_RUN_OPTIONS_VERSION, 10, 5, 1000 }

/**
 * Fill opts with the defaults of version.
 * @param opts     the struct to fill (not NULL)
 * @param version  ASSOC_RUN_OPTIONS_VERSION
 * @return 0, or ASSOC_EINVAL when opts is NULL or version is not 1.
 */
ASSOC_API int assoc_run_options_init(assoc_run_options *opts, unsigned int version);

/**
 * Run fn in a new transaction of session and commit it; when fn, its flushes
 * or the commit fail with ASSOC_ERETRY (a conflict with another
 * transaction), roll back, wait (backoff with jitter) and run fn again, up
 * to opts->max_attempts runs.
 *
 * The session must have nothing unflushed and no SAVEPOINT open; a
 * transaction that has only read is rolled back first, so fn starts from a
 * fresh snapshot (objects loaded before are expired). On any failure the
 * session is rolled back (objects added in the transaction are transient
 * again, the rest expired) and the error of the failing run is returned with
 * its message. fn may flush, query and even commit; it may not close or free
 * the session, nor start another run on it.
 *
 * @param session   an open, active session
 * @param fn        the unit of work (not NULL)
 * @param userdata  passed to fn
 * @param opts      NULL for the defaults; a version 1 struct otherwise
 * @return 0 when a run committed; fn's own error code when it failed
 *         otherwise; ASSOC_ERETRY when every attempt conflicted (the message
 *         says how many ran and quotes the last conflict); ASSOC_EINVAL for a
 *         NULL session or fn or bad options; ASSOC_ECLOSED for a closed
 *         session; ASSOC_ESTATE when the session has unflushed changes, an
 *         open SAVEPOINT or must be rolled back first, or when called from
 *         inside a callback or a run of the session; ASSOC_ECALLBACK when fn returned
 *         a value that is not an error code; the rollback's own error when
 *         rolling back failed.
 */
ASSOC_API int assoc_session_run(assoc_session *session, assoc_transaction_fn fn, void *userdata,
                                const assoc_run_options *opts);

#ifdef __cplusplus
}
#endif
#endif
