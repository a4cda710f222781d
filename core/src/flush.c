/*
 * flush.c - the unit of work.
 *
 * A flush writes every pending change in foreign-key order: for each mapper,
 * parents first, the foreign keys of its objects are synchronised from their
 * parents, then its new objects are INSERTed and its changed ones UPDATEd;
 * then association (secondary) rows are written; then deletions run, children
 * first. All of it runs inside a SAVEPOINT, and every value the flush writes
 * into an object is journalled, so a failure anywhere rolls back both the
 * database and the objects to exactly where they were.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct undo {
	assoc_object *o;
	int col;
	uint8_t flags;
	uint8_t moved_to_orig;
	assoc_value val;
};

/* A set of association rows written in this flush: (secondary, left, right). */
struct rowset {
	const void **keys; /* 3 pointers per slot */
	size_t cap, len;
};

struct flush {
	assoc_session *s;
	struct undo *undo;
	size_t nundo, capundo;
	ptrvec *new_by, *dirty_by, *del_by; /* per mapper index */
	ptrvec owners;                      /* new and dirty objects: owners of relationship changes */
	ptrvec *o2m_by;                     /* per target mapper: owners of one-to-many changes */
	ptrvec inserted, updated, deleted;
	struct rowset rows;
	int pk_changed;
	ptrvec switched; /* row switches (row_switch.c): the deleted object, then the pending one taking its row */
	ptrvec batch;    /* pending objects of one mapper waiting for a multi-row INSERT (insert_many.c) */
};

/* ---- journalled writes into objects ----------------------------------------- */

static int journal(struct flush *f, assoc_object *o, int col, int moved)
{
	if (f->nundo == f->capundo) {
		size_t cap = f->capundo ? f->capundo * 2 : 256;
		struct undo *u = mem_realloc(f->undo, cap * sizeof *u);
		if (!u)
			return err_oom();
		f->undo = u;
		f->capundo = cap;
	}
	struct undo *u = &f->undo[f->nundo++];
	u->o = o;
	u->col = col;
	u->flags = o->colflags[col];
	u->moved_to_orig = (uint8_t)moved;
	u->val = moved ? assoc_value_null() : o->vals[col];
	return 0;
}

/* o must be UPDATEd in this flush too; room first, so that the caller can still back out. */
static int queue_dirty_reserve(struct flush *f, assoc_object *o)
{
	if (o->queued || o->state != ASSOC_STATE_PERSISTENT)
		return 0;
	if (session_reserve_dirty(f->s, o) || pv_reserve(&f->dirty_by[o->mapper->index], 1))
		return err_oom();
	return 0;
}

static void queue_dirty(struct flush *f, assoc_object *o)
{
	session_mark_dirty(f->s, o);
	if (o->in_dirty && !o->queued && o->state == ASSOC_STATE_PERSISTENT) {
		o->queued = 1;
		(void)pv_push(&f->dirty_by[o->mapper->index], o); /* room reserved */
	}
}

/*
 * Write v into o's column col. track: the database row must change too (the
 * object becomes dirty); otherwise the value already is what the row holds.
 */
static int flush_set(struct flush *f, assoc_object *o, int col, const assoc_value *v, int track)
{
	int rc;
	/* an expired row's value is unknown: without it the change would look like none */
	if (!(o->colflags[col] & COL_LOADED) && o->state == ASSOC_STATE_PERSISTENT &&
	    (rc = object_ensure_loaded(o)))
		return rc;
	if ((o->colflags[col] & COL_LOADED) && assoc_value_equal(&o->vals[col], v))
		return 0;
	assoc_value copy;
	rc = value_copy(&copy, v);
	if (rc)
		return rc;
	int persistent = o->state == ASSOC_STATE_PERSISTENT;
	if (track && persistent && (rc = queue_dirty_reserve(f, o))) {
		value_clear(&copy);
		return rc;
	}
	int move = track && persistent && !(o->colflags[col] & COL_MODIFIED);
	if (move && !o->orig && !(o->orig = mem_calloc(o->mapper->ncols, sizeof *o->orig))) {
		value_clear(&copy);
		return err_oom();
	}
	if ((rc = journal(f, o, col, move))) {
		value_clear(&copy);
		return rc;
	}
	if (move && (rc = col_save_orig(o, col))) {
		f->nundo--;
		value_clear(&copy);
		return rc;
	}
	o->vals[col] = copy;
	o->colflags[col] = (uint8_t)((o->colflags[col] & ~(COL_INLINE | COL_DEFERRED)) | COL_LOADED);
	if (track && persistent) {
		o->colflags[col] |= COL_MODIFIED;
		queue_dirty(f, o);
	} else if (persistent && ((struct column *)o->mapper->table->columns.items[col])->primary_key &&
	           !pv_contains(&f->updated, o) && pv_push(&f->updated, o)) {
		return err_oom(); /* the database cascaded into its primary key: re-keyed at the end */
	}
	return 0;
}

static void undo_all(struct flush *f)
{
	while (f->nundo) {
		struct undo *u = &f->undo[--f->nundo];
		assoc_object *o = u->o;
		value_clear(&o->vals[u->col]);
		o->colflags[u->col] = u->flags;
		if (u->moved_to_orig) { /* orig holds a heap copy even of inline bytes */
			o->vals[u->col] = o->orig[u->col];
			o->orig[u->col] = assoc_value_null();
			o->colflags[u->col] &= (uint8_t)~COL_INLINE;
		} else
			o->vals[u->col] = u->val;
	}
}

static void forget_undo(struct flush *f)
{
	for (size_t i = 0; i < f->nundo; i++)
		if (!f->undo[i].moved_to_orig && !(f->undo[i].flags & COL_INLINE))
			value_clear(&f->undo[i].val);
	f->nundo = 0;
}

/* ---- foreign key synchronisation -------------------------------------------- */

/* child.child_cols = parent.parent_cols (or NULL when parent is NULL). */
static int sync_keys(struct flush *f, assoc_object *child, const int *child_cols, assoc_object *parent,
                     const int *parent_cols, size_t n, int track)
{
	int rc = 0;
	/* a parent with expired columns loads them only when the keys are among them */
	int load = parent && parent->expired;
	for (size_t i = 0; i < n && parent && !load; i++)
		load = (parent->colflags[parent_cols[i]] & (COL_LOADED | COL_EXPIRED)) != COL_LOADED;
	if (load && (rc = object_ensure_loaded(parent)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		assoc_value null = assoc_value_null();
		rc = flush_set(f, child, child_cols[i], parent ? &parent->vals[parent_cols[i]] : &null, track);
	}
	return rc;
}

static int keys_equal(const assoc_object *child, const int *child_cols, const assoc_object *parent,
                      const int *parent_cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!assoc_value_equal(&child->vals[child_cols[i]], &parent->vals[parent_cols[i]]))
			return 0;
	return 1;
}

/* child's keys hold parent's key, as it is now or as the database row had it before this flush. */
static int refers_to(const assoc_object *child, const int *child_cols, const assoc_object *parent,
                     const int *parent_cols, size_t n)
{
	if (keys_equal(child, child_cols, parent, parent_cols, n))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!assoc_value_equal(&child->vals[child_cols[i]], object_committed_value(parent, parent_cols[i])))
			return 0;
	return 1;
}

static int gone(const assoc_object *o)
{
	return o->in_deleted || o->state == ASSOC_STATE_DELETED || o->state == ASSOC_STATE_TRANSIENT ||
	       o->state == ASSOC_STATE_DETACHED;
}

