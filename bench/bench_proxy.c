/*
 * bench_proxy.c - an association proxy with a creator, against hand-written
 * sqlite3, on the many-to-many model of seed 001.
 *
 * A benchmark, not a test: it prints figures and ratios and never passes or
 * fails on time. It exits non-zero only when something does not work (an assoc
 * or sqlite3 call fails, the creator is not called once per value, or the
 * rows or strings read back are not the ones written).
 *
 * Model (seed 001's first mapping): user(id INTEGER PK, name TEXT),
 * keyword(id INTEGER PK, keyword TEXT) and user_keyword(user_id FK -> user.id,
 * keyword_id FK -> keyword.id, PRIMARY KEY (user_id, keyword_id)); mapper
 * User with the many-to-many "kw" (secondary user_keyword, target Keyword) and
 * the proxy "keywords" = (target_collection "kw", attr "keyword", creator
 * make_keyword: a C function that makes a Keyword in the owner's session and
 * sets its keyword), mapper Keyword.
 *
 * Job 1, insert through the proxy: in one session, for each of N users make
 * the User, set its name, get the proxy view once (by resolved attribute),
 * append 10 distinct keyword strings to it (each append calls the creator,
 * which makes a Keyword: 10 N keywords and 10 N association rows) and add
 * the user (the keywords reach the session by the save-update cascade along
 * kw); then commit (flush + COMMIT). The same job is also run with direct
 * calls instead of the proxy (assoc_object_new a Keyword, set its keyword,
 * append it to the kw collection); the two alternate. After each insert,
 * untimed queries check the row counts and that every association row joins
 * a user to one of its own keywords. The cost of one append through the
 * proxy against the direct calls is then measured alone: the same build,
 * never flushed, timing only the appends (best of R runs of each).
 *
 * Job 2, load through the proxy: in a new session, query every user and, for
 * each, read its name and, through the proxy view, every keyword string
 * (assoc_collection_len + assoc_collection_get), summing the lengths. Timed
 * with kw loaded lazy="select" (one SELECT per user on first access) and
 * lazy="selectin" (loaded with the users' query), through two registries over
 * the same tables. After the timed walk, an untimed second walk hashes every
 * (user name, keyword) pair and checks it against what was written.
 *
 * Baseline: the same work with sqlite3 prepared statements. Insert: one
 * transaction, per user one INSERT into user, then per keyword one INSERT into
 * keyword and one into user_keyword (ids from sqlite3_last_insert_rowid()).
 * Load (the figure the ratios use): "SELECT id, name FROM user ORDER BY id",
 * then one JOIN "SELECT uk.user_id, k.id, k.keyword FROM user_keyword JOIN
 * keyword ... ORDER BY uk.user_id" (the composite primary key's index gives
 * the order), merged into arrays of structs with malloc'd copies of the
 * strings (the fastest of the hand-written loads tried: scanning keyword and
 * the index of user_keyword separately and linking by binary search was
 * slower). A second load, one prepared JOIN "... WHERE uk.user_id = ?" per
 * user (the N+1 pattern of lazy="select"), is shown for reference. The
 * baseline's tables are created by the same DDL assoc_engine_create_all()
 * runs.
 *
 * Both run on fresh database files in /tmp with the settings every assoc
 * connection has (PRAGMA foreign_keys = ON, busy_timeout 5000, the default
 * journal_mode and synchronous), and both load on a newly opened connection
 * (a new assoc session on a file engine opens one). With "memory" as the
 * second argument both use in-memory databases instead. Each insert runs R
 * times, each on a fresh database, and each load R times on the last of them;
 * the best run of each is reported.
 *
 * usage: bench_proxy [N [file|memory [R]]]
 *   N users (default 100000), 10 keywords each; R runs of each insert and load (default 3)
 */
#define KEYWORDS_PER_USER 10
#define BENCH_LABEL_WIDTH 40 /* the report's label columns, for bench_util.h */
#define BENCH_RATIO_WIDTH 40
#include "bench_util.h"
#include "proxy_model.h"

#include <inttypes.h>

/* FNV-1a over one (user name, keyword) pair: a keyword read back under the wrong user changes it. */
static uint64_t pair_hash(const char *name, size_t name_len, const char *kw, size_t kw_len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < name_len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	h = (h ^ 0xffu) * 1099511628211ULL;
	for (size_t i = 0; i < kw_len; i++)
		h = (h ^ (unsigned char)kw[i]) * 1099511628211ULL;
	return h;
}

