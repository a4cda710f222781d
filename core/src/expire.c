/*
 * expire.c - expiring and refreshing named attributes of an object
 * (SQLAlchemy's session.expire(obj, names) and session.refresh(obj, names)),
 * and the load of expired columns: one SELECT of just those columns.
 */
#include "internal.h"

#include <string.h>

/*
 * Load o's columns marked COL_WANT in one SELECT by primary key; the marks
 * are cleared whatever happens. ASSOC_ENOTFOUND when the row is gone.
 */
static int load_wanted(assoc_object *o)
{
	assoc_session *s = o->session;
	const struct assoc_table *t = o->mapper->table;
	size_t ncols = o->mapper->ncols;
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "SELECT ");
	for (size_t i = 0, k = 0; i < ncols; i++) {
		if (!(o->colflags[i] & COL_WANT))
			continue;
		sb_add(&sb, k++ ? ", " : "");
		sb_ident(&sb, ((struct column *)t->columns.items[i])->name);
	}
	sb_add(&sb, " FROM ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " WHERE ");
	for (size_t i = 0; i < t->npk; i++) {
		sb_add(&sb, i ? " AND " : "");
		sb_ident(&sb, ((struct column *)t->columns.items[t->pk[i]])->name);
		sb_add(&sb, " = ?");
	}
	db_stmt *stmt = NULL;
	int rc;
	if (sb.oom)
		rc = err_oom();
	else if (!(rc = session_begin(s)))
		rc = session_prepare(s, sb_str(&sb), &stmt);
	if (!rc) {
		for (size_t i = 0; i < t->npk; i++)
			value_bind(stmt, (int)i + 1, object_pk_value(o, i));
		session_trace(s, stmt);
		s->loading++;
		rc = session_step(s, stmt, sb_str(&sb));
		if (rc == 1) {
			rc = 0;
			for (size_t i = 0, k = 0; i < ncols && !rc; i++) {
				if (!(o->colflags[i] & COL_WANT))
					continue;
				assoc_value v;
				if (!(rc = value_from_column(&v, stmt, (int)k++, ASSOC_TYPE_INFER))) {
					col_release(o, (int)i);
					o->vals[i] = v;
					o->colflags[i] = COL_LOADED;
				}
			}
		} else if (rc == 0)
			rc = assoc_error_set(ASSOC_ENOTFOUND, "%s no longer has a row in table '%s' (deleted elsewhere)",
			                     assoc_object_repr(o), t->name);
		s->loading--;
		db_clear_bindings(stmt);
		db_reset(stmt);
	}
	for (size_t i = 0; i < ncols; i++)
		o->colflags[i] &= (uint8_t)~COL_WANT;
	sb_free(&sb);
	return rc < 0 ? rc : 0;
}

/*
 * Load o's expired columns (COL_EXPIRED), after an autoflush (the load is a
 * query, as SQLAlchemy's load_scalar_attributes). Deferred columns stay
 * unloaded. ASSOC_ENOTFOUND when the row is gone.
 */
int object_load_expired(assoc_object *o)
{
	int rc = session_autoflush(o->session);
	if (rc)
		return rc;
	size_t n = 0;
	for (size_t i = 0; i < o->mapper->ncols; i++)
		if (o->colflags[i] & COL_EXPIRED) {
			o->colflags[i] |= COL_WANT;
			n++;
		}
	if (n && (rc = load_wanted(o)))
		return rc;
	o->cols_expired = 0; /* loaded, or the autoflush and assignments settled them */
	return 0;
}

/*
 * Load deferred column col of o with the unchanged columns of its group, as
 * SQLAlchemy's deferred loader does (nothing else: other expired columns wait
 * for their own read), after an autoflush.
 */
int object_load_deferred(assoc_object *o, int col)
{
	int rc = session_autoflush(o->session);
	if (rc || !(o->colflags[col] & COL_DEFERRED))
		return rc;
	const assoc_mapper *m = o->mapper;
	const char *group = m->col_group[col];
	for (size_t i = 0; i < m->ncols; i++)
		if ((int)i == col || (group && !(o->colflags[i] & COL_MODIFIED) && m->col_group[i] &&
		                      !strcmp(m->col_group[i], group)))
			o->colflags[i] |= COL_WANT;
	return load_wanted(o);
}

