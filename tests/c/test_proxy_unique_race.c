/*
 * test_proxy_unique_race.c - a unique proxy's get-or-create is race-free
 * (upsert.c): two sessions that both make the Keyword "kw" before either
 * flushes end with one row, both users linked to it, and each session's
 * object is that row. On SQLite two sessions on one database file,
 * interleaved on one thread; on PostgreSQL also two threads at once, at
 * READ COMMITTED and (retried by assoc_session_run) at SERIALIZABLE.
 *
 *   users(id, name), keywords(id, keyword TEXT [UNIQUE], weight INTEGER),
 *   user_kw(user_id, keyword_id)
 *   User.kw       LIST, secondary user_kw          -> Keyword
 *   User.keywords = proxy("kw", "keyword", unique)
 *   User.made     = proxy("kw", "keyword", unique, creator=make_keyword)
 */
#include <pthread.h>
#include <stdlib.h>

#include "proxy_model.h"

enum { CONSTRAINED, NO_CONSTRAINT, COMPOSITE_CONSTRAINT };

/* The creator of User.made: a Keyword of weight 3. */
static int make_keyword(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	(void)ud;
	(void)key;
	assoc_attr *made = NULL;
	int rc = assoc_mapper_attr(&made, assoc_object_mapper(owner), "made");
	if (!rc)
		rc = assoc_object_new(out, assoc_object_session(owner), assoc_proxy_target_class(made));
	if (!rc)
		rc = assoc_object_set(*out, "keyword", *value);
	if (!rc)
		rc = assoc_object_set(*out, "weight", I(3));
	return rc;
}

static assoc_registry *model(int constraint)
{
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	fx_col(fx_table_id(reg, "users"), "name", ASSOC_TYPE_TEXT);
	assoc_table *kw = fx_table_id(reg, "keywords");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.unique = constraint == CONSTRAINED;
	CHECK_OK(assoc_table_add_column(kw, "keyword", ASSOC_TYPE_TEXT, &o));
	fx_col(kw, "weight", ASSOC_TYPE_INTEGER);
	if (constraint == COMPOSITE_CONSTRAINT) {
		const char *cols[] = { "keyword", "weight" };
		CHECK_OK(assoc_table_add_unique(kw, 2, cols, NULL));
	}
	pm_link_table(reg, "user_kw");
	assoc_mapper *user = fx_mapper(reg, "User", "users");
	fx_mapper(reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_kw";
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.unique = 1;
	CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &p));
	p.creator = make_keyword;
	CHECK_OK(assoc_mapper_add_proxy(user, "made", &p));
	CHECK_OK(assoc_registry_configure(reg));
	return reg;
}

/* ---- the statements an engine runs ------------------------------------------ */

struct trace {
	int n, on_conflict, conflict_reads;
};

static void on_sql(void *ud, const char *sql, size_t nparams)
{
	(void)nparams;
	struct trace *t = ud;
	t->n++;
	t->on_conflict += strstr(sql, "ON CONFLICT (keyword) DO NOTHING RETURNING id") != NULL;
	t->conflict_reads += !strncmp(sql, "SELECT id, keyword, weight FROM keywords WHERE keyword = ", 57);
}

/* An engine on a fresh database: a file on SQLite (sessions get their own connections), else $ASSOC_TEST_URL. */
static assoc_engine *open_engine(struct fx_tmpdb *db, assoc_registry *reg, struct trace *t)
{
	assoc_engine *eng = NULL;
	if (!fx_on_postgres())
		fx_tmpdb_make(db);
	CHECK_OK(assoc_engine_open(&eng, fx_on_postgres() ? fx_url() : db->url));
	fx_clean_database_(FX_HERE, eng);
	CHECK_OK(assoc_engine_create_all(eng, reg));
	if (t)
		CHECK_OK(assoc_engine_set_trace(eng, on_sql, t));
	return eng;
}

static void close_engine(struct fx_tmpdb *db, assoc_engine *eng)
{
	assoc_engine_free(eng);
	if (!fx_on_postgres())
		fx_tmpdb_remove(db);
}