/*
 * What a load must find: users and keywords, the lengths of their strings
 * (the timed checksum) and the sum of the pair hashes (checked untimed).
 */
struct expect {
	long users;
	long keywords;
	uint64_t name_bytes;
	uint64_t keyword_bytes;
	uint64_t pairs;
};

static struct expect expected(long n)
{
	struct expect e = { n, n * KEYWORDS_PER_USER, 0, 0, 0 };
	char name[64], kw[64];
	for (long i = 0; i < n; i++) {
		int nl = user_name(name, sizeof name, i);
		e.name_bytes += (uint64_t)nl;
		for (int j = 0; j < KEYWORDS_PER_USER; j++) {
			int kl = keyword_text(kw, sizeof kw, i, j);
			e.keyword_bytes += (uint64_t)kl;
			e.pairs += pair_hash(name, (size_t)nl, kw, (size_t)kl);
		}
	}
	return e;
}

static void verify(const char *who, const struct expect *want, const struct expect *got)
{
	if (got->users != want->users || got->keywords != want->keywords || got->name_bytes != want->name_bytes ||
	    got->keyword_bytes != want->keyword_bytes)
		die("%s: read back %ld users (%" PRIu64 " name bytes) and %ld keywords (%" PRIu64
		    " bytes); expected %ld (%" PRIu64 ") and %ld (%" PRIu64 ")",
		    who, got->users, got->name_bytes, got->keywords, got->keyword_bytes, want->users, want->name_bytes,
		    want->keywords, want->keyword_bytes);
}

static void verify_pairs(const char *who, const struct expect *want, uint64_t pairs)
{
	if (pairs != want->pairs)
		die("%s: the (user, keyword) pairs read back are not the ones written (hash %016" PRIx64
		    ", expected %016" PRIx64 ")",
		    who, pairs, want->pairs);
}

/*
 * The cost of one append of a new keyword, without the flush: the build of
 * job 1 again (nothing is committed), timing only each user's 10 appends
 * (one clock pair per user, the same overhead in both). via_proxy: append
 * the string to the proxy view (proxy_check, the creator: new + set keyword,
 * then the member joins kw); else new Keyword + set keyword + append it to kw.
 */
static double orm_append_cost(assoc_engine *eng, struct model *m, long n, int via_proxy, long *stmts)
{
	assoc_session *s;
	char buf[64];
	long before = *stmts;
	double appends = 0;

	ACHECK(assoc_session_new(&s, eng, m->reg, NULL));
	for (long i = 0; i < n; i++) {
		assoc_object *u;
		assoc_collection *coll;
		ACHECK(assoc_object_new(&u, s, m->User));
		int len = user_name(buf, sizeof buf, i);
		ACHECK(assoc_object_set_attr(u, m->user_name, assoc_value_textn(buf, (size_t)len)));
		ACHECK(assoc_object_collection_attr(&coll, u, via_proxy ? m->user_keywords : m->user_kw));
		double t0 = now();
		if (via_proxy) {
			for (int j = 0; j < KEYWORDS_PER_USER; j++) {
				len = keyword_text(buf, sizeof buf, i, j);
				ACHECK(assoc_collection_append(coll, assoc_value_textn(buf, (size_t)len)));
			}
		} else {
			for (int j = 0; j < KEYWORDS_PER_USER; j++) {
				assoc_object *k;
				ACHECK(assoc_object_new(&k, s, m->Keyword));
				len = keyword_text(buf, sizeof buf, i, j);
				ACHECK(assoc_object_set_attr(k, m->keyword_keyword, assoc_value_textn(buf, (size_t)len)));
				ACHECK(assoc_collection_append(coll, assoc_value_object(k)));
			}
		}
		appends += now() - t0;
		size_t len_after;
		ACHECK(assoc_collection_len(&len_after, coll));
		if (len_after != KEYWORDS_PER_USER)
			die("append cost: a user has %zu keywords after %d appends", len_after, KEYWORDS_PER_USER);
		ACHECK(assoc_session_add(s, u));
	}
	if (assoc_session_new_count(s) != (size_t)(n * (KEYWORDS_PER_USER + 1)))
		die("append cost: %zu objects pending; expected %ld", assoc_session_new_count(s),
		    n * (KEYWORDS_PER_USER + 1));
	if (*stmts != before)
		die("append cost: building transient objects ran %ld statements", *stmts - before);
	assoc_session_free(s); /* rolls back: nothing was flushed */
	return appends;
}

