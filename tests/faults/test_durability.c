/*
 * test_durability.c - commits survive a SIGKILL at any moment: a child
 * process commits batches (one user with K keywords through a proxy with a
 * creator, each row stamped with its batch number) to a file database until
 * it is killed at a random moment, at least 100 times per journal mode;
 * after each kill the database passes integrity_check, every batch is there
 * whole or not at all, the batches are 1..M with no gap, and M never goes
 * back (what was committed stays committed).
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "program.h"

#define T(s) assoc_value_text(s)
#define I(i) assoc_value_integer(i)

#define K 5
#define MIN_KILLS 100
#define MAX_SECONDS 12.0 /* per journal mode */

static int kw_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                      assoc_object **out)
{
	(void)key;
	assoc_value batch;
	int rc = assoc_object_get(owner, "batch", &batch);
	if (!rc)
		rc = assoc_object_new(out, assoc_object_session(owner), ud);
	if (!rc)
		rc = assoc_object_set(*out, "keyword", *value);
	return rc ? rc : assoc_object_set(*out, "batch", batch);
}

static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *users = fx_table_id(f->reg, "users");
	fx_col(users, "name", ASSOC_TYPE_TEXT);
	fx_col(users, "batch", ASSOC_TYPE_INTEGER);
	assoc_table *kw = fx_table_id(f->reg, "keywords");
	fx_col(kw, "keyword", ASSOC_TYPE_TEXT);
	fx_col(kw, "batch", ASSOC_TYPE_INTEGER);
	assoc_table *link = fx_table(f->reg, "user_kw");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(link, "user_id", ASSOC_TYPE_INTEGER, &o));
	o.foreign_key = "keywords.id";
	CHECK_OK(assoc_table_add_column(link, "keyword_id", ASSOC_TYPE_INTEGER, &o));
	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	assoc_mapper *keyword = fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_kw";
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.creator = kw_creator;
	p.creator_data = keyword;
	CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &p));
	CHECK_OK(assoc_registry_configure(f->reg));
}

static void open_db(fx *f, const char *path)
{
	char url[600];
	snprintf(url, sizeof url, "sqlite:///%s", path);
	build(f);
	CHECK_OK(assoc_engine_open(&f->eng, url));
}

/* The child: commit batch after batch, from the one after the last committed, until killed. */
static void committer(const char *path)
{
	fx f;
	open_db(&f, path);
	assoc_value last;
	CHECK_OK(assoc_engine_scalar(&last, f.eng, "SELECT coalesce(max(batch), 0) FROM users", NULL, 0));
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, NULL));
	assoc_mapper *user = fx_m(&f, "User");
	for (int64_t b = last.u.integer + 1;; b++) {
		assoc_object *u;
		char text[64];
		CHECK_OK(assoc_object_new(&u, f.s, user));
		snprintf(text, sizeof text, "user %lld", (long long)b);
		CHECK_OK(assoc_object_set(u, "name", T(text)));
		CHECK_OK(assoc_object_set(u, "batch", I(b)));
		CHECK_OK(assoc_session_add(f.s, u));
		assoc_collection *c;
		CHECK_OK(assoc_object_collection(&c, u, "keywords"));
		for (int i = 0; i < K; i++) {
			snprintf(text, sizeof text, "b%lld k%d", (long long)b, i);
			CHECK_OK(assoc_collection_append(c, T(text)));
		}
		CHECK_OK(assoc_session_commit(f.s));
		CHECK_OK(assoc_session_expunge(f.s, u)); /* keep the session small */
	}
}

