/*
 * query.c - selecting objects of one mapper: WHERE expressions (expr.c),
 * joins along relationships and proxies, order, limit and offset; all,
 * first, one, count and exists; per-query selectin loading. Aliases
 * (alias.c) join as FROM entries of their own.
 */
#include "expr.h"

#include <stdlib.h>
#include <string.h>

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
	assoc_query *q = mem_calloc(1, sizeof *q);
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
	for (size_t i = 0; i < q->terms.len; i++)
		assoc_expr_free(q->terms.items[i]);
	pv_free(&q->terms);
	mem_free(q->joins);
	pv_free(&q->selectin);
	alias_free_all(q);
	mem_free(q->order);
	mem_free(q->sql);
	mem_free(q);
}

static void changed(assoc_query *q)
{
	mem_free(q->sql);
	q->sql = NULL;
}

/* ---- SQL ------------------------------------------------------------------------ */

/* One side of a join or order term: the mapper's table itself, or an alias of it. */
static struct tref side(const struct assoc_mapper *m, const struct assoc_alias *al)
{
	struct tref r = { m->table, 0, al ? al->label : NULL };
	return r;
}

/* The mappers visible at the top of the statement: the query's, then each joined one or alias. */
static struct scope_ent *top_scope(assoc_query *q, struct scope *sc)
{
	struct scope_ent *ents = mem_alloc((q->njoins + 1) * sizeof *ents);
	if (!ents)
		return NULL;
	ents[0] = (struct scope_ent){ q->mapper, 0, NULL, NULL };
	for (size_t i = 0; i < q->njoins; i++) {
		const struct assoc_alias *to = q->joins[i].to;
		ents[i + 1] = (struct scope_ent){ q->joins[i].rel->target, 0, to ? to->label : NULL, to };
	}
	sc->up = NULL;
	sc->ents = ents;
	sc->n = q->njoins + 1;
	return ents;
}

static void on_eq(struct sqlgen *g, size_t k, const struct tref *a, int acol, const struct tref *b, int bcol)
{
	sb_add(&g->sb, k ? " AND " : " ON ");
	gen_ref_col(g, a, acol);
	sb_add(&g->sb, " = ");
	gen_ref_col(g, b, bcol);
}

/* " FROM t JOIN ... ON ..." */
static void gen_from(struct sqlgen *g, assoc_query *q)
{
	sb_add(&g->sb, " FROM ");
	gen_from_table(g, q->mapper->table, 0);
	for (size_t i = 0; i < q->njoins; i++) {
		const struct join *j = &q->joins[i];
		const struct relationship *rel = j->rel;
		struct tref O = side(rel->attr->mapper, j->from), T = side(rel->target, j->to);
		if (rel->dir == REL_MANYTOMANY) {
			/* SQLAlchemy aliases the secondary table of a join */
			struct tref S = { rel->secondary, gen_alias(g, rel->secondary), NULL };
			sb_add(&g->sb, " JOIN ");
			gen_from_ref(g, &S);
			for (size_t k = 0; k < rel->nsec_owner; k++)
				on_eq(g, k, &O, rel->owner_cols[k], &S, rel->sec_owner_cols[k]);
			sb_add(&g->sb, " JOIN ");
			gen_from_ref(g, &T);
			for (size_t k = 0; k < rel->nsec_target; k++)
				on_eq(g, k, &T, rel->target_cols[k], &S, rel->sec_target_cols[k]);
			continue;
		}
		sb_add(&g->sb, " JOIN ");
		gen_from_ref(g, &T);
		for (size_t k = 0; k < rel->nkeys; k++) {
			if (rel->dir == REL_ONETOMANY)
				on_eq(g, k, &O, rel->parent_cols[k], &T, rel->child_cols[k]);
			else
				on_eq(g, k, &T, rel->parent_cols[k], &O, rel->child_cols[k]);
		}
	}
}

static int gen_terms(struct sqlgen *g, assoc_query *q, assoc_expr *extra)
{
	struct scope sc;
	struct scope_ent *ents = top_scope(q, &sc);
	if (!ents)
		return err_oom();
	int rc = 0;
	if (!extra)
		rc = gen_where(g, (assoc_expr *const *)q->terms.items, q->terms.len, &sc);
	else if (!q->terms.len)
		rc = gen_where(g, &extra, 1, &sc);
	else {
		assoc_expr **all = mem_alloc((q->terms.len + 1) * sizeof *all);
		if (!all)
			rc = err_oom();
		else {
			memcpy(all, q->terms.items, q->terms.len * sizeof *all);
			all[q->terms.len] = extra;
			rc = gen_where(g, all, q->terms.len + 1, &sc);
			mem_free(all);
		}
	}
	mem_free(ents);
	return rc;
}

