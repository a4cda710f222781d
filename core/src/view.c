/*
 * view.c - the public collection API, for relationship collections and proxy
 * views alike.
 *
 * Every operation is written once over a handful of primitives (length, the
 * value at a position, making a member for a value, inserting and removing
 * members, setting the value at a position). A relationship collection's
 * values are its member objects; a proxy view's values are attr read off the
 * members of its relationship collection, and new values become members
 * through the proxy's creator. Operations that add several values make every
 * member first, so a creator that fails leaves the collection unchanged.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct view {
	assoc_collection *c;     /* the handle the program holds */
	assoc_collection *under; /* the relationship collection holding the members */
	struct proxy *p;         /* NULL for a relationship collection */
};

static const char *kind_name(assoc_collection_kind k)
{
	return k == ASSOC_COLLECTION_DICT ? "dict" : k == ASSOC_COLLECTION_SET ? "set" : "list";
}

static assoc_collection_kind view_kind(const assoc_collection *c) { return c->proxy ? c->proxy->kind : c->rel->collection; }

static const char *view_name(const assoc_collection *c) { return c->proxy ? c->proxy->attr->name : c->rel->attr->name; }

/* Check the handle, load the members; writing: the owner must accept changes. */
static int view_open(struct view *v, assoc_collection *c, int writing)
{
	memset(v, 0, sizeof *v);
	if (!c)
		return assoc_error_set(ASSOC_EINVAL, "collection is NULL");
	v->c = c;
	v->p = c->proxy;
	v->under = c->proxy ? collection_get(c->owner, c->rel) : c;
	if (!v->under)
		return err_oom();
	int rc = collection_load(v->under);
	if (rc)
		return rc;
	if (writing && c->owner->state == ASSOC_STATE_DELETED)
		return assoc_error_set(ASSOC_ESTATE, "%s is deleted; cannot change '%s'", assoc_object_repr(c->owner),
		                       view_name(c));
	return 0;
}

static int need_kind(struct view *v, assoc_collection_kind want, const char *op)
{
	assoc_collection_kind kind = view_kind(v->c);
	if (kind == want)
		return 0;
	return assoc_error_set(ASSOC_ETYPE, "%s.%s is a %s %s: '%s' does not apply", v->c->owner->mapper->name,
	                       view_name(v->c), kind_name(kind), v->p ? "proxy" : "collection", op);
}

static int not_dict(struct view *v, const char *op)
{
	if (view_kind(v->c) != ASSOC_COLLECTION_DICT)
		return 0;
	return assoc_error_set(ASSOC_ETYPE, "%s.%s is a dict %s: '%s' does not apply", v->c->owner->mapper->name,
	                       view_name(v->c), v->p ? "proxy" : "collection", op);
}

static size_t view_len(const struct view *v) { return v->under->len; }

static int view_value(const struct view *v, size_t i, assoc_value *out)
{
	assoc_object *m = v->under->items[i];
	if (!v->p) {
		*out = assoc_value_object(m);
		return 0;
	}
	return proxy_value_of(v->p, m, out);
}

static int range_ok(struct view *v, size_t i)
{
	if (i < view_len(v))
		return 0;
	return assoc_error_set(ASSOC_ERANGE, "%s.%s: index %zu out of range (length %zu)", v->c->owner->mapper->name,
	                       view_name(v->c), i, view_len(v));
}

/* Position of the first member whose value equals x, or -1. */
static int view_find(const struct view *v, const assoc_value *x, int *rc)
{
	if ((*rc = value_check(x, view_name(v->c))))
		return -1;
	if (!v->p)
		return x->kind == ASSOC_OBJECT ? coll_find(v->under, x->u.object) : -1;
	for (size_t i = 0; i < view_len(v); i++) {
		assoc_value val;
		if ((*rc = view_value(v, i, &val)))
			return -1;
		if (assoc_value_equal(&val, x))
			return (int)i;
	}
	return -1;
}

/* The member that will hold value x (under key, for dicts): an object, or a new intermediary. */
static int view_make(struct view *v, const assoc_value *key, assoc_value x, assoc_object **out)
{
	*out = NULL;
	assoc_collection *u = v->under;
	if (v->p) {
		int rc = proxy_check_value(v->p, &x);
		return rc ? rc : proxy_create(v->p, u->owner, key, x, out);
	}
	return coll_member_of(out, u, x);
}

