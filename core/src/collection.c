/*
 * collection.c - relationship collections and scalars, kept in step with
 * their reverse side (back_populates / backref) the moment they change.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

assoc_collection *collection_get(assoc_object *o, struct relationship *rel)
{
	struct relstate *rs = &o->rels[rel->attr->slot];
	if (!rs->coll) {
		rs->coll = mem_calloc(1, sizeof *rs->coll);
		if (!rs->coll)
			return NULL;
		rs->coll->owner = o;
		rs->coll->rel = rel;
	}
	return rs->coll;
}

static void clear_items(assoc_collection *c)
{
	if (c->keys)
		for (size_t i = 0; i < c->len; i++)
			value_clear(&c->keys[i]);
	c->len = 0;
}

void collection_clear_history(assoc_collection *c)
{
	c->added.len = 0;
	c->removed.len = 0;
}

/* Forget the loaded members and the history (expire). */
void collection_reset(assoc_collection *c)
{
	clear_items(c);
	collection_clear_history(c);
}

void collection_free(assoc_collection *c)
{
	clear_items(c);
	mem_free(c->items);
	mem_free(c->keys);
	pv_free(&c->added);
	pv_free(&c->removed);
	mem_free(c);
}

int coll_find(const assoc_collection *c, const assoc_object *item)
{
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i] == item)
			return (int)i;
	return -1;
}

static int is_loaded(const assoc_collection *c) { return c->owner->rels[c->rel->attr->slot].loaded; }

int rel_ensure_loaded(assoc_object *o, struct relationship *rel)
{
	if (o->rels[rel->attr->slot].loaded)
		return 0;
	if (!o->session || o->state == ASSOC_STATE_DETACHED)
		return assoc_error_set(ASSOC_EDETACHED, "%s is detached from its session; cannot load '%s'",
		                       assoc_object_repr(o), rel->attr->name);
	if (o->session->closed)
		return assoc_error_set(ASSOC_ECLOSED, "the session of %s is closed", o->mapper->name);
	return load_relationship(o, rel);
}

/*
 * Before a scalar is replaced, and before anything changes, find what it
 * held where SQLAlchemy looks: a many-to-one in the session only, with no
 * SQL (unless delete-orphan on either side needs its old parent); anything
 * else from the database, since a one-to-one's old row must lose its key. No
 * autoflush: a change is under way. A detached object is left as it is (its
 * direct setter refuses it).
 */
int rel_load_old(assoc_object *o, struct relationship *rel)
{
	if (o->rels[rel->attr->slot].loaded)
		return 0;
	if (o->state != ASSOC_STATE_PERSISTENT || !o->session || o->session->closed)
		return rel_ensure_loaded(o, rel);
	unsigned orphan = rel->cascade | (rel->reverse ? rel->reverse->cascade : 0);
	if (rel->dir == REL_MANYTOONE && !(orphan & CASCADE_DELETE_ORPHAN))
		return 0; /* rel_peek_scalar reads the identity map when it is replaced */
	o->session->loading++;
	int rc = rel_ensure_loaded(o, rel);
	o->session->loading--;
	return rc;
}

int collection_load(assoc_collection *c)
{
	int rc = object_check(c->owner);
	return rc ? rc : rel_ensure_loaded(c->owner, c->rel);
}

/* History: room was reserved (reserve_member), so these cannot fail. */
static void record_add(assoc_collection *c, assoc_object *item)
{
	if (!pv_remove(&c->removed, item))
		(void)pv_push(&c->added, item);
}

static void record_remove(assoc_collection *c, assoc_object *item)
{
	if (!pv_remove(&c->added, item))
		(void)pv_push(&c->removed, item);
}

static int in_unit_of_work(const assoc_object *o)
{
	return o->state == ASSOC_STATE_PENDING || o->state == ASSOC_STATE_PERSISTENT;
}

static int grow(assoc_collection *c)
{
	if (c->len < c->cap)
		return 0;
	size_t cap = c->cap ? c->cap * 2 : 4;
	assoc_object **items = mem_realloc(c->items, cap * sizeof *items);
	if (!items)
		return err_oom();
	c->items = items;
	if (c->rel->collection == ASSOC_COLLECTION_DICT) {
		assoc_value *keys = mem_realloc(c->keys, cap * sizeof *keys);
		if (!keys)
			return err_oom();
		c->keys = keys;
	}
	c->cap = cap;
	return 0;
}

