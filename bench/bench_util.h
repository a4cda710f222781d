/*
 * bench_util.h - the harness every benchmark shares: failing loudly, checked
 * allocation, the clock, fresh databases with the settings of an assoc
 * connection, best-of-R bookkeeping, the arguments ([N [file|memory [R]]]) and
 * the rows of the report.
 *
 * Each benchmark is one executable built from one .c file that includes this
 * header, so everything here is static inline (an unused one costs nothing and
 * draws no warning). Before including it, a benchmark defines the widths of its
 * report's label columns:
 *   BENCH_LABEL_WIDTH  the phase table (row(); detail() is 4 narrower, indented 4 more)
 *   BENCH_RATIO_WIDTH  the target lines (target())
 */
#ifndef ASSOC_BENCH_UTIL_H
#define ASSOC_BENCH_UTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <assoc.h>

#if !defined(BENCH_LABEL_WIDTH) || !defined(BENCH_RATIO_WIDTH)
#error "define BENCH_LABEL_WIDTH and BENCH_RATIO_WIDTH before including bench_util.h"
#endif

#define DEFAULT_N 100000L
#define DEFAULT_REPS 3
#define TARGET_RATIO 2.0

/* ---- failing loudly ------------------------------------------------------ */

static inline void die(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* __FILE__ without its directories, as the messages name the file. */
static inline const char *bench_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static inline void assoc_check_at(int rc, const char *call, const char *file, int line)
{
	if (rc < 0)
		die("%s:%d: %s failed: %s: %s", bench_file(file), line, call, assoc_error_name(rc),
		    assoc_error_last()->message);
}

static inline void sqlite_check_at(sqlite3 *db, int rc, int want, const char *call, const char *file, int line)
{
	if (rc != want)
		die("%s:%d: %s failed: %s (%d)", bench_file(file), line, call, db ? sqlite3_errmsg(db) : "", rc);
}

/* An assoc call that must not fail. */
#define ACHECK(call) assoc_check_at((call), #call, __FILE__, __LINE__)
/* A sqlite3 result code rc that must be want; what names the call in the message. */
#define sqlite_check(db, rc, want, what) sqlite_check_at((db), (rc), (want), (what), __FILE__, __LINE__)
/* A sqlite3 call that must return SQLITE_OK. */
#define SCHECK(db, call) sqlite_check((db), (call), SQLITE_OK, #call)
/* A statement that must run to SQLITE_DONE. */
#define SSTEP(db, stmt) sqlite_check((db), sqlite3_step(stmt), SQLITE_DONE, "sqlite3_step")

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

static inline void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

static inline char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Room for element n of a growing array of *cap elements of size bytes: it doubles, from first. */
static inline void *grow(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? 2 * *cap : first;
	return xrealloc(arr, *cap * size);
}

/* ---- timing -------------------------------------------------------------- */

static inline double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct phase {
	double total;    /* what the ratio uses */
	double part1;    /* insert: building objects; load: the query */
	double part2;    /* insert: flush + commit; load: walking the collections */
	double teardown; /* closing the session / freeing the arrays (not in total) */
	long statements;
};

/* A phase timed at its start t0, between its two parts t1 and its end t2. */
static inline struct phase phase_times(double t0, double t1, double t2)
{
	struct phase ph = { 0 };
	ph.part1 = t1 - t0;
	ph.part2 = t2 - t1;
	ph.total = t2 - t0;
	return ph;
}

/* The better (faster) of two runs of a phase. */
static inline struct phase best(struct phase a, struct phase b)
{
	return b.total < a.total ? b : a;
}

/* Keep the best of the runs of a phase: the first run (first != 0) starts it. */
static inline void keep_best(struct phase *kept, int first, struct phase ph)
{
	*kept = first ? ph : best(*kept, ph);
}

/* The line each run prints as it ends. */
static inline void run_line(const char *what, double secs)
{
	printf("%-26s %8.3f s\n", what, secs);
	fflush(stdout);
}

static inline void keep_run(struct phase *kept, int first, struct phase ph, const char *what)
{
	keep_best(kept, first, ph);
	run_line(what, ph.total);
}

/* ---- databases ----------------------------------------------------------- */

struct db_paths {
	int memory;
	char orm[256];  /* file path, or "" in memory */
	char raw[256];
	char orm_url[300];
};

static inline void remove_db(const char *path)
{
	char buf[300];
	if (!*path)
		return;
	unlink(path);
	snprintf(buf, sizeof buf, "%s-journal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
}

/* Statements the engine ran, counted through its trace hook. */
static inline void count_statement(void *userdata, const char *sql, size_t nparams)
{
	(void)sql;
	(void)nparams;
	++*(long *)userdata;
}

/*
 * The ORM's engine on a fresh database (freeing *eng, if any, first), with
 * reg's tables created and every statement counted into *stmts.
 */
static inline void fresh_engine(assoc_engine **eng, const struct db_paths *db, assoc_registry *reg, long *stmts)
{
	if (*eng)
		assoc_engine_free(*eng);
	remove_db(db->orm);
	ACHECK(assoc_engine_open(eng, db->orm_url));
	ACHECK(assoc_engine_create_all(*eng, reg));
	ACHECK(assoc_engine_set_trace(*eng, count_statement, stmts));
}

/* A baseline connection with the settings of an assoc connection. */
static inline sqlite3 *raw_open(const struct db_paths *p)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(p->memory ? ":memory:" : p->raw, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                         NULL);
	sqlite_check(db, rc, SQLITE_OK, "sqlite3_open_v2");
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	SCHECK(db, sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL));
	return db;
}

