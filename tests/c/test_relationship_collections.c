/*
 * test_relationship_collections.c - LIST, SET and DICT collections, and
 * order_by on loading.
 */
#include <string.h>

#include "fixtures.h"

/*
 * users(id, name); addresses(id, email, user_id) as User.addresses LIST
 * ordered by "email DESC"; tags through user_tags as User.tags SET;
 * notes(id, keyword, body, user_id) as User.notes DICT keyed by keyword.
 */
static void open_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, "email DESC");
	assoc_table *t = fx_table_id(f->reg, "tags");
	fx_col(t, "label", ASSOC_TYPE_TEXT);
	assoc_table *ut = fx_table(f->reg, "user_tags");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(ut, "user_id", ASSOC_TYPE_INFER, &o));
	o.foreign_key = "tags.id";
	CHECK_OK(assoc_table_add_column(ut, "tag_id", ASSOC_TYPE_INFER, &o));
	assoc_table *n = fx_table_id(f->reg, "notes");
	fx_col(n, "keyword", ASSOC_TYPE_TEXT);
	fx_col(n, "body", ASSOC_TYPE_TEXT);
	fx_fk(n, "user_id", "users.id");
	fx_mapper(f->reg, "Tag", "tags");
	fx_mapper(f->reg, "Note", "notes");
	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, f->reg, "User"));
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Tag";
	r.secondary = "user_tags";
	r.collection = ASSOC_COLLECTION_SET;
	r.order_by = "label";
	CHECK_OK(assoc_mapper_add_relationship(user, "tags", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Note";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = "keyword";
	CHECK_OK(assoc_mapper_add_relationship(user, "notes", &r));
	fx_open(f);
}

static assoc_object *make(fx *f, const char *mapper, const char *attr, const char *text)
{
	assoc_object *o = fx_new(f, mapper);
	fx_set_text(o, attr, text);
	return o;
}

static assoc_object *reload_user(fx *f, int64_t id)
{
	fx_new_session(f);
	assoc_object *u = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&u, f->s, fx_m(f, "User"), &pk, 1));
	CHECK(u != NULL);
	return u;
}

static void test_list(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_LIST);
	assoc_object *b = make(&f, "Address", "email", "b"), *a = make(&f, "Address", "email", "a"),
	             *c2 = make(&f, "Address", "email", "c");
	fx_append(c, b);
	fx_append(c, a);
	CHECK_OK(assoc_collection_insert(c, 1, assoc_value_object(c2)));
	CHECK_INT(fx_len(c), 3);
	CHECK(fx_at(c, 0) == b && fx_at(c, 1) == c2 && fx_at(c, 2) == a);
	size_t idx = 99;
	CHECK_OK(assoc_collection_index(&idx, c, assoc_value_object(a)));
	CHECK_INT(idx, 2);
	assoc_value v;
	CHECK_ERR(assoc_collection_get(&v, c, 3), ASSOC_ERANGE);
	CHECK_ERR(assoc_collection_insert(c, 5, assoc_value_object(a)), ASSOC_ERANGE);
	CHECK_ERR(assoc_collection_pop(&v, c, 3), ASSOC_ERANGE);
	/* members are objects of the target mapper */
	CHECK_ERR(assoc_collection_append(c, assoc_value_text("d")), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_append(c, assoc_value_object(u)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_lookup(&v, c, assoc_value_text("a")), ASSOC_ETYPE);
	CHECK_OK(assoc_session_commit(f.s));

	/* loaded in order_by order: email DESC */
	assoc_object *u2 = reload_user(&f, 1);
	c = fx_coll(u2, "addresses");
	CHECK_INT(fx_len(c), 3);
	CHECK_STR(fx_get_text(fx_at(c, 0), "email"), "c");
	CHECK_STR(fx_get_text(fx_at(c, 1), "email"), "b");
	CHECK_STR(fx_get_text(fx_at(c, 2), "email"), "a");
	fx_close(&f);
}

static void test_set(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = fx_coll(u, "tags");
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_SET);
	assoc_object *red = make(&f, "Tag", "label", "red"), *blue = make(&f, "Tag", "label", "blue");
	fx_append(c, red);
	fx_append(c, blue);
	fx_append(c, red); /* already there: no effect */
	CHECK_INT(fx_len(c), 2);
	CHECK(fx_contains(c, red) && fx_contains(c, blue));
	/* positional list operations are not set operations */
	assoc_object *green = make(&f, "Tag", "label", "green");
	CHECK_ERR(assoc_collection_insert(c, 0, assoc_value_object(green)), ASSOC_ETYPE);
	CHECK_ERR(assoc_collection_set(c, 0, assoc_value_object(green)), ASSOC_ETYPE);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_tags"), 2);

	assoc_object *u2 = reload_user(&f, 1);
	c = fx_coll(u2, "tags");
	CHECK_INT(fx_len(c), 2);
	CHECK_STR(fx_get_text(fx_at(c, 0), "label"), "blue"); /* order_by label */
	CHECK_STR(fx_get_text(fx_at(c, 1), "label"), "red");
	assoc_object *r = fx_at(c, 1);
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(r)));
	CHECK_ERR(assoc_collection_remove(c, assoc_value_object(r)), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_tags"), 1);
	CHECK_INT(fx_count(f.eng, "tags"), 2);
	fx_close(&f);
}

