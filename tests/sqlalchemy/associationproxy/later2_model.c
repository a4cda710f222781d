/*
 * later2_model.c - ComparatorTest's model and data; see later2_model.h.
 */
#include <stdio.h>
#include <string.h>

#include "later2_model.h"

static void l2_pk_fk(assoc_table *t, const char *name, const char *ref)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.autoincrement = 0;
	o.foreign_key = ref;
	CHECK_OK(assoc_table_add_column(t, name, ASSOC_TYPE_INTEGER, &o));
}

static void l2_proxy(assoc_mapper *m, const char *name, const char *target_collection, const char *attr,
                     assoc_creator_fn creator)
{
	assoc_proxy_options o = ASSOC_PROXY_OPTIONS_INIT;
	o.target_collection = target_collection;
	o.attr = attr;
	o.creator = creator;
	CHECK_OK(assoc_mapper_add_proxy(m, name, &o));
}

/* User.keywords' creator: lambda k: UserKeyword(keyword=k) */
static int l2_user_keyword_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                                   assoc_object **out)
{
	(void)ud, (void)key;
	assoc_session *s = assoc_object_session(owner);
	/* the owner's mapper leads to UserKeyword through User.user_keywords */
	assoc_attr *a = NULL;
	int rc;
	if ((rc = assoc_mapper_attr(&a, assoc_object_mapper(owner), "user_keywords")))
		return rc;
	if ((rc = assoc_object_new(out, s, assoc_attr_target(a))))
		return rc;
	return assoc_object_set(*out, "keyword", *value);
}

static void l2_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *uk = fx_table(f->reg, "userkeywords");
	l2_pk_fk(uk, "keyword_id", "keywords.id");
	fx_fk(uk, "user_id", "users.id");
	fx_col(uk, "value", ASSOC_TYPE_TEXT);
	assoc_table *users = fx_table_id(f->reg, "users");
	fx_col(users, "name", ASSOC_TYPE_TEXT);
	fx_fk(users, "singular_id", "singular.id");
	assoc_table *keywords = fx_table_id(f->reg, "keywords");
	fx_col(keywords, "keyword", ASSOC_TYPE_TEXT);
	fx_fk(keywords, "singular_id", "singular.id");
	fx_col(fx_table_id(f->reg, "singular"), "value", ASSOC_TYPE_TEXT);

	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	assoc_mapper *keyword = fx_mapper(f->reg, "Keyword", "keywords");
	assoc_mapper *ukw = fx_mapper(f->reg, "UserKeyword", "userkeywords");
	assoc_mapper *singular = fx_mapper(f->reg, "Singular", "singular");

	fx_rel(user, "singular", "Singular", NULL, NULL);
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "UserKeyword";
	r.uselist = 0;
	r.back_populates = "keyword";
	CHECK_OK(assoc_mapper_add_relationship(keyword, "user_keyword", &r));
	/* viewonly=True in SQLAlchemy; the library has no viewonly, and nothing here writes through it */
	fx_rel(keyword, "user_keywords", "UserKeyword", NULL, NULL);
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.backref = "user_keywords";
	CHECK_OK(assoc_mapper_add_relationship(ukw, "user", &r));
	fx_rel(ukw, "keyword", "Keyword", "user_keyword", NULL);
	fx_rel(singular, "keywords", "Keyword", NULL, NULL);

	l2_proxy(user, "keywords", "user_keywords", "keyword", l2_user_keyword_creator);
	l2_proxy(user, "singular_keywords", "singular", "keywords", NULL);
	l2_proxy(user, "singular_value", "singular", "value", NULL);
	l2_proxy(user, "singular_collection", "user_keywords", "value", NULL);
	l2_proxy(user, "common_users", "user_keywords", "common_users", NULL);
	l2_proxy(user, "common_singular", "singular", "keyword", NULL);
	l2_proxy(user, "singular_keyword", "singular", "keyword", NULL);
	l2_proxy(user, "common_keyword_name", "user_keywords", "keyword_name", NULL);
	l2_proxy(keyword, "user", "user_keyword", "user", NULL);
	l2_proxy(keyword, "singulars", "user_keywords", "singular", NULL);
	l2_proxy(ukw, "common_users", "keyword", "user", NULL);
	l2_proxy(ukw, "keyword_name", "keyword", "keyword", NULL);
	l2_proxy(ukw, "singular", "user", "singular", NULL);
	l2_proxy(singular, "keyword", "keywords", "keyword", NULL);
}

/* ComparatorTest.insert_data */
static void l2_insert_data(fx *f)
{
	static const char *const words[] = { "quick", "brown", "fox", "jumped", "over", "the", "lazy" };
	const int nwords = 7;
	char text[32];
	for (int ii = 0; ii < 16; ii++) {
		snprintf(text, sizeof text, "user%d", ii);
		assoc_object *user = fx_new(f, "User");
		fx_set_text(user, "name", text);
		if (ii % 2 == 0) {
			assoc_object *s = fx_new(f, "Singular");
			snprintf(text, sizeof text, "singular%d", ii);
			fx_set(s, "value", ii % 4 == 0 ? assoc_value_text(text) : assoc_value_null());
			fx_set_obj(user, "singular", s);
		}
		CHECK_OK(assoc_session_add(f->s, user));
		/* words[ii % 7 : (ii + 3) % 7], empty when the stop comes first */
		for (int jj = ii % nwords; jj < (ii + 3) % nwords; jj++) {
			assoc_object *k = fx_new(f, "Keyword");
			fx_set_text(k, "keyword", words[jj]);
			fx_append(fx_coll(user, "keywords"), k);
			if (ii % 2 == 0) {
				fx_append(fx_coll(fx_get_obj(user, "singular"), "keywords"), k);
				assoc_collection *uks = fx_coll(user, "user_keywords");
				snprintf(text, sizeof text, "singular%d", ii);
				fx_set_text(fx_at(uks, fx_len(uks) - 1), "value", text);
			}
		}
	}
	assoc_object *orphan = fx_new(f, "Keyword");
	fx_set_text(orphan, "keyword", "orphan");
	assoc_object *ukw = fx_new(f, "UserKeyword");
	fx_set_obj(ukw, "keyword", orphan);
	fx_set(ukw, "user", assoc_value_null());
	fx_set_obj(orphan, "user_keyword", ukw);
	CHECK_OK(assoc_session_add(f->s, orphan));
	fx_add(f, "Keyword", "keyword", "kwnothing");
	CHECK_OK(assoc_session_commit(f->s));
}

