/*
 * query.c - selecting objects of one mapper: equality filters, order, limit.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct filter {
	struct assoc_attr *attr;
	assoc_value value; /* owned; OBJECT for a scalar relationship (borrowed handle) */
};

struct assoc_query {
	assoc_session *session;
	assoc_mapper *mapper;
	struct filter *filters;
	size_t nfilters;
	struct order_term *order;
	size_t norder;
	int64_t limit, offset; /* -1: none */
	char *sql;
};

struct assoc_result {
	assoc_object **items;
	size_t len;
};

int assoc_query_new(assoc_query **out, assoc_session *s, assoc_mapper *m)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_new: out is NULL");
	*out = NULL;
	int rc = session_check(s);
	if (rc)
		return rc;
	if (!m || m->reg != s->reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_new: mapper is NULL or not in the session's registry");
	assoc_query *q = calloc(1, sizeof *q);
	if (!q)
		return err_oom();
	q->session = s;
	q->mapper = m;
	q->limit = q->offset = -1;
	*out = q;
	return 0;
}

void assoc_query_free(assoc_query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nfilters; i++)
		if (q->filters[i].value.kind != ASSOC_OBJECT)
			value_clear(&q->filters[i].value);
	free(q->filters);
	free(q->order);
	free(q->sql);
	free(q);
}

static void changed(assoc_query *q)
{
	free(q->sql);
	q->sql = NULL;
}

int assoc_query_filter_by(assoc_query *q, const char *name, assoc_value v)
{
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_filter_by: query is NULL");
	struct assoc_attr *a;
	int rc = mapper_attr_or_error(&a, q->mapper, name);
	if (rc)
		return rc;
	if (a->kind == ASSOC_ATTR_RELATIONSHIP) {
		struct relationship *rel = a->rel;
		if (rel->dir != REL_MANYTOONE)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s: filter_by takes columns and many-to-one relationships",
			                       q->mapper->name, name);
		if (v.kind == ASSOC_OBJECT && v.u.object->mapper != rel->target)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s compares to a %s, not a %s", q->mapper->name, name,
			                       rel->target->name, v.u.object->mapper->name);
		if (v.kind != ASSOC_OBJECT && v.kind != ASSOC_NULL)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s compares to a %s object, not %s", q->mapper->name, name,
			                       rel->target->name, assoc_value_kind_name(v.kind));
	} else if ((rc = check_column_value(a->col, q->mapper, &v)))
		return rc;
	struct filter *fs = realloc(q->filters, (q->nfilters + 1) * sizeof *fs);
	if (!fs)
		return err_oom();
	q->filters = fs;
	struct filter *f = &fs[q->nfilters];
	f->attr = a;
	if (v.kind == ASSOC_OBJECT)
		f->value = v;
	else if ((rc = value_copy(&f->value, &v)))
		return rc;
	q->nfilters++;
	changed(q);
	return 0;
}

int assoc_query_order_by(assoc_query *q, const char *name, int descending)
{
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_order_by: query is NULL");
	struct assoc_attr *a;
	int rc = mapper_attr_or_error(&a, q->mapper, name);
	if (rc)
		return rc;
	if (a->kind != ASSOC_ATTR_COLUMN)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is not a column; order_by takes columns", q->mapper->name, name);
	struct order_term *o = realloc(q->order, (q->norder + 1) * sizeof *o);
	if (!o)
		return err_oom();
	q->order = o;
	o[q->norder].col = a->slot;
	o[q->norder].desc = descending != 0;
	q->norder++;
	changed(q);
	return 0;
}

int assoc_query_limit(assoc_query *q, int64_t limit)
{
	if (!q || limit < 0)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_limit: NULL query or negative limit");
	q->limit = limit;
	changed(q);
	return 0;
}

int assoc_query_offset(assoc_query *q, int64_t offset)
{
	if (!q || offset < 0)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_offset: NULL query or negative offset");
	q->offset = offset;
	changed(q);
	return 0;
}

