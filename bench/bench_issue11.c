/*
 * bench_issue11.c - the workload of issue 11 (seed 001, "Simplifying
 * Association Objects") through the C API, against hand-written sqlite3.
 *
 * A benchmark, not a test: it prints figures and never passes or fails on
 * time. It exits non-zero only when something does not work (a call fails,
 * the statement counts of the two hooks disagree, the strings read back are
 * not the ones written).
 *
 * Model: user(id, name), keyword(id, keyword), user_keyword(user_id,
 * keyword_id, special_key NULL, primary key both). User.user_keyword_associations
 * (one-to-many, back_populates "user", cascade "all, delete-orphan") to
 * UserKeywordAssociation, whose keyword is a many-to-one to Keyword; the proxy
 * User.keywords = (user_keyword_associations, keyword) with a C creator that
 * makes a new Keyword and a new UserKeywordAssociation for each string.
 * N users, K = 10 keywords "kw{i}_{j}" each; fresh database files in /tmp.
 *
 * Jobs (each repetition in a forked child, so its peak RSS is its own):
 *   W       create every user and append its K strings through the proxy, one
 *           transaction (a fresh database each repetition);
 *   R dflt  in a fresh session load all users and copy every user's K strings
 *           read through the proxy into the program's own strings, no loading
 *           options (the default batches each hop over the objects loaded
 *           together);
 *   R sel   the same with lazy=select on both hops: one statement per object;
 *   R eager the same with lazy=selectin on both hops (the option the library
 *           offers today, set on the relationships, as bench_proxy does);
 *   base    hand-written sqlite3: prepared INSERTs in one transaction; for R
 *           the users, then one JOIN; with foreign keys on and off.
 * Printed per job: seconds (best of R), ratio to the baseline (W and R against
 * the hand-written job with foreign keys on), statements (the library's
 * statement log, checked against its trace hook; the baseline's own count,
 * checked against sqlite3_trace_v2), peak RSS of the child and bytes per object
 * above the baseline's (N + 10N + 10N objects).
 *
 * usage: bench_issue11 [N [R]]       N users (default 20000), R repetitions (default 3)
 *        bench_issue11 --jobs N R    every job, one machine-readable line each, for the
 *                                    bindings' benchmarks (the C baseline of their run):
 *                                    job=<key> seconds=<best> statements=<n> maxrss_kb=<peak>
 *                                    cpu=<best CPU seconds, user + system, of the same part>
 *        bench_issue11 scale [R]     the R jobs at N = 2000, 20000, 200000: time per
 *                                    object and statements (200000 takes minutes)
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <assoc.h>

#include "issue11_model.h"

static void scheck(sqlite3 *db, int rc, int want, const char *call, int line)
{
	if (rc != want)
		die("bench_issue11.c:%d: %s failed: %s (%d)", line, call, db ? sqlite3_errmsg(db) : "", rc);
}
#define SCHECK(db, call) scheck((db), (call), SQLITE_OK, #call, __LINE__)

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char orm_path[256], raw_path[256], orm_url[300];

static void remove_db(const char *path)
{
	char buf[300];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-journal", path);
	unlink(buf);
}

/* ---- what was written, and checking what is read back --------------------- */

/* What one read job copies out: for each user, its name and its K strings (the program's own). */
struct readback {
	long n;
	char **names;    /* [n] */
	char **keywords; /* [n * K], user by user */
	long *counts;    /* [n] strings per user */
};

static void readback_init(struct readback *rb, long n)
{
	rb->n = n;
	rb->names = xmalloc((size_t)n * sizeof *rb->names);
	rb->keywords = xmalloc((size_t)n * K * sizeof *rb->keywords);
	rb->counts = xmalloc((size_t)n * sizeof *rb->counts);
	memset(rb->counts, 0, (size_t)n * sizeof *rb->counts);
}

