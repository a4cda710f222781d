/*
 * test_proxy_list.c - list proxies: User.keywords, the keyword strings of
 * the many-to-many list User.kw (see proxy_model.h). Every operation is
 * checked through the proxy, in the relationship underneath, and in the
 * database after a commit; changes to the relationship show through the proxy.
 */
#include <stdint.h>

#include "proxy_model.h"

/* The keywords user 1 is linked to in the database, by keyword id (fx_sql_list joins them). */
#define DB_KW \
	"SELECT k.keyword FROM user_kw uk JOIN keywords k ON k.id = uk.keyword_id " \
	"WHERE uk.user_id = 1 ORDER BY k.id"

static assoc_collection *keywords_of(assoc_object *u) { return fx_coll(u, "keywords"); }

static void fill(assoc_collection *c, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CHECK_OK(assoc_collection_append(c, T(texts[i])));
}

static void test_append_get_len(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_LIST);
	CHECK(assoc_collection_is_proxy(c));
	CHECK(assoc_collection_owner(c) == u);
	CHECK(fx_coll(u, "keywords") == c); /* one view per owner */
	CHECK_INT(fx_len(c), 0);
	CHECK_OK(assoc_collection_append(c, T("cheese-inspector")));
	CHECK_OK(assoc_collection_append(c, T("snack-ninja")));
	CHECK_INT(fx_len(c), 2);
	assoc_value v;
	CHECK_OK(assoc_collection_get(&v, c, 1));
	CHECK_INT(v.kind, ASSOC_TEXT);
	CHECK_STR(v.u.bytes.data, "snack-ninja");
	CHECK_INT(v.u.bytes.len, 11);
	CHECK_ERR(assoc_collection_get(&v, c, 2), ASSOC_ERANGE);
	/* underneath: two new Keyword objects, one per value */
	assoc_collection *kw = fx_coll(u, "kw");
	CHECK_INT(fx_len(kw), 2);
	CHECK(assoc_object_mapper(fx_at(kw, 0)) == fx_m(&f, "Keyword"));
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "cheese-inspector,snack-ninja");
	CHECK(fx_is_null(fx_at(kw, 0), "weight"));
	/* the other proxy over the same relationship sees the same members */
	CHECK_STR(pm_texts(fx_coll(u, "weights")), "None,None");

	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_KW), "cheese-inspector,snack-ninja");
	CHECK_INT(fx_count(f.eng, "keywords"), 2);
	u = pm_reload_user(&f, 1);
	CHECK_STR(pm_texts(keywords_of(u)), "cheese-inspector,snack-ninja");
	fx_close(&f);
}

static void test_set_item(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b", "c" }, 3);
	assoc_object *second = fx_at(fx_coll(u, "kw"), 1);
	/* SQLAlchemy's proxy[i] = v: the member at i takes the value */
	CHECK_OK(assoc_collection_set(c, 1, T("B")));
	CHECK_STR(pm_texts(c), "a,B,c");
	CHECK(fx_at(fx_coll(u, "kw"), 1) == second);
	CHECK_STR(fx_get_text(second, "keyword"), "B");
	CHECK_ERR(assoc_collection_set(c, 3, T("x")), ASSOC_ERANGE);
	CHECK_STR(pm_texts(c), "a,B,c");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_KW), "a,B,c");
	CHECK_INT(fx_count(f.eng, "keywords"), 3);

	/* on a persistent member it is an UPDATE of that row */
	CHECK_OK(assoc_collection_set(c, 0, T("A")));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT keyword FROM keywords WHERE id = 1"), "A");
	CHECK_INT(fx_count(f.eng, "keywords"), 3);
	fx_close(&f);
}

