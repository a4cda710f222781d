/*
 * fuzz_api.c - a fuzz target: its input is a sequence of API operations on
 * seed 001's association objects, run against an in-memory model of what the
 * data should be.
 *
 *   users(id, name)                  User
 *   keywords(id, keyword)            Keyword
 *   keyword_links(id, user_id, keyword_id)                 KeywordLink
 *   user_keyword(id, user_id, keyword_id, special_key)     UserKeywordAssociation
 *   addresses(id, email, user_id)    Address
 *
 *   User.kw_links                LIST -> KeywordLink, "all, delete-orphan"
 *   User.keyword_list            proxy(kw_links, keyword), a C creator
 *   User.user_keyword_associations DICT by special_key, "all, delete-orphan"
 *   User.keywords                proxy(user_keyword_associations, keyword)
 *   User.addresses               LIST -> Address, "all, delete-orphan"
 *
 * After every operation: each proxy is as long as its collection, and every
 * collection holds what the model says; an operation fails only where the
 * model says it must (Python's IndexError, KeyError, ValueError, a refusing
 * creator, no savepoint), and a failed one leaves the session's counts as
 * they were. After each commit, and at the end after a rollback, a fresh
 * session reads the database back and it must equal the model.
 *
 * Built as a libFuzzer target (LLVMFuzzerTestOneInput) or, with replay.c, as
 * a plain program that runs files of the corpus.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assoc.h"
#include "fuzz_model.h"

#define MAXOPS 200

enum {
	OP_NEW_USER, OP_NEW_KEYWORD, OP_LIST_APPEND, OP_LIST_INSERT, OP_LIST_SET, OP_LIST_REMOVE, OP_LIST_POP,
	OP_LIST_CLEAR, OP_DICT_PUT, OP_DICT_DELETE, OP_DICT_UPDATE, OP_ADDR_ADD, OP_ADDR_REMOVE, OP_ADDR_MOVE,
	OP_ADDR_EMAIL, OP_DELETE_USER, OP_DELETE_KEYWORD, OP_FLUSH, OP_COMMIT, OP_ROLLBACK, OP_BEGIN_NESTED,
	OP_COMMIT_NESTED, OP_ROLLBACK_NESTED, OP_EXPIRE, OP_EXPIRE_ALL, OP_QUERY, OP_ARM_CREATOR,
	OP_BASIC, /* the operations above: an op byte below OP_BASIC * 9 is one of them, byte % OP_BASIC */
	OP_LIST_ASSIGN = OP_BASIC, OP_DICT_ASSIGN, OP_LIST_EXTEND, OP_LIST_SET_SLICE, OP_DICT_POP_KEY,
	OP_DICT_SETDEFAULT, OP_KEYWORD_RENAME, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"new_user", "new_keyword", "list_append", "list_insert", "list_set", "list_remove", "list_pop",
	"list_clear", "dict_put", "dict_delete", "dict_update", "addr_add", "addr_remove", "addr_move",
	"addr_email", "delete_user", "delete_keyword", "flush", "commit", "rollback", "begin_nested",
	"commit_nested", "rollback_nested", "expire", "expire_all", "query", "arm_creator", "list_assign",
	"dict_assign", "list_extend", "list_set_slice", "dict_pop_key", "dict_setdefault", "keyword_rename"
};

/* Op bytes keep their meaning as operations are added (the corpus stays valid). */
static int decode_op(int b)
{
	return b < OP_BASIC * 9 ? b % OP_BASIC : OP_BASIC + (b - OP_BASIC * 9) % (OP_COUNT - OP_BASIC);
}

static struct {
	assoc_registry *reg;
	assoc_mapper *user, *keyword, *link, *entry, *address;
	assoc_engine *eng;
	assoc_session *s;
	assoc_object *uh[FZ_MAXU], *kh[FZ_MAXK], *ah[FZ_MAXA];
	int nu, nk, na, link_serial, entry_serial;
	struct fz_model m, committed, nested[FZ_NESTCAP];
	int nesting;
	int creator_armed; /* the next creator call refuses */
	const uint8_t *in;
	size_t left;
	char log[8192]; /* the operations so far, for a failure's report */
	size_t loglen;
} F;

/* ---- failing ------------------------------------------------------------------ */

static void note(const char *fmt, ...)
{
	if (F.loglen >= sizeof F.log - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(F.log + F.loglen, sizeof F.log - F.loglen, fmt, ap);
	va_end(ap);
	if (n > 0)
		F.loglen += (size_t)n;
	if (F.loglen > sizeof F.log - 1)
		F.loglen = sizeof F.log - 1;
}

static void fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "fuzz_api: operations:\n%s\nfuzz_api: invariant broken: ", F.log);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	const assoc_error *e = assoc_error_last();
	fprintf(stderr, "\nfuzz_api: last error: %s %s\n", assoc_error_name(e->code), e->message);
	abort();
}

/* A call that must succeed. */
#define NEED(call)                                                                  \
	do {                                                                        \
		int need_rc_ = (call);                                              \
		if (need_rc_)                                                       \
			fail("%s:%d: %s returned %s", __FILE__, __LINE__, #call,    \
			     assoc_error_name(need_rc_));                           \
	} while (0)

