/*
 * test_schema.c - tables, typed columns, keys, constraints, naming conventions,
 * type inference from foreign keys, create_all and drop_all.
 */
#include <string.h>

#include "fixtures.h"

static void new_reg(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	CHECK(f->reg != NULL);
}

static void test_tables_and_columns(void)
{
	fx f;
	new_reg(&f);
	assoc_table *users = fx_table_id(f.reg, "users");
	fx_col(users, "name", ASSOC_TYPE_TEXT);
	fx_col(users, "age", ASSOC_TYPE_INTEGER);
	fx_table_id(f.reg, "other");

	assoc_table *found = NULL;
	CHECK_OK(assoc_registry_table(&found, f.reg, "users"));
	CHECK(found == users);
	CHECK_STR(assoc_table_name(users), "users");
	CHECK_INT(assoc_table_column_count(users), 3);
	CHECK_STR(assoc_table_column_name(users, 0), "id");
	CHECK_STR(assoc_table_column_name(users, 1), "name");
	CHECK_STR(assoc_table_column_name(users, 2), "age");
	CHECK_ERR(assoc_registry_table(&found, f.reg, "nobody"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("nobody");
	fx_close(&f);
}

/* One column of each of the 7 types, written through a mapper and read back
 * in a new session; the database holds the SQLite storage class expected. */
static void test_all_seven_types_round_trip(void)
{
	fx f;
	new_reg(&f);
	assoc_table *t = fx_table_id(f.reg, "things");
	fx_col(t, "i", ASSOC_TYPE_INTEGER);
	fx_col(t, "r", ASSOC_TYPE_REAL);
	fx_col(t, "t", ASSOC_TYPE_TEXT);
	fx_col(t, "b", ASSOC_TYPE_BLOB);
	fx_col(t, "flag", ASSOC_TYPE_BOOLEAN);
	fx_col(t, "n", ASSOC_TYPE_NUMERIC);
	fx_col(t, "at", ASSOC_TYPE_DATETIME);
	fx_mapper(f.reg, "Thing", "things");
	fx_open(&f);

	static const unsigned char blob[] = { 0, 1, 2, 255 };
	assoc_object *o = fx_new(&f, "Thing");
	fx_set_int(o, "i", 42);
	fx_set(o, "r", assoc_value_real(2.5));
	fx_set_text(o, "t", "some text");
	fx_set(o, "b", assoc_value_blob(blob, sizeof blob));
	fx_set_int(o, "flag", 1);
	fx_set(o, "n", assoc_value_real(1.25));
	fx_set_text(o, "at", "2024-02-29 13:45:00");
	CHECK_OK(assoc_session_add(f.s, o));
	assoc_object *empty = fx_new(&f, "Thing");
	CHECK_OK(assoc_session_add(f.s, empty));
	CHECK_OK(assoc_session_commit(f.s));

	CHECK_STR(fx_sql_text(f.eng, "SELECT typeof(i) || typeof(r) || typeof(t) || typeof(b) || "
	                             "typeof(flag) || typeof(at) FROM things WHERE id = 1"),
	          "integerrealtextblobintegertext");
	CHECK_INT(fx_sql_int(f.eng, "SELECT n = 1.25 FROM things WHERE id = 1"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM things WHERE id = 2 AND i IS NULL AND "
	                            "r IS NULL AND t IS NULL AND b IS NULL AND flag IS NULL AND "
	                            "n IS NULL AND at IS NULL"),
	          1);

	fx_new_session(&f);
	assoc_object *got = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Thing"), &pk, 1));
	CHECK(got != NULL);
	CHECK_INT(fx_get_int(got, "i"), 42);
	assoc_value v;
	CHECK_OK(assoc_object_get(got, "r", &v));
	CHECK(v.kind == ASSOC_REAL && v.u.real == 2.5);
	CHECK_STR(fx_get_text(got, "t"), "some text");
	CHECK_OK(assoc_object_get(got, "b", &v));
	CHECK(v.kind == ASSOC_BLOB && v.u.bytes.len == 4 && memcmp(v.u.bytes.data, blob, 4) == 0);
	CHECK_INT(fx_get_int(got, "flag"), 1);
	CHECK_OK(assoc_object_get(got, "n", &v));
	CHECK((v.kind == ASSOC_REAL && v.u.real == 1.25) ||
	      (v.kind == ASSOC_TEXT && strcmp(v.u.bytes.data, "1.25") == 0));
	CHECK_STR(fx_get_text(got, "at"), "2024-02-29 13:45:00");

	pk = assoc_value_integer(2);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Thing"), &pk, 1));
	CHECK(got != NULL);
	const char *cols[] = { "i", "r", "t", "b", "flag", "n", "at" };
	for (size_t i = 0; i < 7; i++)
		CHECK(fx_is_null(got, cols[i]));
	fx_close(&f);
}

static void test_nullable_and_primary_keys(void)
{
	fx f;
	new_reg(&f);
	assoc_table *t = fx_table_id(f.reg, "people");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.nullable = 0;
	CHECK_OK(assoc_table_add_column(t, "required", ASSOC_TYPE_TEXT, &o));
	fx_col(t, "optional", ASSOC_TYPE_TEXT);

	assoc_table *pair = fx_table(f.reg, "pairs");
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(pair, "x", ASSOC_TYPE_INTEGER, &o));
	CHECK_OK(assoc_table_add_column(pair, "y", ASSOC_TYPE_TEXT, &o));
	fx_col(pair, "note", ASSOC_TYPE_TEXT);
	fx_open(&f);

	CHECK_INT(fx_sql_int(f.eng, "SELECT \"notnull\" FROM pragma_table_info('people') "
	                            "WHERE name = 'required'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT \"notnull\" FROM pragma_table_info('people') "
	                            "WHERE name = 'optional'"), 0);
	CHECK_INT(fx_sql_int(f.eng, "SELECT pk FROM pragma_table_info('people') WHERE name = 'id'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT pk FROM pragma_table_info('pairs') WHERE name = 'x'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT pk FROM pragma_table_info('pairs') WHERE name = 'y'"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT pk FROM pragma_table_info('pairs') WHERE name = 'note'"), 0);

	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO people (optional) VALUES ('x')"),
	          ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO people (required) VALUES ('x')"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO pairs (x, y) VALUES (1, 'a')"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO pairs (x, y) VALUES (1, 'b')"));
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO pairs (x, y) VALUES (1, 'a')"),
	          ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "pairs"), 2);
	/* a composite primary key column is NOT NULL too */
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO pairs (x, y) VALUES (2, NULL)"),
	          ASSOC_ECONSTRAINT);
	fx_close(&f);
}