/* Dict: the member's key attribute takes key, as attribute_keyed_dict expects. */
static int set_member_key(struct view *v, assoc_object *m, assoc_value key)
{
	const struct assoc_attr *ka = v->under->rel->dict_key;
	assoc_value cur;
	int rc = assoc_object_get_attr(m, ka, &cur);
	if (!rc && !assoc_value_equal(&cur, &key))
		rc = assoc_object_set_attr(m, (assoc_attr *)ka, key);
	return rc;
}

static int view_remove_at(struct view *v, size_t i) { return coll_remove_at(v->under, i); }

static int key_index(const struct view *v, const assoc_value *key)
{
	if (value_check(key, view_name(v->c)))
		return -1; /* callers that can report it check first */
	for (size_t i = 0; i < v->under->len; i++)
		if (assoc_value_equal(&v->under->keys[i], key))
			return (int)i;
	return -1;
}

static int no_key(struct view *v, const assoc_value *key)
{
	strbuf sb;
	sb_init(&sb);
	value_repr(&sb, key);
	int rc = assoc_error_set(ASSOC_ENOTFOUND, "%s.%s has no key %s", v->c->owner->mapper->name, view_name(v->c),
	                         sb_str(&sb));
	sb_free(&sb);
	return rc;
}

static int key_ok(struct view *v, assoc_value *key)
{
	return check_column_value(v->under->rel->dict_key->col, v->under->rel->target, key);
}

/* Put x under key: an existing member takes the value, else a new one joins. */
static int view_put(struct view *v, assoc_value key, assoc_value x)
{
	int i = key_index(v, &key);
	if (v->p && i >= 0) {
		int rc = proxy_check_value(v->p, &x);
		return rc ? rc : proxy_set_value_of(v->p, v->under->items[i], &key, x);
	}
	assoc_object *m;
	int rc = view_make(v, &key, x, &m);
	if (rc || (rc = set_member_key(v, m, key)))
		return rc;
	return coll_add_item(v->under, m, 1, 1);
}

/* Make a member for each value before anything changes. */
static int make_all(struct view *v, const assoc_value *keys, const assoc_value *values, size_t n, assoc_object ***out)
{
	*out = NULL;
	if (n && !values)
		return assoc_error_set(ASSOC_EINVAL, "%s.%s: values is NULL", v->c->owner->mapper->name, view_name(v->c));
	assoc_object **ms = mem_calloc(n ? n : 1, sizeof *ms);
	if (!ms)
		return err_oom();
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		assoc_value key;
		if (keys) {
			key = keys[i];
			if (!(rc = key_ok(v, &key)) && !(rc = view_make(v, &key, values[i], &ms[i])))
				rc = set_member_key(v, ms[i], key);
		} else
			rc = view_make(v, NULL, values[i], &ms[i]);
	}
	if (rc) {
		mem_free(ms);
		return rc;
	}
	*out = ms;
	return 0;
}

/*
 * For assigning a proxy: the member already holding each value (a dict: the
 * member under each key, which takes the new value) stays, so its row and
 * its other columns survive; only values no member holds get a new member.
 * A list keeps members only while the order survives a reload: for the
 * leading values that equal members further on, in order (new rows sort
 * after old ones, and there is no position column to say otherwise).
 * Every value is checked and every new member made before anything changes.
 */