/* ---- the schema, built once ------------------------------------------------ */

static void fk_col(assoc_table *t, const char *name, const char *ref)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = ref;
	NEED(assoc_table_add_column(t, name, ASSOC_TYPE_INTEGER, &o));
}

static assoc_table *id_table(const char *name)
{
	assoc_table *t;
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	NEED(assoc_table_new(&t, F.reg, name));
	NEED(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &o));
	return t;
}

static void rel(assoc_mapper *m, const char *name, const char *target, assoc_collection_kind kind,
                const char *dict_key, const char *back_populates, const char *cascade)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.collection = kind;
	r.dict_key = dict_key;
	r.back_populates = back_populates;
	r.cascade = cascade;
	if (cascade) /* the one-to-many side */
		r.order_by = "id";
	NEED(assoc_mapper_add_relationship(m, name, &r));
}

/* KeywordLink(keyword=value): refuses once after OP_ARM_CREATOR. */
static int link_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	(void)ud;
	(void)key;
	if (F.creator_armed) {
		F.creator_armed = 0;
		return assoc_error_set(ASSOC_ECALLBACK, "fuzz: the creator refuses");
	}
	assoc_object *l;
	int rc = assoc_object_new(&l, assoc_object_session(owner), F.link);
	if (!rc && !(rc = assoc_object_set(l, "keyword", *value)))
		*out = l;
	return rc;
}

static void build_schema(void)
{
	NEED(assoc_registry_new(&F.reg));
	assoc_table *t = id_table("users");
	NEED(assoc_table_add_column(t, "name", ASSOC_TYPE_TEXT, NULL));
	t = id_table("keywords");
	NEED(assoc_table_add_column(t, "keyword", ASSOC_TYPE_TEXT, NULL));
	t = id_table("keyword_links");
	fk_col(t, "user_id", "users.id");
	fk_col(t, "keyword_id", "keywords.id");
	t = id_table("user_keyword");
	fk_col(t, "user_id", "users.id");
	fk_col(t, "keyword_id", "keywords.id");
	NEED(assoc_table_add_column(t, "special_key", ASSOC_TYPE_TEXT, NULL));
	t = id_table("addresses");
	NEED(assoc_table_add_column(t, "email", ASSOC_TYPE_TEXT, NULL));
	fk_col(t, "user_id", "users.id");

	NEED(assoc_mapper_new(&F.user, F.reg, "User", "users"));
	NEED(assoc_mapper_new(&F.keyword, F.reg, "Keyword", "keywords"));
	NEED(assoc_mapper_new(&F.link, F.reg, "KeywordLink", "keyword_links"));
	NEED(assoc_mapper_new(&F.entry, F.reg, "UserKeywordAssociation", "user_keyword"));
	NEED(assoc_mapper_new(&F.address, F.reg, "Address", "addresses"));
	const char *all = "all, delete-orphan";
	rel(F.user, "kw_links", "KeywordLink", ASSOC_COLLECTION_LIST, NULL, "user", all);
	rel(F.link, "user", "User", ASSOC_COLLECTION_LIST, NULL, "kw_links", NULL);
	rel(F.link, "keyword", "Keyword", ASSOC_COLLECTION_LIST, NULL, NULL, NULL);
	rel(F.user, "user_keyword_associations", "UserKeywordAssociation", ASSOC_COLLECTION_DICT, "special_key",
	    "user", all);
	rel(F.entry, "user", "User", ASSOC_COLLECTION_LIST, NULL, "user_keyword_associations", NULL);
	rel(F.entry, "keyword", "Keyword", ASSOC_COLLECTION_LIST, NULL, NULL, NULL);
	rel(F.user, "addresses", "Address", ASSOC_COLLECTION_LIST, NULL, "user", all);
	rel(F.address, "user", "User", ASSOC_COLLECTION_LIST, NULL, "addresses", NULL);

	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "kw_links";
	p.attr = "keyword";
	p.creator = link_creator;
	NEED(assoc_mapper_add_proxy(F.user, "keyword_list", &p));
	p = (assoc_proxy_options)ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "user_keyword_associations";
	p.attr = "keyword"; /* the default creator: UserKeywordAssociation(special_key=k, keyword=v) */
	NEED(assoc_mapper_add_proxy(F.user, "keywords", &p));
	NEED(assoc_registry_configure(F.reg));
}

/* ---- reading the input ------------------------------------------------------ */

static int next_byte(void)
{
	if (!F.left)
		return 0;
	F.left--;
	return *F.in++;
}

/* The serial of a live user (or keyword) chosen by the next byte, or -1. */
static int pick_user(void)
{
	int live[FZ_MAXU], n = 0;
	for (int i = 0; i < F.nu; i++)
		if (F.m.u[i].alive)
			live[n++] = i;
	int b = next_byte();
	return n ? live[b % n] : -1;
}

static int pick_keyword(void)
{
	int live[FZ_MAXK], n = 0;
	for (int i = 0; i < F.nk; i++)
		if (F.m.kw_alive[i])
			live[n++] = i;
	int b = next_byte();
	return n ? live[b % n] : -1;
}

/* ---- values ------------------------------------------------------------------ */

