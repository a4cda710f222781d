/*
 * expr.c - filter expressions: column comparisons, AND/OR/NOT, IN, and the
 * relationship and association proxy comparators (any, has, contains, ==,
 * IS NULL ...), lowered to correlated EXISTS as SQLAlchemy compiles them;
 * and their SQL text.
 */
#include "expr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building trees -------------------------------------------------------- */

void assoc_expr_free(assoc_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nkids; i++)
		assoc_expr_free(e->kids[i]);
	mem_free(e->kids);
	if (e->flags & EXPR_OBJKEY)
		assoc_object_unref(e->obj);
	else
		value_clear(&e->value);
	for (size_t i = 0; i < e->nvalues; i++)
		value_clear(&e->values[i]);
	mem_free(e->values);
	mem_free(e);
}

static assoc_expr *node(enum expr_kind k)
{
	assoc_expr *e = mem_calloc(1, sizeof *e);
	if (e)
		e->kind = k;
	return e;
}

/* a AND b, a OR b: takes both, also on failure. */
static int combine(assoc_expr **out, enum expr_kind k, assoc_expr *a, assoc_expr *b)
{
	*out = NULL;
	assoc_expr *e = node(k);
	if (!e || !(e->kids = mem_alloc(2 * sizeof *e->kids))) {
		mem_free(e);
		assoc_expr_free(a);
		assoc_expr_free(b);
		return err_oom();
	}
	e->kids[0] = a;
	e->kids[1] = b;
	e->nkids = 2;
	*out = e;
	return 0;
}

/* acc AND/OR e, where acc may still be NULL (the first term). */
static int fold(assoc_expr **acc, enum expr_kind k, assoc_expr *e)
{
	if (!*acc) {
		*acc = e;
		return 0;
	}
	return combine(acc, k, *acc, e);
}

/* NOT a: takes a. */
static int negate(assoc_expr **out, assoc_expr *a)
{
	*out = NULL;
	assoc_expr *e = node(EXPR_NOT);
	if (!e || !(e->kids = mem_alloc(sizeof *e->kids))) {
		mem_free(e);
		assoc_expr_free(a);
		return err_oom();
	}
	e->kids[0] = a;
	e->nkids = 1;
	*out = e;
	return 0;
}

/* EXISTS along rel, with criterion inner (NULL: any related row): takes inner. */
static int exists(assoc_expr **out, struct relationship *rel, assoc_expr *inner)
{
	*out = NULL;
	assoc_expr *e = node(EXPR_EXISTS);
	if (!e || !(e->kids = mem_alloc(sizeof *e->kids))) {
		mem_free(e);
		assoc_expr_free(inner);
		return err_oom();
	}
	e->rel = rel;
	e->kids[0] = inner;
	e->nkids = 1;
	*out = e;
	return 0;
}

/* m.col op value (value copied; NULL for IS [NOT] NULL). */
static int leaf(assoc_expr **out, struct assoc_mapper *m, int col, assoc_op op, const assoc_value *v)
{
	*out = NULL;
	assoc_expr *e = node(EXPR_CMP);
	if (!e)
		return err_oom();
	e->mapper = m;
	e->col = col;
	e->op = op;
	int rc = v ? value_copy(&e->value, v) : 0;
	if (rc) {
		mem_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

/* m.col op (obj's column objcol, read when the query runs). */
static int keyleaf(assoc_expr **out, struct assoc_mapper *m, int col, assoc_op op, assoc_object *obj, int objcol,
                   unsigned flags)
{
	*out = NULL;
	assoc_expr *e = node(EXPR_CMP);
	if (!e)
		return err_oom();
	e->mapper = m;
	e->col = col;
	e->op = op;
	e->flags = flags | EXPR_OBJKEY;
	e->obj = obj;
	e->objcol = objcol;
	assoc_object_ref(obj);
	*out = e;
	return 0;
}

/* AND over k of m.cols[k] op obj.objcols[k]. */
static int key_match(assoc_expr **out, struct assoc_mapper *m, const int *cols, size_t n, assoc_op op,
                     assoc_object *obj, const int *objcols, unsigned flags)
{
	assoc_expr *acc = NULL, *e;
	for (size_t k = 0; k < n; k++) {
		int rc = keyleaf(&e, m, cols[k], op, obj, objcols[k], flags);
		if (rc || (rc = fold(&acc, EXPR_AND, e))) {
			assoc_expr_free(acc);
			return rc;
		}
	}
	*out = acc;
	return 0;
}

/* AND over k of m.cols[k] IS [NOT] NULL. */
static int null_match(assoc_expr **out, struct assoc_mapper *m, const int *cols, size_t n, assoc_op op)
{
	assoc_expr *acc = NULL, *e;
	for (size_t k = 0; k < n; k++) {
		int rc = leaf(&e, m, cols[k], op, NULL);
		if (rc || (rc = fold(&acc, EXPR_AND, e))) {
			assoc_expr_free(acc);
			return rc;
		}
	}
	*out = acc;
	return 0;
}

static const char *op_name(assoc_op op)
{
	static const char *const names[] = { "EQ", "NE", "LT", "LE", "GT", "GE", "LIKE", "NOT_LIKE", "IS_NULL", "IS_NOT_NULL" };
	return op >= ASSOC_OP_EQ && op <= ASSOC_OP_IS_NOT_NULL ? names[op] : "?";
}

static int is_null_test(assoc_op op, const assoc_value *v)
{
	return op == ASSOC_OP_IS_NULL || (op == ASSOC_OP_EQ && v->kind == ASSOC_NULL);
}

static int is_not_null_test(assoc_op op, const assoc_value *v)
{
	return op == ASSOC_OP_IS_NOT_NULL || (op == ASSOC_OP_NE && v->kind == ASSOC_NULL);
}

/* ---- column comparisons ---------------------------------------------------------- */

static int column_compare(assoc_expr **out, struct assoc_attr *a, assoc_op op, assoc_value v)
{
	struct assoc_mapper *m = a->mapper;
	if (is_null_test(op, &v))
		return leaf(out, m, a->slot, ASSOC_OP_IS_NULL, NULL);
	if (is_not_null_test(op, &v))
		return leaf(out, m, a->slot, ASSOC_OP_IS_NOT_NULL, NULL);
	if (v.kind == ASSOC_NULL)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s: NULL compares only with EQ, NE, IS_NULL and IS_NOT_NULL, not %s",
		                       m->name, a->name, op_name(op));
	if (op == ASSOC_OP_LIKE || op == ASSOC_OP_NOT_LIKE) {
		if (v.kind != ASSOC_TEXT)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s: %s takes a TEXT pattern, not %s", m->name, a->name,
			                       op_name(op), assoc_value_kind_name(v.kind));
	} else {
		int rc = check_column_value(a->col, m, &v);
		if (rc)
			return rc;
	}
	return leaf(out, m, a->slot, op, &v);
}