static int reuse_all(struct view *v, const assoc_value *keys, const assoc_value *values, size_t n,
                     assoc_object ***out)
{
	*out = NULL;
	if (n && !values)
		return assoc_error_set(ASSOC_EINVAL, "%s.%s: values is NULL", v->c->owner->mapper->name, view_name(v->c));
	size_t len = view_len(v);
	assoc_object **ms = mem_calloc(n ? n : 1, sizeof *ms);
	char *used = mem_calloc(len ? len : 1, 1);
	int *put = mem_calloc(n ? n : 1, sizeof *put); /* dict: the member under the key takes the value */
	int rc = !ms || !used || !put ? err_oom() : 0;
	int list = view_kind(v->c) == ASSOC_COLLECTION_LIST, in_order = 1;
	size_t from = 0; /* a list: kept members come from here on */
	for (size_t i = 0; i < n && !rc; i++) {
		assoc_value x = values[i];
		int at = -1;
		if (keys) {
			assoc_value key = keys[i];
			if (!(rc = key_ok(v, &key)) && (at = key_index(v, &key)) >= 0)
				rc = proxy_check_value(v->p, &x);
			put[i] = at >= 0;
		} else if (!list || in_order) {
			for (size_t j = list ? from : 0; j < len && at < 0 && !rc; j++) {
				assoc_value cur;
				if (!used[j] && !(rc = view_value(v, j, &cur)) && assoc_value_equal(&cur, &x))
					at = (int)j;
			}
			if (list && at < 0)
				in_order = 0; /* a new member: everything after it is new too */
			else if (list)
				from = (size_t)at + 1;
		}
		if (rc || at < 0)
			continue;
		used[at] = 1;
		ms[i] = v->under->items[at];
	}
	for (size_t i = 0; i < n && !rc; i++) {
		if (ms[i])
			continue;
		assoc_value key = keys ? keys[i] : assoc_value_null();
		if (!(rc = view_make(v, keys ? &key : NULL, values[i], &ms[i])) && keys)
			rc = set_member_key(v, ms[i], key);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		assoc_value cur;
		if (put[i] && !(rc = proxy_value_of(v->p, ms[i], &cur)) && !assoc_value_equal(&cur, &values[i]))
			rc = proxy_set_value_of(v->p, ms[i], &keys[i], values[i]);
	}
	mem_free(used);
	mem_free(put);
	if (rc) {
		mem_free(ms);
		return rc;
	}
	*out = ms;
	return 0;
}

/* ---- handle-level ------------------------------------------------------------ */

assoc_collection_kind assoc_collection_kind_of(const assoc_collection *c)
{
	return c ? view_kind(c) : ASSOC_COLLECTION_LIST;
}

assoc_object *assoc_collection_owner(const assoc_collection *c) { return c ? c->owner : NULL; }
int assoc_collection_is_proxy(const assoc_collection *c) { return c && c->proxy; }
void *assoc_collection_custom(const assoc_collection *c) { return c ? c->custom : NULL; }

/* ---- reading ------------------------------------------------------------------- */

int assoc_collection_len(size_t *out, assoc_collection *c)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (!rc)
		*out = view_len(&v);
	return rc;
}

int assoc_collection_get(assoc_value *out, assoc_collection *c, size_t i)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc || (rc = range_ok(&v, i)))
		return rc;
	return view_value(&v, i, out);
}

int assoc_collection_key_at(assoc_value *out, assoc_collection *c, size_t i)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "key_at")) || (rc = range_ok(&v, i)))
		return rc;
	*out = v.under->keys[i];
	return 0;
}

int assoc_collection_contains(int *out, assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc)
		return rc;
	if (view_kind(c) == ASSOC_COLLECTION_DICT) { /* Python: `in` on a dict tests keys */
		*out = key_index(&v, &x) >= 0;
		return value_check(&x, view_name(c));
	}
	*out = view_find(&v, &x, &rc) >= 0;
	return rc;
}

int assoc_collection_index(size_t *out, assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc || (rc = not_dict(&v, "index")))
		return rc;
	int i = view_find(&v, &x, &rc);
	if (rc)
		return rc;
	if (i < 0)
		return assoc_error_set(ASSOC_ENOTFOUND, "%s.%s does not contain that value", c->owner->mapper->name,
		                       view_name(c));
	*out = (size_t)i;
	return 0;
}

int assoc_collection_count_of(size_t *out, assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc)
		return rc;
	size_t n = 0;
	for (size_t i = 0; i < view_len(&v); i++) {
		assoc_value val;
		if ((rc = view_value(&v, i, &val)))
			return rc;
		n += assoc_value_equal(&val, &x);
	}
	*out = n;
	return 0;
}

int assoc_collection_lookup(assoc_value *out, assoc_collection *c, assoc_value key)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 0);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "lookup")))
		return rc;
	if ((rc = value_check(&key, view_name(c))))
		return rc;
	int i = key_index(&v, &key);
	if (i < 0)
		return no_key(&v, &key);
	return view_value(&v, (size_t)i, out);
}

/* ---- list and set writes ----------------------------------------------------- */

