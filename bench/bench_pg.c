/*
 * bench_pg.c - issue 11's workload (issue11_model.h) on PostgreSQL, the
 * library against hand-written libpq doing the same work (issue 10's
 * benchmark). A benchmark, not a test: it prints figures and exits non-zero
 * only when something does not work.
 *
 * Jobs, each best of R on a fresh schema:
 *   W libpq, row by row   prepared INSERTs (RETURNING id), one transaction
 *   W libpq, multi-row    the best hand-written form: 1000 rows per INSERT
 *   W assoc C API         users made and K strings appended through the proxy
 *   R libpq               the users, then one JOIN of every user's keywords
 *   R assoc default       all users, every user's K strings through the proxy
 *   R assoc selectin      the same with lazy=selectin on both hops
 * Ratios are against the faster libpq job of the same kind (W or R).
 *
 * usage: bench_pg URL [N [R]]   (URL "-": $ASSOC_TEST_URL; N 2000, R 3)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include <assoc.h>

#include "issue11_model.h"

#define ROWS_PER_INSERT 1000

static const char *url;
static long statements; /* of the running job */

/* ---- the library ------------------------------------------------------------ */

static void count_log(void *ud, const assoc_statement_log *e)
{
	(void)ud;
	(void)e;
	statements++;
}

/* A fresh schema: the model's tables dropped and created by the library, for both sides alike. */
static assoc_engine *fresh_schema(struct model *m)
{
	assoc_engine *eng;
	ACHECK(assoc_engine_open(&eng, url));
	ACHECK(assoc_engine_drop_all(eng, m->reg));
	ACHECK(assoc_engine_create_all(eng, m->reg));
	return eng;
}

static double lib_write(long n)
{
	struct model m;
	char buf[64];
	define_model(&m, ASSOC_LAZY_DEFAULT);
	assoc_engine *eng = fresh_schema(&m);
	ACHECK(assoc_engine_set_log(eng, count_log, NULL));
	statements = 0;
	double t0 = now();
	assoc_session *s;
	ACHECK(assoc_session_new(&s, eng, m.reg, NULL));
	for (long i = 0; i < n; i++) {
		assoc_object *u;
		assoc_collection *kw;
		ACHECK(assoc_object_new(&u, s, m.User));
		snprintf(buf, sizeof buf, "u%ld", i);
		ACHECK(assoc_object_set_attr(u, m.user_name, assoc_value_text(buf)));
		ACHECK(assoc_session_add(s, u));
		ACHECK(assoc_object_collection_attr(&kw, u, m.user_keywords));
		for (int j = 0; j < K; j++) {
			snprintf(buf, sizeof buf, "kw%ld_%d", i, j);
			ACHECK(assoc_collection_append(kw, assoc_value_text(buf)));
		}
	}
	ACHECK(assoc_session_commit(s));
	double t = now() - t0;
	assoc_session_free(s);
	assoc_engine_free(eng);
	assoc_registry_free(m.reg);
	return t;
}

static double lib_read(long n, assoc_lazy lazy)
{
	struct model m;
	define_model(&m, lazy);
	assoc_engine *eng;
	ACHECK(assoc_engine_open(&eng, url));
	ACHECK(assoc_engine_set_log(eng, count_log, NULL));
	statements = 0;
	double t0 = now();
	assoc_session *s;
	assoc_query *q;
	assoc_result *res;
	ACHECK(assoc_session_new(&s, eng, m.reg, NULL));
	ACHECK(assoc_query_new(&q, s, m.User));
	ACHECK(assoc_query_all(&res, q));
	long strings = 0;
	for (size_t i = 0; i < assoc_result_count(res); i++) {
		assoc_collection *kw;
		assoc_value v;
		size_t nk;
		ACHECK(assoc_object_collection_attr(&kw, assoc_result_get(res, i), m.user_keywords));
		ACHECK(assoc_collection_len(&nk, kw));
		for (size_t j = 0; j < nk; j++) {
			ACHECK(assoc_collection_get(&v, kw, j));
			ACHECK(assoc_object_get_attr(v.u.object, m.keyword_keyword, &v));
			if (v.kind == ASSOC_TEXT && v.u.bytes.len > 2)
				strings++;
		}
	}
	double t = now() - t0;
	if ((long)assoc_result_count(res) != n || strings != n * K)
		die("R assoc: read %zu users and %ld strings; expected %ld and %ld", assoc_result_count(res), strings, n,
		    n * K);
	assoc_result_free(res);
	assoc_query_free(q);
	assoc_session_free(s);
	assoc_engine_free(eng);
	assoc_registry_free(m.reg);
	return t;
}

/* ---- hand-written libpq ------------------------------------------------------- */

