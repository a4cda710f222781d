/*
 * test_proxy_creators.c - the creator of a proxy: what it receives (the
 * owner, the key for dicts, the value), and a creator that fails or gives a
 * wrong result: its error (code and message) reaches the caller and the
 * collection is unchanged, in memory and in the database.
 */
#include "proxy_model.h"

struct calls {
	int n;
	assoc_object *owner;
	int had_key;
	char key[32], value[32];
	assoc_mapper *keyword, *note;
	int mode; /* 0: make the object; 1: return no object; 2: a User; 3: fail, no message;
	             4: try to close and free the session, then make the object;
	             5: return 42; 6: return -999 (neither is an assoc error code) */
	int close_rc;
};

static void record(struct calls *c, assoc_object *owner, const assoc_value *key, const assoc_value *value)
{
	c->n++;
	c->owner = owner;
	c->had_key = key != NULL;
	snprintf(c->key, sizeof c->key, "%s", key ? pm_text(*key) : "");
	snprintf(c->value, sizeof c->value, "%s", pm_text(*value));
}

/* Keyword(keyword=value, weight=100); refuses "bad". */
static int kw_creator(void *userdata, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                      assoc_object **out)
{
	struct calls *c = userdata;
	record(c, owner, key, value);
	if (strcmp(c->value, "bad") == 0)
		return assoc_error_set(ASSOC_ECALLBACK, "creator refused %s", c->value);
	if (c->mode == 1)
		return 0;
	if (c->mode == 3)
		return ASSOC_ECALLBACK;
	if (c->mode == 5 || c->mode == 6)
		return c->mode == 5 ? 42 : -999;
	if (c->mode == 4) {
		c->close_rc = assoc_session_close(assoc_object_session(owner));
		assoc_session_free(assoc_object_session(owner)); /* refused too: does nothing */
	}
	int rc = assoc_object_new(out, assoc_object_session(owner), c->mode == 2 ? assoc_object_mapper(owner) : c->keyword);
	if (!rc && c->mode == 0 && !(rc = assoc_object_set(*out, "keyword", *value)))
		rc = assoc_object_set(*out, "weight", I(100));
	return rc;
}

/* Note(key=key, body=value); refuses "bad". */
static int note_creator(void *userdata, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	struct calls *c = userdata;
	record(c, owner, key, value);
	if (strcmp(c->value, "bad") == 0)
		return assoc_error_set(ASSOC_ECALLBACK, "creator refused %s", c->value);
	int rc = assoc_object_new(out, assoc_object_session(owner), c->note);
	if (!rc)
		rc = assoc_object_set(*out, "key", *key);
	return rc ? rc : assoc_object_set(*out, "body", *value);
}

static assoc_object *open_creators(fx *f, struct calls *c)
{
	memset(c, 0, sizeof *c);
	assoc_mapper *user = pm_model(f);
	pm_proxy(user, "keywords", "kw", "keyword", kw_creator, c);
	pm_proxy(user, "tag_names", "tags", "keyword", kw_creator, c);
	pm_proxy(user, "note_bodies", "notes", "body", note_creator, c);
	fx_open(f);
	c->keyword = fx_m(f, "Keyword");
	c->note = fx_m(f, "Note");
	return fx_add(f, "User", "name", "ann");
}

static void test_creators_receive(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	CHECK_OK(assoc_collection_append(fx_coll(u, "keywords"), T("x")));
	CHECK_INT(c.n, 1);
	CHECK(c.owner == u);
	CHECK_INT(c.had_key, 0); /* lists, sets and scalars pass no key */
	CHECK_STR(c.value, "x");
	CHECK_INT(fx_get_int(fx_at(fx_coll(u, "kw"), 0), "weight"), 100);
	CHECK_OK(assoc_collection_append(fx_coll(u, "tag_names"), T("t")));
	CHECK_INT(c.n, 2);
	CHECK_INT(c.had_key, 0);
	CHECK_OK(assoc_collection_append(fx_coll(u, "tag_names"), T("t"))); /* present: no call */
	CHECK_INT(c.n, 2);
	CHECK_OK(assoc_collection_put(fx_coll(u, "note_bodies"), T("k"), T("v")));
	CHECK_INT(c.n, 3);
	CHECK_INT(c.had_key, 1); /* dicts pass the key */
	CHECK_STR(c.key, "k");
	CHECK_STR(c.value, "v");
	CHECK_OK(assoc_collection_put(fx_coll(u, "note_bodies"), T("k"), T("w"))); /* existing key: no call */
	CHECK_INT(c.n, 3);
	CHECK_OK(assoc_collection_set(fx_coll(u, "keywords"), 0, T("y"))); /* existing member: no call */
	CHECK_INT(c.n, 3);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM keywords WHERE weight = 100"), 2);
	CHECK_STR(fx_sql_text(f.eng, "SELECT key || '=' || body FROM notes"), "k=w");
	fx_close(&f);
}

