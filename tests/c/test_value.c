/*
 * test_value.c - assoc_value constructors, equality and kind names.
 */
#include <string.h>

#include "fixtures.h"

static void test_null_integer_real(void)
{
	assoc_value v = assoc_value_null();
	CHECK(v.kind == ASSOC_NULL);
	v = assoc_value_integer(-9007199254740993LL);
	CHECK(v.kind == ASSOC_INTEGER);
	CHECK(v.u.integer == -9007199254740993LL);
	v = assoc_value_integer(INT64_MAX);
	CHECK(v.u.integer == INT64_MAX);
	v = assoc_value_real(2.5);
	CHECK(v.kind == ASSOC_REAL);
	CHECK(v.u.real == 2.5);
}

static void test_text_and_blob(void)
{
	const char *s = "héllo";
	assoc_value v = assoc_value_text(s);
	CHECK(v.kind == ASSOC_TEXT);
	CHECK(v.u.bytes.data == s); /* borrowed, not copied */
	CHECK_INT(v.u.bytes.len, strlen(s));

	v = assoc_value_textn("hello world", 5);
	CHECK(v.kind == ASSOC_TEXT);
	CHECK_INT(v.u.bytes.len, 5);
	CHECK(memcmp(v.u.bytes.data, "hello", 5) == 0);

	v = assoc_value_text("");
	CHECK(v.kind == ASSOC_TEXT);
	CHECK_INT(v.u.bytes.len, 0);

	/* NULL text is a NULL value */
	v = assoc_value_text(NULL);
	CHECK(v.kind == ASSOC_NULL);

	static const unsigned char bytes[] = { 0, 1, 2, 0, 255 };
	v = assoc_value_blob(bytes, sizeof bytes);
	CHECK(v.kind == ASSOC_BLOB);
	CHECK_INT(v.u.bytes.len, 5);
	CHECK(memcmp(v.u.bytes.data, bytes, 5) == 0);
}

static void test_object_null_is_null(void)
{
	assoc_value v = assoc_value_object(NULL);
	CHECK(v.kind == ASSOC_NULL);
}

static void test_equality_of_plain_values(void)
{
	assoc_value a, b;
	a = assoc_value_null(), b = assoc_value_null();
	CHECK(assoc_value_equal(&a, &b));

	a = assoc_value_integer(7), b = assoc_value_integer(7);
	CHECK(assoc_value_equal(&a, &b));
	b = assoc_value_integer(8);
	CHECK(!assoc_value_equal(&a, &b));

	/* different kinds are never equal, even when numerically so */
	a = assoc_value_integer(1), b = assoc_value_real(1.0);
	CHECK(!assoc_value_equal(&a, &b));
	a = assoc_value_null(), b = assoc_value_integer(0);
	CHECK(!assoc_value_equal(&a, &b));

	a = assoc_value_real(0.5), b = assoc_value_real(0.5);
	CHECK(assoc_value_equal(&a, &b));
	b = assoc_value_real(0.25);
	CHECK(!assoc_value_equal(&a, &b));

	/* text compares bytes and length, not pointers */
	char buf[] = "abc";
	a = assoc_value_text("ab"), b = assoc_value_textn(buf, 2);
	CHECK(assoc_value_equal(&a, &b));
	b = assoc_value_text(buf);
	CHECK(!assoc_value_equal(&a, &b));
	b = assoc_value_text("aB");
	CHECK(!assoc_value_equal(&a, &b));

	/* TEXT and BLOB with the same bytes differ by kind */
	a = assoc_value_text("xy"), b = assoc_value_blob("xy", 2);
	CHECK(!assoc_value_equal(&a, &b));

	static const unsigned char b1[] = { 1, 0, 2 }, b2[] = { 1, 0, 2 }, b3[] = { 1, 0, 3 };
	a = assoc_value_blob(b1, 3), b = assoc_value_blob(b2, 3);
	CHECK(assoc_value_equal(&a, &b));
	b = assoc_value_blob(b3, 3);
	CHECK(!assoc_value_equal(&a, &b));
	b = assoc_value_blob(b2, 2);
	CHECK(!assoc_value_equal(&a, &b));
}

static void test_equality_of_objects_is_identity(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	assoc_object *u1 = fx_new(&f, "User");
	assoc_object *u2 = fx_new(&f, "User");
	fx_set_text(u1, "name", "same");
	fx_set_text(u2, "name", "same");

	assoc_value a = assoc_value_object(u1), b = assoc_value_object(u1);
	CHECK(a.kind == ASSOC_OBJECT && a.u.object == u1);
	CHECK(assoc_value_equal(&a, &b));
	b = assoc_value_object(u2);
	CHECK(!assoc_value_equal(&a, &b));
	fx_close(&f);
}

static void test_kind_names(void)
{
	CHECK_STR(assoc_value_kind_name(ASSOC_NULL), "NULL");
	CHECK_STR(assoc_value_kind_name(ASSOC_INTEGER), "INTEGER");
	CHECK_STR(assoc_value_kind_name(ASSOC_REAL), "REAL");
	CHECK_STR(assoc_value_kind_name(ASSOC_TEXT), "TEXT");
	CHECK_STR(assoc_value_kind_name(ASSOC_BLOB), "BLOB");
	CHECK_STR(assoc_value_kind_name(ASSOC_OBJECT), "OBJECT");
	CHECK(assoc_value_kind_name((assoc_value_kind)99) != NULL);
}