static void gen_order_limit(struct sqlgen *g, assoc_query *q, int64_t limit)
{
	for (size_t i = 0; i < q->norder; i++) {
		struct tref r = side(q->order[i].alias ? q->order[i].alias->mapper : q->mapper, q->order[i].alias);
		sb_add(&g->sb, i ? ", " : " ORDER BY ");
		gen_ref_col(g, &r, q->order[i].col);
		if (q->order[i].desc)
			sb_add(&g->sb, " DESC");
	}
	struct bind b = { BIND_INT, NULL, NULL, 0, limit };
	if (limit >= 0) {
		sb_add(&g->sb, " LIMIT ");
		gen_param(g, "param", b);
	} else if (q->offset >= 0)
		sb_add(&g->sb, db_dialect_of(q->session->engine)->no_limit);
	if (q->offset >= 0) {
		b.i = q->offset;
		sb_add(&g->sb, " OFFSET ");
		gen_param(g, "param", b);
	}
}

enum variant { SQL_SELECT, SQL_COUNT, SQL_EXISTS };

/* The statement for a variant; limit overrides the query's own (first, one). */
static int gen_query(struct sqlgen *g, assoc_query *q, enum variant v, int64_t limit)
{
	const struct assoc_table *t = q->mapper->table;
	int sliced = limit >= 0 || q->offset >= 0, joined = q->njoins > 0;
	alias_reserve(g, q);
	int wrap = v == SQL_COUNT && (sliced || joined);
	if (v == SQL_EXISTS)
		sb_add(&g->sb, "SELECT EXISTS (SELECT 1");
	else if (v == SQL_COUNT && !wrap)
		sb_add(&g->sb, "SELECT count(*)");
	else {
		/* a count over joins or a slice counts the distinct objects all() would return */
		if (wrap)
			sb_add(&g->sb, joined ? "SELECT count(*) FROM (SELECT DISTINCT * FROM (SELECT " : "SELECT count(*) FROM (SELECT ");
		else
			sb_add(&g->sb, "SELECT ");
		size_t n = wrap ? t->npk : t->columns.len;
		for (size_t i = 0; i < n; i++) {
			int col = wrap ? t->pk[i] : (int)i;
			if (i)
				sb_add(&g->sb, ", ");
			gen_col(g, t, 0, col);
			sb_add(&g->sb, " AS ");
			strbuf label;
			sb_init(&label);
			sb_addf(&label, "%s_%s", t->name, ((struct column *)t->columns.items[col])->name);
			if (label.oom)
				g->oom = 1;
			else
				sb_ident(&g->sb, sb_str(&label));
			sb_free(&label);
		}
	}
	gen_from(g, q);
	int rc = gen_terms(g, q, NULL);
	if (rc)
		return rc;
	if (v == SQL_EXISTS)
		sb_add(&g->sb, ")");
	else if (v == SQL_SELECT || wrap)
		gen_order_limit(g, q, limit);
	/* PostgreSQL wants every subquery in a FROM named (SQLite does not mind) */
	if (wrap)
		sb_add(&g->sb, joined ? ") AS anon_2) AS anon_1" : ") AS anon_1");
	return g->oom || g->sb.oom ? err_oom() : 0;
}

const char *assoc_query_sql(assoc_query *q)
{
	if (!q)
		return NULL;
	if (!q->sql) {
		struct sqlgen g;
		gen_init(&g);
		if (!gen_query(&g, q, SQL_SELECT, q->limit)) {
			q->sql = sb_take(&g.sb);
			/* As the session's database will run it: "$1", ... where the dialect numbers them. */
			if (q->sql && db_dialect_of(q->session->engine)->numbered_params) {
				char *numbered = db_numbered_params(q->sql, NULL);
				mem_free(q->sql);
				q->sql = numbered;
			}
		}
		gen_free(&g);
	}
	return q->sql;
}

/* ---- building --------------------------------------------------------------------- */

static int add_term(assoc_query *q, assoc_expr *e)
{
	struct sqlgen g;
	gen_init(&g);
	alias_reserve(&g, q);
	int rc = alias_check_expr(q, e);
	if (!rc)
		rc = gen_terms(&g, q, e); /* every mapper it names must be in the query */
	if (!rc && (g.oom || g.sb.oom))
		rc = err_oom();
	gen_free(&g);
	if (!rc && pv_push(&q->terms, e))
		rc = err_oom();
	if (rc) {
		assoc_expr_free(e);
		return rc;
	}
	changed(q);
	return 0;
}