static int reverse_set_scalar(assoc_object *item, struct relationship *rev, assoc_object *owner);

static void mark(assoc_object *o)
{
	if (o->session)
		(void)session_mark_dirty(o->session, o); /* room reserved (reserve_member) */
}

/*
 * Before a member joins or leaves c (and, with fire, the reverse side of
 * item): take every allocation the change will need, so that once it starts
 * it cannot fail half-way. A member that joins and is transient becomes
 * pending here too (save-update cascade), undone by the cascade itself on failure.
 */
static int reserve_one(assoc_collection *c)
{
	if (c->owner->session && session_reserve_dirty(c->owner->session, c->owner))
		return err_oom();
	if (pv_reserve(&c->added, 1) || pv_reserve(&c->removed, 1))
		return err_oom();
	return is_loaded(c) ? grow(c) : 0;
}

/* reserve_one for o's collection of rel, made on first use. */
static int reserve_collection_of(assoc_object *o, struct relationship *rel)
{
	assoc_collection *c = collection_get(o, rel);
	return c ? reserve_one(c) : err_oom();
}

static int reserve_scalar_side(assoc_object *o, struct relationship *rel, int load);

/*
 * The save-update cascade of a member added from the owner's side, also when
 * it was a member already (SQLAlchemy's append_wo_mutation event).
 */
int coll_cascade_member(assoc_collection *c, assoc_object *item)
{
	assoc_object *owner = c->owner;
	if (in_unit_of_work(owner) && (c->rel->cascade & CASCADE_SAVE_UPDATE) &&
	    item->state == ASSOC_STATE_TRANSIENT)
		return session_cascade_add(owner->session, item);
	return 0;
}

static int reserve_member(assoc_collection *c, assoc_object *item, int fire, int joining)
{
	int rc = reserve_one(c);
	if (rc)
		return rc;
	struct relationship *rev = c->rel->reverse;
	if (fire && rev) {
		rc = rev->uselist ? reserve_collection_of(item, rev) : reserve_scalar_side(item, rev, joining);
		if (rc)
			return rc;
	}
	/* save-update cascades from the side changed, not along its backref (2.0) */
	if (joining && fire)
		rc = coll_cascade_member(c, item);
	return rc;
}

/*
 * o.rel is about to change: room for o, and for the collections its old and
 * new value leave or join; with load, its old value first (rel_load_old).
 */
static int reserve_scalar_side(assoc_object *o, struct relationship *rel, int load)
{
	int rc = load && o->state != ASSOC_STATE_DETACHED ? rel_load_old(o, rel) : 0;
	if (rc)
		return rc;
	if (o->session && session_reserve_dirty(o->session, o))
		return err_oom();
	struct relationship *fwd = rel->reverse;
	struct relstate *rs = &o->rels[rel->attr->slot];
	assoc_object *cur = rs->loaded ? rs->scalar : rel_peek_scalar(o, rel);
	if (fwd && fwd->uselist && cur)
		return reserve_collection_of(cur, fwd);
	if (fwd && !fwd->uselist && cur && cur->session)
		return session_reserve_dirty(cur->session, cur);
	return 0;
}

/* Put item at position pos of the loaded members (dict: under key, owned). */
static int place(assoc_collection *c, size_t pos, assoc_object *item, assoc_value *key)
{
	int rc = grow(c);
	if (rc)
		return rc;
	memmove(c->items + pos + 1, c->items + pos, (c->len - pos) * sizeof *c->items);
	c->items[pos] = item;
	if (c->keys) {
		memmove(c->keys + pos + 1, c->keys + pos, (c->len - pos) * sizeof *c->keys);
		c->keys[pos] = *key;
	}
	c->len++;
	return 0;
}

static void unplace(assoc_collection *c, size_t pos)
{
	if (c->keys) {
		value_clear(&c->keys[pos]);
		memmove(c->keys + pos, c->keys + pos + 1, (c->len - pos - 1) * sizeof *c->keys);
	}
	memmove(c->items + pos, c->items + pos + 1, (c->len - pos - 1) * sizeof *c->items);
	c->len--;
}


