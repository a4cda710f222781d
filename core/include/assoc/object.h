/**
 * @file assoc/object.h
 * @brief Instances of mappers.
 *
 * The calls that take an object fail with ASSOC_EINVAL for NULL and with
 * ASSOC_ECLOSED when its session is closed; a detached object (pinned, its
 * session gone) reads its loaded columns and fails with ASSOC_EDETACHED
 * wherever it would have to load.
 *
 * An object belongs to the session it was made or loaded in, which frees it
 * when the session closes. A binding that holds an object pins it with
 * assoc_object_ref(); a pinned object outlives its session as detached: its
 * column values stay readable, and loading anything on it fails with
 * ASSOC_EDETACHED. The last assoc_object_unref() of a detached object frees it.
 */
#ifndef ASSOC_OBJECT_H
#define ASSOC_OBJECT_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where an object is in its life (SQLAlchemy's object states). */
typedef enum assoc_object_state {
	ASSOC_STATE_TRANSIENT = 0, /**< in no session's unit of work yet */
	ASSOC_STATE_PENDING = 1,   /**< added; INSERTed at the next flush */
	ASSOC_STATE_PERSISTENT = 2,/**< has a row and is in the identity map */
	ASSOC_STATE_DELETED = 3,   /**< its row is deleted by a flush, not yet committed */
	ASSOC_STATE_DETACHED = 4   /**< had a row, but no longer belongs to an open session */
} assoc_object_state;

/**
 * A new transient object of mapper, owned by session; its columns hold their
 * defaults. It is flushed once added (assoc_session_add()) or reached by a
 * save-update cascade.
 *
 * @param out     receives the object, owned by the session (freed when it
 *                closes, unless pinned with assoc_object_ref()).
 * @param session an open session.
 * @param mapper  a mapper of the session's registry.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a mapper of another
 *         registry, ASSOC_ECLOSED for a closed session, ASSOC_ESTATE when it
 *         needs a rollback, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_object_new(assoc_object **out, assoc_session *session, assoc_mapper *mapper);

/**
 * Read an attribute: a column's value, or for a scalar relationship (or
 * scalar proxy) the related object or value (ASSOC_OBJECT, or ASSOC_NULL).
 * Loads what is not loaded. Collections are read through assoc_object_collection().
 *
 * @param obj  the object.
 * @param name the attribute's name, borrowed for the call.
 * @param out  receives the value. TEXT and BLOB bytes are owned by obj and
 *             stay valid until the attribute next changes (or obj is freed);
 *             an object is owned by its session.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED,
 *         ASSOC_ENOTFOUND when the mapper has no such attribute, ASSOC_ETYPE
 *         for a collection; when something must be loaded: ASSOC_EDETACHED for
 *         a detached object, ASSOC_ESTATE for a relationship with lazy=raise,
 *         ASSOC_ENOTFOUND when the object's row is gone, ASSOC_EDB when the
 *         database fails, and with autoflush what assoc_session_flush()
 *         returns; a scalar proxy's getter's error (ASSOC_ECALLBACK).
 */
ASSOC_API int assoc_object_get(assoc_object *obj, const char *name, assoc_value *out);
/**
 * assoc_object_get() by a resolved attribute (assoc_mapper_attr()): no name lookup.
 * @param obj  the object.
 * @param attr an attribute of obj's mapper.
 * @param out  receives the value, as for assoc_object_get().
 * @return as assoc_object_get(); ASSOC_EINVAL also for an attribute of another
 *         mapper.
 */
ASSOC_API int assoc_object_get_attr(assoc_object *obj, const assoc_attr *attr, assoc_value *out);

/**
 * Write an attribute: a column (checked against its type; ASSOC_ETYPE names
 * the attribute) or a scalar relationship (an object of the target mapper, or
 * NULL), keeping back_populates in step at once.
 *
 * @param obj   the object.
 * @param name  the attribute's name, borrowed for the call.
 * @param value copied into obj (TEXT and BLOB bytes too); an object stays
 *              owned by its session.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a bad value, ASSOC_ECLOSED,
 *         ASSOC_ENOTFOUND for an unknown attribute, ASSOC_ETYPE for a value of
 *         the wrong type, an object of another mapper or a collection
 *         attribute, ASSOC_ERANGE for a TEXT or BLOB longer than
 *         ASSOC_MAX_LENGTH, ASSOC_EDETACHED for a detached object, ASSOC_ESTATE
 *         for a deleted object or a related object of another session,
 *         ASSOC_ENOMEM; loading the old value of a relationship, when something
 *         must be loaded: ASSOC_EDETACHED for a detached object, ASSOC_ESTATE
 *         for a relationship with lazy=raise, ASSOC_ENOTFOUND when the object's
 *         row is gone, ASSOC_EDB when the database fails, and with autoflush
 *         what assoc_session_flush() returns; a scalar proxy's creator or
 *         setter error (ASSOC_ECALLBACK).
 */
