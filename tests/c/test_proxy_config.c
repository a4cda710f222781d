/*
 * test_proxy_config.c - declaring proxies: option checks, configure errors
 * (unknown names, kinds that do not fit), correcting a registry after a
 * failed configure, introspection (target_class, scalar, local_attr,
 * remote_attr, info), and a scalar proxy whose attr is a collection.
 */
#include "proxy_model.h"

static assoc_mapper *mapper(fx *f, const char *name)
{
	assoc_mapper *m = NULL;
	CHECK_OK(assoc_registry_mapper(&m, f->reg, name));
	return m;
}

static assoc_attr *attr(assoc_mapper *m, const char *name)
{
	assoc_attr *a = NULL;
	CHECK_OK(assoc_mapper_attr(&a, m, name));
	return a;
}

static int add(assoc_mapper *m, const char *name, const char *tc, const char *at)
{
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = tc;
	p.attr = at;
	return assoc_mapper_add_proxy(m, name, &p);
}

static void test_options(void)
{
	assoc_proxy_options p;
	memset(&p, 0xff, sizeof p);
	CHECK_OK(assoc_proxy_options_init(&p, ASSOC_PROXY_OPTIONS_VERSION));
	CHECK_INT(p.version, ASSOC_PROXY_OPTIONS_VERSION);
	CHECK(p.target_collection == NULL && p.attr == NULL && p.info == NULL);
	CHECK(p.creator == NULL && p.creator_data == NULL && p.getset_factory == NULL);
	CHECK(p.proxy_factory == NULL && p.proxy_bulk_set == NULL);
	CHECK_INT(p.cascade_scalar_deletes + p.create_on_none_assignment + p.unique, 0);
	CHECK_ERR(assoc_proxy_options_init(&p, 99), ASSOC_EINVAL);
	CHECK_ERR(assoc_proxy_options_init(NULL, ASSOC_PROXY_OPTIONS_VERSION), ASSOC_EINVAL);
}