static void test_autoincrement_integer_key(void)
{
	fx f;
	new_reg(&f);
	assoc_table *t = fx_table_id(f.reg, "items");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	fx_mapper(f.reg, "Item", "items");
	fx_open(&f);
	assoc_object *a = fx_add(&f, "Item", "name", "a");
	assoc_object *b = fx_add(&f, "Item", "name", "b");
	CHECK(fx_is_null(a, "id"));
	CHECK_OK(assoc_session_flush(f.s));
	int64_t ida = fx_get_int(a, "id"), idb = fx_get_int(b, "id");
	CHECK(ida > 0 && idb > 0 && ida != idb);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM items WHERE id IS NOT NULL"), 2);
	/* the database generates keys for plain INSERTs too */
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO items (name) VALUES ('c')"));
	CHECK(fx_sql_int(f.eng, "SELECT id FROM items WHERE name = 'c'") > idb);
	fx_close(&f);
}

static void test_foreign_key_actions(void)
{
	fx f;
	new_reg(&f);
	fx_table_id(f.reg, "parents");
	assoc_table *t = fx_table_id(f.reg, "children");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "parents.id";
	o.on_delete = ASSOC_FK_CASCADE;
	CHECK_OK(assoc_table_add_column(t, "parent_id", ASSOC_TYPE_INTEGER, &o));
	t = fx_table_id(f.reg, "orphans");
	o.on_delete = ASSOC_FK_SET_NULL;
	CHECK_OK(assoc_table_add_column(t, "parent_id", ASSOC_TYPE_INTEGER, &o));

	t = fx_table(f.reg, "codes");
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(t, "code", ASSOC_TYPE_TEXT, &o));
	t = fx_table_id(f.reg, "coded");
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "codes.code";
	o.on_update = ASSOC_FK_CASCADE;
	o.on_delete = ASSOC_FK_RESTRICT;
	CHECK_OK(assoc_table_add_column(t, "code", ASSOC_TYPE_TEXT, &o));
	fx_open(&f);

	CHECK_STR(fx_sql_text(f.eng, "SELECT \"table\" || '.' || \"to\" || ' ' || on_delete || ' ' || "
	                             "on_update FROM pragma_foreign_key_list('children')"),
	          "parents.id CASCADE NO ACTION");
	CHECK_STR(fx_sql_text(f.eng, "SELECT on_delete FROM pragma_foreign_key_list('orphans')"),
	          "SET NULL");
	CHECK_STR(fx_sql_text(f.eng, "SELECT on_delete || ' ' || on_update "
	                             "FROM pragma_foreign_key_list('coded')"),
	          "RESTRICT CASCADE");

	/* foreign keys are enforced */
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO children (parent_id) VALUES (99)"),
	          ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO parents (id) VALUES (1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO children (parent_id) VALUES (1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO orphans (parent_id) VALUES (1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM parents WHERE id = 1"));
	CHECK_INT(fx_count(f.eng, "children"), 0);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM orphans WHERE parent_id IS NULL"), 1);

	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO codes (code) VALUES ('old')"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO coded (code) VALUES ('old')"));
	CHECK_OK(assoc_engine_exec(f.eng, "UPDATE codes SET code = 'new'"));
	CHECK_STR(fx_sql_text(f.eng, "SELECT code FROM coded"), "new");
	CHECK_ERR(assoc_engine_exec(f.eng, "DELETE FROM codes"), ASSOC_ECONSTRAINT);
	fx_close(&f);
}