/* The children of mapper m that owner's one-to-many changes reach get their keys from it. */
static int sync_owner(struct flush *f, assoc_object *owner, assoc_mapper *m)
{
	int rc = 0;
	if (gone(owner) && owner->state != ASSOC_STATE_PERSISTENT)
		return 0;
	{
		for (size_t r = 0; r < owner->mapper->rels.len && !rc; r++) {
			struct relationship *rel = owner->mapper->rels.items[r];
			if (rel->dir != REL_ONETOMANY || rel->target != m || rel->post)
				continue; /* post_update: written after the INSERTs (post_update.c) */
			struct relstate *rs = &owner->rels[r];
			if (!rel->uselist) {
				if (!rs->changed)
					continue;
				assoc_object *prev = rs->scalar_prev;
				if (prev && prev != rs->scalar && !gone(prev) && !prev->orphan &&
				    refers_to(prev, rel->child_cols, owner, rel->parent_cols, rel->nkeys))
					rc = sync_keys(f, prev, rel->child_cols, NULL, NULL, rel->nkeys, 1);
				if (!rc && rs->scalar && !gone(rs->scalar))
					rc = sync_keys(f, rs->scalar, rel->child_cols, owner, rel->parent_cols, rel->nkeys, 1);
				continue;
			}
			assoc_collection *c = rs->coll;
			if (!c)
				continue;
			for (size_t k = 0; k < c->removed.len && !rc; k++) {
				assoc_object *item = c->removed.items[k];
				if (!gone(item) && !item->orphan &&
				    refers_to(item, rel->child_cols, owner, rel->parent_cols, rel->nkeys))
					rc = sync_keys(f, item, rel->child_cols, NULL, NULL, rel->nkeys, 1);
			}
			for (size_t k = 0; k < c->added.len && !rc; k++) {
				assoc_object *item = c->added.items[k];
				if (!gone(item))
					rc = sync_keys(f, item, rel->child_cols, owner, rel->parent_cols, rel->nkeys, 1);
			}
		}
	}
	return rc;
}

/* Children of mapper m get their keys from one-to-many changes on their parents. */
static int sync_one_to_many(struct flush *f, assoc_mapper *m)
{
	int rc = 0;
	ptrvec *owners = &f->o2m_by[m->index];
	for (size_t i = 0; i < owners->len && !rc; i++)
		rc = sync_owner(f, owners->items[i], m);
	return rc;
}

/* o's own foreign keys follow its many-to-one references. */
static int sync_many_to_one(struct flush *f, assoc_object *o)
{
	for (size_t r = 0; r < o->mapper->rels.len; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		struct relstate *rs = &o->rels[r];
		if (rel->post)
			continue; /* written after the INSERTs (post_update.c) */
		if (rel->dir == REL_MANYTOONE && rel->uselist) { /* uselist=True: the last member added */
			assoc_collection *c = rs->coll;
			if (!c || (!c->added.len && !c->removed.len))
				continue;
			assoc_object *p = c->added.len ? c->added.items[c->added.len - 1] : NULL;
			if (p && gone(p) && p->state != ASSOC_STATE_PERSISTENT)
				continue;
			int rc = sync_keys(f, o, rel->child_cols, p, rel->parent_cols, rel->nkeys, 1);
			if (rc)
				return rc;
			continue;
		}
		if (rel->dir != REL_MANYTOONE || !rs->loaded || !(rs->changed || (o->in_new && rs->scalar)))
			continue;
		if (rs->scalar && gone(rs->scalar) && rs->scalar->state != ASSOC_STATE_PERSISTENT)
			continue;
		int rc = sync_keys(f, o, rel->child_cols, rs->scalar, rel->parent_cols, rel->nkeys, 1);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- statements --------------------------------------------------------------- */

int flush_db_error(assoc_session *s, int rc, const char *op, const char *table)
{
	strbuf what;
	sb_init(&what);
	sb_addf(&what, "%s %s", op, table);
	rc = session_db_error(s, rc, what.oom ? op : sb_str(&what));
	sb_free(&what);
	return rc;
}

/* Run a statement that returns no rows; errors read "<op> <table>: <sqlite message>". */
static int run(assoc_session *s, db_stmt *stmt, const char *op, const char *table)
{
	session_trace(s, stmt);
	int rc = db_step(stmt);
	if (rc < 0)
		rc = flush_db_error(s, rc, op, table);
	db_reset(stmt);
	return rc < 0 ? rc : 0;
}

int flush_run(assoc_session *s, db_stmt *stmt, const char *op, const char *table)
{
	return run(s, stmt, op, table);
}

/* Columns never set take their defaults, as the INSERT writes them. */
static int apply_defaults(struct flush *f, assoc_object *o)
{
	const struct assoc_table *t = o->mapper->table;
	int rc;
	for (size_t i = 0; i < o->mapper->ncols; i++) {
		const struct column *c = t->columns.items[i];
		if (c->has_default && !(o->colflags[i] & COL_SET) && o->vals[i].kind == ASSOC_NULL &&
		    (rc = flush_set(f, o, (int)i, &c->default_value, 0)))
			return rc;
	}
	return 0;
}

/* The counterpart of o in a row switch of this flush, or NULL. */
static assoc_object *switch_peer(const struct flush *f, const assoc_object *o)
{
	for (size_t i = 0; i < f->switched.len; i++)
		if (f->switched.items[i] == o)
			return f->switched.items[i ^ 1];
	return NULL;
}

/* Pending o takes over the row of d, deleted in this flush: an UPDATE instead of DELETE + INSERT. */
static int switch_row(struct flush *f, assoc_object *o, assoc_object *d)
{
	int rc = apply_defaults(f, o);
	if (rc)
		return rc;
	if (pv_reserve(&f->switched, 2) || pv_reserve(&f->inserted, 1))
		return err_oom();
	if ((rc = row_switch_update(f->s, o, d)))
		return rc;
	(void)pv_push(&f->switched, d); /* room reserved */
	(void)pv_push(&f->switched, o);
	(void)pv_push(&f->inserted, o);
	return 0;
}

/* INSERT ... RETURNING the generated key, which o takes (as flush_set would, nothing else to follow yet). */
static int insert_returning(struct flush *f, assoc_object *o)
{
	assoc_session *s = f->s;
	assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	db_stmt **slot = &s->mstmts[m->index].insert_returning;
	int rc = session_slot_stmt(s, slot, m->insert_returning_sql);
	if (rc)
		return rc;
	for (size_t i = 0, k = 0; i < m->ncols; i++)
		if ((int)i != t->rowid_pk)
			value_bind(*slot, (int)++k, &o->vals[i]);
	session_trace(s, *slot);
	rc = db_step(*slot);
	if (rc == 1) {
		assoc_value id = assoc_value_integer((*slot)->drv->column_int(*slot, 0));
		db_reset(*slot);
		return flush_set(f, o, t->rowid_pk, &id, 0);
	}
	rc = rc == 0 ? assoc_error_set(ASSOC_EDB, "INSERT INTO %s: RETURNING gave no row", t->name)
	             : flush_db_error(s, rc, "INSERT INTO", t->name);
	db_reset(*slot);
	return rc;
}

static int insert_object(struct flush *f, assoc_object *o)
{
	assoc_session *s = f->s;
	assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	int rc = apply_defaults(f, o);
	if (rc)
		return rc;
	if (unique_insert_applies(s, o)) { /* a unique proxy's target: get-or-create (upsert.c) */
		if ((rc = unique_insert(f, o)))
			return rc;
		return pv_push(&f->inserted, o) ? err_oom() : 0;
	}
	if (t->rowid_pk >= 0 && o->vals[t->rowid_pk].kind == ASSOC_NULL && db_dialect_of(s->engine)->keys_by_returning) {
		if ((rc = insert_returning(f, o)))
			return rc;
		return pv_push(&f->inserted, o) ? err_oom() : 0;
	}
	db_stmt **slot = &s->mstmts[m->index].insert;
	if ((rc = session_slot_stmt(s, slot, m->insert_sql)))
		return rc;
	for (size_t i = 0; i < m->ncols; i++)
		value_bind(*slot, (int)i + 1, &o->vals[i]);
	if ((rc = run(s, *slot, "INSERT INTO", t->name)))
		return rc;
	if (t->rowid_pk >= 0 && o->vals[t->rowid_pk].kind == ASSOC_NULL) {
		assoc_value id = assoc_value_integer(db_last_insert_id(s->db));
		if ((rc = flush_set(f, o, t->rowid_pk, &id, 0)))
			return rc;
	}
	return pv_push(&f->inserted, o) ? err_oom() : 0;
}

/* The rows waiting in f->batch, in one or a few multi-row INSERTs. */
static int insert_batch(struct flush *f)
{
	if (!f->batch.len)
		return 0;
	if (pv_reserve(&f->inserted, f->batch.len))
		return err_oom();
	int rc = insert_many(f, (assoc_object **)f->batch.items, f->batch.len);
	for (size_t i = 0; i < f->batch.len && !rc; i++)
		(void)pv_push(&f->inserted, f->batch.items[i]); /* room reserved */
	f->batch.len = 0;
	return rc;
}

/* Pending o waits for a multi-row INSERT; 0 when it must have a statement of its own now. */
static int batch_insert(struct flush *f, assoc_object *o, int *queued)
{
	*queued = 0;
	int rc = apply_defaults(f, o); /* as insert_object's; a second call finds nothing to do */
	if (rc || !insert_many_applies(f->s, o) || unique_insert_applies(f->s, o))
		return rc;
	if (pv_push(&f->batch, o))
		return err_oom();
	*queued = 1;
	return 0;
}

static int cascade_key_change(struct flush *f, assoc_object *o);

static int in_cols(const int *cols, size_t n, int col)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] == col)
			return 1;
	return 0;
}