/* Job 2: every user, its name and its keywords through the proxy view. */
static struct phase orm_load(assoc_engine *eng, const struct model *m, const struct expect *want,
                             const char *who, long *stmts)
{
	struct expect got = { 0, 0, 0, 0, 0 };
	assoc_session *s;
	assoc_query *q;
	assoc_result *res;
	long before = *stmts;

	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m->reg, NULL));
	ACHECK(assoc_query_new(&q, s, m->User));
	ACHECK(assoc_query_all(&res, q));
	double t1 = now();
	size_t nu = assoc_result_count(res);
	for (size_t i = 0; i < nu; i++) {
		assoc_object *u = assoc_result_get(res, i);
		assoc_collection *keywords;
		assoc_value v;
		size_t nk;
		ACHECK(assoc_object_get_attr(u, m->user_name, &v));
		if (v.kind != ASSOC_TEXT)
			die("%s: User.name is %s, not TEXT", who, assoc_value_kind_name(v.kind));
		got.name_bytes += v.u.bytes.len;
		ACHECK(assoc_object_collection_attr(&keywords, u, m->user_keywords));
		ACHECK(assoc_collection_len(&nk, keywords));
		for (size_t j = 0; j < nk; j++) {
			ACHECK(assoc_collection_get(&v, keywords, j));
			if (v.kind != ASSOC_TEXT)
				die("%s: a member of User.keywords is %s, not TEXT", who, assoc_value_kind_name(v.kind));
			got.keyword_bytes += v.u.bytes.len;
		}
		got.keywords += (long)nk;
	}
	got.users = (long)nu;
	double t2 = now();
	struct phase ph = phase_times(t0, t1, t2);
	ph.statements = *stmts - before;
	verify(who, want, &got);

	/* untimed: every (user, keyword) pair, through the proxy again (all loaded now) */
	uint64_t pairs = 0;
	for (size_t i = 0; i < nu; i++) {
		assoc_object *u = assoc_result_get(res, i);
		assoc_collection *keywords;
		assoc_value name, v;
		size_t nk;
		ACHECK(assoc_object_get_attr(u, m->user_name, &name));
		ACHECK(assoc_object_collection_attr(&keywords, u, m->user_keywords));
		ACHECK(assoc_collection_len(&nk, keywords));
		for (size_t j = 0; j < nk; j++) {
			ACHECK(assoc_collection_get(&v, keywords, j));
			pairs += pair_hash(name.u.bytes.data, name.u.bytes.len, v.u.bytes.data, v.u.bytes.len);
		}
	}
	verify_pairs(who, want, pairs);
	if (*stmts - before != ph.statements)
		die("%s: walking the loaded keywords again ran %ld more statements", who,
		    *stmts - before - ph.statements);

	double t3 = now();
	assoc_result_free(res);
	assoc_query_free(q);
	assoc_session_free(s);
	double t4 = now();

	ph.teardown = t4 - t3;
	return ph;
}

/* ---- Job B: hand-written sqlite3 ----------------------------------------- */

/* The tables as assoc_engine_create_all() lays them out (compare sqlite_master). */
static const char *const raw_ddl =
	"CREATE TABLE \"user\" (\n"
	"\tid INTEGER NOT NULL,\n"
	"\tname TEXT,\n"
	"\tPRIMARY KEY (id)\n"
	");\n"
	"CREATE TABLE keyword (\n"
	"\tid INTEGER NOT NULL,\n"
	"\tkeyword TEXT,\n"
	"\tPRIMARY KEY (id)\n"
	");\n"
	"CREATE TABLE user_keyword (\n"
	"\tuser_id INTEGER NOT NULL,\n"
	"\tkeyword_id INTEGER NOT NULL,\n"
	"\tPRIMARY KEY (user_id, keyword_id),\n"
	"\tFOREIGN KEY(user_id) REFERENCES \"user\" (id),\n"
	"\tFOREIGN KEY(keyword_id) REFERENCES keyword (id)\n"
	");\n";