/* ---- relationship comparisons ---------------------------------------------------- */

static const char *rel_kind(const struct relationship *rel)
{
	return rel->uselist ? "a collection" : "a scalar relationship";
}

static int check_target(const struct relationship *rel, const assoc_value *v, const char *what)
{
	struct assoc_attr *a = rel->attr;
	if (v->kind == ASSOC_OBJECT && v->u.object->mapper == rel->target)
		return 0;
	if (v->kind == ASSOC_OBJECT)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s %s a %s, not a %s", a->mapper->name, a->name, what,
		                       rel->target->name, v->u.object->mapper->name);
	return assoc_error_set(ASSOC_ETYPE, "%s.%s %s a %s object, not %s", a->mapper->name, a->name, what,
	                       rel->target->name, assoc_value_kind_name(v->kind));
}

/* The target's key columns as the owner side refers to them (for matching one object). */
static const int *target_pk(const struct relationship *rel, size_t *n)
{
	*n = rel->target->table->npk;
	return rel->target->table->pk;
}

/* rel op obj / rel IS [NOT] NULL for a scalar relationship. */
static int relationship_compare(assoc_expr **out, struct relationship *rel, assoc_op op, assoc_value v)
{
	struct assoc_attr *a = rel->attr;
	struct assoc_mapper *owner = a->mapper;
	if (rel->uselist)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection: compare it with any or contains, not %s",
		                       owner->name, a->name, op_name(op));
	if (op != ASSOC_OP_EQ && op != ASSOC_OP_NE && op != ASSOC_OP_IS_NULL && op != ASSOC_OP_IS_NOT_NULL)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a relationship: it compares with EQ, NE, IS_NULL and IS_NOT_NULL, not %s",
		                       owner->name, a->name, op_name(op));
	int isnull = is_null_test(op, &v), notnull = is_not_null_test(op, &v);
	int rc;
	if (!isnull && !notnull && (rc = check_target(rel, &v, "compares to")))
		return rc;
	assoc_object *obj = isnull || notnull ? NULL : v.u.object;
	assoc_expr *e = NULL;
	size_t npk;
	const int *pk = target_pk(rel, &npk);
	if (rel->dir == REL_MANYTOONE) {
		if (isnull || notnull)
			return null_match(out, owner, rel->child_cols, rel->nkeys, isnull ? ASSOC_OP_IS_NULL : ASSOC_OP_IS_NOT_NULL);
		if (op == ASSOC_OP_EQ)
			return key_match(out, owner, rel->child_cols, rel->nkeys, ASSOC_OP_EQ, obj, rel->parent_cols,
			                 EXPR_PARAM_FIRST | EXPR_ANON);
		/* fk != :fk_1 OR fk IS NULL, for each key column */
		assoc_expr *acc = NULL;
		for (size_t k = 0; k < rel->nkeys; k++) {
			assoc_expr *ne, *nul;
			if ((rc = keyleaf(&ne, owner, rel->child_cols[k], ASSOC_OP_NE, obj, rel->parent_cols[k], 0)))
				break;
			if ((rc = leaf(&nul, owner, rel->child_cols[k], ASSOC_OP_IS_NULL, NULL))) {
				assoc_expr_free(ne);
				break;
			}
			if ((rc = combine(&e, EXPR_OR, ne, nul)) || (rc = fold(&acc, EXPR_OR, e)))
				break;
		}
		if (rc) {
			assoc_expr_free(acc);
			return rc;
		}
		*out = acc;
		return 0;
	}
	/* one-to-one (and scalar many-to-many): the row lives on the other side */
	if (isnull) {
		if ((rc = exists(&e, rel, NULL)))
			return rc;
		return negate(out, e);
	}
	if (notnull)
		return exists(out, rel, NULL);
	if (op == ASSOC_OP_EQ && rel->dir == REL_ONETOMANY)
		return key_match(out, owner, rel->parent_cols, rel->nkeys, ASSOC_OP_EQ, obj, rel->child_cols, EXPR_ANON);
	assoc_expr *match;
	if ((rc = key_match(&match, rel->target, pk, npk, ASSOC_OP_EQ, obj, pk, 0)) || (rc = exists(&e, rel, match)))
		return rc;
	if (op == ASSOC_OP_EQ) {
		*out = e;
		return 0;
	}
	return negate(out, e);
}

