/*
 * test_batch_loading.c - tactical batch loading (lazy=default): the first lazy
 * load of a relationship on an object loaded together with others loads it
 * for all of them in one statement, through both hops of a proxy; the same
 * results as lazy=select, which opts out; peers with unflushed changes keep
 * them; an allocation failing anywhere leaves every object loadable.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

static int selects;

static void count_selects(void *ud, const char *sql, size_t n)
{
	(void)ud, (void)n;
	selects += !strncmp(sql, "SELECT", 6);
}

/*
 * users(id, name); keywords(id, keyword); user_keywords(user_id, keyword_id, special)
 * as UserKeyword; User.user_keywords (one-to-many, back_populates user) and
 * UserKeyword.keyword (many-to-one) with the given lazy; User.keywords proxies
 * (user_keywords, keyword.keyword) as a list of TEXT... read as keyword objects here.
 * Users u1..u4: u1 k1,k2; u2 k2,k3; u3 none; u4 k4.
 */
static void open_model(fx *f, assoc_lazy lazy)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_col(fx_table_id(f->reg, "users"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f->reg, "keywords"), "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = fx_table(f->reg, "user_keywords");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(uk, "user_id", ASSOC_TYPE_INTEGER, &o));
	o.foreign_key = "keywords.id";
	CHECK_OK(assoc_table_add_column(uk, "keyword_id", ASSOC_TYPE_INTEGER, &o));
	fx_col(uk, "special", ASSOC_TYPE_TEXT);
	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	assoc_mapper *ukm = fx_mapper(f->reg, "UserKeyword", "user_keywords");
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "UserKeyword";
	r.back_populates = "user";
	r.cascade = "all, delete-orphan";
	r.order_by = "keyword_id";
	r.lazy = lazy;
	CHECK_OK(assoc_mapper_add_relationship(user, "user_keywords", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.back_populates = "user_keywords";
	CHECK_OK(assoc_mapper_add_relationship(ukm, "user", &r));
	r.target = "Keyword";
	r.back_populates = NULL;
	r.lazy = lazy;
	CHECK_OK(assoc_mapper_add_relationship(ukm, "keyword", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "user_keywords";
	p.attr = "keyword";
	CHECK_OK(assoc_mapper_add_proxy(user, "keyword_objects", &p));
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng,
		"INSERT INTO users (id, name) VALUES (1, 'u1'), (2, 'u2'), (3, 'u3'), (4, 'u4');"
		"INSERT INTO keywords (id, keyword) VALUES (1, 'k1'), (2, 'k2'), (3, 'k3'), (4, 'k4');"
		"INSERT INTO user_keywords (user_id, keyword_id) VALUES (1, 1), (1, 2), (2, 2), (2, 3), (4, 4)"));
	CHECK_OK(assoc_engine_set_trace(f->eng, count_selects, NULL));
}

static assoc_result *all_users(fx *f)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "User")));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	assoc_query_free(q);
	return r;
}

static char text[256];

/* "k1,k2" for the user's keywords read through both hops. */
static const char *keywords_of(assoc_object *u)
{
	assoc_collection *c = fx_coll(u, "user_keywords");
	text[0] = 0;
	for (size_t i = 0; i < fx_len(c); i++) {
		assoc_object *k = fx_get_obj(fx_at(c, i), "keyword");
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? "," : "",
		         k ? fx_get_text(k, "keyword") : "-");
	}
	return text;
}

static const char *const expected[4] = { "k1,k2", "k2,k3", "", "k4" };

/* Both hops for every user: one statement each, whichever user is read first. */
static void test_two_hops_in_one_statement_each(void)
{
	for (int first = 0; first < 4; first++) {
		fx f;
		open_model(&f, ASSOC_LAZY_DEFAULT);
		assoc_result *r = all_users(&f);
		CHECK_INT(assoc_result_count(r), 4);
		selects = 0;
		CHECK_STR(keywords_of(assoc_result_get(r, (size_t)first)), expected[first]);
		CHECK_INT(selects, first == 2 ? 1 : 2); /* u3 has no associations: no second hop yet */
		for (size_t i = 0; i < 4; i++)
			CHECK_STR(keywords_of(assoc_result_get(r, i)), expected[i]);
		CHECK_INT(selects, 2);
		assoc_result_free(r);
		fx_close(&f);
	}
}

