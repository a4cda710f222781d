/*
 * alias.c - aliases of a mapper inside one query (SQLAlchemy's aliased()):
 * a second FROM entry for the same table, joined along a relationship, and
 * the comparators, IN and ORDER BY over it.
 *
 * An alias is named by the user or numbered <table>_<n> in creation order;
 * the numbers are reserved before any statement text is written, so the
 * aliases that EXISTS subqueries of self-referential relationships take
 * come after them. Expressions over an alias are built by the mapper's
 * constructors (expr.c) and then bound to the alias at their outermost
 * level: what lies inside their EXISTS is over the related mapper.
 */
#include "expr.h"

#include <ctype.h>
#include <string.h>

void alias_free_all(assoc_query *q)
{
	for (size_t i = 0; i < q->aliases.len; i++) {
		struct assoc_alias *al = q->aliases.items[i];
		mem_free(al->label);
		mem_free(al);
	}
	pv_free(&q->aliases);
}

void alias_reserve(struct sqlgen *g, const assoc_query *q)
{
	for (size_t i = 0; i < q->aliases.len; i++) {
		const struct assoc_alias *al = q->aliases.items[i];
		if (al->num)
			gen_alias_reserve(g, al->mapper->table, al->num);
	}
}

int alias_check(const assoc_query *q, const struct assoc_alias *al, const char *fn)
{
	if (!al)
		return assoc_error_set(ASSOC_EINVAL, "%s: alias is NULL", fn);
	if (al->query != q)
		return assoc_error_set(ASSOC_EINVAL, "%s: the alias '%s' of %s belongs to another query", fn, al->label,
		                       al->mapper->name);
	return 0;
}

