/*
 * loading.c - rows into objects through the identity map; lazy and selectin
 * loading of relationships.
 */
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SELECTIN_CHUNK 500
/* Keys in one keyset statement (one JSON array parameter): bounds its memory, not its SQL. */
#define SELECTIN_KEYSET_MAX 50000

/* A borrowed view of result column i (no copy): for identity lookups. */
static assoc_value column_view(db_stmt *stmt, int i)
{
	size_t n;
	switch (stmt->drv->column_type(stmt, i)) {
	case ASSOC_INTEGER: return assoc_value_integer(stmt->drv->column_int(stmt, i));
	case ASSOC_REAL: return assoc_value_real(stmt->drv->column_double(stmt, i));
	case ASSOC_TEXT: {
		const char *p = stmt->drv->column_text(stmt, i, &n);
		return assoc_value_textn(p, n);
	}
	case ASSOC_BLOB: {
		const void *p = stmt->drv->column_blob(stmt, i, &n);
		return assoc_value_blob(p, n);
	}
	default: return assoc_value_null();
	}
}

/* Bytes of TEXT and BLOB in the row, to place inline in a new object. */
static size_t row_bytes(const assoc_value *row, size_t ncols)
{
	size_t n = 0;
	for (size_t i = 0; i < ncols; i++)
		if (row[i].kind == ASSOC_TEXT || row[i].kind == ASSOC_BLOB)
			n += row[i].u.bytes.len + 1;
	return n;
}

/* Fill a new object's columns from the row, copying TEXT and BLOB bytes into its inline area. */
static void populate_inline(assoc_object *o, const assoc_value *row, const uint8_t *sel)
{
	char *p = object_inline_area(o);
	for (size_t i = 0; i < o->mapper->ncols; i++) {
		if (!col_selected(o->mapper, sel, i)) { /* deferred: loads on first read */
			o->colflags[i] = COL_DEFERRED;
			o->vals[i] = assoc_value_null();
			o->cols_deferred = 1;
			continue;
		}
		assoc_value v = row[i];
		o->colflags[i] = COL_LOADED;
		if (v.kind == ASSOC_TEXT || v.kind == ASSOC_BLOB) {
			memcpy(p, v.u.bytes.data, v.u.bytes.len);
			p[v.u.bytes.len] = 0;
			v.u.bytes.data = p;
			p += v.u.bytes.len + 1;
			o->colflags[i] |= COL_INLINE;
		}
		o->vals[i] = v;
	}
	o->expired = 0;
}

/*
 * Fill an expired object's columns from a row of the columns sel selects. A
 * column that is loaded and not expired keeps its value: a kept primary key,
 * or one the program assigned after the expire (SQLAlchemy does not revert
 * post-expire changes). Columns the row lacks stay as they are: expired ones
 * load on their next read, deferred ones with their group.
 */
static int populate(assoc_object *o, db_stmt *stmt, int off, const uint8_t *sel)
{
	int at = off;
	uint8_t left = 0;
	for (size_t i = 0; i < o->mapper->ncols; i++) {
		if (!col_selected(o->mapper, sel, i)) {
			left |= o->colflags[i];
			continue;
		}
		int pos = at++;
		if ((o->colflags[i] & (COL_LOADED | COL_EXPIRED)) == COL_LOADED)
			continue;
		col_release(o, (int)i);
		int rc = value_from_column(&o->vals[i], stmt, pos, ASSOC_TYPE_INFER);
		if (rc)
			return rc;
		o->colflags[i] = COL_LOADED;
	}
	o->expired = 0;
	o->cols_expired = (left & COL_EXPIRED) != 0;
	o->cols_deferred = (left & COL_DEFERRED) != 0;
	return 0;
}

int load_row(assoc_object **out, assoc_session *s, assoc_mapper *m, db_stmt *stmt, int off)
{
	return load_row_cols(out, s, m, stmt, off, NULL);
}

/*
 * The object for the row at column offset off, whose columns are those sel
 * selects (NULL: the mapper's, without its deferred ones): from the identity
 * map, or new.
 */