/* The texts the model's serials stand for, written into a char array buf. */
#define USER_NAME(buf, u) (snprintf((buf), sizeof(buf), "u%d", (u)), (buf))
#define KEYWORD_TEXT(buf, k) (snprintf((buf), sizeof(buf), "k%d.%d", (k), F.m.kw_ver[k]), (buf))
#define DICT_KEY(buf, k) (snprintf((buf), sizeof(buf), "s%d", (k)), (buf))
#define EMAIL(buf, a, v) (snprintf((buf), sizeof(buf), "a%d.%d", (a), (v)), (buf))

static assoc_collection *coll(assoc_object *o, const char *name)
{
	assoc_collection *c;
	NEED(assoc_object_collection(&c, o, name));
	return c;
}

static size_t len_of(assoc_collection *c)
{
	size_t n;
	NEED(assoc_collection_len(&n, c));
	return n;
}

static void expect_text(assoc_object *o, const char *attr, const char *want, const char *what)
{
	assoc_value v;
	NEED(assoc_object_get(o, attr, &v));
	if (v.kind != ASSOC_TEXT || strlen(want) != v.u.bytes.len || memcmp(v.u.bytes.data, want, v.u.bytes.len))
		fail("%s: %s is %s '%.*s', the model says '%s'", what, attr, assoc_value_kind_name(v.kind),
		     v.kind == ASSOC_TEXT ? (int)v.u.bytes.len : 0, v.kind == ASSOC_TEXT ? v.u.bytes.data : "", want);
}

static void expect_text_value(const assoc_value *v, const char *want, const char *what)
{
	if (v->kind != ASSOC_TEXT || strlen(want) != v->u.bytes.len || memcmp(v->u.bytes.data, want, v->u.bytes.len))
		fail("%s is %s '%.*s', the model says '%s'", what, assoc_value_kind_name(v->kind),
		     v->kind == ASSOC_TEXT ? (int)v->u.bytes.len : 0, v->kind == ASSOC_TEXT ? v->u.bytes.data : "", want);
}

/*
 * The keyword a proxy member names: in the fuzzed session it must be the
 * model's own handle; in a fresh one (kh NULL) its text must match.
 */
static void expect_keyword(const assoc_value *v, int kw, int fresh, const char *what)
{
	char buf[32];
	if (v->kind != ASSOC_OBJECT)
		fail("%s is %s, not a Keyword", what, assoc_value_kind_name(v->kind));
	if (!fresh && v->u.object != F.kh[kw])
		fail("%s is %s, the model says %s", what, assoc_object_repr(v->u.object), assoc_object_repr(F.kh[kw]));
	expect_text(v->u.object, "keyword", KEYWORD_TEXT(buf, kw), what);
}

/* ---- checking one user against the model ------------------------------------ */

static void check_user(assoc_object *o, const struct fz_user *mu, int serial, int fresh)
{
	char what[96], buf[32];
	assoc_value v;
	assoc_collection *proxy = coll(o, "keyword_list"), *links = coll(o, "kw_links");
	size_t n = len_of(proxy);
	if (n != len_of(links) || n != (size_t)mu->nlist)
		fail("u%d: keyword_list has %zu, kw_links %zu, the model %d", serial, n, len_of(links), mu->nlist);
	for (int i = 0; i < mu->nlist; i++) {
		snprintf(what, sizeof what, "u%d.keyword_list[%d]", serial, i);
		NEED(assoc_collection_get(&v, proxy, (size_t)i));
		expect_keyword(&v, mu->list[i].kw, fresh, what);
	}

	proxy = coll(o, "keywords");
	assoc_collection *entries = coll(o, "user_keyword_associations");
	n = len_of(proxy);
	if (n != len_of(entries) || n != (size_t)mu->ndict)
		fail("u%d: keywords has %zu, user_keyword_associations %zu, the model %d", serial, n, len_of(entries),
		     mu->ndict);
	for (int i = 0; i < mu->ndict; i++) {
		snprintf(what, sizeof what, "u%d.keywords key %d", serial, i);
		NEED(assoc_collection_key_at(&v, proxy, (size_t)i));
		expect_text_value(&v, DICT_KEY(buf, mu->dict[i].key), what);
		snprintf(what, sizeof what, "u%d.keywords[%s]", serial, buf);
		NEED(assoc_collection_get(&v, proxy, (size_t)i));
		expect_keyword(&v, mu->dict[i].kw, fresh, what);
	}

	assoc_collection *addrs = coll(o, "addresses");
	if (len_of(addrs) != (size_t)mu->naddr)
		fail("u%d: addresses has %zu, the model %d", serial, len_of(addrs), mu->naddr);
	for (int i = 0; i < mu->naddr; i++) {
		int a = mu->addr[i];
		snprintf(what, sizeof what, "u%d.addresses[%d]", serial, i);
		NEED(assoc_collection_get(&v, addrs, (size_t)i));
		if (v.kind != ASSOC_OBJECT || (!fresh && v.u.object != F.ah[a]))
			fail("%s is not the model's a%d", what, a);
		expect_text(v.u.object, "email", EMAIL(buf, a, F.m.email[a]), what);
	}
}

