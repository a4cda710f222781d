/*
 * program.c - running a step table fault-free and under faults (program.h).
 */
#include "program.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double fp_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int fp_full(void)
{
	const char *v = getenv("ASSOC_FAULT_FULL");
	return v && *v && strcmp(v, "0") != 0;
}

/* ---- the database, seen past the library --------------------------------- */

typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			check_fail_at(__FILE__, __LINE__, "out of memory");
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	/* "unix": the real VFS, not the shim; no busy wait, a held lock is a finding */
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix");
	if (rc)
		check_fail_at(__FILE__, __LINE__, "raw open of %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	return db;
}

static void dump_table(buf *b, sqlite3 *db, const char *table)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%.200s\"", table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		check_fail_at(__FILE__, __LINE__, "dump %s: %s", table, sqlite3_errmsg(db));
	int ncols = sqlite3_column_count(st);
	sqlite3_finalize(st);
	size_t len = strlen(sql);
	for (int i = 0; i < ncols; i++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%d", i ? "," : " ORDER BY ", i + 1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		check_fail_at(__FILE__, __LINE__, "dump %s: %s", table, sqlite3_errmsg(db));
	buf_str(b, table);
	buf_str(b, ":\n");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			buf_str(b, i ? "|" : "  ");
			buf_str(b, t ? (const char *)t : "NULL");
		}
		buf_str(b, "\n");
	}
	if (rc != SQLITE_DONE)
		check_fail_at(__FILE__, __LINE__, "dump %s: %s (%s)", table, sqlite3_errmsg(db),
		              sqlite3_errstr(sqlite3_extended_errcode(db)));
	sqlite3_finalize(st);
}

char *fp_dump(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1, &st, NULL))
		check_fail_at(__FILE__, __LINE__, "dump: %s", sqlite3_errmsg(db));
	char names[32][128];
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 32)
		snprintf(names[n++], sizeof names[0], "%s", (const char *)sqlite3_column_text(st, 0));
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		check_fail_at(__FILE__, __LINE__, "dump: reading the schema: %s (%s)", sqlite3_errmsg(db),
		              sqlite3_errstr(sqlite3_extended_errcode(db)));
	sqlite3_finalize(st);
	buf b = { 0 };
	buf_str(&b, "");
	for (int i = 0; i < n; i++)
		dump_table(&b, db, names[i]);
	sqlite3_close(db);
	return b.p;
}

