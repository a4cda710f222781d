/**
 * @file assoc/query.h
 * @brief Selecting objects of a mapper, and the expressions that filter them.
 *
 * A query selects objects of one mapper, filtered by expressions over its
 * attributes and those of joined mappers; relationships compare with any,
 * has and contains, and proxies with ==, !=, LIKE, contains, any, has and IS
 * NULL, compiled to EXISTS as SQLAlchemy does. Values are always bound
 * parameters. A query autoflushes its session first (unless autoflush is
 * off), and rows come back through the identity map: the same primary key
 * yields the same handle.
 *
 * An expression is owned by the caller until it is given to another
 * expression (assoc_expr_and(), ...) or to a query (assoc_query_where()),
 * which take it over also when they fail. Names and values passed in are
 * copied.
 */
#ifndef ASSOC_QUERY_H
#define ASSOC_QUERY_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A filter expression (assoc_expr_compare(), ...); free with assoc_expr_free() unless given away. */
typedef struct assoc_expr assoc_expr;
/** An alias of a mapper in one query (assoc_query_alias()); owned and freed by the query. */
typedef struct assoc_alias assoc_alias;

/** A comparison operator of assoc_expr_compare(). */
typedef enum assoc_op {
	/** = */
	ASSOC_OP_EQ = 0,
	/** != */
	ASSOC_OP_NE = 1,
	/** < */
	ASSOC_OP_LT = 2,
	/** <= */
	ASSOC_OP_LE = 3,
	/** > */
	ASSOC_OP_GT = 4,
	/** >= */
	ASSOC_OP_GE = 5,
	/** LIKE */
	ASSOC_OP_LIKE = 6,
	/** NOT LIKE */
	ASSOC_OP_NOT_LIKE = 7,
	/** value ignored */
	/** IS NULL (value ignored) */
	ASSOC_OP_IS_NULL = 8,    /* value ignored */
	/** value ignored */
	/** IS NOT NULL (value ignored) */
	ASSOC_OP_IS_NOT_NULL = 9 /* value ignored */
} assoc_op;

