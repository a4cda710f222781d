/*
 * deferred.c - deferred columns (SQLAlchemy's deferred(), defer(), undefer(),
 * undefer_group()): the mapper's column options, resolved at configure into
 * which columns its rows select, and the query options that change that for
 * one query. The load of a deferred column is expire.c's column load.
 */
#include "expr.h"

#include <string.h>

int assoc_mapper_column_options_init(assoc_mapper_column_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_MAPPER_COLUMN_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_column_options_init: unsupported version %u", version);
	assoc_mapper_column_options init = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
	*opts = init;
	return 0;
}

static void col_option_free(struct col_option *c)
{
	if (c) {
		mem_free(c->column);
		mem_free(c->group);
		mem_free(c);
	}
}

int assoc_mapper_set_column_options(assoc_mapper *m, const char *column, const assoc_mapper_column_options *opts)
{
	static const char what[] = "assoc_mapper_set_column_options";
	if (!m || !column || !opts)
		return assoc_error_set(ASSOC_EINVAL, "%s: NULL argument", what);
	if (opts->version != ASSOC_MAPPER_COLUMN_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "%s: unsupported options version %u", what, opts->version);
	if (m->reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "%s: the registry is configured and can no longer change", what);
	if (opts->deferred != 0 && opts->deferred != 1)
		return assoc_error_set(ASSOC_EINVAL, "%s: deferred is %d for %s.%s; it is 0 or 1", what, opts->deferred,
		                       m->name, column);
	if (opts->group && !*opts->group)
		return assoc_error_set(ASSOC_EINVAL, "%s: the group of %s.%s is empty", what, m->name, column);
	if (opts->group && !opts->deferred)
		return assoc_error_set(ASSOC_EINVAL, "%s: %s.%s has group '%s' but is not deferred", what, m->name, column,
		                       opts->group);
	struct column *c = table_column(m->table, column);
	if (!c)
		return assoc_error_set(ASSOC_ENOTFOUND, "%s: table '%s' of mapper '%s' has no column '%s'", what,
		                       m->table->name, m->name, column);
	if (c->primary_key && opts->deferred)
		return assoc_error_set(ASSOC_EINVAL, "%s: %s.%s is a primary key column; the identity cannot be deferred",
		                       what, m->name, column);
	struct col_option *o = mem_calloc(1, sizeof *o);
	if (!o || !(o->column = xstrdup(column)) || (opts->group && !(o->group = xstrdup(opts->group)))) {
		col_option_free(o);
		return err_oom();
	}
	o->deferred = opts->deferred;
	for (size_t i = 0; i < m->col_opts.len; i++) {
		struct col_option *old = m->col_opts.items[i];
		if (!strcmp(old->column, column)) {
			m->col_opts.items[i] = o;
			col_option_free(old);
			return 0;
		}
	}
	if (pv_push(&m->col_opts, o)) {
		col_option_free(o);
		return err_oom();
	}
	return 0;
}

static void free_resolved(struct assoc_mapper *m)
{
	mem_free(m->col_deferred);
	mem_free(m->col_group);
	mem_free(m->col_key);
	mem_free(m->selpos);
	m->col_deferred = m->col_key = NULL;
	m->col_group = NULL;
	m->selpos = NULL;
}

void mapper_free_deferred(struct assoc_mapper *m)
{
	for (size_t i = 0; i < m->col_opts.len; i++)
		col_option_free(m->col_opts.items[i]);
	pv_free(&m->col_opts);
	free_resolved(m);
}

/* Each mapper's options into per-column arrays, before its SQL is made (the columns are final now). */
int configure_deferred(assoc_registry *reg)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		size_t n = m->table->columns.len;
		free_resolved(m);
		m->col_deferred = mem_calloc(n ? n : 1, 1);
		m->col_key = mem_calloc(n ? n : 1, 1);
		m->col_group = mem_calloc(n ? n : 1, sizeof *m->col_group);
		m->selpos = mem_calloc(n ? n : 1, sizeof *m->selpos);
		if (!m->col_deferred || !m->col_key || !m->col_group || !m->selpos)
			return err_oom();
		for (size_t k = 0; k < m->col_opts.len; k++) {
			const struct col_option *o = m->col_opts.items[k];
			int col = table_column_index(m->table, o->column); /* columns are never removed */
			m->col_deferred[col] = (uint8_t)o->deferred;
			m->col_group[col] = o->group;
		}
		for (size_t c = 0, pos = 0; c < n; c++) {
			m->col_key[c] = (uint8_t)((struct column *)m->table->columns.items[c])->primary_key;
			m->selpos[c] = m->col_deferred[c] ? -1 : (int)pos++;
		}
	}
	return 0;
}

