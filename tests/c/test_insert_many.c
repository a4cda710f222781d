/*
 * test_insert_many.c - many pending rows of one table go in multi-row
 * INSERTs (core/src/insert_many.c): how many statements, that every object
 * gets its own generated key, the dialect's parameter limit, a failing batch
 * that writes nothing, and allocation failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static int inserts; /* INSERT statements the library ran since the last reset */

static void count_inserts(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	(void)nparams;
	if (!strncmp(sql, "INSERT", 6))
		inserts++;
}

/* things(id generated, name, n); tags(code TEXT key, label) */
static void open_model(fx *f, int wide_columns)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "things");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	fx_col(t, "n", ASSOC_TYPE_INTEGER);
	fx_mapper(f->reg, "Thing", "things");
	assoc_table *g = fx_table(f->reg, "tags");
	assoc_column_options key = ASSOC_COLUMN_OPTIONS_INIT;
	key.primary_key = 1;
	CHECK_OK(assoc_table_add_column(g, "code", ASSOC_TYPE_TEXT, &key));
	fx_col(g, "label", ASSOC_TYPE_TEXT);
	for (int i = 0; i < wide_columns; i++) {
		char name[16];
		snprintf(name, sizeof name, "c%d", i);
		fx_col(g, name, ASSOC_TYPE_INTEGER);
	}
	fx_mapper(f->reg, "Tag", "tags");
	fx_open(f);
	CHECK_OK(assoc_engine_set_trace(f->eng, count_inserts, NULL));
	inserts = 0;
}

static assoc_mapper *mapper(fx *f, const char *name)
{
	assoc_mapper *m;
	CHECK_OK(assoc_registry_mapper(&m, f->reg, name));
	return m;
}

static assoc_object *add_thing(fx *f, int i)
{
	char name[32];
	snprintf(name, sizeof name, "thing %d", i);
	assoc_object *o;
	CHECK_OK(assoc_object_new(&o, f->s, mapper(f, "Thing")));
	CHECK_OK(assoc_object_set(o, "name", assoc_value_text(name)));
	CHECK_OK(assoc_object_set(o, "n", assoc_value_integer(i)));
	CHECK_OK(assoc_session_add(f->s, o));
	return o;
}

static assoc_object *add_tag(fx *f, const char *code, int i)
{
	assoc_object *o;
	CHECK_OK(assoc_object_new(&o, f->s, mapper(f, "Tag")));
	CHECK_OK(assoc_object_set(o, "code", assoc_value_text(code)));
	CHECK_OK(assoc_object_set(o, "label", assoc_value_text(i >= 0 ? "label" : "none")));
	CHECK_OK(assoc_session_add(f->s, o));
	return o;
}

/* Statements for n rows in chunks of at most cap (a power of two), the rest by powers of two. */
static int chunks(int n, int cap)
{
	int k = 0;
	while (n) {
		int c = cap;
		while (c > n)
			c /= 2;
		n -= c;
		k++;
	}
	return k;
}

/* 300 rows with their keys given: 128 + 128 + 32 + 8 + 4, five statements, on every dialect. */
static void test_given_keys_share_statements(void)
{
	fx f;
	open_model(&f, 0);
	for (int i = 0; i < 300; i++) {
		char code[16];
		snprintf(code, sizeof code, "t%03d", i);
		add_tag(&f, code, i);
	}
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(inserts, 5);
	CHECK_INT(fx_count(f.eng, "tags"), 300);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM tags WHERE label = 'label'"), 300);
	fx_close(&f);
}

/* Generated keys: each object gets the key of its own row (on PostgreSQL in multi-row statements). */
static void test_generated_keys_reach_their_objects(void)
{
	fx f;
	open_model(&f, 0);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO things (name, n) VALUES ('before', -1)"));
	inserts = 0;
	enum { N = 203 };
	assoc_object *objs[N];
	for (int i = 0; i < N; i++)
		objs[i] = add_thing(&f, i);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(inserts, fx_on_postgres() ? chunks(N, 128) : N);
	for (int i = 0; i < N; i++) {
		int64_t id = fx_get_int(objs[i], "id");
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT n FROM things WHERE id = %lld", (long long)id);
		CHECK_INT(fx_sql_int(f.eng, sql), i);
	}
	/* the identity map has each under its key */
	assoc_object *got;
	assoc_value pk = assoc_value_integer(fx_get_int(objs[150], "id"));
	CHECK_OK(assoc_session_get(&got, f.s, mapper(&f, "Thing"), &pk, 1));
	CHECK(got == objs[150]);
	fx_close(&f);
}