int load_row_cols(assoc_object **out, assoc_session *s, assoc_mapper *m, db_stmt *stmt, int off, const uint8_t *sel)
{
	const struct assoc_table *t = m->table;
	size_t ncols = m->ncols;
	/* each column read once: the key, the sizes and the values all come from this view */
	assoc_value local[16], *row = ncols <= 16 ? local : mem_alloc(ncols * sizeof *row);
	if (!row)
		return err_oom();
	for (size_t i = 0, k = 0; i < ncols; i++)
		row[i] = col_selected(m, sel, i) ? column_view(stmt, off + (int)k++) : assoc_value_null();
	struct keybuf kb;
	int rc = keybuf_init(&kb, t->npk);
	assoc_object *o = NULL;
	size_t slot = 0;
	uint64_t h = 0;
	if (!rc) {
		for (size_t i = 0; i < t->npk; i++)
			kb.v[i] = row[t->pk[i]];
		h = identity_hash(m, kb.v, t->npk);
		if (!(rc = idmap_reserve(&s->idmap, 1)))
			o = idmap_find(&s->idmap, m, kb.v, h, &slot);
		keybuf_free(&kb);
	}
	if (!rc && o) {
		*out = o;
		rc = o->expired || o->cols_expired || o->cols_deferred ? populate(o, stmt, off, sel) : 0;
	} else if (!rc && !(rc = object_alloc(&o, s, m, row_bytes(row, ncols)))) {
		o->state = ASSOC_STATE_PERSISTENT;
		o->hash = h;
		populate_inline(o, row, sel);
		idmap_put_at(&s->idmap, slot, o);
		*out = o;
	}
	if (row != local)
		mem_free(row);
	return rc;
}

static int select_by_pk(assoc_object **out, assoc_session *s, assoc_mapper *m, const assoc_value *pk,
                        assoc_object *into)
{
	*out = NULL;
	int rc = session_begin(s);
	db_stmt **slot = &s->mstmts[m->index].select_pk;
	if (rc || (rc = session_slot_stmt(s, slot, m->select_pk_sql)))
		return rc;
	for (size_t i = 0; i < m->table->npk; i++)
		value_bind(*slot, (int)i + 1, &pk[i]);
	session_trace(s, *slot);
	s->loading++;
	rc = session_step(s, *slot, m->select_pk_sql);
	if (rc == 1)
		rc = into ? populate(into, *slot, 0, NULL) : load_row(out, s, m, *slot, 0);
	else if (rc == 0 && into)
		rc = assoc_error_set(ASSOC_ENOTFOUND, "%s no longer has a row in table '%s' (deleted elsewhere)",
		                     assoc_object_repr(into), m->table->name);
	if (into && rc >= 0)
		*out = into;
	s->loading--;
	db_reset(*slot);
	return rc < 0 ? rc : 0;
}

int load_object_by_pk(assoc_object **out, assoc_session *s, assoc_mapper *m, const assoc_value *pk, int refresh)
{
	(void)refresh;
	int rc = select_by_pk(out, s, m, pk, NULL);
	/* Session.get applies the relationships' eager loaders, as a query does */
	if (!rc && *out)
		rc = load_selectin(s, out, 1, NULL);
	return rc;
}

int refresh_object(assoc_object *o)
{
	assoc_session *s = o->session;
	size_t npk = o->mapper->table->npk;
	struct keybuf kb;
	int rc = keybuf_init(&kb, npk);
	if (rc)
		return rc;
	assoc_value *pk = kb.v;
	for (size_t i = 0; i < npk; i++)
		pk[i] = assoc_value_null();
	for (size_t i = 0; i < npk && !rc; i++)
		rc = value_copy(&pk[i], object_pk_value(o, i));
	assoc_object *got;
	if (!rc)
		rc = select_by_pk(&got, s, o->mapper, pk, o);
	if (!rc) /* a refresh loads as a query does: eager relationships too */
		rc = load_selectin(s, &o, 1, NULL);
	for (size_t i = 0; i < npk; i++)
		value_clear(&pk[i]);
	keybuf_free(&kb);
	return rc;
}