/* Resolve names[0..n) to o's attributes into attrs, before anything changes. */
static int resolve_names(struct assoc_attr **attrs, assoc_object *o, const char *const *names, size_t n,
                         const char *what)
{
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			return assoc_error_set(ASSOC_EINVAL, "%s: attribute name %zu is NULL", what, i);
		attrs[i] = mapper_find_attr(o->mapper, names[i]);
		if (!attrs[i])
			return assoc_error_set(ASSOC_ENOTFOUND, "%s: mapper '%s' has no attribute '%s'", what,
			                       o->mapper->name, names[i]);
		if (attrs[i]->kind == ASSOC_ATTR_PROXY)
			return assoc_error_set(ASSOC_ETYPE,
			                       "%s: %s.%s is an association proxy, not state of the object; "
			                       "name its relationship instead", what, o->mapper->name, names[i]);
	}
	return 0;
}

/* Check the call and resolve the names into *attrs (allocated; free with mem_free). */
static int begin_attrs(struct assoc_attr ***attrs, assoc_session *s, assoc_object *o, const char *const *names,
                       size_t n, const char *what)
{
	*attrs = NULL;
	int rc = session_check(s);
	if (rc || (rc = object_check(o)))
		return rc;
	if (o->session != s)
		return assoc_error_set(ASSOC_ESTATE, "%s: %s belongs to another session", what, assoc_object_repr(o));
	if (o->state != ASSOC_STATE_PERSISTENT)
		return assoc_error_set(ASSOC_ESTATE, "%s: %s is %s, not persistent", what, assoc_object_repr(o),
		                       assoc_object_state_name(o->state));
	if (n && !names)
		return assoc_error_set(ASSOC_EINVAL, "%s: names is NULL with n = %zu", what, n);
	if (!n)
		return 0;
	if (!(*attrs = mem_calloc(n, sizeof **attrs)))
		return err_oom();
	if ((rc = resolve_names(*attrs, o, names, n, what))) {
		mem_free(*attrs);
		*attrs = NULL;
	}
	return rc;
}

/* refresh: deferred columns named are loaded too (expired), not deferred again. */
static void expire_attrs(assoc_object *o, struct assoc_attr **attrs, size_t n, int refresh)
{
	for (size_t i = 0; i < n; i++) {
		if (attrs[i]->kind == ASSOC_ATTR_COLUMN) {
			int col = attrs[i]->slot;
			object_expire_col(o, (size_t)col);
			if (!refresh && (o->colflags[col] & COL_DEFERRED))
				continue;
			/* a primary key stays loaded but reloads with the rest */
			o->colflags[col] = (uint8_t)((o->colflags[col] & ~COL_DEFERRED) | COL_EXPIRED);
			o->cols_expired = 1;
		} else
			rel_expire(o, (size_t)attrs[i]->slot);
	}
}

int assoc_session_expire_attrs(assoc_session *s, assoc_object *o, const char *const *names, size_t n)
{
	struct assoc_attr **attrs;
	int rc = begin_attrs(&attrs, s, o, names, n, "assoc_session_expire_attrs");
	if (!rc)
		expire_attrs(o, attrs, n, 0);
	mem_free(attrs);
	return rc;
}

int assoc_session_refresh_attrs(assoc_session *s, assoc_object *o, const char *const *names, size_t n)
{
	static const char what[] = "assoc_session_refresh_attrs";
	struct assoc_attr **attrs;
	int rc = begin_attrs(&attrs, s, o, names, n, what);
	if (rc)
		return rc;
	expire_attrs(o, attrs, n, 1);
	if ((rc = session_autoflush(s)))
		goto out;
	/* the row is found by its committed key: a pending key change would load the wrong row */
	for (size_t i = 0; i < o->mapper->table->npk; i++) {
		int col = o->mapper->table->pk[i];
		if ((o->colflags[col] & COL_MODIFIED) && !assoc_value_equal(object_pk_value(o, i), &o->vals[col])) {
			rc = assoc_error_set(ASSOC_ESTATE, "%s: flush the pending primary key change of %s (column '%s') "
			                     "before refreshing it", what, assoc_object_repr(o),
			                     ((struct column *)o->mapper->table->columns.items[col])->name);
			goto out;
		}
	}
	if (o->state != ASSOC_STATE_PERSISTENT) { /* the autoflush deleted it */
		rc = assoc_error_set(ASSOC_ESTATE, "%s: %s is %s after the autoflush, not persistent", what,
		                     assoc_object_repr(o), assoc_object_state_name(o->state));
		goto out;
	}
	if (o->cols_expired && (rc = object_load_expired(o)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++)
		if (attrs[i]->kind == ASSOC_ATTR_RELATIONSHIP)
			rc = rel_ensure_loaded(o, attrs[i]->rel);
out:
	mem_free(attrs);
	return rc;
}
