/*
 * test_proxy_set.c - set proxies: User.tag_names, the keyword strings of the
 * many-to-many set User.tags (see proxy_model.h). Adding, discarding and
 * removing, set algebra (new sets, and in place), comparisons; checked
 * through the proxy, in the relationship and in the database.
 */
#include <stdint.h>

#include "proxy_model.h"

/* The tags of user 1 in the database, sorted (fx_sql_list joins them). */
#define DB_TAGS \
	"SELECT k.keyword FROM user_tags ut JOIN keywords k ON k.id = ut.keyword_id " \
	"WHERE ut.user_id = 1 ORDER BY k.keyword"

static assoc_collection *tags_of(assoc_object *u) { return fx_coll(u, "tag_names"); }

/* A user whose tag_names are red, green, blue. */
static assoc_collection *open_rgb(fx *f, assoc_object **u)
{
	pm_open_standard(f, u);
	assoc_collection *c = tags_of(*u);
	CHECK_OK(assoc_collection_append(c, T("red")));
	CHECK_OK(assoc_collection_append(c, T("green")));
	CHECK_OK(assoc_collection_append(c, T("blue")));
	return c;
}

static void test_add_contains(void)
{
	fx f;
	assoc_object *u;
	pm_open_standard(&f, &u);
	assoc_collection *c = tags_of(u);
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_SET);
	CHECK_OK(assoc_collection_append(c, T("red")));
	CHECK_OK(assoc_collection_append(c, T("blue")));
	CHECK_OK(assoc_collection_append(c, T("red"))); /* present: no effect, no new Keyword */
	CHECK_INT(fx_len(c), 2);
	CHECK_INT(fx_len(fx_coll(u, "tags")), 2);
	CHECK_STR(pm_texts(c), "red,blue");
	int in = -1;
	CHECK_OK(assoc_collection_contains(&in, c, T("blue")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_contains(&in, c, T("green")));
	CHECK_INT(in, 0);
	size_t n;
	CHECK_OK(assoc_collection_count_of(&n, c, T("red")));
	CHECK_INT(n, 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "blue,red");
	CHECK_INT(fx_count(f.eng, "keywords"), 2);
	u = pm_reload_user(&f, 1);
	c = tags_of(u);
	CHECK_OK(assoc_collection_contains(&in, c, T("red")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_append(c, T("red")));
	CHECK_INT(fx_len(c), 2);
	fx_close(&f);
}

static void test_discard_remove_clear(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_collection_discard(c, T("green")));
	CHECK_OK(assoc_collection_discard(c, T("green"))); /* absent: no error */
	CHECK_STR(pm_texts(c), "red,blue");
	CHECK_STR(pm_rel_texts(u, "tags", "keyword"), "red,blue");
	CHECK_OK(assoc_collection_remove(c, T("red")));
	CHECK_ERR(assoc_collection_remove(c, T("red")), ASSOC_ENOTFOUND); /* KeyError */
	CHECK_STR(pm_texts(c), "blue");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "blue");
	CHECK_OK(assoc_collection_clear(c));
	CHECK_INT(fx_len(fx_coll(u, "tags")), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_tags"), 0);
	CHECK_INT(fx_count(f.eng, "keywords"), 3);
	fx_close(&f);
}

/* union, intersection, ... give new sets of values; the collection stays. */
static void test_set_op(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	const assoc_value other[] = { T("blue"), T("black"), T("red"), T("black") };
	assoc_valuelist *l;
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_UNION, other, 4));
	CHECK_STR(pm_list_texts(l), "red,green,blue,black");
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_INTERSECTION, other, 4));
	CHECK_STR(pm_list_texts(l), "red,blue");
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_DIFFERENCE, other, 4));
	CHECK_STR(pm_list_texts(l), "green");
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_SYMMETRIC_DIFFERENCE, other, 4));
	CHECK_STR(pm_list_texts(l), "green,black");
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_UNION, NULL, 0));
	CHECK_STR(pm_list_texts(l), "red,green,blue");
	CHECK_OK(assoc_collection_set_op(&l, c, ASSOC_SET_INTERSECTION, NULL, 0));
	CHECK_INT(assoc_valuelist_count(l), 0);
	assoc_valuelist_free(l);
	CHECK_STR(pm_texts(c), "red,green,blue");
	CHECK_INT(fx_len(fx_coll(u, "tags")), 3);
	fx_close(&f);
}