/**
 * attr op value, for a column, a scalar relationship (EQ/NE with an object of
 * its target, or IS NULL) or a proxy. EQ with a NULL value means IS NULL, NE
 * with NULL IS NOT NULL; other operators refuse NULL, and LIKE takes TEXT.
 * On a proxy the comparison runs as EXISTS over the proxied attribute: for a
 * proxy of a column (scalar or collection, as User.special_keys == "jek")
 * every operator; for a proxy of an object or of another proxy EQ, NE and
 * IS [NOT] NULL on a scalar proxy only - a collection proxy of objects is
 * ASSOC_ETYPE (use contains or any), as in SQLAlchemy. A proxy IS NULL also
 * holds where there is no intermediary object at all. A collection
 * relationship is ASSOC_ETYPE (use any or contains).
 *
 * @param out    receives the expression, owned by the caller.
 * @param mapper the mapper attr belongs to, of a configured registry.
 * @param attr   the attribute's name, borrowed for the call.
 * @param op     the operator.
 * @param value  the value, copied (an object stays its session's).
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute; ASSOC_EINVAL also for an unknown operator;
 *         ASSOC_ETYPE for a value or operator the attribute cannot take, as
 *         above; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_compare(assoc_expr **out, assoc_mapper *mapper, const char *attr, assoc_op op,
                                 assoc_value value);

/**
 * attr IN (values...) for a column (no values: never true).
 * @param out    receives the expression, owned by the caller.
 * @param mapper the mapper attr belongs to, of a configured registry.
 * @param attr   a column's name, borrowed for the call.
 * @param values n values, copied.
 * @param n      their number.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute; ASSOC_EINVAL also for NULL values with n > 0;
 *         ASSOC_ETYPE for an attribute that is not a column or a value of
 *         the wrong type; ASSOC_ERANGE for a TEXT or BLOB value longer than
 *         ASSOC_MAX_LENGTH; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_in(assoc_expr **out, assoc_mapper *mapper, const char *attr,
                            const assoc_value *values, size_t n);

/**
 * Both a and b. Both, either, negation: they take ownership of their
 * operands (also on failure).
 * @param out receives the expression, owned by the caller.
 * @param a   an expression, taken over.
 * @param b   an expression, taken over.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_and(assoc_expr **out, assoc_expr *a, assoc_expr *b);
/**
 * Either a or b; takes ownership of its operands (also on failure).
 * @param out receives the expression, owned by the caller.
 * @param a   an expression, taken over.
 * @param b   an expression, taken over.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_or(assoc_expr **out, assoc_expr *a, assoc_expr *b);
/**
 * The negation of a; takes ownership of its operand (also on failure).
 * @param out receives the expression, owned by the caller.
 * @param a   an expression, taken over.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_not(assoc_expr **out, assoc_expr *a);

/**
 * EXISTS forms. any: a collection relationship or collection proxy has a
 * member matching criterion (NULL: any member at all). has: the same for a
 * scalar relationship or scalar proxy. contains: a collection relationship
 * holds the object value, or a collection proxy holds the value (for a proxy
 * of objects, an object of the remote target). criterion is an expression
 * over the related mapper: a relationship's target; for a proxy, the target
 * of its remote relationship when it proxies an object (User.keywords.any(
 * Keyword.keyword == "jek")), else the intermediary mapper; it may also
 * refer to the mappers of the enclosing query. Ownership of criterion passes
 * in, also on failure. any on a scalar, has on a collection, has with a
 * criterion on a proxy of a column, and contains on a scalar are ASSOC_ETYPE.
 * A scalar proxy of a collection counts as a collection (any, contains:
 * EXISTS along both hops); has on it is ASSOC_ETYPE unless its attr is a
 * proxy, as in SQLAlchemy.
 *
 * This is any: a collection relationship or collection proxy has a member
 * matching criterion.
 *
 * @param out       receives the expression, owned by the caller.
 * @param mapper    the mapper attr belongs to, of a configured registry.
 * @param attr      a collection relationship or proxy, borrowed for the call.
 * @param criterion an expression over the related mapper, taken over (also
 *                  on failure), or NULL.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute; ASSOC_ETYPE for a column or a scalar; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_any(assoc_expr **out, assoc_mapper *mapper, const char *attr, assoc_expr *criterion);
/**
 * has: a scalar relationship or scalar proxy refers to an object matching
 * criterion (NULL: to any object); the rules are those of assoc_expr_any().
 *
 * @param out       receives the expression, owned by the caller.
 * @param mapper    the mapper attr belongs to, of a configured registry.
 * @param attr      a scalar relationship or proxy, borrowed for the call.
 * @param criterion an expression over the related mapper, taken over (also
 *                  on failure), or NULL.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute; ASSOC_ETYPE for a column, a collection, or a
 *         criterion on a proxy of a column; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_has(assoc_expr **out, assoc_mapper *mapper, const char *attr, assoc_expr *criterion);
/**
 * contains: a collection relationship holds the object value, or a
 * collection proxy holds the value (for a proxy of objects, an object of the
 * remote target); see assoc_expr_any().
 *
 * @param out    receives the expression, owned by the caller.
 * @param mapper the mapper attr belongs to, of a configured registry.
 * @param attr   a collection relationship or proxy, borrowed for the call.
 * @param value  the member looked for, copied.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute; ASSOC_ETYPE for a column, a scalar or a value of the
 *         wrong type; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_expr_contains(assoc_expr **out, assoc_mapper *mapper, const char *attr, assoc_value value);

/**
 * Free an expression the caller owns (one not given to another expression or a query).
 * @param expr the expression; NULL is a no-op.
 */
ASSOC_API void assoc_expr_free(assoc_expr *expr);

/**
 * A new query for the objects of mapper in session.
 * @param out     receives the query, owned by the caller: free it with
 *                assoc_query_free().
 * @param session the session the query runs in; it must outlive the query.
 * @param mapper  a mapper of the session's registry.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a mapper of another
 *         registry, ASSOC_ECLOSED for a closed session, ASSOC_ESTATE when it
 *         needs a rollback, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_new(assoc_query **out, assoc_session *session, assoc_mapper *mapper);
/**
 * Free a query; the objects it returned stay their session's.
 * @param query the query; NULL is a no-op.
 */
ASSOC_API void assoc_query_free(assoc_query *query);

/**
 * AND attr = value (assoc_expr_compare with EQ on the query's mapper). For a scalar
 * relationship, value is an object (or NULL).
 * @param query the query.
 * @param attr  an attribute of the query's mapper, borrowed for the call.
 * @param value the value, copied.
 * @return 0, or ASSOC_EINVAL for a NULL query; otherwise as assoc_expr_compare().
 */
ASSOC_API int assoc_query_filter_by(assoc_query *query, const char *attr, assoc_value value);