/* Every user i named "u{i}" once, with exactly "kw{i}_0" .. "kw{i}_9" in that order. */
static void readback_check(const char *who, const struct readback *rb, long nusers)
{
	char want[64];
	char *seen = xmalloc((size_t)rb->n);
	memset(seen, 0, (size_t)rb->n);
	if (nusers != rb->n)
		die("%s: read %ld users; expected %ld", who, nusers, rb->n);
	for (long u = 0; u < rb->n; u++) {
		char *end;
		long i = rb->names[u][0] == 'u' ? strtol(rb->names[u] + 1, &end, 10) : -1;
		if (i < 0 || i >= rb->n || *end || seen[i])
			die("%s: unexpected or repeated user name \"%s\"", who, rb->names[u]);
		seen[i] = 1;
		if (rb->counts[u] != K)
			die("%s: user %s has %ld keywords; expected %d", who, rb->names[u], rb->counts[u], K);
		for (int j = 0; j < K; j++) {
			snprintf(want, sizeof want, "kw%ld_%d", i, j);
			if (strcmp(rb->keywords[u * K + j], want))
				die("%s: user %s keyword %d is \"%s\"; expected \"%s\"", who, rb->names[u], j,
				    rb->keywords[u * K + j], want);
		}
	}
	free(seen);
}

static void readback_free(struct readback *rb)
{
	for (long u = 0; u < rb->n; u++) {
		free(rb->names[u]);
		for (long j = 0; j < rb->counts[u]; j++)
			free(rb->keywords[u * K + j]);
	}
	free(rb->names);
	free(rb->keywords);
	free(rb->counts);
}

/* The statements the library ran, through its log and (as a check) its trace hook. */
struct counts {
	long log, trace;
};

static void count_log(void *userdata, const assoc_statement_log *e)
{
	(void)e;
	((struct counts *)userdata)->log++;
}

static void count_trace(void *userdata, const char *sql, size_t nparams)
{
	(void)sql;
	(void)nparams;
	((struct counts *)userdata)->trace++;
}

static assoc_engine *open_engine(struct counts *c)
{
	assoc_engine *eng;
	ACHECK(assoc_engine_open(&eng, orm_url));
	ACHECK(assoc_engine_set_log(eng, count_log, c));
	ACHECK(assoc_engine_set_trace(eng, count_trace, c));
	return eng;
}

/* One job's figures, sent from the child to the parent. */
struct result {
	double seconds;
	long statements;
	double cpu; /* CPU seconds (user + system) of the same part: less sensitive to a loaded machine */
};

/* This process's CPU time (user + system), in seconds. */
static double cpu_now(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		die("getrusage: %s", strerror(errno));
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static struct result lib_write(long n)
{
	struct model m;
	struct counts c = { 0, 0 };
	assoc_session *s;
	char buf[64];
	define_model(&m, ASSOC_LAZY_DEFAULT);
	remove_db(orm_path);
	assoc_engine *eng = open_engine(&c);
	ACHECK(assoc_engine_create_all(eng, m.reg));
	c.log = c.trace = 0;

	double c0 = cpu_now();
	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m.reg, NULL));
	for (long i = 0; i < n; i++) {
		assoc_object *u;
		assoc_collection *kw;
		ACHECK(assoc_object_new(&u, s, m.User));
		int len = snprintf(buf, sizeof buf, "u%ld", i);
		ACHECK(assoc_object_set_attr(u, m.user_name, assoc_value_textn(buf, (size_t)len)));
		ACHECK(assoc_session_add(s, u));
		ACHECK(assoc_object_collection_attr(&kw, u, m.user_keywords));
		for (int j = 0; j < K; j++) {
			len = snprintf(buf, sizeof buf, "kw%ld_%d", i, j);
			ACHECK(assoc_collection_append(kw, assoc_value_textn(buf, (size_t)len)));
		}
	}
	ACHECK(assoc_session_commit(s));
	struct result r = { now() - t0, c.log, cpu_now() - c0 };
	if (m.creator_calls != n * K)
		die("W: the creator ran %ld times; expected %ld", m.creator_calls, n * K);
	if (c.log != c.trace)
		die("W: the statement log counted %ld statements, the trace hook %ld", c.log, c.trace);
	assoc_session_free(s);
	static const char *const q[] = { "SELECT count(*) FROM \"user\"", "SELECT count(*) FROM keyword",
		                         "SELECT count(*) FROM user_keyword" };
	for (int i = 0; i < 3; i++) {
		assoc_value v;
		ACHECK(assoc_engine_scalar(&v, eng, q[i], NULL, 0));
		if (v.kind != ASSOC_INTEGER || v.u.integer != (i ? n * K : n))
			die("W: \"%s\" is not %ld", q[i], i ? n * K : n);
	}
	assoc_engine_free(eng);
	assoc_registry_free(m.reg);
	return r;
}

