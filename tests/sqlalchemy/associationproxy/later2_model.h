/*
 * later2_model.h - ComparatorTest's model and data from SQLAlchemy's
 * test/ext/test_associationproxy.py, and the query shorthands its ports use.
 *
 *   users(id, name, singular_id -> singular.id)          User
 *   keywords(id, keyword, singular_id -> singular.id)    Keyword
 *   userkeywords(keyword_id PK -> keywords.id, user_id -> users.id, value)
 *                                                        UserKeyword
 *   singular(id, value)                                  Singular
 *
 *   User.singular          m2o -> Singular
 *   Keyword.user_keyword   one-to-one -> UserKeyword, back_populates keyword
 *   Keyword.user_keywords  o2m -> UserKeyword (viewonly in SQLAlchemy)
 *   UserKeyword.user       m2o -> User, backref User.user_keywords
 *   UserKeyword.keyword    m2o -> Keyword, back_populates user_keyword
 *   Singular.keywords      o2m -> Keyword
 *
 * and every proxy of ComparatorTest.setup_classes (User.keywords,
 * singular_keywords, singular_value, singular_collection, common_users,
 * common_singular, singular_keyword, common_keyword_name; Keyword.user,
 * singulars; UserKeyword.common_users, keyword_name, singular;
 * Singular.keyword). The data is insert_data's, made through the session.
 */
#ifndef ASSOC_SQLA_LATER2_MODEL_H
#define ASSOC_SQLA_LATER2_MODEL_H

#include "fixtures.h"

/* Build, open and fill the model; *u is insert_data's last user ("user15"), *kw its keywords[0]. */
void l2_comparator_open_(FX_AT, fx *f, assoc_object **u, assoc_object **kw);
#define l2_comparator_open(f, u, kw) l2_comparator_open_(FX_HERE, (f), (u), (kw))

/* Checked expression constructors (they fail the test on error). */
assoc_expr *l2_cmp_(FX_AT, fx *f, const char *m, const char *attr, assoc_op op, assoc_value v);
assoc_expr *l2_any_(FX_AT, fx *f, const char *m, const char *attr, assoc_expr *crit);
assoc_expr *l2_has_(FX_AT, fx *f, const char *m, const char *attr, assoc_expr *crit);
assoc_expr *l2_contains_(FX_AT, fx *f, const char *m, const char *attr, assoc_value v);
assoc_expr *l2_or_(FX_AT, assoc_expr *a, assoc_expr *b);
assoc_expr *l2_not_(FX_AT, assoc_expr *a);
#define l2_cmp(f, m, attr, op, v) l2_cmp_(FX_HERE, (f), (m), (attr), (op), (v))
#define l2_any(f, m, attr, crit) l2_any_(FX_HERE, (f), (m), (attr), (crit))
#define l2_has(f, m, attr, crit) l2_has_(FX_HERE, (f), (m), (attr), (crit))
#define l2_contains(f, m, attr, v) l2_contains_(FX_HERE, (f), (m), (attr), (v))
#define l2_or(a, b) l2_or_(FX_HERE, (a), (b))
#define l2_not(a) l2_not_(FX_HERE, (a))

/* The SQL of query(mapper).filter(e) (a static buffer). */
const char *l2_sql_(FX_AT, fx *f, const char *mapper, assoc_expr *e);
#define l2_sql(f, mapper, e) l2_sql_(FX_HERE, (f), (mapper), (e))

/*
 * ComparatorTest._query_equivalent: query(mapper).filter(proxy) and
 * query(mapper).filter(direct) print the same SQL and return the same
 * objects in the same order. Takes both expressions.
 */
void l2_query_equivalent_(FX_AT, fx *f, const char *mapper, assoc_expr *proxy, assoc_expr *direct);
#define l2_query_equivalent(f, mapper, p, d) l2_query_equivalent_(FX_HERE, (f), (mapper), (p), (d))

/* query(mapper).filter_by(attr=v).one() */
assoc_object *l2_one_(FX_AT, fx *f, const char *mapper, const char *attr, assoc_value v);
#define l2_one(f, mapper, attr, v) l2_one_(FX_HERE, (f), (mapper), (attr), (v))

/* Tests of attribute_access.c and multi_owner.c; misc.c's part lists them. */
void attribute_access_resolve_aliased_class(void);
void attribute_access_resolved_w_subclass(void);
void attribute_access_resolved_to_correct_class_one(void);
void attribute_access_resolved_to_correct_class_two(void);
void attribute_access_resolved_to_correct_class_three(void);
void attribute_access_resolved_to_correct_class_four(void);
void attribute_access_resolved_to_correct_class_five(void);
void multi_owner_column_collection_expressions(void);
void multi_owner_subclass_only_owner_none(void);
void multi_owner_subclass_only_owner_assign(void);
void multi_owner_subclass_only_owner_get(void);
void multi_owner_subclass_only_owner_none_raise(void);
void multi_owner_subclass_only_owner_delete(void);
void multi_owner_subclass_only_owner_assign_passes(void);
void multi_owner_subclass_only_owner_get_raises(void);
void multi_owner_subclass_only_owner_delete_raises(void);
void multi_owner_subclasses_conflicting_types(void);
void multi_owner_col_expressions_not_available(void);
void multi_owner_rel_expressions_not_available(void);

#endif
