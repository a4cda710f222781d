/*
 * object.c - objects: allocation, attribute access, states, pins.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLAB_SIZE (256 * 1024)

static size_t object_size(const assoc_mapper *m)
{
	return sizeof(assoc_object) + m->ncols * sizeof(assoc_value) + m->rels.len * sizeof(struct relstate) + m->ncols;
}

/* Bump-allocate size bytes (zeroed) from the session's current slab: slabs are
 * allocated zeroed and never reused, so fresh pages are not written twice. */
static void *slab_alloc(assoc_session *s, size_t size, struct slab **from)
{
	size = (size + 15) & ~(size_t)15;
	struct slab *sl = s->slabs;
	if (!sl || sl->cap - sl->used < size) {
		if (size > SLAB_SIZE / 4) { /* a big object gets an allocation of its own */
			*from = NULL;
			return mem_calloc(1, size);
		}
		sl = mem_calloc(1, sizeof *sl + SLAB_SIZE);
		if (!sl)
			return NULL;
		sl->used = sl->live = 0;
		sl->cap = SLAB_SIZE;
		sl->retired = 0;
		sl->next = s->slabs;
		s->slabs = sl;
	}
	void *p = sl->data + sl->used;
	sl->used += size;
	sl->live++;
	*from = sl;
	return p;
}

/* A new object block with extra bytes after it for inline column values. */
int object_alloc(assoc_object **out, assoc_session *s, assoc_mapper *m, size_t extra)
{
	size_t ncols = m->ncols, nrels = m->rels.len;
	struct slab *from;
	assoc_object *o = slab_alloc(s, object_size(m) + extra, &from);
	if (!o)
		return err_oom();
	o->slab = from;
	o->mapper = m;
	o->session = s;
	o->vals = (assoc_value *)(o + 1);
	o->rels = (struct relstate *)(o->vals + ncols);
	o->colflags = (uint8_t *)(o->rels + nrels);
	o->next = s->objects;
	if (s->objects)
		s->objects->prev = o;
	s->objects = o;
	*out = o;
	return 0;
}

char *object_inline_area(assoc_object *o) { return (char *)(o->colflags + o->mapper->ncols); }

/* Free column i's value, unless its bytes live inside the object block. */
void col_release(assoc_object *o, int i)
{
	if (o->colflags[i] & COL_INLINE)
		o->vals[i] = assoc_value_null();
	else
		value_clear(&o->vals[i]);
	o->colflags[i] &= (uint8_t)~COL_INLINE;
}

/* Move column i's value into orig[i] (orig must exist); inline bytes are copied out. */
int col_save_orig(assoc_object *o, int i)
{
	if (o->colflags[i] & COL_INLINE) {
		int rc = value_copy(&o->orig[i], &o->vals[i]);
		if (rc)
			return rc;
		o->colflags[i] &= (uint8_t)~COL_INLINE;
	} else
		o->orig[i] = o->vals[i];
	o->vals[i] = assoc_value_null();
	return 0;
}

static void slab_release(struct slab *sl)
{
	if (--sl->live == 0 && sl->retired)
		mem_free(sl);
}

/* The session closed: free the slabs nothing lives in; the rest go with their last object. */
void slabs_retire(struct slab *sl)
{
	while (sl) {
		struct slab *next = sl->next;
		sl->retired = 1;
		if (!sl->live)
			mem_free(sl);
		sl = next;
	}
}

void object_free(assoc_object *o)
{
	for (size_t i = 0; i < o->mapper->ncols; i++)
		col_release(o, (int)i);
	if (o->orig) {
		for (size_t i = 0; i < o->mapper->ncols; i++)
			value_clear(&o->orig[i]);
		mem_free(o->orig);
	}
	for (size_t i = 0; i < o->mapper->rels.len; i++)
		if (o->rels[i].coll)
			collection_free(o->rels[i].coll);
	if (o->views) {
		for (size_t i = 0; i < o->mapper->proxies.len; i++)
			mem_free(o->views[i]);
		mem_free(o->views);
	}
	while (o->getter_copies) {
		struct getter_copy *next = o->getter_copies->next;
		mem_free(o->getter_copies);
		o->getter_copies = next;
	}
	if (o->slab)
		slab_release(o->slab);
	else
		mem_free(o);
}