int assoc_query_filter_by(assoc_query *q, const char *name, assoc_value v)
{
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_filter_by: query is NULL");
	struct assoc_attr *a;
	assoc_expr *e;
	int rc = mapper_attr_or_error(&a, q->mapper, name);
	if (rc || (rc = expr_compare(&e, a, ASSOC_OP_EQ, v)))
		return rc;
	return add_term(q, e);
}

int assoc_query_where(assoc_query *q, assoc_expr *e)
{
	if (!q || !e) {
		assoc_expr_free(e);
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_where: NULL %s", q ? "expression" : "query");
	}
	return add_term(q, e);
}

/* Is rel joined already, from and to the mappers themselves? */
static int joined(const assoc_query *q, const struct relationship *rel)
{
	for (size_t i = 0; i < q->njoins; i++)
		if (q->joins[i].rel == rel && !q->joins[i].from && !q->joins[i].to)
			return 1;
	return 0;
}

/* Is m's table already in the FROM (unaliased): the query's own, or joined? */
static int in_from(assoc_query *q, const ptrvec *extra, const struct assoc_mapper *m)
{
	if (m == q->mapper)
		return 1;
	for (size_t i = 0; i < q->njoins; i++)
		if (q->joins[i].rel->target == m && !q->joins[i].to)
			return 1;
	for (size_t i = 0; i < extra->len; i++)
		if (((struct relationship *)extra->items[i])->target == m)
			return 1;
	return 0;
}

/* The hops of attr a: a relationship, or a proxy's local then remote ones. */
static int hops(ptrvec *out, struct assoc_attr *a, const char *fn)
{
	if (a->kind == ASSOC_ATTR_COLUMN)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a column: %s takes a relationship or a proxy", a->mapper->name,
		                       a->name, fn);
	if (a->kind == ASSOC_ATTR_RELATIONSHIP)
		return pv_contains(out, a->rel) || !pv_push(out, a->rel) ? 0 : err_oom();
	struct proxy *p = a->proxy;
	if (!pv_contains(out, p->rel) && pv_push(out, p->rel))
		return err_oom();
	return p->remote->kind == ASSOC_ATTR_COLUMN ? 0 : hops(out, p->remote, fn);
}

static int attr_of(struct assoc_attr **out, assoc_query *q, assoc_mapper *m, const char *attr, const char *fn)
{
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "%s: query is NULL", fn);
	if (!m || m->reg != q->mapper->reg)
		return assoc_error_set(ASSOC_EINVAL, "%s: mapper is NULL or not in the query's registry", fn);
	return mapper_attr_or_error(out, m, attr);
}

int assoc_query_join(assoc_query *q, assoc_mapper *m, const char *attr)
{
	struct assoc_attr *a;
	ptrvec path = { 0 }, add = { 0 };
	int rc = attr_of(&a, q, m, attr, "assoc_query_join");
	if (rc || (rc = hops(&path, a, "join")))
		goto done;
	for (size_t i = 0; i < path.len; i++) {
		struct relationship *rel = path.items[i];
		if (joined(q, rel) || pv_contains(&add, rel))
			continue; /* joining the same relationship again changes nothing */
		struct assoc_mapper *owner = rel->attr->mapper;
		if (!in_from(q, &add, owner)) {
			rc = assoc_error_set(ASSOC_EINVAL, "cannot join %s.%s: '%s' is neither the query's mapper (%s) nor joined to it",
			                     owner->name, rel->attr->name, owner->name, q->mapper->name);
			goto done;
		}
		if (in_from(q, &add, rel->target) || rel->target->table == q->mapper->table) {
			rc = assoc_error_set(ASSOC_EINVAL, "cannot join %s.%s: table '%s' is already in the query (a second path to it needs an alias: assoc_query_join_alias)",
			                     owner->name, rel->attr->name, rel->target->table->name);
			goto done;
		}
		if (pv_push(&add, rel)) {
			rc = err_oom();
			goto done;
		}
	}
	if (add.len) {
		struct join *j = mem_realloc(q->joins, (q->njoins + add.len) * sizeof *j);
		if (!j) {
			rc = err_oom();
			goto done;
		}
		q->joins = j;
		for (size_t i = 0; i < add.len; i++)
			j[q->njoins++] = (struct join){ add.items[i], NULL, NULL };
		changed(q);
	}
done:
	pv_free(&path);
	pv_free(&add);
	return rc;
}

