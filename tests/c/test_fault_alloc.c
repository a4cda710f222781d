/*
 * test_fault_alloc.c - every allocation can fail: a realistic program, run
 * once for each allocation N of the library and its SQLite connections
 * (through assoc_set_allocator), with the Nth failing.
 *
 * The program builds a schema (a list proxy with a creator over a
 * many-to-many, association objects with delete-orphan, a dict proxy),
 * then runs transactions of appends, puts, removes, deletes, queries,
 * updates, a rollback and reloads, on a file database. Each library call is
 * one step. When a step fails:
 *   - it returned ASSOC_ENOMEM with a message;
 *   - the committed database (read through a connection of our own) is as it
 *     was before the step, and PRAGMA integrity_check is ok;
 *   - the session is active, and the same call, retried, succeeds; or the
 *     session needs a rollback (the database ended the transaction), and
 *     after assoc_session_rollback the transaction is redone from its start.
 * At the end the database holds exactly what the fault-free run left.
 *
 * The default run samples N (about 400 children); ASSOC_FAULT_FULL=1 tries
 * every N (cmake/dev.sh faults). ASSOC_FAULT_N=k runs only N = k, in-process.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* ---- the failing allocator ------------------------------------------------ */

static struct {
	long count;     /* allocations so far while armed */
	long fail_at;   /* fail this one (1-based); 0: never */
	int armed;      /* count and fail: off while the harness itself works */
	int fired;      /* the failure happened */
} fa;

static int fa_should_fail(void)
{
	if (!fa.armed)
		return 0;
	if (++fa.count == fa.fail_at) {
		fa.fired = 1;
		return 1;
	}
	return 0;
}

static void *fa_malloc(void *ud, size_t n)
{
	(void)ud;
	return fa_should_fail() ? NULL : malloc(n);
}

static void *fa_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	return fa_should_fail() ? NULL : realloc(p, n);
}

static void fa_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

/* ---- the database as committed, through our own connection ---------------- */

static char db_path[256];

/* Every row of every table, in a canonical order, hashed; -1 when unreadable. */
static uint64_t db_dump(int *integrity_ok)
{
	int armed = fa.armed;
	fa.armed = 0;
	sqlite3 *db;
	uint64_t h = 1469598103934665603ULL;
	if (access(db_path, F_OK) != 0) { /* not created yet: as an empty database */
		if (integrity_ok)
			*integrity_ok = 1;
		fa.armed = armed;
		return h;
	}
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		fa.armed = armed;
		return (uint64_t)-1;
	}
	static const char *const queries[] = {
		"SELECT 'u', id, name FROM users ORDER BY id",
		"SELECT 'k', id, keyword FROM keywords ORDER BY id",
		"SELECT 'uk', user_id, keyword_id FROM user_kw ORDER BY user_id, keyword_id",
		"SELECT 'a', user_id, keyword_id, special FROM assocs ORDER BY user_id, keyword_id",
		"SELECT 'n', id, key, body, user_id FROM notes ORDER BY id",
	};
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) != SQLITE_OK)
			continue; /* before create_all: no tables yet */
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *t = sqlite3_column_text(st, c);
				const char *s = t ? (const char *)t : "\x01NULL";
				for (const char *p = s; *p; p++)
					h = (h ^ (unsigned char)*p) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		sqlite3_finalize(st);
	}
	if (integrity_ok) {
		sqlite3_stmt *st;
		*integrity_ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
		                sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	fa.armed = armed;
	return h;
}

/* ---- the program ------------------------------------------------------------ */

#define MAX_STEPS 512

struct prog {
	int reference;              /* the fault-free run: record the dump before each step */
	int step;
	const char *failed_call;    /* the step that failed (for the report) */
	int failed_line;
	int redone;                 /* transactions redone after a rollback */

	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *user_m, *kw_m, *assoc_m, *note_m;
	assoc_object *u1, *u2, *k, *a;
	assoc_collection *kw, *assocs, *notes;
	assoc_query *q;
	assoc_alias *al;
	assoc_result *res;
	assoc_value v;
};

