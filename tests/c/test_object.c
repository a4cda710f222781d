/*
 * test_object.c - reading and writing attributes: type checks, defaults,
 * modification tracking.
 */
#include <string.h>

#include "fixtures.h"

/* people: one column of each type; accounts: columns with defaults. */
static void open_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "people");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	fx_col(t, "age", ASSOC_TYPE_INTEGER);
	fx_col(t, "active", ASSOC_TYPE_BOOLEAN);
	fx_col(t, "score", ASSOC_TYPE_REAL);
	fx_col(t, "joined", ASSOC_TYPE_DATETIME);
	fx_col(t, "balance", ASSOC_TYPE_NUMERIC);
	fx_col(t, "avatar", ASSOC_TYPE_BLOB);
	fx_mapper(f->reg, "Person", "people");

	t = fx_table_id(f->reg, "accounts");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.has_default = 1;
	o.nullable = 0;
	o.default_value = assoc_value_text("active");
	CHECK_OK(assoc_table_add_column(t, "status", ASSOC_TYPE_TEXT, &o));
	o.default_value = assoc_value_integer(10);
	CHECK_OK(assoc_table_add_column(t, "credits", ASSOC_TYPE_INTEGER, &o));
	o.nullable = -1;
	o.default_value = assoc_value_real(0.5);
	CHECK_OK(assoc_table_add_column(t, "ratio", ASSOC_TYPE_REAL, &o));
	fx_col(t, "label", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "Account", "accounts");
	fx_open(f);
}

/* A rejected set is ETYPE naming the attribute, and leaves the value alone. */
#define CHECK_REJECTED(obj, attr, value)                                   \
	do {                                                                   \
		CHECK_ERR(assoc_object_set((obj), (attr), (value)), ASSOC_ETYPE);  \
		CHECK_MSG_CONTAINS(attr);                                          \
	} while (0)

static void test_type_checks_name_the_attribute(void)
{
	fx f;
	open_model(&f);
	assoc_object *p = fx_new(&f, "Person");
	assoc_object *other = fx_new(&f, "Person");
	fx_set_text(p, "name", "ann");
	fx_set_int(p, "age", 30);

	CHECK_REJECTED(p, "age", assoc_value_text("thirty"));
	CHECK_REJECTED(p, "age", assoc_value_real(30.5));
	CHECK_REJECTED(p, "name", assoc_value_integer(5));
	CHECK_REJECTED(p, "name", assoc_value_object(other));
	CHECK_REJECTED(p, "age", assoc_value_object(other));
	CHECK_REJECTED(p, "active", assoc_value_integer(2));
	CHECK_REJECTED(p, "active", assoc_value_integer(-1));
	CHECK_REJECTED(p, "active", assoc_value_text("yes"));
	CHECK_REJECTED(p, "joined", assoc_value_text("yesterday"));
	CHECK_REJECTED(p, "joined", assoc_value_text("2024/01/02"));
	CHECK_REJECTED(p, "joined", assoc_value_integer(20240102));
	CHECK_REJECTED(p, "balance", assoc_value_text("lots"));
	CHECK_REJECTED(p, "score", assoc_value_text("high"));

	/* the values set before are untouched */
	CHECK_STR(fx_get_text(p, "name"), "ann");
	CHECK_INT(fx_get_int(p, "age"), 30);
	CHECK(fx_is_null(p, "active"));
	CHECK(fx_is_null(p, "joined"));
	fx_close(&f);
}