/* Column col of m is a key that rows elsewhere copy: its primary key, or the referenced side of a relationship. */
static int col_is_key(const assoc_mapper *m, int col)
{
	if (((struct column *)m->table->columns.items[col])->primary_key)
		return 1;
	const assoc_registry *reg = m->reg;
	for (size_t i = 0; i < reg->mappers.len; i++) {
		const assoc_mapper *mm = reg->mappers.items[i];
		for (size_t r = 0; r < mm->rels.len; r++) {
			const struct relationship *rel = mm->rels.items[r];
			if ((rel->dir == REL_ONETOMANY && mm == m) || (rel->dir == REL_MANYTOONE && rel->target == m)) {
				if (in_cols(rel->parent_cols, rel->nkeys, col))
					return 1;
			} else if (rel->dir == REL_MANYTOMANY) {
				if ((mm == m && in_cols(rel->owner_cols, rel->nsec_owner, col)) ||
				    (rel->target == m && in_cols(rel->target_cols, rel->nsec_target, col)))
					return 1;
			}
		}
	}
	return 0;
}

/* Before a primary key changes: load the children the session must re-point (passive_updates off). */
static int load_dependents(assoc_object *o)
{
	for (size_t r = 0; r < o->mapper->rels.len; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		if (rel->dir != REL_ONETOMANY || rel->passive_updates)
			continue;
		int rc = rel_ensure_loaded(o, rel);
		if (rc)
			return rc;
	}
	return 0;
}

/* A column the UPDATE must write: modified and not back to its committed value. */
static int col_changed(const assoc_object *o, size_t i)
{
	return (o->colflags[i] & COL_MODIFIED) &&
	       ((o->colflags[i] & COL_NOORIG) || !(o->orig && assoc_value_equal(&o->orig[i], &o->vals[i])));
}

static int update_object(struct flush *f, assoc_object *o)
{
	assoc_session *s = f->s;
	assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	strbuf sb;
	sb_init(&sb);
	int n = 0, key_changed = 0;
	for (size_t i = 0; i < m->ncols; i++) {
		if (!col_changed(o, i))
			continue;
		n++;
		if (col_is_key(m, (int)i))
			key_changed = 1;
	}
	if (!n)
		return 0;
	int rc = key_changed ? load_dependents(o) : 0;
	if (rc)
		return rc;
	sb_add(&sb, "UPDATE ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " SET ");
	for (size_t i = 0, k = 0; i < m->ncols; i++) {
		if (!col_changed(o, i))
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
		for (size_t i = 0, k = 0; i < m->ncols; i++)
			if (col_changed(o, i))
				value_bind(stmt, (int)++k, &o->vals[i]);
		for (size_t i = 0; i < t->npk; i++)
			value_bind(stmt, n + (int)i + 1, object_pk_value(o, i));
		rc = run(s, stmt, "UPDATE", t->name);
		if (!rc && db_changes(s->db) != 1)
			rc = assoc_error_set(ASSOC_EDB, "UPDATE of %s matched %d rows of table '%s', expected 1",
			                     assoc_object_repr(o), (int)db_changes(s->db), t->name);
		db_clear_bindings(stmt);
	}
	sb_free(&sb);
	if (!rc && pv_push(&f->updated, o))
		rc = err_oom();
	if (!rc && key_changed)
		rc = cascade_key_change(f, o);
	return rc;
}

/*
 * Objects in the session whose many-to-one rel refers to o - the related
 * object, or not loaded and holding o's old key (SQLAlchemy finds those
 * through the identity map) - take o's new key.
 */
static int follow_many_to_one(struct flush *f, struct relationship *rel, assoc_object *o)
{
	/* non-passive on either side: the session writes the new key (the database will not) */
	int rc = 0, track = !rel->passive_updates || (rel->reverse && !rel->reverse->passive_updates);
	for (assoc_object *x = f->s->objects; x && !rc; x = x->next) {
		if (x->mapper != rel->attr->mapper || x->state != ASSOC_STATE_PERSISTENT || gone(x))
			continue;
		size_t i;
		for (i = 0; i < rel->nkeys; i++)
			if (!(x->colflags[rel->child_cols[i]] & COL_LOADED))
				break;
		if (i < rel->nkeys)
			continue; /* expired: its row was cascaded or not, the next load tells */
		struct relstate *rs = &x->rels[rel->attr->slot];
		if (rs->loaded) {
			int points = rel->uselist ? rs->coll && coll_find(rs->coll, o) >= 0 : rs->scalar == o;
			if (!points)
				continue;
		} else {
			for (i = 0; i < rel->nkeys; i++)
				if (!assoc_value_equal(&x->vals[rel->child_cols[i]], object_committed_value(o, rel->parent_cols[i])))
					break;
			if (i < rel->nkeys)
				continue;
		}
		rc = sync_keys(f, x, rel->child_cols, o, rel->parent_cols, rel->nkeys, track);
	}
	return rc;
}

/* The association rows of o's many-to-many rel move to its new key. */
static int update_secondary_keys(struct flush *f, struct relationship *rel, assoc_object *o)
{
	const struct assoc_table *sec = rel->secondary;
	size_t n = rel->nsec_owner, i;
	for (i = 0; i < n; i++)
		if (!assoc_value_equal(&o->vals[rel->owner_cols[i]], object_committed_value(o, rel->owner_cols[i])))
			break;
	if (i == n)
		return 0;
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "UPDATE ");
	sb_ident(&sb, sec->name);
	sb_add(&sb, " SET ");
	for (i = 0; i < n; i++) {
		sb_add(&sb, i ? ", " : "");
		sb_ident(&sb, ((struct column *)sec->columns.items[rel->sec_owner_cols[i]])->name);
		sb_add(&sb, " = ?");
	}
	sb_add(&sb, " WHERE ");
	for (i = 0; i < n; i++) {
		sb_add(&sb, i ? " AND " : "");
		sb_ident(&sb, ((struct column *)sec->columns.items[rel->sec_owner_cols[i]])->name);
		sb_add(&sb, " = ?");
	}
	db_stmt *stmt;
	int rc = sb.oom ? err_oom() : session_prepare(f->s, sb_str(&sb), &stmt);
	if (!rc) {
		for (i = 0; i < n; i++) {
			value_bind(stmt, (int)i + 1, &o->vals[rel->owner_cols[i]]);
			value_bind(stmt, (int)(n + i) + 1, object_committed_value(o, rel->owner_cols[i]));
		}
		rc = run(f->s, stmt, "UPDATE", sec->name);
		db_clear_bindings(stmt);
	}
	sb_free(&sb);
	return rc;
}