/* A collection relationship holds obj. */
static int relationship_contains(assoc_expr **out, struct relationship *rel, assoc_value v)
{
	struct assoc_attr *a = rel->attr;
	if (!rel->uselist)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a scalar relationship: compare it with EQ, not contains",
		                       a->mapper->name, a->name);
	int rc = check_target(rel, &v, "contains");
	if (rc)
		return rc;
	assoc_object *obj = v.u.object;
	if (rel->dir == REL_ONETOMANY)
		return key_match(out, a->mapper, rel->parent_cols, rel->nkeys, ASSOC_OP_EQ, obj, rel->child_cols, EXPR_ANON);
	assoc_expr *match;
	if ((rc = key_match(&match, rel->target, rel->target_cols, rel->nsec_target, ASSOC_OP_EQ, obj, rel->target_cols, 0)))
		return rc;
	return exists(out, rel, match);
}

/* ---- association proxies ---------------------------------------------------------- */

static const char *proxy_kind(const struct proxy *p)
{
	if (proxy_of_collection(p))
		return "a scalar proxy of a collection";
	return p->kind == ASSOC_COLLECTION_SCALAR ? "a scalar proxy" : "a collection proxy";
}

/* The related rows are absent: for the proxy's own relationship. */
static int relationship_none(assoc_expr **out, struct relationship *rel)
{
	if (!rel->uselist)
		return relationship_compare(out, rel, ASSOC_OP_IS_NULL, assoc_value_null());
	assoc_expr *e;
	int rc = exists(&e, rel, NULL);
	return rc ? rc : negate(out, e);
}

/* EXISTS along every hop of p, with crit (owned) at the far end. */
static int proxy_criterion(assoc_expr **out, struct proxy *p, assoc_expr *crit)
{
	struct assoc_attr *r = p->remote;
	assoc_expr *inner = crit;
	int rc = 0;
	if (r->kind == ASSOC_ATTR_RELATIONSHIP)
		rc = exists(&inner, r->rel, crit);
	else if (r->kind == ASSOC_ATTR_PROXY)
		rc = proxy_criterion(&inner, r->proxy, crit);
	return rc ? rc : exists(out, p->rel, inner);
}

static int proxy_compare(assoc_expr **out, struct proxy *p, assoc_op op, assoc_value v);

/* remote op v, one hop down (the value side of the proxy). */
static int remote_compare(assoc_expr **out, struct proxy *p, assoc_op op, assoc_value v)
{
	struct assoc_attr *r = p->remote;
	if (r->kind == ASSOC_ATTR_COLUMN)
		return column_compare(out, r, op, v);
	if (r->kind == ASSOC_ATTR_RELATIONSHIP)
		return relationship_compare(out, r->rel, op, v);
	return proxy_compare(out, r->proxy, op, v);
}

