/**
 * @file assoc/collection.h
 * @brief List, set and dict views of a relationship or a proxy.
 *
 * Members are passed as assoc_value: ASSOC_OBJECT for a relationship, the
 * proxied attribute's values for a proxy view. Every change keeps the reverse
 * side of back_populates/backref in step at once and is recorded for the next
 * flush. A collection not yet loaded loads on first use. An operation a
 * collection's kind lacks fails with ASSOC_ETYPE; a failed operation changes
 * nothing.
 *
 * Errors every call that takes a collection can return: ASSOC_EINVAL for a
 * NULL collection or a bad value, ASSOC_ERANGE for a TEXT or BLOB value
 * longer than ASSOC_MAX_LENGTH; and, because the first use loads the
 * collection, a load error: ASSOC_EDETACHED when the owner is detached,
 * ASSOC_ECLOSED when its session is closed, ASSOC_ESTATE for lazy=raise,
 * ASSOC_EDB when the database fails, ASSOC_ENOMEM, and for a proxy view its
 * getter's error (ASSOC_ECALLBACK). A change also fails with ASSOC_ESTATE when
 * the owner is deleted, ASSOC_ETYPE for a member of the wrong mapper or type,
 * ASSOC_ESTATE for an object of another session, and through a proxy with its
 * creator's or setter's error (ASSOC_ECALLBACK).
 *
 * Members handed out (assoc_collection_get(), ...) are owned by the
 * collection's objects: an object by its session, TEXT and BLOB bytes by the
 * intermediary object, valid until that attribute next changes. Members and
 * keys passed in are copied where they are stored.
 */
#ifndef ASSOC_COLLECTION_H
#define ASSOC_COLLECTION_H

#include "common.h"
#include "value.h"
#include "mapper.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The collection's kind: LIST, SET or DICT.
 * @param coll a collection
 * @return its kind.
 */
ASSOC_API assoc_collection_kind assoc_collection_kind_of(const assoc_collection *coll);
/**
 * The object the collection belongs to.
 * @param coll a collection, or NULL
 * @return the owner, owned by its session; NULL for NULL.
 */
ASSOC_API assoc_object *assoc_collection_owner(const assoc_collection *coll);

/**
 * The number of members (loads the collection).
 * @param out receives the number
 * @param coll the collection
 * @return 0, or a load error (see the file comment).
 */
ASSOC_API int assoc_collection_len(size_t *out, assoc_collection *coll);

/**
 * Member at position i (dict: the value at that position, in insertion order).
 * @param out receives the member (see the file comment for its lifetime)
 * @param coll the collection
 * @param i a position below the length
 * @return 0, or ASSOC_ERANGE for a position out of range, a load error (see the
 *         file comment).
 */
ASSOC_API int assoc_collection_get(assoc_value *out, assoc_collection *coll, size_t i);

/**
 * Dict: the key at position i.
 * @param out receives the key, owned by the member
 * @param coll a dict collection
 * @param i a position below the length
 * @return 0, or ASSOC_ETYPE for a list or set, ASSOC_ERANGE for a position out
 *         of range, a load error (see the file comment).
 */
ASSOC_API int assoc_collection_key_at(assoc_value *out, assoc_collection *coll, size_t i);

/**
 * List: append; set: add (no effect if present); dict: set under the member's
 * key attribute.
 * @param coll the collection
 * @param member the member (an object for a relationship, a value for a proxy)
 * @return 0, or ASSOC_ETYPE for a dict proxy (use assoc_collection_put()), a
 *         load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_append(assoc_collection *coll, assoc_value member);

/**
 * List: insert before position i (i == len appends).
 * @param coll a list collection
 * @param i a position up to the length
 * @param member the member
 * @return 0, or ASSOC_ETYPE for a set or dict, ASSOC_ERANGE for i past the
 *         length, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_insert(assoc_collection *coll, size_t i, assoc_value member);

/**
 * List: replace the member at position i.
 * @param coll a list collection
 * @param i a position below the length
 * @param member the new member
 * @return 0, or ASSOC_ETYPE for a set or dict, ASSOC_ERANGE for a position out
 *         of range, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_set(assoc_collection *coll, size_t i, assoc_value member);

/**
 * Remove the first occurrence of member; ASSOC_ENOTFOUND when absent.
 * @param coll the collection
 * @param member the member to remove
 * @return 0, or ASSOC_ENOTFOUND when absent, ASSOC_ETYPE for a dict, a load or
 *         change error (see the file comment).
 */
ASSOC_API int assoc_collection_remove(assoc_collection *coll, assoc_value member);

/**
 * List: remove and return (if out is not NULL) the member at position i.
 * @param out receives the member removed, or NULL
 * @param coll a list collection
 * @param i a position below the length
 * @return 0, or ASSOC_ETYPE for a set or dict, ASSOC_ERANGE for a position out
 *         of range, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_pop(assoc_value *out, assoc_collection *coll, size_t i);

/**
 * Whether member is in the collection (dict: whether it is a key, as Python's
 * `in`).
 * @param out receives 1 or 0
 * @param coll the collection
 * @param member the member (dict: the key)
 * @return 0, or a load error (see the file comment).
 */
