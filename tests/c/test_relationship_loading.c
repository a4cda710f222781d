/*
 * test_relationship_loading.c - lazy loading after commit and in new sessions,
 * loader strategies, de-association without delete-orphan, and
 * passive_updates when a TEXT primary key changes (seed 004).
 */
#include <string.h>

#include "fixtures.h"

static int selects;

static void count_selects(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	(void)nparams;
	if (fx_icontains(sql, "SELECT") && !fx_icontains(sql, "SAVEPOINT"))
		selects++;
}

/* users/addresses, with lazy strategies for User.addresses and Address.user. */
static void open_lazy(fx *f, assoc_lazy addresses_lazy, assoc_lazy user_lazy)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *u = fx_table_id(f->reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *a = fx_table_id(f->reg, "addresses");
	fx_col(a, "email", ASSOC_TYPE_TEXT);
	fx_fk(a, "user_id", "users.id");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Address";
	r.back_populates = "user";
	r.lazy = addresses_lazy;
	r.order_by = "email";
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "User", "users"), "addresses", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.back_populates = "addresses";
	r.lazy = user_lazy;
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "Address", "addresses"), "user", &r));
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO addresses (id, email, user_id) VALUES "
	                                   "(1, 'ann1', 1), (2, 'ann2', 1), (3, 'bob1', 2)"));
	fx_sync_ids(f->eng, "users");
	fx_sync_ids(f->eng, "addresses");
}

static assoc_object *get(fx *f, const char *mapper, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	CHECK(o != NULL);
	return o;
}

/* expire_on_commit: the next access reloads, and sees rows written meanwhile. */
static void test_lazy_load_after_commit(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECT, ASSOC_LAZY_SELECT);
	assoc_object *u = get(&f, "User", 1);
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_INT(fx_len(c), 2);
	fx_append(c, fx_add(&f, "Address", "email", "ann3"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO addresses (email, user_id) VALUES ('ann4', 1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'ANN' WHERE id = 1"));
	CHECK_STR(fx_get_text(u, "name"), "ANN");
	/* the same collection handle, reloaded on use */
	CHECK_INT(fx_len(c), 4);
	CHECK_STR(fx_get_text(fx_at(c, 3), "email"), "ann4");
	fx_close(&f);
}

/* In a new session nothing is loaded until used, and loaded only once. */
static void test_lazy_load_in_new_session(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECT, ASSOC_LAZY_SELECT);
	CHECK_OK(assoc_engine_set_trace(f.eng, count_selects, NULL));
	selects = 0;
	assoc_object *u = get(&f, "User", 1);
	CHECK_STR(fx_get_text(u, "name"), "ann");
	int after_get = selects;
	CHECK(after_get >= 1);
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_INT(fx_len(c), 2);
	int after_load = selects;
	CHECK(after_load > after_get);
	assoc_object *a = fx_at(c, 0);
	CHECK_STR(fx_get_text(a, "email"), "ann1");
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
	CHECK_INT(selects, after_load);
	CHECK(fx_get_obj(a, "user") == u); /* the identity map's handle */
	CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
	fx_close(&f);
}

static void test_noload_and_raise(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_NOLOAD, ASSOC_LAZY_RAISE);
	assoc_object *u = get(&f, "User", 1);
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 0);
	assoc_object *a = get(&f, "Address", 3);
	assoc_value v;
	CHECK_ERR(assoc_object_get(a, "user", &v), ASSOC_ESTATE);
	CHECK_MSG_CONTAINS("user");
	fx_close(&f);
}

/* selectin loads the collections of every object a query returns, at once. */
static void test_selectin(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECTIN, ASSOC_LAZY_SELECT);
	CHECK_OK(assoc_engine_set_trace(f.eng, count_selects, NULL));
	selects = 0;
	assoc_query *q = NULL;
	assoc_result *res = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_all(&res, q));
	CHECK_INT(assoc_result_count(res), 3);
	int after_query = selects;
	CHECK_INT(fx_len(fx_coll(assoc_result_get(res, 0), "addresses")), 2);
	CHECK_INT(fx_len(fx_coll(assoc_result_get(res, 1), "addresses")), 1);
	CHECK_INT(fx_len(fx_coll(assoc_result_get(res, 2), "addresses")), 0);
	CHECK_INT(selects, after_query);
	CHECK_STR(fx_get_text(fx_at(fx_coll(assoc_result_get(res, 1), "addresses"), 0), "email"), "bob1");
	CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
	assoc_result_free(res);
	assoc_query_free(q);
	fx_close(&f);
}