int assoc_collection_append(assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc)
		return rc;
	if (view_kind(c) == ASSOC_COLLECTION_SET && v.p) {
		if (view_find(&v, &x, &rc) >= 0 || rc)
			return rc;
	}
	if (view_kind(c) == ASSOC_COLLECTION_DICT && v.p)
		return need_kind(&v, ASSOC_COLLECTION_LIST, "append");
	assoc_object *m;
	if ((rc = view_make(&v, NULL, x, &m)))
		return rc;
	return coll_add_item(v.under, m, 1, 1);
}

int assoc_collection_insert(assoc_collection *c, size_t i, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "insert")))
		return rc;
	if (i > view_len(&v))
		return assoc_error_set(ASSOC_ERANGE, "%s.%s: insert position %zu out of range (length %zu)",
		                       c->owner->mapper->name, view_name(c), i, view_len(&v));
	assoc_object *m;
	if ((rc = view_make(&v, NULL, x, &m)))
		return rc;
	return coll_insert_at(v.under, i, m, 1, 1);
}

int assoc_collection_set(assoc_collection *c, size_t i, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "set")) || (rc = range_ok(&v, i)))
		return rc;
	if (v.p) { /* the member at i takes the value */
		if ((rc = proxy_check_value(v.p, &x)))
			return rc;
		return proxy_set_value_of(v.p, v.under->items[i], NULL, x);
	}
	assoc_object *m;
	if ((rc = view_make(&v, NULL, x, &m)))
		return rc;
	if (v.under->items[i] == m)
		return 0;
	if ((rc = view_remove_at(&v, i)))
		return rc;
	return coll_insert_at(v.under, i, m, 1, 1);
}

int assoc_collection_extend(assoc_collection *c, const assoc_value *values, size_t n)
{
	struct view v = { 0 };
	assoc_object **ms;
	int rc = view_open(&v, c, 1);
	if (rc || (rc = not_dict(&v, "extend")) || (rc = make_all(&v, NULL, values, n, &ms)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = coll_add_item(v.under, ms[i], 1, 1);
	mem_free(ms);
	return rc;
}

int assoc_collection_remove(assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = not_dict(&v, "remove")))
		return rc;
	int i = view_find(&v, &x, &rc);
	if (rc)
		return rc;
	if (i < 0) {
		strbuf sb;
		sb_init(&sb);
		value_repr(&sb, &x);
		rc = assoc_error_set(ASSOC_ENOTFOUND, "%s.%s does not contain %s", c->owner->mapper->name, view_name(c),
		                     sb_str(&sb));
		sb_free(&sb);
		return rc;
	}
	return view_remove_at(&v, (size_t)i);
}

int assoc_collection_discard(assoc_collection *c, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = not_dict(&v, "discard")))
		return rc;
	int i = view_find(&v, &x, &rc);
	return rc || i < 0 ? rc : view_remove_at(&v, (size_t)i);
}

int assoc_collection_pop(assoc_value *out, assoc_collection *c, size_t i)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "pop")) || (rc = range_ok(&v, i)))
		return rc;
	if (out && (rc = view_value(&v, i, out)))
		return rc;
	return view_remove_at(&v, i);
}

int assoc_collection_clear(assoc_collection *c)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	while (!rc && view_len(&v))
		rc = view_remove_at(&v, view_len(&v) - 1);
	return rc;
}

/* ---- dict writes ----------------------------------------------------------------- */

int assoc_collection_put(assoc_collection *c, assoc_value key, assoc_value x)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "put")) || (rc = key_ok(&v, &key)))
		return rc;
	return view_put(&v, key, x);
}

int assoc_collection_delete_key(assoc_collection *c, assoc_value key)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "delete_key")))
		return rc;
	if ((rc = value_check(&key, view_name(c))))
		return rc;
	int i = key_index(&v, &key);
	return i < 0 ? no_key(&v, &key) : view_remove_at(&v, (size_t)i);
}

int assoc_collection_pop_key(assoc_value *out, assoc_collection *c, assoc_value key)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "pop_key")))
		return rc;
	if ((rc = value_check(&key, view_name(c))))
		return rc;
	int i = key_index(&v, &key);
	if (i < 0)
		return no_key(&v, &key);
	if (out && (rc = view_value(&v, (size_t)i, out)))
		return rc;
	return view_remove_at(&v, (size_t)i);
}

