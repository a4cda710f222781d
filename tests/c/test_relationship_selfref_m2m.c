/*
 * test_relationship_selfref_m2m.c - a self-referential many-to-many: users
 * following users through one association table, follows(follower_id,
 * followed_id), with User.following (secondary_owner_keys follower_id,
 * secondary_target_keys followed_id) and its backref User.followers. Loading
 * each way, the rows written once from both sides, delete, queries, a proxy
 * across it, and the configure errors of the new options.
 */
#include "check.h"
#include "fixtures.h"

#include <stdlib.h>
#include <string.h>

enum { NO_KEYS = 1, BAD_OWNER = 2, SAME_FK = 4, BACK_POPULATES_SAME = 8, PROXY = 16 };

static int statements;

static void count_statements(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	(void)nparams;
	(void)sql;
	statements++;
}

static int build(fx *f, int how, assoc_lazy lazy)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "users");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	assoc_table *s = fx_table(f->reg, "follows");
	assoc_column_options pk = ASSOC_COLUMN_OPTIONS_INIT;
	pk.primary_key = 1;
	pk.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(s, "follower_id", ASSOC_TYPE_INFER, &pk));
	CHECK_OK(assoc_table_add_column(s, "followed_id", ASSOC_TYPE_INFER, &pk));
	assoc_mapper *m = fx_mapper(f->reg, "User", "users");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "User";
	o.secondary = "follows";
	o.lazy = lazy;
	o.order_by = "name";
	if (!(how & NO_KEYS)) {
		o.secondary_owner_keys = how & BAD_OWNER ? "nosuch" : "follower_id";
		o.secondary_target_keys = how & SAME_FK ? "follows.follower_id" : "followed_id";
	}
	if (how & BACK_POPULATES_SAME) {
		o.back_populates = "followers";
		CHECK_OK(assoc_mapper_add_relationship(m, "following", &o));
		o.back_populates = "following"; /* the same columns, not swapped */
		CHECK_OK(assoc_mapper_add_relationship(m, "followers", &o));
	} else {
		assoc_relationship_options b = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		b.lazy = lazy;
		b.order_by = "name";
		o.backref = "followers";
		o.backref_options = &b;
		CHECK_OK(assoc_mapper_add_relationship(m, "following", &o));
	}
	if (how & PROXY) {
		assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
		p.target_collection = "following";
		p.attr = "name";
		CHECK_OK(assoc_mapper_add_proxy(m, "following_names", &p));
	}
	int rc = assoc_registry_configure(f->reg);
	if (rc)
		return rc;
	CHECK_OK(assoc_engine_open(&f->eng, "sqlite://"));
	CHECK_OK(assoc_engine_create_all(f->eng, f->reg));
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, NULL));
	return 0;
}

static void open_users(fx *f, int how, assoc_lazy lazy) { CHECK_OK(build(f, how, lazy)); }

static assoc_object *user(fx *f, const char *name) { return fx_add(f, "User", "name", name); }

static const char *names(assoc_collection *c)
{
	static char buf[256];
	buf[0] = 0;
	for (size_t i = 0; i < fx_len(c); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", fx_get_text(fx_at(c, i), "name"));
	return buf;
}

static const char *follows_rows(fx *f)
{
	return fx_sql_text(f->eng, "SELECT group_concat(p, ' ') FROM (SELECT a.name || '>' || b.name AS p FROM follows "
	                           "JOIN users a ON a.id = follower_id JOIN users b ON b.id = followed_id ORDER BY 1)");
}

/* ann follows bob and cid; bob follows cid; cid follows ann (a cycle of rows, fine through a secondary). */
static void seed(fx *f)
{
	assoc_object *ann = user(f, "ann"), *bob = user(f, "bob"), *cid = user(f, "cid");
	fx_append(fx_coll(ann, "following"), bob);
	fx_append(fx_coll(ann, "following"), cid);
	fx_append(fx_coll(bob, "following"), cid);
	fx_append(fx_coll(cid, "following"), ann);
	CHECK_STR(names(fx_coll(cid, "followers")), "ann,bob"); /* the backref, in memory */
	CHECK_OK(assoc_session_commit(f->s));
	CHECK_STR(follows_rows(f), "ann>bob ann>cid bob>cid cid>ann");
}

static assoc_object *by_name(fx *f, const char *name)
{
	assoc_query *q;
	assoc_object *o;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "User")));
	CHECK_OK(assoc_query_filter_by(q, "name", assoc_value_text(name)));
	CHECK_OK(assoc_query_first(&o, q));
	assoc_query_free(q);
	CHECK(o != NULL);
	return o;
}