/* Values passed in are borrowed for the call: the object keeps its own copy. */
static void test_text_passed_in_is_copied(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	assoc_object *u = fx_new(&f, "User");
	char name[16];
	strcpy(name, "original");
	fx_set_text(u, "name", name);
	strcpy(name, "CLOBBERED");
	CHECK_STR(fx_get_text(u, "name"), "original");

	/* a value handed out stays valid until the attribute changes */
	const char *held = fx_get_text(u, "name");
	assoc_object *a = fx_new(&f, "Address");
	fx_set_text(a, "email", "other attribute");
	CHECK_STR(held, "original");
	/* embedded length is honoured, and the copy handed out is NUL-terminated */
	fx_set(u, "name", assoc_value_textn("abcdef", 3));
	assoc_value v;
	CHECK_OK(assoc_object_get(u, "name", &v));
	CHECK(v.kind == ASSOC_TEXT && v.u.bytes.len == 3);
	CHECK(memcmp(v.u.bytes.data, "abc", 4) == 0);
	fx_close(&f);
}

/* A hand-built TEXT or BLOB with NULL data and a length is refused wherever it is passed in. */
static void test_null_data_with_length_refused(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	assoc_table *kw = fx_table(f.reg, "kw");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(kw, "word", ASSOC_TYPE_TEXT, &o));
	fx_col(kw, "data", ASSOC_TYPE_BLOB);
	fx_mapper(f.reg, "Kw", "kw");
	fx_open(&f);
	assoc_value bad[2];
	memset(bad, 0, sizeof bad);
	bad[0].kind = ASSOC_TEXT;
	bad[0].u.bytes.len = 5;
	bad[1].kind = ASSOC_BLOB;
	bad[1].u.bytes.len = 3;
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *k = fx_new(&f, "Kw");
	CHECK_ERR(assoc_object_set(u, "name", bad[0]), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("NULL data");
	CHECK_ERR(assoc_object_set(k, "data", bad[1]), ASSOC_EINVAL);
	CHECK_STR(fx_get_text(u, "name"), "ann"); /* unchanged */
	assoc_object *got;
	CHECK_ERR(assoc_session_get(&got, f.s, fx_m(&f, "Kw"), &bad[0], 1), ASSOC_EINVAL);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_ERR(assoc_query_filter_by(q, "name", bad[0]), ASSOC_EINVAL);
	assoc_expr *e;
	CHECK_ERR(assoc_expr_compare(&e, fx_m(&f, "User"), "name", ASSOC_OP_LIKE, bad[0]), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_in(&e, fx_m(&f, "User"), "name", bad, 1), ASSOC_EINVAL);
	assoc_query_free(q);
	assoc_value out;
	CHECK_ERR(assoc_engine_scalar(&out, f.eng, "SELECT ?", bad, 1), ASSOC_EINVAL);
	int has = 1;
	CHECK_ERR(assoc_collection_contains(&has, fx_coll(u, "addresses"), bad[0]), ASSOC_EINVAL);
	CHECK(!assoc_value_equal(&bad[0], &(assoc_value){ ASSOC_TEXT, { .bytes = { "abcde", 5 } } }));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "ann");
	fx_close(&f);

	/* as a column default, too */
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_table *t = fx_table_id(reg, "t");
	assoc_column_options d = ASSOC_COLUMN_OPTIONS_INIT;
	d.has_default = 1;
	d.default_value = bad[0];
	CHECK_ERR(assoc_table_add_column(t, "v", ASSOC_TYPE_TEXT, &d), ASSOC_EINVAL);
	CHECK_INT(assoc_table_column_count(t), 1);
	assoc_registry_free(reg);
}

/* Past ASSOC_MAX_LENGTH a value is refused where it comes in (its bytes are never read). */
static void test_value_past_max_length_refused(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	static const char few[8] = "abcdefg";
	assoc_value big = assoc_value_textn(few, (size_t)ASSOC_MAX_LENGTH + 1);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_ERR(assoc_object_set(u, "name", big), ASSOC_ERANGE);
	CHECK_MSG_CONTAINS("ASSOC_MAX_LENGTH");
	CHECK_STR(fx_get_text(u, "name"), "ann");
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_ERR(assoc_query_filter_by(q, "name", big), ASSOC_ERANGE);
	assoc_query_free(q);
	assoc_value out;
	CHECK_ERR(assoc_engine_scalar(&out, f.eng, "SELECT ?", &big, 1), ASSOC_ERANGE);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM users"), "ann");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_null_integer_real),
		TEST(test_text_and_blob),
		TEST(test_object_null_is_null),
		TEST(test_equality_of_plain_values),
		TEST(test_equality_of_objects_is_identity),
		TEST(test_kind_names),
		TEST(test_text_passed_in_is_copied),
		TEST(test_null_data_with_length_refused),
		TEST(test_value_past_max_length_refused),
	};
	return CHECK_RUN(tests, argc, argv);
}