int assoc_object_new(assoc_object **out, assoc_session *s, assoc_mapper *m)
{
	if (!out || !s || !m)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_new: NULL argument");
	*out = NULL;
	int rc = session_check(s);
	if (rc)
		return rc;
	if (m->reg != s->reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_new: mapper '%s' is not in the session's registry", m->name);
	if ((rc = object_alloc(out, s, m, 0)))
		return rc;
	assoc_object *o = *out;
	for (size_t i = 0; i < m->ncols; i++)
		o->colflags[i] = COL_LOADED;
	for (size_t i = 0; i < m->rels.len; i++)
		o->rels[i].loaded = 1; /* a new object has nothing to load */
	o->state = ASSOC_STATE_TRANSIENT;
	return 0;
}

/* The primary key value i under which the object is known (its committed value). */
const assoc_value *object_pk_value(const assoc_object *o, size_t i)
{
	return object_committed_value(o, o->mapper->table->pk[i]);
}

/* Column col as the database row holds it (before unflushed changes). */
const assoc_value *object_committed_value(const assoc_object *o, int col)
{
	if (o->orig && (o->colflags[col] & COL_MODIFIED))
		return &o->orig[col];
	return &o->vals[col];
}

int object_has_identity(const assoc_object *o)
{
	for (size_t i = 0; i < o->mapper->table->npk; i++)
		if (object_pk_value(o, i)->kind == ASSOC_NULL)
			return 0;
	return 1;
}

/* Errors for objects that cannot be used at all. */
int object_check(assoc_object *o)
{
	if (!o)
		return assoc_error_set(ASSOC_EINVAL, "object is NULL");
	if (o->session && o->session->closed)
		return assoc_error_set(ASSOC_ECLOSED, "the session of %s is closed", o->mapper->name);
	return 0;
}

static int object_loadable(assoc_object *o, const char *what)
{
	if (!o->session || o->state == ASSOC_STATE_DETACHED)
		return assoc_error_set(ASSOC_EDETACHED, "%s is detached from its session; cannot load '%s'",
		                       assoc_object_repr(o), what);
	return 0;
}

/* Forget relationship i's loaded state; the next access loads it again. */
void rel_expire(assoc_object *o, size_t i)
{
	struct relstate *rs = &o->rels[i];
	rs->scalar = rs->scalar_prev = NULL;
	rs->changed = 0;
	rs->loaded = 0;
	if (rs->coll)
		collection_reset(rs->coll);
}

/* Make every column present: reload an expired object, or load its expired columns. */
int object_ensure_loaded(assoc_object *o)
{
	if (!o->expired && !o->cols_expired)
		return 0;
	int rc = object_loadable(o, "its columns");
	if (rc)
		return rc;
	return o->expired ? refresh_expired(o) : object_load_expired(o);
}

/*
 * Expire column col: an unflushed change is discarded. A primary key column
 * keeps its committed value (the identity to reload by) and stays LOADED.
 */
void object_expire_col(assoc_object *o, size_t col)
{
	const struct column *c = o->mapper->table->columns.items[col];
	int modified = o->orig && (o->colflags[col] & COL_MODIFIED);
	if (c->primary_key) {
		if (modified) {
			col_release(o, (int)col);
			o->vals[col] = o->orig[col];
			o->orig[col] = assoc_value_null();
		}
		o->colflags[col] = (uint8_t)(COL_LOADED | (o->colflags[col] & COL_INLINE));
		return;
	}
	col_release(o, (int)col);
	if (o->orig)
		value_clear(&o->orig[col]);
	if (o->mapper->col_deferred[col]) { /* deferred again: its next read loads it with its group */
		o->colflags[col] = COL_DEFERRED;
		o->cols_deferred = 1;
		return;
	}
	o->colflags[col] = COL_EXPIRED;
	o->cols_expired = 1;
}

/* Forget loaded state; the primary key stays, as the identity to reload by. */
void object_expire(assoc_object *o)
{
	for (size_t i = 0; i < o->mapper->ncols; i++)
		object_expire_col(o, i);
	if (o->orig) {
		for (size_t i = 0; i < o->mapper->ncols; i++)
			value_clear(&o->orig[i]);
		mem_free(o->orig);
		o->orig = NULL;
	}
	for (size_t i = 0; i < o->mapper->rels.len; i++)
		rel_expire(o, i);
	o->expired = 1;
}

/*
 * Store an owned value into column col, keeping the original for change
 * tracking. On failure (ASSOC_ENOMEM) nothing changed and owned is still the caller's.
 */
int object_set_col(assoc_object *o, int col, assoc_value *owned, int program_set)
{
	int tracked = o->state == ASSOC_STATE_PERSISTENT || o->state == ASSOC_STATE_DELETED;
	/* the row's value was never loaded (expired or deferred) */
	int unknown = tracked && (o->colflags[col] & (COL_EXPIRED | COL_DEFERRED));
	int rc;
	if (o->session && (rc = session_reserve_dirty(o->session, o)))
		return rc;
	if (tracked && !(o->colflags[col] & COL_MODIFIED)) {
		if (!o->orig && !(o->orig = mem_calloc(o->mapper->ncols, sizeof *o->orig)))
			return err_oom();
		if ((rc = col_save_orig(o, col)))
			return rc;
		o->colflags[col] |= COL_MODIFIED;
	} else {
		col_release(o, col);
		if (tracked)
			o->colflags[col] |= COL_MODIFIED;
	}
	o->vals[col] = *owned;
	o->colflags[col] &= (uint8_t)~(COL_EXPIRED | COL_DEFERRED);
	o->colflags[col] |= COL_LOADED | (program_set ? COL_SET : 0) | (unknown ? COL_NOORIG : 0);
	if (o->session)
		(void)session_mark_dirty(o->session, o); /* room reserved */
	return 0;
}

static int get_attr(assoc_object *o, const struct assoc_attr *a, assoc_value *out)
{
	if (a->kind == ASSOC_ATTR_COLUMN) {
		if (o->colflags[a->slot] & COL_DEFERRED) { /* loads alone (or with its group), expired or not */
			int rc = object_loadable(o, a->name);
			if (rc || (rc = object_load_deferred(o, a->slot)))
				return rc;
		/* an expired object reloads even for its kept primary key: the row may be gone */
		} else if (!(o->colflags[a->slot] & COL_LOADED) || (o->colflags[a->slot] & COL_EXPIRED) ||
		    (o->expired && o->state == ASSOC_STATE_PERSISTENT)) {
			int rc = object_loadable(o, a->name);
			if (rc || (rc = object_ensure_loaded(o)))
				return rc;
		}
		*out = o->vals[a->slot];
		return 0;
	}
	if (a->kind == ASSOC_ATTR_PROXY) {
		if (a->proxy->kind != ASSOC_COLLECTION_SCALAR)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection proxy; read it with assoc_object_collection",
			                       o->mapper->name, a->name);
		return proxy_scalar_get(o, a->proxy, out);
	}
	struct relationship *r = a->rel;
	if (r->uselist)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection; read it with assoc_object_collection",
		                       o->mapper->name, a->name);
	int rc = rel_ensure_loaded(o, r);
	if (rc)
		return rc;
	*out = assoc_value_object(o->rels[a->slot].scalar);
	return 0;
}