static void test_insert_extend(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	CHECK_OK(assoc_collection_insert(c, 0, T("b")));
	CHECK_OK(assoc_collection_insert(c, 0, T("a")));
	CHECK_OK(assoc_collection_insert(c, 2, T("d"))); /* i == len appends */
	CHECK_OK(assoc_collection_insert(c, 2, T("c")));
	CHECK_STR(pm_texts(c), "a,b,c,d");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "a,b,c,d");
	CHECK_ERR(assoc_collection_insert(c, 5, T("x")), ASSOC_ERANGE);
	const assoc_value more[] = { T("e"), T("f") };
	CHECK_OK(assoc_collection_extend(c, more, 2));
	CHECK_OK(assoc_collection_extend(c, NULL, 0));
	CHECK_STR(pm_texts(c), "a,b,c,d,e,f");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "a,b,c,d,e,f");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 6);
	/* the Keywords joined the session (and got their ids) in the order they were made */
	CHECK_STR(fx_sql_list(f.eng, DB_KW), "b,a,d,c,e,f");
	fx_close(&f);
}

static void test_remove_pop(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b", "c", "b", "d" }, 5);
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *first_b = fx_at(fx_coll(u, "kw"), 1);

	CHECK_OK(assoc_collection_remove(c, T("b"))); /* the first occurrence */
	CHECK_STR(pm_texts(c), "a,c,b,d");
	CHECK(!fx_contains(fx_coll(u, "kw"), first_b));
	CHECK_ERR(assoc_collection_remove(c, T("zz")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("keywords");
	CHECK_STR(pm_texts(c), "a,c,b,d");

	assoc_value v;
	CHECK_OK(assoc_collection_pop(&v, c, 3));
	CHECK_STR(pm_text(v), "d");
	CHECK_OK(assoc_collection_pop(&v, c, 0));
	CHECK_STR(pm_text(v), "a");
	CHECK_OK(assoc_collection_pop(NULL, c, 1));
	CHECK_ERR(assoc_collection_pop(&v, c, 1), ASSOC_ERANGE);
	CHECK_STR(pm_texts(c), "c");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "c");

	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_KW), "c");
	CHECK_INT(fx_count(f.eng, "user_kw"), 1);
	CHECK_INT(fx_count(f.eng, "keywords"), 5); /* no delete cascade: the Keywords stay */
	fx_close(&f);
}

static void test_index_count_contains(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b", "a", "c" }, 4);
	size_t i = 99, n = 99;
	CHECK_OK(assoc_collection_index(&i, c, T("a")));
	CHECK_INT(i, 0);
	CHECK_OK(assoc_collection_index(&i, c, T("c")));
	CHECK_INT(i, 3);
	CHECK_ERR(assoc_collection_index(&i, c, T("zz")), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_collection_count_of(&n, c, T("a")));
	CHECK_INT(n, 2);
	CHECK_OK(assoc_collection_count_of(&n, c, T("zz")));
	CHECK_INT(n, 0);
	CHECK_OK(assoc_collection_count_of(&n, c, I(1))); /* another kind equals nothing */
	CHECK_INT(n, 0);
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, c, T("b")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_contains(&in, c, T("B")));
	CHECK_INT(in, 0);
	/* the Keyword objects themselves are not the proxy's values */
	CHECK_OK(assoc_collection_contains(&in, c, O(fx_at(fx_coll(u, "kw"), 0))));
	CHECK_INT(in, 0);
	fx_close(&f);
}