/* The fuzzed session's objects, as they are in memory now. */
static void check_memory(void)
{
	if (assoc_session_nesting(F.s) != F.nesting)
		fail("nesting is %d, the model says %d", assoc_session_nesting(F.s), F.nesting);
	for (int i = 0; i < F.nu; i++)
		if (F.m.u[i].alive)
			check_user(F.uh[i], &F.m.u[i], i, 0);
}

static int64_t count_rows(const char *table)
{
	char sql[64];
	assoc_value v;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	NEED(assoc_engine_scalar(&v, F.eng, sql, NULL, 0));
	return v.u.integer;
}

/* What a fresh session reads from the database equals model m. */
static void check_database(const struct fz_model *m)
{
	struct fz_model saved = F.m;
	F.m = *m; /* check_user reads emails from F.m */
	int64_t users = 0, links = 0, entries = 0, addrs = 0, kws = 0;
	for (int i = 0; i < F.nu; i++)
		if (m->u[i].alive) {
			users++;
			links += m->u[i].nlist;
			entries += m->u[i].ndict;
			addrs += m->u[i].naddr;
		}
	for (int i = 0; i < F.nk; i++)
		kws += m->kw_alive[i];
	if (count_rows("users") != users || count_rows("keyword_links") != links ||
	    count_rows("user_keyword") != entries || count_rows("addresses") != addrs || count_rows("keywords") != kws)
		fail("rows: users %" PRId64 " links %" PRId64 " entries %" PRId64 " addresses %" PRId64
		     " keywords %" PRId64 "; the model says %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64,
		     count_rows("users"), count_rows("keyword_links"), count_rows("user_keyword"),
		     count_rows("addresses"), count_rows("keywords"), users, links, entries, addrs, kws);

	assoc_session *s2;
	assoc_query *q;
	assoc_result *r;
	char buf[32];
	NEED(assoc_session_new(&s2, F.eng, F.reg, NULL));
	NEED(assoc_query_new(&q, s2, F.user));
	NEED(assoc_query_order_by(q, "id", 0));
	NEED(assoc_query_all(&r, q));
	size_t k = 0;
	for (int i = 0; i < F.nu; i++) {
		if (!m->u[i].alive)
			continue;
		if (k >= assoc_result_count(r))
			fail("a fresh session finds %zu users; the model has more", assoc_result_count(r));
		assoc_object *o = assoc_result_get(r, k++);
		expect_text(o, "name", USER_NAME(buf, i), "fresh session");
		struct fz_user mu = m->u[i];
		fz_model_reloaded(&mu);
		check_user(o, &mu, i, 1);
	}
	if (k != assoc_result_count(r))
		fail("a fresh session finds %zu users, the model %zu", assoc_result_count(r), k);
	assoc_result_free(r);
	assoc_query_free(q);
	assoc_session_free(s2);
	F.m = saved;
}

/* ---- operations ----------------------------------------------------------------- */

struct counts { size_t ident, pending, dirty, deleted; };

static struct counts counts_now(void)
{
	struct counts c = { assoc_session_identity_count(F.s), assoc_session_new_count(F.s),
		            assoc_session_dirty_count(F.s), assoc_session_deleted_count(F.s) };
	return c;
}

/* rc must be want; a failure must leave the session's counts as they were. */
static void expect_rc(int rc, int want, const struct counts *before, const char *what)
{
	if (rc != want)
		fail("%s returned %s, the model says %s", what, assoc_error_name(rc), assoc_error_name(want));
	if (rc) {
		struct counts after = counts_now();
		if (memcmp(&after, before, sizeof after))
			fail("%s failed but changed the session: identity %zu->%zu new %zu->%zu dirty %zu->%zu "
			     "deleted %zu->%zu",
			     what, before->ident, after.ident, before->pending, after.pending, before->dirty, after.dirty,
			     before->deleted, after.deleted);
	}
}

static assoc_value kwv(int k) { return assoc_value_object(F.kh[k]); }

static int op_new_user(void)
{
	char buf[32];
	int live = 0;
	for (int i = 0; i < F.nu; i++)
		live += F.m.u[i].alive;
	if (F.nu == FZ_MAXU || live >= 4)
		return 0;
	int u = F.nu++;
	NEED(assoc_object_new(&F.uh[u], F.s, F.user));
	NEED(assoc_object_set(F.uh[u], "name", assoc_value_text(USER_NAME(buf, u))));
	NEED(assoc_session_add(F.s, F.uh[u]));
	memset(&F.m.u[u], 0, sizeof F.m.u[u]);
	F.m.u[u].alive = 1;
	note(" u%d", u);
	return 1;
}

static int op_new_keyword(void)
{
	char buf[32];
	if (F.nk == FZ_MAXK)
		return 0;
	int k = F.nk++;
	NEED(assoc_object_new(&F.kh[k], F.s, F.keyword));
	NEED(assoc_object_set(F.kh[k], "keyword", assoc_value_text(KEYWORD_TEXT(buf, k))));
	NEED(assoc_session_add(F.s, F.kh[k]));
	F.m.kw_alive[k] = 1;
	note(" k%d", k);
	return 1;
}

static void sort_all_reloaded(void) { fz_model_reloaded_all(&F.m); }