static assoc_session *new_session(assoc_engine *eng, assoc_registry *reg)
{
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, eng, reg, NULL));
	return s;
}

/* A new User (added), with kw appended through the proxy. */
static assoc_object *user_with(assoc_registry *reg, assoc_session *s, const char *name, const char *proxy, const char *kw)
{
	assoc_mapper *m = NULL;
	assoc_object *u = NULL;
	CHECK_OK(assoc_registry_mapper(&m, reg, "User"));
	CHECK_OK(assoc_object_new(&u, s, m));
	fx_set_text(u, "name", name);
	CHECK_OK(assoc_session_add(s, u));
	CHECK_OK(assoc_collection_append(fx_coll(u, proxy), T(kw)));
	return u;
}

static int64_t links_to(assoc_engine *eng, const char *kw)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM user_kw WHERE keyword_id = (SELECT id FROM keywords WHERE keyword = '%s')", kw);
	return fx_sql_int(eng, sql);
}

/* ---- (a) two sessions interleaved ---------------------------------------------- */

/*
 * Both sessions make "kw" (the lookup finds nothing in either), then A
 * commits and B flushes: B's INSERT meets A's row, and B's Keyword becomes
 * that row (A's key and weight, B's identity map) with no error.
 */
static void test_interleaved_sessions(void)
{
	struct fx_tmpdb db;
	struct trace t = { 0 };
	assoc_registry *reg = model(CONSTRAINED);
	assoc_engine *eng = open_engine(&db, reg, &t);
	assoc_session *a = new_session(eng, reg), *b = new_session(eng, reg);
	assoc_object *ua = user_with(reg, a, "ann", "keywords", "kw");
	assoc_object *ub = user_with(reg, b, "bob", "made", "kw"); /* through a creator */
	CHECK_OK(assoc_collection_append(fx_coll(ub, "keywords"), T("only b")));
	assoc_object *ka = fx_at(fx_coll(ua, "kw"), 0), *kb = fx_at(fx_coll(ub, "kw"), 0);
	CHECK_INT(assoc_object_state_of(kb), ASSOC_STATE_PENDING);
	fx_set_int(ka, "weight", 7);
	CHECK_OK(assoc_session_commit(a));
	CHECK_INT(t.on_conflict, 1);
	CHECK_INT(t.conflict_reads, 0);

	CHECK_OK(assoc_session_flush(b));
	CHECK_INT(t.on_conflict, 3); /* "kw" and "only b" */
	CHECK_INT(t.conflict_reads, 1);
	int64_t id = fx_sql_int(eng, "SELECT id FROM keywords WHERE keyword = 'kw'");
	CHECK_INT(assoc_object_state_of(kb), ASSOC_STATE_PERSISTENT);
	CHECK_INT(fx_get_int(kb, "id"), id);
	CHECK_INT(fx_get_int(kb, "weight"), 7); /* the row's, not the creator's 3 */
	assoc_object *got = NULL;
	assoc_value pk = I(id);
	assoc_mapper *keyword = NULL;
	CHECK_OK(assoc_registry_mapper(&keyword, reg, "Keyword"));
	CHECK_OK(assoc_session_get(&got, b, keyword, &pk, 1));
	CHECK(got == kb);
	CHECK_OK(assoc_session_commit(b));

	CHECK_INT(fx_count(eng, "keywords"), 2);
	CHECK_INT(links_to(eng, "kw"), 2);
	CHECK_INT(links_to(eng, "only b"), 1);
	CHECK_INT(fx_get_int(fx_at(fx_coll(ub, "kw"), 0), "id"), id);
	CHECK_STR(pm_texts(fx_coll(ub, "keywords")), "kw,only b");
	assoc_session_free(a);
	assoc_session_free(b);
	close_engine(&db, eng);
	assoc_registry_free(reg);
}

/*
 * The session already holds the other transaction's row as another object
 * (loaded by key after its lookup found nothing, with autoflush off): the new Keyword cannot
 * become it. The flush fails naming the row, and the session goes on.
 */