void l2_comparator_open_(FX_AT, fx *f, assoc_object **u, assoc_object **kw)
{
	(void)file, (void)line;
	l2_model(f);
	fx_open(f);
	l2_insert_data(f);
	/* cls.session = Session(testing.db); u and kw as loaded there */
	fx_new_session(f);
	*u = l2_one(f, "User", "name", assoc_value_text("user15"));
	*kw = fx_get_obj(fx_at(fx_coll(*u, "user_keywords"), 0), "keyword");
	CHECK(fx_at(fx_coll(*u, "keywords"), 0) == *kw);
}

#define L2_FAIL(what) check_fail_at(file, line, "%s: %s", (what), check_last_error_())

assoc_expr *l2_cmp_(FX_AT, fx *f, const char *m, const char *attr, assoc_op op, assoc_value v)
{
	assoc_expr *e = NULL;
	if (assoc_expr_compare(&e, fx_m_(file, line, f, m), attr, op, v))
		L2_FAIL(attr);
	return e;
}

assoc_expr *l2_any_(FX_AT, fx *f, const char *m, const char *attr, assoc_expr *crit)
{
	assoc_expr *e = NULL;
	if (assoc_expr_any(&e, fx_m_(file, line, f, m), attr, crit))
		L2_FAIL(attr);
	return e;
}

assoc_expr *l2_has_(FX_AT, fx *f, const char *m, const char *attr, assoc_expr *crit)
{
	assoc_expr *e = NULL;
	if (assoc_expr_has(&e, fx_m_(file, line, f, m), attr, crit))
		L2_FAIL(attr);
	return e;
}

assoc_expr *l2_contains_(FX_AT, fx *f, const char *m, const char *attr, assoc_value v)
{
	assoc_expr *e = NULL;
	if (assoc_expr_contains(&e, fx_m_(file, line, f, m), attr, v))
		L2_FAIL(attr);
	return e;
}

assoc_expr *l2_or_(FX_AT, assoc_expr *a, assoc_expr *b)
{
	assoc_expr *e = NULL;
	if (assoc_expr_or(&e, a, b))
		L2_FAIL("or");
	return e;
}

assoc_expr *l2_not_(FX_AT, assoc_expr *a)
{
	assoc_expr *e = NULL;
	if (assoc_expr_not(&e, a))
		L2_FAIL("not");
	return e;
}

static assoc_query *l2_where(FX_AT, fx *f, const char *mapper, assoc_expr *e)
{
	assoc_query *q = NULL;
	if (assoc_query_new(&q, f->s, fx_m_(file, line, f, mapper)))
		L2_FAIL("assoc_query_new");
	if (assoc_query_where(q, e))
		L2_FAIL("assoc_query_where");
	return q;
}

static char l2_buf[4096];

const char *l2_sql_(FX_AT, fx *f, const char *mapper, assoc_expr *e)
{
	assoc_query *q = l2_where(file, line, f, mapper, e);
	const char *sql = assoc_query_sql(q);
	if (!sql)
		L2_FAIL("assoc_query_sql");
	snprintf(l2_buf, sizeof l2_buf, "%s", sql);
	assoc_query_free(q);
	return l2_buf;
}

void l2_query_equivalent_(FX_AT, fx *f, const char *mapper, assoc_expr *proxy, assoc_expr *direct)
{
	assoc_query *qp = l2_where(file, line, f, mapper, proxy);
	assoc_query *qd = l2_where(file, line, f, mapper, direct);
	const char *sp = assoc_query_sql(qp), *sd = assoc_query_sql(qd);
	if (!sp || !sd)
		L2_FAIL("assoc_query_sql");
	if (strcmp(sp, sd) != 0)
		check_fail_at(file, line, "proxy SQL\n    %s\n  differs from direct SQL\n    %s", sp, sd);
	assoc_result *rp = NULL, *rd = NULL;
	if (assoc_query_all(&rp, qp) || assoc_query_all(&rd, qd))
		L2_FAIL("assoc_query_all");
	size_t n = assoc_result_count(rp);
	if (n != assoc_result_count(rd))
		check_fail_at(file, line, "proxy query gives %zu objects, direct %zu", n, assoc_result_count(rd));
	for (size_t i = 0; i < n; i++)
		if (assoc_result_get(rp, i) != assoc_result_get(rd, i))
			check_fail_at(file, line, "object %zu differs: %s", i, assoc_object_repr(assoc_result_get(rp, i)));
	assoc_result_free(rp);
	assoc_result_free(rd);
	assoc_query_free(qp);
	assoc_query_free(qd);
}

assoc_object *l2_one_(FX_AT, fx *f, const char *mapper, const char *attr, assoc_value v)
{
	assoc_query *q = NULL;
	assoc_object *o = NULL;
	if (assoc_query_new(&q, f->s, fx_m_(file, line, f, mapper)) || assoc_query_filter_by(q, attr, v) ||
	    assoc_query_one(&o, q))
		L2_FAIL("query one");
	assoc_query_free(q);
	return o;
}