int assoc_query_selectinload(assoc_query *q, assoc_mapper *m, const char *attr)
{
	struct assoc_attr *a;
	ptrvec path = { 0 };
	int rc = attr_of(&a, q, m, attr, "assoc_query_selectinload");
	if (rc || (rc = hops(&path, a, "selectinload")))
		goto done;
	size_t before = q->selectin.len;
	for (size_t i = 0; i < path.len && !rc; i++)
		if (!pv_contains(&q->selectin, path.items[i]) && pv_push(&q->selectin, path.items[i]))
			rc = err_oom();
	if (rc)
		q->selectin.len = before;
done:
	pv_free(&path);
	return rc;
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
	return query_add_order(q, NULL, a->slot, descending);
}

int query_add_order(assoc_query *q, const struct assoc_alias *al, int col, int descending)
{
	struct query_order *o = mem_realloc(q->order, (q->norder + 1) * sizeof *o);
	if (!o)
		return err_oom();
	q->order = o;
	o[q->norder].col = col;
	o[q->norder].desc = descending != 0;
	o[q->norder].alias = al;
	q->norder++;
	changed(q);
	return 0;
}

int query_add_join(assoc_query *q, struct relationship *rel, struct assoc_alias *from, struct assoc_alias *to)
{
	struct join *j = mem_realloc(q->joins, (q->njoins + 1) * sizeof *j);
	if (!j)
		return err_oom();
	q->joins = j;
	j[q->njoins++] = (struct join){ rel, from, to };
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

/* ---- running ------------------------------------------------------------------------ */

/* Parameters of one run: what they bind, and owned copies of object keys read for it. */
struct binding {
	struct sqlgen g;
	assoc_value *keys;
	size_t nkeys;
};

static void binding_clear_keys(struct binding *b)
{
	for (size_t i = 0; i < b->nkeys; i++)
		value_clear(&b->keys[i]);
	mem_free(b->keys);
	b->keys = NULL;
	b->nkeys = 0;
}

static void binding_free(struct binding *b)
{
	binding_clear_keys(b);
	gen_free(&b->g);
}

/* Bind every parameter in order; objects give their key values as they are now. */
static int bind_params(struct binding *b, db_stmt *stmt)
{
	binding_clear_keys(b);
	if (db_param_count(stmt) != (int)b->g.nbinds)
		return assoc_error_set(ASSOC_ERROR, "internal: %d parameters in the statement, %zu values",
		                       db_param_count(stmt), b->g.nbinds);
	if (b->g.nbinds && !(b->keys = mem_calloc(b->g.nbinds, sizeof *b->keys)))
		return err_oom();
	b->nkeys = b->g.nbinds;
	for (size_t i = 0; i < b->g.nbinds; i++) {
		const struct bind *p = &b->g.binds[i];
		int rc = 0;
		if (p->kind == BIND_VALUE)
			rc = value_bind(stmt, (int)i + 1, p->value);
		else if (p->kind == BIND_INT) {
			b->keys[i] = assoc_value_integer(p->i);
			rc = value_bind(stmt, (int)i + 1, &b->keys[i]);
		} else {
			assoc_object *o = p->obj;
			if ((rc = object_check(o)) || (o->expired && (rc = object_ensure_loaded(o))))
				return rc;
			if ((rc = value_copy(&b->keys[i], &o->vals[p->col])))
				return rc;
			rc = value_bind(stmt, (int)i + 1, &b->keys[i]);
		}
		if (rc != 0)
			return rc < 0 ? rc : assoc_error_set(ASSOC_EDB, "binding parameter %zu failed (%d)", i + 1, rc);
	}
	return 0;
}

static int bind_cb(void *ctx, db_stmt *stmt) { return bind_params(ctx, stmt); }

static int prepare_run(assoc_query *q, struct binding *b, db_stmt **out, enum variant v, int64_t limit)
{
	assoc_session *s = q->session;
	memset(b, 0, sizeof *b);
	gen_init(&b->g);
	int rc = session_check(s);
	if (rc || (rc = session_autoflush(s)) || (rc = session_begin(s)))
		return rc;
	if ((rc = gen_query(&b->g, q, v, limit)) || (rc = session_prepare(s, sb_str(&b->g.sb), out)))
		return rc;
	db_clear_bindings(*out);
	if ((rc = bind_params(b, *out)))
		return rc;
	session_trace(s, *out);
	return 0;
}

/* Objects seen already (a join repeats its owner once per related row). */
struct seen {
	const void **slots;
	size_t cap;
};

static int seen_add(struct seen *set, const void *p, size_t expect)
{
	if (!set->cap) {
		set->cap = 64;
		while (set->cap < expect * 2)
			set->cap *= 2;
		if (!(set->slots = mem_calloc(set->cap, sizeof *set->slots)))
			return err_oom();
	}
	size_t i = ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15u % set->cap;
	while (set->slots[i]) {
		if (set->slots[i] == p)
			return 1;
		i = (i + 1) % set->cap;
	}
	set->slots[i] = p;
	return 0;
}

/* Keep the first of each object, in order (the set grows with the rows). */
static int dedupe(ptrvec *rows)
{
	struct seen set = { 0 };
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < rows->len && rc >= 0; i++) {
		rc = seen_add(&set, rows->items[i], rows->len);
		if (rc == 0)
			rows->items[n++] = rows->items[i];
	}
	mem_free(set.slots);
	if (rc < 0)
		return rc;
	rows->len = n;
	return 0;
}

