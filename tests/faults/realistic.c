/*
 * realistic.c - the step table of the realistic program (realistic.h).
 */
#include "realistic.h"

#include "proxy_model.h"

enum { ANN, BOB };

typedef struct rp_data {
	assoc_mapper *user, *keyword, *note;
} rp_data;

static rp_data rp;

/* Keyword(keyword=value, weight=len(value)) */
static int kw_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                      assoc_object **out)
{
	rp_data *d = ud;
	(void)key;
	int rc = assoc_object_new(out, assoc_object_session(owner), d->keyword);
	if (!rc)
		rc = assoc_object_set(*out, "keyword", *value);
	return rc ? rc : assoc_object_set(*out, "weight", I((int64_t)value->u.bytes.len));
}

/* Note(key=key, body=value) */
static int note_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                        assoc_object **out)
{
	rp_data *d = ud;
	int rc = assoc_object_new(out, assoc_object_session(owner), d->note);
	if (!rc)
		rc = assoc_object_set(*out, "key", *key);
	return rc ? rc : assoc_object_set(*out, "body", *value);
}

static void rp_setup(fp_state *st, const char *journal_mode)
{
	assoc_mapper *user = pm_model(&st->f);
	pm_proxy(user, "keywords", "kw", "keyword", kw_creator, &rp);
	pm_proxy(user, "tag_names", "tags", "keyword", kw_creator, &rp);
	pm_proxy(user, "note_bodies", "notes", "body", note_creator, &rp);
	CHECK_OK(assoc_registry_configure(st->f.reg));
	char url[600];
	snprintf(url, sizeof url, "sqlite:///%s", st->path);
	CHECK_OK(assoc_engine_open(&st->f.eng, url));
	if (journal_mode) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", journal_mode);
		CHECK_OK(assoc_engine_exec(st->f.eng, sql));
	}
	CHECK_OK(assoc_engine_create_all(st->f.eng, st->f.reg));
	CHECK_OK(assoc_session_new(&st->f.s, st->f.eng, st->f.reg, NULL));
	rp.user = fx_m(&st->f, "User");
	rp.keyword = fx_m(&st->f, "Keyword");
	rp.note = fx_m(&st->f, "Note");
	st->data = &rp;
}

static void rp_teardown(fp_state *st) { fx_close(&st->f); }

/* ---- step helpers: one call each, returning its code ---------------------- */

static void out_value(fp_state *st, const assoc_value *v)
{
	pm_append_value(st->out, sizeof st->out, v);
}

/* The members of a collection or proxy view, as "a,b" (dicts "k=v"). */
static int read_view(fp_state *st, int slot, const char *name)
{
	assoc_collection *c;
	size_t n;
	int rc = assoc_object_collection(&c, st->obj[slot], name);
	if (rc || (rc = assoc_collection_len(&n, c)))
		return rc;
	int dict = assoc_collection_kind_of(c) == ASSOC_COLLECTION_DICT;
	for (size_t i = 0; i < n; i++) {
		assoc_value v;
		if (i)
			strcat(st->out, ",");
		if (dict) {
			if ((rc = assoc_collection_key_at(&v, c, i)))
				return rc;
			out_value(st, &v);
			strcat(st->out, "=");
		}
		if ((rc = assoc_collection_get(&v, c, i)))
			return rc;
		out_value(st, &v);
	}
	return 0;
}

static int append(fp_state *st, int slot, const char *name, const char *value)
{
	assoc_collection *c;
	int rc = assoc_object_collection(&c, st->obj[slot], name);
	return rc ? rc : assoc_collection_append(c, T(value));
}

static int put(fp_state *st, int slot, const char *key, const char *value)
{
	assoc_collection *c;
	int rc = assoc_object_collection(&c, st->obj[slot], "note_bodies");
	return rc ? rc : assoc_collection_put(c, T(key), T(value));
}

static int new_user(fp_state *st, int slot)
{
	return assoc_object_new(&st->obj[slot], st->f.s, rp.user);
}