const char *fp_integrity(const char *path)
{
	static char out[256];
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	snprintf(out, sizeof out, "(no row)");
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
		else
			snprintf(out, sizeof out, "integrity_check: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
	} else {
		snprintf(out, sizeof out, "integrity_check: %s", sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return out;
}

void fp_remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-journal", "-wal", "-shm" };
	for (size_t i = 0; i < 4; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		if (unlink(p) && errno != ENOENT)
			check_fail_at(__FILE__, __LINE__, "unlink %s: %s", p, strerror(errno));
	}
}

void fp_db_path(char *out, size_t cap, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	snprintf(out, cap, "%s/assoc_faults_%s_%ld.db", dir && *dir ? dir : "/tmp", tag, (long)getpid());
	fp_remove_db(out);
}

/* ---- running ---------------------------------------------------------------- */

/*
 * Only WAL is a property of the file; the other journal modes are set per
 * connection, so every new connection (the library's sessions' too) gets
 * the mode from an auto extension.
 */
static char connection_journal_mode[32];
static sqlite3 *last_connection;

static int on_connection(sqlite3 *db, char **err, const void *api)
{
	(void)err;
	(void)api;
	last_connection = db;
	if (!connection_journal_mode[0])
		return SQLITE_OK;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", connection_journal_mode);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void watch_connections(void)
{
	static int registered;
	if (!registered) {
		CHECK(sqlite3_auto_extension((void (*)(void))on_connection) == SQLITE_OK);
		registered = 1;
	}
}

sqlite3 *fp_last_connection(void)
{
	watch_connections();
	return last_connection;
}

static void setup(fp_state *st, const fp_program *prog, const char *journal_mode)
{
	watch_connections();
	snprintf(connection_journal_mode, sizeof connection_journal_mode, "%s",
	         journal_mode && strcmp(journal_mode, "wal") != 0 ? journal_mode : "");
	memset(st, 0, sizeof *st);
	fp_db_path(st->path, sizeof st->path, prog->name);
	prog->setup(st, journal_mode);
}

static void teardown(fp_state *st, const fp_program *prog)
{
	prog->teardown(st);
	fp_remove_db(st->path);
}

/*
 * The harness's own checks (dumps through a raw connection) are not the
 * program's: a source that would count them (an allocator) pauses. The
 * faulted runs make the same checks at the same points as the fault-free
 * run, so that even what the checks leave behind (WAL read marks) is the same.
 */
static void pause_src(const fp_fault *src, int on)
{
	if (src->pause)
		src->pause(src, on);
}

void fp_baseline_run(fp_baseline *b, const fp_program *prog, const fp_fault *src, const char *journal_mode)
{
	memset(b, 0, sizeof *b);
	b->prog = prog;
	b->journal_mode = journal_mode;
	size_t n = prog->nsteps;
	b->ops_before = calloc(n + 1, sizeof *b->ops_before);
	b->commits_before = calloc(n, sizeof *b->commits_before);
	b->out = calloc(n, sizeof *b->out);
	b->committed = calloc(n + 1, sizeof *b->committed);
	CHECK(b->ops_before && b->commits_before && b->out && b->committed);
	fp_state st;
	setup(&st, prog, journal_mode);
	double t0 = fp_now();
	src->reset(src);
	pause_src(src, 1);
	b->committed[0] = fp_dump(st.path);
	pause_src(src, 0);
	for (size_t i = 0; i < n; i++) {
		const fp_step *s = &prog->steps[i];
		b->ops_before[i] = src->count(src);
		b->commits_before[i] = b->ncommits;
		st.out[0] = '\0';
		int rc = s->fn(&st);
		if (rc)
			check_fail_at(__FILE__, __LINE__, "fault-free run: step %zu (%s) failed: %s", i, s->name,
			              check_last_error_());
		b->out[i] = strdup(st.out);
		if (s->flags & FP_COMMIT) {
			pause_src(src, 1);
			b->committed[++b->ncommits] = fp_dump(st.path);
			pause_src(src, 0);
		}
	}
	b->total = src->count(src);
	b->ops_before[n] = b->total;
	b->seconds = fp_now() - t0;
	teardown(&st, prog);
}

void fp_baseline_free(fp_baseline *b)
{
	for (size_t i = 0; b->out && i < b->prog->nsteps; i++)
		free(b->out[i]);
	for (int i = 0; b->committed && i <= b->ncommits; i++)
		free(b->committed[i]);
	free(b->out);
	free(b->committed);
	free(b->ops_before);
	free(b->commits_before);
	memset(b, 0, sizeof *b);
}

/* The committed content must be what the fault-free run had committed by now. */
static void check_committed(const fp_baseline *b, const fp_fault *src, const fp_state *st, int k,
                            const char *when)
{
	pause_src(src, 1);
	char *d = fp_dump(st->path);
	pause_src(src, 0);
	if (strcmp(d, b->committed[k]) != 0)
		check_fail_at(__FILE__, __LINE__, "%s: the committed content differs from the fault-free run's "
		              "after %d commits\n--- got:\n%s--- expected:\n%s", when, k, d, b->committed[k]);
	free(d);
}

/* A step succeeded: it read what the fault-free run read. */
static void step_done(const fp_baseline *b, const fp_fault *src, const fp_state *st, size_t i, int recovered)
{
	const fp_step *s = &b->prog->steps[i];
	if (strcmp(st->out, b->out[i]) != 0)
		check_fail_at(__FILE__, __LINE__, "step %zu (%s) read \"%s\", the fault-free run \"%s\"", i, s->name,
		              st->out, b->out[i]);
	if (recovered || (s->flags & FP_COMMIT)) {
		/* after a failure, no statement may run outside the session's transaction */
		char when[128];
		snprintf(when, sizeof when, "after step %zu (%s)%s", i, s->name, recovered ? ", past the failure" : "");
		check_committed(b, src, st, b->commits_before[i] + ((s->flags & FP_COMMIT) ? 1 : 0), when);
	}
}

/* The part of an error message SQLite wrote ("disk I/O error"), after the library's prefix. */
static const char *msg_tail(const char *msg)
{
	const char *p = msg, *q;
	while ((q = strstr(p, ": ")) != NULL)
		p = q + 2;
	return p;
}

/* Rollback required: whatever else the session is asked fails with ASSOC_ESTATE naming the first error. */
static void rollback_required(fp_state *st, const char *msg, size_t i, const char *step)
{
	static const char *const names[] = { "assoc_session_flush", "assoc_session_commit",
	                                     "assoc_session_begin_nested" };
	for (int k = 0; k < 3; k++) {
		int rc = k == 0 ? assoc_session_flush(st->f.s)
		       : k == 1 ? assoc_session_commit(st->f.s) : assoc_session_begin_nested(st->f.s);
		if (rc != ASSOC_ESTATE || !strstr(assoc_error_last()->message, msg_tail(msg)))
			check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed (%s) and the session needs a "
			              "rollback, %s returned %s (%s): expected ASSOC_ESTATE naming the first error", i, step,
			              msg, names[k], assoc_error_name(rc), assoc_error_last()->message);
	}
}

int fp_run_faulted(const fp_baseline *b, const fp_fault *src, long n, int persistent, fp_recovery rec)
{
	const fp_program *prog = b->prog;
	fp_state st;
	setup(&st, prog, b->journal_mode);
	if (n > 0)
		src->arm(src, n, persistent);
	else
		src->reset(src);
	check_committed(b, src, &st, 0, "at the start");
	int failed = 0;
	size_t tx = 0;
	for (size_t i = 0; i < prog->nsteps;) {
		const fp_step *s = &prog->steps[i];
		if (s->flags & FP_BEGIN)
			tx = i;
		if (n == 0 && src->count(src) != b->ops_before[i])
			check_fail_at(__FILE__, __LINE__, "before step %zu (%s): %ld operations, the fault-free run %ld "
			              "(the program is not deterministic)", i, s->name, src->count(src), b->ops_before[i]);
		st.out[0] = '\0';
		int rc = s->fn(&st);
		if (rc == 0) {
			step_done(b, src, &st, i, failed);
			i++;
			continue;
		}
		/* the first failure: what the fault did */
		const assoc_error *e = assoc_error_last();
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", e->message ? e->message : "");
		int code = e->code;
		if (failed || n == 0)
			check_fail_at(__FILE__, __LINE__, "step %zu (%s) failed with no fault active: %s: %s", i, s->name,
			              assoc_error_name(rc), msg);
		failed = 1;
		int rolled_back = 0;
		if (persistent) {
			/* with the fault still there, a rollback may fail, but cleanly */
			int rr = assoc_session_rollback(st.f.s);
			if (rr > 0 || (rr < 0 && (assoc_error_last()->code != rr || !assoc_error_last()->message[0])))
				check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed, a rollback with the fault still "
				              "active returned %d, last error %s", i, s->name, rr, check_last_error_());
			rolled_back = rr == 0;
		}
		src->lift(src);
		if (src->fired(src) == 0)
			check_fail_at(__FILE__, __LINE__, "step %zu (%s) failed but the fault did not fire: %s: %s", i,
			              s->name, assoc_error_name(rc), msg);
		if (rc >= 0 || code != rc || !msg[0])
			check_fail_at(__FILE__, __LINE__, "step %zu (%s) returned %d, last error %s \"%s\": expected a "
			              "negative code recorded with a message", i, s->name, rc, assoc_error_name(code), msg);
		/* the committed content: as before the call or, for a COMMIT, as after it */
		int k = b->commits_before[i];
		char *d = fp_dump(st.path);
		int landed = (s->flags & FP_COMMIT) && strcmp(d, b->committed[k + 1]) == 0;
		if (!landed && strcmp(d, b->committed[k]) != 0)
			check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed (%s: %s), the committed content is "
			              "neither as before the call%s\n--- got:\n%s--- before:\n%s", i, s->name,
			              assoc_error_name(rc), msg, (s->flags & FP_COMMIT) ? " nor as after it" : "", d,
			              b->committed[k]);
		free(d);
		const char *ic = fp_integrity(st.path);
		if (strcmp(ic, "ok") != 0)
			check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed: integrity_check: %s", i, s->name, ic);
		/* recovery (unless that rollback worked: then only the redo is left) */
		int rc2 = rolled_back ? 0 : rec == FP_RETRY ? s->fn(&st) : assoc_session_flush(st.f.s);
		const char *what = rec == FP_RETRY ? "calling the step again" : "a flush before the rollback";
		if (rc2 == 0 && rec == FP_RETRY && !rolled_back) {
			step_done(b, src, &st, i, failed); /* the flush's savepoint sufficed: the session went on */
			i++;
			continue;
		}
		if (rc2 != 0) {
			if (rc2 != ASSOC_ESTATE)
				check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed (%s: %s), %s returned %s (%s): "
				              "expected success (the transaction lives) or ASSOC_ESTATE (rollback required)",
				              i, s->name, assoc_error_name(rc), msg, what, assoc_error_name(rc2),
				              assoc_error_last()->message);
			if (!strstr(assoc_error_last()->message, msg_tail(msg)))
				check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed (%s), %s: the ASSOC_ESTATE "
				              "message \"%s\" does not name the original error \"%s\"", i, s->name, msg, what,
				              assoc_error_last()->message, msg_tail(msg));
			rollback_required(&st, msg, i, s->name);
		}
		rc2 = rolled_back ? 0 : assoc_session_rollback(st.f.s);
		if (rc2)
			check_fail_at(__FILE__, __LINE__, "after step %zu (%s) failed (%s: %s), assoc_session_rollback "
			              "with the fault lifted: %s", i, s->name, assoc_error_name(rc), msg, check_last_error_());
		char when[160];
		snprintf(when, sizeof when, "after step %zu (%s) failed and the session was rolled back", i, s->name);
		check_committed(b, src, &st, k + landed, when);
		/* a transaction that landed, or was to be rolled back anyway, is done; else redo it */
		i = landed || (s->flags & FP_ROLLBACK) ? i + 1 : tx;
	}
	char *d = fp_dump(st.path);
	if (strcmp(d, b->committed[b->ncommits]) != 0)
		check_fail_at(__FILE__, __LINE__, "the final content differs from the fault-free run's\n--- got:\n%s"
		              "--- expected:\n%s", d, b->committed[b->ncommits]);
	free(d);
	const char *ic = fp_integrity(st.path);
	if (strcmp(ic, "ok") != 0)
		check_fail_at(__FILE__, __LINE__, "at the end: integrity_check: %s", ic);
	long fired = n > 0 ? src->fired(src) : 0;
	if (n > 0 && !fired)
		check_fail_at(__FILE__, __LINE__, "operation %ld never came (the fault-free run made %ld): the "
		              "program is not deterministic", n, b->total);
	src->lift(src);
	teardown(&st, prog);
	return n > 0 && !failed;
}

