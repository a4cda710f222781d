/*
 * test_query_proxy.c - querying with association proxies: the SQL of seeds
 * 001 compared exactly, the comparators of collection proxies (==, !=, LIKE,
 * NOT LIKE, IS NULL, contains, any) run on data, composite proxies, joins
 * along both hops, selectinload of a proxy, and misuse errors. Scalar
 * proxies and seed 003 are in test_query_proxy_scalar.c.
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

/*
 * Seed 001's querying model: User.user_keyword_associations -> UserKeywordAssociation
 * (user_keyword), .keyword -> Keyword; User.keywords and User.special_keys proxy
 * them; UserKeywordAssociation.kwname = proxy(keyword, keyword) and
 * User.kwnames = proxy(user_keyword_associations, kwname) compose two proxies.
 * jek: (cheese-inspector, 'jek'), (its_big, NULL); log: (jek, 'blammo-jek'),
 * (its_big, 'x'); ann: (snack-ninja, 'sk1'); nobody: none.
 */
static void open_seed001(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *user = fx_table_id(f->reg, "user");
	fx_col(user, "name", ASSOC_TYPE_TEXT);
	assoc_table *uk = fx_table(f->reg, "user_keyword");
	pk_fk(uk, "user_id", "user.id");
	pk_fk(uk, "keyword_id", "keyword.id");
	fx_col(uk, "special_key", ASSOC_TYPE_TEXT);
	assoc_table *kw = fx_table_id(f->reg, "keyword");
	fx_col(kw, "keyword", ASSOC_TYPE_TEXT);
	assoc_mapper *u = fx_mapper(f->reg, "User", "user");
	assoc_mapper *uka = fx_mapper(f->reg, "UserKeywordAssociation", "user_keyword");
	fx_mapper(f->reg, "Keyword", "keyword");
	fx_rel(u, "user_keyword_associations", "UserKeywordAssociation", NULL, "all, delete-orphan");
	fx_rel(uka, "keyword", "Keyword", NULL, NULL);
	proxy(u, "keywords", "user_keyword_associations", "keyword");
	proxy(u, "special_keys", "user_keyword_associations", "special_key");
	proxy(uka, "kwname", "keyword", "keyword");
	proxy(u, "kwnames", "user_keyword_associations", "kwname");
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO \"user\" (id, name) VALUES (1, 'jek'), (2, 'log'), (3, 'ann'), (4, 'nobody')"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO keyword (id, keyword) VALUES "
	                                   "(1, 'cheese-inspector'), (2, 'jek'), (3, 'snack-ninja'), (4, 'its_big')"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO user_keyword (user_id, keyword_id, special_key) VALUES "
	                                   "(1, 1, 'jek'), (1, 4, NULL), (2, 2, 'blammo-jek'), (2, 4, 'x'), (3, 3, 'sk1')"));
}

static char buf[1024];

/* The query's objects ordered by order, as attr values "a,b", into buf. */
static const char *names_by(assoc_query *q, const char *order, const char *attr)
{
	CHECK_OK(assoc_query_order_by(q, order, 0));
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		const char *n = fx_get_text(assoc_result_get(r, i), attr);
		if (i)
			strcat(buf, ",");
		strncat(buf, n ? n : "NULL", sizeof buf - strlen(buf) - 2);
	}
	assoc_result_free(r);
	return buf;
}

static const char *names_of(assoc_query *q, const char *attr) { return names_by(q, "id", attr); }

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

/* The names of select(User).where(e). */
static const char *users(fx *f, assoc_expr *e)
{
	assoc_query *q = where(f, "User", e);
	names_of(q, "name");
	assoc_query_free(q);
	return buf;
}

static assoc_expr *cmp(fx *f, const char *m, const char *attr, assoc_op op, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_compare(&e, fx_m(f, m), attr, op, v));
	return e;
}

static assoc_expr *any(fx *f, const char *m, const char *attr, assoc_expr *crit)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_any(&e, fx_m(f, m), attr, crit));
	return e;
}

static assoc_expr *contains(fx *f, const char *m, const char *attr, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_contains(&e, fx_m(f, m), attr, v));
	return e;
}

static int statements;
static void count_statements(void *ud, const char *sql, size_t n)
{
	(void)ud, (void)sql, (void)n;
	statements++;
}

#define SELECT_USER "SELECT \"user\".id AS user_id, \"user\".name AS user_name FROM \"user\" "
#define T(s) assoc_value_text(s)