int alias_check_expr(const assoc_query *q, const assoc_expr *e)
{
	if (!e)
		return 0;
	if (e->alias) {
		if (e->alias->query != q)
			return assoc_error_set(ASSOC_EINVAL, "the expression refers to the alias '%s' of %s, which belongs to another query",
			                       e->alias->label, e->alias->mapper->name);
		if (!e->alias->joined)
			return assoc_error_set(ASSOC_EINVAL, "the expression refers to the alias '%s' of %s, which is not joined to the query (assoc_query_join_alias first)",
			                       e->alias->label, e->alias->mapper->name);
	}
	for (size_t i = 0; i < e->nkids; i++) {
		int rc = alias_check_expr(q, e->kids[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* name is one a generated alias could take: <table>_<digits> for a table of the registry. */
static int generated_form(const assoc_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->tables.len; i++) {
		const struct assoc_table *t = reg->tables.items[i];
		size_t n = strlen(t->name);
		if (strncmp(name, t->name, n) || name[n] != '_' || !name[n + 1])
			continue;
		const char *p = name + n + 1;
		while (isdigit((unsigned char)*p))
			p++;
		if (!*p)
			return 1;
	}
	return 0;
}

static int check_name(const assoc_query *q, const char *name)
{
	const assoc_registry *reg = q->mapper->reg;
	if (!*name)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: the alias name is empty");
	for (size_t i = 0; i < reg->tables.len; i++)
		if (!strcmp(((const struct assoc_table *)reg->tables.items[i])->name, name))
			return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: '%s' is the name of a table", name);
	if (generated_form(reg, name))
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: '%s' has the form of a generated alias (<table>_<n>)", name);
	for (size_t i = 0; i < q->aliases.len; i++)
		if (!strcmp(((const struct assoc_alias *)q->aliases.items[i])->label, name))
			return assoc_error_set(ASSOC_EEXISTS, "assoc_query_alias: the query has an alias named '%s' already", name);
	return 0;
}

int assoc_query_alias(assoc_alias **out, assoc_query *q, assoc_mapper *m, const char *name)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: out is NULL");
	*out = NULL;
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: query is NULL");
	if (!m || m->reg != q->mapper->reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_alias: mapper is NULL or not in the query's registry");
	int rc = name ? check_name(q, name) : 0;
	if (rc)
		return rc;
	struct assoc_alias *al = mem_calloc(1, sizeof *al);
	if (!al)
		return err_oom();
	al->query = q;
	al->mapper = m;
	if (!name) {
		al->num = 1;
		for (size_t i = 0; i < q->aliases.len; i++) {
			const struct assoc_alias *o = q->aliases.items[i];
			if (o->num && o->mapper->table == m->table)
				al->num = o->num + 1;
		}
		strbuf sb;
		sb_init(&sb);
		sb_addf(&sb, "%s_%d", m->table->name, al->num);
		al->label = sb.oom ? NULL : sb_take(&sb);
		sb_free(&sb);
	} else
		al->label = xstrdup(name);
	if (!al->label || pv_push(&q->aliases, al)) {
		mem_free(al->label);
		mem_free(al);
		return err_oom();
	}
	*out = al;
	return 0;
}

const char *assoc_alias_name(const assoc_alias *al) { return al ? al->label : NULL; }
assoc_mapper *assoc_alias_mapper(const assoc_alias *al) { return al ? al->mapper : NULL; }

int assoc_query_join_alias(assoc_query *q, assoc_alias *from, const char *name, assoc_alias *to)
{
	static const char fn[] = "assoc_query_join_alias";
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "%s: query is NULL", fn);
	int rc = alias_check(q, to, fn);
	if (rc || (from && (rc = alias_check(q, from, fn))))
		return rc;
	if (from && !from->joined)
		return assoc_error_set(ASSOC_EINVAL, "%s: the alias '%s' is not joined to the query yet: join it before joining from it",
		                       fn, from->label);
	if (to->joined)
		return assoc_error_set(ASSOC_EINVAL, "%s: the alias '%s' is joined already (a second path needs another alias)",
		                       fn, to->label);
	assoc_mapper *m = from ? from->mapper : q->mapper;
	struct assoc_attr *a = name ? mapper_find_attr(m, name) : NULL;
	if (!a)
		return assoc_error_set(ASSOC_ENOTFOUND, "%s: %s '%s' has no attribute '%s'", fn, from ? "alias" : "mapper",
		                       from ? from->label : m->name, name ? name : "(null)");
	if (a->kind != ASSOC_ATTR_RELATIONSHIP)
		return assoc_error_set(ASSOC_ETYPE, "%s: %s.%s is %s: an alias joins along a relationship", fn, m->name, name,
		                       a->kind == ASSOC_ATTR_COLUMN ? "a column" : "a proxy (join its hops one by one)");
	if (a->rel->target != to->mapper)
		return assoc_error_set(ASSOC_EINVAL, "%s: %s.%s reaches %s, but the alias '%s' is of %s", fn, m->name, name,
		                       a->rel->target->name, to->label, to->mapper->name);
	if ((rc = query_add_join(q, a->rel, from, to)))
		return rc;
	to->joined = 1;
	return 0;
}

int assoc_query_order_by_alias(assoc_query *q, assoc_alias *al, const char *name, int descending)
{
	static const char fn[] = "assoc_query_order_by_alias";
	if (!q)
		return assoc_error_set(ASSOC_EINVAL, "%s: query is NULL", fn);
	int rc = alias_check(q, al, fn);
	if (rc)
		return rc;
	if (!al->joined)
		return assoc_error_set(ASSOC_EINVAL, "%s: the alias '%s' is not joined to the query", fn, al->label);
	struct assoc_attr *a = name ? mapper_find_attr(al->mapper, name) : NULL;
	if (!a)
		return assoc_error_set(ASSOC_ENOTFOUND, "%s: alias '%s' of %s has no attribute '%s'", fn, al->label,
		                       al->mapper->name, name ? name : "(null)");
	if (a->kind != ASSOC_ATTR_COLUMN)
		return assoc_error_set(ASSOC_ETYPE, "%s: %s.%s is not a column; order_by takes columns", fn, al->label, name);
	return query_add_order(q, al, a->slot, descending);
}

/* ---- expressions over an alias ---- */

/* The mapper's constructor ran (rc, *out): check the attribute first, bind after. */
static int alias_attr(const assoc_alias *al, const char *name, const char *fn)
{
	if (!al)
		return assoc_error_set(ASSOC_EINVAL, "%s: alias is NULL", fn);
	if (!name || !mapper_find_attr(al->mapper, name))
		return assoc_error_set(ASSOC_ENOTFOUND, "%s: alias '%s' of %s has no attribute '%s'", fn, al->label,
		                       al->mapper->name, name ? name : "(null)");
	return 0;
}

static int bound(int rc, assoc_expr **out, const assoc_alias *al)
{
	if (!rc)
		expr_bind_alias(*out, al);
	return rc;
}

int assoc_expr_alias_compare(assoc_expr **out, assoc_alias *al, const char *attr, assoc_op op, assoc_value v)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_alias_compare: out is NULL");
	*out = NULL;
	int rc = alias_attr(al, attr, "assoc_expr_alias_compare");
	return rc ? rc : bound(assoc_expr_compare(out, al->mapper, attr, op, v), out, al);
}

int assoc_expr_alias_in(assoc_expr **out, assoc_alias *al, const char *attr, const assoc_value *values, size_t n)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_alias_in: out is NULL");
	*out = NULL;
	int rc = alias_attr(al, attr, "assoc_expr_alias_in");
	return rc ? rc : bound(assoc_expr_in(out, al->mapper, attr, values, n), out, al);
}

int assoc_expr_alias_any(assoc_expr **out, assoc_alias *al, const char *attr, assoc_expr *crit)
{
	int rc = out ? alias_attr(al, attr, "assoc_expr_alias_any") : 0;
	if (rc) {
		*out = NULL;
		assoc_expr_free(crit);
		return rc;
	}
	return bound(assoc_expr_any(out, al ? al->mapper : NULL, attr, crit), out, al);
}

int assoc_expr_alias_has(assoc_expr **out, assoc_alias *al, const char *attr, assoc_expr *crit)
{
	int rc = out ? alias_attr(al, attr, "assoc_expr_alias_has") : 0;
	if (rc) {
		*out = NULL;
		assoc_expr_free(crit);
		return rc;
	}
	return bound(assoc_expr_has(out, al ? al->mapper : NULL, attr, crit), out, al);
}

int assoc_expr_alias_contains(assoc_expr **out, assoc_alias *al, const char *attr, assoc_value v)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_expr_alias_contains: out is NULL");
	*out = NULL;
	int rc = alias_attr(al, attr, "assoc_expr_alias_contains");
	return rc ? rc : bound(assoc_expr_contains(out, al->mapper, attr, v), out, al);
}
