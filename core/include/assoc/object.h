/*
 * assoc/object.h - instances of mappers.
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

typedef enum assoc_object_state {
	ASSOC_STATE_TRANSIENT = 0, /**< in no session's unit of work yet */
	ASSOC_STATE_PENDING = 1,   /**< added; INSERTed at the next flush */
	ASSOC_STATE_PERSISTENT = 2,/**< has a row and is in the identity map */
	ASSOC_STATE_DELETED = 3,   /**< its row is deleted by a flush, not yet committed */
	ASSOC_STATE_DETACHED = 4   /**< had a row, but no longer belongs to an open session */
} assoc_object_state;

/* A new transient object of mapper, owned by session. */
ASSOC_API int assoc_object_new(assoc_object **out, assoc_session *session, assoc_mapper *mapper);

/*
 * Read an attribute: a column's value, or for a scalar relationship the
 * related object (ASSOC_OBJECT, or ASSOC_NULL). Loads what is not loaded.
 * Collections are read through assoc_object_collection().
 */
ASSOC_API int assoc_object_get(assoc_object *obj, const char *name, assoc_value *out);
ASSOC_API int assoc_object_get_attr(assoc_object *obj, const assoc_attr *attr, assoc_value *out);

/*
 * Write an attribute: a column (checked against its type; ASSOC_ETYPE names
 * the attribute) or a scalar relationship (an object of the target mapper, or
 * NULL), keeping back_populates in step at once.
 */
ASSOC_API int assoc_object_set(assoc_object *obj, const char *name, assoc_value value);
ASSOC_API int assoc_object_set_attr(assoc_object *obj, const assoc_attr *attr, assoc_value value);

/*
 * Delete an attribute (Python's del): a column or scalar relationship
 * becomes NULL; a scalar proxy clears attr on its intermediary object and
 * detaches that object from obj.
 */
ASSOC_API int assoc_object_unset(assoc_object *obj, const char *name);

/* The collection of a list, set or dict relationship or proxy; owned by obj. */
ASSOC_API int assoc_object_collection(assoc_collection **out, assoc_object *obj, const char *name);
ASSOC_API int assoc_object_collection_attr(assoc_collection **out, assoc_object *obj,
                                           const assoc_attr *attr);

ASSOC_API assoc_object_state assoc_object_state_of(const assoc_object *obj);
ASSOC_API const char *assoc_object_state_name(assoc_object_state state);
ASSOC_API assoc_mapper *assoc_object_mapper(const assoc_object *obj);
/* The owning session; NULL once detached. */
ASSOC_API assoc_session *assoc_object_session(const assoc_object *obj);

/* 1 when the attribute has changes not yet flushed. */
ASSOC_API int assoc_object_is_modified(const assoc_object *obj, const char *name);

/*
 * A short text like "<Teacher 1>" (mapper name and primary key) for printing;
 * valid until the next call on the same thread.
 */
ASSOC_API const char *assoc_object_repr(assoc_object *obj);

ASSOC_API void assoc_object_ref(assoc_object *obj);
ASSOC_API void assoc_object_unref(assoc_object *obj);

#ifdef __cplusplus
}
#endif
#endif