/* More owners than one IN list holds: the children come in one statement that
 * joins the query's own criteria; filters still apply and orders still hold. */
static void test_selectin_many_owners(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECTIN, ASSOC_LAZY_SELECT);
	/* 1200 more users (ids 4..1203), user k with k % 3 addresses, e-mails in reverse order */
	CHECK_OK(assoc_engine_exec(f.eng, "WITH RECURSIVE n(k) AS (SELECT 4 UNION ALL SELECT k + 1 FROM n WHERE k < 1203) "
	                                  "INSERT INTO users (id, name) SELECT k, CASE WHEN k % 2 = 1 THEN 'odd' ELSE 'even' END FROM n"));
	CHECK_OK(assoc_engine_exec(f.eng, "WITH RECURSIVE n(k, j) AS (SELECT 4, 1 UNION ALL SELECT CASE WHEN j >= 2 THEN k + 1 ELSE k END, "
	                                  "CASE WHEN j >= 2 THEN 1 ELSE j + 1 END FROM n WHERE k < 1203) "
	                                  "INSERT INTO addresses (email, user_id) SELECT 'u' || k || '-' || (9 - j), k FROM n WHERE j <= k % 3"));
	for (int filtered = 0; filtered < 2; filtered++) {
		assoc_query *q = NULL;
		assoc_result *res = NULL;
		CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
		if (filtered)
			CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text("odd")));
		CHECK_OK(assoc_engine_set_trace(f.eng, count_selects, NULL));
		selects = 0;
		CHECK_OK(assoc_query_all(&res, q));
		CHECK_INT(selects, 2); /* the users, then every address at once */
		CHECK_INT(assoc_result_count(res), filtered ? 600 : 1203);
		int64_t total = 0;
		for (size_t i = 0; i < assoc_result_count(res); i++) {
			assoc_object *u = assoc_result_get(res, i);
			int64_t id = fx_get_int(u, "id");
			assoc_collection *c = fx_coll(u, "addresses");
			size_t n = fx_len(c);
			if (id >= 4) {
				CHECK_INT(n, id % 3);
				if (n == 2) /* order_by email */
					CHECK(strcmp(fx_get_text(fx_at(c, 0), "email"), fx_get_text(fx_at(c, 1), "email")) < 0);
			}
			total += (int64_t)n;
		}
		CHECK_INT(selects, 2);
		CHECK_INT(total, filtered ? 600 : 1203); /* ids 4..1203: 400 * (0+1+2), plus ann's 2 and bob's 1 */
		CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
		assoc_result_free(res);
		assoc_query_free(q);
		fx_new_session(&f);
	}
	fx_close(&f);
}

static void test_expire_on_commit_off(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECT, ASSOC_LAZY_SELECT);
	assoc_session_free(f.s);
	f.s = NULL;
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.expire_on_commit = 0;
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, &so));
	assoc_object *u = get(&f, "User", 1);
	CHECK_STR(fx_get_text(u, "name"), "ann");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE users SET name = 'changed' WHERE id = 1"));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	CHECK_OK(assoc_session_expire(f.s, u));
	CHECK_STR(fx_get_text(u, "name"), "changed");
	fx_close(&f);
}

/* Without delete-orphan, a child removed from a one-to-many keeps its row
 * and loses its foreign key. */
static void test_remove_sets_foreign_key_null(void)
{
	fx f;
	open_lazy(&f, ASSOC_LAZY_SELECT, ASSOC_LAZY_SELECT);
	assoc_object *u = get(&f, "User", 1);
	assoc_collection *c = fx_coll(u, "addresses");
	assoc_object *a = fx_at(c, 0);
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(a)));
	CHECK(fx_get_obj(a, "user") == NULL);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 3);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE id = 1 AND user_id IS NULL"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 1);
	CHECK(fx_is_null(a, "user_id"));
	CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_PERSISTENT);
	fx_close(&f);
}