static struct result lib_read(long n, assoc_lazy lazy, const char *who)
{
	struct model m;
	struct counts c = { 0, 0 };
	struct readback rb;
	assoc_session *s;
	assoc_query *q;
	assoc_result *res;
	define_model(&m, lazy);
	assoc_engine *eng = open_engine(&c);
	readback_init(&rb, n);

	double c0 = cpu_now();
	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m.reg, NULL));
	ACHECK(assoc_query_new(&q, s, m.User));
	ACHECK(assoc_query_all(&res, q));
	size_t nu = assoc_result_count(res);
	if ((long)nu != n)
		die("%s: the query gave %zu users; expected %ld", who, nu, n);
	for (size_t i = 0; i < nu; i++) {
		assoc_object *u = assoc_result_get(res, i);
		assoc_collection *kw;
		assoc_value v;
		size_t nk;
		ACHECK(assoc_object_get_attr(u, m.user_name, &v));
		if (v.kind != ASSOC_TEXT)
			die("%s: User.name is not TEXT", who);
		rb.names[i] = xstrndup(v.u.bytes.data, v.u.bytes.len);
		ACHECK(assoc_object_collection_attr(&kw, u, m.user_keywords));
		ACHECK(assoc_collection_len(&nk, kw));
		if (nk != K)
			die("%s: user %s has %zu keywords", who, rb.names[i], nk);
		for (size_t j = 0; j < nk; j++) {
			ACHECK(assoc_collection_get(&v, kw, j)); /* the Keyword; its string is Keyword.keyword */
			if (v.kind != ASSOC_OBJECT)
				die("%s: a member of User.keywords is %s, not a Keyword", who, assoc_value_kind_name(v.kind));
			ACHECK(assoc_object_get_attr(v.u.object, m.keyword_keyword, &v));
			if (v.kind != ASSOC_TEXT)
				die("%s: a Keyword.keyword is not TEXT", who);
			rb.keywords[i * K + j] = xstrndup(v.u.bytes.data, v.u.bytes.len);
			rb.counts[i]++;
		}
	}
	struct result r = { now() - t0, c.log, cpu_now() - c0 };
	if (c.log != c.trace)
		die("%s: the statement log counted %ld statements, the trace hook %ld", who, c.log, c.trace);
	readback_check(who, &rb, (long)nu);
	readback_free(&rb);
	assoc_result_free(res);
	assoc_query_free(q);
	assoc_session_free(s);
	assoc_engine_free(eng);
	assoc_registry_free(m.reg);
	return r;
}

/* ---- hand-written sqlite3 -------------------------------------------------- */

/* sqlite3's own count of the statements that ran on a connection. */
static int trace_profile(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)p;
	(void)x;
	++*(long *)ctx;
	return 0;
}

static long sqlite_ran; /* sqlite3_trace_v2's count */
static long base_ran;   /* the baseline's own count: each step to DONE or the last row, each exec */

static sqlite3 *raw_open(int fk)
{
	sqlite3 *db = NULL;
	scheck(db, sqlite3_open_v2(raw_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK,
	       "sqlite3_open_v2", __LINE__);
	SCHECK(db, sqlite3_exec(db, fk ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", NULL, NULL,
	                        NULL));
	SCHECK(db, sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, trace_profile, &sqlite_ran));
	sqlite_ran = base_ran = 0;
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	SCHECK(db, sqlite3_exec(db, sql, NULL, NULL, NULL));
	base_ran++;
}

static void raw_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	scheck(db, sqlite3_step(st), SQLITE_DONE, "sqlite3_step", __LINE__);
	SCHECK(db, sqlite3_reset(st));
	base_ran++;
}