static void test_row_held_as_another_object(void)
{
	struct fx_tmpdb db;
	assoc_registry *reg = model(CONSTRAINED);
	assoc_engine *eng = open_engine(&db, reg, NULL);
	assoc_session *a = new_session(eng, reg), *b = NULL;
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = 0; /* else the load below flushes first, and finds the new Keyword */
	CHECK_OK(assoc_session_new(&b, eng, reg, &so));
	user_with(reg, a, "ann", "keywords", "kw");
	user_with(reg, b, "bob", "keywords", "kw");
	CHECK_OK(assoc_session_commit(a));
	assoc_object *held = NULL;
	assoc_value pk = I(fx_sql_int(eng, "SELECT id FROM keywords WHERE keyword = 'kw'"));
	assoc_mapper *kw = NULL;
	CHECK_OK(assoc_registry_mapper(&kw, reg, "Keyword"));
	CHECK_OK(assoc_session_get(&held, b, kw, &pk, 1));
	CHECK(held != NULL);
	CHECK_ERR(assoc_session_commit(b), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("in the session already as another Keyword");
	CHECK_MSG_CONTAINS("keyword = 'kw'");
	CHECK_OK(assoc_session_rollback(b)); /* bob and his Keyword are transient again */
	assoc_object *bob = NULL;
	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, reg, "User"));
	CHECK_OK(assoc_object_new(&bob, b, user));
	CHECK_OK(assoc_session_add(b, bob));
	fx_append(fx_coll(bob, "kw"), held);
	CHECK_OK(assoc_session_commit(b));
	CHECK_INT(fx_count(eng, "keywords"), 1);
	CHECK_INT(links_to(eng, "kw"), 2);
	assoc_session_free(a);
	assoc_session_free(b);
	close_engine(&db, eng);
	assoc_registry_free(reg);
}

/*
 * SQLite: a session whose transaction read before the other's commit keeps
 * that snapshot and cannot write after it: ASSOC_ERETRY, nothing written; a
 * rollback and the same work again succeed (what assoc_session_run does).
 */
static void test_sqlite_stale_snapshot_is_retry(void)
{
	if (fx_on_postgres())
		CHECK_SKIP("SQLite's snapshots (PostgreSQL's READ COMMITTED takes a new one per statement)");
	struct fx_tmpdb db;
	assoc_registry *reg = model(CONSTRAINED);
	assoc_engine *eng = open_engine(&db, reg, NULL);
	assoc_session *a = new_session(eng, reg), *b = new_session(eng, reg);
	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, reg, "User"));
	assoc_query *q = NULL;
	int64_t n = -1;
	CHECK_OK(assoc_query_new(&q, b, user));
	CHECK_OK(assoc_query_count(&n, q)); /* b's transaction begins, with a snapshot */
	assoc_query_free(q);
	user_with(reg, b, "bob", "keywords", "kw");
	user_with(reg, a, "ann", "keywords", "kw");
	CHECK_OK(assoc_session_commit(a));
	CHECK_ERR(assoc_session_commit(b), ASSOC_ERETRY);
	CHECK_OK(assoc_session_rollback(b));
	CHECK_INT(fx_count(eng, "users"), 1);
	user_with(reg, b, "bob", "keywords", "kw");
	CHECK_OK(assoc_session_commit(b));
	CHECK_INT(fx_count(eng, "keywords"), 1);
	CHECK_INT(links_to(eng, "kw"), 2);
	assoc_session_free(a);
	assoc_session_free(b);
	close_engine(&db, eng);
	assoc_registry_free(reg);
}

/* ---- (b) two threads at once, on PostgreSQL ------------------------------------ */

enum { ROUNDS = 50 };

struct racer {
	assoc_registry *reg;
	pthread_barrier_t *made, *done;
	int id;
	int serializable; /* each round in assoc_session_run at SERIALIZABLE */
	struct trace t;
	char error[256];
	unsigned int retries;
};

