/*
 * test_proxy_composite.c - composite proxies (a proxy whose attr is another
 * proxy, as in seed 001: User.keywords -> UserKeywordAssociation.keyword ->
 * Keyword.keyword) and unique creation (the seed's UniqueObject caveat):
 * a target whose attr already holds the value is reused, from the session,
 * then from the database.
 */
#include "proxy_model.h"

/* The associations of user 1 in the database as special_key=keyword (fx_sql_list joins them). */
#define DB_UKA \
	"SELECT coalesce(uk.special_key, 'None') || '=' || k.keyword FROM user_keyword uk " \
	"JOIN keyword k ON k.id = uk.keyword_id WHERE uk.user_id = 1 ORDER BY uk.special_key, k.keyword"

/*
 * user(id, name), keyword(id, keyword), user_keyword(user_id, keyword_id,
 * special_key); User.ukas (kind; DICT keyed by special_key) <-> UKA.user,
 * cascade "all, delete-orphan"; UKA.kw -> Keyword; UKA.keyword =
 * proxy("kw", "keyword", unique=unique); User.keywords = proxy("ukas", "keyword").
 * With m2m, also User.kw (secondary user_kw2) and User.kw_names = proxy("kw", "keyword",
 * unique=unique).
 */
static assoc_object *open_model(fx *f, assoc_collection_kind kind, int unique)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_col(fx_table_id(f->reg, "user"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f->reg, "keyword"), "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = fx_table(f->reg, "user_keyword");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "user.id";
	CHECK_OK(assoc_table_add_column(uk, "user_id", ASSOC_TYPE_INTEGER, &o));
	o.foreign_key = "keyword.id";
	CHECK_OK(assoc_table_add_column(uk, "keyword_id", ASSOC_TYPE_INTEGER, &o));
	fx_col(uk, "special_key", ASSOC_TYPE_TEXT);
	assoc_table *m2m = fx_table(f->reg, "user_kw2");
	o.foreign_key = "user.id";
	CHECK_OK(assoc_table_add_column(m2m, "user_id", ASSOC_TYPE_INTEGER, &o));
	o.foreign_key = "keyword.id";
	CHECK_OK(assoc_table_add_column(m2m, "keyword_id", ASSOC_TYPE_INTEGER, &o));

	assoc_mapper *user = fx_mapper(f->reg, "User", "user");
	fx_mapper(f->reg, "Keyword", "keyword");
	assoc_mapper *uka = fx_mapper(f->reg, "UKA", "user_keyword");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "UKA";
	r.collection = kind;
	r.dict_key = kind == ASSOC_COLLECTION_DICT ? "special_key" : NULL;
	r.cascade = "all, delete-orphan";
	r.back_populates = "user";
	CHECK_OK(assoc_mapper_add_relationship(user, "ukas", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_kw2";
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	fx_rel(uka, "user", "User", "ukas", NULL);
	fx_rel(uka, "kw", "Keyword", NULL, NULL);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.unique = unique;
	CHECK_OK(assoc_mapper_add_proxy(uka, "keyword", &p));
	CHECK_OK(assoc_mapper_add_proxy(user, "kw_names", &p));
	pm_proxy(user, "keywords", "ukas", "keyword", NULL, NULL);
	fx_open(f);
	return fx_add(f, "User", "name", "ann");
}

static assoc_object *uka_under(assoc_object *u, const char *key)
{
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, fx_coll(u, "ukas"), T(key)));
	CHECK_INT(v.kind, ASSOC_OBJECT);
	return v.u.object;
}

