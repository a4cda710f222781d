/*
 * comparator.c - test/ext/test_associationproxy.py::ComparatorTest: the SQL
 * that proxies' comparators compile to, printed as SQLAlchemy prints it, and
 * the equivalence of each proxy expression with the spelled-out relationship
 * expression (same SQL, same rows). Model and data: later2_model.h.
 *
 * SQLAlchemy's keyword-argument forms (any(keyword="jumped")) are filter_by
 * style equality on the related class; C has only the criterion form, which
 * compiles to the same SQL, so those tests pass the equality criterion.
 */
#include <string.h>

#include "later2_model.h"
#include "later_parts.h"

#define NUL assoc_value_null()
#define TXT(s) assoc_value_text(s)
#define OBJ(o) assoc_value_object(o)
#define CMP(m, attr, op, v) l2_cmp(&f, (m), (attr), ASSOC_OP_##op, (v))
#define ANY(m, attr, crit) l2_any(&f, (m), (attr), (crit))
#define HAS(m, attr, crit) l2_has(&f, (m), (attr), (crit))
#define CONTAINS(m, attr, v) l2_contains(&f, (m), (attr), (v))
#define SELECT_USERS                                                                                 \
	"SELECT users.id AS users_id, users.name AS users_name, users.singular_id AS users_singular_id " \
	"FROM users "