/* The column of an owner that a relationship's rows name it by. */
static int owner_keycol(const struct relationship *rel)
{
	return rel->dir == REL_ONETOMANY ? rel->parent_cols[0]
	       : rel->dir == REL_MANYTOMANY ? rel->owner_cols[0] : rel->child_cols[0];
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* keys[0..n) sorted, each once, as the JSON array of a keyset parameter. */
static void keyset_write(strbuf *sb, int64_t *keys, size_t n)
{
	qsort(keys, n, sizeof *keys, cmp_int64);
	sb_addn(sb, "[", 1);
	for (size_t i = 0; i < n; i++)
		if (!i || keys[i] != keys[i - 1]) {
			if (i)
				sb_addn(sb, ",", 1);
			sb_add_int(sb, keys[i]);
		}
	sb_addn(sb, "]", 1);
}

/* "SELECT <columns> FROM t WHERE t.pk IN <keyset>" for objs[0..n) (single INTEGER keys), bound. */
static int select_keyset(assoc_session *s, assoc_mapper *m, assoc_object *const *objs, size_t n, strbuf *sql,
                         strbuf *keys, db_stmt **out)
{
	const struct assoc_table *t = m->table;
	int64_t *k = mem_alloc(n * sizeof *k);
	if (!k)
		return err_oom();
	for (size_t i = 0; i < n; i++)
		k[i] = object_pk_value(objs[i], 0)->u.integer;
	keyset_write(keys, k, n);
	mem_free(k);
	sb_addf(sql, "SELECT %s FROM ", m->select_cols);
	sb_ident(sql, t->name);
	sb_add(sql, " WHERE ");
	sb_ident(sql, t->name);
	sb_add(sql, ".");
	sb_ident(sql, ((struct column *)t->columns.items[t->pk[0]])->name);
	sb_addf(sql, " IN %s", db_dialect_of(s->engine)->key_set);
	int rc = sql->oom || keys->oom ? err_oom() : session_prepare(s, sb_str(sql), out);
	if (!rc) {
		assoc_value v = assoc_value_textn(keys->p, keys->len);
		value_bind(*out, 1, &v);
	}
	return rc;
}

/*
 * An expired object's columns reloaded with those of the expired members of
 * its cohort, by keyset (cohort.c). 1: o is loaded; 0: no batch to make, or
 * o's row was not among the rows (refresh_object tells why); < 0: an ASSOC_E code.
 */
static int refresh_batch(assoc_object *o)
{
	assoc_session *s = o->session;
	assoc_mapper *m = o->mapper;
	assoc_object *const *peers;
	size_t n = cohort_members(o, &peers);
	if (!n || s->flushing || m->table->npk != 1 || !db_dialect_of(s->engine)->key_set ||
	    object_pk_value(o, 0)->kind != ASSOC_INTEGER)
		return 0;
	ptrvec objs = { 0 };
	int rc = pv_push(&objs, o);
	for (size_t i = 0; !rc && i < n && objs.len < SELECTIN_KEYSET_MAX; i++) {
		assoc_object *p = peers[i];
		if (p != o && p->cohort == o->cohort && p->session == s && p->mapper == m && p->expired &&
		    p->state == ASSOC_STATE_PERSISTENT && object_pk_value(p, 0)->kind == ASSOC_INTEGER)
			rc = pv_push(&objs, p);
	}
	if (rc || objs.len < 2) {
		pv_free(&objs);
		return 0;
	}
	strbuf sql, keys;
	sb_init(&sql);
	sb_init(&keys);
	db_stmt *stmt = NULL;
	if (!(rc = session_begin(s)))
		rc = select_keyset(s, m, (assoc_object **)objs.items, objs.len, &sql, &keys, &stmt);
	if (!rc) {
		s->loading++;
		session_trace(s, stmt);
		assoc_object *got;
		while ((rc = session_step(s, stmt, sb_str(&sql))) == 1 && !(rc = load_row(&got, s, m, stmt, 0)))
			;
		db_reset(stmt);
		s->loading--;
	}
	sb_free(&sql);
	sb_free(&keys);
	size_t k = 0; /* the refresh loads as a query does: eager relationships of those now loaded */
	for (size_t i = 0; rc >= 0 && i < objs.len; i++)
		if (!((assoc_object *)objs.items[i])->expired)
			objs.items[k++] = objs.items[i];
	if (rc >= 0)
		rc = load_selectin(s, (assoc_object **)objs.items, k, NULL);
	pv_free(&objs);
	return rc < 0 ? rc : !o->expired;
}

int refresh_expired(assoc_object *o)
{
	int rc = refresh_batch(o);
	return rc ? (rc < 0 ? rc : 0) : refresh_object(o);
}

/* Run a prepared relationship query and collect the objects of its rows. */
static int collect_rows(assoc_session *s, db_stmt *stmt, assoc_mapper *m, int off, ptrvec *out, const char *sql)
{
	int rc;
	session_trace(s, stmt);
	while ((rc = session_step(s, stmt, sql)) == 1) {
		assoc_object *o;
		if ((rc = load_row(&o, s, m, stmt, off)))
			break;
		if (pv_push(out, o)) {
			rc = err_oom();
			break;
		}
	}
	db_reset(stmt);
	return rc;
}

static int set_loaded_scalar(assoc_object *o, struct relationship *rel, assoc_object *target)
{
	struct relstate *rs = &o->rels[rel->attr->slot];
	rs->scalar = rs->scalar_prev = target;
	rs->changed = 0;
	rs->loaded = 1;
	return 0;
}

static int fill_collection(assoc_object *o, struct relationship *rel, assoc_object **items, size_t n)
{
	assoc_collection *c = collection_get(o, rel);
	if (!c)
		return err_oom();
	collection_fill_begin(c);
	for (size_t i = 0; i < n; i++) {
		int rc = collection_fill_add(c, items[i]);
		if (rc)
			return rc;
	}
	return collection_fill_end(c);
}

/* Are cols exactly the primary key of t, in order? */
static int is_pk(const struct assoc_table *t, const int *cols, size_t n)
{
	if (n != t->npk)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (cols[i] != t->pk[i])
			return 0;
	return 1;
}

/*
 * A scalar relationship's value without SQL, as SQLAlchemy's PASSIVE_NO_FETCH
 * gets the old value it replaces: the loaded value, or for a many-to-one by
 * primary key whose foreign key columns are loaded, the identity map's object
 * for their committed values. NULL when that cannot tell.
 */
assoc_object *rel_peek_scalar(assoc_object *o, struct relationship *rel)
{
	struct relstate *rs = &o->rels[rel->attr->slot];
	if (rs->loaded)
		return rs->scalar;
	size_t n = rel->nkeys;
	if (rel->dir != REL_MANYTOONE || !o->session || o->state != ASSOC_STATE_PERSISTENT || n > 16 ||
	    !is_pk(rel->target->table, rel->parent_cols, n))
		return NULL;
	assoc_value pk[16];
	for (size_t i = 0; i < n; i++) {
		if (!(o->colflags[rel->child_cols[i]] & COL_LOADED))
			return NULL;
		pk[i] = *object_committed_value(o, rel->child_cols[i]);
		if (pk[i].kind == ASSOC_NULL)
			return NULL;
	}
	return idmap_get(&o->session->idmap, rel->target, pk, identity_hash(rel->target, pk, n));
}

static int selectin_supported(const struct relationship *rel);
static int selectin_chunks(assoc_session *s, struct relationship *rel, assoc_object **owners, size_t n,
                           ptrvec *loaded);

/* Whether o's key for rel is set and as the database holds it: o can be an owner in a batch. */
static int key_settled(const assoc_object *o, int keycol)
{
	return (o->colflags[keycol] & COL_LOADED) && !(o->colflags[keycol] & COL_MODIFIED) &&
	       o->vals[keycol].kind != ASSOC_NULL;
}

/*
 * Tactical batch loading (cohort.c): rel for o and for every member of o's
 * cohort that has it unloaded, with the selectin statements. 1: loaded; 0: no
 * batch to make (o loads alone); < 0: an ASSOC_E code. What it loads is a
 * cohort in turn, so the next hop of a proxy batches too.
 */
static int batch_load(assoc_session *s, assoc_object *o, struct relationship *rel)
{
	assoc_object *const *peers;
	size_t n = cohort_members(o, &peers);
	if (!n || rel->lazy != ASSOC_LAZY_DEFAULT || s->flushing || s->cascading || !selectin_supported(rel))
		return 0;
	int keycol = owner_keycol(rel);
	size_t slot = rel->attr->slot;
	if (!key_settled(o, keycol))
		return 0;
	ptrvec owners = { 0 }, loaded = { 0 };
	int rc = pv_push(&owners, o);
	for (size_t i = 0; !rc && i < n; i++) {
		assoc_object *p = peers[i];
		if (p != o && p->cohort == o->cohort && p->session == s && p->state == ASSOC_STATE_PERSISTENT &&
		    p->mapper == o->mapper && !p->rels[slot].loaded && key_settled(p, keycol))
			rc = pv_push(&owners, p);
	}
	if (rc || owners.len < 2) { /* out of memory only costs the batch */
		pv_free(&owners);
		return 0;
	}
	s->loading++;
	rc = selectin_chunks(s, rel, (assoc_object **)owners.items, owners.len, &loaded);
	s->loading--;
	if (!rc)
		cohort_make((assoc_object **)loaded.items, loaded.len);
	pv_free(&owners);
	pv_free(&loaded);
	return rc ? rc : 1;
}

int load_relationship(assoc_object *o, struct relationship *rel)
{
	assoc_session *s = o->session;
	/* as SQLAlchemy's NO_RAISE: the unit of work and delete cascades load it anyway */
	if (rel->lazy == ASSOC_LAZY_RAISE && !s->flushing && !s->cascading)
		return assoc_error_set(ASSOC_ESTATE, "'%s.%s' is not available due to lazy='raise'", o->mapper->name,
		                       rel->attr->name);
	if (rel->lazy == ASSOC_LAZY_NOLOAD || o->state == ASSOC_STATE_TRANSIENT || o->state == ASSOC_STATE_PENDING) {
		if (rel->uselist)
			return fill_collection(o, rel, NULL, 0);
		return set_loaded_scalar(o, rel, NULL);
	}
	int rc = session_autoflush(s);
	if (rc)
		return rc;
	/* the key values on o's side (the primary key survives expiry: no reload needed) */
	const int *keycols = rel->dir == REL_MANYTOONE ? rel->child_cols
	                     : rel->dir == REL_ONETOMANY ? rel->parent_cols : rel->owner_cols;
	size_t nkeys = rel->dir == REL_MANYTOMANY ? rel->nsec_owner : rel->nkeys;
	for (size_t i = 0; i < nkeys; i++)
		if (!(o->colflags[keycols[i]] & COL_LOADED) && (rc = object_ensure_loaded(o)))
			return rc;
	for (size_t i = 0; i < nkeys; i++)
		if (object_committed_value(o, keycols[i])->kind == ASSOC_NULL)
			return rel->uselist ? fill_collection(o, rel, NULL, 0) : set_loaded_scalar(o, rel, NULL);
	if (rel->dir == REL_MANYTOONE && is_pk(rel->target->table, rel->parent_cols, nkeys)) {
		struct keybuf kb;
		if ((rc = keybuf_init(&kb, nkeys)))
			return rc;
		for (size_t i = 0; i < nkeys; i++)
			kb.v[i] = o->vals[keycols[i]];
		assoc_object *t = idmap_get(&s->idmap, rel->target, kb.v, identity_hash(rel->target, kb.v, nkeys));
		keybuf_free(&kb);
		if (t)
			return set_loaded_scalar(o, rel, t);
	}
	if ((rc = session_begin(s)))
		return rc;
	if ((rc = batch_load(s, o, rel)))
		return rc < 0 ? rc : 0;
	db_stmt **slot = &s->lazy_stmts[rel->index];
	if ((rc = session_slot_stmt(s, slot, rel->lazy_sql)))
		return rc;
	for (size_t i = 0; i < nkeys; i++) /* rows refer to the key as committed */
		value_bind(*slot, (int)i + 1, object_committed_value(o, keycols[i]));
	ptrvec rows = { 0 };
	s->loading++;
	rc = collect_rows(s, *slot, rel->target, 0, &rows, rel->lazy_sql);
	s->loading--;
	if (!rc) {
		if (rel->uselist)
			rc = fill_collection(o, rel, (assoc_object **)rows.items, rows.len);
		else
			rc = set_loaded_scalar(o, rel, rows.len ? rows.items[0] : NULL);
	}
	if (!rc)
		cohort_make((assoc_object **)rows.items, rows.len);
	pv_free(&rows);
	return rc;
}

/* ---- selectin ------------------------------------------------------------ */

/* n > 0: an IN list of n parameters; 0: the dialect's keyset form, one parameter. */
static int selectin_sql(strbuf *sb, const struct db_dialect *d, struct relationship *rel, size_t n)
{
	struct assoc_table *T = rel->target->table;
	if (rel->dir == REL_MANYTOMANY) {
		struct assoc_table *S = rel->secondary;
		sb_add(sb, "SELECT ");
		sb_ident(sb, S->name);
		sb_add(sb, ".");
		sb_ident(sb, ((struct column *)S->columns.items[rel->sec_owner_cols[0]])->name);
		sb_addf(sb, ", %s FROM ", rel->target->select_cols);
		sb_ident(sb, T->name);
		sb_add(sb, " JOIN ");
		sb_ident(sb, S->name);
		sb_add(sb, " ON ");
		for (size_t i = 0; i < rel->nsec_target; i++) {
			sb_add(sb, i ? " AND " : "");
			sb_ident(sb, T->name);
			sb_add(sb, ".");
			sb_ident(sb, ((struct column *)T->columns.items[rel->target_cols[i]])->name);
			sb_add(sb, " = ");
			sb_ident(sb, S->name);
			sb_add(sb, ".");
			sb_ident(sb, ((struct column *)S->columns.items[rel->sec_target_cols[i]])->name);
		}
		sb_add(sb, " WHERE ");
		sb_ident(sb, S->name);
		sb_add(sb, ".");
		sb_ident(sb, ((struct column *)S->columns.items[rel->sec_owner_cols[0]])->name);
	} else {
		int col = rel->dir == REL_ONETOMANY ? rel->child_cols[0] : rel->parent_cols[0];
		sb_addf(sb, "SELECT %s FROM ", rel->target->select_cols);
		sb_ident(sb, T->name);
		sb_add(sb, " WHERE ");
		sb_ident(sb, T->name);
		sb_add(sb, ".");
		sb_ident(sb, ((struct column *)T->columns.items[col])->name);
	}
	if (n) {
		sb_add(sb, " IN (");
		for (size_t i = 0; i < n; i++)
			sb_add(sb, i ? ", ?" : "?");
		sb_add(sb, ")");
	} else
		sb_addf(sb, " IN %s", d->key_set);
	for (size_t i = 0; i < rel->norder; i++) {
		sb_add(sb, i ? ", " : " ORDER BY ");
		sb_ident(sb, T->name);
		sb_add(sb, ".");
		sb_ident(sb, ((struct column *)T->columns.items[rel->order_by[i].col])->name);
		if (rel->order_by[i].desc)
			sb_add(sb, " DESC");
	}
	return sb->oom ? err_oom() : 0;
}

/* The owner of a selectin row: by its key value, through the identity map. */
static assoc_object *row_owner(assoc_session *s, assoc_mapper *owner_mapper, db_stmt *stmt, int col)
{
	assoc_value key = column_view(stmt, col);
	return idmap_get(&s->idmap, owner_mapper, &key, identity_hash(owner_mapper, &key, 1));
}

/* Run a prepared selectin statement and fill rel for owners[0..n) from its rows. */
static int selectin_run(assoc_session *s, struct relationship *rel, assoc_object **owners, size_t n,
                        db_stmt *stmt, const char *sql, ptrvec *loaded)
{
	assoc_mapper *om = rel->attr->mapper;
	int keycol = owner_keycol(rel);
	for (size_t i = 0; i < n; i++) {
		if (rel->uselist) {
			assoc_collection *c = collection_get(owners[i], rel);
			if (!c)
				return err_oom(); /* the collections begun are still unloaded */
			collection_fill_begin(c);
		} else {
			/* loaded 2: being filled by these rows (1 would make the loop skip it) */
			set_loaded_scalar(owners[i], rel, NULL);
			owners[i]->rels[rel->attr->slot].loaded = 2;
		}
	}
	session_trace(s, stmt);
	int rc, off = rel->dir == REL_MANYTOMANY ? 1 : 0;
	assoc_object *last_owner = NULL; /* rows mostly arrive grouped by owner */
	while ((rc = session_step(s, stmt, sql)) == 1) {
		assoc_object *item;
		if ((rc = load_row(&item, s, rel->target, stmt, off)))
			break;
		if (pv_push(loaded, item)) {
			rc = err_oom();
			break;
		}
		if (rel->dir == REL_MANYTOONE)
			continue; /* owners look their target up afterwards */
		int col = off ? 0 : rel->target->selpos[rel->child_cols[0]]; /* a key: never deferred */
		assoc_value key = column_view(stmt, col);
		assoc_object *owner = last_owner && assoc_value_equal(&last_owner->vals[keycol], &key)
		                      ? last_owner : row_owner(s, om, stmt, col);
		last_owner = owner;
		if (!owner || owner->rels[rel->attr->slot].loaded == 1)
			continue;
		if (rel->uselist)
			rc = collection_fill_add(collection_get(owner, rel), item);
		else if (!owner->rels[rel->attr->slot].scalar)
			owner->rels[rel->attr->slot].scalar = owner->rels[rel->attr->slot].scalar_prev = item;
		if (rc)
			break;
	}
	db_reset(stmt);
	for (size_t i = 0; !rc && i < n; i++) {
		if (rel->uselist && rel->dir == REL_MANYTOONE) { /* uselist=True many-to-one: a list of its target */
			assoc_value key = owners[i]->vals[keycol];
			assoc_object *t = idmap_get(&s->idmap, rel->target, &key, identity_hash(rel->target, &key, 1));
			assoc_collection *c = collection_get(owners[i], rel);
			if (t)
				rc = collection_fill_add(c, t);
			if (!rc)
				rc = collection_fill_end(c);
		} else if (rel->uselist)
			rc = collection_fill_end(collection_get(owners[i], rel));
		else if (rel->dir == REL_MANYTOONE) {
			assoc_value key = owners[i]->vals[keycol];
			assoc_object *t = idmap_get(&s->idmap, rel->target, &key, identity_hash(rel->target, &key, 1));
			set_loaded_scalar(owners[i], rel, t);
		} else
			owners[i]->rels[rel->attr->slot].loaded = 1;
	}
	for (size_t i = 0; rc && !rel->uselist && i < n; i++) /* failed: still unloaded, not "none" */
		if (owners[i]->rels[rel->attr->slot].loaded == 2)
			owners[i]->rels[rel->attr->slot].loaded = 0;
	return rc < 0 ? rc : 0;
}

/* Whether every owner's key can go in the dialect's keyset parameter (integers only). */
static int keyset_fits(const struct db_dialect *d, const struct relationship *rel, assoc_object *const *owners,
                       size_t n)
{
	if (!d->key_set)
		return 0;
	int keycol = owner_keycol(rel);
	for (size_t i = 0; i < n; i++)
		if (owners[i]->vals[keycol].kind != ASSOC_INTEGER)
			return 0;
	return 1;
}

/* How many of owners[0..n) the next selectin statement takes, and whether as a keyset. */
static size_t chunk_len(assoc_session *s, const struct relationship *rel, assoc_object *const *owners, size_t n,
                        int *keyset)
{
	size_t k = n < SELECTIN_KEYSET_MAX ? n : SELECTIN_KEYSET_MAX;
	*keyset = n > 1 && keyset_fits(db_dialect_of(s->engine), rel, owners, k);
	if (*keyset)
		return k;
	return n < SELECTIN_CHUNK ? n : SELECTIN_CHUNK;
}

/* The owners' integer keys, each once and in order, as a JSON array: the keyset parameter. */
static int keyset_json(strbuf *sb, const struct relationship *rel, assoc_object *const *owners, size_t n)
{
	int64_t *keys = mem_alloc(n * sizeof *keys);
	if (!keys)
		return err_oom();
	int keycol = owner_keycol(rel);
	for (size_t i = 0; i < n; i++)
		keys[i] = owners[i]->vals[keycol].u.integer;
	keyset_write(sb, keys, n);
	mem_free(keys);
	return sb->oom ? err_oom() : 0;
}

/* Load rel for owners[0..n) (all persistent, rel unloaded) with one statement: a keyset (chunk_len
 * said their keys fit one) or an IN list. */
static int selectin_chunk(assoc_session *s, struct relationship *rel, assoc_object **owners, size_t n, int keyset_ok,
                          ptrvec *loaded)
{
	const struct db_dialect *d = db_dialect_of(s->engine);
	strbuf sb, keyset;
	sb_init(&sb);
	sb_init(&keyset);
	db_stmt *stmt = NULL;
	const assoc_value **keys = NULL;
	int rc;
	if (keyset_ok) {
		if (!(rc = keyset_json(&keyset, rel, owners, n)) && !(rc = selectin_sql(&sb, d, rel, 0)) &&
		    !(rc = session_prepare(s, sb_str(&sb), &stmt))) {
			assoc_value v = assoc_value_textn(keyset.p, keyset.len);
			value_bind(stmt, 1, &v);
		}
	} else {
		int keycol = owner_keycol(rel);
		/* each key once: many-to-one owners often share their target */
		keys = mem_alloc(n * sizeof *keys);
		if (!keys)
			return err_oom();
		size_t nkeys = 0;
		for (size_t i = 0; i < n; i++) {
			const assoc_value *v = &owners[i]->vals[keycol];
			size_t j = 0;
			while (rel->dir == REL_MANYTOONE && j < nkeys && !assoc_value_equal(keys[j], v))
				j++;
			if (rel->dir != REL_MANYTOONE || j == nkeys)
				keys[nkeys++] = v;
		}
		rc = selectin_sql(&sb, d, rel, nkeys);
		if (!rc)
			rc = session_prepare(s, sb_str(&sb), &stmt);
		for (size_t i = 0; !rc && i < nkeys; i++)
			value_bind(stmt, (int)i + 1, keys[i]);
	}
	if (!rc)
		rc = selectin_run(s, rel, owners, n, stmt, sb_str(&sb), loaded);
	sb_free(&sb);
	sb_free(&keyset);
	mem_free(keys);
	return rc;
}

/* Load rel for owners[0..n) (all persistent, rel unloaded), as few statements as the dialect allows. */
static int selectin_chunks(assoc_session *s, struct relationship *rel, assoc_object **owners, size_t n,
                           ptrvec *loaded)
{
	int rc = 0, keyset;
	for (size_t i = 0, k; i < n && !rc; i += k) {
		k = chunk_len(s, rel, owners + i, n - i, &keyset);
		rc = selectin_chunk(s, rel, owners + i, k, keyset, loaded);
	}
	return rc;
}

static void add_col(strbuf *sb, const struct assoc_table *t, int col)
{
	sb_ident(sb, t->name);
	sb_add(sb, ".");
	sb_ident(sb, ((struct column *)t->columns.items[col])->name);
}

/*
 * Load rel for every owner a query found with one statement that joins the
 * query's own criteria (SQLAlchemy's "subquery" loading), instead of listing
 * their keys chunk by chunk: one scan where IN lists would probe an index.
 */
static int selectin_joined(assoc_session *s, struct relationship *rel, assoc_object **owners, size_t n,
                           const struct selectin_source *src, ptrvec *loaded)
{
	const struct assoc_table *O = rel->attr->mapper->table, *T = rel->target->table, *S = rel->secondary;
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "SELECT ");
	if (S) {
		add_col(&sb, S, rel->sec_owner_cols[0]);
		sb_add(&sb, ", ");
	}
	sb_addf(&sb, "%s FROM ", rel->target->select_cols);
	sb_ident(&sb, T->name);
	if (S) {
		sb_add(&sb, " JOIN ");
		sb_ident(&sb, S->name);
		for (size_t i = 0; i < rel->nsec_target; i++) {
			sb_add(&sb, i ? " AND " : " ON ");
			add_col(&sb, T, rel->target_cols[i]);
			sb_add(&sb, " = ");
			add_col(&sb, S, rel->sec_target_cols[i]);
		}
	}
	sb_add(&sb, " JOIN ");
	sb_ident(&sb, O->name);
	sb_add(&sb, " ON ");
	if (S) {
		add_col(&sb, O, rel->owner_cols[0]);
		sb_add(&sb, " = ");
		add_col(&sb, S, rel->sec_owner_cols[0]);
	} else {
		add_col(&sb, O, rel->parent_cols[0]);
		sb_add(&sb, " = ");
		add_col(&sb, T, rel->child_cols[0]);
	}
	sb_add(&sb, src->where);
	for (size_t i = 0; i < rel->norder; i++) {
		sb_add(&sb, i ? ", " : " ORDER BY ");
		add_col(&sb, T, rel->order_by[i].col);
		if (rel->order_by[i].desc)
			sb_add(&sb, " DESC");
	}
	db_stmt *stmt = NULL;
	int rc = sb.oom ? err_oom() : session_prepare(s, sb_str(&sb), &stmt);
	if (!rc) {
		db_clear_bindings(stmt);
		rc = src->bind(src->ctx, stmt);
	}
	if (!rc)
		rc = selectin_run(s, rel, owners, n, stmt, sb_str(&sb), loaded);
	sb_free(&sb);
	return rc;
}