int assoc_collection_setdefault(assoc_value *out, assoc_collection *c, assoc_value key, assoc_value dflt)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "setdefault")) || (rc = key_ok(&v, &key)))
		return rc;
	if ((rc = value_check(&key, view_name(c))))
		return rc;
	int i = key_index(&v, &key);
	if (i < 0) {
		if ((rc = view_put(&v, key, dflt)))
			return rc;
		i = key_index(&v, &key);
	} else if (!v.p && dflt.kind == ASSOC_OBJECT && v.under->items[i] == dflt.u.object &&
	           (rc = coll_cascade_member(v.under, dflt.u.object))) /* the default is the member: cascade */
		return rc;
	return i < 0 ? no_key(&v, &key) : view_value(&v, (size_t)i, out);
}

/* keys[i] is also one of keys[0..i-1]: as dict.update, that member takes the later value. */
static int repeated_key(const assoc_value *keys, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (assoc_value_equal(&keys[j], &keys[i]))
			return 1;
	return 0;
}

int assoc_collection_update(assoc_collection *c, const assoc_value *keys, const assoc_value *values, size_t n)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_DICT, "update")))
		return rc;
	if (n && (!keys || !values))
		return assoc_error_set(ASSOC_EINVAL, "%s.%s: update needs keys and values", c->owner->mapper->name, view_name(c));
	for (size_t i = 0; i < n; i++) { /* check every key and value before changing anything */
		assoc_value k = keys[i], x = values[i];
		if ((rc = key_ok(&v, &k)) || (v.p && (rc = proxy_check_value(v.p, &x))))
			return rc;
		if (!v.p) {
			assoc_object *m;
			if ((rc = coll_member_of(&m, v.under, x)))
				return rc;
		}
	}
	/* members for new keys are made first, so a failing creator changes nothing */
	assoc_object **made = mem_calloc(n ? n : 1, sizeof *made);
	if (!made)
		return err_oom();
	for (size_t i = 0; i < n && !rc; i++)
		if (!v.p || (key_index(&v, &keys[i]) < 0 && !repeated_key(keys, i)))
			rc = view_make(&v, &keys[i], values[i], &made[i]);
	for (size_t i = 0; i < n && !rc; i++) {
		if (!made[i]) /* an existing member under the key takes the value */
			rc = proxy_set_value_of(v.p, v.under->items[key_index(&v, &keys[i])], &keys[i], values[i]);
		else if (!(rc = set_member_key(&v, made[i], keys[i])))
			rc = coll_add_item(v.under, made[i], 1, 1);
	}
	mem_free(made);
	return rc;
}

/* ---- whole-collection assignment ------------------------------------------------- */

static size_t count_of(assoc_object *const *items, size_t n, const assoc_object *x)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += items[i] == x;
	return k;
}

/*
 * SQLAlchemy's _bulk_replace: clear, then the program's bulk setter. The
 * members (and a dict's keys) are copied first; when the clear or the setter
 * fails, the relationship collection is assigned them back and the objects
 * the call made pending become transient again, so the call changes nothing.
 */
static int bulk_set(struct view *v, const assoc_value *keys, const assoc_value *values, size_t n)
{
	assoc_collection *c = v->c, *under = v->under;
	assoc_session *s = c->owner->session;
	size_t len = under->len, first_new = s ? s->newobjs.len : 0;
	int dict = under->keys != NULL;
	assoc_value *was = mem_calloc(len ? len : 1, sizeof *was), *was_keys = NULL;
	if (!was || (dict && !(was_keys = mem_calloc(len ? len : 1, sizeof *was_keys)))) {
		mem_free(was);
		return err_oom();
	}
	int rc = 0;
	for (size_t i = 0; i < len; i++) {
		was[i] = assoc_value_object(under->items[i]);
		if (dict && !rc)
			rc = value_copy(&was_keys[i], &under->keys[i]);
	}
	if (rc) { /* nothing changed yet */
		for (size_t i = 0; i < len; i++)
			value_clear(&was_keys[i]);
		mem_free(was_keys);
		mem_free(was);
		return rc;
	}
	while (!rc && view_len(v))
		rc = view_remove_at(v, view_len(v) - 1);
	if (!rc) {
		callback_enter(s);
		rc = v->p->opts.proxy_bulk_set(v->p->opts.proxy_bulk_set_data, c, keys, values, n);
		callback_leave(s);
		rc = callback_result(rc, "proxy_bulk_set", c->owner->mapper->name, view_name(c));
	}
	if (rc) {
		char *msg = xstrdup(assoc_error_last()->message);
		int back = assoc_collection_assign(under, was_keys, was, len);
		while (!back && s && s->newobjs.len > first_new) /* made by the failed call */
			session_pending_to_transient(s, s->newobjs.items[s->newobjs.len - 1]);
		if (back) /* the collection could not be put back: say so, after the first error */
			assoc_error_set(rc, "%s (and restoring %s.%s failed: %s)", msg ? msg : "proxy_bulk_set failed",
			                c->owner->mapper->name, view_name(c), assoc_error_last()->message);
		else
			assoc_error_set(rc, "%s", msg ? msg : "proxy_bulk_set failed (the message was lost: out of memory)");
		mem_free(msg);
	}
	for (size_t i = 0; dict && i < len; i++)
		value_clear(&was_keys[i]);
	mem_free(was_keys);
	mem_free(was);
	return rc;
}