static struct prog P;
static uint64_t ref_dump[MAX_STEPS]; /* the fault-free run's committed database before each step */

enum { STEP_OK = 0, STEP_REDO = 1 };

/*
 * A step failed with rc: check what must hold, and say whether to retry the
 * call (the session is active) or redo the transaction (it needs a rollback).
 */
static int step_failed(int rc, const char *call, int line)
{
	fa.armed = 0;
	if (P.reference)
		check_fail_at(__FILE__, line, "fault-free run: %s returned %s (%s)", call, assoc_error_name(rc),
		              assoc_error_last()->message);
	if (!fa.fired)
		check_fail_at(__FILE__, line, "%s failed with %s (%s) before any allocation failed", call,
		              assoc_error_name(rc), assoc_error_last()->message);
	if (!P.failed_call) {
		P.failed_call = call;
		P.failed_line = line;
	}
	if (rc != ASSOC_ENOMEM && !(rc == ASSOC_ECALLBACK && strstr(assoc_error_last()->message, "out of memory")))
		check_fail_at(__FILE__, line, "%s failed with %s (%s), expected ASSOC_ENOMEM", call, assoc_error_name(rc),
		              assoc_error_last()->message);
	if (!assoc_error_last()->message[0])
		check_fail_at(__FILE__, line, "%s: empty error message", call);
	int ok = 0;
	uint64_t now = db_dump(&ok);
	if (!ok)
		check_fail_at(__FILE__, line, "%s: integrity_check failed after the fault", call);
	if (now != ref_dump[P.step])
		check_fail_at(__FILE__, line, "%s: the committed database changed though the call failed", call);
	if (P.s && !assoc_session_is_active(P.s) && !assoc_session_is_closed(P.s)) {
		int r = assoc_session_rollback(P.s);
		if (r)
			check_fail_at(__FILE__, line, "%s: rollback after the fault failed: %s", call, assoc_error_last()->message);
		P.redone++;
		return STEP_REDO;
	}
	return STEP_OK;
}

static void step_begin(void)
{
	if (P.reference) {
		if (P.step >= MAX_STEPS)
			check_fail_at(__FILE__, __LINE__, "more than %d steps", MAX_STEPS);
		ref_dump[P.step] = db_dump(NULL);
	}
}

