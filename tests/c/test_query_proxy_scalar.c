/*
 * test_query_proxy_scalar.c - querying with scalar association proxies: seed
 * 001's A.b (over a one-to-one, to an object) and a proxy of a proxy with ==,
 * !=, IS NULL and has, compared with SQLAlchemy's SQL; seed 003's SQL for a
 * scalar proxy and for contains over a many-to-many; misuse errors.
 */
#include <string.h>

#include "fixtures.h"

static void pk_fk(assoc_table *t, const char *name, const char *ref)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = ref;
	CHECK_OK(assoc_table_add_column(t, name, ASSOC_TYPE_INTEGER, &o));
}

static void proxy(assoc_mapper *m, const char *name, const char *target_collection, const char *attr)
{
	assoc_proxy_options o = ASSOC_PROXY_OPTIONS_INIT;
	o.target_collection = target_collection;
	o.attr = attr;
	CHECK_OK(assoc_mapper_add_proxy(m, name, &o));
}

static char buf[1024];

static assoc_query *where(fx *f, const char *mapper, assoc_expr *e)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	CHECK_OK(assoc_query_where(q, e));
	return q;
}

/* The SQL of select(mapper).where(e), into buf. */
static const char *sql_of(fx *f, const char *mapper, assoc_expr *e)
{
	assoc_query *q = where(f, mapper, e);
	CHECK(assoc_query_sql(q) != NULL);
	strncpy(buf, assoc_query_sql(q), sizeof buf - 1);
	assoc_query_free(q);
	return buf;
}

/* The names of select(User).where(e), ordered by id. */
static const char *users(fx *f, assoc_expr *e)
{
	assoc_query *q = where(f, "User", e);
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "",
		         fx_get_text(assoc_result_get(r, i), "name"));
	assoc_result_free(r);
	assoc_query_free(q);
	return buf;
}

static assoc_expr *cmp(fx *f, const char *m, const char *attr, assoc_op op, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_compare(&e, fx_m(f, m), attr, op, v));
	return e;
}

#define SELECT_USER "SELECT \"user\".id AS user_id, \"user\".name AS user_name FROM \"user\" "
#define T(s) assoc_value_text(s)

/* Seed 001's A.b: a scalar proxy over a one-to-one (A.ab) to an object (AB.b). */
static void open_ab(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_table_id(f->reg, "test_a");
	fx_col(fx_table_id(f->reg, "test_b"), "name", ASSOC_TYPE_TEXT);
	assoc_table *ab = fx_table(f->reg, "test_ab");
	pk_fk(ab, "a_id", "test_a.id");
	pk_fk(ab, "b_id", "test_b.id");
	assoc_mapper *a = fx_mapper(f->reg, "A", "test_a");
	fx_mapper(f->reg, "B", "test_b");
	assoc_mapper *abm = fx_mapper(f->reg, "AB", "test_ab");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "AB";
	r.uselist = 0;
	CHECK_OK(assoc_mapper_add_relationship(a, "ab", &r));
	fx_rel(abm, "b", "B", NULL, NULL);
	proxy(a, "b", "ab", "b");
	proxy(abm, "bname", "b", "name");
	proxy(a, "bname", "ab", "bname");
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO test_a (id) VALUES (1), (2), (3)"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO test_b (id, name) VALUES (1, 'x'), (2, 'y'), (3, 'z')"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO test_ab (a_id, b_id) VALUES (1, 1), (2, 2)"));
}

/* The ids of select(A).where(e), "1,2". */
static const char *as(fx *f, assoc_expr *e)
{
	assoc_query *q = where(f, "A", e);
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%lld", i ? "," : "",
		         (long long)fx_get_int(assoc_result_get(r, i), "id"));
	assoc_result_free(r);
	assoc_query_free(q);
	return buf;
}

#define SELECT_A "SELECT test_a.id AS test_a_id FROM test_a WHERE "
#define EXISTS_AB "EXISTS (SELECT 1 FROM test_ab WHERE test_a.id = test_ab.a_id"