static int can_join(const struct relationship *rel, const struct selectin_source *src, size_t n)
{
	const struct assoc_table *O = rel->attr->mapper->table;
	return src && n > SELECTIN_CHUNK && rel->dir != REL_MANYTOONE && rel->target->table != O &&
	       rel->secondary != O;
}

static int selectin_supported(const struct relationship *rel)
{
	if (rel->dir == REL_MANYTOMANY)
		return rel->nsec_owner == 1;
	if (rel->nkeys != 1)
		return 0;
	if (rel->dir == REL_ONETOMANY)
		return is_pk(rel->attr->mapper->table, rel->parent_cols, 1);
	return is_pk(rel->target->table, rel->parent_cols, 1);
}

/* Eager-load every selectin relationship of objs (and of what that loads). */
static int listed(struct relationship *const *rels, size_t n, const struct relationship *r)
{
	for (size_t i = 0; i < n; i++)
		if (rels[i] == r)
			return 1;
	return 0;
}

/* The members of a loaded relationship, onto out. */
static int push_members(ptrvec *out, assoc_object *o, struct relationship *rel)
{
	struct relstate *rs = &o->rels[rel->attr->slot];
	if (!rel->uselist)
		return rs->scalar && pv_push(out, rs->scalar) ? err_oom() : 0;
	for (size_t i = 0; rs->coll && i < rs->coll->len; i++)
		if (pv_push(out, rs->coll->items[i]))
			return err_oom();
	return 0;
}