/* The baseline on a fresh database (closing db, if any, first), with the tables of ddl. */
static inline sqlite3 *fresh_raw(sqlite3 *db, const struct db_paths *p, const char *ddl)
{
	if (db)
		SCHECK(db, sqlite3_close(db));
	remove_db(p->raw);
	db = raw_open(p);
	SCHECK(db, sqlite3_exec(db, ddl, NULL, NULL, NULL));
	return db;
}

/* Before a baseline load: a new connection, as a new assoc session opens (in memory, the same one). */
static inline sqlite3 *reopen_raw(sqlite3 *db, const struct db_paths *p)
{
	if (p->memory)
		return db;
	SCHECK(db, sqlite3_close(db));
	return raw_open(p);
}

/* ---- arguments ----------------------------------------------------------- */

struct bench_args {
	long n;   /* N, the rows of the top table */
	int reps; /* R, the runs of each insert and load */
	struct db_paths db;
};

/*
 * [N [file|memory [R]]]; a wrong one prints the usage and exits. rows and
 * "per per_what each" say what N counts, for the usage; the database files
 * are /tmp/<prefix>_orm_<pid>.db and /tmp/<prefix>_raw_<pid>.db, removed
 * here if they are left over.
 */
static inline struct bench_args bench_args(int argc, char **argv, const char *prefix, const char *rows, int per,
                                           const char *per_what)
{
	struct bench_args a = { DEFAULT_N, DEFAULT_REPS, { 0 } };
	char *end;
	int ok = argc <= 4;

	if (ok && argc > 1) {
		a.n = strtol(argv[1], &end, 10);
		ok = !*end && a.n > 0;
	}
	if (ok && argc > 2) {
		a.db.memory = !strcmp(argv[2], "memory");
		ok = a.db.memory || !strcmp(argv[2], "file");
	}
	if (ok && argc > 3) {
		a.reps = (int)strtol(argv[3], &end, 10);
		ok = !*end && a.reps > 0;
	}
	if (!ok)
		die("usage: %s [N [file|memory [R]]]\n"
		    "  N %s (default %ld), %d %s each; databases in /tmp files (default) or in\n"
		    "  memory; each insert and load is run R times (default %d) and the best time is shown",
		    argv[0], rows, DEFAULT_N, per, per_what, DEFAULT_REPS);

	if (a.db.memory) {
		snprintf(a.db.orm_url, sizeof a.db.orm_url, "sqlite://");
	} else {
		snprintf(a.db.orm, sizeof a.db.orm, "/tmp/%s_orm_%ld.db", prefix, (long)getpid());
		snprintf(a.db.raw, sizeof a.db.raw, "/tmp/%s_raw_%ld.db", prefix, (long)getpid());
		snprintf(a.db.orm_url, sizeof a.db.orm_url, "sqlite:///%s", a.db.orm); /* 4 slashes: absolute */
		remove_db(a.db.orm);
		remove_db(a.db.raw);
	}
	return a;
}

/* ---- report -------------------------------------------------------------- */

/* The lines after the benchmark's own first line: where the databases are and how it runs. */
static inline void print_setup(const struct bench_args *a)
{
	if (a->db.memory)
		printf("databases: in memory (sqlite://, :memory:)");
	else
		printf("databases: fresh files %s and %s", a->db.orm, a->db.raw);
	printf("; PRAGMA foreign_keys = ON, journal_mode and synchronous at SQLite's defaults\n");
	printf("best of %d runs: each insert on a fresh database, each load on a new session / connection\n\n",
	       a->reps);
	fflush(stdout);
}

static inline void report_header(void)
{
	printf("  %-*s %12s %12s %9s\n", BENCH_LABEL_WIDTH, "phase", "ORM", "baseline", "ORM/base");
}

static inline void row(const char *what, double orm, double base)
{
	printf("  %-*s %10.3f s %10.3f s %8.2fx\n", BENCH_LABEL_WIDTH, what, orm, base,
	       base > 0 ? orm / base : 0.0);
}

static inline void detail(const char *what, double secs)
{
	printf("      %-*s %10.3f s\n", BENCH_LABEL_WIDTH - 4, what, secs);
}

/* "target: <who> within 2x ...", the head of the target() lines. */
static inline void target_header(const char *who)
{
	printf("\ntarget: %s within %.0fx of the hand-written baseline, for insert and for load\n", who,
	       TARGET_RATIO);
}

static inline void target(const char *what, double orm, double base)
{
	double ratio = orm / base;
	printf("  %-*s %6.2fx  %s\n", BENCH_RATIO_WIDTH, what, ratio,
	       ratio <= TARGET_RATIO ? "within target" : "OVER target");
}

/* The last line, and the database files removed; main returns what this returns. */
static inline int bench_done(const struct bench_args *a)
{
	printf("(figures only: this benchmark does not pass or fail on time)\n");
	remove_db(a->db.orm);
	remove_db(a->db.raw);
	return 0;
}

#endif