static void test_set_update_union(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	const assoc_value other[] = { T("blue"), T("black"), T("white"), T("black") };
	CHECK_OK(assoc_collection_set_update(c, ASSOC_SET_UNION, other, 4)); /* |= */
	CHECK_STR(pm_texts(c), "red,green,blue,black,white");
	CHECK_STR(pm_rel_texts(u, "tags", "keyword"), "red,green,blue,black,white");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "black,blue,green,red,white");
	CHECK_INT(fx_count(f.eng, "keywords"), 5);
	fx_close(&f);
}

static void test_set_update_intersection(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	CHECK_OK(assoc_session_commit(f.s));
	const assoc_value other[] = { T("blue"), T("black"), T("red") };
	CHECK_OK(assoc_collection_set_update(c, ASSOC_SET_INTERSECTION, other, 3)); /* &= */
	CHECK_STR(pm_texts(c), "red,blue");
	CHECK_STR(pm_rel_texts(u, "tags", "keyword"), "red,blue");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "blue,red");
	CHECK_INT(fx_count(f.eng, "keywords"), 3);
	fx_close(&f);
}

static void test_set_update_difference(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	CHECK_OK(assoc_session_commit(f.s));
	const assoc_value other[] = { T("blue"), T("black") };
	CHECK_OK(assoc_collection_set_update(c, ASSOC_SET_DIFFERENCE, other, 2)); /* -= */
	CHECK_STR(pm_texts(c), "red,green");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "green,red");
	fx_close(&f);
}

static void test_set_update_symmetric_difference(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	CHECK_OK(assoc_session_commit(f.s));
	const assoc_value other[] = { T("blue"), T("black"), T("black") };
	CHECK_OK(assoc_collection_set_update(c, ASSOC_SET_SYMMETRIC_DIFFERENCE, other, 3)); /* ^= */
	CHECK_STR(pm_texts(c), "red,green,black");
	CHECK_STR(pm_rel_texts(u, "tags", "keyword"), "red,green,black");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "black,green,red");
	CHECK_INT(fx_count(f.eng, "keywords"), 4);
	fx_close(&f);
}

static int compare(assoc_collection *c, assoc_set_cmp cmp, const assoc_value *v, size_t n)
{
	int out = -1;
	CHECK_OK(assoc_collection_set_compare(&out, c, cmp, v, n));
	return out;
}

static void test_set_compare(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	const assoc_value same[] = { T("blue"), T("red"), T("green"), T("red") };
	const assoc_value more[] = { T("blue"), T("red"), T("green"), T("black") };
	const assoc_value less[] = { T("blue"), T("red") };
	const assoc_value apart[] = { T("black"), T("white") };
	CHECK_INT(compare(c, ASSOC_SET_EQUAL, same, 4), 1);
	CHECK_INT(compare(c, ASSOC_SET_EQUAL, more, 4), 0);
	CHECK_INT(compare(c, ASSOC_SET_SUBSET, same, 4), 1);
	CHECK_INT(compare(c, ASSOC_SET_SUBSET, more, 4), 1);
	CHECK_INT(compare(c, ASSOC_SET_SUBSET, less, 2), 0);
	CHECK_INT(compare(c, ASSOC_SET_PROPER_SUBSET, same, 4), 0);
	CHECK_INT(compare(c, ASSOC_SET_PROPER_SUBSET, more, 4), 1);
	CHECK_INT(compare(c, ASSOC_SET_SUPERSET, less, 2), 1);
	CHECK_INT(compare(c, ASSOC_SET_SUPERSET, more, 4), 0);
	CHECK_INT(compare(c, ASSOC_SET_PROPER_SUPERSET, same, 4), 0);
	CHECK_INT(compare(c, ASSOC_SET_PROPER_SUPERSET, less, 2), 1);
	CHECK_INT(compare(c, ASSOC_SET_DISJOINT, apart, 2), 1);
	CHECK_INT(compare(c, ASSOC_SET_DISJOINT, less, 2), 0);
	CHECK_INT(compare(c, ASSOC_SET_DISJOINT, NULL, 0), 1);
	CHECK_INT(compare(c, ASSOC_SET_SUPERSET, NULL, 0), 1);
	int out;
	CHECK_ERR(assoc_collection_set_compare(&out, c, (assoc_set_cmp)42, less, 2), ASSOC_EINVAL);
	CHECK_ERR(assoc_collection_set_compare(&out, c, ASSOC_SET_EQUAL, NULL, 2), ASSOC_EINVAL);
	fx_close(&f);
}