static int proxy_compare(assoc_expr **out, struct proxy *p, assoc_op op, assoc_value v)
{
	struct assoc_attr *a = p->attr, *r = p->remote;
	if (r->kind != ASSOC_ATTR_COLUMN && p->kind != ASSOC_COLLECTION_SCALAR)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection proxy of %s.%s: use contains or any, not %s",
		                       a->mapper->name, a->name, r->mapper->name, r->name, op_name(op));
	if (r->kind == ASSOC_ATTR_RELATIONSHIP && op != ASSOC_OP_EQ && op != ASSOC_OP_NE && op != ASSOC_OP_IS_NULL &&
	    op != ASSOC_OP_IS_NOT_NULL)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s proxies the relationship %s.%s: it compares with EQ, NE, IS_NULL and IS_NOT_NULL, not %s",
		                       a->mapper->name, a->name, r->mapper->name, r->name, op_name(op));
	int isnull = is_null_test(op, &v);
	assoc_expr *inner, *e, *none;
	int rc;
	if (isnull)
		rc = remote_compare(&inner, p, ASSOC_OP_IS_NULL, v);
	else if (is_not_null_test(op, &v))
		rc = remote_compare(&inner, p, ASSOC_OP_IS_NOT_NULL, v);
	else
		rc = remote_compare(&inner, p, op, v);
	if (rc || (rc = exists(&e, p->rel, inner)))
		return rc;
	if (!isnull) {
		*out = e;
		return 0;
	}
	/* IS NULL also holds where there is no related row at all, as in SQLAlchemy */
	if ((rc = relationship_none(&none, p->rel))) {
		assoc_expr_free(e);
		return rc;
	}
	return combine(out, EXPR_OR, e, none);
}

static int proxy_contains(assoc_expr **out, struct proxy *p, assoc_value v)
{
	struct assoc_attr *a = p->attr, *r = p->remote;
	if (!proxy_value_is_collection(p))
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a scalar proxy: compare it with EQ, not contains",
		                       a->mapper->name, a->name);
	assoc_expr *inner;
	int rc;
	/* a scalar proxy of a collection: the intermediary's collection contains v */
	if (r->kind == ASSOC_ATTR_RELATIONSHIP && r->rel->uselist)
		rc = relationship_contains(&inner, r->rel, v);
	else if (r->kind == ASSOC_ATTR_PROXY && proxy_value_is_collection(r->proxy))
		rc = proxy_contains(&inner, r->proxy, v);
	else
		rc = remote_compare(&inner, p, ASSOC_OP_EQ, v);
	return rc ? rc : exists(out, p->rel, inner);
}

/*
 * any on a proxy that reads as a collection, has on one that reads one
 * value; SQLAlchemy also lets has through on a scalar proxy of a collection
 * proxy (User.common_singular.has(...)).
 */
static int proxy_takes(const struct proxy *p, int want_collection)
{
	if (!proxy_of_collection(p))
		return (p->kind != ASSOC_COLLECTION_SCALAR) == want_collection;
	return want_collection || p->remote->kind == ASSOC_ATTR_PROXY;
}

/* ---- the public constructors ----------------------------------------------------- */

static int lookup(struct assoc_attr **out, assoc_mapper *m, const char *attr, const char *fn)
{
	if (!m)
		return assoc_error_set(ASSOC_EINVAL, "%s: mapper is NULL", fn);
	if (!m->reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "%s: mapper '%s': configure the registry first", fn, m->name);
	return mapper_attr_or_error(out, m, attr);
}

int expr_compare(assoc_expr **out, struct assoc_attr *a, assoc_op op, assoc_value v)
{
	if (op < ASSOC_OP_EQ || op > ASSOC_OP_IS_NOT_NULL)
		return assoc_error_set(ASSOC_EINVAL, "%s.%s: unknown comparison operator %d", a->mapper->name, a->name, (int)op);
	if (op == ASSOC_OP_IS_NULL || op == ASSOC_OP_IS_NOT_NULL)
		v = assoc_value_null();
	switch (a->kind) {
	case ASSOC_ATTR_COLUMN: return column_compare(out, a, op, v);
	case ASSOC_ATTR_RELATIONSHIP: return relationship_compare(out, a->rel, op, v);
	default: return proxy_compare(out, a->proxy, op, v);
	}
}

int assoc_expr_compare(assoc_expr **out, assoc_mapper *m, const char *attr, assoc_op op, assoc_value v)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_compare: out is NULL");
	*out = NULL;
	struct assoc_attr *a;
	int rc = lookup(&a, m, attr, "assoc_expr_compare");
	return rc ? rc : expr_compare(out, a, op, v);
}

int assoc_expr_in(assoc_expr **out, assoc_mapper *m, const char *attr, const assoc_value *values, size_t n)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_in: out is NULL");
	*out = NULL;
	struct assoc_attr *a;
	int rc = lookup(&a, m, attr, "assoc_expr_in");
	if (rc)
		return rc;
	if (a->kind != ASSOC_ATTR_COLUMN)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is %s: IN takes a column", m->name, a->name,
		                       a->kind == ASSOC_ATTR_PROXY ? proxy_kind(a->proxy) : rel_kind(a->rel));
	if (n && !values)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_in: %zu values but values is NULL", n);
	assoc_expr *e = node(EXPR_IN);
	if (!e || (n && !(e->values = mem_calloc(n, sizeof *e->values)))) {
		mem_free(e);
		return err_oom();
	}
	e->mapper = m;
	e->col = a->slot;
	for (size_t i = 0; i < n; i++) {
		assoc_value v = values[i];
		if ((rc = check_column_value(a->col, m, &v)) || (rc = value_copy(&e->values[e->nvalues], &v))) {
			assoc_expr_free(e);
			return rc;
		}
		e->nvalues++;
	}
	*out = e;
	return 0;
}