static void test_seed001_sql(void)
{
	fx f;
	open_seed001(&f);
	CHECK_SQL(sql_of(&f, "User", cmp(&f, "User", "special_keys", ASSOC_OP_EQ, T("jek"))),
	          SELECT_USER "WHERE EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = user_keyword.user_id "
	                      "AND user_keyword.special_key = :special_key_1)");
	CHECK_SQL(sql_of(&f, "User", cmp(&f, "User", "special_keys", ASSOC_OP_LIKE, T("%jek"))),
	          SELECT_USER "WHERE EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = user_keyword.user_id "
	                      "AND user_keyword.special_key LIKE :special_key_1)");
	CHECK_SQL(sql_of(&f, "User", any(&f, "User", "keywords", cmp(&f, "Keyword", "keyword", ASSOC_OP_EQ, T("jek")))),
	          SELECT_USER "WHERE EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = user_keyword.user_id "
	                      "AND (EXISTS (SELECT 1 FROM keyword WHERE keyword.id = user_keyword.keyword_id "
	                      "AND keyword.keyword = :keyword_1)))");
	/* SQLAlchemy's IS NULL on a proxy also matches owners with no intermediary row */
	CHECK_SQL(sql_of(&f, "User", cmp(&f, "User", "special_keys", ASSOC_OP_IS_NULL, assoc_value_null())),
	          SELECT_USER "WHERE (EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = user_keyword.user_id "
	                      "AND user_keyword.special_key IS NULL)) OR NOT (EXISTS (SELECT 1 FROM user_keyword "
	                      "WHERE \"user\".id = user_keyword.user_id))");
	/* a composite proxy's contains: two levels of EXISTS, like any() */
	CHECK_SQL(sql_of(&f, "User", contains(&f, "User", "kwnames", T("jek"))),
	          SELECT_USER "WHERE EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = user_keyword.user_id "
	                      "AND (EXISTS (SELECT 1 FROM keyword WHERE keyword.id = user_keyword.keyword_id "
	                      "AND keyword.keyword = :keyword_1)))");
	fx_close(&f);
}

static void test_column_proxy_operators(void)
{
	fx f;
	open_seed001(&f);
	assoc_value none = assoc_value_null();
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_EQ, T("jek"))), "jek");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_LIKE, T("%jek"))), "jek,log");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_NOT_LIKE, T("%jek"))), "log,ann");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_NE, T("jek"))), "log,ann");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_GT, T("s"))), "log,ann");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_IS_NULL, none)), "jek,nobody");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_EQ, none)), "jek,nobody");
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_IS_NOT_NULL, none)), "jek,log,ann");
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_contains(&e, fx_m(&f, "User"), "special_keys", T("sk1")));
	CHECK_STR(users(&f, e), "ann");
	CHECK_STR(users(&f, any(&f, "User", "special_keys", NULL)), "jek,log,ann");
	CHECK_STR(users(&f, any(&f, "User", "special_keys", cmp(&f, "UserKeywordAssociation", "keyword_id", ASSOC_OP_EQ,
	                                                          assoc_value_integer(4)))), "jek,log");
	/* a value shaped like SQL is only ever a value */
	CHECK_STR(users(&f, cmp(&f, "User", "special_keys", ASSOC_OP_EQ, T("jek' OR '1'='1"))), "");
	fx_close(&f);
}

static void test_object_proxy_operators(void)
{
	fx f;
	open_seed001(&f);
	CHECK_STR(users(&f, any(&f, "User", "keywords", cmp(&f, "Keyword", "keyword", ASSOC_OP_EQ, T("jek")))), "log");
	CHECK_STR(users(&f, any(&f, "User", "keywords", cmp(&f, "Keyword", "keyword", ASSOC_OP_LIKE, T("%i%")))),
	          "jek,log,ann");
	CHECK_STR(users(&f, any(&f, "User", "keywords", NULL)), "jek,log,ann");
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_not(&e, any(&f, "User", "keywords", NULL)));
	CHECK_STR(users(&f, e), "nobody");
	/* contains an object: the association row points at it */
	assoc_object *big = NULL;
	assoc_value pk = assoc_value_integer(4);
	CHECK_OK(assoc_session_get(&big, f.s, fx_m(&f, "Keyword"), &pk, 1));
	CHECK_OK(assoc_expr_contains(&e, fx_m(&f, "User"), "keywords", assoc_value_object(big)));
	CHECK_SQL(sql_of(&f, "User", e), SELECT_USER "WHERE EXISTS (SELECT 1 FROM user_keyword WHERE \"user\".id = "
	                                             "user_keyword.user_id AND :param_1 = user_keyword.keyword_id)");
	CHECK_OK(assoc_expr_contains(&e, fx_m(&f, "User"), "keywords", assoc_value_object(big)));
	CHECK_STR(users(&f, e), "jek,log");
	/* the composite User.kwnames reads through UserKeywordAssociation.kwname */
	CHECK_OK(assoc_expr_contains(&e, fx_m(&f, "User"), "kwnames", T("snack-ninja")));
	CHECK_STR(users(&f, e), "ann");
	CHECK_STR(users(&f, any(&f, "User", "kwnames", cmp(&f, "Keyword", "keyword", ASSOC_OP_EQ, T("its_big")))), "jek,log");
	/* a scalar proxy of a column over a many-to-one */
	assoc_query *q = where(&f, "UserKeywordAssociation",
	                       cmp(&f, "UserKeywordAssociation", "kwname", ASSOC_OP_LIKE, T("%-%")));
	CHECK_STR(names_by(q, "user_id", "special_key"), "jek,sk1");
	assoc_query_free(q);
	fx_close(&f);
}