static void check_loaded(fx *f)
{
	fx_new_session(f);
	assoc_object *ann = by_name(f, "ann"), *cid = by_name(f, "cid");
	CHECK_STR(names(fx_coll(ann, "following")), "bob,cid");
	CHECK_STR(names(fx_coll(ann, "followers")), "cid");
	CHECK_STR(names(fx_coll(cid, "followers")), "ann,bob");
	CHECK_STR(names(fx_coll(cid, "following")), "ann");
}

static void test_lazy_load_both_ways(void)
{
	fx f;
	open_users(&f, 0, ASSOC_LAZY_SELECT);
	seed(&f);
	check_loaded(&f);
	fx_close(&f);
}

static void test_selectin_and_joined(void)
{
	assoc_lazy lazies[2] = { ASSOC_LAZY_SELECTIN, ASSOC_LAZY_JOINED };
	for (int i = 0; i < 2; i++) {
		fx f;
		open_users(&f, 0, lazies[i]);
		seed(&f);
		fx_new_session(&f);
		assoc_query *q;
		assoc_result *res;
		CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
		CHECK_OK(assoc_query_order_by(q, "name", 0));
		CHECK_OK(assoc_query_all(&res, q));
		CHECK_INT(assoc_result_count(res), 3);
		/* loaded with the query: no statement on access */
		statements = 0;
		CHECK_OK(assoc_engine_set_trace(f.eng, count_statements, NULL));
		CHECK_STR(names(fx_coll(assoc_result_get(res, 0), "following")), "bob,cid");
		CHECK_STR(names(fx_coll(assoc_result_get(res, 2), "followers")), "ann,bob");
		CHECK_INT(statements, 0);
		CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
		assoc_result_free(res);
		assoc_query_free(q);
		fx_close(&f);
	}
}

/* Removing from one side deletes the one row; the backref's collection follows in memory. */
static void test_remove_and_readd(void)
{
	fx f;
	open_users(&f, 0, ASSOC_LAZY_SELECT);
	seed(&f);
	fx_new_session(&f);
	assoc_object *ann = by_name(&f, "ann"), *cid = by_name(&f, "cid"), *bob = by_name(&f, "bob");
	CHECK_OK(assoc_collection_remove(fx_coll(cid, "followers"), assoc_value_object(ann)));
	CHECK(!fx_contains(fx_coll(ann, "following"), cid));
	fx_append(fx_coll(bob, "followers"), cid); /* cid follows bob, written from the backref's side */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(follows_rows(&f), "ann>bob bob>cid cid>ann cid>bob");
	fx_close(&f);
}

/* Deleting a user deletes its rows on both sides of follows, before its own row. */
static void test_delete_removes_rows_both_ways(void)
{
	fx f;
	open_users(&f, 0, ASSOC_LAZY_SELECT);
	seed(&f);
	fx_new_session(&f);
	CHECK_OK(assoc_session_delete(f.s, by_name(&f, "cid")));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(follows_rows(&f), "ann>bob");
	CHECK_INT(fx_count(f.eng, "users"), 2);
	fx_close(&f);
}