static int both(assoc_expr **out, enum expr_kind k, assoc_expr *a, assoc_expr *b, const char *fn)
{
	if (!out || !a || !b) {
		assoc_expr_free(a);
		assoc_expr_free(b);
		if (out)
			*out = NULL;
		return assoc_error_set(ASSOC_EINVAL, "%s: NULL argument", fn);
	}
	return combine(out, k, a, b);
}

int assoc_expr_and(assoc_expr **out, assoc_expr *a, assoc_expr *b) { return both(out, EXPR_AND, a, b, "assoc_expr_and"); }
int assoc_expr_or(assoc_expr **out, assoc_expr *a, assoc_expr *b) { return both(out, EXPR_OR, a, b, "assoc_expr_or"); }

int assoc_expr_not(assoc_expr **out, assoc_expr *a)
{
	if (!out || !a) {
		assoc_expr_free(a);
		if (out)
			*out = NULL;
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_not: NULL argument");
	}
	return negate(out, a);
}

/* any (want_collection) or has: takes criterion, also on failure. */
static int related(assoc_expr **out, assoc_mapper *m, const char *attr, assoc_expr *crit, int want_collection,
                   const char *fn)
{
	if (!out) {
		assoc_expr_free(crit);
		return assoc_error_set(ASSOC_EINVAL, "%s: out is NULL", fn);
	}
	*out = NULL;
	struct assoc_attr *a;
	int rc = lookup(&a, m, attr, fn);
	const char *name = want_collection ? "any" : "has";
	const char *other = want_collection ? "has" : "any";
	if (!rc && a->kind == ASSOC_ATTR_COLUMN)
		rc = assoc_error_set(ASSOC_ETYPE, "%s.%s is a column: %s takes a relationship or a proxy", m->name, a->name, name);
	else if (!rc && a->kind == ASSOC_ATTR_RELATIONSHIP && !!a->rel->uselist != want_collection)
		rc = assoc_error_set(ASSOC_ETYPE, "%s.%s is %s: use %s, not %s", m->name, a->name, rel_kind(a->rel), other, name);
	else if (!rc && a->kind == ASSOC_ATTR_PROXY && !proxy_takes(a->proxy, want_collection))
		rc = assoc_error_set(ASSOC_ETYPE, "%s.%s is %s: use %s, not %s", m->name, a->name, proxy_kind(a->proxy), other, name);
	else if (!rc && a->kind == ASSOC_ATTR_PROXY && !want_collection && crit && a->proxy->remote->kind == ASSOC_ATTR_COLUMN)
		rc = assoc_error_set(ASSOC_ETYPE, "%s.%s proxies the column %s.%s: has takes no criterion there; compare the proxy instead",
		                     m->name, a->name, a->proxy->remote->mapper->name, a->proxy->remote->name);
	if (rc) {
		assoc_expr_free(crit);
		return rc;
	}
	if (a->kind == ASSOC_ATTR_RELATIONSHIP)
		return exists(out, a->rel, crit);
	return proxy_criterion(out, a->proxy, crit);
}

int assoc_expr_any(assoc_expr **out, assoc_mapper *m, const char *attr, assoc_expr *crit)
{
	return related(out, m, attr, crit, 1, "assoc_expr_any");
}

int assoc_expr_has(assoc_expr **out, assoc_mapper *m, const char *attr, assoc_expr *crit)
{
	return related(out, m, attr, crit, 0, "assoc_expr_has");
}

int assoc_expr_contains(assoc_expr **out, assoc_mapper *m, const char *attr, assoc_value v)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_contains: out is NULL");
	*out = NULL;
	struct assoc_attr *a;
	int rc = lookup(&a, m, attr, "assoc_expr_contains");
	if (rc)
		return rc;
	switch (a->kind) {
	case ASSOC_ATTR_COLUMN:
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a column: contains takes a collection relationship or proxy",
		                       m->name, a->name);
	case ASSOC_ATTR_RELATIONSHIP: return relationship_contains(out, a->rel, v);
	default: return proxy_contains(out, a->proxy, v);
	}
}

/* ---- SQL text ---------------------------------------------------------------------- */

void gen_init(struct sqlgen *g)
{
	memset(g, 0, sizeof *g);
	sb_init(&g->sb);
}

void gen_free(struct sqlgen *g)
{
	sb_free(&g->sb);
	mem_free(g->binds);
	for (size_t i = 0; i < g->nnames; i++)
		mem_free(g->names[i].name);
	mem_free(g->names);
	mem_free(g->aliases);
	memset(g, 0, sizeof *g);
}