int assoc_collection_assign(assoc_collection *c, const assoc_value *keys, const assoc_value *values, size_t n)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc)
		return rc;
	int dict = view_kind(c) == ASSOC_COLLECTION_DICT;
	if (dict != (keys != NULL))
		return assoc_error_set(ASSOC_EINVAL, "%s.%s: %s", c->owner->mapper->name, view_name(c),
		                       dict ? "a dict is assigned keys and values" : "only a dict is assigned keys");
	if (v.p && v.p->opts.proxy_bulk_set)
		return bulk_set(&v, keys, values, n);
	/* a set holds each value once, and a dict each key: the last one given wins */
	assoc_value *uk = NULL, *uv = NULL;
	if (view_kind(c) != ASSOC_COLLECTION_LIST && n) {
		uk = keys ? mem_calloc(n, sizeof *uk) : NULL;
		uv = mem_calloc(n, sizeof *uv);
		if (!uv || (keys && !uk)) {
			mem_free(uk);
			mem_free(uv);
			return err_oom();
		}
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			const assoc_value *id = keys ? keys : values;
			size_t j = 0;
			while (j < m && !assoc_value_equal(keys ? &uk[j] : &uv[j], &id[i]))
				j++;
			if (keys)
				uk[j] = keys[i];
			uv[j] = values[i];
			if (j == m)
				m++;
		}
		keys = uk;
		values = uv;
		n = m;
	}
	assoc_object **ms;
	rc = v.p ? reuse_all(&v, keys, values, n, &ms) : make_all(&v, keys, values, n, &ms);
	mem_free(uk);
	mem_free(uv);
	if (rc)
		return rc;
	/* members that stay keep their rows; the rest leave, the new ones join; a
	 * list keeps as many occurrences of each as given */
	int list = view_kind(c) == ASSOC_COLLECTION_LIST;
	for (size_t i = view_len(&v); i-- > 0 && !rc;) {
		assoc_object *x = v.under->items[i];
		size_t want = count_of(ms, n, x), have = count_of(v.under->items, i + 1, x);
		if (want == 0 || (list && have > want))
			rc = view_remove_at(&v, i);
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (list ? count_of(v.under->items, v.under->len, ms[i]) < count_of(ms, i + 1, ms[i])
		         : coll_find(v.under, ms[i]) < 0)
			rc = coll_add_item(v.under, ms[i], 1, 1);
		else /* a member that stays is still cascaded to */
			rc = coll_cascade_member(v.under, ms[i]);
	if (!rc && view_kind(c) == ASSOC_COLLECTION_LIST && n && v.under->len == n) /* a list takes the order given */
		memcpy(v.under->items, ms, n * sizeof *ms);
	mem_free(ms);
	return rc;
}

/* ---- slices ------------------------------------------------------------------------ */

static size_t clamp(ptrdiff_t i, size_t len)
{
	if (i < 0)
		i += (ptrdiff_t)len;
	if (i < 0)
		return 0;
	return (size_t)i > len ? len : (size_t)i;
}

static int list_new(assoc_valuelist **out)
{
	*out = mem_calloc(1, sizeof **out);
	return *out ? 0 : err_oom();
}

