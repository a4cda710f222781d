/*
 * assoc/collection.h - list, set and dict views of a relationship.
 *
 * Members are passed as assoc_value (ASSOC_OBJECT for relationships), so the
 * same calls serve the proxy views that build on this. Every change keeps the
 * reverse side of back_populates/backref in step at once and is recorded for
 * the next flush. A collection not yet loaded loads on first use.
 */
#ifndef ASSOC_COLLECTION_H
#define ASSOC_COLLECTION_H

#include "common.h"
#include "value.h"
#include "mapper.h"

#ifdef __cplusplus
extern "C" {
#endif

ASSOC_API assoc_collection_kind assoc_collection_kind_of(const assoc_collection *coll);
ASSOC_API assoc_object *assoc_collection_owner(const assoc_collection *coll);

ASSOC_API int assoc_collection_len(size_t *out, assoc_collection *coll);

/* Member at position i (dict: the value at that position, in insertion order). */
ASSOC_API int assoc_collection_get(assoc_value *out, assoc_collection *coll, size_t i);

/* Dict: the key at position i. */
ASSOC_API int assoc_collection_key_at(assoc_value *out, assoc_collection *coll, size_t i);

/* List: append; set: add (no effect if present); dict: set under the member's key attribute. */
ASSOC_API int assoc_collection_append(assoc_collection *coll, assoc_value member);

/* List: insert before position i (i == len appends). */
ASSOC_API int assoc_collection_insert(assoc_collection *coll, size_t i, assoc_value member);

/* List: replace the member at position i. */
ASSOC_API int assoc_collection_set(assoc_collection *coll, size_t i, assoc_value member);

/* Remove the first occurrence of member; ASSOC_ENOTFOUND when absent. */
ASSOC_API int assoc_collection_remove(assoc_collection *coll, assoc_value member);

/* List: remove and return (if out is not NULL) the member at position i. */
ASSOC_API int assoc_collection_pop(assoc_value *out, assoc_collection *coll, size_t i);

ASSOC_API int assoc_collection_contains(int *out, assoc_collection *coll, assoc_value member);

/* Position of the first occurrence; ASSOC_ENOTFOUND when absent. */
ASSOC_API int assoc_collection_index(size_t *out, assoc_collection *coll, assoc_value member);

ASSOC_API int assoc_collection_clear(assoc_collection *coll);

/* Dict: the member under key; ASSOC_ENOTFOUND when absent. */
ASSOC_API int assoc_collection_lookup(assoc_value *out, assoc_collection *coll, assoc_value key);

/* Dict: put member under key (setting its key attribute), replacing any other. */
ASSOC_API int assoc_collection_put(assoc_collection *coll, assoc_value key, assoc_value member);

/* Dict: remove the member under key; ASSOC_ENOTFOUND when absent. */
ASSOC_API int assoc_collection_delete_key(assoc_collection *coll, assoc_value key);

#ifdef __cplusplus
}
#endif
#endif