enum { EXIT_ABSORBED = 5 };

void fp_sweep(fp_sweep_result *r, const fp_baseline *b, const fp_fault *src, const long *ns, size_t count,
              int persistent, fp_recovery rec)
{
	memset(r, 0, sizeof *r);
	double t0 = fp_now();
	int shown = 0;
	for (size_t j = 0; j < count; j++) {
		int fds[2];
		CHECK(pipe(fds) == 0);
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		CHECK(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			dup2(fds[1], 2);
			close(fds[1]);
			alarm(60);
			int absorbed = fp_run_faulted(b, src, ns[j], persistent, rec);
			fflush(stderr);
			exit(absorbed ? EXIT_ABSORBED : 0);
		}
		close(fds[1]);
		buf out = { 0 };
		buf_str(&out, "");
		char tmp[4096];
		ssize_t got;
		while ((got = read(fds[0], tmp, sizeof tmp)) != 0) {
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				break;
			if (out.len < 16384)
				buf_add(&out, tmp, (size_t)got);
		}
		close(fds[0]);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		r->runs++;
		int ok = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == EXIT_ABSORBED);
		if (ok && WEXITSTATUS(status) == EXIT_ABSORBED)
			r->absorbed++;
		/* a crash or a sanitizer report (not a failed check, status 3) is always shown */
		int crashed = !ok && !(WIFEXITED(status) && WEXITSTATUS(status) == 3);
		if (!ok) {
			r->failed++;
			r->crashed += crashed;
			if (shown++ < 3 || (crashed && r->crashed <= 3)) {
				fprintf(stderr, "  -- %s op %ld of %ld (%s, %s) failed", src->name, ns[j], b->total,
				        persistent ? "persistent" : "once", rec == FP_RETRY ? "retry" : "rollback+redo");
				if (WIFSIGNALED(status))
					fprintf(stderr, ": killed by signal %d", WTERMSIG(status));
				else if (crashed)
					fprintf(stderr, ": exit status %d", WEXITSTATUS(status));
				fprintf(stderr, ":\n%s", out.p);
			}
		}
		free(out.p);
	}
	r->seconds = fp_now() - t0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

long *fp_sample(const fp_baseline *b, long budget, int per_step, size_t *count)
{
	long total = b->total;
	size_t cap = (size_t)(total < budget || fp_full() ? total : budget + (long)b->prog->nsteps + 1) + 1;
	long *ns = malloc(cap * sizeof *ns);
	CHECK(ns != NULL);
	size_t k = 0;
	if (total <= budget || fp_full()) {
		for (long n = 1; n <= total; n++)
			ns[k++] = n;
	} else {
		for (size_t i = 0; per_step && i < b->prog->nsteps; i++) /* every step that makes one gets its first */
			if (b->ops_before[i + 1] > b->ops_before[i])
				ns[k++] = b->ops_before[i] + 1;
		for (long j = 0; j < budget && k < cap; j++)
			ns[k++] = 1 + j * (total - 1) / (budget > 1 ? budget - 1 : 1);
		qsort(ns, k, sizeof *ns, cmp_long);
		size_t u = 0;
		for (size_t i = 0; i < k; i++)
			if (!u || ns[i] != ns[u - 1])
				ns[u++] = ns[i];
		k = u;
	}
	*count = k;
	return ns;
}