static struct name_count *counter(struct sqlgen *g, struct name_count **list, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct name_count *p = mem_realloc(*list, c * sizeof *p);
		if (!p) {
			g->oom = 1;
			return NULL;
		}
		*list = p;
		*cap = c;
	}
	struct name_count *nc = &(*list)[(*n)++];
	memset(nc, 0, sizeof *nc);
	return nc;
}

int gen_alias(struct sqlgen *g, const struct assoc_table *t)
{
	for (size_t i = 0; i < g->naliases; i++)
		if (g->aliases[i].key == t)
			return ++g->aliases[i].n;
	struct name_count *nc = counter(g, &g->aliases, &g->naliases, &g->capaliases);
	if (!nc)
		return 1;
	nc->key = t;
	nc->n = 1;
	return 1;
}

void gen_alias_reserve(struct sqlgen *g, const struct assoc_table *t, int n)
{
	for (size_t i = 0; i < g->naliases; i++)
		if (g->aliases[i].key == t) {
			if (g->aliases[i].n < n)
				g->aliases[i].n = n;
			return;
		}
	struct name_count *nc = counter(g, &g->aliases, &g->naliases, &g->capaliases);
	if (nc) {
		nc->key = t;
		nc->n = n;
	}
}

static void alias_name(strbuf *sb, const struct assoc_table *t, int alias)
{
	if (!alias) {
		sb_ident(sb, t->name);
		return;
	}
	strbuf tmp;
	sb_init(&tmp);
	sb_addf(&tmp, "%s_%d", t->name, alias);
	if (tmp.oom)
		sb->oom = 1;
	else
		sb_ident(sb, sb_str(&tmp));
	sb_free(&tmp);
}

void gen_table(struct sqlgen *g, const struct assoc_table *t, int alias) { alias_name(&g->sb, t, alias); }

void gen_from_table(struct sqlgen *g, const struct assoc_table *t, int alias)
{
	sb_ident(&g->sb, t->name);
	if (alias) {
		sb_add(&g->sb, " AS ");
		alias_name(&g->sb, t, alias);
	}
}

void gen_col(struct sqlgen *g, const struct assoc_table *t, int alias, int col)
{
	alias_name(&g->sb, t, alias);
	sb_add(&g->sb, ".");
	sb_ident(&g->sb, ((struct column *)t->columns.items[col])->name);
}

void gen_ref_col(struct sqlgen *g, const struct tref *r, int col)
{
	if (!r->name) {
		gen_col(g, r->t, r->alias, col);
		return;
	}
	sb_ident(&g->sb, r->name);
	sb_add(&g->sb, ".");
	sb_ident(&g->sb, ((struct column *)r->t->columns.items[col])->name);
}

void gen_from_ref(struct sqlgen *g, const struct tref *r)
{
	if (!r->name) {
		gen_from_table(g, r->t, r->alias);
		return;
	}
	sb_ident(&g->sb, r->t->name);
	sb_add(&g->sb, " AS ");
	sb_ident(&g->sb, r->name);
}

static struct tref ent_ref(const struct scope_ent *se)
{
	struct tref r = { se->mapper->table, se->alias, se->name };
	return r;
}