static void test_composite_foreign_key(void)
{
	fx f;
	new_reg(&f);
	assoc_table *p = fx_table(f.reg, "versions");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(p, "doc", ASSOC_TYPE_TEXT, &o));
	CHECK_OK(assoc_table_add_column(p, "rev", ASSOC_TYPE_INTEGER, &o));
	assoc_table *c = fx_table_id(f.reg, "comments");
	fx_col(c, "doc", ASSOC_TYPE_TEXT);
	fx_col(c, "rev", ASSOC_TYPE_INTEGER);
	const char *cols[] = { "doc", "rev" };
	assoc_fk_options fo = ASSOC_FK_OPTIONS_INIT;
	fo.on_delete = ASSOC_FK_CASCADE;
	fo.name = "fk_comment_version";
	CHECK_OK(assoc_table_add_foreign_key(c, 2, cols, "versions", cols, &fo));
	fx_open(&f);

	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM pragma_foreign_key_list('comments') "
	                            "WHERE \"table\" = 'versions' AND on_delete = 'CASCADE'"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(DISTINCT id) FROM pragma_foreign_key_list('comments')"),
	          1);
	const char *name = NULL;
	CHECK_OK(assoc_table_constraint_name(&name, c, "fk", "doc"));
	CHECK_STR(name, "fk_comment_version");
	CHECK_INT(fx_sql_int(f.eng, "SELECT instr(sql, 'fk_comment_version') > 0 FROM sqlite_master "
	                            "WHERE name = 'comments'"), 1);

	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO versions VALUES ('a', 1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO comments (doc, rev) VALUES ('a', 1)"));
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO comments (doc, rev) VALUES ('a', 2)"),
	          ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_engine_exec(f.eng, "DELETE FROM versions"));
	CHECK_INT(fx_count(f.eng, "comments"), 0);
	fx_close(&f);
}

