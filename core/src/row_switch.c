/*
 * row_switch.c - a row deleted and inserted again in one flush.
 *
 * When a pending object has the identity (mapper and primary key) of a
 * persistent object deleted in the same flush, SQLAlchemy's unit of work does
 * not DELETE the old row and INSERT the new one (which would break every
 * foreign key pointing at it, and reorder nothing); it UPDATEs the row to the
 * new object's values and the new object takes over the identity (a "row
 * switch"). The row ends as the INSERT would have left it: only the columns
 * that differ from what the old row holds are written. The flush (flush.c)
 * drives it; the questions it asks are answered here.
 */
#include "internal.h"

#include <string.h>

int row_switch_find(assoc_session *s, assoc_object *o, assoc_object **out)
{
	const struct assoc_table *t = o->mapper->table;
	*out = NULL;
	for (size_t i = 0; i < t->npk; i++)
		if (o->vals[t->pk[i]].kind == ASSOC_NULL)
			return 0; /* the database generates its key: no identity yet */
	struct keybuf kb;
	int rc = keybuf_init(&kb, t->npk);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->npk; i++)
		kb.v[i] = o->vals[t->pk[i]];
	assoc_object *d = idmap_get(&s->idmap, o->mapper, kb.v, identity_hash(o->mapper, kb.v, t->npk));
	keybuf_free(&kb);
	/* a persistent object not deleted keeps its row: the INSERT fails on the key, as SQLAlchemy's */
	if (d && d != o && d->in_deleted && d->state == ASSOC_STATE_PERSISTENT)
		*out = d;
	return 0;
}

/* Column i of o differs from what d's row holds (o's key columns equal d's row's by construction). */
static int differs(const assoc_object *o, const assoc_object *d, size_t i)
{
	/* a deferred column of d was never loaded: the row's value is unknown, so it is written */
	return (d->colflags[i] & COL_DEFERRED) || !assoc_value_equal(&o->vals[i], object_committed_value(d, (int)i));
}

int row_switch_update(assoc_session *s, assoc_object *o, assoc_object *d)
{
	const assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	int rc = object_ensure_loaded(d); /* an expired row: its values are needed for the comparison */
	if (rc)
		return rc;
	int n = 0;
	for (size_t i = 0; i < m->ncols; i++)
		n += differs(o, d, i);
	if (!n)
		return 0; /* the row already holds every value: no statement, as SQLAlchemy's */
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "UPDATE ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " SET ");
	for (size_t i = 0, k = 0; i < m->ncols; i++) {
		if (!differs(o, d, i))
			continue;
		sb_add(&sb, k++ ? ", " : "");
		sb_ident(&sb, ((struct column *)t->columns.items[i])->name);
		sb_add(&sb, " = ?");
	}
	sb_add(&sb, " WHERE ");
	for (size_t i = 0; i < t->npk; i++) {
		sb_add(&sb, i ? " AND " : "");
		sb_ident(&sb, ((struct column *)t->columns.items[t->pk[i]])->name);
		sb_add(&sb, " = ?");
	}
	db_stmt *stmt;
	rc = sb.oom ? err_oom() : session_prepare(s, sb_str(&sb), &stmt);
	if (!rc) {
		int k = 0;
		for (size_t i = 0; i < m->ncols; i++)
			if (differs(o, d, i))
				value_bind(stmt, ++k, &o->vals[i]);
		for (size_t i = 0; i < t->npk; i++)
			value_bind(stmt, n + (int)i + 1, object_pk_value(d, i));
		rc = flush_run(s, stmt, "UPDATE", t->name);
		if (!rc && db_changes(s->db) != 1)
			rc = assoc_error_set(ASSOC_EDB, "UPDATE of %s (taking over the row of the deleted %s) matched %d rows of table '%s', expected 1",
			                     assoc_object_repr(o), m->name, (int)db_changes(s->db), t->name);
		db_clear_bindings(stmt);
	}
	sb_free(&sb);
	return rc;
}

int row_switch_had(const assoc_object *d, const struct relationship *rel, const assoc_object *item)
{
	const struct relstate *rs = &d->rels[rel->attr->slot];
	if (!rel->uselist)
		return rs->loaded && rs->scalar_prev == item;
	const assoc_collection *c = rs->coll;
	if (!rs->loaded || !c)
		return 0;
	if (pv_contains(&c->removed, item))
		return 1; /* taken out since the load: the database still has its row */
	return coll_find(c, item) >= 0 && !pv_contains(&c->added, item);
}

int row_switch_has(const assoc_object *o, const struct relationship *rel, const assoc_object *item)
{
	const struct relstate *rs = &o->rels[rel->attr->slot];
	if (!rel->uselist)
		return rs->scalar == item;
	return rs->coll && coll_find(rs->coll, item) >= 0;
}