static int attr_of(const assoc_object *o, const assoc_attr *a)
{
	if (!a)
		return assoc_error_set(ASSOC_EINVAL, "attribute is NULL");
	if (a->mapper != o->mapper)
		return assoc_error_set(ASSOC_EINVAL, "attribute '%s.%s' does not belong to mapper '%s'",
		                       a->mapper->name, a->name, o->mapper->name);
	return 0;
}

int assoc_object_get_attr(assoc_object *o, const assoc_attr *a, assoc_value *out)
{
	int rc = object_check(o);
	if (rc || (rc = attr_of(o, a)))
		return rc;
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_get: out is NULL");
	return get_attr(o, a, out);
}

int assoc_object_get(assoc_object *o, const char *name, assoc_value *out)
{
	struct assoc_attr *a;
	int rc = object_check(o);
	if (rc || (rc = mapper_attr_or_error(&a, o->mapper, name)))
		return rc;
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_get: out is NULL");
	return get_attr(o, a, out);
}

static int set_attr(assoc_object *o, const struct assoc_attr *a, assoc_value v)
{
	if (!o->session || o->state == ASSOC_STATE_DETACHED)
		return assoc_error_set(ASSOC_EDETACHED, "%s is detached; cannot set '%s'", assoc_object_repr(o), a->name);
	if (o->state == ASSOC_STATE_DELETED)
		return assoc_error_set(ASSOC_ESTATE, "%s is deleted; cannot set '%s'", assoc_object_repr(o), a->name);
	int rc;
	if (a->kind == ASSOC_ATTR_COLUMN) {
		if ((rc = check_column_value(a->col, o->mapper, &v)))
			return rc;
		/*
		 * an expired object or column loads nothing on assignment: the UPDATE
		 * writes the value. A new primary key is the exception: the flush moves
		 * the row and its dependents by the loaded state.
		 */
		if (o->expired && a->col->primary_key && (rc = object_ensure_loaded(o)))
			return rc;
		assoc_value owned;
		if ((rc = value_copy(&owned, &v)))
			return rc;
		if ((rc = object_set_col(o, a->slot, &owned, 1)))
			value_clear(&owned);
		return rc;
	}
	if (a->kind == ASSOC_ATTR_PROXY) {
		if (a->proxy->kind != ASSOC_COLLECTION_SCALAR)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection proxy; change it through assoc_object_collection",
			                       o->mapper->name, a->name);
		return proxy_scalar_set(o, a->proxy, v);
	}
	struct relationship *r = a->rel;
	if (r->uselist)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a collection; change it through assoc_object_collection",
		                       o->mapper->name, a->name);
	if (v.kind != ASSOC_NULL && v.kind != ASSOC_OBJECT)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is a relationship to %s: cannot take %s", o->mapper->name,
		                       a->name, r->target->name, assoc_value_kind_name(v.kind));
	assoc_object *t = v.kind == ASSOC_OBJECT ? v.u.object : NULL;
	if (t && t->mapper != r->target)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s takes a %s, not a %s", o->mapper->name, a->name,
		                       r->target->name, t->mapper->name);
	if (t && t->session != o->session)
		return assoc_error_set(ASSOC_ESTATE, "%s.%s: %s belongs to another session or is detached",
		                       o->mapper->name, a->name, assoc_object_repr(t));
	if ((rc = rel_load_old(o, r)))
		return rc;
	return rel_set_scalar(o, r, t, 1);
}