static PGresult *pq_check(PGconn *c, PGresult *r, const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		die("libpq: %s: %s", what, PQerrorMessage(c));
	statements++;
	return r;
}

static void pq_exec(PGconn *c, const char *sql) { PQclear(pq_check(c, PQexec(c, sql), sql)); }

static PGconn *pq_open(void)
{
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK)
		die("libpq: cannot connect: %s", PQerrorMessage(c));
	return c;
}

/* One row per INSERT, prepared once; the generated keys read back with RETURNING. */
static double pq_write_rows(long n)
{
	struct model m;
	char name[64];
	define_model(&m, ASSOC_LAZY_DEFAULT);
	assoc_engine_free(fresh_schema(&m));
	assoc_registry_free(m.reg);
	PGconn *c = pq_open();
	statements = 0;
	double t0 = now();
	pq_exec(c, "BEGIN");
	PQclear(pq_check(c, PQprepare(c, "u", "INSERT INTO \"user\" (name) VALUES ($1) RETURNING id", 1, NULL), "prepare"));
	PQclear(pq_check(c, PQprepare(c, "k", "INSERT INTO keyword (keyword) VALUES ($1) RETURNING id", 1, NULL), "prepare"));
	PQclear(pq_check(c, PQprepare(c, "uk", "INSERT INTO user_keyword (user_id, keyword_id, special_key) VALUES ($1, $2, NULL)", 2, NULL), "prepare"));
	for (long i = 0; i < n; i++) {
		snprintf(name, sizeof name, "u%ld", i);
		const char *p[2] = { name, NULL };
		PGresult *r = pq_check(c, PQexecPrepared(c, "u", 1, p, NULL, NULL, 0), "INSERT user");
		char uid[24];
		snprintf(uid, sizeof uid, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		for (int j = 0; j < K; j++) {
			snprintf(name, sizeof name, "kw%ld_%d", i, j);
			p[0] = name;
			r = pq_check(c, PQexecPrepared(c, "k", 1, p, NULL, NULL, 0), "INSERT keyword");
			char kid[24];
			snprintf(kid, sizeof kid, "%s", PQgetvalue(r, 0, 0));
			PQclear(r);
			const char *pk[2] = { uid, kid };
			PQclear(pq_check(c, PQexecPrepared(c, "uk", 2, pk, NULL, NULL, 0), "INSERT user_keyword"));
		}
	}
	pq_exec(c, "COMMIT");
	double t = now() - t0;
	PQfinish(c);
	return t;
}

/* Multi-row INSERT of rows [from, to) of one table; values are SQL literals the caller built. */
static PGresult *pq_insert_many(PGconn *c, const char *head, char **vals, long from, long to, const char *tail)
{
	size_t len = strlen(head) + strlen(tail) + 1;
	for (long i = from; i < to; i++)
		len += strlen(vals[i]) + 4;
	char *sql = malloc(len), *p = sql;
	if (!sql)
		die("out of memory");
	p += sprintf(p, "%s", head);
	for (long i = from; i < to; i++)
		p += sprintf(p, "%s(%s)", i > from ? ", " : "", vals[i]);
	sprintf(p, "%s", tail);
	PGresult *r = pq_check(c, PQexec(c, sql), head);
	free(sql);
	return r;
}

/* The best hand-written form: ROWS_PER_INSERT rows per statement, keys read back in order. */
static double pq_write_multi(long n)
{
	struct model m;
	define_model(&m, ASSOC_LAZY_DEFAULT);
	assoc_engine_free(fresh_schema(&m));
	assoc_registry_free(m.reg);
	PGconn *c = pq_open();
	long nk = n * K;
	char **vals = malloc((size_t)nk * sizeof *vals);
	long *uid = malloc((size_t)n * sizeof *uid), *kid = malloc((size_t)nk * sizeof *kid);
	if (!vals || !uid || !kid)
		die("out of memory");
	for (long i = 0; i < nk; i++)
		if (!(vals[i] = malloc(48)))
			die("out of memory");
	statements = 0;
	double t0 = now();
	pq_exec(c, "BEGIN");
	for (long i = 0; i < n; i++)
		snprintf(vals[i], 48, "'u%ld'", i);
	for (long i = 0; i < n; i += ROWS_PER_INSERT) {
		long to = i + ROWS_PER_INSERT < n ? i + ROWS_PER_INSERT : n;
		PGresult *r = pq_insert_many(c, "INSERT INTO \"user\" (name) VALUES ", vals, i, to, " RETURNING id");
		for (long j = i; j < to; j++)
			uid[j] = atol(PQgetvalue(r, (int)(j - i), 0));
		PQclear(r);
	}
	for (long i = 0; i < nk; i++)
		snprintf(vals[i], 48, "'kw%ld_%ld'", i / K, i % K);
	for (long i = 0; i < nk; i += ROWS_PER_INSERT) {
		long to = i + ROWS_PER_INSERT < nk ? i + ROWS_PER_INSERT : nk;
		PGresult *r = pq_insert_many(c, "INSERT INTO keyword (keyword) VALUES ", vals, i, to, " RETURNING id");
		for (long j = i; j < to; j++)
			kid[j] = atol(PQgetvalue(r, (int)(j - i), 0));
		PQclear(r);
	}
	for (long i = 0; i < nk; i++)
		snprintf(vals[i], 48, "%ld, %ld, NULL", uid[i / K], kid[i]);
	for (long i = 0; i < nk; i += ROWS_PER_INSERT) {
		long to = i + ROWS_PER_INSERT < nk ? i + ROWS_PER_INSERT : nk;
		PQclear(pq_insert_many(c, "INSERT INTO user_keyword (user_id, keyword_id, special_key) VALUES ", vals, i, to, ""));
	}
	pq_exec(c, "COMMIT");
	double t = now() - t0;
	for (long i = 0; i < nk; i++)
		free(vals[i]);
	free(vals);
	free(uid);
	free(kid);
	PQfinish(c);
	return t;
}

/* The users, then one JOIN of their keywords, every string copied out. */
static double pq_read(long n)
{
	PGconn *c = pq_open();
	statements = 0;
	double t0 = now();
	PGresult *u = pq_check(c, PQexec(c, "SELECT id, name FROM \"user\""), "SELECT users");
	PGresult *k = pq_check(c, PQexec(c, "SELECT uk.user_id, k.keyword FROM user_keyword uk JOIN keyword k ON k.id = "
	                                    "uk.keyword_id ORDER BY uk.user_id, k.id"), "SELECT keywords");
	long strings = 0;
	for (int i = 0; i < PQntuples(k); i++) {
		char *s = strdup(PQgetvalue(k, i, 1));
		strings += s && strlen(s) > 2;
		free(s);
	}
	double t = now() - t0;
	if (PQntuples(u) != n || strings != n * K)
		die("R libpq: read %d users and %ld strings", PQntuples(u), strings);
	PQclear(u);
	PQclear(k);
	PQfinish(c);
	return t;
}

/* ---- the report ----------------------------------------------------------------- */

struct fig {
	double best;
	long statements;
};

static struct fig best_of(int reps, double (*job)(long), long n)
{
	struct fig f = { 1e30, 0 };
	for (int r = 0; r < reps; r++) {
		double t = job(n);
		if (t < f.best)
			f.best = t;
		f.statements = statements;
	}
	return f;
}

static double read_default(long n) { return lib_read(n, ASSOC_LAZY_DEFAULT); }
static double read_selectin(long n) { return lib_read(n, ASSOC_LAZY_SELECTIN); }

static void row(const char *name, struct fig f, double base)
{
	printf("  %-28s %9.3f s  %6.2fx  %10ld\n", name, f.best, f.best / base, f.statements);
}

int main(int argc, char **argv)
{
	url = argc > 1 && strcmp(argv[1], "-") ? argv[1] : getenv("ASSOC_TEST_URL"); /* "-": the environment's */
	if (!url || strncmp(url, "postgres", 8))
		die("usage: bench_pg postgresql://... [N [R]] (or ASSOC_TEST_URL)");
	long n = argc > 2 ? atol(argv[2]) : 2000;
	int reps = argc > 3 ? atoi(argv[3]) : 3;
	if (n < 1 || reps < 1)
		die("usage: bench_pg URL [N [R]]: N and R are positive");
	printf("bench_pg: seed 001 association objects on PostgreSQL %d, %ld users x %d keywords; best of %d\n",
	       PQlibVersion(), n, K, reps);
	printf("  %-28s %11s  %7s  %10s\n", "job", "seconds", "ratio", "statements");
	struct fig wr = best_of(reps, pq_write_rows, n), wm = best_of(reps, pq_write_multi, n);
	struct fig wl = best_of(reps, lib_write, n);
	double wbase = wr.best < wm.best ? wr.best : wm.best;
	row("W  libpq, row by row", wr, wbase);
	row("W  libpq, multi-row", wm, wbase);
	row("W  assoc C API", wl, wbase);
	struct fig rp = best_of(reps, pq_read, n), rd = best_of(reps, read_default, n);
	struct fig rs = best_of(reps, read_selectin, n);
	row("R  libpq, one JOIN", rp, rp.best);
	row("R  assoc, default (batched)", rd, rp.best);
	row("R  assoc, selectin both hops", rs, rp.best);
	printf("(ratio: against the faster libpq job of the same kind; figures only, no pass or fail on time)\n");
	return 0;
}
