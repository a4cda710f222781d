/*
 * proxy_model.h - the model and the insert job of bench_proxy, shared with
 * bench_append (the C baseline of the bindings' benchmarks): seed 001's
 * User.keywords proxy over the many-to-many User.kw, with a C creator.
 * Include after bench_util.h, with KEYWORDS_PER_USER defined.
 */
#ifndef ASSOC_BENCH_PROXY_MODEL_H
#define ASSOC_BENCH_PROXY_MODEL_H

#include <inttypes.h>

/* ---- the data ------------------------------------------------------------ */

static int user_name(char *buf, size_t size, long i)
{
	return snprintf(buf, size, "user %ld", i);
}

static int keyword_text(char *buf, size_t size, long i, int j)
{
	return snprintf(buf, size, "keyword %ld.%d", i, j);
}

/* ---- checks after each insert --------------------------------------------- */

/*
 * Checks run after each insert, outside the timings, on both databases: the
 * row counts, and that every association row joins a user to one of that
 * user's own keywords ("user 17" to "keyword 17.0" .. "keyword 17.9").
 */
static const char *const check_sql[] = {
	"SELECT count(*) FROM \"user\"",
	"SELECT count(*) FROM keyword",
	"SELECT count(*) FROM user_keyword",
	"SELECT count(*) FROM user_keyword AS uk JOIN \"user\" AS u ON u.id = uk.user_id "
	"JOIN keyword AS k ON k.id = uk.keyword_id "
	"WHERE substr(k.keyword, 9, length(u.name) - 5 + 1) = substr(u.name, 6) || '.'",
};

static void verify_rows(const char *who, const int64_t got[4], long n)
{
	int64_t want[4] = { n, (int64_t)n * KEYWORDS_PER_USER, (int64_t)n * KEYWORDS_PER_USER,
	                    (int64_t)n * KEYWORDS_PER_USER };
	for (int i = 0; i < 4; i++)
		if (got[i] != want[i])
			die("%s: \"%s\" gave %" PRId64 "; expected %" PRId64, who, check_sql[i], got[i], want[i]);
}

/* ---- Job A: the ORM ------------------------------------------------------ */

struct model {
	assoc_registry *reg;
	assoc_mapper *User, *Keyword;
	assoc_attr *user_name, *user_kw, *user_keywords; /* column, relationship, proxy */
	assoc_attr *keyword_keyword;
	long creator_calls;
};

/* The proxy's creator: Keyword(keyword=value), in the owner's session. */
static int make_keyword(void *userdata, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	struct model *m = userdata;
	assoc_object *k;
	int rc;
	(void)key;
	m->creator_calls++;
	if ((rc = assoc_object_new(&k, assoc_object_session(owner), m->Keyword)) < 0)
		return rc;
	if ((rc = assoc_object_set_attr(k, m->keyword_keyword, *value)) < 0)
		return rc;
	*out = k;
	return 0;
}

static void define_model(struct model *m, assoc_lazy kw_lazy)
{
	assoc_column_options o;
	assoc_relationship_options r;
	assoc_proxy_options p;
	assoc_table *user, *keyword, *user_keyword;

	memset(m, 0, sizeof *m);
	ACHECK(assoc_registry_new(&m->reg));

	ACHECK(assoc_table_new(&user, m->reg, "user"));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	ACHECK(assoc_table_add_column(user, "id", ASSOC_TYPE_INTEGER, &o));
	ACHECK(assoc_table_add_column(user, "name", ASSOC_TYPE_TEXT, NULL));

	ACHECK(assoc_table_new(&keyword, m->reg, "keyword"));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	ACHECK(assoc_table_add_column(keyword, "id", ASSOC_TYPE_INTEGER, &o));
	ACHECK(assoc_table_add_column(keyword, "keyword", ASSOC_TYPE_TEXT, NULL));

	ACHECK(assoc_table_new(&user_keyword, m->reg, "user_keyword"));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "user.id";
	ACHECK(assoc_table_add_column(user_keyword, "user_id", ASSOC_TYPE_INTEGER, &o));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "keyword.id";
	ACHECK(assoc_table_add_column(user_keyword, "keyword_id", ASSOC_TYPE_INTEGER, &o));

	ACHECK(assoc_mapper_new(&m->User, m->reg, "User", "user"));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_keyword";
	r.lazy = kw_lazy;
	ACHECK(assoc_mapper_add_relationship(m->User, "kw", &r));
	p = (assoc_proxy_options)ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw";
	p.attr = "keyword";
	p.creator = make_keyword;
	p.creator_data = m;
	ACHECK(assoc_mapper_add_proxy(m->User, "keywords", &p));

	ACHECK(assoc_mapper_new(&m->Keyword, m->reg, "Keyword", "keyword"));

	ACHECK(assoc_registry_configure(m->reg));
	ACHECK(assoc_mapper_attr(&m->user_name, m->User, "name"));
	ACHECK(assoc_mapper_attr(&m->user_kw, m->User, "kw"));
	ACHECK(assoc_mapper_attr(&m->user_keywords, m->User, "keywords"));
	ACHECK(assoc_mapper_attr(&m->keyword_keyword, m->Keyword, "keyword"));
	if (assoc_attr_kind_of(m->user_keywords) != ASSOC_ATTR_PROXY ||
	    assoc_attr_collection_kind(m->user_kw) != ASSOC_COLLECTION_LIST)
		die("User.keywords is not a proxy over the list User.kw");
}