int load_selectin(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src)
{
	return load_selectin_rels(s, objs, n, src, NULL, 0);
}

/* A chain of relationships from the query's objects down to the current level. */
struct selectin_path {
	const struct selectin_path *up;
	const struct relationship *rel;
};

static int on_path(const struct selectin_path *p, const struct relationship *rel)
{
	for (; p; p = p->up)
		if (p->rel == rel)
			return 1;
	return 0;
}

static int selectin_level(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src,
                          struct relationship *const *extra, size_t nextra, const struct selectin_path *path);

/* As load_selectin, also loading the relationships listed in extra (a query's selectinload). */
int load_selectin_rels(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src,
                       struct relationship *const *extra, size_t nextra)
{
	return selectin_level(s, objs, n, src, extra, nextra, NULL);
}

static int selectin_level(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src,
                          struct relationship *const *extra, size_t nextra, const struct selectin_path *path)
{
	if (!n)
		return 0;
	assoc_mapper *m = objs[0]->mapper;
	int rc = 0;
	for (size_t r = 0; r < m->rels.len && !rc; r++) {
		struct relationship *rel = m->rels.items[r];
		int wanted = rel->lazy == ASSOC_LAZY_SELECTIN || rel->lazy == ASSOC_LAZY_JOINED || listed(extra, nextra, rel);
		if (!wanted || !selectin_supported(rel))
			continue;
		ptrvec owners = { 0 }, loaded = { 0 };
		for (size_t i = 0; i < n && !rc; i++) {
			assoc_object *o = objs[i];
			if (o->mapper != m || o->state != ASSOC_STATE_PERSISTENT)
				continue;
			if (o->rels[r].loaded) {
				/* not loaded again, but what it holds gets the next level's loaders
				 * (once per path: a cycle of eager relationships ends) */
				if (!on_path(path, rel))
					rc = push_members(&loaded, o, rel);
				continue;
			}
			int keycol = owner_keycol(rel);
			if (o->vals[keycol].kind == ASSOC_NULL) {
				rc = rel->uselist ? fill_collection(o, rel, NULL, 0) : set_loaded_scalar(o, rel, NULL);
				continue;
			}
			if (pv_push(&owners, o))
				rc = err_oom();
		}
		s->loading++;
		if (!rc && can_join(rel, src, owners.len))
			rc = selectin_joined(s, rel, (assoc_object **)owners.items, owners.len, src, &loaded);
		else if (!rc)
			rc = selectin_chunks(s, rel, (assoc_object **)owners.items, owners.len, &loaded);
		s->loading--;
		if (!rc)
			cohort_make((assoc_object **)loaded.items, loaded.len);
		if (!rc && loaded.len) {
			struct selectin_path step = { path, rel };
			rc = selectin_level(s, (assoc_object **)loaded.items, loaded.len, NULL, extra, nextra, &step);
		}
		pv_free(&owners);
		pv_free(&loaded);
	}
	return rc;
}
