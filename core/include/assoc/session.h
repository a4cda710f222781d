/**
 * @file assoc/session.h
 * @brief The session: identity map, unit of work, transaction.
 *
 * Most calls fail alike on a bad session: ASSOC_EINVAL for NULL, ASSOC_ECLOSED
 * once it is closed, and ASSOC_ESTATE while it needs a rollback (see
 * assoc_session_is_active()); the calls that end or change the transaction
 * also fail with ASSOC_ESTATE when made from inside one of the session's own
 * callbacks (a creator, getter, setter or factory).
 *
 * A session owns the objects made in it or loaded by it. One thread at a time.
 * Work is buffered in memory until a flush (explicit, before each query when
 * autoflush is on, and before commit); a flush is atomic: on any failure the
 * database and every object are as they were before it.
 */
#ifndef ASSOC_SESSION_H
#define ASSOC_SESSION_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of assoc_session_options these headers describe. */
#define ASSOC_SESSION_OPTIONS_VERSION 1

/** Options of assoc_session_new(); initialise with ASSOC_SESSION_OPTIONS_INIT. */
typedef struct assoc_session_options {
	unsigned int version;  /**< ASSOC_SESSION_OPTIONS_VERSION */
	int autoflush;         /**< flush before queries and lazy loads (default 1) */
	int expire_on_commit;  /**< expire every object on commit (default 1) */
} assoc_session_options;

/** assoc_session_options of the current version with every field at its default. */
#define ASSOC_SESSION_OPTIONS_INIT { ASSOC_SESSION_OPTIONS_VERSION, 1, 1 }

/**
 * Set *opts to the defaults (ASSOC_SESSION_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_SESSION_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_session_options_init(assoc_session_options *opts, unsigned int version);

/**
 * A new session on engine for the mappings of reg. The registry must be
 * configured. opts may be NULL for the defaults.
 *
 * @param out    receives the session, owned by the caller: free it with
 *               assoc_session_free().
 * @param engine the engine; the session holds a reference to it until freed.
 * @param reg    a configured registry; the session holds a reference to it
 *               until freed.
 * @param opts   read during the call, or NULL.
 * @return 0, or ASSOC_EINVAL for a NULL argument or an unsupported options
 *         version, ASSOC_ESTATE when the registry is not configured,
 *         ASSOC_ENOMEM; ASSOC_EDB when the session's own connection (a file
 *         engine gives each session one) cannot be opened.
 */
ASSOC_API int assoc_session_new(assoc_session **out, assoc_engine *engine, assoc_registry *reg,
                                const assoc_session_options *opts);

/**
 * Roll back what is not committed and release every object: unpinned ones are
 * freed, pinned ones (assoc_object_ref) become detached. The handle stays
 * valid; every later call on it fails with ASSOC_ECLOSED.
 *
 * @param session the session; closing a closed session succeeds.
 * @return 0, or ASSOC_EINVAL for a NULL session, ASSOC_ESTATE from inside one
 *         of the session's callbacks; when the rollback fails, ASSOC_EDB
 *         (ASSOC_ENOMEM when the database runs out of memory), and the session
 *         stays open.
 */
ASSOC_API int assoc_session_close(assoc_session *session);

/**
 * Close (if open) and free the handle, releasing its engine and registry.
 * The error of a failed close is left in assoc_error_last().
 * Both close and free are refused (ASSOC_ESTATE; free then does nothing) from
 * inside a callback of the session's own (a creator, getter, setter or
 * factory): the operation that called it is still using the session.
 *
 * @param session the session; NULL is a no-op.
 */
ASSOC_API void assoc_session_free(assoc_session *session);

/**
 * Whether assoc_session_close() has closed the session.
 * @param session a session.
 * @return 1 when closed (or NULL), else 0.
 */
ASSOC_API int assoc_session_is_closed(const assoc_session *session);