static const char raw_ddl[] =
	"CREATE TABLE \"user\" (id INTEGER NOT NULL, name TEXT, PRIMARY KEY (id));"
	"CREATE TABLE keyword (id INTEGER NOT NULL, keyword TEXT, PRIMARY KEY (id));"
	"CREATE TABLE user_keyword (user_id INTEGER NOT NULL, keyword_id INTEGER NOT NULL, special_key TEXT,"
	" PRIMARY KEY (user_id, keyword_id), FOREIGN KEY(user_id) REFERENCES \"user\" (id),"
	" FOREIGN KEY(keyword_id) REFERENCES keyword (id));";

static struct result raw_write(long n, int fk)
{
	sqlite3_stmt *iu, *ik, *il;
	char buf[64];
	remove_db(raw_path);
	sqlite3 *db = raw_open(fk);
	SCHECK(db, sqlite3_exec(db, raw_ddl, NULL, NULL, NULL));
	sqlite_ran = base_ran = 0;

	double c0 = cpu_now();
	double t0 = now();
	raw_exec(db, "BEGIN");
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO \"user\" (name) VALUES (?)", -1, &iu, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO keyword (keyword) VALUES (?)", -1, &ik, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO user_keyword (user_id, keyword_id) VALUES (?, ?)", -1, &il,
	                              NULL));
	for (long i = 0; i < n; i++) {
		int len = snprintf(buf, sizeof buf, "u%ld", i);
		SCHECK(db, sqlite3_bind_text(iu, 1, buf, len, SQLITE_STATIC));
		raw_step_done(db, iu);
		sqlite3_int64 uid = sqlite3_last_insert_rowid(db);
		for (int j = 0; j < K; j++) {
			len = snprintf(buf, sizeof buf, "kw%ld_%d", i, j);
			SCHECK(db, sqlite3_bind_text(ik, 1, buf, len, SQLITE_STATIC));
			raw_step_done(db, ik);
			SCHECK(db, sqlite3_bind_int64(il, 1, uid));
			SCHECK(db, sqlite3_bind_int64(il, 2, sqlite3_last_insert_rowid(db)));
			raw_step_done(db, il);
		}
	}
	sqlite3_finalize(iu);
	sqlite3_finalize(ik);
	sqlite3_finalize(il);
	raw_exec(db, "COMMIT");
	struct result r = { now() - t0, base_ran, cpu_now() - c0 };
	if (base_ran != sqlite_ran)
		die("baseline W: counted %ld statements, sqlite3 traced %ld", base_ran, sqlite_ran);
	SCHECK(db, sqlite3_close(db));
	return r;
}

static struct result raw_read(long n, int fk)
{
	sqlite3_stmt *st;
	struct readback rb;
	int rc;
	sqlite3 *db = raw_open(fk);
	readback_init(&rb, n);

