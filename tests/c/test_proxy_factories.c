/*
 * test_proxy_factories.c - the other callbacks of a proxy: getset_factory
 * (called once at configure with the proxy's kind; its getter and setter
 * then read and write every value), proxy_factory with
 * assoc_collection_custom, and proxy_bulk_set for whole-collection assignment.
 */
#include <stdlib.h>

#include "proxy_model.h"

/* ---- getset_factory ---------------------------------------------------------- */

struct getset_seen {
	int factory_calls, gets, sets;
	assoc_collection_kind kinds[4];
	const char *names[4];
	int setter_had_key;
	int fail_set;
};

static int getter(void *userdata, assoc_object *target, assoc_value *out)
{
	struct getset_seen *g = userdata;
	g->gets++;
	int note = strcmp(assoc_mapper_name(assoc_object_mapper(target)), "Note") == 0;
	return assoc_object_get(target, note ? "body" : "keyword", out);
}

/* Writes the value, and its length into weight (Keywords only). */
static int setter(void *userdata, assoc_object *target, const assoc_value *key, const assoc_value *value)
{
	struct getset_seen *g = userdata;
	g->sets++;
	g->setter_had_key = key != NULL;
	if (g->fail_set)
		return assoc_error_set(ASSOC_ECALLBACK, "setter refused");
	if (strcmp(assoc_mapper_name(assoc_object_mapper(target)), "Note") == 0)
		return assoc_object_set(target, "body", *value);
	int rc = assoc_object_set(target, "keyword", *value);
	return rc ? rc : assoc_object_set(target, "weight", I(value->kind == ASSOC_TEXT ? (int64_t)value->u.bytes.len : 0));
}

static int getset_factory(void *userdata, assoc_collection_kind kind, const assoc_attr *proxy, assoc_getset *out)
{
	struct getset_seen *g = userdata;
	if (g->factory_calls < 4) {
		g->kinds[g->factory_calls] = kind;
		g->names[g->factory_calls] = assoc_attr_name(proxy);
	}
	g->factory_calls++;
	out->getter = getter;
	out->setter = setter;
	out->userdata = g;
	return 0;
}

static void getset_proxy(assoc_mapper *m, const char *name, const char *tc, const char *attr, struct getset_seen *g)
{
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = tc;
	p.attr = attr;
	p.getset_factory = getset_factory;
	p.getset_data = g;
	CHECK_OK(assoc_mapper_add_proxy(m, name, &p));
}

static void test_getset_factory(void)
{
	fx f;
	struct getset_seen g = { 0 };
	assoc_mapper *user = pm_model(&f);
	getset_proxy(user, "keywords", "kw", "keyword", &g);
	getset_proxy(user, "note_bodies", "notes", "body", &g);
	fx_open(&f);
	CHECK_INT(g.factory_calls, 2); /* once each, at configure */
	CHECK_INT(g.kinds[0], ASSOC_COLLECTION_LIST);
	CHECK_STR(g.names[0], "keywords");
	CHECK_INT(g.kinds[1], ASSOC_COLLECTION_DICT);
	CHECK_STR(g.names[1], "note_bodies");

	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *k = fx_coll(u, "keywords");
	CHECK_OK(assoc_collection_append(k, T("abc"))); /* the default creator writes through the setter */
	CHECK_INT(g.sets, 1);
	CHECK_INT(g.setter_had_key, 0);
	CHECK_INT(fx_get_int(fx_at(fx_coll(u, "kw"), 0), "weight"), 3);
	CHECK_OK(assoc_collection_set(k, 0, T("hello")));
	CHECK_INT(fx_get_int(fx_at(fx_coll(u, "kw"), 0), "weight"), 5);
	int gets = g.gets;
	CHECK_STR(pm_texts(k), "hello");
	CHECK(g.gets > gets);
	CHECK_OK(assoc_collection_put(fx_coll(u, "note_bodies"), T("n"), T("body")));
	CHECK_INT(g.setter_had_key, 1);
	CHECK_STR(pm_texts(fx_coll(u, "note_bodies")), "n=body");
	/* a failing setter: its error, and nothing changes */
	g.fail_set = 1;
	CHECK_ERR(assoc_collection_set(k, 0, T("zz")), ASSOC_ECALLBACK);
	CHECK_STR(assoc_error_last()->message, "setter refused");
	CHECK_STR(pm_texts(k), "hello");
	g.fail_set = 0;
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT keyword || ':' || weight FROM keywords"), "hello:5");
	fx_close(&f);
}