static const char *query_names(fx *f, assoc_expr *e)
{
	static char buf[256];
	assoc_query *q;
	assoc_result *res;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, "User")));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by(q, "name", 0));
	CHECK_OK(assoc_query_all(&res, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(res); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "",
		         fx_get_text(assoc_result_get(res, i), "name"));
	assoc_result_free(res);
	assoc_query_free(q);
	return buf;
}

static void test_any_and_contains(void)
{
	fx f;
	open_users(&f, 0, ASSOC_LAZY_SELECT);
	seed(&f);
	fx_new_session(&f);
	assoc_mapper *m = fx_m(&f, "User");
	assoc_expr *crit, *e;
	CHECK_OK(assoc_expr_compare(&crit, m, "name", ASSOC_OP_EQ, assoc_value_text("cid")));
	CHECK_OK(assoc_expr_any(&e, m, "following", crit));
	CHECK_STR(query_names(&f, e), "ann,bob"); /* who follows cid */
	CHECK_OK(assoc_expr_compare(&crit, m, "name", ASSOC_OP_EQ, assoc_value_text("cid")));
	CHECK_OK(assoc_expr_any(&e, m, "followers", crit));
	CHECK_STR(query_names(&f, e), "ann"); /* whom cid follows */
	CHECK_OK(assoc_expr_contains(&e, m, "followers", assoc_value_object(by_name(&f, "ann"))));
	CHECK_STR(query_names(&f, e), "bob,cid"); /* ann's followed */
	fx_close(&f);
}

static void test_proxy_through_it(void)
{
	fx f;
	open_users(&f, PROXY, ASSOC_LAZY_SELECT);
	seed(&f);
	fx_new_session(&f);
	assoc_object *bob = by_name(&f, "bob");
	assoc_collection *p = fx_coll(bob, "following_names");
	CHECK_INT(fx_len(p), 1);
	CHECK_OK(assoc_collection_append(p, assoc_value_text("dee"))); /* creates dee, followed by bob */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(follows_rows(&f), "ann>bob ann>cid bob>cid bob>dee cid>ann");
	fx_close(&f);
}

/* ---- configure errors ------------------------------------------------------------ */

static void expect_config_error(int how, const char *text)
{
	fx f;
	CHECK_ERR(build(&f, how, ASSOC_LAZY_SELECT), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS(text);
	CHECK_MSG_CONTAINS("follows");
	CHECK(!assoc_registry_is_configured(f.reg));
	fx_close(&f);
}

static void test_self_m2m_needs_keys(void) { expect_config_error(NO_KEYS, "secondary_owner_keys and secondary_target_keys"); }
static void test_bad_owner_keys(void) { expect_config_error(BAD_OWNER, "secondary_owner_keys \"nosuch\" names no foreign key"); }
static void test_keys_name_same_fk(void) { expect_config_error(SAME_FK, "name the same foreign key"); }
static void test_back_populates_same_columns(void) { expect_config_error(BACK_POPULATES_SAME, "must be this one's secondary_target_keys"); }

/* Two foreign keys to the same table on a non-self secondary: the keys pick, foreign_keys still works */
static void test_keys_on_plain_m2m(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "users"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f.reg, "docs"), "title", ASSOC_TYPE_TEXT);
	assoc_table *s = fx_table(f.reg, "reviews");
	fx_fk(s, "doc_id", "docs.id");
	fx_fk(s, "author_id", "users.id");
	fx_fk(s, "reviewer_id", "users.id");
	fx_mapper(f.reg, "User", "users");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "User";
	o.secondary = "reviews";
	o.secondary_target_keys = "reviewer_id";
	o.backref = "reviewed";
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f.reg, "Doc", "docs"), "reviewers", &o));
	fx_open(&f);
	assoc_object *d = fx_add(&f, "Doc", "title", "t"), *u = fx_add(&f, "User", "name", "u");
	fx_append(fx_coll(d, "reviewers"), u);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT reviewer_id FROM reviews"), fx_get_int(u, "id"));
	CHECK(fx_sql_text(f.eng, "SELECT author_id FROM reviews") == NULL);
	CHECK_INT(fx_len(fx_coll(u, "reviewed")), 1);
	fx_close(&f);
}