/* Seed 001's composite example, with the default creator. */
static void test_composite_dict(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_DICT, 0);
	assoc_collection *c = fx_coll(u, "keywords");
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_DICT);
	const assoc_value keys[] = { T("sk1"), T("sk2") }, vals[] = { T("kw1"), T("kw2") };
	CHECK_OK(assoc_collection_assign(c, keys, vals, 2));
	CHECK_STR(pm_texts(c), "sk1=kw1,sk2=kw2");
	/* underneath: a UKA with the key, whose kw is a Keyword with the value */
	assoc_object *a1 = uka_under(u, "sk1");
	CHECK_STR(fx_get_text(a1, "special_key"), "sk1");
	CHECK(fx_get_obj(a1, "user") == u);
	assoc_object *k1 = fx_get_obj(a1, "kw");
	CHECK(k1 && assoc_object_mapper(k1) == fx_m(&f, "Keyword"));
	CHECK_STR(fx_get_text(k1, "keyword"), "kw1");

	CHECK_OK(assoc_collection_put(c, T("sk3"), T("kw3")));
	CHECK_OK(assoc_collection_delete_key(c, T("sk2")));
	CHECK_STR(pm_texts(c), "sk1=kw1,sk3=kw3");
	/* an existing key: the value goes through both proxies onto the same Keyword */
	CHECK_OK(assoc_collection_put(c, T("sk1"), T("KW1")));
	CHECK(uka_under(u, "sk1") == a1 && fx_get_obj(a1, "kw") == k1);
	CHECK_STR(fx_get_text(k1, "keyword"), "KW1");
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, c, T("sk3")));
	CHECK_STR(pm_text(v), "kw3");
	/* the inner proxy is a scalar proxy of the UKA */
	CHECK_STR(fx_get_text(a1, "keyword"), "KW1");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_UKA), "sk1=KW1,sk3=kw3");
	CHECK_INT(fx_count(f.eng, "user_keyword"), 2);

	u = pm_reload_user(&f, 1);
	CHECK_STR(pm_texts(fx_coll(u, "keywords")), "sk1=KW1,sk3=kw3");
	CHECK_ERR(assoc_collection_put(fx_coll(u, "keywords"), T("sk4"), I(4)), ASSOC_ETYPE);
	CHECK_INT(fx_len(fx_coll(u, "ukas")), 2);
	fx_close(&f);
}

static void test_composite_list(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_LIST, 0);
	assoc_collection *c = fx_coll(u, "keywords");
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_LIST);
	assoc_attr *kw = NULL;
	CHECK_OK(assoc_mapper_attr(&kw, fx_m(&f, "User"), "keywords"));
	CHECK_INT(assoc_attr_kind_of(assoc_proxy_remote_attr(kw)), ASSOC_ATTR_PROXY);
	CHECK(assoc_proxy_target_class(kw) == fx_m(&f, "UKA"));
	CHECK_OK(assoc_collection_append(c, T("a")));
	CHECK_OK(assoc_collection_append(c, T("b")));
	CHECK_STR(pm_texts(c), "a,b");
	CHECK_STR(pm_rel_texts(u, "ukas", "keyword"), "a,b");
	CHECK(fx_is_null(fx_at(fx_coll(u, "ukas"), 0), "special_key"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_UKA), "None=a,None=b");
	CHECK_OK(assoc_collection_remove(c, T("a")));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_UKA), "None=b");
	CHECK_INT(fx_count(f.eng, "keyword"), 2); /* only the association row goes */
	fx_close(&f);
}

/* unique: one Keyword per string, shared within the session. */
static void test_unique_in_session(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_DICT, 1);
	assoc_object *v = fx_add(&f, "User", "name", "bob");
	const assoc_value keys[] = { T("sk1"), T("sk2") }, vals[] = { T("x"), T("y") };
	CHECK_OK(assoc_collection_assign(fx_coll(u, "keywords"), keys, vals, 2));
	CHECK_OK(assoc_collection_put(fx_coll(v, "keywords"), T("sk1"), T("x")));
	CHECK_OK(assoc_collection_put(fx_coll(v, "keywords"), T("sk2"), T("w")));
	assoc_object *x = fx_get_obj(uka_under(u, "sk1"), "kw"), *y = fx_get_obj(uka_under(u, "sk2"), "kw");
	CHECK(x != y);
	CHECK(fx_get_obj(uka_under(v, "sk1"), "kw") == x);
	CHECK(fx_get_obj(uka_under(v, "sk2"), "kw") != x);
	/* the same on a many-to-many list proxy with unique */
	CHECK_OK(assoc_collection_append(fx_coll(u, "kw_names"), T("x")));
	CHECK_OK(assoc_collection_append(fx_coll(v, "kw_names"), T("y")));
	CHECK(fx_at(fx_coll(u, "kw"), 0) == x);
	CHECK(fx_at(fx_coll(v, "kw"), 0) == y);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 3);
	CHECK_INT(fx_count(f.eng, "user_keyword"), 4);

	/* a Keyword whose string changed is no longer the one for the old string */
	fx_set_text(x, "keyword", "z");
	CHECK_OK(assoc_collection_append(fx_coll(u, "kw_names"), T("x")));
	CHECK(fx_at(fx_coll(u, "kw"), 1) != x);
	CHECK_STR(fx_get_text(fx_at(fx_coll(u, "kw"), 1), "keyword"), "x");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 4);
	CHECK_INT(fx_count(f.eng, "user_kw2"), 3);
	fx_close(&f);
}