#define REFUSED(call)                                               \
	do {                                                            \
		CHECK_ERR((call), ASSOC_ECALLBACK);                         \
		CHECK_STR(assoc_error_last()->message, "creator refused bad"); \
	} while (0)

static void test_failing_creator_list(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	assoc_collection *k = fx_coll(u, "keywords");
	CHECK_OK(assoc_collection_append(k, T("a")));
	const assoc_value two[] = { T("ok"), T("bad") };
	REFUSED(assoc_collection_append(k, T("bad")));
	REFUSED(assoc_collection_insert(k, 0, T("bad")));
	REFUSED(assoc_collection_extend(k, two, 2));
	REFUSED(assoc_collection_set_slice(k, 0, 1, two, 2));
	REFUSED(assoc_collection_set_slice(k, 1, 1, two, 2));
	REFUSED(assoc_collection_assign(k, NULL, two, 2));
	CHECK_STR(pm_texts(k), "a");
	CHECK_INT(fx_len(fx_coll(u, "kw")), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keywords"), 1);
	CHECK_INT(fx_count(f.eng, "user_kw"), 1);
	fx_close(&f);
}

static void test_failing_creator_set(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	assoc_collection *t = fx_coll(u, "tag_names");
	CHECK_OK(assoc_collection_append(t, T("a")));
	const assoc_value two[] = { T("ok"), T("bad") };
	REFUSED(assoc_collection_append(t, T("bad")));
	REFUSED(assoc_collection_set_update(t, ASSOC_SET_UNION, two, 2));
	REFUSED(assoc_collection_set_update(t, ASSOC_SET_SYMMETRIC_DIFFERENCE, two, 2));
	REFUSED(assoc_collection_assign(t, NULL, two, 2));
	CHECK_STR(pm_texts(t), "a");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_tags"), 1);
	CHECK_INT(fx_count(f.eng, "keywords"), 1);
	fx_close(&f);
}

static void test_failing_creator_dict(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	assoc_collection *d = fx_coll(u, "note_bodies");
	CHECK_OK(assoc_collection_put(d, T("a"), T("1")));
	const assoc_value keys[] = { T("k1"), T("k2") }, vals[] = { T("ok"), T("bad") };
	assoc_value v;
	REFUSED(assoc_collection_put(d, T("k"), T("bad")));
	REFUSED(assoc_collection_setdefault(&v, d, T("k"), T("bad")));
	REFUSED(assoc_collection_assign(d, keys, vals, 2));
	CHECK_STR(pm_texts(d), "a=1");
	REFUSED(assoc_collection_update(d, keys, vals, 2));
	CHECK_STR(pm_texts(d), "a=1");
	CHECK_INT(fx_len(fx_coll(u, "notes")), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "notes"), 1);
	fx_close(&f);
}

/* A creator that makes no object, the wrong one, or fails without a message. */
static void test_creator_bad_results(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	assoc_collection *k = fx_coll(u, "keywords");
	c.mode = 1;
	CHECK_ERR(assoc_collection_append(k, T("x")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("keywords");
	c.mode = 2;
	CHECK_ERR(assoc_collection_append(k, T("x")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("Keyword");
	c.mode = 3;
	assoc_error_clear();
	CHECK_ERR(assoc_collection_append(k, T("x")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("keywords");
	CHECK_INT(fx_len(k), 0);
	CHECK_INT(fx_len(fx_coll(u, "kw")), 0);
	fx_close(&f);
}

/* A creator's result that is not an assoc error code is a callback failure naming the number. */
static void test_creator_returns_foreign_code(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	assoc_collection *k = fx_coll(u, "keywords");
	c.mode = 5;
	CHECK_ERR(assoc_collection_append(k, T("x")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("returned 42");
	CHECK_MSG_CONTAINS("keywords");
	c.mode = 6;
	CHECK_ERR(assoc_collection_append(k, T("x")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("returned -999");
	CHECK_INT(fx_len(k), 0);
	CHECK_INT(fx_len(fx_coll(u, "kw")), 0);
	fx_close(&f);
}

/* A creator cannot close or free the session whose operation called it. */
static void test_creator_cannot_close_its_session(void)
{
	fx f;
	struct calls c;
	assoc_object *u = open_creators(&f, &c);
	c.mode = 4;
	CHECK_OK(assoc_collection_append(fx_coll(u, "keywords"), T("x")));
	CHECK_INT(c.close_rc, ASSOC_ESTATE);
	CHECK_INT(assoc_session_is_closed(f.s), 0);
	c.mode = 0;
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 1);
	CHECK_OK(assoc_session_close(f.s)); /* outside the callback: allowed */
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_creators_receive),
		TEST(test_failing_creator_list),
		TEST(test_failing_creator_set),
		TEST(test_failing_creator_dict),
		TEST(test_creator_bad_results),
		TEST(test_creator_returns_foreign_code),
		TEST(test_creator_cannot_close_its_session),
	};
	return CHECK_RUN(tests, argc, argv);
}