#define OPEN()                  \
	fx f;                       \
	assoc_object *u, *kw;       \
	l2_comparator_open(&f, &u, &kw); \
	(void)u, (void)kw

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_any_criterion_ul_scalar
static void comparator_filter_any_criterion_ul_scalar(void)
{
	OPEN();
	CHECK_STR(l2_sql(&f, "User", ANY("User", "singular_collection", CMP("UserKeyword", "value", EQ, TXT("singular8")))),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM userkeywords WHERE users.id = userkeywords.user_id AND "
	                       "userkeywords.value = :value_1)");
	l2_query_equivalent(&f, "User",
	                    ANY("User", "singular_collection", CMP("UserKeyword", "value", EQ, TXT("singular8"))),
	                    ANY("User", "user_keywords", CMP("UserKeyword", "value", EQ, TXT("singular8"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_any_kwarg_ul_nul
static void comparator_filter_any_kwarg_ul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", ANY("User", "keywords", CMP("Keyword", "keyword", EQ, TXT("jumped"))),
	                    ANY("User", "user_keywords",
	                        HAS("UserKeyword", "keyword", CMP("Keyword", "keyword", EQ, TXT("jumped")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_has_kwarg_nul_nul
static void comparator_filter_has_kwarg_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", HAS("Keyword", "user", CMP("User", "name", EQ, TXT("user2"))),
	                    HAS("Keyword", "user_keyword",
	                        HAS("UserKeyword", "user", CMP("User", "name", EQ, TXT("user2")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_has_kwarg_nul_ul
static void comparator_filter_has_kwarg_nul_ul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", ANY("User", "singular_keywords", CMP("Keyword", "keyword", EQ, TXT("jumped"))),
	                    HAS("User", "singular",
	                        ANY("Singular", "keywords", CMP("Keyword", "keyword", EQ, TXT("jumped")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_any_criterion_ul_nul
static void comparator_filter_any_criterion_ul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", ANY("User", "keywords", CMP("Keyword", "keyword", EQ, TXT("jumped"))),
	                    ANY("User", "user_keywords",
	                        HAS("UserKeyword", "keyword", CMP("Keyword", "keyword", EQ, TXT("jumped")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_has_criterion_nul_nul
static void comparator_filter_has_criterion_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", HAS("Keyword", "user", CMP("User", "name", EQ, TXT("user2"))),
	                    HAS("Keyword", "user_keyword",
	                        HAS("UserKeyword", "user", CMP("User", "name", EQ, TXT("user2")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_any_criterion_nul_ul
static void comparator_filter_any_criterion_nul_ul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", ANY("User", "singular_keywords", CMP("Keyword", "keyword", EQ, TXT("jumped"))),
	                    HAS("User", "singular",
	                        ANY("Singular", "keywords", CMP("Keyword", "keyword", EQ, TXT("jumped")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_contains_ul_nul
static void comparator_filter_contains_ul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CONTAINS("User", "keywords", OBJ(kw)),
	                    ANY("User", "user_keywords", CMP("UserKeyword", "keyword", EQ, OBJ(kw))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_contains_nul_ul
static void comparator_filter_contains_nul_ul(void)
{
	OPEN();
	/* kw has no singular: SQLAlchemy warns "Got None for value of column keywords.singular_id" */
	CHECK(fx_is_null(kw, "singular_id"));
	l2_query_equivalent(&f, "User", CONTAINS("User", "singular_keywords", OBJ(kw)),
	                    HAS("User", "singular", CONTAINS("Singular", "keywords", OBJ(kw))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_eq_nul_nul
static void comparator_filter_eq_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", CMP("Keyword", "user", EQ, OBJ(u)),
	                    HAS("Keyword", "user_keyword", CMP("UserKeyword", "user", EQ, OBJ(u))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_ne_nul_nul
static void comparator_filter_ne_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", CMP("Keyword", "user", NE, OBJ(u)),
	                    HAS("Keyword", "user_keyword", CMP("UserKeyword", "user", NE, OBJ(u))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_eq_null_nul_nul
static void comparator_filter_eq_null_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", CMP("Keyword", "user", EQ, NUL),
	                    l2_or(HAS("Keyword", "user_keyword", CMP("UserKeyword", "user", EQ, NUL)),
	                          CMP("Keyword", "user_keyword", EQ, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_ne_null_nul_nul
static void comparator_filter_ne_null_nul_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "Keyword", CMP("Keyword", "user", NE, NUL),
	                    HAS("Keyword", "user_keyword", CMP("UserKeyword", "user", NE, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_object_eq_None_nul
static void comparator_filter_object_eq_None_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "UserKeyword", CMP("UserKeyword", "singular", EQ, NUL),
	                    l2_or(HAS("UserKeyword", "user", CMP("User", "singular", EQ, NUL)),
	                          CMP("UserKeyword", "user_id", EQ, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_column_eq_None_nul
static void comparator_filter_column_eq_None_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", EQ, NUL),
	                    l2_or(HAS("User", "singular", CMP("Singular", "value", EQ, NUL)),
	                          CMP("User", "singular", EQ, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_object_ne_value_nul
static void comparator_filter_object_ne_value_nul(void)
{
	OPEN();
	assoc_object *s4 = l2_one(&f, "Singular", "value", TXT("singular4"));
	l2_query_equivalent(&f, "UserKeyword", CMP("UserKeyword", "singular", NE, OBJ(s4)),
	                    HAS("UserKeyword", "user", CMP("User", "singular", NE, OBJ(s4))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_column_ne_value_nul
static void comparator_filter_column_ne_value_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", NE, TXT("singular4")),
	                    HAS("User", "singular", CMP("Singular", "value", NE, TXT("singular4"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_eq_value_nul
static void comparator_filter_eq_value_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", EQ, TXT("singular4")),
	                    HAS("User", "singular", CMP("Singular", "value", EQ, TXT("singular4"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_ne_None_nul
static void comparator_filter_ne_None_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", NE, NUL),
	                    HAS("User", "singular", CMP("Singular", "value", NE, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_has_nul
static void comparator_has_nul(void)
{
	OPEN();
	/* an empty has() on a column-targeted proxy */
	l2_query_equivalent(&f, "User", HAS("User", "singular_value", NULL), HAS("User", "singular", NULL));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_nothas_nul
static void comparator_nothas_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", l2_not(HAS("User", "singular_value", NULL)),
	                    l2_not(HAS("User", "singular", NULL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_any_chained
static void comparator_filter_any_chained(void)
{
	OPEN();
	CHECK_STR(l2_sql(&f, "User", ANY("User", "common_users", CMP("User", "name", EQ, TXT("user7")))),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM userkeywords WHERE users.id = userkeywords.user_id AND "
	                       "(EXISTS (SELECT 1 FROM keywords WHERE keywords.id = userkeywords.keyword_id AND "
	                       "(EXISTS (SELECT 1 FROM userkeywords WHERE keywords.id = userkeywords.keyword_id AND "
	                       "(EXISTS (SELECT 1 FROM users WHERE users.id = userkeywords.user_id AND "
	                       "users.name = :name_1)))))))");
	l2_query_equivalent(
		&f, "User", ANY("User", "common_users", CMP("User", "name", EQ, TXT("user7"))),
		ANY("User", "user_keywords",
		    HAS("UserKeyword", "keyword",
		        HAS("Keyword", "user_keyword", HAS("UserKeyword", "user", CMP("User", "name", EQ, TXT("user7")))))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_has_chained_has_to_any
static void comparator_filter_has_chained_has_to_any(void)
{
	OPEN();
	CHECK_STR(l2_sql(&f, "User", HAS("User", "common_singular", CMP("Keyword", "keyword", EQ, TXT("brown")))),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM singular WHERE singular.id = users.singular_id AND "
	                       "(EXISTS (SELECT 1 FROM keywords WHERE singular.id = keywords.singular_id AND "
	                       "keywords.keyword = :keyword_1)))");
	l2_query_equivalent(&f, "User", HAS("User", "common_singular", CMP("Keyword", "keyword", EQ, TXT("brown"))),
	                    HAS("User", "singular",
	                        ANY("Singular", "keywords", CMP("Keyword", "keyword", EQ, TXT("brown")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_eq_chained_has_to_any
static void comparator_filter_eq_chained_has_to_any(void)
{
	OPEN();
	CHECK_STR(l2_sql(&f, "User", CMP("User", "singular_keyword", EQ, TXT("brown"))),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM singular WHERE singular.id = users.singular_id AND "
	                       "(EXISTS (SELECT 1 FROM keywords WHERE singular.id = keywords.singular_id "
	                       "AND keywords.keyword = :keyword_1)))");
	l2_query_equivalent(&f, "User", CMP("User", "singular_keyword", EQ, TXT("brown")),
	                    HAS("User", "singular",
	                        ANY("Singular", "keywords", CMP("Keyword", "keyword", EQ, TXT("brown")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_contains_chained_any_to_has
static void comparator_filter_contains_chained_any_to_has(void)
{
	OPEN();
	CHECK_STR(l2_sql(&f, "User", CONTAINS("User", "common_keyword_name", TXT("brown"))),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM userkeywords WHERE users.id = userkeywords.user_id AND "
	                       "(EXISTS (SELECT 1 FROM keywords WHERE keywords.id = userkeywords.keyword_id AND "
	                       "keywords.keyword = :keyword_1)))");
	l2_query_equivalent(&f, "User", CONTAINS("User", "common_keyword_name", TXT("brown")),
	                    ANY("User", "user_keywords",
	                        HAS("UserKeyword", "keyword", CMP("Keyword", "keyword", EQ, TXT("brown")))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_contains_chained_any_to_has_to_eq
static void comparator_filter_contains_chained_any_to_has_to_eq(void)
{
	OPEN();
	assoc_query *q = NULL;
	assoc_object *singular = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Singular")));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_first(&singular, q));
	assoc_query_free(q);
	CHECK(singular != NULL);
	CHECK_STR(l2_sql(&f, "Keyword", CONTAINS("Keyword", "singulars", OBJ(singular))),
	          "SELECT keywords.id AS keywords_id, keywords.keyword AS keywords_keyword, "
	          "keywords.singular_id AS keywords_singular_id FROM keywords "
	          "WHERE EXISTS (SELECT 1 FROM userkeywords WHERE keywords.id = userkeywords.keyword_id AND "
	          "(EXISTS (SELECT 1 FROM users WHERE users.id = userkeywords.user_id AND "
	          ":param_1 = users.singular_id)))");
	l2_query_equivalent(&f, "Keyword", CONTAINS("Keyword", "singulars", OBJ(singular)),
	                    ANY("Keyword", "user_keywords",
	                        HAS("UserKeyword", "user", CMP("User", "singular", EQ, OBJ(singular)))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_has_criterion_nul
static void comparator_has_criterion_nul(void)
{
	OPEN();
	/* "Non-empty has() not allowed for column-targeted association proxy; use ==" */
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_has(&e, fx_m(&f, "User"), "singular_value",
	                         CMP("User", "singular_value", EQ, TXT("singular4"))),
	          ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_object_contains_fails_nul_nul
static void comparator_filter_scalar_object_contains_fails_nul_nul(void)
{
	OPEN();
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_contains(&e, fx_m(&f, "Keyword"), "user", OBJ(u)), ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_object_any_fails_nul_nul
static void comparator_filter_scalar_object_any_fails_nul_nul(void)
{
	OPEN();
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_any(&e, fx_m(&f, "Keyword"), "user", CMP("User", "name", EQ, TXT("user2"))), ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_column_like
static void comparator_filter_scalar_column_like(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", LIKE, TXT("foo")),
	                    HAS("User", "singular", CMP("Singular", "value", LIKE, TXT("foo"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_column_contains
static void comparator_filter_scalar_column_contains(void)
{
	CHECK_SKIP("no string-containment operator (column.contains(), LIKE '%' || :x || '%'): assoc_expr_contains "
	           "on a proxy of a column is membership, and a scalar proxy refuses it");
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_column_eq
static void comparator_filter_scalar_column_eq(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", EQ, TXT("foo")),
	                    HAS("User", "singular", CMP("Singular", "value", EQ, TXT("foo"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_column_ne
static void comparator_filter_scalar_column_ne(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", NE, TXT("foo")),
	                    HAS("User", "singular", CMP("Singular", "value", NE, TXT("foo"))));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_scalar_column_eq_nul
static void comparator_filter_scalar_column_eq_nul(void)
{
	OPEN();
	l2_query_equivalent(&f, "User", CMP("User", "singular_value", EQ, NUL),
	                    l2_or(HAS("User", "singular", CMP("Singular", "value", EQ, NUL)),
	                          CMP("User", "singular", EQ, NUL)));
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_collection_has_fails_ul_nul
static void comparator_filter_collection_has_fails_ul_nul(void)
{
	OPEN();
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_has(&e, fx_m(&f, "User"), "keywords", CMP("Keyword", "keyword", EQ, TXT("quick"))),
	          ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_collection_eq_fails_ul_nul
static void comparator_filter_collection_eq_fails_ul_nul(void)
{
	OPEN();
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_compare(&e, fx_m(&f, "User"), "keywords", ASSOC_OP_EQ, OBJ(kw)), ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_filter_collection_ne_fails_ul_nul
static void comparator_filter_collection_ne_fails_ul_nul(void)
{
	OPEN();
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_compare(&e, fx_m(&f, "User"), "keywords", ASSOC_OP_NE, OBJ(kw)), ASSOC_ETYPE);
	CHECK(e == NULL);
	fx_close(&f);
}

#define JOINED_USERS                                                                                 \
	SELECT_USERS "JOIN userkeywords ON users.id = userkeywords.user_id JOIN keywords ON keywords.id = " \
	             "userkeywords.keyword_id"

// test/ext/test_associationproxy.py::ComparatorTest::test_join_separate_attr
static void comparator_join_separate_attr(void)
{
	OPEN();
	assoc_attr *p = NULL;
	CHECK_OK(assoc_mapper_attr(&p, fx_m(&f, "User"), "keywords"));
	assoc_attr *local = assoc_proxy_local_attr(p), *remote = assoc_proxy_remote_attr(p);
	CHECK(local && remote);
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_join(q, assoc_attr_mapper(local), assoc_attr_name(local)));
	CHECK_OK(assoc_query_join(q, assoc_attr_mapper(remote), assoc_attr_name(remote)));
	CHECK_STR(assoc_query_sql(q), JOINED_USERS);
	assoc_query_free(q);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_join_single_attr
static void comparator_join_single_attr(void)
{
	OPEN();
	/* User.keywords.attr is (local_attr, remote_attr); joining the proxy joins both */
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "keywords"));
	CHECK_STR(assoc_query_sql(q), JOINED_USERS);
	assoc_query_free(q);
	fx_close(&f);
}

// test/ext/test_associationproxy.py::ComparatorTest::test_aliased_class_one
static void comparator_aliased_class_one(void)
{
	/* the use_aliased=False variation; aliased() over a CTE has no C counterpart */
	OPEN();
	l2_query_equivalent(&f, "User", ANY("User", "keywords", NULL),
	                    ANY("User", "user_keywords", HAS("UserKeyword", "keyword", NULL)));
	/* select(User) prints its columns unlabelled, Query (as here) labels them: the WHERE is the test's */
	CHECK_STR(l2_sql(&f, "User", ANY("User", "keywords", NULL)),
	          SELECT_USERS "WHERE EXISTS (SELECT 1 FROM userkeywords WHERE users.id = userkeywords.user_id AND "
	                       "(EXISTS (SELECT 1 FROM keywords WHERE keywords.id = userkeywords.keyword_id)))");
	fx_close(&f);
}

static const check_test comparator_tests[] = {
	TEST(comparator_filter_any_criterion_ul_scalar),
	TEST(comparator_filter_any_kwarg_ul_nul),
	TEST(comparator_filter_has_kwarg_nul_nul),
	TEST(comparator_filter_has_kwarg_nul_ul),
	TEST(comparator_filter_any_criterion_ul_nul),
	TEST(comparator_filter_has_criterion_nul_nul),
	TEST(comparator_filter_any_criterion_nul_ul),
	TEST(comparator_filter_contains_ul_nul),
	TEST(comparator_filter_contains_nul_ul),
	TEST(comparator_filter_eq_nul_nul),
	TEST(comparator_filter_ne_nul_nul),
	TEST(comparator_filter_eq_null_nul_nul),
	TEST(comparator_filter_ne_null_nul_nul),
	TEST(comparator_filter_object_eq_None_nul),
	TEST(comparator_filter_column_eq_None_nul),
	TEST(comparator_filter_object_ne_value_nul),
	TEST(comparator_filter_column_ne_value_nul),
	TEST(comparator_filter_eq_value_nul),
	TEST(comparator_filter_ne_None_nul),
	TEST(comparator_has_nul),
	TEST(comparator_nothas_nul),
	TEST(comparator_filter_any_chained),
	TEST(comparator_filter_has_chained_has_to_any),
	TEST(comparator_filter_eq_chained_has_to_any),
	TEST(comparator_filter_contains_chained_any_to_has),
	TEST(comparator_filter_contains_chained_any_to_has_to_eq),
	TEST(comparator_has_criterion_nul),
	TEST(comparator_filter_scalar_object_contains_fails_nul_nul),
	TEST(comparator_filter_scalar_object_any_fails_nul_nul),
	TEST(comparator_filter_scalar_column_like),
	TEST(comparator_filter_scalar_column_contains),
	TEST(comparator_filter_scalar_column_eq),
	TEST(comparator_filter_scalar_column_ne),
	TEST(comparator_filter_scalar_column_eq_nul),
	TEST(comparator_filter_collection_has_fails_ul_nul),
	TEST(comparator_filter_collection_eq_fails_ul_nul),
	TEST(comparator_filter_collection_ne_fails_ul_nul),
	TEST(comparator_join_separate_attr),
	TEST(comparator_join_single_attr),
	TEST(comparator_aliased_class_one),
	{ NULL, NULL },
};

const check_part associationproxy_comparator_part = { "comparator", comparator_tests };