/**
 * AND expr (taken over by the query, also on failure). Every mapper expr
 * names outside its EXISTS subqueries must be the query's or joined already
 * (join first): otherwise ASSOC_EINVAL, and the query is unchanged.
 * @param query the query.
 * @param expr  the expression, taken over.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a mapper neither the
 *         query's nor joined, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_where(assoc_query *query, assoc_expr *expr);

/**
 * JOIN along a relationship of the query's mapper or of a mapper joined
 * before; for a proxy, along both its hops (local_attr, then remote_attr when
 * that is a relationship, and on through a proxy of a proxy). mapper is where
 * the attribute lives. Joining a relationship again changes nothing; a second
 * path to a table already in the query is ASSOC_EINVAL (it would need an
 * alias: assoc_query_join_alias). Results hold each object once, however
 * many rows a join gives it.
 *
 * @param query  the query.
 * @param mapper the mapper attr belongs to: the query's, or one joined already.
 * @param attr   a relationship or proxy name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, a mapper of another
 *         registry, a mapper neither the query's nor joined, or a second path
 *         to a table; ASSOC_ENOTFOUND for an unknown attribute; ASSOC_ETYPE
 *         for a column; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_join(assoc_query *query, assoc_mapper *mapper, const char *attr);

/* ---- aliases (SQLAlchemy's aliased()) ---------------------------------------- */

/**
 * Create an alias of @p mapper in @p query: a FROM entry of its own for the
 * mapper's table, so that a query can reach the same table twice (a tree's
 * parent and grandparent, both sides of a self-referential many-to-many) and
 * compare through it.
 *
 * @param out    receives the alias. It belongs to the query: valid until
 *               assoc_query_free(query), and usable only with that query (an
 *               expression over it that is given to another query is refused;
 *               free such an expression before the query).
 * @param query  the query.
 * @param mapper a mapper of the query's registry (configured).
 * @param name   the alias's name in SQL ("users AS name"), copied; NULL for a
 *               generated one, "<table>_<n>" with n counting the query's
 *               generated aliases of that table from 1 in creation order (as
 *               SQLAlchemy's aliased(User) prints "users AS users_1").
 * @return 0; ASSOC_EINVAL for a NULL argument, a mapper of another registry,
 *         an empty name, a table's name or one of the generated form
 *         "table_digits"; ASSOC_EEXISTS when the query has an alias of that
 *         name; ASSOC_ENOMEM.
 *
 * The alias enters the statement when joined (assoc_query_join_alias);
 * expressions over it are made with assoc_expr_alias_compare and its
 * siblings, and a query refuses them until the alias is joined.
 */
ASSOC_API int assoc_query_alias(assoc_alias **out, assoc_query *query, assoc_mapper *mapper, const char *name);

/**
 * The alias's name in SQL.
 * @param alias an alias, or NULL.
 * @return the given name or the generated "table_n", owned by the alias (valid
 *         until its query is freed); NULL for NULL.
 */
ASSOC_API const char *assoc_alias_name(const assoc_alias *alias);
/**
 * The mapper an alias is of.
 * @param alias an alias, or NULL.
 * @return the mapper; NULL for NULL.
 */
ASSOC_API assoc_mapper *assoc_alias_mapper(const assoc_alias *alias);

/**
 * JOIN the alias @p to along the relationship @p attr, from the query's own
 * mapper (@p from NULL) or from an alias joined before, as SQLAlchemy's
 * query(User).join(User.addresses.of_type(a)) and .join(a1.parent.of_type(a2)).
 * A many-to-many joins its secondary table under a generated alias, as
 * assoc_query_join does. Results still hold each object of the query's mapper
 * once.
 *
 * @param query the query.
 * @param from  NULL (the query's mapper) or a joined alias of this query.
 * @param attr  a relationship of from's mapper (a proxy: join its hops one by one).
 * @param to    an alias of this query of the relationship's target, not joined yet.
 * @return 0; ASSOC_EINVAL for a NULL query or to, an alias of another query,
 *         from not joined yet, to joined already, or to an alias of another
 *         mapper than the relationship reaches; ASSOC_ENOTFOUND for an unknown
 *         attribute; ASSOC_ETYPE for a column or proxy; ASSOC_ENOMEM. On
 *         failure the query is unchanged.
 */
ASSOC_API int assoc_query_join_alias(assoc_query *query, assoc_alias *from, const char *attr, assoc_alias *to);