static void mark_keys(struct assoc_mapper *m, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		m->col_key[cols[i]] = 1;
}

/*
 * Mark every column a relationship finds rows by, and refuse deferring one:
 * loaders and the flush read those from the object as loaded.
 */
int check_deferred_keys(assoc_registry *reg)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->rels.len; j++) {
			struct relationship *r = m->rels.items[j];
			if (r->dir == REL_MANYTOMANY) {
				mark_keys(m, r->owner_cols, r->nsec_owner);
				mark_keys(r->target, r->target_cols, r->nsec_target);
			} else {
				struct assoc_mapper *parent = r->dir == REL_ONETOMANY ? m : r->target;
				struct assoc_mapper *child = r->dir == REL_ONETOMANY ? r->target : m;
				mark_keys(parent, r->parent_cols, r->nkeys);
				mark_keys(child, r->child_cols, r->nkeys);
			}
			if (r->dict_key && r->dict_key->kind == ASSOC_ATTR_COLUMN)
				r->target->col_key[r->dict_key->slot] = 1;
		}
	}
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t c = 0; c < m->ncols; c++)
			if (m->col_deferred[c] && m->col_key[c])
				return assoc_error_set(ASSOC_ECONFIG,
				                       "mapper '%s': column '%s.%s' keys a relationship and cannot be deferred",
				                       m->name, m->table->name,
				                       ((struct column *)m->table->columns.items[c])->name);
	}
	return 0;
}

/* ---- query options ------------------------------------------------------------ */

/* The query's own selection, made from the mapper's on first use. */
static int query_sel(assoc_query *q)
{
	if (q->sel)
		return 0;
	const assoc_mapper *m = q->mapper;
	if (!(q->sel = mem_alloc(m->ncols ? m->ncols : 1)))
		return err_oom();
	for (size_t i = 0; i < m->ncols; i++)
		q->sel[i] = (uint8_t)(m->selpos[i] >= 0);
	return 0;
}

static int query_column(struct assoc_attr **out, assoc_query *q, const char *name, const char *what)
{
	if (!q || !name)
		return assoc_error_set(ASSOC_EINVAL, "%s: NULL argument", what);
	struct assoc_attr *a = mapper_find_attr(q->mapper, name);
	if (!a)
		return assoc_error_set(ASSOC_EINVAL, "%s: mapper '%s' has no column '%s'", what, q->mapper->name, name);
	if (a->kind != ASSOC_ATTR_COLUMN)
		return assoc_error_set(ASSOC_ETYPE, "%s: %s.%s is a %s, not a column", what, q->mapper->name, name,
		                       a->kind == ASSOC_ATTR_PROXY ? "proxy" : "relationship");
	*out = a;
	return 0;
}

static void sel_changed(assoc_query *q)
{
	mem_free(q->sql); /* the SELECT list changes */
	q->sql = NULL;
}

int assoc_query_defer(assoc_query *q, const char *column)
{
	struct assoc_attr *a = NULL;
	int rc = query_column(&a, q, column, "assoc_query_defer");
	if (rc)
		return rc;
	if (q->mapper->col_key[a->slot])
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_defer: %s.%s is a %s column and cannot be deferred",
		                       q->mapper->name, column, a->col->primary_key ? "primary key" : "relationship key");
	if ((rc = query_sel(q)))
		return rc;
	q->sel[a->slot] = 0;
	sel_changed(q);
	return 0;
}

int assoc_query_undefer(assoc_query *q, const char *column)
{
	struct assoc_attr *a = NULL;
	int rc = query_column(&a, q, column, "assoc_query_undefer");
	if (rc || (rc = query_sel(q)))
		return rc;
	q->sel[a->slot] = 1;
	sel_changed(q);
	return 0;
}

int assoc_query_undefer_group(assoc_query *q, const char *group)
{
	if (!q || !group)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_undefer_group: NULL argument");
	const assoc_mapper *m = q->mapper;
	int found = 0;
	for (size_t i = 0; i < m->ncols && !found; i++)
		found = m->col_group[i] && !strcmp(m->col_group[i], group);
	if (!found)
		return assoc_error_set(ASSOC_EINVAL, "assoc_query_undefer_group: mapper '%s' has no deferred group '%s'",
		                       m->name, group);
	int rc = query_sel(q);
	if (rc)
		return rc;
	for (size_t i = 0; i < m->ncols; i++)
		if (m->col_group[i] && !strcmp(m->col_group[i], group))
			q->sel[i] = 1;
	sel_changed(q);
	return 0;
}