/*
 * Job 1. via_proxy: append strings to the proxy view (the creator makes each
 * Keyword); else make each Keyword with direct calls and append it to kw.
 */
static struct phase orm_insert(assoc_engine *eng, struct model *m, long n, int via_proxy, long *stmts)
{
	assoc_session *s;
	char buf[64];
	long before = *stmts;
	long calls_before = m->creator_calls;

	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m->reg, NULL));
	for (long i = 0; i < n; i++) {
		assoc_object *u;
		assoc_collection *coll;
		ACHECK(assoc_object_new(&u, s, m->User));
		int len = user_name(buf, sizeof buf, i);
		ACHECK(assoc_object_set_attr(u, m->user_name, assoc_value_textn(buf, (size_t)len)));
		if (via_proxy) {
			ACHECK(assoc_object_collection_attr(&coll, u, m->user_keywords));
			for (int j = 0; j < KEYWORDS_PER_USER; j++) {
				len = keyword_text(buf, sizeof buf, i, j);
				ACHECK(assoc_collection_append(coll, assoc_value_textn(buf, (size_t)len)));
			}
		} else {
			ACHECK(assoc_object_collection_attr(&coll, u, m->user_kw));
			for (int j = 0; j < KEYWORDS_PER_USER; j++) {
				assoc_object *k;
				ACHECK(assoc_object_new(&k, s, m->Keyword));
				len = keyword_text(buf, sizeof buf, i, j);
				ACHECK(assoc_object_set_attr(k, m->keyword_keyword, assoc_value_textn(buf, (size_t)len)));
				ACHECK(assoc_collection_append(coll, assoc_value_object(k)));
			}
		}
		ACHECK(assoc_session_add(s, u));
	}
	double t1 = now();
	long want_calls = via_proxy ? n * KEYWORDS_PER_USER : 0;
	if (m->creator_calls - calls_before != want_calls)
		die("ORM insert: the creator ran %ld times; expected %ld", m->creator_calls - calls_before, want_calls);
	if (assoc_session_new_count(s) != (size_t)(n * (KEYWORDS_PER_USER + 1)))
		die("ORM insert: %zu objects pending before the commit; expected %ld (did the "
		    "save-update cascade reach the keywords?)",
		    assoc_session_new_count(s), n * (KEYWORDS_PER_USER + 1));
	ACHECK(assoc_session_commit(s));
	double t2 = now();
	assoc_session_free(s);
	double t3 = now();

	struct phase ph = phase_times(t0, t1, t2);
	ph.teardown = t3 - t2;
	ph.statements = *stmts - before;
	return ph;
}

static void orm_verify_rows(assoc_engine *eng, long n, const char *who)
{
	int64_t got[4];
	for (int i = 0; i < 4; i++) {
		assoc_value v;
		ACHECK(assoc_engine_scalar(&v, eng, check_sql[i], NULL, 0));
		if (v.kind != ASSOC_INTEGER)
			die("%s: \"%s\" gave a %s", who, check_sql[i], assoc_value_kind_name(v.kind));
		got[i] = v.u.integer;
	}
	verify_rows(who, got, n);
}

#endif