static int get_user(fp_state *st, int slot, int64_t id)
{
	assoc_value pk = I(id);
	int rc = assoc_session_get(&st->obj[slot], st->f.s, rp.user, &pk, 1);
	if (!rc && !st->obj[slot])
		return assoc_error_set(ASSOC_ENORESULT, "no User %lld", (long long)id);
	if (!rc)
		snprintf(st->out, sizeof st->out, "%s", assoc_object_repr(st->obj[slot]));
	return rc;
}

/* ---- transaction 1: two new users, keywords and notes through the proxies ---- */

static int t1_new_ann(fp_state *st) { return new_user(st, ANN); }
static int t1_name_ann(fp_state *st) { return assoc_object_set(st->obj[ANN], "name", T("ann")); }
static int t1_add_ann(fp_state *st) { return assoc_session_add(st->f.s, st->obj[ANN]); }
static int t1_kw_red(fp_state *st) { return append(st, ANN, "keywords", "red"); }
static int t1_kw_green(fp_state *st) { return append(st, ANN, "keywords", "green"); }
static int t1_kw_blue(fp_state *st) { return append(st, ANN, "keywords", "blue"); }
static int t1_note_a(fp_state *st) { return put(st, ANN, "a", "alpha"); }
static int t1_note_b(fp_state *st) { return put(st, ANN, "b", "beta"); }
static int flush(fp_state *st) { return assoc_session_flush(st->f.s); }
static int t1_new_bob(fp_state *st) { return new_user(st, BOB); }
static int t1_name_bob(fp_state *st) { return assoc_object_set(st->obj[BOB], "name", T("bob")); }
static int t1_add_bob(fp_state *st) { return assoc_session_add(st->f.s, st->obj[BOB]); }
static int t1_kw_x(fp_state *st) { return append(st, BOB, "keywords", "x"); }
static int commit(fp_state *st) { return assoc_session_commit(st->f.s); }

/* ---- transaction 2: query ann, change her keywords and notes, rename her ---- */

static int t2_query_ann(fp_state *st)
{
	assoc_query *q;
	int rc = assoc_query_new(&q, st->f.s, rp.user);
	if (rc)
		return rc;
	if (!(rc = assoc_query_filter_by(q, "name", T("ann"))) && !(rc = assoc_query_one(&st->obj[ANN], q)))
		snprintf(st->out, sizeof st->out, "%s", assoc_object_repr(st->obj[ANN]));
	assoc_query_free(q);
	return rc;
}
static int t2_read_kw(fp_state *st) { return read_view(st, ANN, "keywords"); }
static int t2_kw_cyan(fp_state *st) { return append(st, ANN, "keywords", "cyan"); }
static int t2_remove_green(fp_state *st)
{
	assoc_collection *c;
	int rc = assoc_object_collection(&c, st->obj[ANN], "keywords");
	return rc ? rc : assoc_collection_remove(c, T("green"));
}
static int t2_note_a(fp_state *st) { return put(st, ANN, "a", "alpha2"); }
static int t2_del_note_b(fp_state *st)
{
	assoc_collection *c;
	int rc = assoc_object_collection(&c, st->obj[ANN], "note_bodies");
	return rc ? rc : assoc_collection_delete_key(c, T("b")); /* the Note goes: delete-orphan */
}
static int t2_count_kw(fp_state *st)
{
	assoc_query *q;
	int64_t n = 0;
	int rc = assoc_query_new(&q, st->f.s, rp.keyword);
	if (rc)
		return rc;
	if (!(rc = assoc_query_count(&n, q)))
		snprintf(st->out, sizeof st->out, "%lld", (long long)n);
	assoc_query_free(q);
	return rc;
}
static int t2_rename_ann(fp_state *st) { return assoc_object_set(st->obj[ANN], "name", T("anne")); }

/* ---- transaction 3: work on bob that is rolled back ------------------------ */

static int get_bob(fp_state *st) { return get_user(st, BOB, 2); }
static int t3_note_n(fp_state *st) { return put(st, BOB, "n", "nb"); }
static int t3_kw_y(fp_state *st) { return append(st, BOB, "keywords", "y"); }
static int rollback(fp_state *st) { return assoc_session_rollback(st->f.s); }