/* Python's slice bound rule: negative counts from the end, then clamped to [0, len]. */
static int py_clamp(int i, int len)
{
	if (i < 0)
		i += len;
	return i < 0 ? 0 : i > len ? len : i;
}

/* Python's d[key] = kw on the model: an existing member takes it, else a new one joins. */
static void model_put(struct fz_user *mu, int key, int kw)
{
	int i = fz_dict_find(mu, key);
	if (i >= 0) {
		mu->dict[i].kw = kw;
	} else {
		mu->dict[mu->ndict].key = key;
		mu->dict[mu->ndict].kw = kw;
		mu->dict[mu->ndict++].serial = ++F.entry_serial;
	}
}

/* One list or dict proxy operation on user u; 0 when the input cannot make one. */
static int op_collection(int op, int u)
{
	struct fz_user *mu = &F.m.u[u];
	assoc_collection *list = coll(F.uh[u], "keyword_list"), *dict = coll(F.uh[u], "keywords");
	struct counts before = counts_now();
	int rc, want = 0, i, k, key;
	char buf[32];
	switch (op) {
	case OP_LIST_APPEND:
	case OP_LIST_INSERT:
		k = pick_keyword();
		i = op == OP_LIST_INSERT ? next_byte() % (mu->nlist + 1) : mu->nlist;
		if (k < 0 || mu->nlist == FZ_LISTCAP)
			return 0;
		note(" u%d k%d @%d", u, k, i);
		before = counts_now();
		want = F.creator_armed ? ASSOC_ECALLBACK : 0;
		rc = op == OP_LIST_APPEND ? assoc_collection_append(list, kwv(k))
		                          : assoc_collection_insert(list, (size_t)i, kwv(k));
		expect_rc(rc, want, &before, op_names[op]);
		if (!want) {
			memmove(&mu->list[i + 1], &mu->list[i], (size_t)(mu->nlist - i) * sizeof mu->list[0]);
			mu->list[i].kw = k;
			mu->list[i].serial = ++F.link_serial;
			mu->nlist++;
		}
		return 1;
	case OP_LIST_SET: /* Python: the member at i takes the value; IndexError past the end */
		k = pick_keyword();
		i = next_byte() % (mu->nlist + 2);
		if (k < 0)
			return 0;
		note(" u%d [%d]=k%d", u, i, k);
		before = counts_now();
		want = i < mu->nlist ? 0 : ASSOC_ERANGE;
		expect_rc(assoc_collection_set(list, (size_t)i, kwv(k)), want, &before, "list_set");
		if (!want)
			mu->list[i].kw = k;
		return 1;
	case OP_LIST_REMOVE: /* ValueError when absent */
		k = pick_keyword();
		if (k < 0)
			return 0;
		note(" u%d k%d", u, k);
		before = counts_now();
		i = fz_list_find(mu, k);
		want = i >= 0 ? 0 : ASSOC_ENOTFOUND;
		expect_rc(assoc_collection_remove(list, kwv(k)), want, &before, "list_remove");
		if (!want)
			fz_list_remove_at(mu, i);
		return 1;
	case OP_LIST_POP: {
		i = next_byte() % (mu->nlist + 2);
		note(" u%d [%d]", u, i);
		assoc_value out = assoc_value_null();
		want = i < mu->nlist ? 0 : ASSOC_ERANGE;
		before = counts_now();
		expect_rc(assoc_collection_pop(&out, list, (size_t)i), want, &before, "list_pop");
		if (!want) {
			expect_keyword(&out, mu->list[i].kw, 0, "list_pop's value");
			fz_list_remove_at(mu, i);
		}
		return 1;
	}
	case OP_LIST_CLEAR:
		note(" u%d", u);
		NEED(assoc_collection_clear(list));
		mu->nlist = 0;
		return 1;
	case OP_DICT_PUT:
		key = next_byte() % FZ_NKEYS;
		k = pick_keyword();
		if (k < 0)
			return 0;
		note(" u%d s%d=k%d", u, key, k);
		NEED(assoc_collection_put(dict, assoc_value_text(DICT_KEY(buf, key)), kwv(k)));
		model_put(mu, key, k);
		return 1;
	case OP_DICT_DELETE: /* KeyError when absent */
		key = next_byte() % FZ_NKEYS;
		note(" u%d s%d", u, key);
		i = fz_dict_find(mu, key);
		want = i >= 0 ? 0 : ASSOC_ENOTFOUND;
		expect_rc(assoc_collection_delete_key(dict, assoc_value_text(DICT_KEY(buf, key))), want, &before,
		          "dict_delete");
		if (!want) {
			memmove(&mu->dict[i], &mu->dict[i + 1], (size_t)(mu->ndict - i - 1) * sizeof mu->dict[0]);
			mu->ndict--;
		}
		return 1;
	case OP_DICT_UPDATE: { /* dict.update: each pair in turn, a repeated key's last value wins */
		int n = 1 + next_byte() % 3, keys[3], kws[3];
		char kb[3][8];
		assoc_value kv[3], vv[3];
		for (int j = 0; j < n; j++) {
			keys[j] = next_byte() % FZ_NKEYS;
			if ((kws[j] = pick_keyword()) < 0)
				return 0;
			kv[j] = assoc_value_text(DICT_KEY(kb[j], keys[j]));
			vv[j] = kwv(kws[j]);
			note(" s%d=k%d", keys[j], kws[j]);
		}
		note(" u%d", u);
		NEED(assoc_collection_update(dict, kv, vv, (size_t)n));
		for (int j = 0; j < n; j++)
			model_put(mu, keys[j], kws[j]);
		return 1;
	}
	case OP_LIST_ASSIGN: /* user.keyword_list = [...]: clear, then a new member for each value */
	case OP_DICT_ASSIGN: { /* user.keywords = {...}: keys that stay keep their place, as SQLAlchemy's bulk replace */
		int n = next_byte() % 4, keys[3], kws[3];
		char kb[3][8];
		assoc_value kv[3], vv[3];
		for (int j = 0; j < n; j++) {
			keys[j] = next_byte() % FZ_NKEYS;
			if ((kws[j] = pick_keyword()) < 0)
				return 0;
			kv[j] = assoc_value_text(DICT_KEY(kb[j], keys[j]));
			vv[j] = kwv(kws[j]);
			note(op == OP_DICT_ASSIGN ? " s%d=k%d" : " k%d", op == OP_DICT_ASSIGN ? keys[j] : kws[j],
			     kws[j]);
		}
		note(" u%d", u);
		before = counts_now();
		if (op == OP_LIST_ASSIGN) {
			/* members are kept for the leading values that match them in order; the rest are made */
			int kept = 0, keep_at[3];
			for (int j = 0, from = 0; j < n; j++) {
				int at = -1;
				for (int i = from; i < mu->nlist && at < 0; i++)
					if (mu->list[i].kw == kws[j])
						at = i;
				if (at < 0)
					break;
				keep_at[kept++] = at;
				from = at + 1;
			}
			want = F.creator_armed && kept < n ? ASSOC_ECALLBACK : 0;
			expect_rc(assoc_collection_assign(list, NULL, vv, (size_t)n), want, &before, "list_assign");
			if (!want) {
				for (int j = 0; j < kept; j++) /* keep_at[j] >= j and increasing: nothing needed is overwritten */
					mu->list[j] = mu->list[keep_at[j]];
				for (int j = kept; j < n; j++) {
					mu->list[j].kw = kws[j];
					mu->list[j].serial = ++F.link_serial;
				}
				mu->nlist = n;
			}
		} else {
			NEED(assoc_collection_assign(dict, kv, vv, (size_t)n));
			int kept = 0;
			for (int e = 0; e < mu->ndict; e++) {
				int stays = 0;
				for (int j = 0; j < n && !stays; j++)
					stays = keys[j] == mu->dict[e].key;
				if (stays)
					mu->dict[kept++] = mu->dict[e];
			}
			mu->ndict = kept;
			for (int j = 0; j < n; j++) /* a kept key takes its new value; a new one goes last */
				model_put(mu, keys[j], kws[j]);
		}
		return 1;
	}
	case OP_LIST_EXTEND: /* a member made for each value first: a refusing creator changes nothing */
	case OP_LIST_SET_SLICE: { /* Python's l[a:b] = values, with its clamping of a and b */
		int n = next_byte() % 4, kws[3], a = 0, b = 0;
		assoc_value vv[3];
		if (op == OP_LIST_SET_SLICE) {
			a = next_byte() % (mu->nlist + 6) - 3;
			b = next_byte() % (mu->nlist + 6) - 3;
		}
		for (int j = 0; j < n; j++) {
			if ((kws[j] = pick_keyword()) < 0)
				return 0;
			vv[j] = kwv(kws[j]);
			note(" k%d", kws[j]);
		}
		int lo = op == OP_LIST_EXTEND ? mu->nlist : py_clamp(a, mu->nlist);
		int hi = op == OP_LIST_EXTEND ? mu->nlist : py_clamp(b, mu->nlist);
		if (hi < lo)
			hi = lo;
		if (mu->nlist - (hi - lo) + n > FZ_LISTCAP)
			return 0;
		note(" u%d [%d:%d]", u, a, b);
		before = counts_now();
		want = F.creator_armed && n ? ASSOC_ECALLBACK : 0;
		rc = op == OP_LIST_EXTEND ? assoc_collection_extend(list, vv, (size_t)n)
		                          : assoc_collection_set_slice(list, a, b, vv, (size_t)n);
		expect_rc(rc, want, &before, op_names[op]);
		if (want)
			return 1;
		struct fz_link tail[FZ_LISTCAP];
		int ntail = mu->nlist - hi;
		memcpy(tail, &mu->list[hi], (size_t)ntail * sizeof tail[0]);
		mu->nlist = lo;
		for (int j = 0; j < n; j++) {
			mu->list[mu->nlist].kw = kws[j];
			mu->list[mu->nlist++].serial = ++F.link_serial;
		}
		memcpy(&mu->list[mu->nlist], tail, (size_t)ntail * sizeof tail[0]);
		mu->nlist += ntail;
		return 1;
	}
	case OP_DICT_POP_KEY: { /* KeyError when absent */
		assoc_value out = assoc_value_null();
		key = next_byte() % FZ_NKEYS;
		note(" u%d s%d", u, key);
		i = fz_dict_find(mu, key);
		want = i >= 0 ? 0 : ASSOC_ENOTFOUND;
		before = counts_now();
		expect_rc(assoc_collection_pop_key(&out, dict, assoc_value_text(DICT_KEY(buf, key))), want, &before,
		          "dict_pop_key");
		if (!want) {
			expect_keyword(&out, mu->dict[i].kw, 0, "dict_pop_key's value");
			memmove(&mu->dict[i], &mu->dict[i + 1], (size_t)(mu->ndict - i - 1) * sizeof mu->dict[0]);
			mu->ndict--;
		}
		return 1;
	}
	case OP_DICT_SETDEFAULT: { /* the value under key, put there first if absent */
		assoc_value out = assoc_value_null();
		key = next_byte() % FZ_NKEYS;
		if ((k = pick_keyword()) < 0)
			return 0;
		note(" u%d s%d k%d", u, key, k);
		NEED(assoc_collection_setdefault(&out, dict, assoc_value_text(DICT_KEY(buf, key)), kwv(k)));
		if (fz_dict_find(mu, key) < 0)
			model_put(mu, key, k);
		expect_keyword(&out, mu->dict[fz_dict_find(mu, key)].kw, 0, "dict_setdefault's value");
		return 1;
	}
	}
	return 0;
}