static int list_push(assoc_valuelist *l, const assoc_value *x)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		assoc_value *items = mem_realloc(l->items, cap * sizeof *items);
		if (!items)
			return err_oom();
		l->items = items;
		l->cap = cap;
	}
	int rc = value_copy(&l->items[l->len], x);
	if (!rc)
		l->len++;
	return rc;
}

size_t assoc_valuelist_count(const assoc_valuelist *l) { return l ? l->len : 0; }

assoc_value assoc_valuelist_get(const assoc_valuelist *l, size_t i)
{
	return l && i < l->len ? l->items[i] : assoc_value_null();
}

void assoc_valuelist_free(assoc_valuelist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->len; i++)
		value_clear(&l->items[i]);
	mem_free(l->items);
	mem_free(l);
}

int assoc_collection_get_slice(assoc_valuelist **out, assoc_collection *c, ptrdiff_t start, ptrdiff_t stop)
{
	struct view v = { 0 };
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_collection_get_slice: out is NULL");
	*out = NULL;
	int rc = view_open(&v, c, 0);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "slice")) || (rc = list_new(out)))
		return rc;
	size_t a = clamp(start, view_len(&v)), b = clamp(stop == PTRDIFF_MAX ? (ptrdiff_t)view_len(&v) : stop, view_len(&v));
	for (size_t i = a; i < b && !rc; i++) {
		assoc_value x;
		if (!(rc = view_value(&v, i, &x)))
			rc = list_push(*out, &x);
	}
	if (rc) {
		assoc_valuelist_free(*out);
		*out = NULL;
	}
	return rc;
}

int assoc_collection_set_slice(assoc_collection *c, ptrdiff_t start, ptrdiff_t stop, const assoc_value *values,
                               size_t n)
{
	struct view v = { 0 };
	assoc_object **ms;
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "set_slice")) || (rc = make_all(&v, NULL, values, n, &ms)))
		return rc;
	size_t a = clamp(start, view_len(&v)), b = clamp(stop == PTRDIFF_MAX ? (ptrdiff_t)view_len(&v) : stop, view_len(&v));
	for (size_t i = b; i-- > a && !rc;)
		rc = view_remove_at(&v, i);
	for (size_t i = 0; i < n && !rc; i++)
		rc = coll_insert_at(v.under, a + i, ms[i], 1, 1);
	mem_free(ms);
	return rc;
}

int assoc_collection_delete_slice(assoc_collection *c, ptrdiff_t start, ptrdiff_t stop)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_kind(&v, ASSOC_COLLECTION_LIST, "delete_slice")))
		return rc;
	size_t a = clamp(start, view_len(&v)), b = clamp(stop == PTRDIFF_MAX ? (ptrdiff_t)view_len(&v) : stop, view_len(&v));
	for (size_t i = b; i-- > a && !rc;)
		rc = view_remove_at(&v, i);
	return rc;
}

/* ---- set algebra ------------------------------------------------------------------- */

static int in_values(const assoc_value *values, size_t n, const assoc_value *x)
{
	for (size_t i = 0; i < n; i++)
		if (assoc_value_equal(&values[i], x))
			return 1;
	return 0;
}

static int in_list(const assoc_valuelist *l, const assoc_value *x) { return in_values(l->items, l->len, x); }

/* The distinct values of the collection. */
static int view_values(struct view *v, assoc_valuelist *l)
{
	int rc = 0;
	for (size_t i = 0; i < view_len(v) && !rc; i++) {
		assoc_value x;
		if (!(rc = view_value(v, i, &x)) && !in_list(l, &x))
			rc = list_push(l, &x);
	}
	return rc;
}

static int need_set(struct view *v, const assoc_value *values, size_t n, const char *op)
{
	int rc = need_kind(v, ASSOC_COLLECTION_SET, op);
	if (!rc && n && !values)
		rc = assoc_error_set(ASSOC_EINVAL, "%s: values is NULL", op);
	return rc;
}