/* ---- transaction 4: rename bob, delete ann (her notes cascade), tag bob ---- */

static int t4_rename_bob(fp_state *st) { return assoc_object_set(st->obj[BOB], "name", T("robert")); }
static int t4_get_ann(fp_state *st) { return get_user(st, ANN, 1); }
static int t4_delete_ann(fp_state *st) { return assoc_session_delete(st->f.s, st->obj[ANN]); }
static int t4_tag_t1(fp_state *st) { return append(st, BOB, "tag_names", "t1"); }
static int t4_read_notes(fp_state *st) { return read_view(st, BOB, "note_bodies"); }

/* ---- transaction 5: reload everything and read it -------------------------- */

static int t5_expire_all(fp_state *st) { return assoc_session_expire_all(st->f.s); }
static int t5_query_all(fp_state *st)
{
	assoc_query *q;
	assoc_result *r = NULL;
	int rc = assoc_query_new(&q, st->f.s, rp.user);
	if (rc)
		return rc;
	if (!(rc = assoc_query_order_by(q, "name", 0)) && !(rc = assoc_query_all(&r, q))) {
		for (size_t i = 0; i < assoc_result_count(r); i++) {
			assoc_value v;
			if ((rc = assoc_object_get(assoc_result_get(r, i), "name", &v)))
				break;
			if (i)
				strcat(st->out, ",");
			out_value(st, &v);
		}
		if (!rc && assoc_result_count(r))
			st->obj[BOB] = assoc_result_get(r, 0);
		assoc_result_free(r);
	}
	assoc_query_free(q);
	return rc;
}
static int t5_read_kw(fp_state *st) { return read_view(st, BOB, "keywords"); }
static int t5_read_tags(fp_state *st) { return read_view(st, BOB, "tag_names"); }

#define STEP(fn, flags) { #fn, fn, flags }

static const fp_step steps[] = {
	STEP(t1_new_ann, FP_BEGIN),
	STEP(t1_name_ann, 0),
	STEP(t1_add_ann, 0),
	STEP(t1_kw_red, 0),
	STEP(t1_kw_green, 0),
	STEP(t1_kw_blue, 0),
	STEP(t1_note_a, 0),
	STEP(t1_note_b, 0),
	STEP(flush, 0),
	STEP(t1_new_bob, 0),
	STEP(t1_name_bob, 0),
	STEP(t1_add_bob, 0),
	STEP(t1_kw_x, 0),
	STEP(commit, FP_COMMIT),

	STEP(t2_query_ann, FP_BEGIN),
	STEP(t2_read_kw, 0),
	STEP(t2_kw_cyan, 0),
	STEP(t2_remove_green, 0),
	STEP(t2_note_a, 0),
	STEP(t2_del_note_b, 0),
	STEP(flush, 0),
	STEP(t2_count_kw, 0),
	STEP(t2_rename_ann, 0),
	STEP(commit, FP_COMMIT),

	STEP(get_bob, FP_BEGIN),
	STEP(t3_note_n, 0),
	STEP(t3_kw_y, 0),
	STEP(flush, 0),
	STEP(rollback, FP_ROLLBACK),

	STEP(get_bob, FP_BEGIN),
	STEP(t4_rename_bob, 0),
	STEP(t4_get_ann, 0),
	STEP(t4_delete_ann, 0),
	STEP(flush, 0),
	STEP(t4_tag_t1, 0),
	STEP(t4_read_notes, 0),
	STEP(commit, FP_COMMIT),

	STEP(t5_expire_all, FP_BEGIN),
	STEP(t5_query_all, 0),
	STEP(t5_read_kw, 0),
	STEP(t5_read_tags, 0),
	STEP(commit, FP_COMMIT),
};

const fp_program fp_realistic = {
	"realistic", steps, sizeof steps / sizeof steps[0], rp_setup, rp_teardown,
};