static void test_accepted_values_round_trip(void)
{
	fx f;
	open_model(&f);
	assoc_object *p = fx_new(&f, "Person");
	fx_set_int(p, "active", 0);
	fx_set_int(p, "active", 1);
	fx_set_text(p, "joined", "2024-01-02");
	fx_set_text(p, "joined", "2024-01-02 03:04");
	fx_set_text(p, "joined", "2024-01-02 03:04:05");
	fx_set_text(p, "joined", "2024-01-02 03:04:05.123");
	fx_set_int(p, "balance", 12);
	fx_set(p, "balance", assoc_value_real(12.5));
	fx_set_text(p, "balance", "12.50");
	fx_set(p, "avatar", assoc_value_blob("\x01\x00\x02", 3));
	fx_set_int(p, "score", 3); /* REAL accepts an INTEGER */
	fx_set(p, "name", assoc_value_null());
	CHECK(fx_is_null(p, "name"));
	fx_set_int(p, "age", INT64_MAX);
	assoc_object *q = fx_new(&f, "Person");
	fx_set_text(q, "name", "h\xc3\xa9llo \xe2\x9c\x93"); /* UTF-8 */
	fx_set_int(q, "age", INT64_MIN);
	CHECK_OK(assoc_session_add(f.s, p));
	CHECK_OK(assoc_session_add(f.s, q));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_get_text(q, "name"), "h\xc3\xa9llo \xe2\x9c\x93");
	CHECK_INT(fx_sql_int(f.eng, "SELECT length(name) FROM people WHERE name IS NOT NULL"), 7);
	CHECK(fx_get_int(q, "age") == INT64_MIN);
	CHECK(fx_get_int(p, "age") == INT64_MAX);

	CHECK_INT(fx_sql_int(f.eng, fx_on_postgres()
	                                ? "SELECT CAST(score = 3.0 AND pg_typeof(score) = 'double precision'::regtype AS INTEGER) "
	                                  "FROM people WHERE name IS NULL"
	                                : "SELECT score = 3.0 AND typeof(score) = 'real' FROM people WHERE name IS NULL"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT balance = 12.5 FROM people WHERE name IS NULL"), 1);
	CHECK_STR(fx_sql_text(f.eng, fx_on_postgres() /* a TIMESTAMPTZ there, printed with its zone */
	                                 ? "SELECT to_char(joined AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') "
	                                   "FROM people WHERE name IS NULL"
	                                 : "SELECT joined FROM people WHERE name IS NULL"),
	          "2024-01-02 03:04:05.123");
	CHECK_INT(fx_sql_int(f.eng, "SELECT active FROM people WHERE name IS NULL"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT length(avatar) FROM people WHERE name IS NULL"), 3);

	/* expired on commit: these reads reload from the database */
	assoc_value v;
	CHECK_OK(assoc_object_get(p, "score", &v));
	CHECK(v.kind == ASSOC_REAL && v.u.real == 3.0);
	CHECK_INT(fx_get_int(p, "active"), 1);
	if (fx_on_postgres()) /* a TIMESTAMPTZ column: the same instant comes back with its zone, "+00" */
		CHECK(!strncmp(fx_get_text(p, "joined"), "2024-01-02 03:04:05.123", 23));
	else
		CHECK_STR(fx_get_text(p, "joined"), "2024-01-02 03:04:05.123");
	CHECK_OK(assoc_object_get(p, "avatar", &v));
	CHECK(v.kind == ASSOC_BLOB && v.u.bytes.len == 3 && memcmp(v.u.bytes.data, "\x01\x00\x02", 3) == 0);
	fx_close(&f);
}

static void test_defaults_apply_at_insert(void)
{
	fx f;
	open_model(&f);
	assoc_object *plain = fx_add(&f, "Account", "label", "plain");
	assoc_object *custom = fx_add(&f, "Account", "label", "custom");
	fx_set_text(custom, "status", "frozen");
	fx_set_int(custom, "credits", 0);
	CHECK_OK(assoc_session_flush(f.s));

	CHECK_STR(fx_get_text(plain, "status"), "active");
	CHECK_INT(fx_get_int(plain, "credits"), 10);
	assoc_value v;
	CHECK_OK(assoc_object_get(plain, "ratio", &v));
	CHECK(v.kind == ASSOC_REAL && v.u.real == 0.5);
	CHECK_STR(fx_get_text(custom, "status"), "frozen");
	CHECK_INT(fx_get_int(custom, "credits"), 0);
	CHECK_OK(assoc_session_commit(f.s)); /* then any connection reads the rows as written */

	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM accounts WHERE label = 'plain' AND "
	                            "status = 'active' AND credits = 10 AND ratio = 0.5"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM accounts WHERE label = 'custom' AND "
	                            "status = 'frozen' AND credits = 0"), 1);
	fx_close(&f);
}

static void test_modification_tracking(void)
{
	fx f;
	open_model(&f);
	assoc_object *p = fx_add(&f, "Person", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_get_text(p, "name"), "ann");
	CHECK(!assoc_object_is_modified(p, "name"));
	CHECK_INT(assoc_session_dirty_count(f.s), 0);

	fx_set_text(p, "name", "anne");
	CHECK(assoc_object_is_modified(p, "name"));
	CHECK(!assoc_object_is_modified(p, "age"));
	CHECK_INT(assoc_session_dirty_count(f.s), 1);
	/* nothing reaches the database before a flush */
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM people"), "ann");
	CHECK_OK(assoc_session_flush(f.s));
	CHECK(!assoc_object_is_modified(p, "name"));
	CHECK_INT(assoc_session_dirty_count(f.s), 0);
	CHECK_OK(assoc_session_commit(f.s)); /* then any connection reads the row as written */
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM people"), "anne");
	CHECK_STR(fx_get_text(p, "name"), "anne");
	fx_close(&f);
}

/* Changing the primary key of a persistent object updates its row. */
static void test_integer_key_change(void)
{
	fx f;
	open_model(&f);
	assoc_object *p = fx_add(&f, "Person", "name", "ann");
	fx_set_int(p, "id", 7);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_get_int(p, "id"), 7);
	fx_set_int(p, "id", 8);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT id FROM people WHERE name = 'ann'"), 8);
	assoc_object *got = NULL;
	assoc_value pk = assoc_value_integer(8);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Person"), &pk, 1));
	CHECK(got == p);
	pk = assoc_value_integer(7);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Person"), &pk, 1));
	CHECK(got == NULL);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_type_checks_name_the_attribute),
		TEST(test_accepted_values_round_trip),
		TEST(test_defaults_apply_at_insert),
		TEST(test_modification_tracking),
		TEST(test_integer_key_change),
	};
	return CHECK_RUN(tests, argc, argv);
}