/* A changed key reaches the rows that copy it: children's foreign keys and association rows. */
static int cascade_key_change(struct flush *f, assoc_object *o)
{
	int rc = 0;
	const assoc_registry *reg = o->mapper->reg;
	for (size_t i = 0; i < reg->mappers.len && !rc; i++) {
		const assoc_mapper *mm = reg->mappers.items[i];
		for (size_t r = 0; r < mm->rels.len && !rc; r++) {
			struct relationship *rel = mm->rels.items[r];
			if (rel->dir == REL_MANYTOONE && rel->target == o->mapper)
				rc = follow_many_to_one(f, rel, o);
		}
	}
	for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		if (rel->dir == REL_MANYTOMANY && !rel->passive_updates)
			rc = update_secondary_keys(f, rel, o);
		if (rel->dir != REL_ONETOMANY)
			continue;
		struct relstate *rs = &o->rels[r];
		int track = !rel->passive_updates; /* passive: the database's ON UPDATE CASCADE did it */
		if (!rs->loaded)
			continue; /* passive: nothing in memory to follow; otherwise loaded before the UPDATE */
		if (!rel->uselist) {
			if (rs->scalar && !gone(rs->scalar))
				rc = sync_keys(f, rs->scalar, rel->child_cols, o, rel->parent_cols, rel->nkeys, track);
			continue;
		}
		for (size_t k = 0; rs->coll && k < rs->coll->len && !rc; k++)
			if (!gone(rs->coll->items[k]))
				rc = sync_keys(f, rs->coll->items[k], rel->child_cols, o, rel->parent_cols, rel->nkeys, track);
	}
	return rc;
}

/* ---- association rows ----------------------------------------------------------- */

static uint64_t row_hash(const void *const *k)
{
	return hash_bytes(0, k, 3 * sizeof *k);
}

/* 1 if the row was not yet in the set (and is now), 0 if it was, negative on OOM. */
static int rowset_add(struct rowset *rs, const void *a, const void *b, const void *c)
{
	if ((rs->len + 1) * 2 > rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 64;
		const void **keys = mem_calloc(cap * 3, sizeof *keys);
		if (!keys)
			return err_oom();
		for (size_t i = 0; i < rs->cap; i++) {
			const void *const *k = rs->keys + i * 3;
			if (!k[0])
				continue;
			size_t j = (size_t)row_hash(k) & (cap - 1);
			while (keys[j * 3])
				j = (j + 1) & (cap - 1);
			memcpy(keys + j * 3, k, 3 * sizeof *k);
		}
		mem_free(rs->keys);
		rs->keys = keys;
		rs->cap = cap;
	}
	const void *k[3] = { a, b, c };
	size_t i = (size_t)row_hash(k) & (rs->cap - 1);
	for (;; i = (i + 1) & (rs->cap - 1)) {
		const void **slot = rs->keys + i * 3;
		if (!slot[0]) {
			memcpy(slot, k, sizeof k);
			rs->len++;
			return 1;
		}
		if (!memcmp(slot, k, sizeof k))
			return 0;
	}
}

static void bind_keys(db_stmt *stmt, int first, const assoc_object *o, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		value_bind(stmt, first + (int)i, &o->vals[cols[i]]);
}

/* A row switch keeps the association row (owner, item) of rel: the old row had it already. */
static int switch_keeps_row(const struct flush *f, const struct relationship *rel, const assoc_object *owner,
                            const assoc_object *item)
{
	const assoc_object *d = switch_peer(f, owner);
	if (d && row_switch_had(d, rel, item))
		return 1;
	d = switch_peer(f, item);
	return d && rel->reverse && row_switch_had(d, rel->reverse, owner);
}

static int secondary_row(struct flush *f, struct relationship *rel, assoc_object *owner, assoc_object *item, int insert)
{
	assoc_session *s = f->s;
	int rc = object_ensure_loaded(owner);
	if (rc || (rc = object_ensure_loaded(item)))
		return rc;
	if (insert && f->switched.len && switch_keeps_row(f, rel, owner, item))
		return 0;
	/* The same row seen from both sides of back_populates is written once. */
	if (insert && rel->reverse) {
		struct relationship *canon = rel->reverse->index < rel->index ? rel->reverse : rel;
		assoc_object *left = canon == rel ? owner : item, *right = canon == rel ? item : owner;
		if ((rc = rowset_add(&f->rows, canon, left, right)) <= 0)
			return rc;
	}
	db_stmt **slot = &s->secondary_stmts[2 * rel->index + (insert ? 0 : 1)];
	if ((rc = session_slot_stmt(s, slot, insert ? rel->secondary_insert_sql : rel->secondary_delete_sql)))
		return rc;
	db_stmt *stmt = *slot;
	bind_keys(stmt, 1, owner, rel->owner_cols, rel->nsec_owner);
	bind_keys(stmt, (int)rel->nsec_owner + 1, item, rel->target_cols, rel->nsec_target);
	return run(s, stmt, insert ? "INSERT INTO" : "DELETE FROM", rel->secondary->name);
}

static int write_association_rows(struct flush *f)
{
	int rc = 0;
	for (int insert = 0; insert < 2 && !rc; insert++)
		for (size_t i = 0; i < f->owners.len && !rc; i++) {
			assoc_object *owner = f->owners.items[i];
			if (gone(owner))
				continue;
			for (size_t r = 0; r < owner->mapper->rels.len && !rc; r++) {
				struct relationship *rel = owner->mapper->rels.items[r];
				struct relstate *rs = &owner->rels[r];
				assoc_collection *c = rs->coll;
				if (rel->dir == REL_MANYTOMANY && !rel->uselist) { /* uselist=False through secondary */
					assoc_object *item = insert ? rs->scalar : rs->scalar_prev;
					if (rs->changed && item && rs->scalar != rs->scalar_prev &&
					    (!gone(item) || (!insert && item->state == ASSOC_STATE_PERSISTENT)))
						rc = secondary_row(f, rel, owner, item, insert);
					continue;
				}
				if (rel->dir != REL_MANYTOMANY || !c)
					continue;
				ptrvec *v = insert ? &c->added : &c->removed;
				for (size_t k = 0; k < v->len && !rc; k++) {
					assoc_object *item = v->items[k];
					if (!gone(item) || (!insert && item->state == ASSOC_STATE_PERSISTENT))
						rc = secondary_row(f, rel, owner, item, insert);
				}
			}
		}
	return rc;
}

/* ---- deletes --------------------------------------------------------------------- */

/* A deleted object's association rows, before any row they refer to is deleted. */
static int delete_association_rows(struct flush *f, assoc_object *o)
{
	assoc_session *s = f->s;
	int rc = object_ensure_loaded(o);
	for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		if (rel->passive_deletes || rel->dir != REL_MANYTOMANY)
			continue;
		db_stmt *stmt;
		if ((rc = session_prepare(s, rel->secondary_delete_all_sql, &stmt)))
			break;
		bind_keys(stmt, 1, o, rel->owner_cols, rel->nsec_owner);
		rc = run(s, stmt, "DELETE FROM", rel->secondary->name);
	}
	return rc;
}

/*
 * Before o's row goes: the children that stay lose their parent. heir: the
 * pending object taking over o's row (a row switch); its own children keep it.
 */