int assoc_object_set_attr(assoc_object *o, const assoc_attr *a, assoc_value v)
{
	int rc = object_check(o);
	if (rc || (rc = attr_of(o, a)))
		return rc;
	return set_attr(o, a, v);
}

int assoc_object_set(assoc_object *o, const char *name, assoc_value v)
{
	struct assoc_attr *a;
	int rc = object_check(o);
	if (rc || (rc = mapper_attr_or_error(&a, o->mapper, name)))
		return rc;
	return set_attr(o, a, v);
}

/* The view of a collection proxy, made (and offered to proxy_factory) on first use. */
static int proxy_view(assoc_collection **out, assoc_object *o, struct proxy *p)
{
	if (!o->views && !(o->views = mem_calloc(o->mapper->proxies.len, sizeof *o->views)))
		return err_oom();
	assoc_collection *v = o->views[p->index];
	if (!v) {
		if (!(v = mem_calloc(1, sizeof *v)))
			return err_oom();
		v->owner = o;
		v->rel = p->rel;
		v->proxy = p;
		if (p->opts.proxy_factory) {
			callback_enter(o->session);
			int rc = p->opts.proxy_factory(p->opts.proxy_factory_data, v, &v->custom);
			callback_leave(o->session);
			if ((rc = callback_result(rc, "proxy_factory", o->mapper->name, p->attr->name))) {
				mem_free(v);
				return rc;
			}
		}
		o->views[p->index] = v;
	}
	*out = v;
	return 0;
}

static int collection_of(assoc_collection **out, assoc_object *o, const struct assoc_attr *a)
{
	if (a->kind == ASSOC_ATTR_PROXY && a->proxy->kind != ASSOC_COLLECTION_SCALAR)
		return proxy_view(out, o, a->proxy);
	if (a->kind == ASSOC_ATTR_PROXY && proxy_of_collection(a->proxy))
		return proxy_scalar_collection(out, o, a->proxy);
	if (a->kind != ASSOC_ATTR_RELATIONSHIP || !a->rel->uselist)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s is not a collection", o->mapper->name, a->name);
	*out = collection_get(o, a->rel);
	return *out ? 0 : err_oom();
}