void gen_param(struct sqlgen *g, const char *name, struct bind b)
{
	/* a parameter name is an identifier: other characters become '_' */
	char *clean = xstrdup(name);
	if (!clean) {
		g->oom = 1;
		return;
	}
	for (char *p = clean; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	struct name_count *nc = NULL;
	for (size_t i = 0; i < g->nnames && !nc; i++)
		if (!strcmp(g->names[i].name, clean))
			nc = &g->names[i];
	if (nc)
		mem_free(clean);
	else if ((nc = counter(g, &g->names, &g->nnames, &g->capnames)))
		nc->name = clean;
	else {
		mem_free(clean);
		return;
	}
	sb_addf(&g->sb, ":%s_%d", nc->name, ++nc->n);
	if (g->nbinds == g->capbinds) {
		size_t c = g->capbinds ? g->capbinds * 2 : 8;
		struct bind *p = mem_realloc(g->binds, c * sizeof *p);
		if (!p) {
			g->oom = 1;
			return;
		}
		g->binds = p;
		g->capbinds = c;
	}
	g->binds[g->nbinds++] = b;
}

enum ctx { CTX_TOP, CTX_AND, CTX_OR, CTX_NOT };

/* Where m (al NULL) or the alias al is visible. */
static const struct scope_ent *resolve(const struct scope *sc, const struct assoc_mapper *m,
                                       const struct assoc_alias *al)
{
	for (; sc; sc = sc->up)
		for (size_t i = sc->n; i-- > 0;)
			if (sc->ents[i].mapper == m && sc->ents[i].ref == al)
				return &sc->ents[i];
	return NULL;
}

/* what names the condition, e.g. "a comparison of", followed by m.attr. */
static int not_in_scope(const struct assoc_mapper *m, const struct assoc_alias *al, const char *what, const char *attr)
{
	if (al)
		return assoc_error_set(ASSOC_EINVAL, "%s %s.%s refers to the alias '%s', which is not joined to the query",
		                       what, al->label, attr, al->label);
	return assoc_error_set(ASSOC_EINVAL, "%s %s.%s refers to mapper '%s', which is neither the query's mapper nor joined to it",
	                       what, m->name, attr, m->name);
}

static const char *colname(const struct assoc_table *t, int col) { return ((struct column *)t->columns.items[col])->name; }

static assoc_op invert(assoc_op op)
{
	switch (op) {
	case ASSOC_OP_EQ: return ASSOC_OP_NE;
	case ASSOC_OP_NE: return ASSOC_OP_EQ;
	case ASSOC_OP_LT: return ASSOC_OP_GE;
	case ASSOC_OP_LE: return ASSOC_OP_GT;
	case ASSOC_OP_GT: return ASSOC_OP_LE;
	case ASSOC_OP_GE: return ASSOC_OP_LT;
	case ASSOC_OP_LIKE: return ASSOC_OP_NOT_LIKE;
	case ASSOC_OP_NOT_LIKE: return ASSOC_OP_LIKE;
	case ASSOC_OP_IS_NULL: return ASSOC_OP_IS_NOT_NULL;
	default: return ASSOC_OP_IS_NULL;
	}
}

static const char *op_sql(assoc_op op)
{
	static const char *const sql[] = { "=", "!=", "<", "<=", ">", ">=", "LIKE", "NOT LIKE", "IS NULL", "IS NOT NULL" };
	return sql[op];
}

static int render(struct sqlgen *g, const assoc_expr *e, const struct scope *sc, enum ctx ctx);

static int render_cmp(struct sqlgen *g, const assoc_expr *e, const struct scope *sc, assoc_op op)
{
	const struct scope_ent *se = resolve(sc, e->mapper, e->alias);
	const struct assoc_table *t = e->mapper->table;
	if (!se)
		return not_in_scope(e->mapper, e->alias, "a comparison of", colname(t, e->col));
	struct tref r = ent_ref(se);
	struct bind b = { BIND_VALUE, &e->value, NULL, 0, 0 };
	if (e->flags & EXPR_OBJKEY) {
		b.kind = BIND_OBJKEY;
		b.obj = e->obj;
		b.col = e->objcol;
	}
	const char *pname = e->flags & EXPR_ANON ? "param" : colname(t, e->col);
	if (op == ASSOC_OP_IS_NULL || op == ASSOC_OP_IS_NOT_NULL) {
		gen_ref_col(g, &r, e->col);
		sb_addf(&g->sb, " %s", op_sql(op));
	} else if (e->flags & EXPR_PARAM_FIRST) {
		gen_param(g, pname, b);
		sb_addf(&g->sb, " %s ", op_sql(op));
		gen_ref_col(g, &r, e->col);
	} else {
		gen_ref_col(g, &r, e->col);
		sb_addf(&g->sb, " %s ", op_sql(op));
		gen_param(g, pname, b);
	}
	return 0;
}

static int render_in(struct sqlgen *g, const assoc_expr *e, const struct scope *sc, int negated)
{
	const struct scope_ent *se = resolve(sc, e->mapper, e->alias);
	const struct assoc_table *t = e->mapper->table;
	if (!se)
		return not_in_scope(e->mapper, e->alias, "an IN test of", colname(t, e->col));
	struct tref r = ent_ref(se);
	/* An empty list: PostgreSQL has no "IN ()"; SQLite's is false (NOT IN true) even for NULL. */
	if (!e->nvalues) {
		sb_add(&g->sb, negated ? "(1 = 1)" : "1 != 1");
		return 0;
	}
	if (negated)
		sb_add(&g->sb, "(");
	gen_ref_col(g, &r, e->col);
	sb_add(&g->sb, negated ? " NOT IN (" : " IN (");
	for (size_t i = 0; i < e->nvalues; i++) {
		if (i)
			sb_add(&g->sb, ", ");
		struct bind b = { BIND_VALUE, &e->values[i], NULL, 0, 0 };
		gen_param(g, colname(t, e->col), b);
	}
	sb_add(&g->sb, negated ? "))" : ")");
	return 0;
}

/* The operands of an AND (or OR) chain, flattening nested ones of the same kind. */
static int render_chain(struct sqlgen *g, const assoc_expr *e, const struct scope *sc, enum expr_kind k, int *first)
{
	if (e->kind == k) {
		for (size_t i = 0; i < e->nkids; i++) {
			int rc = render_chain(g, e->kids[i], sc, k, first);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!*first)
		sb_add(&g->sb, k == EXPR_AND ? " AND " : " OR ");
	*first = 0;
	return render(g, e, sc, k == EXPR_AND ? CTX_AND : CTX_OR);
}

static void add_eq(struct sqlgen *g, const struct tref *a, int acol, const struct tref *b, int bcol, int *first)
{
	if (!*first)
		sb_add(&g->sb, " AND ");
	*first = 0;
	gen_ref_col(g, a, acol);
	sb_add(&g->sb, " = ");
	gen_ref_col(g, b, bcol);
}

static int render_exists(struct sqlgen *g, const assoc_expr *e, const struct scope *sc)
{
	const struct relationship *rel = e->rel;
	const struct assoc_mapper *owner = rel->attr->mapper;
	const struct scope_ent *se = resolve(sc, owner, e->alias);
	if (!se)
		return not_in_scope(owner, e->alias, "a condition on", rel->attr->name);
	const struct assoc_table *O = owner->table, *T = rel->target->table, *S = rel->secondary;
	int ta = T == O ? gen_alias(g, T) : 0; /* self-referential: the inner side gets an alias */
	int sa = S && S == O ? gen_alias(g, S) : 0;
	struct tref o = ent_ref(se), t = { T, ta, NULL }, s = { S, sa, NULL };
	sb_add(&g->sb, "EXISTS (SELECT 1 FROM ");
	if (S) {
		gen_from_ref(g, &s);
		sb_add(&g->sb, ", ");
	}
	gen_from_ref(g, &t);
	sb_add(&g->sb, " WHERE ");
	int first = 1;
	if (rel->dir == REL_ONETOMANY)
		for (size_t k = 0; k < rel->nkeys; k++)
			add_eq(g, &o, rel->parent_cols[k], &t, rel->child_cols[k], &first);
	else if (rel->dir == REL_MANYTOONE)
		for (size_t k = 0; k < rel->nkeys; k++)
			add_eq(g, &t, rel->parent_cols[k], &o, rel->child_cols[k], &first);
	else {
		for (size_t k = 0; k < rel->nsec_owner; k++)
			add_eq(g, &o, rel->owner_cols[k], &s, rel->sec_owner_cols[k], &first);
		for (size_t k = 0; k < rel->nsec_target; k++)
			add_eq(g, &t, rel->target_cols[k], &s, rel->sec_target_cols[k], &first);
	}
	int rc = 0;
	if (e->kids[0]) {
		struct scope_ent ent = { rel->target, ta, NULL, NULL };
		struct scope inner = { sc, &ent, 1 };
		rc = render_chain(g, e->kids[0], &inner, EXPR_AND, &first);
	}
	sb_add(&g->sb, ")");
	return rc;
}

static int render(struct sqlgen *g, const assoc_expr *e, const struct scope *sc, enum ctx ctx)
{
	int rc, first = 1;
	switch (e->kind) {
	case EXPR_CMP: return render_cmp(g, e, sc, e->op);
	case EXPR_IN: return render_in(g, e, sc, 0);
	case EXPR_AND: return render_chain(g, e, sc, EXPR_AND, &first);
	case EXPR_OR:
		if (ctx == CTX_AND)
			sb_add(&g->sb, "(");
		rc = render_chain(g, e, sc, EXPR_OR, &first);
		if (ctx == CTX_AND)
			sb_add(&g->sb, ")");
		return rc;
	case EXPR_NOT: {
		const assoc_expr *k = e->kids[0];
		if (k->kind == EXPR_CMP)
			return render_cmp(g, k, sc, invert(k->op));
		if (k->kind == EXPR_IN)
			return render_in(g, k, sc, 1);
		if (k->kind == EXPR_NOT)
			return render(g, k->kids[0], sc, ctx);
		sb_add(&g->sb, "NOT (");
		rc = render(g, k, sc, CTX_NOT);
		sb_add(&g->sb, ")");
		return rc;
	}
	case EXPR_EXISTS:
		if (ctx == CTX_AND || ctx == CTX_OR)
			sb_add(&g->sb, "(");
		rc = render_exists(g, e, sc);
		if (ctx == CTX_AND || ctx == CTX_OR)
			sb_add(&g->sb, ")");
		return rc;
	}
	return 0;
}

int gen_where(struct sqlgen *g, assoc_expr *const *terms, size_t n, const struct scope *sc)
{
	if (!n)
		return 0;
	sb_add(&g->sb, " WHERE ");
	if (n == 1)
		return render(g, terms[0], sc, CTX_TOP);
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		int rc = render_chain(g, terms[i], sc, EXPR_AND, &first);
		if (rc)
			return rc;
	}
	return 0;
}

void expr_bind_alias(assoc_expr *e, const struct assoc_alias *al)
{
	if (!e)
		return;
	switch (e->kind) {
	case EXPR_CMP:
	case EXPR_IN:
		if (e->mapper == al->mapper && !e->alias)
			e->alias = al;
		return;
	case EXPR_EXISTS:
		/* the criterion inside is over the related mapper: it stays as it is */
		if (e->rel->attr->mapper == al->mapper && !e->alias)
			e->alias = al;
		return;
	default:
		for (size_t i = 0; i < e->nkids; i++)
			expr_bind_alias(e->kids[i], al);
	}
}