static struct phase raw_insert(sqlite3 *db, long n)
{
	struct phase ph = { 0 };
	sqlite3_stmt *ins_user, *ins_keyword, *ins_link;
	char buf[64];

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO \"user\" (name) VALUES (?)", -1, &ins_user, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO keyword (keyword) VALUES (?)", -1, &ins_keyword, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO user_keyword (user_id, keyword_id) VALUES (?, ?)", -1,
	                              &ins_link, NULL));
	for (long i = 0; i < n; i++) {
		int len = user_name(buf, sizeof buf, i);
		SCHECK(db, sqlite3_bind_text(ins_user, 1, buf, len, SQLITE_STATIC));
		SSTEP(db, ins_user);
		SCHECK(db, sqlite3_reset(ins_user));
		sqlite3_int64 uid = sqlite3_last_insert_rowid(db);
		for (int j = 0; j < KEYWORDS_PER_USER; j++) {
			len = keyword_text(buf, sizeof buf, i, j);
			SCHECK(db, sqlite3_bind_text(ins_keyword, 1, buf, len, SQLITE_STATIC));
			SSTEP(db, ins_keyword);
			SCHECK(db, sqlite3_reset(ins_keyword));
			SCHECK(db, sqlite3_bind_int64(ins_link, 1, uid));
			SCHECK(db, sqlite3_bind_int64(ins_link, 2, sqlite3_last_insert_rowid(db)));
			SSTEP(db, ins_link);
			SCHECK(db, sqlite3_reset(ins_link));
		}
	}
	sqlite3_finalize(ins_user);
	sqlite3_finalize(ins_keyword);
	sqlite3_finalize(ins_link);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	ph.total = now() - t0;
	ph.part2 = ph.total;
	ph.statements = 2 + n * (1 + 2 * KEYWORDS_PER_USER);
	return ph;
}

static void raw_verify_rows(sqlite3 *db, long n)
{
	int64_t got[4];
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st;
		SCHECK(db, sqlite3_prepare_v2(db, check_sql[i], -1, &st, NULL));
		sqlite_check(db, sqlite3_step(st), SQLITE_ROW, check_sql[i]);
		got[i] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	verify_rows("baseline insert", got, n);
}

struct raw_keyword {
	int64_t id;
	char *keyword;
	size_t len;
};

struct raw_user {
	int64_t id;
	char *name;
	size_t name_len;
	struct raw_keyword *keywords; /* a run of raw_data.keywords */
	size_t nkeywords;
	size_t first;                 /* where the run starts, while the array can still move */
};

struct raw_data {
	struct raw_user *users; /* in id order */
	size_t nusers, cap_users;
	struct raw_keyword *keywords; /* grouped by user, in the users' order */
	size_t nkeywords, cap_keywords;
};

static void raw_read_users(sqlite3 *db, struct raw_data *d)
{
	sqlite3_stmt *st;
	int rc;
	SCHECK(db, sqlite3_prepare_v2(db, "SELECT id, name FROM \"user\" ORDER BY id", -1, &st, NULL));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->users = grow(d->users, d->nusers, &d->cap_users, sizeof *d->users, 1024);
		struct raw_user *u = &d->users[d->nusers++];
		u->id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		u->name_len = (size_t)sqlite3_column_bytes(st, 1);
		u->name = xstrndup(name, u->name_len);
		u->keywords = NULL;
		u->nkeywords = 0;
		u->first = 0;
	}
	sqlite_check(db, rc, SQLITE_DONE, "SELECT user");
	sqlite3_finalize(st);
}

/* Append the current row's keyword (id, keyword at columns col, col + 1) to d->keywords. */
static void raw_read_keyword(sqlite3_stmt *st, int col, struct raw_data *d)
{
	d->keywords = grow(d->keywords, d->nkeywords, &d->cap_keywords, sizeof *d->keywords, 4096);
	struct raw_keyword *k = &d->keywords[d->nkeywords++];
	k->id = sqlite3_column_int64(st, col);
	const char *text = (const char *)sqlite3_column_text(st, col + 1);
	k->len = (size_t)sqlite3_column_bytes(st, col + 1);
	k->keyword = xstrndup(text, k->len);
}