static int release_children(struct flush *f, assoc_object *o, const assoc_object *heir)
{
	int rc = object_ensure_loaded(o);
	for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		if (rel->passive_deletes)
			continue;
		if (rel->dir == REL_MANYTOMANY) {
			continue; /* association rows went first: delete_association_rows */
		} else if (rel->dir == REL_ONETOMANY && !(rel->cascade & CASCADE_DELETE)) {
			/* children that stay lose their parent */
			if ((rc = rel_ensure_loaded(o, rel)))
				break;
			struct relstate *rs = &o->rels[r];
			assoc_object *one[1] = { rs->scalar };
			assoc_object **items = rel->uselist ? (rs->coll ? rs->coll->items : NULL) : one;
			size_t n = rel->uselist ? (rs->coll ? rs->coll->len : 0) : (rs->scalar ? 1 : 0);
			for (size_t k = 0; k < n && !rc; k++) {
				assoc_object *child = items[k];
				if (gone(child) || !keys_equal(child, rel->child_cols, o, rel->parent_cols, rel->nkeys) ||
				    (heir && row_switch_has(heir, rel, child)))
					continue;
				if (!(rc = sync_keys(f, child, rel->child_cols, NULL, NULL, rel->nkeys, 1)))
					rc = update_object(f, child);
			}
		}
	}
	return rc;
}

/*
 * The association rows of d, whose row pending o took over: those o keeps
 * stay (switch_keeps_row), the others are deleted.
 */
static int switch_association_rows(struct flush *f, assoc_object *d, assoc_object *o)
{
	int rc = 0;
	for (size_t r = 0; r < d->mapper->rels.len && !rc; r++) {
		struct relationship *rel = d->mapper->rels.items[r];
		if (rel->dir != REL_MANYTOMANY || (rc = rel_ensure_loaded(d, rel)))
			continue;
		struct relstate *rs = &d->rels[r];
		if (!rel->uselist) {
			if (rs->scalar_prev && !row_switch_has(o, rel, rs->scalar_prev))
				rc = secondary_row(f, rel, d, rs->scalar_prev, 0);
			continue;
		}
		assoc_collection *c = rs->coll;
		for (size_t k = 0; c && k < c->len + c->removed.len && !rc; k++) {
			assoc_object *item = k < c->len ? c->items[k] : c->removed.items[k - c->len];
			if (row_switch_had(d, rel, item) && !row_switch_has(o, rel, item))
				rc = secondary_row(f, rel, d, item, 0);
		}
	}
	return rc;
}

static int delete_object(struct flush *f, assoc_object *o)
{
	assoc_session *s = f->s;
	int rc = release_children(f, o, NULL);
	if (rc)
		return rc;
	db_stmt **slot = &s->mstmts[o->mapper->index].delete;
	if ((rc = session_slot_stmt(s, slot, o->mapper->delete_sql)))
		return rc;
	for (size_t i = 0; i < o->mapper->table->npk; i++)
		value_bind(*slot, (int)i + 1, object_pk_value(o, i));
	if ((rc = run(s, *slot, "DELETE FROM", o->mapper->table->name)))
		return rc;
	return pv_push(&f->deleted, o) ? err_oom() : 0;
}

/* ---- before: cascades and orphans ------------------------------------------------ */

/*
 * A child marked deleted (by its old parent's delete cascade) that a live
 * parent has taken since is saved under it instead (SQLAlchemy's
 * cancel_delete).
 */
static void cancel_moved_deletes(assoc_session *s)
{
	for (int pass = 0; pass < 2; pass++) {
		ptrvec *v = pass ? &s->dirty : &s->newobjs;
		for (size_t i = 0; i < v->len; i++) {
			assoc_object *o = v->items[i];
			if (o->in_deleted) /* as SQLAlchemy's flush: new and dirty, less deleted */
				continue;
			for (size_t r = 0; r < o->mapper->rels.len; r++) {
				struct relationship *rel = o->mapper->rels.items[r];
				struct relstate *rs = &o->rels[r];
				if (rel->dir != REL_ONETOMANY)
					continue;
				size_t n = rel->uselist ? (rs->coll ? rs->coll->added.len : 0) : (rs->changed && rs->scalar);
				for (size_t k = 0; k < n; k++) {
					assoc_object *item = rel->uselist ? rs->coll->added.items[k] : rs->scalar;
					if (item->in_deleted && pv_remove(&s->deleted, item))
						item->in_deleted = 0;
				}
			}
		}
	}
}

static int drop_orphan(assoc_session *s, assoc_object *o)
{
	if (!o->orphan)
		return 0;
	int rc = 0;
	if (o->state == ASSOC_STATE_PERSISTENT && !o->in_deleted)
		rc = assoc_session_delete(s, o);
	else if (o->state == ASSOC_STATE_PENDING)
		rc = assoc_session_expunge(s, o);
	if (!rc) /* on failure it stays an orphan, so that the next flush deletes it */
		o->orphan = 0;
	return rc;
}

static int delete_orphans(assoc_session *s)
{
	int rc = 0;
	/* pending objects orphaned under a parent that was not in the session then */
	for (size_t i = s->newobjs.len; i-- > 0 && !rc;) {
		assoc_object *o = s->newobjs.items[i];
		if (o->orphan && i < s->newobjs.len)
			rc = drop_orphan(s, o);
	}
	for (int pass = 0; pass < 2 && !rc; pass++) {
		ptrvec *v = pass ? &s->dirty : &s->newobjs;
		for (size_t i = 0; i < v->len && !rc; i++) {
			assoc_object *o = v->items[i];
			for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
				struct relationship *rel = o->mapper->rels.items[r];
				struct relstate *rs = &o->rels[r];
				if (!(rel->cascade & CASCADE_DELETE_ORPHAN))
					continue;
				if (!rel->uselist) {
					if (rs->changed && rs->scalar_prev && rs->scalar_prev != rs->scalar)
						rc = drop_orphan(s, rs->scalar_prev);
					continue;
				}
				for (size_t k = 0; rs->coll && k < rs->coll->removed.len && !rc; k++)
					rc = drop_orphan(s, rs->coll->removed.items[k]);
			}
		}
	}
	return rc;
}

/* ---- after: the objects take their new state ------------------------------------- */

static void settle_object(assoc_object *o)
{
	if (o->orig) {
		for (size_t i = 0; i < o->mapper->ncols; i++)
			value_clear(&o->orig[i]);
		mem_free(o->orig);
		o->orig = NULL;
	}
	for (size_t i = 0; i < o->mapper->ncols; i++)
		o->colflags[i] &= (uint8_t)~(COL_MODIFIED | COL_NOORIG);
	for (size_t r = 0; r < o->mapper->rels.len; r++) {
		struct relstate *rs = &o->rels[r];
		rs->scalar_prev = rs->scalar;
		rs->changed = 0;
		if (rs->coll && !rs->loaded) {
			/* not loaded: members the flush did not save still join it when it loads */
			ptrvec *added = &rs->coll->added;
			size_t keep = 0;
			for (size_t k = 0; k < added->len; k++)
				if (((assoc_object *)added->items[k])->state == ASSOC_STATE_TRANSIENT)
					added->items[keep++] = added->items[k];
			added->len = keep;
			rs->coll->removed.len = 0;
		} else if (rs->coll)
			collection_clear_history(rs->coll);
	}
}

static uint64_t current_hash(const assoc_object *o)
{
	const struct assoc_table *t = o->mapper->table;
	return identity_hash_at(o->mapper, o->vals, t->pk, t->npk);
}

/*
 * A new object's many-to-one that was never given an object but whose
 * foreign key was set by hand is not "loaded as None" any more once the row
 * exists: it loads by its key, as SQLAlchemy's unloaded attribute does.
 */
static void unload_keyed_nulls(assoc_object *o)
{
	for (size_t r = 0; r < o->mapper->rels.len; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		struct relstate *rs = &o->rels[r];
		if (rel->dir != REL_MANYTOONE || !rs->loaded || rs->scalar)
			continue;
		for (size_t k = 0; k < rel->nkeys; k++)
			if (o->vals[rel->child_cols[k]].kind != ASSOC_NULL) {
				rs->loaded = 0;
				break;
			}
	}
}