int coll_add_item(assoc_collection *c, assoc_object *item, int record, int fire)
{
	return coll_insert_at(c, (size_t)-1, item, record, fire);
}

/* 1 when a loaded list holds item more than once. */
static int has_dupes(const assoc_collection *c, const assoc_object *item)
{
	int n = 0;
	for (size_t i = 0; i < c->len && n < 2; i++)
		n += c->items[i] == item;
	return n > 1;
}

/* Side effects of a member joining: history, orphan flag, reverse side (the cascade came first). */
static int joined(assoc_collection *c, assoc_object *item, int record, int fire)
{
	struct relationship *rel = c->rel;
	assoc_object *owner = c->owner;
	/* a second copy in a list is no new member: the database has nothing to add */
	if (record && !(is_loaded(c) && has_dupes(c, item)))
		record_add(c, item);
	mark(owner);
	int rc = 0;
	if (fire && rel->reverse) {
		struct relationship *rev = rel->reverse;
		if (rev->uselist) {
			assoc_collection *rc_coll = collection_get(item, rev);
			if (!rc_coll)
				return err_oom();
			rc = coll_add_item(rc_coll, owner, 1, 0);
		} else {
			item->joining = 1;
			rc = reverse_set_scalar(item, rev, owner);
			item->joining = 0;
		}
	}
	item->orphan = 0; /* after the reverse step: leaving its old parent marked it */
	return rc;
}

/* Side effects of a member leaving. */
static int left(assoc_collection *c, assoc_object *item, int record, int fire)
{
	struct relationship *rel = c->rel;
	/* another occurrence stays: it keeps its backref and its row (SQLAlchemy's
	 * has_dupes check); a repeat was never recorded as added */
	if (is_loaded(c) && coll_find(c, item) >= 0) {
		mark(c->owner);
		return 0;
	}
	if (record)
		record_remove(c, item);
	if (rel->cascade & CASCADE_DELETE_ORPHAN)
		item->orphan = 1;
	mark(c->owner);
	int rc = 0;
	if (fire && rel->reverse) {
		struct relationship *rev = rel->reverse;
		if (rev->uselist) {
			assoc_collection *rc_coll = collection_get(item, rev);
			rc = rc_coll ? coll_remove_item(rc_coll, c->owner, 1, 0) : err_oom();
		} else if (item->rels[rev->attr->slot].scalar == c->owner)
			rc = rel_set_scalar(item, rev, NULL, 0);
	}
	/*
	 * Never flushed: expunge it (cascading), unless it is moving to another
	 * parent; under a parent outside the session, at the flush (#4040).
	 */
	if (!rc && (rel->cascade & CASCADE_DELETE_ORPHAN) && item->state == ASSOC_STATE_PENDING && item->session &&
	    in_unit_of_work(c->owner) && !item->joining)
		rc = assoc_session_expunge(item->session, item);
	return rc;
}

int coll_insert_at(assoc_collection *c, size_t pos, assoc_object *item, int record, int fire)
{
	struct relationship *rel = c->rel;
	if (!is_loaded(c)) { /* only history; merged when the collection loads */
		int rc = reserve_member(c, item, fire, 1);
		return rc ? rc : joined(c, item, record, fire);
	}
	if (rel->collection == ASSOC_COLLECTION_SET && coll_find(c, item) >= 0)
		return fire ? coll_cascade_member(c, item) : 0;
	/* Everything that can fail comes first; the save-update cascade (in reserve_member) last. */
	int rc;
	assoc_value key = assoc_value_null();
	assoc_object *old = NULL;
	size_t old_at = 0;
	if (rel->collection == ASSOC_COLLECTION_DICT) {
		const struct assoc_attr *ka = rel->dict_key;
		if (item->expired && (rc = object_ensure_loaded(item)))
			return rc;
		if ((rc = value_copy(&key, &item->vals[ka->slot])))
			return rc;
		for (size_t i = 0; i < c->len && !old; i++)
			if (assoc_value_equal(&c->keys[i], &key)) {
				if (c->items[i] == item) {
					value_clear(&key);
					return fire ? coll_cascade_member(c, item) : 0;
				}
				old = c->items[i];
				old_at = i;
			}
	}
	if ((old && (rc = reserve_member(c, old, fire, 0))) || (rc = reserve_member(c, item, fire, 1))) {
		value_clear(&key);
		return rc;
	}
	if (old) {
		unplace(c, old_at);
		if ((rc = left(c, old, 1, fire))) {
			value_clear(&key);
			return rc;
		}
	}
	if (pos > c->len)
		pos = c->len;
	if ((rc = place(c, pos, item, &key))) {
		value_clear(&key);
		return rc;
	}
	return joined(c, item, record, fire);
}