static void test_scalar_proxies(void)
{
	fx f;
	open_ab(&f);
	assoc_object *b1 = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&b1, f.s, fx_m(&f, "B"), &pk, 1));
	assoc_value none = assoc_value_null(), vb1 = assoc_value_object(b1);
	CHECK_SQL(sql_of(&f, "A", cmp(&f, "A", "b", ASSOC_OP_EQ, vb1)), SELECT_A EXISTS_AB " AND :param_1 = test_ab.b_id)");
	CHECK_STR(as(&f, cmp(&f, "A", "b", ASSOC_OP_EQ, vb1)), "1");
	CHECK_SQL(sql_of(&f, "A", cmp(&f, "A", "b", ASSOC_OP_NE, vb1)),
	          SELECT_A EXISTS_AB " AND (test_ab.b_id != :b_id_1 OR test_ab.b_id IS NULL))");
	CHECK_STR(as(&f, cmp(&f, "A", "b", ASSOC_OP_NE, vb1)), "2");
	CHECK_SQL(sql_of(&f, "A", cmp(&f, "A", "b", ASSOC_OP_IS_NULL, none)),
	          SELECT_A "(" EXISTS_AB " AND test_ab.b_id IS NULL)) OR NOT (" EXISTS_AB "))");
	CHECK_STR(as(&f, cmp(&f, "A", "b", ASSOC_OP_EQ, none)), "3");
	CHECK_STR(as(&f, cmp(&f, "A", "b", ASSOC_OP_IS_NOT_NULL, none)), "1,2");
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_has(&e, fx_m(&f, "A"), "b", cmp(&f, "B", "name", ASSOC_OP_EQ, T("y"))));
	CHECK_SQL(sql_of(&f, "A", e), SELECT_A EXISTS_AB " AND (EXISTS (SELECT 1 FROM test_b WHERE test_b.id = "
	                                        "test_ab.b_id AND test_b.name = :name_1)))");
	CHECK_OK(assoc_expr_has(&e, fx_m(&f, "A"), "b", cmp(&f, "B", "name", ASSOC_OP_EQ, T("y"))));
	CHECK_STR(as(&f, e), "2");
	CHECK_OK(assoc_expr_has(&e, fx_m(&f, "A"), "b", NULL));
	CHECK_STR(as(&f, e), "1,2");
	/* A.bname proxies the proxy AB.bname */
	CHECK_STR(as(&f, cmp(&f, "A", "bname", ASSOC_OP_EQ, T("x"))), "1");
	CHECK_STR(as(&f, cmp(&f, "A", "bname", ASSOC_OP_LIKE, T("%y%"))), "2");
	CHECK_SQL(sql_of(&f, "A", cmp(&f, "A", "bname", ASSOC_OP_IS_NULL, none)),
	          SELECT_A "(" EXISTS_AB " AND ((EXISTS (SELECT 1 FROM test_b WHERE test_b.id = test_ab.b_id AND "
	                   "test_b.name IS NULL)) OR test_ab.b_id IS NULL))) OR NOT (" EXISTS_AB "))");
	CHECK_STR(as(&f, cmp(&f, "A", "bname", ASSOC_OP_IS_NULL, none)), "3");
	CHECK_OK(assoc_expr_has(&e, fx_m(&f, "A"), "bname", cmp(&f, "B", "name", ASSOC_OP_NE, T("x"))));
	CHECK_STR(as(&f, e), "2");
	/* a join along a proxy of a proxy takes every hop */
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "A")));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "A"), "bname"));
	CHECK_OK(assoc_query_where(q, cmp(&f, "B", "name", ASSOC_OP_EQ, T("y"))));
	CHECK_SQL(assoc_query_sql(q), "SELECT test_a.id AS test_a_id FROM test_a JOIN test_ab ON test_a.id = test_ab.a_id "
	                              "JOIN test_b ON test_b.id = test_ab.b_id WHERE test_b.name = :name_1");
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_one(&o, q));
	CHECK_INT(fx_get_int(o, "id"), 2);
	assoc_query_free(q);
	fx_close(&f);
}

