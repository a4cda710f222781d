/*
 * test_proxy_dict.c - dict proxies: User.note_bodies, the bodies of the
 * dict User.notes keyed by Note.key (one-to-many, delete-orphan; see
 * proxy_model.h). Every dict operation through the proxy, in the
 * relationship underneath and in the database.
 */
#include <stdint.h>

#include "proxy_model.h"

/* The notes of user 1 in the database as key=body, by key (fx_sql_list joins them). */
#define DB_NOTES \
	"SELECT key || '=' || body FROM notes WHERE user_id = 1 ORDER BY key"

static assoc_collection *bodies_of(assoc_object *u) { return fx_coll(u, "note_bodies"); }

static void put(assoc_collection *c, const char *k, const char *v)
{
	CHECK_OK(assoc_collection_put(c, T(k), T(v)));
}

static assoc_object *note_under(assoc_object *u, const char *key)
{
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, fx_coll(u, "notes"), T(key)));
	CHECK_INT(v.kind, ASSOC_OBJECT);
	return v.u.object;
}

static void test_put_lookup(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_DICT);
	put(c, "sk1", "one");
	put(c, "sk2", "two");
	CHECK_INT(fx_len(c), 2);
	CHECK_STR(pm_texts(c), "sk1=one,sk2=two");
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, c, T("sk2")));
	CHECK_STR(pm_text(v), "two");
	CHECK_ERR(assoc_collection_lookup(&v, c, T("sk9")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("sk9");
	CHECK_OK(assoc_collection_key_at(&v, c, 1));
	CHECK_STR(pm_text(v), "sk2");
	CHECK_OK(assoc_collection_get(&v, c, 0));
	CHECK_STR(pm_text(v), "one");
	CHECK_ERR(assoc_collection_key_at(&v, c, 2), ASSOC_ERANGE);
	/* the default creator made Notes with the key and the value set */
	assoc_object *n1 = note_under(u, "sk1");
	CHECK(assoc_object_mapper(n1) == fx_m(&f, "Note"));
	CHECK_STR(fx_get_text(n1, "key"), "sk1");
	CHECK_STR(fx_get_text(n1, "body"), "one");
	CHECK(fx_get_obj(n1, "user") == u); /* back_populates */
	/* contains tests keys, as Python's `in` on a dict */
	int in;
	CHECK_OK(assoc_collection_contains(&in, c, T("sk1")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_contains(&in, c, T("one")));
	CHECK_INT(in, 0);
	size_t n;
	CHECK_OK(assoc_collection_count_of(&n, c, T("two")));
	CHECK_INT(n, 1);

	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "sk1=one,sk2=two");
	u = pm_reload_user(&f, 1);
	CHECK_STR(pm_texts(bodies_of(u)), "sk1=one,sk2=two");
	fx_close(&f);
}

/* Setting an existing key sets the value on the member already there. */
static void test_put_existing_key(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	put(c, "sk1", "one");
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *n1 = note_under(u, "sk1");
	put(c, "sk1", "uno");
	CHECK(note_under(u, "sk1") == n1);
	CHECK_STR(fx_get_text(n1, "body"), "uno");
	CHECK_INT(fx_len(c), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "sk1=uno");
	CHECK_INT(fx_count(f.eng, "notes"), 1);
	fx_close(&f);
}

static void test_delete_pop_clear(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	put(c, "a", "1");
	put(c, "b", "2");
	put(c, "c", "3");
	put(c, "d", "4");
	CHECK_OK(assoc_session_commit(f.s));

	CHECK_OK(assoc_collection_delete_key(c, T("b")));
	CHECK_ERR(assoc_collection_delete_key(c, T("b")), ASSOC_ENOTFOUND);
	CHECK_STR(pm_texts(c), "a=1,c=3,d=4");
	CHECK_STR(pm_rel_texts(u, "notes", "key"), "a,c,d");
	assoc_value v;
	CHECK_OK(assoc_collection_pop_key(&v, c, T("c")));
	CHECK_STR(pm_text(v), "3");
	CHECK_ERR(assoc_collection_pop_key(&v, c, T("c")), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_collection_pop_key(NULL, c, T("a")));
	CHECK_STR(pm_texts(c), "d=4");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "d=4");
	CHECK_INT(fx_count(f.eng, "notes"), 1); /* delete-orphan: the removed Notes are gone */

	CHECK_OK(assoc_collection_clear(c));
	CHECK_INT(fx_len(c), 0);
	CHECK_INT(fx_len(fx_coll(u, "notes")), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "notes"), 0);
	fx_close(&f);
}

static void test_update_setdefault(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	put(c, "a", "1");
	assoc_object *na = note_under(u, "a");
	const assoc_value keys[] = { T("b"), T("a"), T("c") };
	const assoc_value vals[] = { T("2"), T("one"), T("3") };
	CHECK_OK(assoc_collection_update(c, keys, vals, 3));
	CHECK_STR(pm_texts(c), "a=one,b=2,c=3");
	CHECK(note_under(u, "a") == na);
	CHECK_OK(assoc_collection_update(c, NULL, NULL, 0));
	CHECK_ERR(assoc_collection_update(c, NULL, vals, 1), ASSOC_EINVAL);

	assoc_value v;
	CHECK_OK(assoc_collection_setdefault(&v, c, T("b"), T("zzz"))); /* present: unchanged */
	CHECK_STR(pm_text(v), "2");
	CHECK_OK(assoc_collection_setdefault(&v, c, T("d"), T("4"))); /* absent: put */
	CHECK_STR(pm_text(v), "4");
	CHECK_STR(pm_texts(c), "a=one,b=2,c=3,d=4");
	CHECK_STR(fx_get_text(note_under(u, "d"), "key"), "d");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "a=one,b=2,c=3,d=4");
	fx_close(&f);
}