static void test_slices(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b", "c", "d", "e" }, 5);
	assoc_valuelist *l;
	CHECK_OK(assoc_collection_get_slice(&l, c, 1, 3));
	CHECK_STR(pm_list_texts(l), "b,c");
	CHECK_OK(assoc_collection_get_slice(&l, c, -2, PTRDIFF_MAX));
	CHECK_STR(pm_list_texts(l), "d,e");
	CHECK_OK(assoc_collection_get_slice(&l, c, 10, 20));
	CHECK_STR(pm_list_texts(l), "");
	CHECK_OK(assoc_collection_get_slice(&l, c, -100, 1));
	CHECK_STR(pm_list_texts(l), "a");
	CHECK_OK(assoc_collection_get_slice(&l, c, 3, 1));
	CHECK_STR(pm_list_texts(l), "");

	/* set: the old members leave, new ones are made for the values */
	assoc_object *b = fx_at(fx_coll(u, "kw"), 1);
	const assoc_value xyz[] = { T("x"), T("y"), T("z") };
	CHECK_OK(assoc_collection_set_slice(c, 1, 3, xyz, 3));
	CHECK_STR(pm_texts(c), "a,x,y,z,d,e");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "a,x,y,z,d,e");
	CHECK(!fx_contains(fx_coll(u, "kw"), b));
	CHECK_OK(assoc_collection_set_slice(c, -1, PTRDIFF_MAX, xyz, 1)); /* replace the last */
	CHECK_STR(pm_texts(c), "a,x,y,z,d,x");
	CHECK_OK(assoc_collection_set_slice(c, 0, 0, xyz + 2, 1)); /* insert at the front */
	CHECK_STR(pm_texts(c), "z,a,x,y,z,d,x");

	CHECK_OK(assoc_collection_delete_slice(c, 0, 2));
	CHECK_STR(pm_texts(c), "x,y,z,d,x");
	CHECK_OK(assoc_collection_delete_slice(c, -2, PTRDIFF_MAX));
	CHECK_STR(pm_texts(c), "x,y,z");
	CHECK_OK(assoc_collection_delete_slice(c, 5, 9)); /* nothing there */
	CHECK_STR(pm_texts(c), "x,y,z");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "x,y,z");

	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 3);
	u = pm_reload_user(&f, 1);
	CHECK_STR(pm_texts(keywords_of(u)), "x,y,z");
	fx_close(&f);
}

static void test_clear(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b" }, 2);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 2);
	CHECK_OK(assoc_collection_clear(c));
	CHECK_INT(fx_len(c), 0);
	CHECK_INT(fx_len(fx_coll(u, "kw")), 0);
	CHECK_OK(assoc_collection_clear(c)); /* clearing an empty list is fine */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 0);
	CHECK_INT(fx_count(f.eng, "keywords"), 2);
	fx_close(&f);
}

/*
 * Assigning nothing to a list that never held anything (no storage yet):
 * UndefinedBehaviorSanitizer saw memcpy from a NULL array. Found by
 * tests/fuzz (corpus/crash-assign-empty).
 */
static void test_assign_empty_to_empty(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	CHECK_OK(assoc_collection_assign(c, NULL, NULL, 0));
	CHECK_INT(fx_len(c), 0);
	CHECK_INT(fx_len(fx_coll(u, "kw")), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 0);
	fx_close(&f);
}

/*
 * Whole-collection assignment: members whose values lead the new list in
 * their old order keep their rows; from the first new value on, members are
 * new (so the order given is the order a reload gives).
 */
static void test_assign(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u);
	fill(c, (const char *[]){ "a", "b" }, 2);
	assoc_object *old_a = fx_at(fx_coll(u, "kw"), 0), *old_b = fx_at(fx_coll(u, "kw"), 1);
	const assoc_value vals[] = { T("b"), T("c"), T("d") };
	CHECK_OK(assoc_collection_assign(c, NULL, vals, 3));
	CHECK_STR(pm_texts(c), "b,c,d");
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "b,c,d");
	CHECK(fx_at(fx_coll(u, "kw"), 0) == old_b);
	CHECK(!fx_contains(fx_coll(u, "kw"), old_a));
	const assoc_value reordered[] = { T("d"), T("b") };
	CHECK_OK(assoc_collection_assign(c, NULL, reordered, 2));
	CHECK(!fx_contains(fx_coll(u, "kw"), old_b)); /* after the new "d": a new member */
	CHECK_OK(assoc_collection_assign(c, NULL, vals, 3));
	CHECK_ERR(assoc_collection_assign(c, vals, vals, 3), ASSOC_EINVAL); /* keys: dicts only */
	CHECK_STR(pm_texts(c), "b,c,d");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 3);
	u = pm_reload_user(&f, 1);
	c = keywords_of(u);
	CHECK_STR(pm_texts(c), "b,c,d");
	CHECK_OK(assoc_collection_assign(c, NULL, NULL, 0));
	CHECK_INT(fx_len(c), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_kw"), 0);
	fx_close(&f);
}

