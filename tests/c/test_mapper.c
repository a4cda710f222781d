/*
 * test_mapper.c - mappers, their attributes, and access by name and by attr.
 */
#include <string.h>

#include "fixtures.h"

/*
 * users / addresses (User.addresses LIST <-> Address.user SCALAR),
 * groups with User.groups SET through user_groups, and notes keyed by keyword
 * (User.notes DICT).
 */
static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	assoc_table *g = fx_table_id(f->reg, "groups");
	fx_col(g, "title", ASSOC_TYPE_TEXT);
	assoc_table *ug = fx_table(f->reg, "user_groups");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(ug, "user_id", ASSOC_TYPE_INFER, &o));
	o.foreign_key = "groups.id";
	CHECK_OK(assoc_table_add_column(ug, "group_id", ASSOC_TYPE_INFER, &o));
	assoc_table *n = fx_table_id(f->reg, "notes");
	fx_col(n, "keyword", ASSOC_TYPE_TEXT);
	fx_fk(n, "user_id", "users.id");
	fx_mapper(f->reg, "Group", "groups");
	fx_mapper(f->reg, "Note", "notes");

	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, f->reg, "User"));
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Group";
	r.secondary = "user_groups";
	r.collection = ASSOC_COLLECTION_SET;
	CHECK_OK(assoc_mapper_add_relationship(user, "groups", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Note";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = "keyword";
	CHECK_OK(assoc_mapper_add_relationship(user, "notes", &r));
}

static void test_mapper_lookup(void)
{
	fx f;
	build(&f);
	assoc_mapper *user = NULL, *again = NULL;
	CHECK_OK(assoc_registry_mapper(&user, f.reg, "User"));
	CHECK_OK(assoc_registry_mapper(&again, f.reg, "User"));
	CHECK(user != NULL && user == again);
	CHECK_STR(assoc_mapper_name(user), "User");
	assoc_table *users = NULL;
	CHECK_OK(assoc_registry_table(&users, f.reg, "users"));
	CHECK(assoc_mapper_table(user) == users);
	CHECK_ERR(assoc_registry_mapper(&again, f.reg, "Nobody"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("Nobody");
	assoc_mapper *dup = NULL;
	CHECK_ERR(assoc_mapper_new(&dup, f.reg, "User", "addresses"), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("User");
	fx_close(&f);
}

static void test_attr_needs_configure(void)
{
	fx f;
	build(&f);
	assoc_mapper *user = fx_m(&f, "User");
	assoc_attr *a = NULL;
	CHECK_ERR(assoc_mapper_attr(&a, user, "name"), ASSOC_ESTATE);
	/* and so does a session */
	assoc_engine *eng = NULL;
	assoc_session *s = NULL;
	CHECK_OK(assoc_engine_open(&eng, "sqlite://"));
	CHECK_ERR(assoc_session_new(&s, eng, f.reg, NULL), ASSOC_ESTATE);
	assoc_engine_free(eng);
	fx_close(&f);
}

static void check_attr(assoc_mapper *m, const char *name, assoc_attr_kind kind,
                       assoc_collection_kind ckind, assoc_mapper *target)
{
	assoc_attr *a = NULL;
	CHECK_OK(assoc_mapper_attr(&a, m, name));
	CHECK(a != NULL);
	CHECK_STR(assoc_attr_name(a), name);
	CHECK_INT(assoc_attr_kind_of(a), kind);
	CHECK(assoc_attr_mapper(a) == m);
	CHECK(assoc_attr_target(a) == target);
	CHECK_INT(assoc_attr_collection_kind(a), ckind);
	assoc_attr *again = NULL;
	CHECK_OK(assoc_mapper_attr(&again, m, name));
	CHECK(again == a); /* resolved once, the same handle every time */
}

static void test_attr_introspection(void)
{
	fx f;
	build(&f);
	fx_open(&f);
	assoc_mapper *user = fx_m(&f, "User"), *address = fx_m(&f, "Address");
	assoc_mapper *group = fx_m(&f, "Group"), *note = fx_m(&f, "Note");
	check_attr(user, "id", ASSOC_ATTR_COLUMN, ASSOC_COLLECTION_SCALAR, NULL);
	check_attr(user, "name", ASSOC_ATTR_COLUMN, ASSOC_COLLECTION_SCALAR, NULL);
	check_attr(user, "addresses", ASSOC_ATTR_RELATIONSHIP, ASSOC_COLLECTION_LIST, address);
	check_attr(user, "groups", ASSOC_ATTR_RELATIONSHIP, ASSOC_COLLECTION_SET, group);
	check_attr(user, "notes", ASSOC_ATTR_RELATIONSHIP, ASSOC_COLLECTION_DICT, note);
	check_attr(address, "user_id", ASSOC_ATTR_COLUMN, ASSOC_COLLECTION_SCALAR, NULL);
	/* many-to-one infers uselist false */
	check_attr(address, "user", ASSOC_ATTR_RELATIONSHIP, ASSOC_COLLECTION_SCALAR, user);

	/* every column and relationship is listed once, columns in table order */
	CHECK_INT(assoc_mapper_attr_count(user), 5);
	const char *seen[5] = { 0 };
	for (size_t i = 0; i < 5; i++) {
		assoc_attr *a = assoc_mapper_attr_at(user, i);
		CHECK(a != NULL);
		CHECK(assoc_attr_mapper(a) == user);
		seen[i] = assoc_attr_name(a);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(seen[i], seen[j]) != 0);
	}
	CHECK_STR(seen[0], "id");
	CHECK_STR(seen[1], "name");
	CHECK_INT(assoc_mapper_attr_count(address), 4);

	assoc_attr *a = NULL;
	CHECK_ERR(assoc_mapper_attr(&a, user, "nickname"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nickname");
	fx_close(&f);
}

/* Access by resolved attr and by name see the same state. */
static void test_get_and_set_by_attr(void)
{
	fx f;
	build(&f);
	fx_open(&f);
	assoc_mapper *user = fx_m(&f, "User"), *address = fx_m(&f, "Address");
	assoc_attr *name = NULL, *addresses = NULL, *owner = NULL, *email = NULL;
	CHECK_OK(assoc_mapper_attr(&name, user, "name"));
	CHECK_OK(assoc_mapper_attr(&addresses, user, "addresses"));
	CHECK_OK(assoc_mapper_attr(&owner, address, "user"));
	CHECK_OK(assoc_mapper_attr(&email, address, "email"));

	assoc_object *u = fx_new(&f, "User");
	assoc_object *a = fx_new(&f, "Address");
	CHECK_OK(assoc_object_set_attr(u, name, assoc_value_text("ann")));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	fx_set_text(u, "name", "bob");
	assoc_value v;
	CHECK_OK(assoc_object_get_attr(u, name, &v));
	CHECK(v.kind == ASSOC_TEXT && strcmp(v.u.bytes.data, "bob") == 0);

	CHECK_OK(assoc_object_set_attr(a, owner, assoc_value_object(u)));
	CHECK(fx_get_obj(a, "user") == u);
	CHECK_OK(assoc_object_get_attr(a, owner, &v));
	CHECK(v.kind == ASSOC_OBJECT && v.u.object == u);

	assoc_collection *c1 = NULL, *c2 = NULL;
	CHECK_OK(assoc_object_collection_attr(&c1, u, addresses));
	CHECK_OK(assoc_object_collection(&c2, u, "addresses"));
	CHECK(c1 == c2);
	CHECK(assoc_collection_owner(c1) == u);
	CHECK_INT(assoc_collection_kind_of(c1), ASSOC_COLLECTION_LIST);
	CHECK_INT(fx_len(c1), 1);
	CHECK(fx_at(c1, 0) == a);

	/* an attr of another mapper is refused */
	CHECK_ERR2(assoc_object_get_attr(u, email, &v), ASSOC_EINVAL, ASSOC_ETYPE);
	CHECK_ERR2(assoc_object_set_attr(u, email, assoc_value_text("x")), ASSOC_EINVAL, ASSOC_ETYPE);
	/* names that are not attributes */
	CHECK_ERR(assoc_object_get(u, "nickname", &v), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nickname");
	CHECK_ERR(assoc_object_set(u, "nickname", assoc_value_text("x")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nickname");
	/* a collection is not read or written as a scalar, nor a column as a collection */
	CHECK_ERR(assoc_object_set(u, "addresses", assoc_value_object(a)), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("addresses");
	assoc_collection *c3 = NULL;
	CHECK_ERR(assoc_object_collection(&c3, u, "name"), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("name");
	CHECK_ERR(assoc_object_collection(&c3, a, "user"), ASSOC_ETYPE);
	/* a scalar relationship takes objects of its target mapper only */
	assoc_object *u2 = fx_new(&f, "User");
	CHECK_ERR(assoc_object_set(u2, "name", assoc_value_object(a)), ASSOC_ETYPE);
	CHECK_ERR(assoc_object_set(a, "user", assoc_value_object(a)), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("user");
	CHECK_ERR(assoc_object_set(a, "user", assoc_value_text("ann")), ASSOC_ETYPE);
	CHECK(fx_get_obj(a, "user") == u);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_mapper_lookup),
		TEST(test_attr_needs_configure),
		TEST(test_attr_introspection),
		TEST(test_get_and_set_by_attr),
	};
	return CHECK_RUN(tests, argc, argv);
}
