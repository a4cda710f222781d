/*
 * assoc/collection.h - list, set and dict views of a relationship or a proxy.
 *
 * Members are passed as assoc_value: ASSOC_OBJECT for a relationship, the
 * proxied attribute's values for a proxy view. Every change keeps the reverse
 * side of back_populates/backref in step at once and is recorded for the next
 * flush. A collection not yet loaded loads on first use. An operation a
 * collection's kind lacks fails with ASSOC_ETYPE; a failed operation changes
 * nothing.
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

/* 1 when the collection is a proxy view rather than a relationship. */
ASSOC_API int assoc_collection_is_proxy(const assoc_collection *coll);

/* List: append each value in turn. */
ASSOC_API int assoc_collection_extend(assoc_collection *coll, const assoc_value *values, size_t n);

/* How many members equal v. */
ASSOC_API int assoc_collection_count_of(size_t *out, assoc_collection *coll, assoc_value v);

/* Set: remove v if present (no error when absent). */
ASSOC_API int assoc_collection_discard(assoc_collection *coll, assoc_value v);

/*
 * Replace every member at once (SQLAlchemy's whole-collection assignment):
 * keys is NULL except for dicts. Through a proxy, a member whose value stays
 * stays too, with its row and other columns: a set keeps the member of each
 * value given, a dict the member under each key given (it takes the new
 * value), a list the members of equal values, matched in order; only the
 * other values get new members. A proxy with a proxy_bulk_set is cleared,
 * then left to it.
 */
ASSOC_API int assoc_collection_assign(assoc_collection *coll, const assoc_value *keys,
                                      const assoc_value *values, size_t n);

/* ---- value lists: results of slices and set algebra ---------------------- */

typedef struct assoc_valuelist assoc_valuelist;
ASSOC_API size_t assoc_valuelist_count(const assoc_valuelist *list);
/* Value i; TEXT and BLOB bytes belong to the list. */
ASSOC_API assoc_value assoc_valuelist_get(const assoc_valuelist *list, size_t i);
ASSOC_API void assoc_valuelist_free(assoc_valuelist *list);

/*
 * List slices with Python's rules: negative positions count from the end,
 * positions past either end are clamped. stop = PTRDIFF_MAX means the end.
 */
ASSOC_API int assoc_collection_get_slice(assoc_valuelist **out, assoc_collection *coll, ptrdiff_t start,
                                         ptrdiff_t stop);
ASSOC_API int assoc_collection_set_slice(assoc_collection *coll, ptrdiff_t start, ptrdiff_t stop,
                                         const assoc_value *values, size_t n);
ASSOC_API int assoc_collection_delete_slice(assoc_collection *coll, ptrdiff_t start, ptrdiff_t stop);

/* ---- set algebra, against a sequence of values ------------------------- */

typedef enum assoc_set_op {
	ASSOC_SET_UNION = 0,
	ASSOC_SET_INTERSECTION = 1,
	ASSOC_SET_DIFFERENCE = 2,
	ASSOC_SET_SYMMETRIC_DIFFERENCE = 3
} assoc_set_op;

/* A new set of values: the collection's members op the given values. */
ASSOC_API int assoc_collection_set_op(assoc_valuelist **out, assoc_collection *coll, assoc_set_op op,
                                      const assoc_value *values, size_t n);

/* The in-place forms (update, intersection_update, ...): the collection changes. */
ASSOC_API int assoc_collection_set_update(assoc_collection *coll, assoc_set_op op, const assoc_value *values,
                                          size_t n);

typedef enum assoc_set_cmp {
	ASSOC_SET_EQUAL = 0,
	ASSOC_SET_SUBSET = 1,         /**< <= */
	ASSOC_SET_SUPERSET = 2,       /**< >= */
	ASSOC_SET_PROPER_SUBSET = 3,  /**< < */
	ASSOC_SET_PROPER_SUPERSET = 4,/**< > */
	ASSOC_SET_DISJOINT = 5
} assoc_set_cmp;

ASSOC_API int assoc_collection_set_compare(int *out, assoc_collection *coll, assoc_set_cmp cmp,
                                           const assoc_value *values, size_t n);

/* ---- more dict operations ------------------------------------------------- */

/* The value under key; if absent, put default under it first and return that. */
ASSOC_API int assoc_collection_setdefault(assoc_value *out, assoc_collection *coll, assoc_value key,
                                          assoc_value default_value);

/* Remove the member under key, returning its value; ASSOC_ENOTFOUND when absent. */
ASSOC_API int assoc_collection_pop_key(assoc_value *out, assoc_collection *coll, assoc_value key);

/* Put each values[i] under keys[i]. */
ASSOC_API int assoc_collection_update(assoc_collection *coll, const assoc_value *keys,
                                      const assoc_value *values, size_t n);

#ifdef __cplusplus
}
#endif
#endif