static int failing_getset_factory(void *userdata, assoc_collection_kind kind, const assoc_attr *proxy,
                                  assoc_getset *out)
{
	(void)kind;
	(void)proxy;
	if (userdata)
		return assoc_error_set(ASSOC_ECALLBACK, "no getset today");
	out->getter = getter; /* and no setter */
	return 0;
}

static void test_getset_factory_errors(void)
{
	for (int i = 0; i < 2; i++) {
		fx f;
		assoc_mapper *user = pm_model(&f);
		assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
		p.target_collection = "kw";
		p.attr = "keyword";
		p.getset_factory = failing_getset_factory;
		p.getset_data = i == 0 ? &p : NULL;
		CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &p));
		if (i == 0) {
			CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECALLBACK);
			CHECK_STR(assoc_error_last()->message, "no getset today");
		} else {
			CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
			CHECK_MSG_CONTAINS("keywords");
		}
		CHECK(!assoc_registry_is_configured(f.reg));
		fx_close(&f);
	}
}

/* ---- proxy_factory and proxy_bulk_set --------------------------------------------- */

struct factory_seen {
	int calls, fail;
	assoc_collection *views[4];
	int custom[4];
	int bulk_calls;
	size_t bulk_n;
	int bulk_had_keys;
};

static int factory(void *userdata, assoc_collection *view, void **custom)
{
	struct factory_seen *s = userdata;
	if (s->fail)
		return assoc_error_set(ASSOC_ECALLBACK, "factory refused");
	if (s->calls < 4) {
		s->views[s->calls] = view;
		*custom = &s->custom[s->calls];
	}
	s->calls++;
	return 0;
}

/* Whole-collection assignment of the program's own: keeps the values but "skip". */
static int bulk_set(void *userdata, assoc_collection *view, const assoc_value *keys, const assoc_value *values,
                    size_t n)
{
	struct factory_seen *s = userdata;
	s->bulk_calls++;
	s->bulk_n = n;
	s->bulk_had_keys = keys != NULL;
	int rc = assoc_collection_clear(view);
	for (size_t i = 0; i < n && !rc; i++) {
		if (values[i].kind == ASSOC_TEXT && strcmp(values[i].u.bytes.data, "skip") == 0)
			continue;
		if (values[i].kind == ASSOC_TEXT && strcmp(values[i].u.bytes.data, "boom") == 0)
			return assoc_error_set(ASSOC_ECALLBACK, "bulk setter refused boom");
		rc = keys ? assoc_collection_put(view, keys[i], values[i]) : assoc_collection_append(view, values[i]);
	}
	return rc;
}

static void factory_proxy(assoc_mapper *m, const char *name, const char *tc, const char *attr,
                          struct factory_seen *s)
{
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = tc;
	p.attr = attr;
	p.proxy_factory = factory;
	p.proxy_factory_data = s;
	p.proxy_bulk_set = bulk_set;
	p.proxy_bulk_set_data = s;
	CHECK_OK(assoc_mapper_add_proxy(m, name, &p));
}