static int op_address(int op, int u)
{
	struct fz_user *mu = &F.m.u[u];
	assoc_collection *addrs = coll(F.uh[u], "addresses");
	struct counts before;
	char buf[32];
	int i, a, to, want;
	switch (op) {
	case OP_ADDR_ADD:
		if (F.na == FZ_MAXA || mu->naddr == FZ_ADDRCAP)
			return 0;
		a = F.na++;
		NEED(assoc_object_new(&F.ah[a], F.s, F.address));
		NEED(assoc_object_set(F.ah[a], "email", assoc_value_text(EMAIL(buf, a, 0))));
		/* no add: the append cascades it into the session */
		NEED(assoc_collection_append(addrs, assoc_value_object(F.ah[a])));
		F.m.email[a] = 0;
		mu->addr[mu->naddr++] = a;
		note(" u%d a%d", u, a);
		return 1;
	case OP_ADDR_REMOVE: /* the orphan is deleted at flush */
		i = next_byte() % (mu->naddr + 1);
		note(" u%d [%d]", u, i);
		want = i < mu->naddr ? 0 : ASSOC_ERANGE;
		before = counts_now();
		expect_rc(assoc_collection_pop(NULL, addrs, (size_t)i), want, &before, "addr_remove");
		if (!want)
			fz_addr_remove_at(mu, i);
		return 1;
	case OP_ADDR_MOVE: /* append to another user: the backref takes it out of this one */
		i = next_byte() % (mu->naddr + 1);
		to = pick_user();
		if (i >= mu->naddr || to < 0 || to == u || F.m.u[to].naddr == FZ_ADDRCAP)
			return 0;
		a = mu->addr[i];
		note(" a%d u%d->u%d", a, u, to);
		NEED(assoc_collection_append(coll(F.uh[to], "addresses"), assoc_value_object(F.ah[a])));
		fz_addr_remove_at(mu, i);
		F.m.u[to].addr[F.m.u[to].naddr++] = a;
		return 1;
	case OP_ADDR_EMAIL:
		i = next_byte() % (mu->naddr + 1);
		if (i >= mu->naddr)
			return 0;
		a = mu->addr[i];
		note(" a%d", a);
		NEED(assoc_object_set(F.ah[a], "email", assoc_value_text(EMAIL(buf, a, F.m.email[a] + 1))));
		F.m.email[a]++;
		return 1;
	}
	return 0;
}