#define RCHECK(r, call)                                                                      \
	do {                                                                                     \
		int rc_ = (call);                                                                    \
		if (rc_ != 0 && !(r)->error[0])                                                      \
			snprintf((r)->error, sizeof (r)->error, "%s: %d %s", #call, rc_, assoc_error_last()->message); \
	} while (0)

struct round {
	struct racer *r;
	assoc_mapper *user;
	int round;
};

/* One round's work: a user with the round's keyword; then both threads flush together. */
static int play_round(void *ud, assoc_session *s, unsigned int attempt)
{
	struct round *rd = ud;
	struct racer *r = rd->r;
	char name[32], kw[32];
	snprintf(name, sizeof name, "t%d-%d", r->id, rd->round);
	snprintf(kw, sizeof kw, "kw%d", rd->round);
	assoc_object *u = NULL;
	assoc_collection *c = NULL;
	int rc = assoc_object_new(&u, s, rd->user);
	if (!rc)
		rc = assoc_object_set(u, "name", T(name));
	if (!rc)
		rc = assoc_session_add(s, u);
	if (!rc)
		rc = assoc_object_collection(&c, u, r->id ? "made" : "keywords");
	if (!rc)
		rc = assoc_collection_append(c, T(kw));
	if (attempt == 1)
		pthread_barrier_wait(r->made); /* both lookups have found nothing: flush together */
	else
		r->retries++;
	return rc ? rc : assoc_session_flush(s);
}

static void *race(void *arg)
{
	struct racer *r = arg;
	assoc_engine *eng = NULL;
	assoc_session *s = NULL;
	struct round rd = { r, NULL, 0 };
	char url[512];
	snprintf(url, sizeof url, "%s%s", fx_url(),
	         r->serializable ? "&options=-c%20default_transaction_isolation%3Dserializable" : "");
	RCHECK(r, assoc_engine_open(&eng, url));
	if (!r->error[0])
		RCHECK(r, assoc_engine_set_trace(eng, on_sql, &r->t));
	RCHECK(r, assoc_registry_mapper(&rd.user, r->reg, "User"));
	if (!r->error[0])
		RCHECK(r, assoc_session_new(&s, eng, r->reg, NULL));
	for (rd.round = 0; rd.round < ROUNDS; rd.round++) {
		if (r->error[0])
			pthread_barrier_wait(r->made); /* keep the other thread's rounds going */
		else if (r->serializable)
			RCHECK(r, assoc_session_run(s, play_round, &rd, NULL));
		else {
			RCHECK(r, play_round(&rd, s, 1));
			if (!r->error[0])
				RCHECK(r, assoc_session_commit(s));
		}
		/* no transaction open across rounds: at SERIALIZABLE, one left open would keep failing the other's retry */
		pthread_barrier_wait(r->done);
	}
	assoc_session_free(s);
	assoc_engine_free(eng);
	return NULL;
}

/* Two threads, each on its own engine, ROUNDS rounds of both making one keyword at once. */
static void run_race(int serializable, struct racer r[2], assoc_engine **eng, assoc_registry **reg)
{
	*reg = model(CONSTRAINED);
	*eng = open_engine(NULL, *reg, NULL);
	pthread_barrier_t made, done;
	CHECK(pthread_barrier_init(&made, NULL, 2) == 0);
	CHECK(pthread_barrier_init(&done, NULL, 2) == 0);
	pthread_t th[2];
	memset(r, 0, 2 * sizeof *r);
	for (int i = 0; i < 2; i++) {
		r[i].reg = *reg;
		r[i].made = &made;
		r[i].done = &done;
		r[i].id = i;
		r[i].serializable = serializable;
		CHECK(pthread_create(&th[i], NULL, race, &r[i]) == 0);
	}
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	pthread_barrier_destroy(&made);
	pthread_barrier_destroy(&done);
	for (int i = 0; i < 2; i++) {
		if (r[i].error[0])
			fprintf(stderr, "  thread %d: %s\n", i, r[i].error);
		CHECK(!r[i].error[0]);
	}
	CHECK_INT(fx_count(*eng, "keywords"), ROUNDS);
	CHECK_INT(fx_count(*eng, "user_kw"), 2 * ROUNDS);
	CHECK_INT(fx_sql_int(*eng, "SELECT count(*) FROM (SELECT keyword_id FROM user_kw GROUP BY keyword_id "
	                           "HAVING count(*) = 2) AS pairs"), ROUNDS);
}

static void test_two_threads_on_postgres(void)
{
	if (!fx_on_postgres())
		CHECK_SKIP("two sessions writing at once need a server (ASSOC_TEST_URL)");
	struct racer r[2];
	assoc_engine *eng;
	assoc_registry *reg;
	run_race(0, r, &eng, &reg);
	/* every round, one INSERT made the row and the other session read it */
	CHECK_INT(r[0].t.on_conflict + r[1].t.on_conflict, 2 * ROUNDS);
	CHECK_INT(r[0].t.conflict_reads + r[1].t.conflict_reads, ROUNDS);
	close_engine(NULL, eng);
	assoc_registry_free(reg);
}

/*
 * At SERIALIZABLE, PostgreSQL reports the row the later INSERT cannot see as
 * a serialization failure (ASSOC_ERETRY): assoc_session_run runs the round
 * again, and the new snapshot finds the row.
 */
static void test_two_threads_serializable(void)
{
	if (!fx_on_postgres())
		CHECK_SKIP("two sessions writing at once need a server (ASSOC_TEST_URL)");
	struct racer r[2];
	assoc_engine *eng;
	assoc_registry *reg;
	run_race(1, r, &eng, &reg);
	CHECK(r[0].retries + r[1].retries > 0);
	close_engine(NULL, eng);
	assoc_registry_free(reg);
}

/* ---- statements ----------------------------------------------------------------- */

/* How many statements a new session runs to add a user with "kw" and commit. */
static int statements_to_add(assoc_engine *eng, assoc_registry *reg, struct trace *t)
{
	assoc_session *s = new_session(eng, reg);
	int before = t->n;
	user_with(reg, s, "ann", "keywords", "kw");
	CHECK_OK(assoc_session_commit(s));
	assoc_session_free(s);
	return t->n - before;
}

/*
 * The get-or-create costs nothing on the normal paths: as many statements as
 * the lookup and plain INSERT (the model without a constraint) - the lookup,
 * BEGIN, SAVEPOINT, the user, the keyword, the link, RELEASE, COMMIT for a new
 * keyword; one fewer for one found. (8 and 7 are also what the library ran
 * before the get-or-create, when the lookup's BEGIN came first.)
 */
static void test_statement_count(void)
{
	for (int constraint = CONSTRAINED; constraint <= NO_CONSTRAINT; constraint++) {
		struct fx_tmpdb db;
		struct trace t = { 0 };
		assoc_registry *reg = model(constraint);
		assoc_engine *eng = open_engine(&db, reg, &t);
		CHECK_INT(statements_to_add(eng, reg, &t), 8);
		CHECK_INT(statements_to_add(eng, reg, &t), 7);
		CHECK_INT(t.on_conflict, constraint == CONSTRAINED);
		CHECK_INT(fx_count(eng, "keywords"), 1);
		close_engine(&db, eng);
		assoc_registry_free(reg);
	}
}

/* ---- (c) without a constraint, and out of memory ---------------------------------- */

/*
 * Without a one-column constraint on the column (none, or only a composite one)
 * the database cannot arbitrate: the proxy is accepted and works as before
 * (lookup, then a plain INSERT), and two sessions at once make two rows.
 */
static void test_without_constraint_falls_back(void)
{
	for (int constraint = NO_CONSTRAINT; constraint <= COMPOSITE_CONSTRAINT; constraint++) {
		struct fx_tmpdb db;
		struct trace t = { 0 };
		assoc_registry *reg = model(constraint);
		assoc_engine *eng = open_engine(&db, reg, &t);
		assoc_session *a = new_session(eng, reg), *b = new_session(eng, reg);
		user_with(reg, a, "ann", "keywords", "kw");
		user_with(reg, b, "bob", "keywords", "kw");
		CHECK_OK(assoc_session_commit(a));
		CHECK_OK(assoc_session_commit(b));
		CHECK_INT(t.on_conflict, 0);
		CHECK_INT(fx_count(eng, "keywords"), 2);
		assoc_session_free(a);
		assoc_session_free(b);
		close_engine(&db, eng);
		assoc_registry_free(reg);
	}
}

/* The table's own one-column UNIQUE constraint, or a natural primary key, is one too. */
static void test_other_unique_constraints(void)
{
	for (int natural = 0; natural <= 1; natural++) {
		assoc_registry *reg = NULL;
		CHECK_OK(assoc_registry_new(&reg));
		fx_col(fx_table_id(reg, "users"), "name", ASSOC_TYPE_TEXT);
		assoc_table *tags = natural ? fx_table(reg, "tags") : fx_table_id(reg, "tags");
		assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
		o.primary_key = natural;
		CHECK_OK(assoc_table_add_column(tags, "label", ASSOC_TYPE_TEXT, &o));
		fx_fk(tags, "user_id", "users.id");
		const char *cols[] = { "label" };
		if (!natural)
			CHECK_OK(assoc_table_add_unique(tags, 1, cols, NULL));
		assoc_mapper *user = fx_mapper(reg, "User", "users");
		fx_mapper(reg, "Tag", "tags");
		fx_rel(user, "tags", "Tag", NULL, NULL);
		assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
		p.target_collection = "tags";
		p.attr = "label";
		p.unique = 1;
		CHECK_OK(assoc_mapper_add_proxy(user, "labels", &p));
		CHECK_OK(assoc_registry_configure(reg));
		struct fx_tmpdb db;
		assoc_engine *eng = open_engine(&db, reg, NULL);
		assoc_session *a = new_session(eng, reg), *b = new_session(eng, reg);
		user_with(reg, a, "ann", "labels", "x");
		user_with(reg, b, "bob", "labels", "x");
		CHECK_OK(assoc_session_commit(a));
		CHECK_OK(assoc_session_commit(b));
		CHECK_INT(fx_count(eng, "tags"), 1);
		/* a one-to-many: the row's user_id is the last session's, as when the lookup finds the row */
		CHECK_INT(fx_sql_int(eng, "SELECT user_id FROM tags"), 2);
		assoc_session_free(a);
		assoc_session_free(b);
		close_engine(&db, eng);
		assoc_registry_free(reg);
	}
}

/*
 * Each allocation of the flush that meets an existing row failing in turn:
 * ASSOC_ENOMEM, nothing half done, and the same commit then works.
 */
static void test_alloc_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		memset(&f, 0, sizeof f);
		f.reg = model(CONSTRAINED);
		CHECK_OK(assoc_engine_open(&f.eng, fx_url()));
		fx_clean_database_(FX_HERE, f.eng);
		CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
		CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, NULL));
		assoc_object *u = user_with(f.reg, f.s, "ann", "keywords", "kw");
		/* another transaction's row, after the lookup */
		CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO keywords (keyword, weight) VALUES ('kw', 5)"));
		fx_fail_arm(n);
		int rc = assoc_session_commit(f.s);
		int fired = fx_fail_disarm();
		if (fired && rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			CHECK_OK(assoc_session_commit(f.s));
		} else {
			CHECK_OK(rc);
			done = !fired;
		}
		CHECK_INT(fx_count(f.eng, "keywords"), 1);
		CHECK_INT(links_to(f.eng, "kw"), 1);
		assoc_object *k = fx_at(fx_coll(u, "kw"), 0);
		CHECK_INT(fx_get_int(k, "weight"), 5);
		CHECK_INT(fx_get_int(k, "id"), fx_sql_int(f.eng, "SELECT id FROM keywords"));
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_interleaved_sessions),
		TEST(test_row_held_as_another_object),
		TEST(test_sqlite_stale_snapshot_is_retry),
		TEST(test_two_threads_on_postgres),
		TEST(test_two_threads_serializable),
		TEST(test_statement_count),
		TEST(test_without_constraint_falls_back),
		TEST(test_other_unique_constraints),
		TEST(test_alloc_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
