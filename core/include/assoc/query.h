/*
 * assoc/query.h - selecting objects of a mapper.
 *
 * The first query surface: all objects of a mapper, equality filters on
 * columns and scalar relationships, ordering, limit and offset; all, first,
 * one and count. Values are always bound parameters. A query autoflushes its
 * session first (unless autoflush is off), and rows come back through the
 * identity map: the same primary key yields the same handle.
 */
#ifndef ASSOC_QUERY_H
#define ASSOC_QUERY_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

ASSOC_API int assoc_query_new(assoc_query **out, assoc_session *session, assoc_mapper *mapper);
ASSOC_API void assoc_query_free(assoc_query *query);

/* AND attr = value. For a scalar relationship, value is an object (or NULL). */
ASSOC_API int assoc_query_filter_by(assoc_query *query, const char *attr, assoc_value value);

/* Order by a column attribute; may be called several times. */
ASSOC_API int assoc_query_order_by(assoc_query *query, const char *attr, int descending);

ASSOC_API int assoc_query_limit(assoc_query *query, int64_t limit);
ASSOC_API int assoc_query_offset(assoc_query *query, int64_t offset);

ASSOC_API int assoc_query_all(assoc_result **out, assoc_query *query);
/* The first object, or *out NULL when there is none. */
ASSOC_API int assoc_query_first(assoc_object **out, assoc_query *query);
/* Exactly one object: ASSOC_ENORESULT for none, ASSOC_EMULTIPLE for several. */
ASSOC_API int assoc_query_one(assoc_object **out, assoc_query *query);
ASSOC_API int assoc_query_count(int64_t *out, assoc_query *query);

/* The SQL text the query runs, valid until the query changes or is freed. */
ASSOC_API const char *assoc_query_sql(assoc_query *query);

ASSOC_API size_t assoc_result_count(const assoc_result *result);
ASSOC_API assoc_object *assoc_result_get(const assoc_result *result, size_t i);
ASSOC_API void assoc_result_free(assoc_result *result);

#ifdef __cplusplus
}
#endif
#endif