/* One library call: on failure, check and retry it once (faults are off by then) or redo the transaction. */
#define STEP(call)                                                                 \
	do {                                                                           \
		step_begin();                                                              \
		int step_rc_ = (call);                                                     \
		if (step_rc_ < 0) {                                                        \
			if (step_failed(step_rc_, #call, __LINE__) == STEP_REDO)               \
				return STEP_REDO;                                                  \
			if ((step_rc_ = (call)) < 0)                                           \
				check_fail_at(__FILE__, __LINE__, "%s failed again on retry: %s",  \
				              #call, check_last_error_());                         \
		}                                                                          \
		P.step++;                                                                  \
	} while (0)

static assoc_value T(const char *s) { return assoc_value_text(s); }

/* Keyword(keyword=value), for the list proxy User.keywords. */
static int make_keyword(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	(void)ud;
	(void)key;
	assoc_object *k;
	int rc = assoc_object_new(&k, assoc_object_session(owner), P.kw_m);
	if (rc || (rc = assoc_object_set(k, "keyword", *value)))
		return rc;
	*out = k;
	return 0;
}

static int build_schema(void)
{
	assoc_column_options pk = ASSOC_COLUMN_OPTIONS_INIT, fk = ASSOC_COLUMN_OPTIONS_INIT;
	pk.primary_key = 1;
	assoc_table *t;
	STEP(assoc_registry_new(&P.reg));
	STEP(assoc_table_new(&t, P.reg, "users"));
	STEP(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &pk));
	STEP(assoc_table_add_column(t, "name", ASSOC_TYPE_TEXT, NULL));
	STEP(assoc_table_new(&t, P.reg, "keywords"));
	STEP(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &pk));
	STEP(assoc_table_add_column(t, "keyword", ASSOC_TYPE_TEXT, NULL));
	STEP(assoc_table_new(&t, P.reg, "user_kw"));
	fk.primary_key = 1;
	fk.foreign_key = "users.id";
	STEP(assoc_table_add_column(t, "user_id", ASSOC_TYPE_INTEGER, &fk));
	fk.foreign_key = "keywords.id";
	STEP(assoc_table_add_column(t, "keyword_id", ASSOC_TYPE_INTEGER, &fk));
	STEP(assoc_table_new(&t, P.reg, "assocs"));
	fk.foreign_key = "users.id";
	STEP(assoc_table_add_column(t, "user_id", ASSOC_TYPE_INTEGER, &fk));
	fk.foreign_key = "keywords.id";
	STEP(assoc_table_add_column(t, "keyword_id", ASSOC_TYPE_INTEGER, &fk));
	STEP(assoc_table_add_column(t, "special", ASSOC_TYPE_TEXT, NULL));
	STEP(assoc_table_new(&t, P.reg, "notes"));
	STEP(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &pk));
	STEP(assoc_table_add_column(t, "key", ASSOC_TYPE_TEXT, NULL));
	STEP(assoc_table_add_column(t, "body", ASSOC_TYPE_TEXT, NULL));
	fk = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	fk.foreign_key = "users.id";
	STEP(assoc_table_add_column(t, "user_id", ASSOC_TYPE_INTEGER, &fk));

	STEP(assoc_mapper_new(&P.user_m, P.reg, "User", "users"));
	STEP(assoc_mapper_new(&P.kw_m, P.reg, "Keyword", "keywords"));
	STEP(assoc_mapper_new(&P.assoc_m, P.reg, "Assoc", "assocs"));
	STEP(assoc_mapper_new(&P.note_m, P.reg, "Note", "notes"));
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_kw";
	r.order_by = "id";
	STEP(assoc_mapper_add_relationship(P.user_m, "kw", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Assoc";
	r.cascade = "all, delete-orphan";
	r.backref = "user";
	STEP(assoc_mapper_add_relationship(P.user_m, "assocs", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	STEP(assoc_mapper_add_relationship(P.assoc_m, "keyword", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Note";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = "key";
	r.cascade = "all, delete-orphan";
	r.backref = "user";
	STEP(assoc_mapper_add_relationship(P.user_m, "notes", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.creator = make_keyword;
	STEP(assoc_mapper_add_proxy(P.user_m, "keywords", &p));
	p = (assoc_proxy_options)ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "notes";
	p.attr = "body";
	STEP(assoc_mapper_add_proxy(P.user_m, "note_bodies", &p));
	STEP(assoc_registry_configure(P.reg));
	return STEP_OK;
}

static int open_db(void)
{
	char url[300];
	snprintf(url, sizeof url, "sqlite:///%s", db_path);
	STEP(assoc_engine_open(&P.eng, url));
	STEP(assoc_engine_create_all(P.eng, P.reg));
	STEP(assoc_session_new(&P.s, P.eng, P.reg, NULL));
	return STEP_OK;
}

/* Two users; keywords through the list proxy's creator; notes through the dict proxy. */
static int tx_create(void)
{
	STEP(assoc_object_new(&P.u1, P.s, P.user_m));
	STEP(assoc_object_set(P.u1, "name", T("ann")));
	STEP(assoc_session_add(P.s, P.u1));
	STEP(assoc_object_collection(&P.kw, P.u1, "keywords"));
	STEP(assoc_collection_append(P.kw, T("red")));
	STEP(assoc_collection_append(P.kw, T("green")));
	STEP(assoc_collection_append(P.kw, T("blue")));
	STEP(assoc_object_collection(&P.notes, P.u1, "note_bodies"));
	STEP(assoc_collection_put(P.notes, T("x"), T("one")));
	STEP(assoc_collection_put(P.notes, T("y"), T("two")));
	STEP(assoc_object_new(&P.u2, P.s, P.user_m));
	STEP(assoc_object_set(P.u2, "name", T("bob")));
	STEP(assoc_session_add(P.s, P.u2));
	STEP(assoc_session_flush(P.s));
	STEP(assoc_object_new(&P.k, P.s, P.kw_m));
	STEP(assoc_object_set(P.k, "keyword", T("shared")));
	STEP(assoc_object_new(&P.a, P.s, P.assoc_m));
	STEP(assoc_object_set(P.a, "special", T("s1")));
	STEP(assoc_object_set(P.a, "keyword", assoc_value_object(P.k)));
	STEP(assoc_object_collection(&P.assocs, P.u2, "assocs"));
	STEP(assoc_collection_append(P.assocs, assoc_value_object(P.a)));
	STEP(assoc_session_commit(P.s));
	return STEP_OK;
}

/* WHERE al.keyword = 'blue': one step, since where takes the expression also on failure. */
static int alias_where(void)
{
	assoc_expr *e = NULL;
	int rc = assoc_expr_alias_compare(&e, P.al, "keyword", ASSOC_OP_EQ, T("blue"));
	return rc ? rc : assoc_query_where(P.q, e);
}

/* Load by query, change through both proxies and the association objects. */
static int tx_change(void)
{
	STEP(assoc_query_new(&P.q, P.s, P.user_m));
	STEP(assoc_query_order_by(P.q, "id", 0));
	STEP(assoc_query_all(&P.res, P.q));
	P.u1 = assoc_result_get(P.res, 0);
	P.u2 = assoc_result_get(P.res, 1);
	assoc_result_free(P.res);
	assoc_query_free(P.q);
	P.res = NULL;
	P.q = NULL;
	STEP(assoc_object_collection(&P.kw, P.u1, "keywords"));
	STEP(assoc_collection_remove(P.kw, T("green")));
	STEP(assoc_collection_insert(P.kw, 0, T("cyan")));
	STEP(assoc_collection_set(P.kw, 1, T("crimson")));
	STEP(assoc_object_collection(&P.notes, P.u1, "note_bodies"));
	STEP(assoc_collection_delete_key(P.notes, T("x")));
	STEP(assoc_collection_put(P.notes, T("y"), T("deux")));
	STEP(assoc_collection_put(P.notes, T("z"), T("three")));
	STEP(assoc_object_set(P.u2, "name", T("robert")));
	STEP(assoc_session_flush(P.s));
	STEP(assoc_object_new(&P.a, P.s, P.assoc_m));
	STEP(assoc_object_set(P.a, "special", T("s2")));
	STEP(assoc_query_new(&P.q, P.s, P.kw_m));
	STEP(assoc_query_filter_by(P.q, "keyword", T("blue")));
	STEP(assoc_query_one(&P.k, P.q));
	assoc_query_free(P.q);
	P.q = NULL;
	STEP(assoc_object_set(P.a, "keyword", assoc_value_object(P.k)));
	/* the users with blue among their keywords, through an alias of Keyword */
	STEP(assoc_query_new(&P.q, P.s, P.user_m));
	STEP(assoc_query_alias(&P.al, P.q, P.kw_m, NULL));
	STEP(assoc_query_join_alias(P.q, NULL, "kw", P.al));
	STEP(alias_where());
	STEP(assoc_query_order_by_alias(P.q, P.al, "keyword", 0));
	STEP(assoc_query_all(&P.res, P.q));
	assoc_result_free(P.res);
	assoc_query_free(P.q);
	P.res = NULL;
	P.q = NULL;
	STEP(assoc_object_collection(&P.assocs, P.u2, "assocs"));
	STEP(assoc_collection_append(P.assocs, assoc_value_object(P.a)));
	STEP(assoc_session_commit(P.s));
	return STEP_OK;
}

/* Work that is rolled back: a delete cascading to orphans, a rename, a new user. */
static int tx_rolled_back(void)
{
	STEP(assoc_session_get(&P.u1, P.s, P.user_m, &(assoc_value){ .kind = ASSOC_INTEGER, .u.integer = 1 }, 1));
	STEP(assoc_session_delete(P.s, P.u1));
	STEP(assoc_session_get(&P.u2, P.s, P.user_m, &(assoc_value){ .kind = ASSOC_INTEGER, .u.integer = 2 }, 1));
	STEP(assoc_object_set(P.u2, "name", T("rob")));
	STEP(assoc_session_flush(P.s));
	STEP(assoc_session_rollback(P.s));
	return STEP_OK;
}

/* Delete-orphan through a collection, a nested savepoint, a delete, reloads. */
static int tx_delete(void)
{
	STEP(assoc_session_get(&P.u2, P.s, P.user_m, &(assoc_value){ .kind = ASSOC_INTEGER, .u.integer = 2 }, 1));
	STEP(assoc_object_collection(&P.assocs, P.u2, "assocs"));
	STEP(assoc_collection_pop(&P.v, P.assocs, 0));
	STEP(assoc_session_begin_nested(P.s));
	STEP(assoc_object_set(P.u2, "name", T("bobby")));
	STEP(assoc_session_rollback_nested(P.s));
	STEP(assoc_session_get(&P.u1, P.s, P.user_m, &(assoc_value){ .kind = ASSOC_INTEGER, .u.integer = 1 }, 1));
	STEP(assoc_object_collection(&P.kw, P.u1, "keywords"));
	STEP(assoc_collection_pop(&P.v, P.kw, 2));
	STEP(assoc_session_expire(P.s, P.u1));
	STEP(assoc_object_get(P.u1, "name", &P.v));
	STEP(assoc_session_commit(P.s));
	return STEP_OK;
}

/* The owner goes, and with it (delete-orphan) its notes; its keywords' links go. */
static int tx_delete_owner(void)
{
	STEP(assoc_session_get(&P.u1, P.s, P.user_m, &(assoc_value){ .kind = ASSOC_INTEGER, .u.integer = 1 }, 1));
	STEP(assoc_session_delete(P.s, P.u1));
	STEP(assoc_session_commit(P.s));
	return STEP_OK;
}

typedef int (*tx_fn)(void);

/* Run a transaction; after a rollback required by the fault, run it again from its start. */
static void run_tx(tx_fn fn)
{
	for (int tries = 0; tries < 3; tries++) {
		if (P.q) {
			assoc_query_free(P.q);
			P.q = NULL;
		}
		if (fn() == STEP_OK)
			return;
	}
	check_fail_at(__FILE__, __LINE__, "a transaction needed more than 3 runs");
}

static uint64_t run_program(long fail_at, int reference)
{
	memset(&P, 0, sizeof P);
	P.reference = reference;
	unlink(db_path);
	char side[300];
	snprintf(side, sizeof side, "%s-journal", db_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-wal", db_path);
	unlink(side);
	fa.count = 0;
	fa.fail_at = fail_at;
	fa.fired = 0;
	fa.armed = 1;
	run_tx(build_schema);
	run_tx(open_db);
	run_tx(tx_create);
	run_tx(tx_change);
	run_tx(tx_rolled_back);
	run_tx(tx_delete);
	run_tx(tx_delete_owner);
	fa.armed = 0;
	CHECK_OK(assoc_session_close(P.s));
	assoc_session_free(P.s);
	assoc_engine_free(P.eng);
	assoc_registry_free(P.reg);
	int ok = 0;
	uint64_t h = db_dump(&ok);
	CHECK(ok);
	return h;
}

static void set_failing_allocator(void)
{
	assoc_allocator a = ASSOC_ALLOCATOR_INIT;
	a.flags = ASSOC_ALLOCATOR_SQLITE;
	a.malloc = fa_malloc;
	a.realloc = fa_realloc;
	a.free = fa_free;
	CHECK_OK(assoc_set_allocator(&a));
}

/* The fault-free run: its final content, its step dumps (in P) and its allocation count. */
static uint64_t reference(long *nallocs)
{
	uint64_t h = run_program(0, 1);
	*nallocs = fa.count;
	return h;
}

static void test_allocator_hook(void)
{
	assoc_allocator bad = ASSOC_ALLOCATOR_INIT;
	CHECK_ERR(assoc_set_allocator(&bad), ASSOC_EINVAL); /* functions missing */
	bad.malloc = fa_malloc;
	bad.realloc = fa_realloc;
	bad.free = fa_free;
	bad.version = 99;
	CHECK_ERR(assoc_set_allocator(&bad), ASSOC_EINVAL);
	bad.version = ASSOC_ALLOCATOR_VERSION;
	bad.flags = 0x80;
	CHECK_ERR(assoc_set_allocator(&bad), ASSOC_EINVAL);
	/* the library and SQLite allocate through the hook */
	set_failing_allocator();
	fa.count = 0;
	fa.fail_at = 0;
	fa.armed = 1;
	assoc_engine *e;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	long after_open = fa.count;
	CHECK(after_open > 0);
	/* SQLite's allocator cannot change while a connection is open */
	CHECK_ERR(assoc_set_allocator(NULL), ASSOC_ESTATE);
	assoc_engine_free(e);
	fa.armed = 0;
	CHECK_OK(assoc_set_allocator(NULL));
	/* the first allocation of engine_open failing: ENOMEM, nothing left open */
	set_failing_allocator();
	fa.count = 0;
	fa.fail_at = 1;
	fa.fired = 0;
	fa.armed = 1;
	CHECK_ERR(assoc_engine_open(&e, "sqlite://"), ASSOC_ENOMEM);
	CHECK(e == NULL);
	fa.armed = 0;
	CHECK_OK(assoc_set_allocator(NULL));
}

/* Fork a child that runs the program with allocation n failing; 1 when it passed. */
static int run_child(long n, uint64_t want)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(60);
		uint64_t got = run_program(n, 0);
		if (got != want) {
			fprintf(stderr, "  N=%ld (failed in %s, line %d): the final database differs from the fault-free run's\n", n,
			        P.failed_call ? P.failed_call : "no call", P.failed_line);
			_exit(3);
		}
		exit(0); /* the leak check, under ASan */
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	fprintf(stderr, "  N=%ld: %s %d\n", n, WIFSIGNALED(status) ? "killed by signal" : "exit status",
	        WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}

static void test_every_allocation_fails_once(void)
{
	snprintf(db_path, sizeof db_path, "%s/assoc-fault-alloc-%ld.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	         (long)getpid());
	set_failing_allocator();
	long total;
	uint64_t want = reference(&total);
	CHECK(total > 100);
	const char *only = getenv("ASSOC_FAULT_N");
	if (only && *only) {
		uint64_t got = run_program(atol(only), 0);
		if (getenv("ASSOC_FAULT_KEEP")) /* for a look at what differs */
			return;
		printf("  N=%s failed in %s (line %d); transactions redone: %d\n", only, P.failed_call ? P.failed_call : "-",
		       P.failed_line, P.redone);
		fflush(stdout);
		CHECK(got == want);
		return;
	}
	const char *full = getenv("ASSOC_FAULT_FULL");
	long stride = full && *full && strcmp(full, "0") ? 1 : total / 400 + 1;
	long tried = 0, failed = 0;
	for (long n = 1; n <= total; n += stride) {
		tried++;
		if (!run_child(n, want) && ++failed >= 20)
			break;
	}
	printf("  %ld allocations in the program; %ld failure points tried (every %ld), %ld failed\n", total, tried,
	       stride, failed);
	unlink(db_path);
	CHECK(failed == 0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_allocator_hook),
		TEST(test_every_allocation_fails_once),
	};
	return CHECK_RUN(tests, argc, argv);
}