/**
 * 1 when the session can be used; 0 when it is closed or "rollback required"
 * (SQLAlchemy's PendingRollbackError): the database ended the session's
 * transaction on its own after an error (a full disk, an I/O error, out of
 * memory), and every call but assoc_session_rollback and assoc_session_close
 * fails with ASSOC_ESTATE quoting that error. Rollback then does what it
 * always does: objects made pending or persistent in the transaction become
 * transient, deleted ones persistent again, the rest are expired.
 *
 * @param session a session, or NULL (0).
 * @return 1 or 0.
 */
ASSOC_API int assoc_session_is_active(const assoc_session *session);

/**
 * Interrupt the statement the session is running now, from any thread: that
 * statement fails with ASSOC_EINTERRUPT, and so does the call that ran it
 * (a flush, commit, query, load, get or refresh), leaving the session as
 * that call leaves it on any failure of the database. A flush is undone
 * whole (its objects stay pending); on PostgreSQL the transaction then goes
 * on, while SQLite rolls back the whole transaction on an interrupted write,
 * so the session needs a rollback (assoc_session_is_active() is 0). An
 * interrupted read leaves SQLite's transaction open; on PostgreSQL it aborts
 * the transaction, as any failed statement does there: later statements
 * fail (ASSOC_EDB, SQLSTATE 25P02) until assoc_session_rollback().
 *
 * Only a statement running at the moment is interrupted (SQLite's
 * sqlite3_interrupt, PostgreSQL's cancel request): when none is, nothing
 * happens, and a statement that starts later runs as usual. To stop a call
 * of many statements, call this until that call returns.
 *
 * Safe to call while another thread uses the session, but never during or
 * after assoc_session_close() or assoc_session_free() of it. Sessions of a
 * ":memory:" engine share one connection: whichever of them runs a statement
 * on it is interrupted.
 *
 * @param session the session whose running statement is to stop.
 * @return 0 (also when no statement was running), or ASSOC_EINVAL for NULL,
 *         ASSOC_ECLOSED for a closed session, ASSOC_EDB when PostgreSQL's
 *         cancel request could not be sent (the message says why).
 */
ASSOC_API int assoc_session_interrupt(assoc_session *session);

/**
 * Make a transient object pending, cascading along save-update relationships.
 * Adding a pending or persistent object does nothing more than the cascade.
 *
 * @param session the session.
 * @param obj     an object of this session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback; ASSOC_ESTATE
 *         also when obj belongs to another session or is deleted;
 *         ASSOC_ECONSTRAINT when another object with the same primary key is in
 *         the session; ASSOC_ENOMEM; with lazy relationships to cascade along,
 *         what loading them returns (see assoc_object_get()).
 */
ASSOC_API int assoc_session_add(assoc_session *session, assoc_object *obj);

/**
 * Mark a persistent object deleted (pending: expunge it), cascading along
 * delete relationships. The DELETEs run at the next flush.
 *
 * @param session the session.
 * @param obj     an object of this session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback, or from
 *         inside one of its callbacks; ASSOC_ESTATE also when obj belongs to
 *         another session or is not persisted in it; ASSOC_ENOMEM; with lazy
 *         relationships to cascade along, what loading them returns (ASSOC_EDB
 *         when the database fails (ASSOC_ECONSTRAINT for a violated constraint,
 *         ASSOC_ENOMEM when it runs out of memory)).
 */
ASSOC_API int assoc_session_delete(assoc_session *session, assoc_object *obj);

/**
 * Write every pending change to the database (INSERT, UPDATE, DELETE and the
 * association rows, in dependency order), inside the session's transaction.
 *
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback;
 *         ASSOC_ECONSTRAINT for a NOT NULL, UNIQUE, PRIMARY KEY or FOREIGN KEY
 *         violation (found by the session or the database), ASSOC_EDB when the
 *         database fails or an UPDATE or DELETE matches no row, ASSOC_ENOMEM; a
 *         failed flush leaves the database and every object as they were.
 */
