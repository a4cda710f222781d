/*
 * test_disk_full.c - SQLITE_FULL from PRAGMA max_page_count, on an in-memory
 * and a file engine (issue 8's repro): 5 rows committed; in the next
 * transaction 10 rows flushed, the database capped, 50 large rows flushed
 * -> an error; the cap lifted, a flush again (it works, if the transaction
 * lived, or is ASSOC_ESTATE naming the first error), a rollback: the table
 * holds the 5 rows of before the transaction, and the session goes on.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "program.h"

typedef struct dfx {
	fx f;
	assoc_mapper *doc;
	sqlite3 *db; /* the session's connection */
	char path[512];
} dfx;

static void open_docs(dfx *d, int file)
{
	memset(d, 0, sizeof *d);
	fp_last_connection(); /* start watching before anything opens */
	CHECK_OK(assoc_registry_new(&d->f.reg));
	assoc_table *t = fx_table_id(d->f.reg, "docs");
	fx_col(t, "body", ASSOC_TYPE_TEXT);
	d->doc = fx_mapper(d->f.reg, "Doc", "docs");
	CHECK_OK(assoc_registry_configure(d->f.reg));
	char url[600] = "sqlite://";
	if (file) {
		fp_db_path(d->path, sizeof d->path, "full");
		snprintf(url, sizeof url, "sqlite:///%s", d->path);
	}
	CHECK_OK(assoc_engine_open(&d->f.eng, url));
	CHECK_OK(assoc_engine_create_all(d->f.eng, d->f.reg));
	CHECK_OK(assoc_session_new(&d->f.s, d->f.eng, d->f.reg, NULL));
	d->db = fp_last_connection(); /* the session's own, or the in-memory engine's it shares */
	CHECK(d->db != NULL);
}

static void close_docs(dfx *d)
{
	fx_close(&d->f);
	if (d->path[0])
		fp_remove_db(d->path);
}

static assoc_object *add_doc(dfx *d, size_t size, int i)
{
	char *body = malloc(size + 1);
	CHECK(body != NULL);
	memset(body, 'a' + i % 26, size);
	body[size] = '\0';
	assoc_object *o;
	CHECK_OK(assoc_object_new(&o, d->f.s, d->doc));
	CHECK_OK(assoc_object_set(o, "body", assoc_value_text(body)));
	free(body);
	CHECK_OK(assoc_session_add(d->f.s, o));
	return o;
}

static int64_t pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Rows of docs in the committed database (the file) or on the shared connection (memory). */
static int64_t committed_rows(dfx *d)
{
	if (!d->path[0])
		return fx_count(d->f.eng, "docs");
	char *dump = fp_dump(d->path);
	int64_t n = 0;
	for (const char *p = strstr(dump, "docs:\n"); p && (p = strchr(p, '\n')) && p[1] == ' '; p++)
		n++;
	free(dump);
	return n;
}

static void full_repro(int file)
{
	dfx d;
	open_docs(&d, file);
	for (int i = 0; i < 5; i++)
		add_doc(&d, 10, i);
	CHECK_OK(assoc_session_commit(d.f.s));
	CHECK_INT(committed_rows(&d), 5);

	assoc_object *small[10], *big[50];
	for (int i = 0; i < 10; i++)
		small[i] = add_doc(&d, 10, i);
	CHECK_OK(assoc_session_flush(d.f.s));
	CHECK_INT(assoc_object_state_of(small[0]), ASSOC_STATE_PERSISTENT);

	int64_t pages = pragma_int(d.db, "PRAGMA page_count");
	char cap[64];
	snprintf(cap, sizeof cap, "PRAGMA max_page_count = %lld", (long long)pages);
	CHECK_INT(pragma_int(d.db, cap), pages);
	for (int i = 0; i < 50; i++)
		big[i] = add_doc(&d, 3000, i);
	int rc = assoc_session_flush(d.f.s);
	CHECK(rc < 0);
	char first[1024];
	snprintf(first, sizeof first, "%s", assoc_error_last()->message);
	CHECK(first[0] != '\0');
	CHECK_MSG_CONTAINS("full");
	/* a failed flush changes nothing: the 50 are still pending */
	CHECK_INT(assoc_object_state_of(big[0]), ASSOC_STATE_PENDING);

	CHECK(pragma_int(d.db, "PRAGMA max_page_count = 1000000") >= 1000000);
	rc = assoc_session_flush(d.f.s);
	if (rc) {
		/* the database ended the transaction: only rollback may run */
		CHECK_ERR(rc, ASSOC_ESTATE);
		CHECK_MSG_CONTAINS("full");
		CHECK_ERR(assoc_session_commit(d.f.s), ASSOC_ESTATE);
		CHECK_MSG_CONTAINS("full");
	} else {
		CHECK_INT(assoc_object_state_of(big[49]), ASSOC_STATE_PERSISTENT);
	}
	CHECK_OK(assoc_session_rollback(d.f.s));
	/* the rows of before the transaction, not the 50 (nor the 10) */
	CHECK_INT(committed_rows(&d), 5);
	CHECK_INT(assoc_object_state_of(small[0]), ASSOC_STATE_TRANSIENT);
	CHECK_INT(assoc_object_state_of(big[0]), ASSOC_STATE_TRANSIENT);
	assoc_query *q;
	int64_t n = -1;
	CHECK_OK(assoc_query_new(&q, d.f.s, d.doc));
	CHECK_OK(assoc_query_count(&n, q));
	assoc_query_free(q);
	CHECK_INT(n, 5);

	/* and the session goes on */
	for (int i = 0; i < 3; i++)
		add_doc(&d, 10, i);
	CHECK_OK(assoc_session_commit(d.f.s));
	CHECK_INT(committed_rows(&d), 8);
	if (file)
		CHECK_STR(fp_integrity(d.path), "ok");
	close_docs(&d);
}

static void test_max_page_count_memory(void) { full_repro(0); }
static void test_max_page_count_file(void) { full_repro(1); }

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_max_page_count_memory),
		TEST(test_max_page_count_file),
	};
	return CHECK_RUN(tests, argc, argv);
}