/* The objects take the state the database now has; room was reserved (reserve_for_finish). */
static void finish(struct flush *f)
{
	assoc_session *s = f->s;
	/* a row switch's deleted object leaves the identity map before its heir enters it */
	for (size_t i = 0; i < f->switched.len; i += 2) {
		assoc_object *d = f->switched.items[i];
		idmap_remove(&s->idmap, d);
		d->state = ASSOC_STATE_DELETED;
		d->in_deleted = 0;
		d->tx_level = s->nesting;
		(void)pv_push(&s->tx_objects, d); /* before its heir: a rollback undoes the heir first */
	}
	for (size_t i = 0; i < f->updated.len; i++) {
		assoc_object *o = f->updated.items[i];
		uint64_t h = current_hash(o);
		if (o->in_idmap && h != o->hash) { /* the primary key changed: re-key */
			idmap_remove(&s->idmap, o);
			o->hash = h;
			settle_object(o);
			(void)idmap_put(&s->idmap, o);
		}
	}
	for (size_t i = 0; i < f->owners.len; i++)
		settle_object(f->owners.items[i]);
	for (size_t i = 0; i < f->inserted.len; i++) {
		assoc_object *o = f->inserted.items[i];
		o->state = ASSOC_STATE_PERSISTENT;
		o->in_new = 0;
		o->hash = current_hash(o);
		o->inserted_in_tx = 1;
		o->tx_level = o->insert_level = s->nesting;
		for (size_t c = 0; c < o->mapper->ncols; c++)
			o->colflags[c] &= (uint8_t)~COL_SET;
		unload_keyed_nulls(o);
		(void)idmap_put(&s->idmap, o);
		(void)pv_push(&s->tx_objects, o);
	}
	for (size_t i = 0; i < f->deleted.len; i++) {
		assoc_object *o = f->deleted.items[i];
		idmap_remove(&s->idmap, o);
		o->state = ASSOC_STATE_DELETED;
		o->in_deleted = 0;
		o->tx_level = s->nesting;
		(void)pv_push(&s->tx_objects, o);
	}
	for (size_t i = 0; i < s->dirty.len; i++) {
		assoc_object *o = s->dirty.items[i];
		settle_object(o);
		o->in_dirty = 0;
	}
	s->newobjs.len = 0;
	s->dirty.len = 0;
	s->deleted.len = 0;
}

/* ---- the flush ---------------------------------------------------------------------- */

static int has_key_change(assoc_session *s)
{
	for (size_t i = 0; i < s->dirty.len; i++) {
		assoc_object *o = s->dirty.items[i];
		for (size_t k = 0; k < o->mapper->ncols; k++)
			if ((o->colflags[k] & COL_MODIFIED) && col_is_key(o->mapper, (int)k))
				return 1;
	}
	return 0;
}

/* With deferred foreign keys, check before the savepoint is released. */
static int check_foreign_keys(assoc_session *s)
{
	db_stmt *stmt;
	int rc = s->db->drv->prepare(&stmt, s->db, "PRAGMA foreign_key_check", 0, NULL);
	if (rc)
		return session_db_error(s, rc, "PRAGMA foreign_key_check");
	rc = db_step(stmt);
	if (rc == 1) {
		size_t n;
		const char *child = stmt->drv->column_text(stmt, 0, &n), *parent = stmt->drv->column_text(stmt, 2, &n);
		rc = assoc_error_set(ASSOC_ECONSTRAINT, "FOREIGN KEY constraint failed: a row of '%s' references a missing row of '%s'",
		                     child ? (const char *)child : "?", parent ? (const char *)parent : "?");
	} else if (rc < 0) {
		rc = session_db_error(s, rc, "PRAGMA foreign_key_check");
	} else
		rc = 0;
	db_finalize(stmt);
	return rc;
}

/* File owner under each mapper its one-to-many changes reach. */
static int bucket_one_to_many(struct flush *f, assoc_object *o)
{
	for (size_t r = 0; r < o->mapper->rels.len; r++) {
		struct relationship *rel = o->mapper->rels.items[r];
		struct relstate *rs = &o->rels[r];
		if (rel->dir != REL_ONETOMANY)
			continue;
		int changed = rel->uselist ? rs->coll && (rs->coll->added.len || rs->coll->removed.len) : rs->changed;
		ptrvec *v = &f->o2m_by[rel->target->index];
		if (changed && (!v->len || v->items[v->len - 1] != o) && pv_push(v, o))
			return err_oom();
	}
	return 0;
}

static int value_cmp(const assoc_value *a, const assoc_value *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case ASSOC_INTEGER:
		return a->u.integer < b->u.integer ? -1 : a->u.integer > b->u.integer;
	case ASSOC_REAL:
		return a->u.real < b->u.real ? -1 : a->u.real > b->u.real;
	case ASSOC_TEXT:
	case ASSOC_BLOB: {
		size_t n = a->u.bytes.len < b->u.bytes.len ? a->u.bytes.len : b->u.bytes.len;
		int c = n ? memcmp(a->u.bytes.data, b->u.bytes.data, n) : 0;
		return c ? c : a->u.bytes.len < b->u.bytes.len ? -1 : a->u.bytes.len > b->u.bytes.len;
	}
	default:
		return 0;
	}
}

static int cmp_by_key(const void *pa, const void *pb)
{
	const assoc_object *a = *(assoc_object *const *)pa, *b = *(assoc_object *const *)pb;
	for (size_t i = 0; i < a->mapper->table->npk; i++) {
		int c = value_cmp(object_pk_value(a, i), object_pk_value(b, i));
		if (c)
			return c;
	}
	return 0;
}

/* ---- rows of one table: self-referential order -------------------------------- */

/* A relationship of m to m itself, through a foreign key of m's own table (post_update ones order nothing). */
static int is_self_rel(const assoc_mapper *m, const struct relationship *rel)
{
	return rel->target == m && rel->dir != REL_MANYTOMANY && !rel->post;
}

static int self_referential(const assoc_mapper *m)
{
	for (size_t r = 0; r < m->rels.len; r++)
		if (is_self_rel(m, m->rels.items[r]))
			return 1;
	return 0;
}

struct slot {
	const assoc_object *o;
	size_t i;
};

/* "before" is written before "after" (both indexes into the vector being ordered). */
struct edge {
	size_t before, after;
};

struct order {
	struct slot *slots; /* by object address, for find */
	struct edge *e;
	size_t n, ne, cape;
};

static int cmp_slot(const void *pa, const void *pb)
{
	const struct slot *a = pa, *b = pb;
	return a->o < b->o ? -1 : a->o > b->o;
}

static int cmp_edge(const void *pa, const void *pb)
{
	const struct edge *a = pa, *b = pb;
	return a->before < b->before ? -1 : a->before > b->before;
}

/* o's index in the vector, or -1 when it is not there. */
static long order_find(const struct order *ord, const assoc_object *o)
{
	struct slot key = { o, 0 };
	const struct slot *hit = o ? bsearch(&key, ord->slots, ord->n, sizeof key, cmp_slot) : NULL;
	return hit ? (long)hit->i : -1;
}

static int order_edge(struct order *ord, long before, long after)
{
	if (before < 0 || after < 0)
		return 0;
	if (ord->ne == ord->cape) {
		size_t cap = ord->cape ? ord->cape * 2 : 16;
		struct edge *e = mem_realloc(ord->e, cap * sizeof *e);
		if (!e)
			return err_oom();
		ord->e = e;
		ord->cape = cap;
	}
	ord->e[ord->ne].before = (size_t)before;
	ord->e[ord->ne++].after = (size_t)after;
	return 0;
}

/*
 * Reorder v so that every edge's "before" comes first: in waves, each the
 * rows whose parents are all written, in the session's order (SQLAlchemy's
 * unit of work writes a tree level by level). A cycle is an error when
 * strict (rows that could only be written with post_update); otherwise its
 * rows follow in the session's order.
 */