static const char *colname(const struct assoc_table *t, int i) { return ((struct column *)t->columns.items[i])->name; }

static void add_qualified(strbuf *sb, const struct assoc_table *t, int col)
{
	sb_ident(sb, t->name);
	sb_add(sb, ".");
	sb_ident(sb, colname(t, col));
}

/* The WHERE clause; a NULL comparison reads IS NULL. */
static void add_where(strbuf *sb, assoc_query *q)
{
	const struct assoc_table *t = q->mapper->table;
	int first = 1;
	for (size_t i = 0; i < q->nfilters; i++) {
		const struct filter *f = &q->filters[i];
		int isnull = f->value.kind == ASSOC_NULL;
		if (f->attr->kind == ASSOC_ATTR_COLUMN) {
			sb_add(sb, first ? " WHERE " : " AND ");
			add_qualified(sb, t, f->attr->slot);
			sb_add(sb, isnull ? " IS NULL" : " = ?");
			first = 0;
			continue;
		}
		struct relationship *rel = f->attr->rel;
		for (size_t k = 0; k < rel->nkeys; k++) {
			sb_add(sb, first ? " WHERE " : " AND ");
			add_qualified(sb, t, rel->child_cols[k]);
			sb_add(sb, isnull ? " IS NULL" : " = ?");
			first = 0;
		}
	}
}

static void build_sql(strbuf *sb, assoc_query *q, int count)
{
	const struct assoc_table *t = q->mapper->table;
	if (count)
		sb_add(sb, "SELECT count(*) FROM ");
	else
		sb_addf(sb, "SELECT %s FROM ", q->mapper->select_cols);
	sb_ident(sb, t->name);
	add_where(sb, q);
	if (count)
		return;
	for (size_t i = 0; i < q->norder; i++) {
		sb_add(sb, i ? ", " : " ORDER BY ");
		add_qualified(sb, t, q->order[i].col);
		if (q->order[i].desc)
			sb_add(sb, " DESC");
	}
	if (q->limit >= 0 || q->offset >= 0)
		sb_add(sb, " LIMIT ?");
	if (q->offset >= 0)
		sb_add(sb, " OFFSET ?");
}

const char *assoc_query_sql(assoc_query *q)
{
	if (!q)
		return NULL;
	if (!q->sql) {
		strbuf sb;
		sb_init(&sb);
		build_sql(&sb, q, 0);
		q->sql = sb_take(&sb);
	}
	return q->sql;
}

/* Bind the filters (objects: their key values, loaded now, after autoflush). */
static int bind_all(assoc_query *q, sqlite3_stmt *stmt, int count, int64_t limit)
{
	int n = 1;
	for (size_t i = 0; i < q->nfilters; i++) {
		const struct filter *f = &q->filters[i];
		if (f->value.kind == ASSOC_NULL)
			continue;
		if (f->attr->kind == ASSOC_ATTR_COLUMN) {
			value_bind(stmt, n++, &f->value);
			continue;
		}
		assoc_object *target = f->value.u.object;
		int rc = object_check(target);
		if (rc || (rc = object_ensure_loaded(target)))
			return rc;
		struct relationship *rel = f->attr->rel;
		for (size_t k = 0; k < rel->nkeys; k++)
			value_bind(stmt, n++, &target->vals[rel->parent_cols[k]]);
	}
	if (!count && (q->limit >= 0 || q->offset >= 0)) {
		sqlite3_bind_int64(stmt, n++, limit);
		if (q->offset >= 0)
			sqlite3_bind_int64(stmt, n++, q->offset);
	}
	return 0;
}

static int bind_filters(void *q, sqlite3_stmt *stmt) { return bind_all(q, stmt, 1, -1); }