/* Run the query for at most max rows (-1: the query's own limit). */
static int fetch(assoc_query *q, ptrvec *rows, int64_t max)
{
	int64_t limit = q->limit;
	if (max >= 0 && (limit < 0 || max < limit))
		limit = max;
	struct binding b;
	db_stmt *stmt = NULL;
	int rc = prepare_run(q, &b, &stmt, SQL_SELECT, limit);
	assoc_session *s = q->session;
	s->loading++;
	while (!rc && (rc = session_step(s, stmt, "query")) == 1) {
		assoc_object *o;
		if ((rc = load_row(&o, s, q->mapper, stmt, 0)))
			break;
		if (pv_push(rows, o)) {
			rc = err_oom();
			break;
		}
	}
	if (stmt)
		db_reset(stmt);
	s->loading--;
	binding_free(&b);
	if (rc < 0)
		return rc;
	if (q->njoins && (rc = dedupe(rows)))
		return rc;
	struct relationship *const *extra = (struct relationship *const *)q->selectin.items;
	assoc_object **objs = (assoc_object **)rows->items;
	cohort_make(objs, rows->len); /* their lazy relationships load for all of them at once */
	/* only whole results of the query's own table can be re-selected by its criteria */
	if (q->limit >= 0 || q->offset >= 0 || q->njoins)
		return load_selectin_rels(s, objs, rows->len, NULL, extra, q->selectin.len);
	memset(&b, 0, sizeof b);
	gen_init(&b.g);
	if (!(rc = gen_terms(&b.g, q, NULL)) && (b.g.oom || b.g.sb.oom))
		rc = err_oom();
	if (!rc) {
		struct selectin_source src = { sb_str(&b.g.sb), bind_cb, &b };
		rc = load_selectin_rels(s, objs, rows->len, &src, extra, q->selectin.len);
	}
	binding_free(&b);
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
	assoc_result *r = mem_alloc(sizeof *r);
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
	/* with joins, two rows may be one object: look at them all */
	int rc = fetch(q, &rows, q->njoins ? -1 : 2);
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

static int scalar_int(int64_t *out, assoc_query *q, enum variant v, const char *what)
{
	struct binding b;
	db_stmt *stmt = NULL;
	int rc = prepare_run(q, &b, &stmt, v, q->limit);
	if (!rc) {
		rc = session_step(q->session, stmt, what);
		if (rc == 1) {
			*out = stmt->drv->column_int(stmt, 0);
			rc = 0;
		} else if (rc == 0)
			rc = assoc_error_set(ASSOC_EDB, "%s gave no row", what);
	}
	if (stmt)
		db_reset(stmt);
	binding_free(&b);
	return rc;
}

int assoc_query_count(int64_t *out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_count: NULL argument");
	return scalar_int(out, q, SQL_COUNT, "count");
}

int assoc_query_exists(int *out, assoc_query *q)
{
	if (!out || !q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_exists: NULL argument");
	int64_t n = 0;
	/* a slice is counted: whether it is empty depends on what precedes it */
	int sliced = q->limit >= 0 || q->offset >= 0;
	int rc = scalar_int(&n, q, sliced ? SQL_COUNT : SQL_EXISTS, "exists");
	if (!rc)
		*out = n > 0;
	return rc;
}

size_t assoc_result_count(const assoc_result *r) { return r ? r->len : 0; }
assoc_object *assoc_result_get(const assoc_result *r, size_t i) { return r && i < r->len ? r->items[i] : NULL; }

void assoc_result_free(assoc_result *r)
{
	if (!r)
		return;
	mem_free(r->items);
	mem_free(r);
}