/* unique: a Keyword already in the database is loaded and reused. */
static void test_unique_from_database(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_DICT, 1);
	CHECK_OK(assoc_collection_put(fx_coll(u, "keywords"), T("sk1"), T("x")));
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f);
	assoc_object *v = fx_add(&f, "User", "name", "bob");
	CHECK_OK(assoc_collection_put(fx_coll(v, "keywords"), T("sk1"), T("x")));
	assoc_object *x = fx_get_obj(uka_under(v, "sk1"), "kw");
	CHECK_INT(assoc_object_state_of(x), ASSOC_STATE_PERSISTENT);
	CHECK_INT(fx_get_int(x, "id"), 1);
	CHECK_OK(assoc_collection_append(fx_coll(v, "kw_names"), T("x")));
	CHECK(fx_at(fx_coll(v, "kw"), 0) == x);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(DISTINCT keyword_id) FROM user_keyword"), 1);
	CHECK_INT(fx_count(f.eng, "user_kw2"), 1);

	/* without unique, the same operations make new rows */
	fx_close(&f);
	u = open_model(&f, ASSOC_COLLECTION_DICT, 0);
	CHECK_OK(assoc_collection_put(fx_coll(u, "keywords"), T("sk1"), T("x")));
	CHECK_OK(assoc_collection_put(fx_coll(u, "keywords"), T("sk2"), T("x")));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 2);
	fx_close(&f);
}

/* unique with a NULL value: nothing to look up, a new target each time. */
static void test_unique_null(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_DICT, 1);
	CHECK_OK(assoc_collection_append(fx_coll(u, "kw_names"), assoc_value_null()));
	CHECK_OK(assoc_collection_append(fx_coll(u, "kw_names"), assoc_value_null()));
	CHECK_INT(fx_len(fx_coll(u, "kw")), 2);
	CHECK(fx_at(fx_coll(u, "kw"), 0) != fx_at(fx_coll(u, "kw"), 1));
	CHECK_STR(pm_texts(fx_coll(u, "kw_names")), "None,None");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 2);
	fx_close(&f);
}

/*
 * The lookup does not flush a half-made intermediary: as seed 003's
 * UserKeyword(keyword, user) sets .user before .keyword, the association is
 * pending without its keyword when the lookup runs (added here: as in
 * SQLAlchemy 2.0, the backref alone does not cascade it into the session).
 * The UniqueObject recipe queries under session.no_autoflush for this reason.
 */
static void test_unique_lookup_does_not_autoflush(void)
{
	fx f;
	assoc_object *u = open_model(&f, ASSOC_COLLECTION_LIST, 1);
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	CHECK_OK(assoc_collection_append(fx_coll(bob, "keywords"), T("x")));
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *a = fx_new(&f, "UKA");
	fx_set_obj(a, "user", u);
	CHECK_OK(assoc_session_add(f.s, a)); /* now pending, with no keyword yet */
	CHECK_OK(assoc_object_set(a, "keyword", T("x"))); /* found in the database */
	CHECK_OK(assoc_object_set(fx_new(&f, "UKA"), "keyword", T("y")));
	assoc_object *b = fx_new(&f, "UKA");
	fx_set_obj(b, "user", u);
	CHECK_OK(assoc_session_add(f.s, b));
	CHECK_OK(assoc_object_set(b, "keyword", T("y"))); /* found in the session */
	CHECK_STR(pm_texts(fx_coll(u, "keywords")), "x,y");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keyword"), 2);
	CHECK_INT(fx_count(f.eng, "user_keyword"), 3);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_composite_dict),
		TEST(test_composite_list),
		TEST(test_unique_in_session),
		TEST(test_unique_from_database),
		TEST(test_unique_null),
		TEST(test_unique_lookup_does_not_autoflush),
	};
	return CHECK_RUN(tests, argc, argv);
}