ASSOC_API int assoc_session_flush(assoc_session *session);

/**
 * Flush, then commit the transaction (all nested levels); with
 * expire_on_commit, every object is expired.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback, or from
 *         inside one of its callbacks; what assoc_session_flush() returns;
 *         ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT for a violated
 *         constraint, ASSOC_ENOMEM when it runs out of memory) when the COMMIT
 *         fails.
 */
ASSOC_API int assoc_session_commit(assoc_session *session);

/**
 * Roll back the whole transaction; pending objects become transient, the rest are expired.
 * The one call besides close that a session needing a rollback accepts.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL session, ASSOC_ECLOSED for a closed
 *         one, ASSOC_ESTATE from inside one of its callbacks, ASSOC_ENOMEM,
 *         ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT for a violated
 *         constraint, ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_session_rollback(assoc_session *session);

/**
 * Flush, then open a SAVEPOINT.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback, or from
 *         inside one of its callbacks; what assoc_session_flush() returns;
 *         ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT for a violated
 *         constraint, ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_session_begin_nested(assoc_session *session);

/**
 * Flush, then release the innermost SAVEPOINT.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback, or from
 *         inside one of its callbacks, or when no savepoint is open; what
 *         assoc_session_flush() returns; ASSOC_EDB when the database fails
 *         (ASSOC_ECONSTRAINT for a violated constraint, ASSOC_ENOMEM when it
 *         runs out of memory).
 */
ASSOC_API int assoc_session_commit_nested(assoc_session *session);

/**
 * Roll back to the innermost SAVEPOINT: objects added since become transient, the rest expire.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback, or from
 *         inside one of its callbacks, or when no savepoint is open;
 *         ASSOC_ENOMEM; ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT
 *         for a violated constraint, ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_session_rollback_nested(assoc_session *session);

/**
 * The number of open SAVEPOINTs.
 * @param session a session.
 * @return the nesting depth; 0 outside assoc_session_begin_nested() (and for NULL).
 */
ASSOC_API int assoc_session_nesting(const assoc_session *session);

/**
 * The object of mapper with this primary key (npk values, in the table's
 * primary key column order), from the identity map or else the database.
 * *out is NULL when there is none.
 *
 * @param out     receives the object, owned by the session; NULL when there is
 *                none.
 * @param session the session.
 * @param mapper  a mapper of the session's registry.
 * @param pk      npk values, read during the call.
 * @param npk     the number of primary key columns of the mapper's table.
 * @return 0 (also when there is no such object), or ASSOC_EINVAL for a NULL
 *         argument, ASSOC_ECLOSED for a closed session, ASSOC_ESTATE when the
 *         session needs a rollback; ASSOC_EINVAL also for a mapper of another
 *         registry or the wrong number of values; ASSOC_ETYPE for a value of
 *         the wrong type, ASSOC_ERANGE for a TEXT or BLOB longer than
 *         ASSOC_MAX_LENGTH; with autoflush, what assoc_session_flush() returns;
 *         ASSOC_ENOMEM; ASSOC_EDB when the database fails (ASSOC_ECONSTRAINT
 *         for a violated constraint, ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_session_get(assoc_object **out, assoc_session *session, assoc_mapper *mapper,
                                const assoc_value *pk, size_t npk);

/**
 * Forget obj's loaded values; the next access reloads them. Unflushed changes
 * of obj are discarded.
 * @param session the session.
 * @param obj     a persistent object of this session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback; ASSOC_ESTATE
 *         also when obj belongs to another session or is not persistent;
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_session_expire(assoc_session *session, assoc_object *obj);
/**
 * Forget the loaded values of every persistent object of the session.
 * @param session the session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback.
 */
ASSOC_API int assoc_session_expire_all(assoc_session *session);