static int prepare_run(assoc_query *q, sqlite3_stmt **out, int count, int64_t limit)
{
	assoc_session *s = q->session;
	int rc = session_check(s);
	if (rc || (rc = session_autoflush(s)) || (rc = session_begin(s)))
		return rc;
	strbuf sb;
	sb_init(&sb);
	build_sql(&sb, q, count);
	if (sb.oom) {
		sb_free(&sb);
		return err_oom();
	}
	rc = session_prepare(s, sb_str(&sb), out);
	sb_free(&sb);
	if (rc)
		return rc;
	sqlite3_clear_bindings(*out);
	if ((rc = bind_all(q, *out, count, limit)))
		return rc;
	session_trace(s, *out);
	return 0;
}

/* Run the query for at most max rows (-1: the query's own limit). */
static int fetch(assoc_query *q, ptrvec *rows, int64_t max)
{
	int64_t limit = q->limit;
	if (max >= 0 && (limit < 0 || max < limit))
		limit = max;
	int64_t saved = q->limit;
	q->limit = limit;
	sqlite3_stmt *stmt;
	int rc = prepare_run(q, &stmt, 0, limit);
	q->limit = saved;
	if (rc)
		return rc;
	assoc_session *s = q->session;
	s->loading++;
	while ((rc = session_step(s, stmt, "query")) == 1) {
		assoc_object *o;
		if ((rc = load_row(&o, s, q->mapper, stmt, 0)))
			break;
		if (pv_push(rows, o)) {
			rc = err_oom();
			break;
		}
	}
	sqlite3_reset(stmt);
	s->loading--;
	if (rc < 0)
		return rc;
	if (q->limit >= 0 || q->offset >= 0) /* only whole results can be re-selected by their criteria */
		return load_selectin(s, (assoc_object **)rows->items, rows->len, NULL);
	strbuf where;
	sb_init(&where);
	add_where(&where, q);
	struct selectin_source src = { sb_str(&where), bind_filters, q };
	rc = where.oom ? err_oom() : load_selectin(s, (assoc_object **)rows->items, rows->len, &src);
	sb_free(&where);
	return rc;
}

int assoc_query_all(assoc_result **out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_all: NULL argument");
	*out = NULL;
	ptrvec rows = { 0 };
	int rc = fetch(q, &rows, -1);
	if (rc) {
		pv_free(&rows);
		return rc;
	}
	assoc_result *r = malloc(sizeof *r);
	if (!r) {
		pv_free(&rows);
		return err_oom();
	}
	r->items = (assoc_object **)rows.items;
	r->len = rows.len;
	*out = r;
	return 0;
}

int assoc_query_first(assoc_object **out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_first: NULL argument");
	*out = NULL;
	ptrvec rows = { 0 };
	int rc = fetch(q, &rows, 1);
	if (!rc && rows.len)
		*out = rows.items[0];
	pv_free(&rows);
	return rc;
}

int assoc_query_one(assoc_object **out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_one: NULL argument");
	*out = NULL;
	ptrvec rows = { 0 };
	int rc = fetch(q, &rows, 2);
	if (!rc && rows.len == 0)
		rc = assoc_error_set(ASSOC_ENORESULT, "no %s matched the query (one() needs exactly one)", q->mapper->name);
	else if (!rc && rows.len > 1)
		rc = assoc_error_set(ASSOC_EMULTIPLE, "several %s objects matched the query (one() needs exactly one)",
		                     q->mapper->name);
	else if (!rc)
		*out = rows.items[0];
	pv_free(&rows);
	return rc;
}

int assoc_query_count(int64_t *out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_count: NULL argument");
	sqlite3_stmt *stmt;
	int rc = prepare_run(q, &stmt, 1, -1);
	if (rc)
		return rc;
	rc = session_step(q->session, stmt, "count");
	if (rc == 1) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = 0;
	}
	sqlite3_reset(stmt);
	return rc;
}

size_t assoc_result_count(const assoc_result *r) { return r ? r->len : 0; }
assoc_object *assoc_result_get(const assoc_result *r, size_t i) { return r && i < r->len ? r->items[i] : NULL; }

void assoc_result_free(assoc_result *r)
{
	if (!r)
		return;
	free(r->items);
	free(r);
}