static int order_apply(struct order *ord, ptrvec *v, int strict, const assoc_mapper *m)
{
	size_t n = ord->n, nout = 0, head = 0;
	int rc = 0;
	qsort(ord->e, ord->ne, sizeof *ord->e, cmp_edge);
	size_t *start = mem_calloc(n + 1, sizeof *start), *indeg = mem_calloc(n, sizeof *indeg),
	       *queue = mem_calloc(n, sizeof *queue);
	void **out = mem_calloc(n, sizeof *out);
	if (!start || !indeg || !queue || !out) {
		rc = err_oom();
		goto done;
	}
	for (size_t k = 0; k < ord->ne; k++) {
		start[ord->e[k].before + 1]++;
		indeg[ord->e[k].after]++;
	}
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			queue[nout++] = i;
	while (head < nout) {
		size_t a = queue[head++];
		for (size_t k = start[a]; k < start[a + 1]; k++)
			if (!--indeg[ord->e[k].after])
				queue[nout++] = ord->e[k].after;
	}
	if (nout < n && strict) {
		rc = assoc_error_set(ASSOC_ECONSTRAINT,
		                     "flush of '%s': new rows of table '%s' refer to each other in a cycle "
		                     "(each one's parent is another of them); mark one of the relationships post_update",
		                     m->name, m->table->name);
		goto done;
	}
	for (size_t i = 0; i < n && nout < n; i++)
		if (indeg[i])
			queue[nout++] = i;
	for (size_t i = 0; i < n; i++)
		out[i] = v->items[queue[i]];
	memcpy(v->items, out, n * sizeof *out);
done:
	mem_free(start);
	mem_free(indeg);
	mem_free(queue);
	mem_free(out);
	return rc;
}

static int order_init(struct order *ord, const ptrvec *v)
{
	memset(ord, 0, sizeof *ord);
	ord->n = v->len;
	if (!(ord->slots = mem_calloc(v->len, sizeof *ord->slots)))
		return err_oom();
	for (size_t i = 0; i < v->len; i++) {
		ord->slots[i].o = v->items[i];
		ord->slots[i].i = i;
	}
	qsort(ord->slots, v->len, sizeof *ord->slots, cmp_slot);
	return 0;
}

static void order_free(struct order *ord)
{
	mem_free(ord->slots);
	mem_free(ord->e);
}

/* New objects of a self-referential mapper: each parent INSERTed before its children. */
static int order_inserts(ptrvec *v, const assoc_mapper *m)
{
	struct order ord;
	int rc = order_init(&ord, v);
	for (size_t i = 0; i < v->len && !rc; i++) {
		assoc_object *o = v->items[i];
		for (size_t r = 0; r < m->rels.len && !rc; r++) {
			struct relationship *rel = m->rels.items[r];
			struct relstate *rs = &o->rels[r];
			if (!is_self_rel(m, rel))
				continue;
			if (rel->dir == REL_MANYTOONE) {
				if (!rel->uselist)
					rc = order_edge(&ord, order_find(&ord, rs->scalar), (long)i);
			} else if (!rel->uselist)
				rc = order_edge(&ord, (long)i, order_find(&ord, rs->scalar));
			else if (rs->coll)
				for (size_t k = 0; k < rs->coll->len && !rc; k++)
					rc = order_edge(&ord, (long)i, order_find(&ord, rs->coll->items[k]));
		}
	}
	if (!rc && ord.ne)
		rc = order_apply(&ord, v, 1, m);
	order_free(&ord);
	return rc;
}

static int keys_match(const assoc_object *child, const int *child_cols, const assoc_object *parent,
                      const int *parent_cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const assoc_value *c = object_committed_value(child, child_cols[i]);
		if (c->kind == ASSOC_NULL || !assoc_value_equal(c, object_committed_value(parent, parent_cols[i])))
			return 0;
	}
	return 1;
}

/* Deleted objects of a self-referential mapper: the rows that refer to a row go before it. */
static int order_deletes(ptrvec *v, const assoc_mapper *m)
{
	int rc = 0;
	for (size_t i = 0; i < v->len && !rc; i++)
		rc = object_ensure_loaded(v->items[i]);
	struct order ord;
	if (rc || (rc = order_init(&ord, v)))
		return rc;
	for (size_t r = 0; r < m->rels.len && !rc; r++) {
		struct relationship *rel = m->rels.items[r];
		if (!is_self_rel(m, rel))
			continue;
		for (size_t i = 0; i < v->len && !rc; i++)
			for (size_t j = 0; j < v->len && !rc; j++)
				if (i != j && keys_match(v->items[i], rel->child_cols, v->items[j], rel->parent_cols, rel->nkeys))
					rc = order_edge(&ord, (long)i, (long)j);
	}
	if (!rc && ord.ne)
		rc = order_apply(&ord, v, 0, m);
	order_free(&ord);
	return rc;
}

static int bucket(struct flush *f)
{
	assoc_session *s = f->s;
	for (size_t i = 0; i < s->newobjs.len; i++) {
		assoc_object *o = s->newobjs.items[i];
		if (pv_push(&f->new_by[o->mapper->index], o) || pv_push(&f->owners, o) || bucket_one_to_many(f, o))
			return err_oom();
	}
	for (size_t i = 0; i < s->dirty.len; i++) {
		assoc_object *o = s->dirty.items[i];
		if (pv_push(&f->dirty_by[o->mapper->index], o))
			return err_oom();
		o->queued = 1; /* flush_free clears it on every object of dirty_by */
		if (pv_push(&f->owners, o) || bucket_one_to_many(f, o))
			return err_oom();
	}
	for (size_t i = 0; i < s->deleted.len; i++) {
		assoc_object *o = s->deleted.items[i];
		if (pv_push(&f->del_by[o->mapper->index], o))
			return err_oom();
	}
	for (size_t m = 0; m < s->reg->mappers.len; m++) {
		assoc_mapper *mp = s->reg->mappers.items[m];
		if (f->new_by[mp->index].len > 1 && self_referential(mp)) {
			int rc = order_inserts(&f->new_by[mp->index], mp);
			if (rc)
				return rc;
		}
	}
	/* UPDATEs run in primary key order, as SQLAlchemy's: two objects trading keys then do not collide */
	for (size_t m = 0; m < s->reg->mappers.len; m++)
		if (f->dirty_by[m].len > 1)
			qsort(f->dirty_by[m].items, f->dirty_by[m].len, sizeof *f->dirty_by[m].items, cmp_by_key);
	return 0;
}

static int write_all(struct flush *f)
{
	assoc_registry *reg = f->s->reg;
	size_t nm = reg->mappers.len;
	int rc = 0;
	for (size_t k = 0; k < nm && !rc; k++) {
		assoc_mapper *m = reg->mappers_sorted[k];
		ptrvec *news = &f->new_by[m->index], *dirty = &f->dirty_by[m->index];
		int self_ref = news->len && self_referential(m);
		rc = sync_one_to_many(f, m);
		for (size_t i = 0; i < news->len && !rc; i++) {
			assoc_object *o = news->items[i];
			if (o->state != ASSOC_STATE_PENDING)
				continue;
			assoc_object *d = NULL;
			int queued = 0;
			if ((rc = sync_many_to_one(f, o)) || (rc = row_switch_find(f->s, o, &d)))
				break;
			if (!d && !self_ref && ((rc = batch_insert(f, o, &queued)) || queued))
				continue;
			if (!(rc = insert_batch(f))) /* the rows before it go first */
				rc = d ? switch_row(f, o, d) : insert_object(f, o);
			if (!rc && self_ref) /* its children, INSERTed after it, take its new key */
				rc = sync_owner(f, o, m);
		}
		if (!rc)
			rc = insert_batch(f);
		f->batch.len = 0;
		for (size_t i = 0; i < dirty->len && !rc; i++) { /* grows as keys are synchronised */
			assoc_object *o = dirty->items[i];
			if (o->in_deleted || o->state != ASSOC_STATE_PERSISTENT)
				continue;
			if (!(rc = sync_many_to_one(f, o)))
				rc = update_object(f, o);
		}
	}
	if (!rc && reg->has_post_update)
		rc = post_update_saves(f, &f->owners);
	if (!rc && f->s->reg->has_many_to_many)
		rc = write_association_rows(f);
	if (!rc && reg->has_post_update && f->s->deleted.len)
		rc = post_update_deletes(f, &f->s->deleted);
	for (size_t k = nm; k-- > 0 && !rc;) {
		ptrvec *dels = &f->del_by[reg->mappers_sorted[k]->index];
		for (size_t i = 0; i < dels->len && !rc && f->s->reg->has_many_to_many; i++) {
			assoc_object *heir = switch_peer(f, dels->items[i]);
			rc = heir ? switch_association_rows(f, dels->items[i], heir) : delete_association_rows(f, dels->items[i]);
		}
	}
	for (size_t k = nm; k-- > 0 && !rc;) {
		assoc_mapper *m = reg->mappers_sorted[k];
		ptrvec *dels = &f->del_by[m->index];
		if (dels->len > 1 && self_referential(m))
			rc = order_deletes(dels, m);
		for (size_t i = 0; i < dels->len && !rc; i++) {
			assoc_object *heir = switch_peer(f, dels->items[i]);
			rc = heir ? release_children(f, dels->items[i], heir) : delete_object(f, dels->items[i]);
		}
	}
	return rc;
}