/**
 * Reload an object's columns from the database now, discarding unflushed changes.
 * @param session the session.
 * @param obj     a persistent object of this session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback; ASSOC_ESTATE
 *         also when obj belongs to another session or is not persistent;
 *         ASSOC_ENOTFOUND when its row is gone; ASSOC_ENOMEM; ASSOC_EDB when
 *         the database fails (ASSOC_ECONSTRAINT for a violated constraint,
 *         ASSOC_ENOMEM when it runs out of memory).
 */
ASSOC_API int assoc_session_refresh(assoc_session *session, assoc_object *obj);

/**
 * Expire only the named attributes of a persistent object, as SQLAlchemy's
 * `session.expire(obj, names)`. An unflushed change to a named attribute is
 * discarded. The next read of an expired column loads every expired column
 * of the object in one SELECT (after an autoflush); assigning one loads
 * nothing. A named relationship is loaded again on its next access. A
 * primary key column keeps its committed value and reloads with the others.
 * Nothing cascades to related objects. Nothing changes when a name fails.
 *
 * @param session the object's session
 * @param obj     a persistent object of session
 * @param names   n attribute names (columns or relationships of obj's
 *                mapper), borrowed for the call; may be NULL when n is 0
 * @param n       how many names; 0 expires nothing
 * @return 0, or ASSOC_ENOTFOUND (a name that is no attribute of the mapper),
 *         ASSOC_ETYPE (a name that is an association proxy), ASSOC_EINVAL
 *         (a NULL handle, names or name), ASSOC_ESTATE (obj is not
 *         persistent, or belongs to another session), ASSOC_ECLOSED,
 *         ASSOC_ENOMEM
 */
ASSOC_API int assoc_session_expire_attrs(assoc_session *session, assoc_object *obj, const char *const *names,
                                         size_t n);

/**
 * Reload the named attributes of a persistent object now, as SQLAlchemy's
 * `session.refresh(obj, names)`: they are expired as by
 * assoc_session_expire_attrs() (unflushed changes to them are discarded),
 * the session autoflushes, then the named columns (and any other expired
 * ones) are read in one SELECT and each named relationship is loaded.
 *
 * @param session the object's session
 * @param obj     a persistent object of session
 * @param names   n attribute names, borrowed for the call
 * @param n       how many names; 0 reloads only columns already expired
 * @return 0, or the errors of assoc_session_expire_attrs(), and
 *         ASSOC_ESTATE (obj has an unflushed primary key change the
 *         autoflush did not write: its row cannot be found),
 *         ASSOC_ENOTFOUND (its row is gone), ASSOC_EDB
 */
ASSOC_API int assoc_session_refresh_attrs(assoc_session *session, assoc_object *obj, const char *const *names,
                                          size_t n);

/**
 * Detach an object (and what cascades from it) from the session: it becomes
 * transient again (detached, if it was persistent) and is no longer flushed.
 * @param session the session.
 * @param obj     an object of this session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when the session needs a rollback; ASSOC_ESTATE
 *         also when obj belongs to another session; ASSOC_ENOMEM; with lazy
 *         relationships to cascade along, what loading them returns.
 */
ASSOC_API int assoc_session_expunge(assoc_session *session, assoc_object *obj);

/**
 * Whether obj is pending, persistent or deleted in this session.
 * @param session a session.
 * @param obj     an object.
 * @return 1 if so, else 0 (also for NULL arguments).
 */
ASSOC_API int assoc_session_contains(const assoc_session *session, const assoc_object *obj);

/**
 * The number of objects in the identity map (persistent and deleted ones).
 * @param session a session.
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_session_identity_count(const assoc_session *session);
/**
 * The number of pending objects: added, not yet flushed.
 * @param session a session.
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_session_new_count(const assoc_session *session);
/**
 * The number of persistent objects with unflushed changes.
 * @param session a session.
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_session_dirty_count(const assoc_session *session);
/**
 * The number of objects marked deleted, not yet flushed.
 * @param session a session.
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_session_deleted_count(const assoc_session *session);

#ifdef __cplusplus
}
#endif
#endif