/*
 * update() with a key twice, new to the dict: as Python's dict.update (each
 * pair in turn), one member under the key, in the first one's place, holding
 * the last value. Found by tests/fuzz (corpus/crash-update-repeated-key).
 */
static void test_update_repeated_new_key(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	const assoc_value keys[] = { T("b"), T("a"), T("b") };
	const assoc_value vals[] = { T("1"), T("2"), T("3") };
	CHECK_OK(assoc_collection_update(c, keys, vals, 3));
	CHECK_STR(pm_texts(c), "b=3,a=2");
	CHECK_INT(fx_len(fx_coll(u, "notes")), 2);
	CHECK_INT(assoc_session_new_count(f.s), 3); /* the user and two notes */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "notes"), 2);
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "a=2,b=3");
	fx_close(&f);
}

/* Whole-collection assignment: clear, then update. */
static void test_assign(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	put(c, "a", "1");
	put(c, "b", "2");
	CHECK_OK(assoc_session_commit(f.s));
	const assoc_value keys[] = { T("b"), T("c") };
	const assoc_value vals[] = { T("two"), T("three") };
	CHECK_OK(assoc_collection_assign(c, keys, vals, 2));
	CHECK_STR(pm_texts(c), "b=two,c=three");
	CHECK_STR(pm_rel_texts(u, "notes", "body"), "two,three");
	CHECK_ERR(assoc_collection_assign(c, NULL, vals, 2), ASSOC_EINVAL); /* a dict needs keys */
	CHECK_STR(pm_texts(c), "b=two,c=three");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "b=two,c=three");
	CHECK_INT(fx_count(f.eng, "notes"), 2);
	fx_close(&f);
}

/* Keys and values of the wrong type, and list and set operations. */
static void test_type_errors(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u);
	put(c, "a", "1");
	assoc_value v;
	size_t i;
	assoc_valuelist *l = NULL;
	const assoc_value one[] = { T("x") };
	CHECK_ERR(assoc_collection_put(c, I(1), T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_put(c, T("b"), I(1)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_put(c, T("a"), I(1)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_setdefault(&v, c, T("b"), I(1)), ASSOC_ETYPE);
	const assoc_value keys[] = { T("b"), I(2) }, vals[] = { T("2"), T("3") };
	CHECK_ERR(assoc_collection_update(c, keys, vals, 2), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_assign(c, keys, vals, 2), ASSOC_ETYPE);
	/* a bad value after a good one: nothing is put */
	const assoc_value k2[] = { T("b"), T("c") }, v2[] = { T("2"), I(3) };
	CHECK_ERR(assoc_collection_update(c, k2, v2, 2), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "a=1");
	CHECK_ERR(assoc_collection_assign(c, k2, v2, 2), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "a=1");
	CHECK_ERR(assoc_collection_append(c, T("x")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("note_bodies");
	CHECK_ERR(assoc_collection_insert(c, 0, T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set(c, 0, T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_pop(&v, c, 0), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_extend(c, one, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_remove(c, T("1")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_discard(c, T("1")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_index(&i, c, T("1")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_get_slice(&l, c, 0, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set_op(&l, c, ASSOC_SET_UNION, one, 1), ASSOC_ETYPE);
	CHECK(l == NULL);
	CHECK_ERR(assoc_collection_set_update(c, ASSOC_SET_UNION, one, 1), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "a=1");
	CHECK_INT(fx_len(fx_coll(u, "notes")), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "notes"), 1);
	fx_close(&f);
}

/* Changes to the relationship and its members show through the proxy. */
static void test_relationship_shows_through(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = bodies_of(u), *notes = fx_coll(u, "notes");
	assoc_object *n = fx_new(&f, "Note");
	fx_set_text(n, "body", "hello");
	CHECK_OK(assoc_collection_put(notes, T("greeting"), O(n)));
	CHECK_STR(fx_get_text(n, "key"), "greeting");
	CHECK_STR(pm_texts(c), "greeting=hello");
	fx_set_text(n, "body", "hi");
	CHECK_STR(pm_texts(c), "greeting=hi");
	assoc_object *m = fx_new(&f, "Note");
	fx_set_text(m, "key", "other");
	fx_set_text(m, "body", "x");
	fx_set_obj(m, "user", u); /* back_populates puts it under its key */
	CHECK_OK(assoc_session_add(f.s, m)); /* the backref alone does not cascade it (SQLAlchemy 2.0) */
	CHECK_STR(pm_texts(c), "greeting=hi,other=x");
	CHECK_OK(assoc_collection_delete_key(notes, T("greeting")));
	CHECK_STR(pm_texts(c), "other=x");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_NOTES), "other=x");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_put_lookup),
		TEST(test_put_existing_key),
		TEST(test_delete_pop_clear),
		TEST(test_update_setdefault),
		TEST(test_update_repeated_new_key),
		TEST(test_assign),
		TEST(test_type_errors),
		TEST(test_relationship_shows_through),
	};
	return CHECK_RUN(tests, argc, argv);
}