/* Point each user at its run of keywords (the array no longer moves). */
static void raw_link(struct raw_data *d)
{
	for (size_t i = 0; i < d->nusers; i++)
		d->users[i].keywords = d->keywords + d->users[i].first;
}

/* Walk what was loaded, as the ORM load does. */
static struct expect raw_walk(const struct raw_data *d)
{
	struct expect got = { (long)d->nusers, 0, 0, 0, 0 };
	for (size_t i = 0; i < d->nusers; i++) {
		const struct raw_user *u = &d->users[i];
		got.name_bytes += u->name_len;
		for (size_t j = 0; j < u->nkeywords; j++)
			got.keyword_bytes += u->keywords[j].len;
		got.keywords += (long)u->nkeywords;
	}
	return got;
}

static uint64_t raw_pairs(const struct raw_data *d)
{
	uint64_t pairs = 0;
	for (size_t i = 0; i < d->nusers; i++) {
		const struct raw_user *u = &d->users[i];
		for (size_t j = 0; j < u->nkeywords; j++)
			pairs += pair_hash(u->name, u->name_len, u->keywords[j].keyword, u->keywords[j].len);
	}
	return pairs;
}

/*
 * The users in id order, then one JOIN of user_keyword and keyword in
 * user_id order (the primary key's index), merged with the users as it is
 * read: each user's keywords are one run of the array.
 */
static struct phase raw_load_join(sqlite3 *db, struct raw_data *d, const struct expect *want)
{
	sqlite3_stmt *st;
	int rc;

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	raw_read_users(db, d);
	SCHECK(db, sqlite3_prepare_v2(db,
	                              "SELECT uk.user_id, k.id, k.keyword FROM user_keyword AS uk "
	                              "JOIN keyword AS k ON k.id = uk.keyword_id ORDER BY uk.user_id",
	                              -1, &st, NULL));
	size_t ui = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t uid = sqlite3_column_int64(st, 0);
		while (ui < d->nusers && d->users[ui].id < uid)
			ui++;
		if (ui == d->nusers || d->users[ui].id != uid)
			die("baseline load (JOIN): user_keyword row for a user %" PRId64 " not found", uid);
		struct raw_user *u = &d->users[ui];
		if (!u->nkeywords)
			u->first = d->nkeywords;
		raw_read_keyword(st, 1, d);
		u->nkeywords++;
	}
	sqlite_check(db, rc, SQLITE_DONE, "SELECT user_keyword JOIN keyword");
	sqlite3_finalize(st);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	raw_link(d);
	double t1 = now();
	struct expect got = raw_walk(d);
	double t2 = now();

	verify("baseline load (JOIN)", want, &got);
	verify_pairs("baseline load (JOIN)", want, raw_pairs(d));
	struct phase ph = phase_times(t0, t1, t2);
	ph.statements = 2;
	return ph;
}

/* The users, then one prepared JOIN per user (N+1). */
static struct phase raw_load_per_user(sqlite3 *db, struct raw_data *d, const struct expect *want)
{
	sqlite3_stmt *st;
	int rc;

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	raw_read_users(db, d);
	SCHECK(db, sqlite3_prepare_v2(db,
	                              "SELECT k.id, k.keyword FROM user_keyword AS uk "
	                              "JOIN keyword AS k ON k.id = uk.keyword_id WHERE uk.user_id = ?",
	                              -1, &st, NULL));
	for (size_t i = 0; i < d->nusers; i++) {
		struct raw_user *u = &d->users[i];
		u->first = d->nkeywords;
		SCHECK(db, sqlite3_bind_int64(st, 1, u->id));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			raw_read_keyword(st, 0, d);
			u->nkeywords++;
		}
		sqlite_check(db, rc, SQLITE_DONE, "SELECT ... WHERE uk.user_id = ?");
		SCHECK(db, sqlite3_reset(st));
	}
	sqlite3_finalize(st);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	raw_link(d);
	double t1 = now();
	struct expect got = raw_walk(d);
	double t2 = now();

	verify("baseline load (N+1)", want, &got);
	verify_pairs("baseline load (N+1)", want, raw_pairs(d));
	struct phase ph = phase_times(t0, t1, t2);
	ph.statements = 1 + (long)d->nusers;
	return ph;
}