static void commit(void)
{
	NEED(assoc_session_commit(F.s));
	F.nesting = 0;
	sort_all_reloaded();
	F.committed = F.m;
	check_database(&F.committed);
}

/* The session-wide operations. */
static int op_session(int op)
{
	struct counts before = counts_now();
	int u, k;
	switch (op) {
	case OP_DELETE_USER: /* cascades to its associations and addresses */
		if ((u = pick_user()) < 0)
			return 0;
		note(" u%d", u);
		NEED(assoc_session_delete(F.s, F.uh[u]));
		F.m.u[u].alive = 0;
		return 1;
	case OP_DELETE_KEYWORD: /* only an unused one: a used one would fail its foreign keys */
		if ((k = pick_keyword()) < 0 || fz_kw_used(&F.m, k))
			return 0;
		note(" k%d", k);
		NEED(assoc_session_delete(F.s, F.kh[k]));
		F.m.kw_alive[k] = 0;
		return 1;
	case OP_FLUSH:
		NEED(assoc_session_flush(F.s));
		return 1;
	case OP_COMMIT:
		commit();
		return 1;
	case OP_ROLLBACK:
		NEED(assoc_session_rollback(F.s));
		F.nesting = 0;
			F.m = F.committed;
		sort_all_reloaded();
		return 1;
	case OP_BEGIN_NESTED:
		if (F.nesting == FZ_NESTCAP)
			return 0;
		NEED(assoc_session_begin_nested(F.s));
		F.nested[F.nesting++] = F.m;
		return 1;
	case OP_COMMIT_NESTED:
		expect_rc(assoc_session_commit_nested(F.s), F.nesting ? 0 : ASSOC_ESTATE, &before, "commit_nested");
		if (F.nesting)
			F.nesting--;
		return 1;
	case OP_ROLLBACK_NESTED:
		expect_rc(assoc_session_rollback_nested(F.s), F.nesting ? 0 : ASSOC_ESTATE, &before,
		          "rollback_nested");
		if (F.nesting) {
			F.m = F.nested[--F.nesting];
			sort_all_reloaded();
		}
		return 1;
	case OP_EXPIRE: /* flushed first: expiring unflushed changes discards them */
		if ((u = pick_user()) < 0)
			return 0;
		note(" u%d", u);
		NEED(assoc_session_flush(F.s));
		NEED(assoc_session_expire(F.s, F.uh[u]));
		fz_model_reloaded(&F.m.u[u]);
		return 1;
	case OP_EXPIRE_ALL:
		NEED(assoc_session_flush(F.s));
		NEED(assoc_session_expire_all(F.s));
		sort_all_reloaded();
		return 1;
	case OP_QUERY: { /* the identity map gives back the same handle, after an autoflush */
		char buf[32];
		assoc_query *q;
		assoc_object *o;
		int64_t n, live = 0;
		if ((u = pick_user()) < 0)
			return 0;
		note(" u%d", u);
		for (int i = 0; i < F.nu; i++)
			live += F.m.u[i].alive;
		NEED(assoc_query_new(&q, F.s, F.user));
		NEED(assoc_query_count(&n, q));
		if (n != live)
			fail("query: %" PRId64 " users, the model %" PRId64, n, live);
		NEED(assoc_query_filter_by(q, "name", assoc_value_text(USER_NAME(buf, u))));
		NEED(assoc_query_one(&o, q));
		if (o != F.uh[u])
			fail("query: u%d came back as another handle", u);
		assoc_query_free(q);
		return 1;
	}
	case OP_ARM_CREATOR:
		F.creator_armed = 1;
		return 1;
	case OP_KEYWORD_RENAME: { /* an UPDATE of a row the proxies show */
		char buf[32];
		if ((k = pick_keyword()) < 0)
			return 0;
		note(" k%d", k);
		F.m.kw_ver[k]++;
		NEED(assoc_object_set(F.kh[k], "keyword", assoc_value_text(KEYWORD_TEXT(buf, k))));
		return 1;
	}
	}
	return 0;
}