int assoc_collection_set_op(assoc_valuelist **out, assoc_collection *c, assoc_set_op op, const assoc_value *values,
                            size_t n)
{
	struct view v = { 0 };
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_collection_set_op: out is NULL");
	*out = NULL;
	assoc_valuelist *mine = NULL;
	int rc = view_open(&v, c, 0);
	if (rc || (rc = need_set(&v, values, n, "set_op")) || (rc = list_new(&mine)) || (rc = view_values(&v, mine)) ||
	    (rc = list_new(out))) {
		assoc_valuelist_free(mine);
		return rc;
	}
	for (size_t i = 0; i < mine->len && !rc; i++) {
		int other = in_values(values, n, &mine->items[i]);
		int keep = op == ASSOC_SET_UNION || (op == ASSOC_SET_INTERSECTION && other) ||
		           ((op == ASSOC_SET_DIFFERENCE || op == ASSOC_SET_SYMMETRIC_DIFFERENCE) && !other);
		if (keep)
			rc = list_push(*out, &mine->items[i]);
	}
	if (op == ASSOC_SET_UNION || op == ASSOC_SET_SYMMETRIC_DIFFERENCE)
		for (size_t i = 0; i < n && !rc; i++)
			if (!in_list(mine, &values[i]) && !in_list(*out, &values[i]))
				rc = list_push(*out, &values[i]);
	assoc_valuelist_free(mine);
	if (rc) {
		assoc_valuelist_free(*out);
		*out = NULL;
	}
	return rc;
}

int assoc_collection_set_update(assoc_collection *c, assoc_set_op op, const assoc_value *values, size_t n)
{
	struct view v = { 0 };
	int rc = view_open(&v, c, 1);
	if (rc || (rc = need_set(&v, values, n, "set_update")))
		return rc;
	/* additions first become members, so a failing creator changes nothing */
	assoc_value *adds = mem_calloc(n ? n : 1, sizeof *adds);
	if (!adds)
		return err_oom();
	size_t nadds = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		int present = view_find(&v, &values[i], &rc) >= 0;
		if (!rc && !present && !in_values(adds, nadds, &values[i]) &&
		    (op == ASSOC_SET_UNION || op == ASSOC_SET_SYMMETRIC_DIFFERENCE))
			adds[nadds++] = values[i];
	}
	assoc_object **ms = NULL;
	if (!rc)
		rc = make_all(&v, NULL, adds, nadds, &ms);
	for (size_t i = view_len(&v); i-- > 0 && !rc && op != ASSOC_SET_UNION;) {
		assoc_value x;
		if ((rc = view_value(&v, i, &x)))
			break;
		int other = in_values(values, n, &x);
		int drop = (op == ASSOC_SET_INTERSECTION && !other) || (op != ASSOC_SET_INTERSECTION && other);
		if (drop)
			rc = view_remove_at(&v, i);
	}
	for (size_t i = 0; i < nadds && !rc; i++)
		rc = coll_add_item(v.under, ms[i], 1, 1);
	mem_free(ms);
	mem_free(adds);
	return rc;
}

int assoc_collection_set_compare(int *out, assoc_collection *c, assoc_set_cmp cmp, const assoc_value *values, size_t n)
{
	struct view v = { 0 };
	assoc_valuelist *mine = NULL, *theirs = NULL;
	int rc = view_open(&v, c, 0);
	if (rc || (rc = need_set(&v, values, n, "set_compare")) || (rc = list_new(&mine)) || (rc = view_values(&v, mine)) ||
	    (rc = list_new(&theirs))) {
		assoc_valuelist_free(mine);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (!in_list(theirs, &values[i]))
			rc = list_push(theirs, &values[i]);
	size_t common = 0;
	for (size_t i = 0; i < mine->len; i++)
		common += in_list(theirs, &mine->items[i]);
	int sub = common == mine->len, super = common == theirs->len;
	switch (cmp) {
	case ASSOC_SET_EQUAL: *out = sub && super; break;
	case ASSOC_SET_SUBSET: *out = sub; break;
	case ASSOC_SET_SUPERSET: *out = super; break;
	case ASSOC_SET_PROPER_SUBSET: *out = sub && !super; break;
	case ASSOC_SET_PROPER_SUPERSET: *out = super && !sub; break;
	case ASSOC_SET_DISJOINT: *out = common == 0; break;
	default: rc = assoc_error_set(ASSOC_EINVAL, "set_compare: unknown comparison %d", (int)cmp);
	}
	assoc_valuelist_free(mine);
	assoc_valuelist_free(theirs);
	return rc;
}
