/*
 * test_schema_errors.c - what the registry refuses, and how it says so; the
 * option struct initialisers.
 */
#include <string.h>

#include "fixtures.h"

static assoc_registry *new_reg(void)
{
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK(reg != NULL);
	return reg;
}

static void test_duplicate_table_and_column(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *t = fx_table_id(reg, "users");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	assoc_table *again = NULL;
	CHECK_ERR(assoc_table_new(&again, reg, "users"), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("users");
	CHECK_ERR(assoc_table_add_column(t, "name", ASSOC_TYPE_INTEGER, NULL), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("name");
	CHECK_ERR(assoc_table_add_column(t, "id", ASSOC_TYPE_TEXT, NULL), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("id");
	/* nothing was added by the failed calls */
	CHECK_INT(assoc_table_column_count(t), 2);
	assoc_registry_free(reg);
}

static void test_unknown_table_in_foreign_key(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *t = fx_table_id(reg, "addresses");
	fx_fk(t, "user_id", "no_such_users.id");
	/* string references resolve late (tables may come in any order), so the
	 * error comes at configure time at the latest, naming the missing table */
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("no_such_users");
	CHECK(!assoc_registry_is_configured(reg));
	assoc_registry_free(reg);
}

static void test_unknown_column_in_foreign_key(void)
{
	assoc_registry *reg = new_reg();
	fx_table_id(reg, "users");
	assoc_table *t = fx_table_id(reg, "addresses");
	fx_fk(t, "user_id", "users.no_such_column");
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("no_such_column");
	assoc_registry_free(reg);
}

static void test_bad_composite_foreign_key(void)
{
	assoc_registry *reg = new_reg();
	fx_table_id(reg, "users");
	assoc_table *t = fx_table_id(reg, "addresses");
	fx_col(t, "user_id", ASSOC_TYPE_INTEGER);
	const char *missing[] = { "nope_col" };
	const char *ref[] = { "id" };
	CHECK_ERR(assoc_table_add_foreign_key(t, 1, missing, "users", ref, NULL), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nope_col");
	const char *cols[] = { "user_id" };
	CHECK_ERR(assoc_table_add_foreign_key(t, 0, cols, "users", ref, NULL), ASSOC_EINVAL);
	const char *uq[] = { "ghost" };
	CHECK_ERR(assoc_table_add_unique(t, 1, uq, NULL), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("ghost");
	assoc_registry_free(reg);
}

/* ASSOC_TYPE_INFER needs a foreign key to infer from. */
static void test_infer_without_foreign_key(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *t = fx_table_id(reg, "things");
	int rc = assoc_table_add_column(t, "mystery", ASSOC_TYPE_INFER, NULL);
	if (rc == 0) /* allowed to be caught at configure instead */
		rc = assoc_registry_configure(reg);
	CHECK(rc == ASSOC_EINVAL || rc == ASSOC_ETYPE || rc == ASSOC_ECONFIG);
	CHECK_INT(assoc_error_last()->code, rc);
	CHECK_MSG_CONTAINS("mystery");
	CHECK(!assoc_registry_is_configured(reg));
	assoc_registry_free(reg);
}

static int add_with_default(assoc_table *t, const char *name, assoc_type type, assoc_value v)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.has_default = 1;
	o.default_value = v;
	return assoc_table_add_column(t, name, type, &o);
}

/* A default must fit its column's type: refused when added, or at configure for an inferred type. */
static void test_defaults_fit_their_type(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *t = fx_table_id(reg, "users");
	CHECK_ERR(add_with_default(t, "age", ASSOC_TYPE_INTEGER, assoc_value_text("abc")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("default of column 'users.age'");
	CHECK_MSG_CONTAINS("cannot take TEXT");
	CHECK_ERR(add_with_default(t, "seen", ASSOC_TYPE_DATETIME, assoc_value_text("not a date")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("'not a date' is not ISO-8601");
	CHECK_ERR(add_with_default(t, "ok", ASSOC_TYPE_BOOLEAN, assoc_value_integer(2)), ASSOC_ETYPE);
	CHECK_ERR(add_with_default(t, "price", ASSOC_TYPE_NUMERIC, assoc_value_text("1e")), ASSOC_ETYPE);
	CHECK_INT(assoc_table_column_count(t), 1); /* none of them added */
	CHECK_OK(add_with_default(t, "seen", ASSOC_TYPE_DATETIME, assoc_value_text("2026-12-02 10:00:00")));
	CHECK_OK(add_with_default(t, "score", ASSOC_TYPE_REAL, assoc_value_integer(3))); /* converted, as values are */
	CHECK_OK(add_with_default(t, "age", ASSOC_TYPE_INTEGER, assoc_value_integer(0)));
	/* an inferred column's default is checked once its type is known */
	assoc_table *posts = fx_table_id(reg, "posts");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "users.id";
	o.has_default = 1;
	o.default_value = assoc_value_text("nobody");
	CHECK_OK(assoc_table_add_column(posts, "user_id", ASSOC_TYPE_INFER, &o));
	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("posts.user_id");
	assoc_registry_free(reg);
}

static void test_bad_arguments(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *t = fx_table_id(reg, "things");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.version = 999;
	CHECK_ERR(assoc_table_add_column(t, "x", ASSOC_TYPE_TEXT, &o), ASSOC_EINVAL);
	CHECK_ERR(assoc_table_add_column(t, "y", (assoc_type)42, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_table_add_column(t, NULL, ASSOC_TYPE_TEXT, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_table_add_column(NULL, "z", ASSOC_TYPE_TEXT, NULL), ASSOC_EINVAL);
	/* a default is copied, never an object */
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.has_default = 1;
	o.default_value.kind = ASSOC_OBJECT;
	o.default_value.u.object = NULL;
	CHECK_ERR2(assoc_table_add_column(t, "w", ASSOC_TYPE_TEXT, &o), ASSOC_EINVAL, ASSOC_ETYPE);
	CHECK_ERR2(assoc_registry_set_naming_convention(reg, "zz", "x_%(table_name)s"), ASSOC_EINVAL,
	           ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("zz");
	CHECK_INT(assoc_table_column_count(t), 1);
	assoc_registry_free(reg);
}

static void test_option_initialisers(void)
{
	assoc_column_options c;
	memset(&c, 0x5a, sizeof c);
	CHECK_OK(assoc_column_options_init(&c, ASSOC_COLUMN_OPTIONS_VERSION));
	CHECK_INT(c.version, ASSOC_COLUMN_OPTIONS_VERSION);
	CHECK(c.primary_key == 0 && c.nullable == -1 && c.autoincrement == -1 && c.unique == 0);
	CHECK(c.foreign_key == NULL && c.has_default == 0 && c.default_value.kind == ASSOC_NULL);
	CHECK(c.on_delete == ASSOC_FK_NO_ACTION && c.on_update == ASSOC_FK_NO_ACTION);
	CHECK_ERR(assoc_column_options_init(&c, 999), ASSOC_EINVAL);

	assoc_fk_options fo;
	CHECK_OK(assoc_fk_options_init(&fo, ASSOC_FK_OPTIONS_VERSION));
	CHECK(fo.version == ASSOC_FK_OPTIONS_VERSION && fo.name == NULL);

	assoc_relationship_options r;
	CHECK_OK(assoc_relationship_options_init(&r, ASSOC_RELATIONSHIP_OPTIONS_VERSION));
	CHECK(r.target == NULL && r.uselist == -1 && r.passive_updates == 1 &&
	      r.collection == ASSOC_COLLECTION_LIST && r.lazy == ASSOC_LAZY_DEFAULT);

	assoc_session_options so;
	CHECK_OK(assoc_session_options_init(&so, ASSOC_SESSION_OPTIONS_VERSION));
	CHECK(so.autoflush == 1 && so.expire_on_commit == 1);
}

static void test_no_changes_after_configure(void)
{
	assoc_registry *reg = new_reg();
	fx_users_addresses(reg, NULL, NULL);
	CHECK_OK(assoc_registry_configure(reg));
	CHECK(assoc_registry_is_configured(reg));
	assoc_table *users = NULL, *t = NULL;
	CHECK_OK(assoc_registry_table(&users, reg, "users"));
	assoc_mapper *user = NULL, *m = NULL;
	CHECK_OK(assoc_registry_mapper(&user, reg, "User"));

	CHECK_ERR(assoc_table_new(&t, reg, "late"), ASSOC_ESTATE);
	CHECK_ERR(assoc_table_add_column(users, "late", ASSOC_TYPE_TEXT, NULL), ASSOC_ESTATE);
	const char *cols[] = { "name" };
	CHECK_ERR(assoc_table_add_unique(users, 1, cols, NULL), ASSOC_ESTATE);
	const char *fkcols[] = { "id" };
	CHECK_ERR(assoc_table_add_foreign_key(users, 1, fkcols, "users", fkcols, NULL), ASSOC_ESTATE);
	CHECK_ERR(assoc_registry_set_naming_convention(reg, "fk", "fk_%(table_name)s"), ASSOC_ESTATE);
	CHECK_ERR(assoc_mapper_new(&m, reg, "Late", "users"), ASSOC_ESTATE);
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Address";
	CHECK_ERR(assoc_mapper_add_relationship(user, "more_addresses", &r), ASSOC_ESTATE);

	/* the registry is as it was */
	CHECK_INT(assoc_table_column_count(users), 2);
	CHECK_ERR(assoc_registry_table(&t, reg, "late"), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_registry_mapper(&m, reg, "Late"), ASSOC_ENOTFOUND);
	assoc_attr *a = NULL;
	CHECK_ERR(assoc_mapper_attr(&a, user, "more_addresses"), ASSOC_ENOTFOUND);
	assoc_registry_free(reg);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_duplicate_table_and_column),
		TEST(test_unknown_table_in_foreign_key),
		TEST(test_unknown_column_in_foreign_key),
		TEST(test_bad_composite_foreign_key),
		TEST(test_infer_without_foreign_key),
		TEST(test_defaults_fit_their_type),
		TEST(test_bad_arguments),
		TEST(test_option_initialisers),
		TEST(test_no_changes_after_configure),
	};
	return CHECK_RUN(tests, argc, argv);
}