static int64_t q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		check_fail_at(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		check_fail_at(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* After a kill: whole batches 1..M; returns M. */
static int64_t check_batches(const char *path, int kill_no)
{
	const char *ic = fp_integrity(path); /* also rolls back a hot journal */
	if (strcmp(ic, "ok") != 0)
		check_fail_at(__FILE__, __LINE__, "kill %d: integrity_check: %s", kill_no, ic);
	sqlite3 *db;
	CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix") == SQLITE_OK);
	int64_t m = q_int(db, "SELECT count(*) FROM users");
	CHECK_INT(q_int(db, "SELECT count(DISTINCT batch) FROM users"), m);
	CHECK_INT(q_int(db, "SELECT coalesce(min(batch), 1) FROM users"), 1);
	CHECK_INT(q_int(db, "SELECT coalesce(max(batch), 0) FROM users"), m);
	CHECK_INT(q_int(db, "SELECT count(*) FROM keywords"), m * K);
	CHECK_INT(q_int(db, "SELECT count(*) FROM (SELECT batch FROM keywords GROUP BY batch HAVING count(*) = "
	                    "5 AND batch BETWEEN 1 AND (SELECT max(batch) FROM users))"), m);
	/* each link joins a user and a keyword of the same batch, K per user */
	CHECK_INT(q_int(db, "SELECT count(*) FROM user_kw l JOIN users u ON u.id = l.user_id "
	                    "JOIN keywords k ON k.id = l.keyword_id WHERE u.batch = k.batch"), m * K);
	CHECK_INT(q_int(db, "SELECT count(*) FROM user_kw"), m * K);
	sqlite3_close(db);
	return m;
}

static void sigkill_loop(const char *journal_mode)
{
	_Static_assert(K == 5, "the HAVING clause above counts 5");
	char path[512];
	fp_db_path(path, sizeof path, journal_mode);
	fx f;
	open_db(&f, path);
	if (strcmp(journal_mode, "wal") == 0)
		CHECK_OK(assoc_engine_exec(f.eng, "PRAGMA journal_mode = WAL")); /* kept by the file */
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	fx_close(&f);

	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	double t0 = fp_now();
	int kills = 0;
	int64_t m = 0, grew = 0;
	while (kills < MIN_KILLS || (fp_now() - t0 < MAX_SECONDS / 2 && kills < 4 * MIN_KILLS)) {
		if (fp_now() - t0 > MAX_SECONDS)
			break;
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		CHECK(pid >= 0);
		if (pid == 0) {
			alarm(10); /* never outlive the test */
			committer(path);
			_exit(1);
		}
		/* 0-20 ms; while nothing has been committed yet (a loaded machine, a
		 * sanitizer build: the child is slow to start), the window widens so
		 * that kills also land after commits. */
		long window_us = m > 0 ? 20000 : 20000L * (1 + kills / 10);
		long us = rand() % window_us;
		struct timespec d = { us / 1000000, (us % 1000000) * 1000L };
		nanosleep(&d, NULL);
		kill(pid, SIGKILL);
		int status;
		while (waitpid(pid, &status, 0) < 0)
			;
		if (!WIFSIGNALED(status))
			check_fail_at(__FILE__, __LINE__, "kill %d: the committer ended by itself (status %d)", kills,
			              WEXITSTATUS(status));
		kills++;
		int64_t now = check_batches(path, kills);
		if (now < m)
			check_fail_at(__FILE__, __LINE__, "kill %d: %lld batches, %lld before: committed batches were lost",
			              kills, (long long)now, (long long)m);
		grew += now > m;
		m = now;
	}
	printf("  %s: %d kills, %lld batches committed, %lld kills after new commits, %.1f s\n", journal_mode, kills,
	       (long long)m, (long long)grew, fp_now() - t0);
	fflush(stdout);
	CHECK(kills >= MIN_KILLS);
	CHECK(m > 0);
	fp_remove_db(path);
}

static void test_sigkill_delete_journal(void) { sigkill_loop("delete"); }
static void test_sigkill_wal(void) { sigkill_loop("wal"); }

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_sigkill_delete_journal),
		TEST(test_sigkill_wal),
	};
	return CHECK_RUN(tests, argc, argv);
}