	double c0 = cpu_now();
	double t0 = now();
	raw_exec(db, "BEGIN");
	SCHECK(db, sqlite3_prepare_v2(db, "SELECT id, name FROM \"user\" ORDER BY id", -1, &st, NULL));
	int64_t *ids = xmalloc((size_t)n * sizeof *ids);
	long nu = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nu == n)
			die("baseline R: more than %ld users", n);
		ids[nu] = sqlite3_column_int64(st, 0);
		rb.names[nu++] = xstrndup((const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	}
	scheck(db, rc, SQLITE_DONE, "SELECT user", __LINE__);
	base_ran++;
	sqlite3_finalize(st);
	SCHECK(db, sqlite3_prepare_v2(db,
	                              "SELECT uk.user_id, k.keyword FROM user_keyword AS uk "
	                              "JOIN keyword AS k ON k.id = uk.keyword_id ORDER BY uk.user_id, uk.keyword_id",
	                              -1, &st, NULL));
	long u = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t uid = sqlite3_column_int64(st, 0);
		while (u < nu && ids[u] < uid)
			u++;
		if (u == nu || ids[u] != uid || rb.counts[u] == K)
			die("baseline R: an association row of user %" PRId64 " does not fit", uid);
		rb.keywords[u * K + rb.counts[u]++] =
			xstrndup((const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	}
	scheck(db, rc, SQLITE_DONE, "SELECT JOIN", __LINE__);
	base_ran++;
	sqlite3_finalize(st);
	raw_exec(db, "COMMIT");
	struct result r = { now() - t0, base_ran, cpu_now() - c0 };
	if (base_ran != sqlite_ran)
		die("baseline R: counted %ld statements, sqlite3 traced %ld", base_ran, sqlite_ran);
	readback_check("baseline R", &rb, nu);
	readback_free(&rb);
	free(ids);
	SCHECK(db, sqlite3_close(db));
	return r;
}

/* ---- the jobs, each repetition in a child ---------------------------------- */

enum job { BASE_W_FK, BASE_W_NOFK, LIB_W, BASE_R_FK, BASE_R_NOFK, LIB_R_DEFAULT, LIB_R_SELECT, LIB_R_EAGER, NJOBS };
/* The keys of --jobs, in enum order. */
static const char *const job_key[NJOBS] = { "base_w_fk", "base_w_nofk", "lib_w", "base_r_fk", "base_r_nofk",
	                                    "lib_r_default", "lib_r_select", "lib_r_eager" };
static const char *const job_name[NJOBS] = { "W  sqlite3, FKs on",  "W  sqlite3, FKs off", "W  assoc C API",
	                                     "R  sqlite3 JOIN, FKs on", "R  sqlite3 JOIN, FKs off",
	                                     "R  assoc, default (batched)", "R  assoc, lazy=select",
	                                     "R  assoc, selectin both hops" };

static struct result run_in_child(enum job j, long n)
{
	switch (j) {
	case BASE_W_FK: return raw_write(n, 1);
	case BASE_W_NOFK: return raw_write(n, 0);
	case LIB_W: return lib_write(n);
	case BASE_R_FK: return raw_read(n, 1);
	case BASE_R_NOFK: return raw_read(n, 0);
	case LIB_R_DEFAULT: return lib_read(n, ASSOC_LAZY_DEFAULT, "R default");
	case LIB_R_SELECT: return lib_read(n, ASSOC_LAZY_SELECT, "R select");
	default: return lib_read(n, ASSOC_LAZY_SELECTIN, "R eager");
	}
}

struct figures {
	double seconds; /* best of the repetitions */
	long statements;
	double cpu; /* the best CPU seconds */
	long maxrss_kb; /* the highest peak of its children */
};

static struct figures run_job(enum job j, long n, int reps)
{
	struct figures f = { 0, 0, 0, 0 };
	for (int r = 0; r < reps; r++) {
		int fds[2];
		struct result res;
		struct rusage ru;
		int status;
		if (pipe(fds))
			die("pipe: %s", strerror(errno));
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			close(fds[0]);
			res = run_in_child(j, n);
			if (write(fds[1], &res, sizeof res) != (ssize_t)sizeof res)
				_exit(EXIT_FAILURE);
			_exit(EXIT_SUCCESS);
		}
		close(fds[1]);
		ssize_t got = read(fds[0], &res, sizeof res);
		close(fds[0]);
		if (wait4(pid, &status, 0, &ru) != pid)
			die("wait4: %s", strerror(errno));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof res)
			die("%s failed (N=%ld)", job_name[j], n);
		if (r == 0 || res.seconds < f.seconds)
			f.seconds = res.seconds;
		if (r == 0 || res.cpu < f.cpu)
			f.cpu = res.cpu;
		if (r && res.statements != f.statements)
			die("%s ran %ld statements, then %ld", job_name[j], f.statements, res.statements);
		f.statements = res.statements;
		if (ru.ru_maxrss > f.maxrss_kb)
			f.maxrss_kb = ru.ru_maxrss;
	}
	return f;
}

static void set_paths(void)
{
	snprintf(orm_path, sizeof orm_path, "/tmp/assoc_bench_issue11_orm_%ld.db", (long)getpid());
	snprintf(raw_path, sizeof raw_path, "/tmp/assoc_bench_issue11_raw_%ld.db", (long)getpid());
	snprintf(orm_url, sizeof orm_url, "sqlite:///%s", orm_path);
	remove_db(orm_path);
	remove_db(raw_path);
}