/* ---- option versions ----------------------------------------------------------- */

/* The version 1 struct as a program built against it passed it: no room for the later fields. */
typedef struct {
	unsigned int version;
	const char *target, *secondary, *foreign_keys;
	int uselist;
	assoc_collection_kind collection;
	const char *dict_key, *order_by, *cascade, *back_populates, *backref;
	const struct assoc_relationship_options *backref_options;
	int passive_updates, passive_deletes;
	assoc_lazy lazy;
} rel_options_v1;

static void test_options_version_1(void)
{
	/* init of version 1 writes only its fields */
	unsigned char buf[sizeof(assoc_relationship_options) + 16];
	memset(buf, 0xab, sizeof buf);
	CHECK_OK(assoc_relationship_options_init((assoc_relationship_options *)(void *)buf, 1));
	CHECK_INT(buf[sizeof(rel_options_v1)], 0xab);
	rel_options_v1 v1;
	memcpy(&v1, buf, sizeof v1);
	CHECK_INT(v1.version, 1);
	CHECK_INT(v1.uselist, -1);
	CHECK_INT(v1.passive_updates, 1);

	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	fx_col(fx_table_id(f.reg, "tags"), "user_id", ASSOC_TYPE_INTEGER);
	/* a heap block of exactly the v1 size: reading past it would be caught by the sanitizers */
	rel_options_v1 *p = malloc(sizeof *p);
	CHECK(p != NULL);
	memcpy(p, &v1, sizeof v1);
	p->target = "Address";
	p->foreign_keys = "addresses.user_id";
	CHECK_OK(assoc_mapper_add_relationship(fx_m(&f, "User"), "addrs", (const assoc_relationship_options *)(void *)p));
	free(p);
	CHECK_OK(assoc_registry_configure(f.reg));
	assoc_attr *a;
	CHECK_OK(assoc_mapper_attr(&a, fx_m(&f, "User"), "addrs"));
	CHECK(assoc_attr_target(a) == fx_m(&f, "Address"));
	fx_close(&f);
}

static void test_options_bad_version_and_post_update(void)
{
	assoc_relationship_options o;
	CHECK_ERR(assoc_relationship_options_init(&o, 3), ASSOC_EINVAL);
	CHECK_ERR(assoc_relationship_options_init(&o, 0), ASSOC_EINVAL);
	CHECK_OK(assoc_relationship_options_init(&o, ASSOC_RELATIONSHIP_OPTIONS_VERSION));
	CHECK(o.secondary_owner_keys == NULL && o.secondary_target_keys == NULL && o.post_update == 0);
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	o.target = "Address";
	o.version = 3;
	CHECK_ERR(assoc_mapper_add_relationship(fx_m(&f, "User"), "x", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("version 3");
	o.version = ASSOC_RELATIONSHIP_OPTIONS_VERSION;
	o.post_update = 2;
	CHECK_ERR(assoc_mapper_add_relationship(fx_m(&f, "User"), "x", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("post_update");
	assoc_relationship_options b = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	b.version = 7;
	o.post_update = 0;
	o.backref = "y";
	o.backref_options = &b;
	CHECK_ERR(assoc_mapper_add_relationship(fx_m(&f, "User"), "x", &o), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("backref_options version 7");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_lazy_load_both_ways),
		TEST(test_selectin_and_joined),
		TEST(test_remove_and_readd),
		TEST(test_delete_removes_rows_both_ways),
		TEST(test_any_and_contains),
		TEST(test_proxy_through_it),
		TEST(test_self_m2m_needs_keys),
		TEST(test_bad_owner_keys),
		TEST(test_keys_name_same_fk),
		TEST(test_back_populates_same_columns),
		TEST(test_keys_on_plain_m2m),
		TEST(test_options_version_1),
		TEST(test_options_bad_version_and_post_update),
	};
	return CHECK_RUN(tests, argc, argv);
}