/* Changes to the relationship, and to the members, show through the proxy. */
static void test_relationship_shows_through(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = keywords_of(u), *kw = fx_coll(u, "kw");
	assoc_object *k1 = fx_new(&f, "Keyword"), *k2 = fx_new(&f, "Keyword");
	fx_set_text(k1, "keyword", "one");
	fx_set_text(k2, "keyword", "two");
	fx_set_int(k2, "weight", 7);
	fx_append(kw, k1);
	fx_append(kw, k2);
	CHECK_STR(pm_texts(c), "one,two");
	CHECK_STR(pm_texts(fx_coll(u, "weights")), "None,7");
	fx_set_text(k1, "keyword", "uno");
	CHECK_STR(pm_texts(c), "uno,two");
	CHECK_OK(assoc_collection_remove(kw, O(k1)));
	CHECK_STR(pm_texts(c), "two");
	CHECK_OK(assoc_session_commit(f.s));

	/* a proxy over a relationship loaded from the database */
	u = pm_reload_user(&f, 1);
	c = keywords_of(u);
	CHECK_STR(pm_texts(c), "two");
	CHECK_OK(assoc_collection_append(c, T("three")));
	CHECK_STR(pm_rel_texts(u, "kw", "keyword"), "two,three");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_KW), "two,three");
	fx_close(&f);
}

/* A proxy of an INTEGER column; values of the wrong type change nothing. */
static void test_integer_values_and_type_errors(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *w = fx_coll(u, "weights"), *c = keywords_of(u);
	CHECK_OK(assoc_collection_append(w, I(5)));
	CHECK_OK(assoc_collection_append(c, T("k")));
	CHECK_STR(pm_texts(w), "5,None");
	CHECK_STR(pm_texts(c), "None,k");
	CHECK_ERR(assoc_collection_append(w, T("heavy")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("weight");
	CHECK_ERR(assoc_collection_append(c, I(3)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_insert(c, 0, I(3)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set(c, 0, I(3)), ASSOC_ETYPE);
	const assoc_value mixed[] = { T("ok"), I(3) };
	CHECK_ERR(assoc_collection_extend(c, mixed, 2), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set_slice(c, 0, 1, mixed, 2), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_assign(c, NULL, mixed, 2), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_append(c, O(u)), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "None,k");
	CHECK_INT(fx_len(fx_coll(u, "kw")), 2);
	/* dict and set operations do not apply to a list */
	assoc_value v;
	assoc_valuelist *l = NULL;
	int cmp;
	CHECK_ERR(assoc_collection_lookup(&v, c, T("k")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("keywords");
	CHECK_ERR(assoc_collection_put(c, T("k"), T("v")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_delete_key(c, T("k")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_key_at(&v, c, 0), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_setdefault(&v, c, T("k"), T("v")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_pop_key(&v, c, T("k")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_update(c, mixed, mixed, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set_op(&l, c, ASSOC_SET_UNION, mixed, 1), ASSOC_ETYPE);
	CHECK(l == NULL);
	CHECK_ERR(assoc_collection_set_update(c, ASSOC_SET_UNION, mixed, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set_compare(&cmp, c, ASSOC_SET_EQUAL, mixed, 1), ASSOC_ETYPE);
	/* a list proxy is not read or written as a scalar */
	CHECK_ERR(assoc_object_get(u, "keywords", &v), ASSOC_ETYPE);
	CHECK_ERR(assoc_object_set(u, "keywords", T("x")), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "None,k");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keywords"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT weight FROM keywords WHERE id = 1"), 5);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_append_get_len),
		TEST(test_set_item),
		TEST(test_insert_extend),
		TEST(test_remove_pop),
		TEST(test_index_count_contains),
		TEST(test_slices),
		TEST(test_clear),
		TEST(test_assign),
		TEST(test_assign_empty_to_empty),
		TEST(test_relationship_shows_through),
		TEST(test_integer_values_and_type_errors),
	};
	return CHECK_RUN(tests, argc, argv);
}