static void run_op(int op)
{
	size_t mark = F.loglen;
	note("%s", op_names[op]);
	if (getenv("FUZZ_TRACE"))
		fprintf(stderr, "%s\n", op_names[op]);
	int done;
	if (op == OP_NEW_USER)
		done = op_new_user();
	else if (op == OP_NEW_KEYWORD)
		done = op_new_keyword();
	else if (op >= OP_LIST_APPEND && op <= OP_ADDR_EMAIL) {
		int u = pick_user();
		done = u >= 0 && (op <= OP_DICT_UPDATE ? op_collection(op, u) : op_address(op, u));
	} else if (op >= OP_LIST_ASSIGN && op <= OP_DICT_SETDEFAULT) {
		int u = pick_user();
		done = u >= 0 && op_collection(op, u);
	} else
		done = op_session(op);
	if (!done) { /* nothing ran: leave it out of the report */
		F.loglen = mark;
		F.log[mark] = '\0';
		return;
	}
	note("\n");
	check_memory();
}

/* FUZZ_TRACE=1 prints each statement, between the operations that ran it. */
static void trace(void *ud, const char *sql, size_t nparams)
{
	(void)ud;
	fprintf(stderr, "  %s  [%zu]\n", sql, nparams);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!F.reg)
		build_schema();
	assoc_registry *reg = F.reg;
	assoc_mapper *ms[5] = { F.user, F.keyword, F.link, F.entry, F.address };
	memset(&F, 0, sizeof F);
	F.reg = reg;
	F.user = ms[0], F.keyword = ms[1], F.link = ms[2], F.entry = ms[3], F.address = ms[4];
	F.in = data;
	F.left = size;
	NEED(assoc_engine_open(&F.eng, "sqlite://"));
	NEED(assoc_engine_create_all(F.eng, F.reg));
	if (getenv("FUZZ_TRACE"))
		NEED(assoc_engine_set_trace(F.eng, trace, NULL));
	NEED(assoc_session_new(&F.s, F.eng, F.reg, NULL));
	for (int n = 0; F.left && n < MAXOPS; n++)
		run_op(decode_op(next_byte()));
	note("end: rollback\n");
	if (getenv("FUZZ_LOG")) /* the operations that ran, as a failure would report them */
		fputs(F.log, stderr);
	NEED(assoc_session_rollback(F.s));
	F.nesting = 0;
	F.m = F.committed;
	sort_all_reloaded();
	check_database(&F.committed); /* first: reading would open the main session's transaction */
	check_memory();
	assoc_session_free(F.s);
	assoc_engine_free(F.eng);
	return 0;
}