int coll_remove_item(assoc_collection *c, assoc_object *item, int record, int fire)
{
	int i = -1;
	if (is_loaded(c) && (i = coll_find(c, item)) < 0)
		return 0;
	int rc = reserve_member(c, item, fire, 0);
	if (rc)
		return rc;
	if (i >= 0)
		unplace(c, (size_t)i);
	return left(c, item, record, fire);
}

/* Set a scalar relationship, keeping the reverse side in step when fire is set. */
int rel_set_scalar(assoc_object *o, struct relationship *rel, assoc_object *target, int fire)
{
	struct relstate *rs = &o->rels[rel->attr->slot];
	int rc = o->state == ASSOC_STATE_DETACHED ? 0 : rel_load_old(o, rel);
	if (rc)
		return rc;
	assoc_object *old = rs->scalar;
	if (old == target && rs->loaded)
		return 0;
	struct relationship *rev = rel->reverse;
	/* the old value lets go of o below: what it holds of o is loaded first */
	assoc_object *cur = rs->loaded ? rs->scalar : rel_peek_scalar(o, rel);
	if (fire && rev && !rev->uselist && cur && cur->state != ASSOC_STATE_DETACHED)
		rc = rel_load_old(cur, rev);
	if (!rc)
		rc = reserve_scalar_side(o, rel, 0);
	if (!rc && fire && rev && target)
		rc = rev->uselist ? reserve_collection_of(target, rev) : reserve_scalar_side(target, rev, 1);
	/* save-update cascades from the side changed, not along its backref (2.0) */
	if (!rc && fire && target && in_unit_of_work(o) && (rel->cascade & CASCADE_SAVE_UPDATE) &&
	    target->state == ASSOC_STATE_TRANSIENT)
		rc = session_cascade_add(o->session, target);
	if (rc)
		return rc;
	if (!rs->loaded) { /* replaced without loading: the old value, if the identity map knows it */
		old = rel_peek_scalar(o, rel);
		rs->loaded = 1;
		rs->scalar = rs->scalar_prev = old;
		if (old == target && old)
			return 0;
	}
	rs->scalar = target;
	rs->changed = 1;
	mark(o);
	if (old && (rel->cascade & CASCADE_DELETE_ORPHAN))
		old->orphan = 1;
	if (target)
		target->orphan = 0;
	if (fire && rev) {
		if (rev->uselist) {
			if (old) {
				assoc_collection *oc = collection_get(old, rev);
				rc = oc ? coll_remove_item(oc, o, 1, 0) : err_oom();
			}
			if (!rc && target) {
				assoc_collection *tc = collection_get(target, rev);
				rc = tc ? coll_add_item(tc, o, 1, 0) : err_oom();
			}
		} else {
			/* the old one lets go of o, also when it had not loaded o */
			struct relstate *ors = old ? &old->rels[rev->attr->slot] : NULL;
			if (old && (!ors->loaded || ors->scalar == o))
				rc = rel_set_scalar(old, rev, NULL, 0);
			if (!rc && target)
				rc = reverse_set_scalar(target, rev, o);
		}
	}
	/* a pending old value never flushed: expunge it (cascading) */
	if (!rc && old && old->orphan && (rel->cascade & CASCADE_DELETE_ORPHAN) && old->state == ASSOC_STATE_PENDING &&
	    old->session && in_unit_of_work(o))
		rc = assoc_session_expunge(old->session, old);
	return rc;
}