static void test_unique_constraints_and_index(void)
{
	fx f;
	new_reg(&f);
	CHECK_OK(assoc_registry_set_naming_convention(f.reg, "uq", "uq_%(table_name)s_%(column_0_name)s"));
	assoc_table *t = fx_table_id(f.reg, "members");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.unique = 1;
	CHECK_OK(assoc_table_add_column(t, "email", ASSOC_TYPE_TEXT, &o));
	fx_col(t, "team", ASSOC_TYPE_TEXT);
	fx_col(t, "number", ASSOC_TYPE_INTEGER);
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.index = 1;
	CHECK_OK(assoc_table_add_column(t, "nick", ASSOC_TYPE_TEXT, &o));
	const char *pair[] = { "team", "number" };
	CHECK_OK(assoc_table_add_unique(t, 2, pair, "uq_team_number"));
	fx_open(&f);

	const char *name = NULL;
	CHECK_OK(assoc_table_constraint_name(&name, t, "uq", "email"));
	CHECK_STR(name, "uq_members_email");
	CHECK_INT(fx_sql_int(f.eng, "SELECT instr(sql, 'uq_team_number') > 0 FROM sqlite_master "
	                            "WHERE name = 'members'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM pragma_index_list('members') AS il, "
	                            "pragma_index_info(il.name) AS ii WHERE ii.name = 'nick'"), 1);

	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO members (email, team, number) VALUES ('a@x', 'red', 1)"));
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO members (email, team, number) VALUES ('a@x', 'red', 2)"),
	          ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO members (email, team, number) VALUES ('b@x', 'red', 2)"));
	CHECK_ERR(assoc_engine_exec(f.eng, "INSERT INTO members (email, team, number) VALUES ('c@x', 'red', 2)"),
	          ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO members (email, team, number) VALUES ('c@x', 'blue', 2)"));
	CHECK_INT(fx_count(f.eng, "members"), 3);
	fx_close(&f);
}

/* Seed 002: the association table's constraints are named by the convention,
 * and its columns take the types of the keys they reference. */
static void test_naming_convention_and_inferred_types(void)
{
	fx f;
	new_reg(&f);
	fx_teachers_students(f.reg);
	fx_open(&f);
	assoc_table *ts = NULL;
	CHECK_OK(assoc_registry_table(&ts, f.reg, "teacher_students"));
	const char *name = NULL;
	CHECK_OK(assoc_table_constraint_name(&name, ts, "fk", "teacher_id"));
	CHECK_STR(name, "fk_teacher_students_teacher_id_teachers");
	CHECK_OK(assoc_table_constraint_name(&name, ts, "fk", "student_id"));
	CHECK_STR(name, "fk_teacher_students_student_id_students");
	CHECK_INT(fx_sql_int(f.eng, "SELECT instr(sql, 'fk_teacher_students_teacher_id_teachers') > 0 "
	                            "AND instr(sql, 'fk_teacher_students_student_id_students') > 0 "
	                            "FROM sqlite_master WHERE name = 'teacher_students'"), 1);
	CHECK_INT(fx_sql_int(f.eng,
	                     "SELECT (SELECT type FROM pragma_table_info('teacher_students') WHERE name = 'teacher_id') "
	                     "= (SELECT type FROM pragma_table_info('teachers') WHERE name = 'id')"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM pragma_table_info('teacher_students') WHERE pk > 0"), 2);
	fx_close(&f);
}

static void test_infer_from_text_key(void)
{
	fx f;
	new_reg(&f);
	assoc_table *g = fx_table(f.reg, "groups");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(g, "code", ASSOC_TYPE_TEXT, &o));
	assoc_table *m = fx_table_id(f.reg, "memberships");
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "groups.code";
	CHECK_OK(assoc_table_add_column(m, "group_code", ASSOC_TYPE_INFER, &o));
	fx_mapper(f.reg, "Membership", "memberships");
	fx_open(&f);
	CHECK_INT(fx_sql_int(f.eng,
	                     "SELECT (SELECT type FROM pragma_table_info('memberships') WHERE name = 'group_code') "
	                     "= (SELECT type FROM pragma_table_info('groups') WHERE name = 'code')"), 1);
	assoc_object *ms = fx_new(&f, "Membership");
	CHECK_ERR(assoc_object_set(ms, "group_code", assoc_value_integer(5)), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("group_code");
	fx_set_text(ms, "group_code", "admins");
	CHECK_STR(fx_get_text(ms, "group_code"), "admins");
	fx_close(&f);
}

static void test_create_all_and_drop_all(void)
{
	fx f;
	new_reg(&f);
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	const char *count_sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	                        "AND name IN ('users', 'addresses')";
	CHECK_INT(fx_sql_int(f.eng, count_sql), 2);
	/* no naming convention and no explicit name: the constraint has no name */
	assoc_table *addresses = NULL;
	const char *name = "sentinel";
	CHECK_OK(assoc_registry_table(&addresses, f.reg, "addresses"));
	CHECK_OK(assoc_table_constraint_name(&name, addresses, "fk", "user_id"));
	CHECK(name == NULL);
	/* tables already present are left alone */
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO users (id, name) VALUES (1, 'kept')"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO addresses (email, user_id) VALUES ('e', 1)"));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "kept");

	/* children are dropped before parents, so rows do not block the drop */
	assoc_session_free(f.s);
	f.s = NULL;
	CHECK_OK(assoc_engine_drop_all(f.eng, f.reg));
	CHECK_INT(fx_sql_int(f.eng, count_sql), 0);
	CHECK_OK(assoc_engine_drop_all(f.eng, f.reg)); /* nothing left to drop */
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	CHECK_INT(fx_sql_int(f.eng, count_sql), 2);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_tables_and_columns),
		TEST(test_all_seven_types_round_trip),
		TEST(test_nullable_and_primary_keys),
		TEST(test_autoincrement_integer_key),
		TEST(test_foreign_key_actions),
		TEST(test_composite_foreign_key),
		TEST(test_unique_constraints_and_index),
		TEST(test_naming_convention_and_inferred_types),
		TEST(test_infer_from_text_key),
		TEST(test_create_all_and_drop_all),
	};
	return CHECK_RUN(tests, argc, argv);
}