/* Seed 003: a scalar proxy UserKeyword.keyword, and contains over a many-to-many. */
static void test_seed003_sql(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "user"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f.reg, "keyword"), "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uks = fx_table(f.reg, "userkeywords");
	pk_fk(uks, "user_id", "user.id");
	pk_fk(uks, "keyword_id", "keyword.id");
	assoc_table *uk = fx_table(f.reg, "user_keyword");
	pk_fk(uk, "user_id", "user.id");
	pk_fk(uk, "keyword_id", "keyword.id");
	fx_col(uk, "special_key", ASSOC_TYPE_TEXT);
	assoc_mapper *u = fx_mapper(f.reg, "User", "user");
	fx_mapper(f.reg, "Keyword", "keyword");
	assoc_mapper *ukm = fx_mapper(f.reg, "UserKeyword", "user_keyword");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "userkeywords";
	CHECK_OK(assoc_mapper_add_relationship(u, "kw", &r));
	proxy(u, "keywords", "kw", "keyword");
	fx_rel(ukm, "kw", "Keyword", NULL, NULL);
	proxy(ukm, "keyword", "kw", "keyword");
	fx_open(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO \"user\" VALUES (1, 'jek'), (2, 'log');"
	                                  "INSERT INTO keyword VALUES (1, 'cheese inspector'), (2, 'jek');"
	                                  "INSERT INTO userkeywords VALUES (1, 1), (2, 2), (2, 1);"
	                                  "INSERT INTO user_keyword VALUES (1, 1, 'a'), (2, 2, 'b')"));
	CHECK_SQL(sql_of(&f, "UserKeyword", cmp(&f, "UserKeyword", "keyword", ASSOC_OP_EQ, T("jek"))),
	          "SELECT user_keyword.user_id AS user_keyword_user_id, user_keyword.keyword_id AS user_keyword_keyword_id, "
	          "user_keyword.special_key AS user_keyword_special_key FROM user_keyword WHERE EXISTS (SELECT 1 FROM keyword "
	          "WHERE keyword.id = user_keyword.keyword_id AND keyword.keyword = :keyword_1)");
	assoc_query *q = where(&f, "UserKeyword", cmp(&f, "UserKeyword", "keyword", ASSOC_OP_EQ, T("jek")));
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_one(&o, q));
	CHECK_STR(fx_get_text(o, "special_key"), "b");
	assoc_query_free(q);
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_contains(&e, u, "keywords", T("jek")));
	CHECK_SQL(sql_of(&f, "User", e), SELECT_USER "WHERE EXISTS (SELECT 1 FROM userkeywords, keyword WHERE \"user\".id = "
	                                             "userkeywords.user_id AND keyword.id = userkeywords.keyword_id AND "
	                                             "keyword.keyword = :keyword_1)");
	CHECK_OK(assoc_expr_contains(&e, u, "keywords", T("jek")));
	CHECK_STR(users(&f, e), "log");
	CHECK_OK(assoc_expr_contains(&e, u, "keywords", T("cheese inspector")));
	CHECK_STR(users(&f, e), "jek,log");
	fx_close(&f);
}

static void test_misuse(void)
{
	fx f;
	assoc_expr *e = NULL;
	open_ab(&f);
	CHECK_ERR(assoc_expr_compare(&e, fx_m(&f, "A"), "b", ASSOC_OP_LIKE, T("x")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("A.b proxies the relationship AB.b");
	CHECK_ERR(assoc_expr_compare(&e, fx_m(&f, "A"), "b", ASSOC_OP_EQ, assoc_value_integer(1)), ASSOC_ETYPE);
	/* the join of a proxy whose first hop starts elsewhere */
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "B")));
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "A"), "b"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("A.ab");
	CHECK_ERR(assoc_query_where(q, cmp(&f, "A", "bname", ASSOC_OP_EQ, T("x"))), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("'A'");
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q)); /* unchanged and usable */
	CHECK_INT(n, 3);
	assoc_query_free(q);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_scalar_proxies),
		TEST(test_seed003_sql),
		TEST(test_misuse),
	};
	return CHECK_RUN(tests, argc, argv);
}
