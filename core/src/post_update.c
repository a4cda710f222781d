/*
 * post_update.c - foreign keys written by a second UPDATE (SQLAlchemy's post_update).
 *
 * A relationship marked post_update does not order the rows it links: its
 * foreign key is left out of the INSERTs and UPDATEs (flush.c skips it when
 * synchronising keys), and once every row of the flush is written, one UPDATE
 * per row sets all of that row's post_update keys together. Before the
 * DELETEs, the same kind of UPDATE sets them NULL on the rows that point at a
 * row going away, so two rows that refer to each other can be inserted and
 * deleted in any order. Every value written goes through the flush's journal:
 * a failure rolls the objects back with the database.
 */
#include "internal.h"

#include <string.h>

/* One column of one object the second UPDATE writes. */
struct pu_item {
	assoc_object *o;
	int col;
};

struct pu_list {
	struct pu_item *items;
	size_t len, cap;
};

static int pu_note(struct pu_list *l, assoc_object *o, int col)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->items[i].o == o && l->items[i].col == col)
			return 0;
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct pu_item *p = mem_realloc(l->items, cap * sizeof *p);
		if (!p)
			return err_oom();
		l->items = p;
		l->cap = cap;
	}
	l->items[l->len].o = o;
	l->items[l->len++].col = col;
	return 0;
}

/* o.cols = parent.parent_cols (NULL without a parent), noting each column that changes. */
static int pu_set(struct flush *f, struct pu_list *l, assoc_object *o, const int *cols, assoc_object *parent,
                  const int *parent_cols, size_t n)
{
	int rc = object_ensure_loaded(o);
	if (!rc && parent)
		rc = object_ensure_loaded(parent);
	for (size_t i = 0; i < n && !rc; i++) {
		assoc_value null = assoc_value_null();
		const assoc_value *v = parent ? &parent->vals[parent_cols[i]] : &null;
		if (assoc_value_equal(&o->vals[cols[i]], v))
			continue; /* the row already holds it */
		if (!(rc = pu_note(l, o, cols[i])))
			rc = flush_write_col(f, o, cols[i], v);
	}
	return rc;
}

/* The row of o holds parent's key in cols. */
static int points_at(const assoc_object *o, const int *cols, const assoc_object *parent, const int *parent_cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o->vals[cols[i]].kind == ASSOC_NULL || !assoc_value_equal(&o->vals[cols[i]], &parent->vals[parent_cols[i]]))
			return 0;
	return 1;
}

/* One UPDATE per noted object, in the order first noted: every noted column of it, by primary key. */
static int pu_write(struct flush *f, struct pu_list *l)
{
	assoc_session *s = flush_session_of(f);
	int rc = 0;
	for (size_t i = 0; i < l->len && !rc; i++) {
		assoc_object *o = l->items[i].o;
		if (!o)
			continue; /* written with an earlier one */
		const struct assoc_table *t = o->mapper->table;
		strbuf sb;
		sb_init(&sb);
		sb_add(&sb, "UPDATE ");
		sb_ident(&sb, t->name);
		sb_add(&sb, " SET ");
		for (size_t k = i; k < l->len; k++)
			if (l->items[k].o == o) {
				sb_add(&sb, k > i ? ", " : "");
				sb_ident(&sb, ((struct column *)t->columns.items[l->items[k].col])->name);
				sb_add(&sb, " = ?");
			}
		sb_add(&sb, " WHERE ");
		for (size_t k = 0; k < t->npk; k++) {
			sb_add(&sb, k ? " AND " : "");
			sb_ident(&sb, ((struct column *)t->columns.items[t->pk[k]])->name);
			sb_add(&sb, " = ?");
		}
		db_stmt *stmt;
		rc = sb.oom ? err_oom() : session_prepare(s, sb_str(&sb), &stmt);
		sb_free(&sb);
		if (rc)
			break;
		int n = 0;
		for (size_t k = i; k < l->len; k++)
			if (l->items[k].o == o) {
				value_bind(stmt, ++n, &o->vals[l->items[k].col]);
				if (k > i)
					l->items[k].o = NULL;
			}
		for (size_t k = 0; k < t->npk; k++)
			value_bind(stmt, ++n, object_pk_value(o, k));
		rc = flush_run(flush_session_of(f), stmt, "UPDATE", t->name);
		if (!rc && db_changes(s->db) != 1)
			rc = assoc_error_set(ASSOC_EDB, "post_update UPDATE of %s matched %d rows of table '%s', expected 1",
			                     assoc_object_repr(o), (int)db_changes(s->db), t->name);
		db_clear_bindings(stmt);
	}
	return rc;
}