/* Rows with a given key and rows with a generated one, mixed: each kind in its own statements, order kept. */
static void test_given_and_generated_keys_mixed(void)
{
	fx f;
	open_model(&f, 0);
	assoc_object *objs[12];
	for (int i = 0; i < 12; i++) {
		objs[i] = add_thing(&f, i);
		if (i % 4 == 0)
			CHECK_OK(assoc_object_set(objs[i], "id", assoc_value_integer(1000 + i)));
	}
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "things"), 12);
	for (int i = 0; i < 12; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT n FROM things WHERE id = %lld", (long long)fx_get_int(objs[i], "id"));
		CHECK_INT(fx_sql_int(f.eng, sql), i);
	}
	CHECK_INT(fx_get_int(objs[4], "id"), 1004);
	fx_close(&f);
}

/* A table of 600 columns: a statement binds at most the dialect's limit (SQLite 32766, PostgreSQL 65535). */
static void test_parameter_limit_bounds_rows(void)
{
	fx f;
	open_model(&f, 598);
	for (int i = 0; i < 100; i++) {
		char code[16];
		snprintf(code, sizeof code, "w%03d", i);
		add_tag(&f, code, i);
	}
	CHECK_OK(assoc_session_commit(f.s));
	/* 600 parameters a row: 32 rows fit SQLite's 32766, 64 PostgreSQL's 65535 */
	CHECK_INT(inserts, chunks(100, fx_on_postgres() ? 64 : 32));
	CHECK_INT(fx_count(f.eng, "tags"), 100);
	fx_close(&f);
}

/* A duplicate key in the middle of a batch: the constraint error, nothing written, the objects still pending. */
static void test_failing_batch_writes_nothing(void)
{
	fx f;
	open_model(&f, 0);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO tags (code, label) VALUES ('t050', 'old')"));
	assoc_object *objs[100];
	for (int i = 0; i < 100; i++) {
		char code[16];
		snprintf(code, sizeof code, "t%03d", i);
		objs[i] = add_tag(&f, code, i);
	}
	for (int i = 0; i < 5; i++)
		add_thing(&f, i);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("tags");
	CHECK_INT(assoc_object_state_of(objs[0]), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_session_new_count(f.s), 105);
	/* the flush took back what it did: the things have no keys */
	CHECK_OK(assoc_session_expunge(f.s, objs[50]));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "tags"), 100);
	CHECK_INT(fx_count(f.eng, "things"), 5);
	CHECK_STR(fx_sql_text(f.eng, "SELECT label FROM tags WHERE code = 't050'"), "old");
	fx_close(&f);
}

/*
 * Each allocation of a flush of batched rows failing in turn: ASSOC_ENOMEM,
 * nothing written, and the same commit then works with every key right.
 */
static void test_alloc_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		open_model(&f, 0);
		assoc_object *objs[20];
		for (int i = 0; i < 10; i++) {
			char code[16];
			snprintf(code, sizeof code, "t%03d", i);
			objs[i] = add_tag(&f, code, i);
			objs[10 + i] = add_thing(&f, i);
		}
		fx_fail_arm(n);
		int rc = assoc_session_commit(f.s);
		int fired = fx_fail_disarm();
		if (fired && rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			CHECK_INT(fx_count(f.eng, "things"), 0);
			CHECK_OK(assoc_session_commit(f.s));
		} else {
			CHECK_OK(rc);
			done = !fired;
		}
		CHECK_INT(fx_count(f.eng, "tags"), 10);
		CHECK_INT(fx_count(f.eng, "things"), 10);
		for (int i = 0; i < 10; i++) {
			char sql[96];
			snprintf(sql, sizeof sql, "SELECT n FROM things WHERE id = %lld",
			         (long long)fx_get_int(objs[10 + i], "id"));
			CHECK_INT(fx_sql_int(f.eng, sql), i);
		}
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_given_keys_share_statements),
		TEST(test_generated_keys_reach_their_objects),
		TEST(test_given_and_generated_keys_mixed),
		TEST(test_parameter_limit_bounds_rows),
		TEST(test_failing_batch_writes_nothing),
		TEST(test_alloc_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