static long parse_pos(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v <= 0)
		die("usage: bench_issue11 [N [R]] | bench_issue11 scale [R] | bench_issue11 --jobs N R  (bad %s \"%s\")", what, s);
	return v;
}

static int scale(int reps)
{
	static const long ns[] = { 2000, 20000, 200000 };
	printf("bench_issue11 scale: the R jobs at N = 2000, 20000, 200000 (best of %d); per object = per "
	       "(N + 10N + 10N)\n",
	       reps);
	printf("  %-30s %8s %12s %14s %12s\n", "job", "N", "seconds", "us per object", "statements");
	for (int i = 0; i < 3; i++) {
		long n = ns[i];
		run_job(BASE_W_FK, n, 1);
		run_job(LIB_W, n, 1);
		for (enum job j = BASE_R_FK; j < NJOBS; j++) {
			if (j == BASE_R_NOFK)
				continue;
			struct figures f = run_job(j, n, reps);
			printf("  %-30s %8ld %10.3f s %14.3f %12ld\n", job_name[j], n, f.seconds,
			       f.seconds * 1e6 / (double)(21 * n), f.statements);
			fflush(stdout);
		}
	}
	remove_db(orm_path);
	remove_db(raw_path);
	return 0;
}

int main(int argc, char **argv)
{
	long n = 20000;
	int reps = 3;
	set_paths();
	if (argc > 1 && !strcmp(argv[1], "scale")) {
		if (argc > 3)
			die("usage: bench_issue11 scale [R]");
		return scale(argc > 2 ? (int)parse_pos(argv[2], "R") : reps);
	}
	if (argc > 1 && !strcmp(argv[1], "--jobs")) {
		if (argc != 4)
			die("usage: bench_issue11 --jobs N R");
		n = parse_pos(argv[2], "N");
		reps = (int)parse_pos(argv[3], "R");
		for (enum job j = 0; j < NJOBS; j++) { /* the writes first, as below */
			struct figures f = run_job(j, n, reps);
			printf("job=%s seconds=%.6f statements=%ld maxrss_kb=%ld cpu=%.6f\n", job_key[j], f.seconds,
			       f.statements, f.maxrss_kb, f.cpu);
		}
		remove_db(orm_path);
		remove_db(raw_path);
		return 0;
	}
	if (argc > 3)
		die("usage: bench_issue11 [N [R]] | bench_issue11 scale [R] | bench_issue11 --jobs N R");
	if (argc > 1)
		n = parse_pos(argv[1], "N");
	if (argc > 2)
		reps = (int)parse_pos(argv[2], "R");
	double objects = (double)(21 * n);
	printf("bench_issue11: seed 001 association objects, %ld users x %d keywords through User.keywords "
	       "(creator in C) = %.0f objects; best of %d; assoc %s, SQLite %s; fresh files in /tmp\n",
	       n, K, objects, reps, assoc_version(), sqlite3_libversion());

	struct figures f[NJOBS];
	/* in enum order: the writes first, so each R job reads what its side's last W left */
	for (enum job j = 0; j < NJOBS; j++)
		f[j] = run_job(j, n, reps);

	printf("  %-30s %10s %8s %11s %11s %14s\n", "job", "seconds", "ratio", "statements", "peak RSS",
	       "bytes/object");
	for (enum job j = 0; j < NJOBS; j++) {
		int is_w = j <= LIB_W;
		const struct figures *base = is_w ? &f[BASE_W_FK] : &f[BASE_R_FK];
		printf("  %-30s %8.3f s %7.2fx %11ld %8.1f MB %14.1f\n", job_name[j], f[j].seconds,
		       f[j].seconds / base->seconds, f[j].statements, (double)f[j].maxrss_kb / 1024.0,
		       (double)(f[j].maxrss_kb - base->maxrss_kb) * 1024.0 / objects);
	}
	printf("(ratio and bytes/object: against the sqlite3 job with FKs on of the same kind, W or R;\n"
	       " figures only: this benchmark does not pass or fail on time)\n");
	remove_db(orm_path);
	remove_db(raw_path);
	return 0;
}
