/*
 * test_proxy_loading.c - reading every user's proxied keywords takes the same
 * number of statements whatever the number of users, through a selectin
 * relationship or a query's selectinload of the proxy.
 */
#include <string.h>

#include "fixtures.h"

static int statements;

static void count_statements(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	(void)nparams;
	if (!strncmp(sql, "SELECT", 6))
		statements++;
}

/* users, keywords, user_keywords; User.kw (many-to-many), User.keywords = proxy(kw, keyword). */
static void open_model(fx *f, assoc_lazy lazy, int n)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_col(fx_table_id(f->reg, "users"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f->reg, "keywords"), "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = fx_table(f->reg, "user_keywords");
	fx_fk(uk, "user_id", "users.id");
	fx_fk(uk, "keyword_id", "keywords.id");
	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_keywords";
	r.lazy = lazy;
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	assoc_proxy_options po = ASSOC_PROXY_OPTIONS_INIT;
	po.target_collection = "kw";
	po.attr = "keyword";
	CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &po));
	fx_open(f);
	char sql[400];
	snprintf(sql, sizeof sql, "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < %d) "
	                          "INSERT INTO users (id, name) SELECT k, 'u' || k FROM n", n);
	CHECK_OK(assoc_engine_exec(f->eng, sql));
	snprintf(sql, sizeof sql, "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < %d) "
	                          "INSERT INTO keywords (id, keyword) SELECT k, 'kw' || k FROM n", 3 * n);
	CHECK_OK(assoc_engine_exec(f->eng, sql));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO user_keywords (user_id, keyword_id) "
	                                   "SELECT (id + 2) / 3, id FROM keywords"));
}

/* Statements run to read every user's proxied keywords; checks the strings. */
static int read_all(fx *f, int selectinload)
{
	assoc_query *q = NULL;
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "User")));
	if (selectinload)
		CHECK_OK(assoc_query_selectinload(q, fx_m(f, "User"), "keywords"));
	CHECK_OK(assoc_engine_set_trace(f->eng, count_statements, NULL));
	statements = 0;
	CHECK_OK(assoc_query_all(&r, q));
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		assoc_object *u = assoc_result_get(r, i);
		int64_t id = fx_get_int(u, "id");
		assoc_collection *c = fx_coll(u, "keywords");
		CHECK_INT(fx_len(c), 3);
		for (size_t k = 0; k < 3; k++) { /* each of this user's keywords, in any order */
			char want[32];
			snprintf(want, sizeof want, "kw%lld", (long long)(3 * (id - 1) + 1 + (int64_t)k));
			int found = 0;
			for (size_t j = 0; j < 3 && !found; j++) {
				assoc_value w;
				CHECK_OK(assoc_collection_get(&w, c, j));
				found = w.kind == ASSOC_TEXT && !strcmp(w.u.bytes.data, want);
			}
			CHECK(found);
		}
	}
	CHECK_OK(assoc_engine_set_trace(f->eng, NULL, NULL));
	assoc_result_free(r);
	assoc_query_free(q);
	return statements;
}

static void test_fixed_statements_selectin_relationship(void)
{
	int counts[2];
	static const int sizes[2] = { 5, 1500 };
	for (int i = 0; i < 2; i++) {
		fx f;
		open_model(&f, ASSOC_LAZY_SELECTIN, sizes[i]);
		counts[i] = read_all(&f, 0);
		fx_close(&f);
	}
	CHECK_INT(counts[0], 2); /* the users, then every keyword through the association table */
	CHECK_INT(counts[1], counts[0]);
}

static void test_fixed_statements_selectinload_of_proxy(void)
{
	int counts[2];
	static const int sizes[2] = { 5, 1500 };
	for (int i = 0; i < 2; i++) {
		fx f;
		open_model(&f, ASSOC_LAZY_SELECT, sizes[i]);
		counts[i] = read_all(&f, 1);
		fx_close(&f);
	}
	CHECK_INT(counts[0], 2);
	CHECK_INT(counts[1], counts[0]);
}

/* Without eager loading, each user's keywords are one statement more: the contrast. */
static void test_lazy_grows_with_users(void)
{
	fx f;
	open_model(&f, ASSOC_LAZY_SELECT, 40);
	CHECK_INT(read_all(&f, 0), 41);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_fixed_statements_selectin_relationship),
		TEST(test_fixed_statements_selectinload_of_proxy),
		TEST(test_lazy_grows_with_users),
	};
	return CHECK_RUN(tests, argc, argv);
}