static void check_note(assoc_collection *c, const char *key, const char *body)
{
	assoc_value v;
	CHECK_OK(assoc_collection_lookup(&v, c, assoc_value_text(key)));
	CHECK(v.kind == ASSOC_OBJECT);
	CHECK_STR(fx_get_text(v.u.object, "body"), body);
	CHECK_STR(fx_get_text(v.u.object, "keyword"), key);
}

static void test_dict(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = fx_coll(u, "notes");
	CHECK_INT(assoc_collection_kind_of(c), ASSOC_COLLECTION_DICT);

	/* append files the member under its key attribute */
	assoc_object *n1 = make(&f, "Note", "body", "blue");
	fx_set_text(n1, "keyword", "color");
	fx_append(c, n1);
	check_note(c, "color", "blue");

	/* put sets the member's key attribute */
	assoc_object *n2 = make(&f, "Note", "body", "large");
	CHECK_OK(assoc_collection_put(c, assoc_value_text("size"), assoc_value_object(n2)));
	CHECK_STR(fx_get_text(n2, "keyword"), "size");
	check_note(c, "size", "large");
	CHECK_INT(fx_len(c), 2);

	assoc_value k;
	CHECK_OK(assoc_collection_key_at(&k, c, 0));
	CHECK(k.kind == ASSOC_TEXT && strcmp(k.u.bytes.data, "color") == 0);
	CHECK_OK(assoc_collection_key_at(&k, c, 1));
	CHECK(k.kind == ASSOC_TEXT && strcmp(k.u.bytes.data, "size") == 0);
	CHECK(fx_at(c, 1) == n2);
	CHECK_ERR(assoc_collection_key_at(&k, c, 2), ASSOC_ERANGE);

	assoc_value v;
	CHECK_ERR(assoc_collection_lookup(&v, c, assoc_value_text("shape")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("shape");
	CHECK_ERR(assoc_collection_delete_key(c, assoc_value_text("shape")), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM notes WHERE user_id = 1"), 2);
	CHECK_STR(fx_sql_text(f.eng, "SELECT body FROM notes WHERE keyword = 'size'"), "large");

	/* loaded again, keyed by the attribute */
	assoc_object *u2 = reload_user(&f, 1);
	c = fx_coll(u2, "notes");
	CHECK_INT(fx_len(c), 2);
	check_note(c, "color", "blue");
	check_note(c, "size", "large");

	/* put under an existing key replaces the member there */
	assoc_object *n3 = make(&f, "Note", "body", "red");
	CHECK_OK(assoc_collection_put(c, assoc_value_text("color"), assoc_value_object(n3)));
	CHECK_INT(fx_len(c), 2);
	check_note(c, "color", "red");
	CHECK_OK(assoc_collection_delete_key(c, assoc_value_text("size")));
	CHECK_INT(fx_len(c), 1);
	CHECK_ERR(assoc_collection_lookup(&v, c, assoc_value_text("size")), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_session_commit(f.s));
	/* no delete-orphan: the replaced and deleted notes lose their owner */
	CHECK_INT(fx_count(f.eng, "notes"), 3);
	CHECK_STR(fx_sql_list(f.eng, "SELECT body FROM notes WHERE user_id = 1"), "red");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM notes WHERE user_id IS NULL"), 2);
	fx_close(&f);
}

/* order_by applies to every load, including the reload after a commit. */
static void test_order_by_on_reload_after_commit(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_collection *c = fx_coll(u, "addresses");
	const char *emails[] = { "m", "z", "a", "q" };
	for (size_t i = 0; i < 4; i++)
		fx_append(c, make(&f, "Address", "email", emails[i]));
	CHECK_OK(assoc_session_commit(f.s)); /* expires: the next access reloads */
	c = fx_coll(u, "addresses");
	CHECK_INT(fx_len(c), 4);
	const char *want[] = { "z", "q", "m", "a" };
	for (size_t i = 0; i < 4; i++)
		CHECK_STR(fx_get_text(fx_at(c, i), "email"), want[i]);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_list),
		TEST(test_set),
		TEST(test_dict),
		TEST(test_order_by_on_reload_after_commit),
	};
	return CHECK_RUN(tests, argc, argv);
}