ASSOC_API int assoc_collection_contains(int *out, assoc_collection *coll, assoc_value member);

/**
 * Position of the first occurrence; ASSOC_ENOTFOUND when absent.
 * @param out receives the position
 * @param coll a list or set collection
 * @param member the member
 * @return 0, or ASSOC_ENOTFOUND when absent, ASSOC_ETYPE for a dict, a load
 *         error (see the file comment).
 */
ASSOC_API int assoc_collection_index(size_t *out, assoc_collection *coll, assoc_value member);

/**
 * Remove every member.
 * @param coll the collection
 * @return 0, or a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_clear(assoc_collection *coll);

/**
 * Dict: the member under key; ASSOC_ENOTFOUND when absent.
 * @param out receives the member
 * @param coll a dict collection
 * @param key the key
 * @return 0, or ASSOC_ENOTFOUND when absent, ASSOC_ETYPE for a list or set, a
 *         load error (see the file comment).
 */
ASSOC_API int assoc_collection_lookup(assoc_value *out, assoc_collection *coll, assoc_value key);

/**
 * Dict: put member under key (setting its key attribute), replacing any other.
 * @param coll a dict collection
 * @param key the key
 * @param member the member
 * @return 0, or ASSOC_ETYPE for a list or set, a load or change error (see the
 *         file comment).
 */
ASSOC_API int assoc_collection_put(assoc_collection *coll, assoc_value key, assoc_value member);

/**
 * Dict: remove the member under key; ASSOC_ENOTFOUND when absent.
 * @param coll a dict collection
 * @param key the key
 * @return 0, or ASSOC_ENOTFOUND when absent, ASSOC_ETYPE for a list or set, a
 *         load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_delete_key(assoc_collection *coll, assoc_value key);

/**
 * 1 when the collection is a proxy view rather than a relationship.
 * @param coll a collection, or NULL
 * @return 1 for a proxy view, else 0.
 */
ASSOC_API int assoc_collection_is_proxy(const assoc_collection *coll);

/**
 * List: append each value in turn.
 * @param coll a list collection
 * @param values n members, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for NULL values with n > 0, ASSOC_ETYPE for a
 *         dict, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_extend(assoc_collection *coll, const assoc_value *values, size_t n);

/**
 * How many members equal v.
 * @param out receives the count
 * @param coll the collection
 * @param v the value
 * @return 0, or a load error (see the file comment).
 */
ASSOC_API int assoc_collection_count_of(size_t *out, assoc_collection *coll, assoc_value v);

/**
 * Set: remove v if present (no error when absent).
 * @param coll a set collection
 * @param v the member
 * @return 0, or ASSOC_ETYPE for a dict, a load or change error (see the file
 *         comment).
 */
ASSOC_API int assoc_collection_discard(assoc_collection *coll, assoc_value v);

/**
 * Replace every member at once (SQLAlchemy's whole-collection assignment):
 * keys is NULL except for dicts. Through a proxy, a member whose value stays
 * stays too, with its row and other columns: a set keeps the member of each
 * value given, a dict the member under each key given (it takes the new
 * value), a list the members of equal values, matched in order; only the other
 * values get new members. A proxy with a proxy_bulk_set is cleared, then left
 * to it.
 * @param coll the collection
 * @param keys n keys for a dict, else NULL; read during the call
 * @param values n members, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for missing keys or values, a load or change error
 *         (see the file comment); a proxy_bulk_set's error (ASSOC_ECALLBACK).
 */
ASSOC_API int assoc_collection_assign(assoc_collection *coll, const assoc_value *keys,
                                      const assoc_value *values, size_t n);

/* ---- value lists: results of slices and set algebra ---------------------- */

/** A list of values the caller owns (assoc_collection_get_slice(), assoc_collection_set_op()):
 *  free it with assoc_valuelist_free(). */
typedef struct assoc_valuelist assoc_valuelist;
/**
 * The number of values in the list.
 * @param list a value list, or NULL
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_valuelist_count(const assoc_valuelist *list);
/**
 * Value i; TEXT and BLOB bytes belong to the list.
 * @param list a value list
 * @param i a position below assoc_valuelist_count()
 * @return the value, valid until the list is freed; a NULL value for a position
 *         out of range.
 */
ASSOC_API assoc_value assoc_valuelist_get(const assoc_valuelist *list, size_t i);
/**
 * Free a value list and the bytes of its values.
 * @param list a list the caller owns; NULL is a no-op
 */
ASSOC_API void assoc_valuelist_free(assoc_valuelist *list);

/**
 * List slices with Python's rules: negative positions count from the end,
 * positions past either end are clamped. stop = PTRDIFF_MAX means the end.
 * @param out receives a new list of the members, owned by the caller: free it with
 *            assoc_valuelist_free()
 * @param coll a list collection
 * @param start the first position
 * @param stop the position after the last
 * @return 0, or ASSOC_EINVAL for a NULL out, ASSOC_ETYPE for a set or dict, a
 *         load error (see the file comment).
 */