static void test_proxy_factory_and_bulk_set(void)
{
	fx f;
	struct factory_seen s = { 0 };
	assoc_mapper *user = pm_model(&f);
	factory_proxy(user, "keywords", "kw", "keyword", &s);
	factory_proxy(user, "note_bodies", "notes", "body", &s);
	fx_open(&f);
	CHECK_INT(s.calls, 0); /* views are made on first use */
	assoc_object *u = fx_add(&f, "User", "name", "ann"), *v = fx_add(&f, "User", "name", "bob");
	assoc_collection *k = fx_coll(u, "keywords");
	CHECK_INT(s.calls, 1);
	CHECK(s.views[0] == k);
	CHECK(assoc_collection_custom(k) == &s.custom[0]);
	CHECK(fx_coll(u, "keywords") == k);
	CHECK_INT(s.calls, 1); /* once per owner and proxy */
	assoc_collection *k2 = fx_coll(v, "keywords");
	CHECK_INT(s.calls, 2);
	CHECK(assoc_collection_custom(k2) == &s.custom[1]);
	CHECK(assoc_collection_custom(fx_coll(u, "kw")) == NULL); /* the relationship has none */

	const assoc_value vals[] = { T("a"), T("skip"), T("b") };
	CHECK_OK(assoc_collection_assign(k, NULL, vals, 3));
	CHECK_INT(s.bulk_calls, 1);
	CHECK_INT(s.bulk_n, 3);
	CHECK_INT(s.bulk_had_keys, 0);
	CHECK_STR(pm_texts(k), "a,b");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "a,b");
	const assoc_value keys[] = { T("k1"), T("k2") }, bodies[] = { T("skip"), T("x") };
	CHECK_OK(assoc_collection_assign(fx_coll(u, "note_bodies"), keys, bodies, 2));
	CHECK_INT(s.bulk_had_keys, 1);
	CHECK_STR(pm_texts(fx_coll(u, "note_bodies")), "k2=x");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 2);
	CHECK_INT(fx_count(f.eng, "notes"), 1);

	/* a bulk setter that fails after the clear and some appends changes nothing */
	const assoc_value bad[] = { T("c"), T("boom") };
	CHECK_ERR(assoc_collection_assign(k, NULL, bad, 2), ASSOC_ECALLBACK);
	CHECK_STR(assoc_error_last()->message, "bulk setter refused boom");
	CHECK_STR(pm_texts(k), "a,b");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "a,b");
	const assoc_value bad_keys[] = { T("k3"), T("k4") }, bad_bodies[] = { T("y"), T("boom") };
	CHECK_ERR(assoc_collection_assign(fx_coll(u, "note_bodies"), bad_keys, bad_bodies, 2), ASSOC_ECALLBACK);
	CHECK_STR(pm_texts(fx_coll(u, "note_bodies")), "k2=x");
	CHECK_OK(assoc_session_commit(f.s)); /* what the failed calls made is not written */
	CHECK_INT(fx_count(f.eng, "user_kw"), 2);
	CHECK_INT(fx_count(f.eng, "notes"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM keywords WHERE keyword = 'c'"), 0);
	CHECK_STR(pm_texts(k), "a,b");

	/* a failing factory: the view is not made, and is tried again next time */
	assoc_object *w = fx_add(&f, "User", "name", "cy");
	assoc_collection *c = NULL;
	s.fail = 1;
	CHECK_ERR(assoc_object_collection(&c, w, "keywords"), ASSOC_ECALLBACK);
	CHECK_STR(assoc_error_last()->message, "factory refused");
	s.fail = 0;
	int calls = s.calls;
	CHECK(fx_coll(w, "keywords") != NULL);
	CHECK_INT(s.calls, calls + 1);
	fx_close(&f);
}

/* ---- a getter's TEXT result: the library copies it (callback.h: assoc_getter_fn) ---- */

/* Returns "<keyword>!" in a buffer of its own, freed (and poisoned) at its next call. */
struct owned_getter {
	char *last;
	int calls, null_data;
};

static int owned_get(void *userdata, assoc_object *target, assoc_value *out)
{
	struct owned_getter *g = userdata;
	g->calls++;
	if (g->last) {
		memset(g->last, 'X', strlen(g->last));
		free(g->last);
		g->last = NULL;
	}
	if (g->null_data) {
		out->kind = ASSOC_TEXT;
		out->u.bytes.data = NULL;
		out->u.bytes.len = 3;
		return 0;
	}
	assoc_value kw;
	int rc = assoc_object_get(target, "keyword", &kw);
	if (rc)
		return rc;
	size_t n = kw.kind == ASSOC_TEXT ? kw.u.bytes.len : 0;
	if (!(g->last = malloc(n + 2)))
		return assoc_error_set(ASSOC_ENOMEM, "owned_get: out of memory");
	memcpy(g->last, n ? kw.u.bytes.data : "", n);
	g->last[n] = '!';
	g->last[n + 1] = '\0';
	*out = assoc_value_textn(g->last, n + 1);
	return 0;
}

static int owned_set(void *userdata, assoc_object *target, const assoc_value *key, const assoc_value *value)
{
	(void)userdata, (void)key;
	return assoc_object_set(target, "keyword", *value);
}

static int owned_factory(void *userdata, assoc_collection_kind kind, const assoc_attr *proxy, assoc_getset *out)
{
	(void)kind, (void)proxy;
	out->getter = owned_get;
	out->setter = owned_set;
	out->userdata = userdata;
	return 0;
}

static void test_getter_result_lifetime(void)
{
	fx f;
	struct owned_getter g = { 0 };
	assoc_mapper *user = pm_model(&f);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.getset_factory = owned_factory;
	p.getset_data = &g;
	CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &p));
	fx_open(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *k = fx_coll(u, "keywords");
	CHECK_OK(assoc_collection_append(k, T("a")));
	CHECK_OK(assoc_collection_append(k, T("bc")));
	assoc_value first, second, again;
	CHECK_OK(assoc_collection_get(&first, k, 0));
	CHECK_OK(assoc_collection_get(&second, k, 1)); /* the getter freed what it gave for the first */
	CHECK_INT(first.kind, ASSOC_TEXT);
	CHECK_INT((int)first.u.bytes.len, 2);
	CHECK_STR(first.u.bytes.data, "a!"); /* the library's copy, NUL-terminated */
	CHECK_STR(second.u.bytes.data, "bc!");
	CHECK(first.u.bytes.data != g.last && second.u.bytes.data != g.last);
	/* equal bytes again: the copy handed out before stays, and stays valid */
	CHECK_OK(assoc_collection_get(&again, k, 0));
	CHECK(again.u.bytes.data == first.u.bytes.data);
	CHECK_STR(first.u.bytes.data, "a!");
	/* what a caller read can be passed back in */
	size_t at = 99;
	CHECK_OK(assoc_collection_index(&at, k, second));
	CHECK_INT((int)at, 1);
	/* different bytes: a new copy, the old one goes */
	CHECK_OK(assoc_object_set(fx_at(fx_coll(u, "kw"), 0), "keyword", T("zz")));
	CHECK_OK(assoc_collection_get(&again, k, 0));
	CHECK_STR(again.u.bytes.data, "zz!");
	/* TEXT with data NULL and a length: the read fails, naming the proxy */
	g.null_data = 1;
	CHECK_ERR(assoc_collection_get(&again, k, 0), ASSOC_ECALLBACK);
	CHECK(strstr(assoc_error_last()->message, "User.keywords") != NULL);
	g.null_data = 0;
	CHECK_OK(assoc_session_commit(f.s));
	fx_close(&f); /* the copies go with their objects */
	free(g.last);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_getset_factory),
		TEST(test_getset_factory_errors),
		TEST(test_proxy_factory_and_bulk_set),
		TEST(test_getter_result_lifetime),
	};
	return CHECK_RUN(tests, argc, argv);
}