int assoc_object_unset(assoc_object *o, const char *name)
{
	struct assoc_attr *a;
	int rc = object_check(o);
	if (rc || (rc = mapper_attr_or_error(&a, o->mapper, name)))
		return rc;
	if (a->kind == ASSOC_ATTR_PROXY && a->proxy->kind == ASSOC_COLLECTION_SCALAR) {
		if (!o->session || o->state == ASSOC_STATE_DETACHED)
			return assoc_error_set(ASSOC_EDETACHED, "%s is detached; cannot unset '%s'", assoc_object_repr(o), name);
		return proxy_scalar_unset(o, a->proxy);
	}
	if ((a->kind == ASSOC_ATTR_RELATIONSHIP && a->rel->uselist) || a->kind == ASSOC_ATTR_PROXY) {
		assoc_collection *c;
		return (rc = collection_of(&c, o, a)) ? rc : assoc_collection_clear(c);
	}
	return set_attr(o, a, assoc_value_null());
}

int assoc_object_collection(assoc_collection **out, assoc_object *o, const char *name)
{
	struct assoc_attr *a;
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_collection: out is NULL");
	*out = NULL;
	int rc = object_check(o);
	if (rc || (rc = mapper_attr_or_error(&a, o->mapper, name)))
		return rc;
	return collection_of(out, o, a);
}

int assoc_object_collection_attr(assoc_collection **out, assoc_object *o, const assoc_attr *a)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_object_collection_attr: out is NULL");
	*out = NULL;
	int rc = object_check(o);
	if (rc || (rc = attr_of(o, a)))
		return rc;
	return collection_of(out, o, a);
}

assoc_object_state assoc_object_state_of(const assoc_object *o)
{
	return o ? o->state : ASSOC_STATE_DETACHED;
}

const char *assoc_object_state_name(assoc_object_state s)
{
	switch (s) {
	case ASSOC_STATE_TRANSIENT: return "transient";
	case ASSOC_STATE_PENDING: return "pending";
	case ASSOC_STATE_PERSISTENT: return "persistent";
	case ASSOC_STATE_DELETED: return "deleted";
	case ASSOC_STATE_DETACHED: return "detached";
	}
	return "unknown";
}

assoc_mapper *assoc_object_mapper(const assoc_object *o) { return o ? o->mapper : NULL; }

assoc_session *assoc_object_session(const assoc_object *o)
{
	return o && o->state != ASSOC_STATE_DETACHED ? o->session : NULL;
}

int assoc_object_is_modified(const assoc_object *o, const char *name)
{
	if (!o || !name)
		return 0;
	struct assoc_attr *a = mapper_find_attr(o->mapper, name);
	if (!a)
		return 0;
	if (a->kind == ASSOC_ATTR_COLUMN)
		return (o->colflags[a->slot] & COL_MODIFIED) != 0 ||
		       (o->state == ASSOC_STATE_PENDING && (o->colflags[a->slot] & COL_SET));
	const struct relstate *rs = &o->rels[a->slot];
	return rs->changed || (rs->coll && (rs->coll->added.len || rs->coll->removed.len));
}

const char *assoc_object_repr(assoc_object *o)
{
	static _Thread_local char buf[256];
	static _Thread_local char *longer; /* a repr that did not fit buf, whole */
	if (!o)
		return "None";
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "<%s ", o->mapper->name);
	size_t npk = o->mapper->table->npk;
	if (npk > 1)
		sb_add(&sb, "(");
	for (size_t i = 0; i < npk; i++) {
		int col = o->mapper->table->pk[i];
		if (i)
			sb_add(&sb, ", ");
		if (o->colflags[col] & COL_LOADED) {
			const assoc_value *v = &o->vals[col];
			if (v->kind == ASSOC_TEXT)
				sb_addf(&sb, "%.*s", (int)v->u.bytes.len, v->u.bytes.data);
			else
				value_repr(&sb, v);
		} else
			sb_add(&sb, "?");
	}
	sb_add(&sb, npk > 1 ? ")>" : ">");
	mem_free(longer);
	longer = NULL;
	if (!sb.oom && sb.len >= sizeof buf)
		return longer = sb_take(&sb);
	snprintf(buf, sizeof buf, "%s", sb_str(&sb)); /* on OOM: as much as was made */
	sb_free(&sb);
	return buf;
}

void assoc_object_ref(assoc_object *o)
{
	if (o)
		o->refs++;
}

void assoc_object_unref(assoc_object *o)
{
	if (!o || o->refs <= 0)
		return;
	if (--o->refs == 0 && !o->session) {
		/* detached and no longer owned by a session: it held the registry for its mapper */
		assoc_registry *reg = o->mapper->reg;
		object_free(o);
		assoc_registry_free(reg);
	}
}