/* The post_update keys that owner's changed relationship rel sets. */
static int pu_save_rel(struct flush *f, struct pu_list *l, assoc_object *owner, struct relationship *rel,
                       struct relstate *rs)
{
	int rc = 0;
	if (rel->dir == REL_MANYTOONE) {
		assoc_object *p;
		if (rel->uselist) { /* uselist=True many-to-one: the last member added */
			assoc_collection *c = rs->coll;
			if (!c || (!c->added.len && !c->removed.len))
				return 0;
			p = c->added.len ? c->added.items[c->added.len - 1] : NULL;
		} else {
			if (!rs->loaded || !(rs->changed || (owner->in_new && rs->scalar)))
				return 0;
			p = rs->scalar;
		}
		if (p && flush_gone(p) && p->state != ASSOC_STATE_PERSISTENT)
			return 0;
		return pu_set(f, l, owner, rel->child_cols, p, rel->parent_cols, rel->nkeys);
	}
	/* one-to-many: the children's keys */
	if (!rel->uselist) {
		if (!rs->changed)
			return 0;
		assoc_object *prev = rs->scalar_prev;
		if (prev && prev != rs->scalar && !flush_gone(prev) && !prev->orphan &&
		    points_at(prev, rel->child_cols, owner, rel->parent_cols, rel->nkeys))
			rc = pu_set(f, l, prev, rel->child_cols, NULL, NULL, rel->nkeys);
		if (!rc && rs->scalar && !flush_gone(rs->scalar))
			rc = pu_set(f, l, rs->scalar, rel->child_cols, owner, rel->parent_cols, rel->nkeys);
		return rc;
	}
	assoc_collection *c = rs->coll;
	for (size_t k = 0; c && k < c->removed.len && !rc; k++) {
		assoc_object *item = c->removed.items[k];
		if (!flush_gone(item) && !item->orphan && coll_find(c, item) < 0 &&
		    points_at(item, rel->child_cols, owner, rel->parent_cols, rel->nkeys))
			rc = pu_set(f, l, item, rel->child_cols, NULL, NULL, rel->nkeys);
	}
	for (size_t k = 0; c && k < c->added.len && !rc; k++) {
		assoc_object *item = c->added.items[k];
		if (!flush_gone(item))
			rc = pu_set(f, l, item, rel->child_cols, owner, rel->parent_cols, rel->nkeys);
	}
	return rc;
}

/* After every INSERT and UPDATE of the flush: the post_update keys of the new and changed objects. */
int post_update_saves(struct flush *f, const ptrvec *owners)
{
	struct pu_list l = { 0 };
	int rc = 0;
	for (size_t i = 0; i < owners->len && !rc; i++) {
		assoc_object *o = owners->items[i];
		if (flush_gone(o))
			continue;
		for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
			struct relationship *rel = o->mapper->rels.items[r];
			if (rel->post)
				rc = pu_save_rel(f, &l, o, rel, &o->rels[r]);
		}
	}
	if (!rc)
		rc = pu_write(f, &l);
	mem_free(l.items);
	return rc;
}

/*
 * Before the DELETEs: a deleted row's own post_update keys, and those of the
 * rows its post_update one-to-many reaches (deleted with it or not), become
 * NULL, so that no DELETE meets a row still pointing at it.
 */
int post_update_deletes(struct flush *f, const ptrvec *deleted)
{
	struct pu_list l = { 0 };
	int rc = 0;
	for (size_t i = 0; i < deleted->len && !rc; i++) {
		assoc_object *o = deleted->items[i];
		if (o->state != ASSOC_STATE_PERSISTENT)
			continue;
		for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
			struct relationship *rel = o->mapper->rels.items[r];
			if (!rel->post || rel->passive_deletes)
				continue;
			if (rel->dir == REL_MANYTOONE) {
				if (rel->cascade & CASCADE_DELETE_ORPHAN)
					continue; /* as SQLAlchemy: the orphan goes with it */
				rc = pu_set(f, &l, o, rel->child_cols, NULL, NULL, rel->nkeys);
				continue;
			}
			if ((rc = rel_ensure_loaded(o, rel)))
				break;
			struct relstate *rs = &o->rels[r];
			assoc_object *one[1] = { rs->scalar };
			assoc_object **items = rel->uselist ? (rs->coll ? rs->coll->items : NULL) : one;
			size_t n = rel->uselist ? (rs->coll ? rs->coll->len : 0) : (rs->scalar ? 1 : 0);
			for (size_t k = 0; k < n && !rc; k++) {
				assoc_object *child = items[k];
				if (child->state == ASSOC_STATE_PERSISTENT &&
				    points_at(child, rel->child_cols, o, rel->parent_cols, rel->nkeys))
					rc = pu_set(f, &l, child, rel->child_cols, NULL, NULL, rel->nkeys);
			}
		}
	}
	if (!rc)
		rc = pu_write(f, &l);
	mem_free(l.items);
	return rc;
}