/* lazy=select opts out: one statement per object, the same results. */
static void test_lazy_select_loads_one_by_one(void)
{
	fx f;
	open_model(&f, ASSOC_LAZY_SELECT);
	assoc_result *r = all_users(&f);
	selects = 0;
	for (size_t i = 0; i < 4; i++)
		CHECK_STR(keywords_of(assoc_result_get(r, i)), expected[i]);
	CHECK_INT(selects, 4 + 4); /* each user's associations, then each distinct keyword once */
	assoc_result_free(r);
	fx_close(&f);
}

/* One object from get(): nothing to batch with. */
static void test_single_object_loads_alone(void)
{
	fx f;
	open_model(&f, ASSOC_LAZY_DEFAULT);
	assoc_value pk = assoc_value_integer(2);
	assoc_object *u = NULL, *other = NULL;
	CHECK_OK(assoc_session_get(&u, f.s, fx_m(&f, "User"), &pk, 1));
	pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&other, f.s, fx_m(&f, "User"), &pk, 1));
	selects = 0;
	CHECK_STR(keywords_of(u), "k2,k3");
	CHECK_INT(selects, 2); /* u2's associations, then both keywords in one (they were loaded together) */
	CHECK_STR(keywords_of(other), "k1,k2");
	CHECK_INT(selects, 4);
	fx_close(&f);
}

/* A peer's unflushed changes survive the batch; a peer whose key changed loads alone. */
static void test_peers_keep_their_changes(void)
{
	fx f;
	open_model(&f, ASSOC_LAZY_DEFAULT);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0;
	assoc_session_free(f.s);
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	assoc_result *r = all_users(&f);
	assoc_object *u1 = assoc_result_get(r, 0), *u3 = assoc_result_get(r, 2);
	CHECK_OK(assoc_session_expunge(f.s, assoc_result_get(r, 3))); /* u4 leaves the session */
	/* u3 gets a new association, with its collection not loaded yet (through the backref) */
	assoc_object *k4 = NULL;
	assoc_value pk = assoc_value_integer(4);
	CHECK_OK(assoc_session_get(&k4, f.s, fx_m(&f, "Keyword"), &pk, 1));
	assoc_object *a = fx_new(&f, "UserKeyword");
	fx_set_obj(a, "keyword", k4);
	fx_set_obj(a, "user", u3);
	CHECK_OK(assoc_session_add(f.s, a)); /* no cascade along the backref (SQLAlchemy 2.0) */
	selects = 0;
	CHECK_STR(keywords_of(u1), "k1,k2");
	CHECK_INT(selects, 2);
	CHECK_STR(keywords_of(u3), "k4"); /* the pending one, merged into the batch's empty load */
	CHECK_STR(keywords_of(assoc_result_get(r, 1)), "k2,k3");
	CHECK_INT(selects, 2);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM user_keywords WHERE user_id = 3 AND keyword_id = 4"), 1);
	/* after the commit everything is expired: reading again batches again, and the
	 * expired keywords loaded together reload together (k4, from get(), alone) */
	selects = 0;
	for (size_t i = 0; i < 3; i++)
		CHECK_STR(keywords_of(assoc_result_get(r, i)), i == 2 ? "k4" : expected[i]);
	CHECK_INT(selects, 3);
	assoc_result_free(r);
	fx_close(&f);
}

/* With allocation N failing during the first read: an error or the right answer, and then the right answer. */
static void test_allocation_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		open_model(&f, ASSOC_LAZY_DEFAULT);
		assoc_result *r = all_users(&f);
		assoc_collection *c = NULL;
		fx_fail_arm(n);
		int rc = assoc_object_collection(&c, assoc_result_get(r, 0), "user_keywords");
		size_t len = 0;
		if (!rc)
			rc = assoc_collection_len(&len, c);
		if (!fx_fail_disarm()) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
		}
		for (size_t i = 0; i < 4; i++)
			CHECK_STR(keywords_of(assoc_result_get(r, i)), expected[i]);
		assoc_result_free(r);
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_two_hops_in_one_statement_each),
		TEST(test_lazy_select_loads_one_by_one),
		TEST(test_single_object_loads_alone),
		TEST(test_peers_keep_their_changes),
		TEST(test_allocation_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