ASSOC_API int assoc_object_set(assoc_object *obj, const char *name, assoc_value value);
/**
 * assoc_object_set() by a resolved attribute: no name lookup.
 * @param obj   the object.
 * @param attr  an attribute of obj's mapper.
 * @param value copied into obj, as for assoc_object_set().
 * @return as assoc_object_set(); ASSOC_EINVAL also for an attribute of another
 *         mapper.
 */
ASSOC_API int assoc_object_set_attr(assoc_object *obj, const assoc_attr *attr, assoc_value value);

/**
 * Delete an attribute (Python's del): a column or scalar relationship
 * becomes NULL; a collection is cleared; a scalar proxy clears attr on its
 * intermediary object and detaches that object from obj.
 *
 * @param obj  the object.
 * @param name the attribute's name, borrowed for the call.
 * @return as assoc_object_set() with a NULL value.
 */
ASSOC_API int assoc_object_unset(assoc_object *obj, const char *name);

/**
 * The collection of a list, set or dict relationship or proxy; owned by obj.
 * It is not loaded yet: the first call that reads it loads it.
 *
 * @param out  receives the collection, owned by obj: the same handle each
 *             time, valid while obj is.
 * @param obj  the object.
 * @param name the attribute's name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED,
 *         ASSOC_ENOTFOUND for an unknown attribute (or, for a proxy over a
 *         scalar relationship, when there is no intermediary object),
 *         ASSOC_ETYPE for a column or scalar attribute, ASSOC_ENOMEM; a
 *         proxy_factory's error (ASSOC_ECALLBACK).
 */
ASSOC_API int assoc_object_collection(assoc_collection **out, assoc_object *obj, const char *name);
/**
 * assoc_object_collection() by a resolved attribute: no name lookup.
 * @param out  receives the collection, owned by obj.
 * @param obj  the object.
 * @param attr a relationship or proxy attribute of obj's mapper.
 * @return as assoc_object_collection().
 */
ASSOC_API int assoc_object_collection_attr(assoc_collection **out, assoc_object *obj,
                                           const assoc_attr *attr);

/**
 * The object's state.
 * @param obj an object.
 * @return its state; ASSOC_STATE_DETACHED for NULL.
 */
ASSOC_API assoc_object_state assoc_object_state_of(const assoc_object *obj);
/**
 * The name of a state, e.g. "persistent".
 * @param state a state.
 * @return a static string, never to be freed.
 */
ASSOC_API const char *assoc_object_state_name(assoc_object_state state);
/**
 * The object's mapper.
 * @param obj an object, or NULL.
 * @return the mapper, owned by the registry; NULL for NULL.
 */
ASSOC_API assoc_mapper *assoc_object_mapper(const assoc_object *obj);
/**
 * The owning session; NULL once detached.
 * @param obj an object, or NULL.
 * @return the session, or NULL.
 */
ASSOC_API assoc_session *assoc_object_session(const assoc_object *obj);

/**
 * Whether the attribute has changes not yet flushed.
 * @param obj  an object.
 * @param name a column or relationship name, borrowed for the call.
 * @return 1 if so, 0 if not, for an unknown name and for NULL arguments.
 */
ASSOC_API int assoc_object_is_modified(const assoc_object *obj, const char *name);

/**
 * A short text like "<Teacher 1>" (mapper name and primary key) for printing;
 * valid until the next call on the same thread.
 * @param obj an object, or NULL ("None").
 * @return the text, owned by the library (thread-local); never NULL.
 */
ASSOC_API const char *assoc_object_repr(assoc_object *obj);

/**
 * Pin obj: it is not freed when its session closes but becomes detached,
 * until the matching assoc_object_unref(). For bindings whose wrappers hold objects.
 * @param obj an object; NULL is a no-op.
 */
ASSOC_API void assoc_object_ref(assoc_object *obj);
/**
 * Release one pin of assoc_object_ref(); the last one of a detached object
 * frees it (and releases the registry reference it held).
 * @param obj a pinned object; NULL is a no-op.
 */
ASSOC_API void assoc_object_unref(assoc_object *obj);

#ifdef __cplusplus
}
#endif
#endif