ASSOC_API int assoc_collection_get_slice(assoc_valuelist **out, assoc_collection *coll, ptrdiff_t start,
                                         ptrdiff_t stop);
/**
 * Replace the members in [start, stop) by n values (Python's `l[start:stop] =
 * values`).
 * @param coll a list collection
 * @param start the first position
 * @param stop the position after the last
 * @param values n members, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for NULL values with n > 0, ASSOC_ETYPE for a set
 *         or dict, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_set_slice(assoc_collection *coll, ptrdiff_t start, ptrdiff_t stop,
                                         const assoc_value *values, size_t n);
/**
 * Remove the members in [start, stop) (Python's `del l[start:stop]`).
 * @param coll a list collection
 * @param start the first position
 * @param stop the position after the last
 * @return 0, or ASSOC_ETYPE for a set or dict, a load or change error (see the
 *         file comment).
 */
ASSOC_API int assoc_collection_delete_slice(assoc_collection *coll, ptrdiff_t start, ptrdiff_t stop);

/* ---- set algebra, against a sequence of values ------------------------- */

/** A set operation, as Python's set methods. */
typedef enum assoc_set_op {
	/** members of either (|, union, update) */
	ASSOC_SET_UNION = 0,
	/** members of both (&, intersection, intersection_update) */
	ASSOC_SET_INTERSECTION = 1,
	/** members of the collection not among the values (-, difference, difference_update) */
	ASSOC_SET_DIFFERENCE = 2,
	/** members of exactly one (^, symmetric_difference, symmetric_difference_update) */
	ASSOC_SET_SYMMETRIC_DIFFERENCE = 3
} assoc_set_op;

/**
 * A new set of values: the collection's members op the given values.
 * @param out receives the new list, owned by the caller: free it with
 *            assoc_valuelist_free()
 * @param coll the collection
 * @param op the operation
 * @param values n values, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for a NULL out or NULL values with n > 0,
 *         ASSOC_ETYPE for a list or dict, ASSOC_ENOMEM, a load error (see the
 *         file comment); on error *out is NULL.
 */
ASSOC_API int assoc_collection_set_op(assoc_valuelist **out, assoc_collection *coll, assoc_set_op op,
                                      const assoc_value *values, size_t n);

/**
 * The in-place forms (update, intersection_update, ...): the collection
 * changes.
 * @param coll a set collection
 * @param op the operation
 * @param values n values, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for NULL values with n > 0, ASSOC_ETYPE for a
 *         list or dict, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_set_update(assoc_collection *coll, assoc_set_op op, const assoc_value *values,
                                          size_t n);

/** A set comparison of assoc_collection_set_compare(). */
typedef enum assoc_set_cmp {
	ASSOC_SET_EQUAL = 0,          /**< == */
	ASSOC_SET_SUBSET = 1,         /**< <= */
	ASSOC_SET_SUPERSET = 2,       /**< >= */
	ASSOC_SET_PROPER_SUBSET = 3,  /**< < */
	ASSOC_SET_PROPER_SUPERSET = 4,/**< > */
	ASSOC_SET_DISJOINT = 5        /**< no member in common (isdisjoint) */
} assoc_set_cmp;

/**
 * Compare the collection's members, as a set, with the given values (Python's
 * ==, <=, >=, <, >, isdisjoint).
 * @param out receives 1 when the comparison holds, else 0
 * @param coll the collection
 * @param cmp the comparison
 * @param values n values, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for NULL values with n > 0 or an unknown
 *         comparison, ASSOC_ETYPE for a list or dict, a load error (see the
 *         file comment).
 */
ASSOC_API int assoc_collection_set_compare(int *out, assoc_collection *coll, assoc_set_cmp cmp,
                                           const assoc_value *values, size_t n);

/* ---- more dict operations ------------------------------------------------- */

/**
 * The value under key; if absent, put default under it first and return that.
 * @param out receives the value under key afterwards
 * @param coll a dict collection
 * @param key the key
 * @param default_value what to put under key when absent
 * @return 0, or ASSOC_ETYPE for a list or set, a load or change error (see the
 *         file comment).
 */
ASSOC_API int assoc_collection_setdefault(assoc_value *out, assoc_collection *coll, assoc_value key,
                                          assoc_value default_value);

/**
 * Remove the member under key, returning its value; ASSOC_ENOTFOUND when
 * absent.
 * @param out receives the removed value
 * @param coll a dict collection
 * @param key the key
 * @return 0, or ASSOC_ENOTFOUND when absent, ASSOC_ETYPE for a list or set, a
 *         load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_pop_key(assoc_value *out, assoc_collection *coll, assoc_value key);

/**
 * Put each values[i] under keys[i].
 * @param coll a dict collection
 * @param keys n keys, read during the call
 * @param values n values, read during the call
 * @param n their number
 * @return 0, or ASSOC_EINVAL for NULL keys or values with n > 0, ASSOC_ETYPE
 *         for a list or set, a load or change error (see the file comment).
 */
ASSOC_API int assoc_collection_update(assoc_collection *coll, const assoc_value *keys,
                                      const assoc_value *values, size_t n);

#ifdef __cplusplus
}
#endif
#endif