static void test_join_and_selectinload(void)
{
	fx f;
	open_seed001(&f);
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "keywords"));
	CHECK_OK(assoc_query_where(q, cmp(&f, "Keyword", "keyword", ASSOC_OP_LIKE, T("%s%"))));
	CHECK_SQL(assoc_query_sql(q), SELECT_USER "JOIN user_keyword ON \"user\".id = user_keyword.user_id JOIN keyword "
	                                          "ON keyword.id = user_keyword.keyword_id WHERE keyword.keyword LIKE :keyword_1");
	/* jek reaches two matching keywords, yet comes back once */
	CHECK_STR(names_of(q, "name"), "jek,log,ann");
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 3);
	assoc_query_free(q);
	/* a proxy of a column joins its one hop */
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "special_keys"));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "keywords")); /* the shared hop is not joined twice */
	CHECK_SQL(assoc_query_sql(q), SELECT_USER "JOIN user_keyword ON \"user\".id = user_keyword.user_id JOIN keyword "
	                                          "ON keyword.id = user_keyword.keyword_id");
	assoc_query_free(q);

	/* selectinload of a proxy loads both hops with the query */
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "User"), "keywords"));
	assoc_result *r = NULL;
	CHECK_OK(assoc_engine_set_trace(f.eng, count_statements, NULL));
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(statements, 3); /* users, their associations, the keywords */
	size_t total = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		assoc_collection *c = fx_coll(assoc_result_get(r, i), "user_keyword_associations");
		for (size_t k = 0; k < fx_len(c); k++)
			total += fx_get_obj(fx_at(c, k), "keyword") != NULL;
	}
	CHECK_INT(total, 5);
	CHECK_INT(statements, 3); /* nothing was left to load lazily */
	CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
	assoc_result_free(r);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_misuse(void)
{
	fx f;
	open_seed001(&f);
	assoc_mapper *u = fx_m(&f, "User");
	assoc_expr *e = (assoc_expr *)&e;
	CHECK_ERR(assoc_expr_compare(&e, u, "keywords", ASSOC_OP_EQ, T("jek")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.keywords is a collection proxy");
	CHECK(e == NULL);
	CHECK_ERR(assoc_expr_has(&e, u, "keywords", cmp(&f, "Keyword", "keyword", ASSOC_OP_EQ, T("x"))), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.keywords is a collection proxy: use any, not has");
	CHECK_ERR(assoc_expr_has(&e, u, "special_keys", NULL), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.special_keys");
	CHECK_ERR(assoc_expr_compare(&e, u, "special_keys", ASSOC_OP_EQ, assoc_value_integer(5)), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_contains(&e, u, "keywords", T("not an object")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("Keyword");
	CHECK_ERR(assoc_expr_any(&e, u, "nicknames", NULL), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nicknames");
	assoc_mapper *uka = fx_m(&f, "UserKeywordAssociation");
	CHECK_ERR(assoc_expr_any(&e, uka, "kwname", NULL), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("UserKeywordAssociation.kwname is a scalar proxy: use has, not any");
	CHECK_ERR(assoc_expr_has(&e, uka, "kwname", cmp(&f, "Keyword", "keyword", ASSOC_OP_EQ, T("x"))), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("UserKeywordAssociation.kwname proxies the column Keyword.keyword");
	CHECK_ERR(assoc_expr_contains(&e, uka, "kwname", T("x")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("scalar proxy");
	fx_close(&f);

	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_seed001_sql),
		TEST(test_column_proxy_operators),
		TEST(test_object_proxy_operators),
		TEST(test_join_and_selectinload),
		TEST(test_misuse),
	};
	return CHECK_RUN(tests, argc, argv);
}