/* Seed 004: users keyed by TEXT name; addresses keyed by email reference it. */
static void open_seed_004(fx *f, int passive_updates)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *u = fx_table(f->reg, "users");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(u, "name", ASSOC_TYPE_TEXT, &o));
	fx_col(u, "fullname", ASSOC_TYPE_TEXT);
	assoc_table *a = fx_table(f->reg, "addresses");
	CHECK_OK(assoc_table_add_column(a, "email", ASSOC_TYPE_TEXT, &o));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "users.name";
	if (passive_updates)
		o.on_update = ASSOC_FK_CASCADE; /* the database follows the key */
	CHECK_OK(assoc_table_add_column(a, "username", ASSOC_TYPE_INFER, &o));
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Address";
	r.back_populates = "user";
	r.passive_updates = passive_updates;
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "User", "users"), "addresses", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.back_populates = "addresses";
	r.passive_updates = passive_updates;
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "Address", "addresses"), "user", &r));
	fx_open(f);

	assoc_object *jack = fx_add(f, "User", "name", "jack");
	fx_set_text(jack, "fullname", "Jack Jones");
	assoc_collection *c = fx_coll(jack, "addresses");
	fx_append(c, fx_add(f, "Address", "email", "jack@home"));
	fx_append(c, fx_add(f, "Address", "email", "jack@office"));
	CHECK_OK(assoc_session_commit(f->s));
	CHECK_INT(fx_sql_int(f->eng, "SELECT count(*) FROM addresses WHERE username = 'jack'"), 2);
	fx_new_session(f);
}

static assoc_object *get_text(fx *f, const char *mapper, const char *key)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_text(key);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	return o;
}

static void check_renamed(fx *f, assoc_object *ed, assoc_object *home)
{
	CHECK_INT(fx_sql_int(f->eng, "SELECT count(*) FROM users WHERE name = 'jack'"), 0);
	CHECK_INT(fx_sql_int(f->eng, "SELECT count(*) FROM addresses WHERE username = 'ed'"), 2);
	CHECK_STR(fx_get_text(home, "username"), "ed");
	CHECK(fx_get_obj(home, "user") == ed);
	CHECK(get_text(f, "User", "ed") == ed);
	CHECK(get_text(f, "User", "jack") == NULL);
	assoc_collection *c = fx_coll(ed, "addresses");
	CHECK_INT(fx_len(c), 2);
	CHECK(fx_contains(c, home));
}

static void test_passive_updates_true(void)
{
	fx f;
	open_seed_004(&f, 1);
	assoc_object *jack = get_text(&f, "User", "jack");
	assoc_object *home = get_text(&f, "Address", "jack@home");
	CHECK(jack != NULL && home != NULL);
	CHECK_STR(fx_get_text(home, "username"), "jack");
	fx_set_text(jack, "name", "ed");
	CHECK_OK(assoc_session_commit(f.s));
	check_renamed(&f, jack, home);
	fx_close(&f);
}

static void test_passive_updates_false(void)
{
	fx f;
	open_seed_004(&f, 0);
	assoc_object *jack = get_text(&f, "User", "jack");
	assoc_object *home = get_text(&f, "Address", "jack@home");
	CHECK(jack != NULL && home != NULL);
	CHECK_STR(fx_get_text(home, "username"), "jack");
	/* jack's addresses collection is not loaded: the session loads what it must */
	fx_set_text(jack, "name", "ed");
	CHECK_OK(assoc_session_flush(f.s));
	/* the session updated the loaded address in memory too */
	CHECK_STR(fx_get_text(home, "username"), "ed");
	CHECK_OK(assoc_session_commit(f.s));
	check_renamed(&f, jack, home);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_lazy_load_after_commit),
		TEST(test_lazy_load_in_new_session),
		TEST(test_noload_and_raise),
		TEST(test_selectin),
		TEST(test_selectin_many_owners),
		TEST(test_expire_on_commit_off),
		TEST(test_remove_sets_foreign_key_null),
		TEST(test_passive_updates_true),
		TEST(test_passive_updates_false),
	};
	return CHECK_RUN(tests, argc, argv);
}