static double raw_free(struct raw_data *d)
{
	double t0 = now();
	for (size_t i = 0; i < d->nusers; i++)
		free(d->users[i].name);
	for (size_t k = 0; k < d->nkeywords; k++)
		free(d->keywords[k].keyword);
	free(d->users);
	free(d->keywords);
	memset(d, 0, sizeof *d);
	return now() - t0;
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const struct bench_args a =
		bench_args(argc, argv, "assoc_bench_proxy", "users", KEYWORDS_PER_USER, "keywords");
	const long n = a.n;
	const int reps = a.reps;

	const struct expect want = expected(n);
	printf("bench_proxy: %ld users x %d keywords through User.keywords (a proxy over the many-to-many "
	       "User.kw, with a C creator) = %ld keywords and %ld association rows; assoc %s, SQLite %s\n",
	       n, KEYWORDS_PER_USER, want.keywords, want.keywords, assoc_version(), sqlite3_libversion());
	print_setup(&a);

	/* ---- Job A: the ORM ---- */
	struct model lazy_m, selectin_m;
	define_model(&lazy_m, ASSOC_LAZY_SELECT);
	define_model(&selectin_m, ASSOC_LAZY_SELECTIN);
	assoc_engine *eng = NULL;
	long stmts = 0;
	struct phase orm_direct = { 0 }, orm_ins = { 0 };
	/*
	 * The two variants alternate (so neither always runs first, on a colder
	 * heap); the proxy runs last, so its database is the one loaded.
	 */
	for (int r = 0; r < reps; r++) {
		for (int pass = 0; pass < 2; pass++) { /* each on a fresh database */
			int via_proxy = pass == ((reps - 1 - r) % 2 == 0);
			fresh_engine(&eng, &a.db, lazy_m.reg, &stmts);
			struct phase ph = orm_insert(eng, &lazy_m, n, via_proxy, &stmts);
			orm_verify_rows(eng, n, via_proxy ? "ORM insert (proxy)" : "ORM insert (direct)");
			keep_best(via_proxy ? &orm_ins : &orm_direct, r == 0, ph);
			printf("ORM insert, %-14s %8.3f s  (build %.3f s, flush + commit %.3f s)\n",
			       via_proxy ? "proxy+creator" : "direct calls", ph.total, ph.part1, ph.part2);
			fflush(stdout);
		}
	}
	struct phase orm_sel = { 0 }, orm_in = { 0 };
	for (int r = 0; r < reps; r++)
		keep_run(&orm_sel, r == 0, orm_load(eng, &lazy_m, &want, "ORM load (lazy=select)", &stmts),
		         "ORM load, lazy=select");
	for (int r = 0; r < reps; r++)
		keep_run(&orm_in, r == 0, orm_load(eng, &selectin_m, &want, "ORM load (lazy=selectin)", &stmts),
		         "ORM load, lazy=selectin");
	double app_proxy = 0, app_direct = 0;
	for (int r = 0; r < reps; r++) { /* alternating, as the inserts */
		for (int pass = 0; pass < 2; pass++) {
			int via_proxy = pass == (r % 2 == 0);
			long calls_before = lazy_m.creator_calls;
			double t = orm_append_cost(eng, &lazy_m, n, via_proxy, &stmts);
			if (lazy_m.creator_calls - calls_before != (via_proxy ? n * KEYWORDS_PER_USER : 0))
				die("append cost: the creator ran %ld times", lazy_m.creator_calls - calls_before);
			if (via_proxy)
				app_proxy = r ? (t < app_proxy ? t : app_proxy) : t;
			else
				app_direct = r ? (t < app_direct ? t : app_direct) : t;
		}
	}
	printf("appends alone: proxy+creator %.3f s, direct calls %.3f s (best of %d)\n", app_proxy, app_direct, reps);
	fflush(stdout);
	assoc_engine_free(eng);
	assoc_registry_free(lazy_m.reg);
	assoc_registry_free(selectin_m.reg);

	/* ---- Job B: hand-written sqlite3 ---- */
	sqlite3 *raw = NULL;
	struct phase raw_ins = { 0 };
	for (int r = 0; r < reps; r++) { /* each on a fresh database; the last one is kept */
		raw = fresh_raw(raw, &a.db, raw_ddl);
		struct phase ph = raw_insert(raw, n);
		raw_verify_rows(raw, n);
		keep_run(&raw_ins, r == 0, ph, "baseline insert");
	}
	struct phase raw_join = { 0 }, raw_pp = { 0 };
	struct raw_data data = { 0 };
	for (int r = 0; r < 2 * reps; r++) { /* reps JOIN loads, then reps N+1 loads */
		int join = r < reps;
		raw = reopen_raw(raw, &a.db);
		struct phase ph = join ? raw_load_join(raw, &data, &want) : raw_load_per_user(raw, &data, &want);
		ph.teardown = raw_free(&data);
		keep_run(join ? &raw_join : &raw_pp, r % reps == 0, ph,
		         join ? "baseline load, JOIN" : "baseline load, N+1");
	}
	SCHECK(raw, sqlite3_close(raw));
	putchar('\n');

	/* ---- report ---- */
	long nkw = want.keywords;
	report_header();
	row("insert through the proxy (creator)", orm_ins.total, raw_ins.total);
	detail("ORM: build objects + add", orm_ins.part1);
	detail("ORM: flush + commit", orm_ins.part2);
	row("insert, direct calls (no proxy)", orm_direct.total, raw_ins.total);
	detail("ORM: build objects + add", orm_direct.part1);
	detail("ORM: flush + commit", orm_direct.part2);
	row("load, lazy=selectin  vs JOIN baseline", orm_in.total, raw_join.total);
	detail("ORM: query users (+ selectin)", orm_in.part1);
	detail("ORM: walk the proxy views", orm_in.part2);
	row("load, lazy=select    vs JOIN baseline", orm_sel.total, raw_join.total);
	detail("ORM: query users", orm_sel.part1);
	detail("ORM: walk views (lazy loads)", orm_sel.part2);
	row("load, lazy=select    vs N+1 baseline", orm_sel.total, raw_pp.total);
	printf("\n  not in the figures above:\n");
	detail("ORM: close insert session (proxy)", orm_ins.teardown);
	detail("ORM: close lazy=selectin session", orm_in.teardown);
	detail("ORM: close lazy=select session", orm_sel.teardown);
	detail("baseline: free arrays (JOIN)", raw_join.teardown);
	detail("baseline: free arrays (N+1)", raw_pp.teardown);

	printf("\n  one keyword appended (%ld appends; each user's 10 appends timed, no flush; best of %d):\n", nkw,
	       reps);
	printf("      %-36s %10.3f us\n", "through the proxy: creator + append", app_proxy * 1e6 / (double)nkw);
	printf("      %-36s %10.3f us\n", "direct: new + set keyword + append", app_direct * 1e6 / (double)nkw);
	printf("      %-36s %10.3f us  (proxy/direct %.2fx)\n", "the proxy's own cost per call",
	       (app_proxy - app_direct) * 1e6 / (double)nkw, app_direct > 0 ? app_proxy / app_direct : 0.0);

	printf("\n  statements run: insert ORM proxy %ld, direct %ld, baseline %ld; one load: ORM lazy=selectin %ld, "
	       "lazy=select %ld; baseline JOIN %ld, N+1 %ld\n",
	       orm_ins.statements, orm_direct.statements, raw_ins.statements, orm_in.statements, orm_sel.statements,
	       raw_join.statements, raw_pp.statements);
	double nrows = (double)(want.users + 2 * want.keywords);
	printf("  per row written (%.0f rows): insert ORM proxy %.2f us, baseline %.2f us; per keyword read "
	       "(%ld): load ORM lazy=selectin %.2f us, lazy=select %.2f us, baseline JOIN %.2f us\n",
	       nrows, orm_ins.total * 1e6 / nrows, raw_ins.total * 1e6 / nrows, nkw,
	       orm_in.total * 1e6 / (double)nkw, orm_sel.total * 1e6 / (double)nkw,
	       raw_join.total * 1e6 / (double)nkw);

	target_header("the proxy");
	target("insert through the proxy", orm_ins.total, raw_ins.total);
	target("load, lazy=selectin (vs JOIN)", orm_in.total, raw_join.total);
	target("load, lazy=select   (vs JOIN)", orm_sel.total, raw_join.total);
	target("load, lazy=select   (vs N+1)", orm_sel.total, raw_pp.total);
	return bench_done(&a);
}
