/*
 * assoc/session.h - the session: identity map, unit of work, transaction.
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

#define ASSOC_SESSION_OPTIONS_VERSION 1

typedef struct assoc_session_options {
	unsigned int version;  /* ASSOC_SESSION_OPTIONS_VERSION */
	int autoflush;         /* flush before queries and lazy loads (default 1) */
	int expire_on_commit;  /* expire every object on commit (default 1) */
} assoc_session_options;

#define ASSOC_SESSION_OPTIONS_INIT { ASSOC_SESSION_OPTIONS_VERSION, 1, 1 }

ASSOC_API int assoc_session_options_init(assoc_session_options *opts, unsigned int version);

/* The registry must be configured. opts may be NULL for the defaults. */
ASSOC_API int assoc_session_new(assoc_session **out, assoc_engine *engine, assoc_registry *reg,
                                const assoc_session_options *opts);

/*
 * Roll back what is not committed and release every object: unpinned ones are
 * freed, pinned ones (assoc_object_ref) become detached. The handle stays
 * valid; every later call on it fails with ASSOC_ECLOSED.
 */
ASSOC_API int assoc_session_close(assoc_session *session);

/*
 * Close (if open) and free the handle, releasing its engine and registry.
 * Both close and free are refused (ASSOC_ESTATE; free then does nothing) from
 * inside a callback of the session's own (a creator, getter, setter or
 * factory): the operation that called it is still using the session.
 */
ASSOC_API void assoc_session_free(assoc_session *session);

ASSOC_API int assoc_session_is_closed(const assoc_session *session);

/*
 * 1 when the session can be used; 0 when it is closed or "rollback required"
 * (SQLAlchemy's PendingRollbackError): the database ended the session's
 * transaction on its own after an error (a full disk, an I/O error, out of
 * memory), and every call but assoc_session_rollback and assoc_session_close
 * fails with ASSOC_ESTATE quoting that error. Rollback then does what it
 * always does: objects made pending or persistent in the transaction become
 * transient, deleted ones persistent again, the rest are expired.
 */
ASSOC_API int assoc_session_is_active(const assoc_session *session);

/* Make a transient object pending, cascading along save-update relationships. */
ASSOC_API int assoc_session_add(assoc_session *session, assoc_object *obj);

/* Mark a persistent object deleted (pending: expunge it), cascading along delete relationships. */
ASSOC_API int assoc_session_delete(assoc_session *session, assoc_object *obj);

ASSOC_API int assoc_session_flush(assoc_session *session);

/* Flush, then commit the transaction (all nested levels). */
ASSOC_API int assoc_session_commit(assoc_session *session);

/* Roll back the whole transaction; pending objects become transient, the rest are expired. */
ASSOC_API int assoc_session_rollback(assoc_session *session);

/* Flush, then open a SAVEPOINT. */
ASSOC_API int assoc_session_begin_nested(assoc_session *session);

/* Flush, then release the innermost SAVEPOINT. */
ASSOC_API int assoc_session_commit_nested(assoc_session *session);

/* Roll back to the innermost SAVEPOINT: objects added since become transient, the rest expire. */
ASSOC_API int assoc_session_rollback_nested(assoc_session *session);

/* The number of open SAVEPOINTs. */
ASSOC_API int assoc_session_nesting(const assoc_session *session);

/*
 * The object of mapper with this primary key (npk values, in the table's
 * primary key column order), from the identity map or else the database.
 * *out is NULL when there is none.
 */
ASSOC_API int assoc_session_get(assoc_object **out, assoc_session *session, assoc_mapper *mapper,
                                const assoc_value *pk, size_t npk);

/* Forget loaded values; the next access reloads them. */
ASSOC_API int assoc_session_expire(assoc_session *session, assoc_object *obj);
ASSOC_API int assoc_session_expire_all(assoc_session *session);

/* Reload an object's columns from the database now, discarding unflushed changes. */
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

/* Detach an object (and what cascades from it) from the session. */
ASSOC_API int assoc_session_expunge(assoc_session *session, assoc_object *obj);

/* 1 when obj is pending, persistent or deleted in this session. */
ASSOC_API int assoc_session_contains(const assoc_session *session, const assoc_object *obj);

/* Counts for introspection: objects in the identity map, pending new, dirty, deleted. */
ASSOC_API size_t assoc_session_identity_count(const assoc_session *session);
ASSOC_API size_t assoc_session_new_count(const assoc_session *session);
ASSOC_API size_t assoc_session_dirty_count(const assoc_session *session);
ASSOC_API size_t assoc_session_deleted_count(const assoc_session *session);

#ifdef __cplusplus
}
#endif
#endif