/**
 * ORDER BY a column of a joined alias (after the terms given before).
 * @param query      the query.
 * @param alias      a joined alias of this query.
 * @param attr       a column attribute of the alias's mapper, borrowed for the call.
 * @param descending 1 for DESC, 0 for ASC.
 * @return 0; ASSOC_EINVAL for a NULL query or alias, an alias of another query
 *         or one not joined; ASSOC_ENOTFOUND for an unknown attribute;
 *         ASSOC_ETYPE for an attribute that is not a column; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_order_by_alias(assoc_query *query, assoc_alias *alias, const char *attr, int descending);

/**
 * The comparators of assoc_expr_compare, assoc_expr_in, assoc_expr_any,
 * assoc_expr_has and assoc_expr_contains, over an alias's attributes:
 * columns, relationships and association proxies (SQLAlchemy's
 * aliased(User).keywords.any(...)). The same rules and errors apply; in
 * addition ASSOC_EINVAL for a NULL alias and ASSOC_ENOTFOUND (naming the
 * alias) for an attribute its mapper lacks. The EXISTS of a relationship or
 * proxy correlates with the alias; a criterion given to any or has is over
 * the related mapper as for the mapper's forms, and may itself compare
 * through other aliases. The expression may go only to the alias's query,
 * once the alias is joined (assoc_query_where: ASSOC_EINVAL otherwise). any
 * and has take ownership of criterion, also on failure.
 * @param out   receives the expression, owned by the caller (assoc_expr_free) until given to a query.
 * @param alias an alias of the query the expression will go to.
 * @param attr  a column, relationship or proxy of the alias's mapper, borrowed for the call.
 * @param op    the comparison.
 * @param value the value compared with (borrowed; copied into the expression).
 * @return 0, or ASSOC_E... as described.
 */
ASSOC_API int assoc_expr_alias_compare(assoc_expr **out, assoc_alias *alias, const char *attr, assoc_op op,
                                       assoc_value value);
/** attr IN (values...) over an alias's column; see assoc_expr_alias_compare. */
ASSOC_API int assoc_expr_alias_in(assoc_expr **out, assoc_alias *alias, const char *attr, const assoc_value *values,
                                  size_t n);
/** any over an alias's collection relationship or proxy; see assoc_expr_alias_compare. */
ASSOC_API int assoc_expr_alias_any(assoc_expr **out, assoc_alias *alias, const char *attr, assoc_expr *criterion);
/** has over an alias's scalar relationship or proxy; see assoc_expr_alias_compare. */
ASSOC_API int assoc_expr_alias_has(assoc_expr **out, assoc_alias *alias, const char *attr, assoc_expr *criterion);
/** contains over an alias's collection relationship or proxy; see assoc_expr_alias_compare. */
ASSOC_API int assoc_expr_alias_contains(assoc_expr **out, assoc_alias *alias, const char *attr, assoc_value value);

/**
 * Load this relationship (or both hops of this proxy) with selectin for the
 * objects this query loads, even where it is configured lazy. mapper is where
 * the attribute lives: the query's mapper, or one that selectin loading reaches.
 *
 * @param query  the query.
 * @param mapper the mapper attr belongs to.
 * @param attr   a relationship or proxy name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a mapper of another
 *         registry; ASSOC_ENOTFOUND for an unknown attribute; ASSOC_ETYPE for
 *         a column; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_selectinload(assoc_query *query, assoc_mapper *mapper, const char *attr);

/**
 * Leave a column of the query's mapper out of its rows (SQLAlchemy's
 * defer()): the first read of it on an object loaded now loads it, as a
 * deferred column (assoc_mapper_set_column_options()). Only objects the
 * query's statement loads are affected; a later defer or undefer of the same
 * column replaces this one.
 *
 * @param query  the query.
 * @param column a column of the query's mapper, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, a name that is not an
 *         attribute of the mapper, a primary key or relationship key column;
 *         ASSOC_ETYPE for a relationship or proxy; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_defer(assoc_query *query, const char *column);

/**
 * Load a deferred column of the query's mapper with its rows (SQLAlchemy's
 * undefer()); objects already loaded with it unloaded get it too.
 *
 * @param query  the query.
 * @param column a column of the query's mapper, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a name that is not an
 *         attribute of the mapper; ASSOC_ETYPE for a relationship or proxy;
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_undefer(assoc_query *query, const char *column);

/**
 * Load every column of a deferred group of the query's mapper with its rows
 * (SQLAlchemy's undefer_group()).
 *
 * @param query the query.
 * @param group a group named in assoc_mapper_column_options, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument or a group no column of the
 *         mapper has; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_undefer_group(assoc_query *query, const char *group);

/**
 * Order by a column attribute; may be called several times.
 * @param query      the query.
 * @param attr       a column of the query's mapper, borrowed for the call.
 * @param descending 1 for DESC, 0 for ASC.
 * @return 0, or ASSOC_EINVAL for a NULL query, ASSOC_ENOTFOUND for an unknown
 *         attribute, ASSOC_ETYPE for one that is not a column, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_query_order_by(assoc_query *query, const char *attr, int descending);

/**
 * LIMIT: return at most limit objects.
 * @param query the query.
 * @param limit 0 or more.
 * @return 0, or ASSOC_EINVAL for a NULL query or a negative limit.
 */