int flush_write_col(struct flush *f, assoc_object *o, int col, const assoc_value *v)
{
	return flush_set(f, o, col, v, 0);
}

assoc_session *flush_session_of(const struct flush *f) { return f->s; }

int flush_identity_taken(const struct flush *f, const assoc_object *o, const assoc_value *key)
{
	const assoc_mapper *m = o->mapper;
	size_t npk = m->table->npk;
	assoc_object *held = idmap_get(&f->s->idmap, m, key, identity_hash(m, key, npk));
	if (held && held != o)
		return 1;
	for (size_t i = 0; i < f->inserted.len; i++) { /* not in the identity map until the flush ends */
		const assoc_object *p = f->inserted.items[i];
		size_t k = 0;
		while (p != o && p->mapper == m && k < npk && assoc_value_equal(object_pk_value(p, k), &key[k]))
			k++;
		if (k == npk)
			return 1;
	}
	return 0;
}
int flush_gone(const assoc_object *o) { return gone(o); }

const char *const flush_stmt_sql[FLUSH_NSTMTS] = {
	"SAVEPOINT assoc_flush", "RELEASE assoc_flush", "ROLLBACK TO assoc_flush"
};

/* Step a statement that returns no rows once; 0, or the driver's code (error not yet set). */
static int step_prepared(assoc_session *s, db_stmt *stmt)
{
	session_trace(s, stmt);
	int rc = db_step(stmt);
	db_reset(stmt);
	return rc > 0 ? 0 : rc;
}

static int run_savepoint_stmt(assoc_session *s, int which)
{
	int rc = step_prepared(s, s->flush_stmts[which]);
	return rc == 0 ? 0 : session_db_error(s, rc, flush_stmt_sql[which]);
}

/*
 * Room for what finish() adds to the identity map and the transaction's
 * objects, taken before RELEASE: once the database has the flush, the
 * bookkeeping after it cannot fail.
 */
static int reserve_for_finish(struct flush *f)
{
	assoc_session *s = f->s;
	if (idmap_reserve(&s->idmap, f->inserted.len + f->updated.len) ||
	    pv_reserve(&s->tx_objects, f->inserted.len + f->deleted.len + f->switched.len / 2))
		return err_oom();
	return 0;
}

/*
 * The flush failed with rc (error set): roll the database back to the
 * savepoint and the objects back to where they were, keeping the error. When
 * the savepoint cannot be rolled back, the transaction's state is unknown
 * (or gone): the session is doomed and only a full rollback is safe.
 */
static void abandon(struct flush *f, int rc)
{
	assoc_session *s = f->s;
	char *msg = xstrdup(assoc_error_last()->message);
	if (!s->doomed) {
		int r = step_prepared(s, s->flush_stmts[FLUSH_ROLLBACK_TO]);
		if (r == 0)
			r = step_prepared(s, s->flush_stmts[FLUSH_RELEASE]);
		if (r != 0 || !db_in_transaction(s->db)) {
			assoc_error_set(rc, "%s", msg ? msg : "flush failed");
			session_doom(s);
		}
	}
	undo_all(f);
	assoc_error_set(rc, "%s", msg ? msg : "flush failed (the message was lost: out of memory)");
	mem_free(msg);
}

static void flush_free(struct flush *f, size_t nm)
{
	for (size_t i = 0; i < nm; i++) { /* any of the arrays may be missing: a half-built flush */
		if (f->dirty_by) {
			for (size_t k = 0; k < f->dirty_by[i].len; k++)
				((assoc_object *)f->dirty_by[i].items[k])->queued = 0;
			pv_free(&f->dirty_by[i]);
		}
		if (f->new_by)
			pv_free(&f->new_by[i]);
		if (f->del_by)
			pv_free(&f->del_by[i]);
		if (f->o2m_by)
			pv_free(&f->o2m_by[i]);
	}
	mem_free(f->o2m_by);
	mem_free(f->new_by);
	mem_free(f->dirty_by);
	mem_free(f->del_by);
	pv_free(&f->owners);
	pv_free(&f->inserted);
	pv_free(&f->batch);
	pv_free(&f->updated);
	pv_free(&f->deleted);
	pv_free(&f->switched);
	mem_free(f->rows.keys);
	mem_free(f->undo);
}

int flush_session(assoc_session *s)
{
	if (s->flushing)
		return 0;
	s->flushing = 1;
	int rc = session_cascade_deletes(s);
	if (!rc && s->deleted.len)
		cancel_moved_deletes(s);
	if (!rc && s->reg->has_delete_orphan)
		rc = delete_orphans(s);
	if (rc || (!s->newobjs.len && !s->dirty.len && !s->deleted.len)) {
		s->flushing = 0;
		return rc;
	}
	size_t nm = s->reg->mappers.len;
	struct flush f;
	memset(&f, 0, sizeof f);
	f.s = s;
	f.new_by = mem_calloc(nm, sizeof *f.new_by);
	f.dirty_by = mem_calloc(nm, sizeof *f.dirty_by);
	f.del_by = mem_calloc(nm, sizeof *f.del_by);
	f.o2m_by = mem_calloc(nm, sizeof *f.o2m_by);
	if (!f.new_by || !f.dirty_by || !f.del_by || !f.o2m_by)
		rc = err_oom();
	if (!rc)
		rc = bucket(&f);
	if (!rc)
		rc = session_begin(s);
	/* Prepared before the savepoint opens, so that undoing it needs no memory. */
	for (int i = 0; i < FLUSH_NSTMTS && !rc; i++)
		rc = session_slot_stmt(s, &s->flush_stmts[i], flush_stmt_sql[i]);
	if (!rc)
		rc = run_savepoint_stmt(s, FLUSH_SAVEPOINT);
	if (rc) {
		flush_free(&f, nm);
		s->flushing = 0;
		return rc;
	}
	const struct db_dialect *dialect = db_dialect_of(s->engine);
	f.pk_changed = has_key_change(s);
	if (f.pk_changed)
		rc = session_exec(s, dialect->defer_fks);
	if (!rc)
		rc = write_all(&f);
	if (!rc && f.pk_changed && dialect->check_fks)
		rc = session_exec(s, dialect->check_fks);
	else if (!rc && f.pk_changed && !(rc = check_foreign_keys(s)))
		rc = session_exec(s, dialect->undefer_fks);
	if (!rc)
		rc = reserve_for_finish(&f);
	if (!rc)
		rc = run_savepoint_stmt(s, FLUSH_RELEASE);
	if (rc)
		abandon(&f, rc);
	else {
		forget_undo(&f);
		finish(&f);
	}
	flush_free(&f, nm);
	s->flushing = 0;
	return rc;
}