/* assoc_mapper_add_proxy refuses bad arguments and changes nothing. */
static void test_add_errors(void)
{
	fx f;
	assoc_mapper *user = pm_model(&f);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	CHECK_ERR(assoc_mapper_add_proxy(user, "p", NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_add_proxy(user, NULL, &p), ASSOC_EINVAL);
	CHECK_ERR(assoc_mapper_add_proxy(NULL, "p", &p), ASSOC_EINVAL);
	CHECK_ERR(add(user, "p", NULL, "keyword"), ASSOC_EINVAL);
	CHECK_ERR(add(user, "p", "kw", NULL), ASSOC_EINVAL);
	CHECK_ERR(add(user, "", "kw", "keyword"), ASSOC_EINVAL);
	p.target_collection = "kw";
	p.attr = "keyword";
	p.version = 99;
	CHECK_ERR(assoc_mapper_add_proxy(user, "p", &p), ASSOC_EINVAL);
	/* names already taken: a column, a relationship, another proxy */
	CHECK_ERR(add(user, "name", "kw", "keyword"), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("name");
	CHECK_ERR(add(user, "kw", "kw", "keyword"), ASSOC_EEXISTS);
	CHECK_OK(add(user, "keywords", "kw", "keyword"));
	CHECK_ERR(add(user, "keywords", "tags", "keyword"), ASSOC_EEXISTS);
	fx_open(&f);
	/* id, name, kw, tags, notes and the one proxy that was added */
	CHECK_INT(assoc_mapper_attr_count(user), 6);
	assoc_attr *a = NULL;
	CHECK_ERR(assoc_mapper_attr(&a, user, "p"), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_mapper_attr(&a, user, "keywords"));
	CHECK(assoc_proxy_remote_attr(a) != NULL); /* the first declaration of the name */
	CHECK_STR(assoc_attr_name(assoc_proxy_local_attr(a)), "kw");
	CHECK_ERR(add(user, "late", "kw", "keyword"), ASSOC_ESTATE); /* configured: frozen */
	CHECK_INT(assoc_mapper_attr_count(user), 6);
	CHECK_ERR(assoc_mapper_attr(&a, user, "late"), ASSOC_ENOTFOUND);
	fx_close(&f);
}

/* Configure fails with ECONFIG, names what is wrong, and freezes nothing. */
static void configure_fails(const char *mapper_name, const char *tc, const char *at,
                            const char *say1, const char *say2)
{
	fx f;
	pm_model(&f);
	CHECK_OK(add(mapper(&f, mapper_name), "bad", tc, at));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("bad");
	CHECK_MSG_CONTAINS(say1);
	if (say2)
		CHECK_MSG_CONTAINS(say2);
	CHECK(!assoc_registry_is_configured(f.reg));
	CHECK_OK(assoc_engine_open(&f.eng, "sqlite://"));
	CHECK(assoc_session_new(&f.s, f.eng, f.reg, NULL) < 0);
	f.s = NULL;
	fx_close(&f);
}

static void test_configure_errors(void)
{
	/* an unknown target_collection */
	configure_fails("User", "nope", "keyword", "nope", "User");
	/* a target_collection that is a column, or a proxy, not a relationship */
	configure_fails("User", "name", "keyword", "name", NULL);
	/* an unknown attribute on the target: the message names both */
	configure_fails("User", "kw", "nope", "nope", "Keyword");
}

/* Over a collection, attr a collection relationship: one value per member does not fit. */
static void test_configure_errors_collection_of_collections(void)
{
	fx f;
	pm_model(&f);
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.secondary = "user_kw";
	CHECK_OK(assoc_mapper_add_relationship(mapper(&f, "Keyword"), "users", &r));
	CHECK_OK(add(mapper(&f, "User"), "bad", "kw", "users"));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("bad");
	CHECK_MSG_CONTAINS("users");
	CHECK(!assoc_registry_is_configured(f.reg));
	fx_close(&f);
}

/*
 * Over a collection, attr a proxy that reads as a collection (here Note.kws,
 * a scalar proxy of the collection proxy User.keywords); proxies that refer
 * to each other.
 */
static void test_configure_errors_proxies(void)
{
	fx f;
	assoc_mapper *user = pm_model(&f);
	CHECK_OK(add(user, "keywords", "kw", "keyword"));
	CHECK_OK(add(mapper(&f, "Note"), "kws", "user", "keywords"));
	CHECK_OK(add(user, "bad", "notes", "kws"));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("bad");
	CHECK_MSG_CONTAINS("kws");
	fx_close(&f);

	user = pm_model(&f);
	CHECK_OK(add(user, "loop", "notes", "back"));
	CHECK_OK(add(mapper(&f, "Note"), "back", "user", "loop"));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK(!assoc_registry_is_configured(f.reg));
	fx_close(&f);
}

/*
 * Over a scalar relationship, attr may be a collection (SQLAlchemy's
 * m2o -> o2m proxy): the proxy reads as the intermediary's collection.
 */
static void test_scalar_proxy_of_collection(void)
{
	fx f;
	assoc_mapper *user = pm_model(&f);
	CHECK_OK(add(user, "keywords", "kw", "keyword"));
	CHECK_OK(add(mapper(&f, "Note"), "user_kw", "user", "kw"));
	CHECK_OK(add(mapper(&f, "Note"), "user_keywords", "user", "keywords"));
	fx_open(&f);
	CHECK(assoc_proxy_is_scalar(attr(mapper(&f, "Note"), "user_kw")));
	assoc_object *n = fx_add(&f, "Note", "key", "k");
	assoc_collection *c = NULL;
	/* no intermediary: nothing to read (SQLAlchemy gives None) */
	CHECK_ERR(assoc_object_collection(&c, n, "user_kw"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("user");
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *k = fx_add(&f, "Keyword", "keyword", "jek");
	fx_append(fx_coll(u, "kw"), k);
	fx_set_obj(n, "user", u);
	CHECK(fx_coll(n, "user_kw") == fx_coll(u, "kw"));
	CHECK(fx_coll(n, "user_keywords") == fx_coll(u, "keywords"));
	CHECK_STR(pm_texts(fx_coll(n, "user_keywords")), "jek");
	/* read and changed as a collection only */
	assoc_value v;
	CHECK_ERR(assoc_object_get(n, "user_kw", &v), ASSOC_ETYPE);
	CHECK_ERR(assoc_object_set(n, "user_keywords", T("x")), ASSOC_ETYPE);
	CHECK_INT(fx_len(fx_coll(u, "kw")), 1);
	/* del n.user_kw: empties the collection, then lets the intermediary go */
	CHECK_OK(assoc_object_unset(n, "user_kw"));
	CHECK_INT(fx_len(fx_coll(u, "kw")), 0);
	CHECK(fx_is_null(n, "user"));
	fx_close(&f);
}

/* After a failed configure the registry can be completed and configured. */
static void test_configure_after_correction(void)
{
	fx f;
	assoc_mapper *user = pm_model(&f);
	CHECK_OK(add(user, "later_names", "later", "keyword"));
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG); /* still wrong */
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_tags";
	CHECK_OK(assoc_mapper_add_relationship(user, "later", &r));
	fx_open(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = fx_coll(u, "later_names");
	CHECK_OK(assoc_collection_append(c, T("k")));
	CHECK_STR(pm_rel_texts(u, "later", "keyword"), "k");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_tags"), 1);
	fx_close(&f);
}

static int info_value;

static void test_introspection(void)
{
	fx f;
	assoc_mapper *user = pm_model(&f);
	pm_standard(user);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "user";
	p.attr = "name";
	p.info = &info_value;
	CHECK_OK(assoc_mapper_add_proxy(mapper(&f, "Note"), "user_name", &p));
	fx_open(&f);
	assoc_mapper *kwm = mapper(&f, "Keyword"), *note = mapper(&f, "Note");

	assoc_attr *kw = attr(user, "keywords");
	CHECK_INT(assoc_attr_kind_of(kw), ASSOC_ATTR_PROXY);
	CHECK(assoc_attr_mapper(kw) == user);
	CHECK_STR(assoc_attr_name(kw), "keywords");
	CHECK(assoc_proxy_target_class(kw) == kwm);
	CHECK_INT(assoc_proxy_is_scalar(kw), 0);
	assoc_attr *local = assoc_proxy_local_attr(kw), *remote = assoc_proxy_remote_attr(kw);
	CHECK(local == attr(user, "kw"));
	CHECK_INT(assoc_attr_kind_of(local), ASSOC_ATTR_RELATIONSHIP);
	CHECK(remote == attr(kwm, "keyword"));
	CHECK_INT(assoc_attr_kind_of(remote), ASSOC_ATTR_COLUMN);
	CHECK(assoc_attr_mapper(remote) == kwm);
	CHECK(assoc_proxy_info(kw) == NULL);
	CHECK_INT(assoc_attr_collection_kind(kw), ASSOC_COLLECTION_LIST);
	CHECK_INT(assoc_attr_collection_kind(attr(user, "tag_names")), ASSOC_COLLECTION_SET);
	CHECK_INT(assoc_attr_collection_kind(attr(user, "note_bodies")), ASSOC_COLLECTION_DICT);
	CHECK(assoc_proxy_target_class(attr(user, "note_bodies")) == note);
	CHECK(assoc_proxy_local_attr(attr(user, "weights")) == local);

	assoc_attr *un = attr(note, "user_name");
	CHECK_INT(assoc_proxy_is_scalar(un), 1);
	CHECK_INT(assoc_attr_collection_kind(un), ASSOC_COLLECTION_SCALAR);
	CHECK(assoc_proxy_target_class(un) == user);
	CHECK(assoc_proxy_local_attr(un) == attr(note, "user"));
	CHECK(assoc_proxy_remote_attr(un) == attr(user, "name"));
	CHECK(assoc_proxy_info(un) == &info_value);

	/* other attributes answer NULL and 0 */
	assoc_attr *col = attr(user, "name"), *rel = attr(user, "kw");
	CHECK(assoc_proxy_target_class(col) == NULL && assoc_proxy_target_class(rel) == NULL);
	CHECK(!assoc_proxy_is_scalar(col) && !assoc_proxy_is_scalar(rel));
	CHECK(assoc_proxy_local_attr(rel) == NULL && assoc_proxy_remote_attr(rel) == NULL);
	CHECK(assoc_proxy_info(col) == NULL && assoc_proxy_info(NULL) == NULL);
	CHECK(assoc_proxy_target_class(NULL) == NULL);

	/* the proxies are attributes of the mapper, listed with the others */
	int found = 0;
	for (size_t i = 0; i < assoc_mapper_attr_count(user); i++)
		found += assoc_mapper_attr_at(user, i) == kw;
	CHECK_INT(found, 1);

	/* the view of a collection proxy, and a scalar proxy read by value */
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = NULL;
	CHECK_OK(assoc_object_collection_attr(&c, u, kw));
	CHECK(c == fx_coll(u, "keywords"));
	CHECK(assoc_collection_custom(c) == NULL); /* no proxy_factory */
	assoc_object *n = fx_new(&f, "Note");
	fx_set_obj(n, "user", u);
	assoc_value v;
	CHECK_OK(assoc_object_get_attr(n, un, &v));
	CHECK_STR(pm_text(v), "ann");
	CHECK_OK(assoc_object_set_attr(n, un, T("bob")));
	CHECK_STR(fx_get_text(u, "name"), "bob");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_options),
		TEST(test_add_errors),
		TEST(test_configure_errors),
		TEST(test_configure_errors_collection_of_collections),
		TEST(test_configure_errors_proxies),
		TEST(test_configure_after_correction),
		TEST(test_introspection),
		TEST(test_scalar_proxy_of_collection),
	};
	return CHECK_RUN(tests, argc, argv);
}