/*
 * item.rev = owner, as the echo of a change on owner's side: item leaves the
 * collection of its previous owner, without echoing back to owner. Its old
 * value was loaded first (reserve_scalar_side).
 */
static int reverse_set_scalar(assoc_object *item, struct relationship *rev, assoc_object *owner)
{
	assoc_object *prev = rel_peek_scalar(item, rev);
	int rc = 0;
	/*
	 * A previous owner's collection lets go of item ([ticket:2789]); a
	 * previous owner's scalar keeps it until the flush (SQLAlchemy's
	 * recursion guard stops the echo there).
	 */
	if (prev && prev != owner && rev->reverse && rev->reverse->uselist) {
		assoc_collection *pc = collection_get(prev, rev->reverse);
		rc = pc ? coll_remove_item(pc, item, 1, 0) : err_oom();
	}
	return rc ? rc : rel_set_scalar(item, rev, owner, 0);
}

/* ---- primitives for view.c -------------------------------------------------- */

/* value must be an object of the target mapper in the owner's session. */
int coll_member_of(assoc_object **out, assoc_collection *c, assoc_value v)
{
	if (v.kind != ASSOC_OBJECT || !v.u.object)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s holds %s objects: cannot take %s", c->owner->mapper->name,
		                       c->rel->attr->name, c->rel->target->name, assoc_value_kind_name(v.kind));
	assoc_object *o = v.u.object;
	if (o->mapper != c->rel->target)
		return assoc_error_set(ASSOC_ETYPE, "%s.%s holds %s objects, not %s", c->owner->mapper->name,
		                       c->rel->attr->name, c->rel->target->name, o->mapper->name);
	if (o->session != c->owner->session || o->state == ASSOC_STATE_DETACHED)
		return assoc_error_set(ASSOC_ESTATE, "%s.%s: %s belongs to another session or is detached",
		                       c->owner->mapper->name, c->rel->attr->name, assoc_object_repr(o));
	*out = o;
	return 0;
}

/* Remove the member at position i (loaded collection), keeping everything in step. */
int coll_remove_at(assoc_collection *c, size_t i)
{
	assoc_object *item = c->items[i];
	int rc = reserve_member(c, item, 1, 0); /* before the change, so a failure changes nothing */
	if (rc)
		return rc;
	unplace(c, i);
	return left(c, item, 1, 1);
}

/* ---- filling from the database (no history, no reverse echo) ----------------- */

void collection_fill_begin(assoc_collection *c) { clear_items(c); }

int collection_fill_add(assoc_collection *c, assoc_object *item)
{
	if (pv_contains(&c->removed, item))
		return 0; /* removed before the collection was loaded */
	if (c->rel->collection == ASSOC_COLLECTION_SET && coll_find(c, item) >= 0)
		return 0;
	assoc_value key = assoc_value_null();
	if (c->rel->collection == ASSOC_COLLECTION_DICT) {
		int rc = value_copy(&key, &item->vals[c->rel->dict_key->slot]);
		if (rc)
			return rc;
	}
	int rc = place(c, c->len, item, &key);
	if (rc)
		value_clear(&key);
	return rc;
}

/*
 * Merge what was added before the load, and mark the collection loaded. A
 * list keeps every occurrence appended (SQLAlchemy's pending appends); one
 * the database already holds is no change to flush.
 */
int collection_fill_end(assoc_collection *c)
{
	size_t nrows = c->len, keep = 0;
	int list = c->rel->collection == ASSOC_COLLECTION_LIST;
	for (size_t i = 0; i < c->added.len; i++) {
		assoc_object *item = c->added.items[i];
		if (list || coll_find(c, item) < 0) {
			int rc = collection_fill_add(c, item);
			if (rc)
				return rc;
		}
	}
	/* nothing fails from here: the history keeps only what the rows did not hold */
	for (size_t i = 0; i < c->added.len; i++) {
		assoc_object *item = c->added.items[i];
		int in_rows = 0;
		for (size_t k = 0; k < nrows && !in_rows; k++)
			in_rows = c->items[k] == item;
		if (!(list && in_rows))
			c->added.items[keep++] = item;
	}
	c->added.len = keep;
	c->owner->rels[c->rel->attr->slot].loaded = 1;
	return 0;
}