/* Whole-collection assignment: clear, then update. */
static void test_assign(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	CHECK_OK(assoc_session_commit(f.s));
	const assoc_value vals[] = { T("black"), T("red"), T("black") };
	CHECK_OK(assoc_collection_assign(c, NULL, vals, 3));
	CHECK_INT(fx_len(c), 2);
	int in;
	CHECK_OK(assoc_collection_contains(&in, c, T("black")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_contains(&in, c, T("green")));
	CHECK_INT(in, 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "black,red");
	fx_close(&f);
}

/* Positional and dict operations do not apply to a set; nothing changes. */
static void test_type_errors(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u);
	assoc_value v;
	assoc_valuelist *l = NULL;
	const assoc_value one[] = { T("x") };
	CHECK_ERR(assoc_collection_insert(c, 0, T("x")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("tag_names");
	CHECK_ERR(assoc_collection_set(c, 0, T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_pop(&v, c, 0), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_get_slice(&l, c, 0, 1), ASSOC_ETYPE);
	CHECK(l == NULL);
	CHECK_ERR(assoc_collection_set_slice(c, 0, 1, one, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_delete_slice(c, 0, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_lookup(&v, c, T("red")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_put(c, T("red"), T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_delete_key(c, T("red")), ASSOC_ETYPE);
	/* values of the wrong type, alone or among others */
	CHECK_ERR(assoc_collection_append(c, I(1)), ASSOC_ETYPE);
	const assoc_value mixed[] = { T("black"), I(1) };
	CHECK_ERR(assoc_collection_set_update(c, ASSOC_SET_UNION, mixed, 2), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_assign(c, NULL, mixed, 2), ASSOC_ETYPE);
	CHECK_STR(pm_texts(c), "red,green,blue");
	CHECK_INT(fx_len(fx_coll(u, "tags")), 3);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "keywords"), 3);
	fx_close(&f);
}

/* Changes to the relationship show through the proxy. */
static void test_relationship_shows_through(void)
{
	fx f;
	assoc_object *u;
	assoc_collection *c = open_rgb(&f, &u), *tags = fx_coll(u, "tags");
	assoc_object *k = fx_new(&f, "Keyword");
	fx_set_text(k, "keyword", "teal");
	fx_append(tags, k);
	fx_append(tags, k);
	CHECK_STR(pm_texts(c), "red,green,blue,teal");
	fx_set_text(k, "keyword", "cyan");
	int in;
	CHECK_OK(assoc_collection_contains(&in, c, T("cyan")));
	CHECK_INT(in, 1);
	CHECK_OK(assoc_collection_discard(tags, O(fx_at(tags, 0))));
	CHECK_STR(pm_texts(c), "green,blue,cyan");
	/* removing through the proxy removes that member */
	CHECK_OK(assoc_collection_remove(c, T("cyan")));
	CHECK(!fx_contains(tags, k));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, DB_TAGS), "blue,green");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_add_contains),
		TEST(test_discard_remove_clear),
		TEST(test_set_op),
		TEST(test_set_update_union),
		TEST(test_set_update_intersection),
		TEST(test_set_update_difference),
		TEST(test_set_update_symmetric_difference),
		TEST(test_set_compare),
		TEST(test_assign),
		TEST(test_type_errors),
		TEST(test_relationship_shows_through),
	};
	return CHECK_RUN(tests, argc, argv);
}