ASSOC_API int assoc_query_limit(assoc_query *query, int64_t limit);
/**
 * OFFSET: skip the first offset objects.
 * @param query  the query.
 * @param offset 0 or more.
 * @return 0, or ASSOC_EINVAL for a NULL query or a negative offset.
 */
ASSOC_API int assoc_query_offset(assoc_query *query, int64_t offset);

/**
 * Run the query: every matching object, each once, in order.
 * @param out   receives the result, owned by the caller: free it with
 *              assoc_result_free(); its objects are owned by the session.
 * @param query the query.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when it needs a rollback; with autoflush, what
 *         assoc_session_flush() returns; ASSOC_EDB when the database fails;
 *         ASSOC_ENOMEM; a load error of selectin loading (see assoc_object_get()).
 */
ASSOC_API int assoc_query_all(assoc_result **out, assoc_query *query);
/**
 * The first object, or *out NULL when there is none.
 * @param out   receives the object, owned by the session, or NULL.
 * @param query the query.
 * @return 0 (also when there is none), or ASSOC_EINVAL for a NULL argument,
 *         ASSOC_ECLOSED for a closed session, ASSOC_ESTATE when it needs a
 *         rollback; with autoflush, what assoc_session_flush() returns;
 *         ASSOC_EDB when the database fails; ASSOC_ENOMEM; a load error of
 *         selectin loading (see assoc_object_get()).
 */
ASSOC_API int assoc_query_first(assoc_object **out, assoc_query *query);
/**
 * Exactly one object: ASSOC_ENORESULT for none, ASSOC_EMULTIPLE for several.
 * @param out   receives the object, owned by the session.
 * @param query the query.
 * @return 0, or ASSOC_ENORESULT, ASSOC_EMULTIPLE, ASSOC_EINVAL for a NULL
 *         argument, ASSOC_ECLOSED for a closed session, ASSOC_ESTATE when it
 *         needs a rollback; with autoflush, what assoc_session_flush() returns;
 *         ASSOC_EDB when the database fails; ASSOC_ENOMEM; a load error of
 *         selectin loading (see assoc_object_get()).
 */
ASSOC_API int assoc_query_one(assoc_object **out, assoc_query *query);
/**
 * How many objects all() would return (limit and offset apply).
 * @param out   receives the count.
 * @param query the query.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when it needs a rollback; with autoflush, what
 *         assoc_session_flush() returns; ASSOC_EDB when the database fails;
 *         ASSOC_ENOMEM; a load error of selectin loading (see assoc_object_get()).
 */
ASSOC_API int assoc_query_count(int64_t *out, assoc_query *query);
/**
 * Whether at least one object matches.
 * @param out   receives 1 when at least one object matches, else 0.
 * @param query the query.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ECLOSED for a closed
 *         session, ASSOC_ESTATE when it needs a rollback; with autoflush, what
 *         assoc_session_flush() returns; ASSOC_EDB when the database fails;
 *         ASSOC_ENOMEM; a load error of selectin loading (see assoc_object_get()).
 */
ASSOC_API int assoc_query_exists(int *out, assoc_query *query);

/**
 * The SQL text all() runs, as SQLAlchemy prints it: labelled columns
 * ("user".id AS user_id), named parameters (:special_key_1, :param_1 for
 * LIMIT and OFFSET), correlated EXISTS for relationship and proxy
 * comparisons. Values never appear in it. Valid until the query changes or is
 * freed; NULL only when out of memory.
 *
 * @param query the query.
 * @return the text, owned by the query; NULL when query is NULL or memory
 *         runs out.
 */
ASSOC_API const char *assoc_query_sql(assoc_query *query);

/**
 * The number of objects in a result.
 * @param result a result, or NULL.
 * @return the count; 0 for NULL.
 */
ASSOC_API size_t assoc_result_count(const assoc_result *result);
/**
 * The i-th object of a result.
 * @param result a result.
 * @param i      a position below assoc_result_count().
 * @return the object, owned by its session; NULL for a position out of range.
 */
ASSOC_API assoc_object *assoc_result_get(const assoc_result *result, size_t i);
/**
 * Free a result; its objects stay their session's.
 * @param result the result; NULL is a no-op.
 */
ASSOC_API void assoc_result_free(assoc_result *result);

#ifdef __cplusplus
}
#endif
#endif
