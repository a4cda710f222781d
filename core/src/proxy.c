/*
 * proxy.c - association proxies: configuration, the values they read and
 * write on intermediary objects, creating intermediaries, and scalar proxies.
 * The collection views live in view.c.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int assoc_proxy_options_init(assoc_proxy_options *opts, unsigned int version)
{
	if (!opts || (version != ASSOC_PROXY_OPTIONS_VERSION && version != ASSOC_PROXY_OPTIONS_VERSION_1))
		return assoc_error_set(ASSOC_EINVAL, "assoc_proxy_options_init: unsupported version %u", version);
	assoc_proxy_options init = ASSOC_PROXY_OPTIONS_INIT;
	*opts = init;
	opts->version = version; /* the versions differ in behaviour only (proxy.h) */
	return 0;
}

void proxy_free(struct proxy *p)
{
	mem_free(p->target_collection);
	mem_free(p->attr_name);
	mem_free(p);
}

int assoc_mapper_add_proxy(assoc_mapper *m, const char *name, const assoc_proxy_options *o)
{
	if (!m || !name || !o)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_add_proxy: NULL argument");
	if (m->reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_mapper_add_proxy: the registry is configured and can no longer change");
	if (o->version != ASSOC_PROXY_OPTIONS_VERSION && o->version != ASSOC_PROXY_OPTIONS_VERSION_1)
		return assoc_error_set(ASSOC_EINVAL, "proxy '%s.%s': assoc_proxy_options version %u is not supported", m->name,
		                       name, o->version);
	if (o->cascade_scalar_deletes && o->create_on_none_assignment)
		return assoc_error_set(ASSOC_EINVAL, "proxy '%s.%s': The cascade_scalar_deletes and create_on_none_assignment "
		                       "parameters are mutually exclusive.", m->name, name);
	if (!*name || !o->target_collection || !o->attr)
		return assoc_error_set(ASSOC_EINVAL, "proxy '%s.%s': a name, target_collection and attr are required", m->name,
		                       name);
	if (mapper_find_attr(m, name) || table_column(m->table, name))
		return assoc_error_set(ASSOC_EEXISTS, "mapper '%s' already has an attribute '%s'", m->name, name);
	struct proxy *p = mem_calloc(1, sizeof *p);
	struct assoc_attr *a = mem_calloc(1, sizeof *a);
	if (!p || !a || !(p->target_collection = xstrdup(o->target_collection)) || !(p->attr_name = xstrdup(o->attr)))
		goto oom;
	p->opts = *o;
	p->opts.target_collection = p->target_collection;
	p->opts.attr = p->attr_name;
	p->attr = a;
	a->mapper = m;
	a->kind = ASSOC_ATTR_PROXY;
	a->proxy = p;
	if (mapper_register_attr(m, a, name, &m->proxies, p))
		goto oom;
	p->index = a->slot;
	return 0;
oom:
	if (a)
		mem_free(a->name);
	mem_free(a);
	if (p)
		proxy_free(p);
	return err_oom();
}

/* Resolve p (and, first, any proxy it reads through); depth guards against cycles. */
static int resolve_proxy(struct proxy *p, int depth)
{
	struct assoc_mapper *m = p->attr->mapper;
	const char *pn = p->attr->name;
	if (p->kind != (assoc_collection_kind)-1 && p->rel)
		return 0;
	if (depth > 8)
		return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': proxies refer to each other in a cycle", m->name, pn);
	struct assoc_attr *local = mapper_find_attr(m, p->target_collection);
	if (!local || local->kind != ASSOC_ATTR_RELATIONSHIP)
		return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': target_collection '%s' is not a relationship of '%s'",
		                       m->name, pn, p->target_collection, m->name);
	struct relationship *rel = local->rel;
	struct assoc_attr *remote = mapper_find_attr(rel->target, p->attr_name);
	if (!remote)
		return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': '%s' (the target of '%s') has no attribute '%s'", m->name,
		                       pn, rel->target->name, p->target_collection, p->attr_name);
	/* over a collection, a proxy reads one value per member; over a scalar it may read a collection */
	if (rel->uselist && remote->kind == ASSOC_ATTR_RELATIONSHIP && remote->rel->uselist)
		return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': '%s.%s' is a collection; a proxy reads one value per member",
		                       m->name, pn, rel->target->name, p->attr_name);
	if (remote->kind == ASSOC_ATTR_PROXY) {
		int rc = resolve_proxy(remote->proxy, depth + 1);
		if (rc)
			return rc;
		if (rel->uselist && proxy_value_is_collection(remote->proxy))
			return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': '%s.%s' is a collection proxy; a proxy reads one value per member",
			                       m->name, pn, rel->target->name, p->attr_name);
	}
	p->rel = rel;
	p->local = local;
	p->remote = remote;
	p->kind = rel->uselist ? rel->collection : ASSOC_COLLECTION_SCALAR;
	/* without a constraint the database cannot arbitrate: lookup, then a plain INSERT (proxy.h) */
	p->unique_col = p->opts.unique && remote->kind == ASSOC_ATTR_COLUMN && column_is_unique(remote->col) ? remote->col
	                                                                                                     : NULL;
	memset(&p->getset, 0, sizeof p->getset);
	if (p->opts.getset_factory) {
		int rc = p->opts.getset_factory(p->opts.getset_data, p->kind, p->attr, &p->getset);
		if (rc < 0)
			return rc;
		if (!p->getset.getter || !p->getset.setter)
			return assoc_error_set(ASSOC_ECONFIG, "proxy '%s.%s': getset_factory gave no getter or no setter", m->name, pn);
	}
	return 0;
}

/*
 * A collection proxy, or a scalar proxy whose attr is a collection (a
 * relationship, or a proxy that reads as one): SQLAlchemy's m2o -> o2m
 * proxy, which reads as the intermediary's collection.
 */
int proxy_value_is_collection(const struct proxy *p)
{
	const struct assoc_attr *r = p->remote;
	if (p->kind != ASSOC_COLLECTION_SCALAR)
		return 1;
	if (r->kind == ASSOC_ATTR_RELATIONSHIP)
		return r->rel->uselist;
	return r->kind == ASSOC_ATTR_PROXY && proxy_value_is_collection(r->proxy);
}

int proxy_of_collection(const struct proxy *p)
{
	return p->kind == ASSOC_COLLECTION_SCALAR && proxy_value_is_collection(p);
}

/* Called by assoc_registry_configure once relationships are resolved. */
int configure_proxies(assoc_registry *reg)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->proxies.len; j++) {
			struct proxy *p = m->proxies.items[j];
			p->rel = NULL;
			p->kind = (assoc_collection_kind)-1;
		}
	}
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->proxies.len; j++) {
			int rc = resolve_proxy(m->proxies.items[j], 0);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- introspection --------------------------------------------------------- */

static const struct proxy *proxy_of(const assoc_attr *a)
{
	return a && a->kind == ASSOC_ATTR_PROXY && a->mapper->reg->configured ? a->proxy : NULL;
}

assoc_mapper *assoc_proxy_target_class(const assoc_attr *a)
{
	const struct proxy *p = proxy_of(a);
	return p ? p->rel->target : NULL;
}

int assoc_proxy_is_scalar(const assoc_attr *a)
{
	const struct proxy *p = proxy_of(a);
	return p && p->kind == ASSOC_COLLECTION_SCALAR;
}

assoc_attr *assoc_proxy_local_attr(const assoc_attr *a)
{
	const struct proxy *p = proxy_of(a);
	return p ? p->local : NULL;
}

assoc_attr *assoc_proxy_remote_attr(const assoc_attr *a)
{
	const struct proxy *p = proxy_of(a);
	return p ? p->remote : NULL;
}

void *assoc_proxy_info(const assoc_attr *a)
{
	return a && a->kind == ASSOC_ATTR_PROXY ? a->proxy->opts.info : NULL;
}

/* ---- values on intermediaries ------------------------------------------------ */

/*
 * A custom getter's TEXT or BLOB result in *out becomes the library's copy,
 * kept on holder (the object read, or the owner for a NULL target) until p
 * next reads other bytes there (callback.h: assoc_getter_fn). Equal bytes
 * keep the copy already handed out, so a value read earlier stays valid.
 */
static int getter_keep(assoc_object *holder, const struct proxy *p, assoc_value *out)
{
	if (out->kind != ASSOC_TEXT && out->kind != ASSOC_BLOB)
		return 0;
	size_t len = out->u.bytes.len;
	if (len && !out->u.bytes.data)
		return assoc_error_set(ASSOC_ECALLBACK, "the getter of %s.%s returned %s of %zu bytes at NULL",
		                       p->attr->mapper->name, p->attr->name, assoc_value_kind_name(out->kind), len);
	struct getter_copy **at = &holder->getter_copies;
	while (*at && (*at)->proxy != p)
		at = &(*at)->next;
	struct getter_copy *c = *at;
	if (!c || c->len != len || (len && memcmp(c->bytes, out->u.bytes.data, len) != 0)) {
		if (len >= SIZE_MAX - sizeof *c)
			return err_oom();
		struct getter_copy *n = mem_alloc(sizeof *n + len + 1);
		if (!n) {
			*out = assoc_value_null();
			return err_oom();
		}
		n->proxy = p;
		n->len = len;
		if (len)
			memcpy(n->bytes, out->u.bytes.data, len);
		n->bytes[len] = '\0';
		n->next = c ? c->next : NULL;
		mem_free(c);
		*at = c = n;
	}
	out->u.bytes.data = c->bytes;
	return 0;
}

/* Call p's custom getter for target (NULL: no intermediary), holder keeping what it returns. */
static int call_getter(struct proxy *p, assoc_object *holder, assoc_object *target, assoc_value *out)
{
	*out = assoc_value_null();
	assoc_session *s = holder->session;
	callback_enter(s);
	int rc = p->getset.getter(p->getset.userdata, target, out);
	callback_leave(s);
	if ((rc = callback_result(rc, "getter", p->attr->mapper->name, p->attr->name)) ||
	    (rc = getter_keep(holder, p, out))) {
		*out = assoc_value_null();
		return rc;
	}
	return 0;
}

/* The proxied value of one intermediary object. */
int proxy_value_of(struct proxy *p, assoc_object *member, assoc_value *out)
{
	if (p->getset.getter)
		return call_getter(p, member, member, out);
	return assoc_object_get_attr(member, p->remote, out);
}

/* Write the proxied value onto one intermediary object. */
int proxy_set_value_of(struct proxy *p, assoc_object *member, const assoc_value *key, assoc_value v)
{
	if (p->getset.setter) {
		assoc_session *s = member->session;
		callback_enter(s);
		int rc = p->getset.setter(p->getset.userdata, member, key, &v);
		callback_leave(s);
		return callback_result(rc, "setter", p->attr->mapper->name, p->attr->name);
	}
	return assoc_object_set_attr(member, p->remote, v);
}

/* The value must suit attr, checked before any creator runs. */
int proxy_check_value(struct proxy *p, assoc_value *v)
{
	const struct assoc_attr *r = p->remote;
	int rc = value_check(v, p->attr->name);
	if (rc)
		return rc;
	if (p->getset.setter || p->opts.creator)
		return 0; /* the program's own functions decide */
	if (r->kind == ASSOC_ATTR_COLUMN)
		return check_column_value(r->col, r->mapper, v);
	if (r->kind == ASSOC_ATTR_RELATIONSHIP) {
		if (v->kind == ASSOC_NULL)
			return 0;
		if (v->kind != ASSOC_OBJECT || v->u.object->mapper != r->rel->target)
			return assoc_error_set(ASSOC_ETYPE, "%s.%s proxies %s.%s, which takes a %s object: cannot take %s",
			                       p->attr->mapper->name, p->attr->name, r->mapper->name, r->name,
			                       r->rel->target->name,
			                       v->kind == ASSOC_OBJECT ? v->u.object->mapper->name : assoc_value_kind_name(v->kind));
		return 0;
	}
	return proxy_check_value(r->proxy, v);
}

static uint64_t uniq_hash(const struct assoc_attr *a, const assoc_value *v)
{
	return hash_bytes(value_hash(v), &a, sizeof a) | 1;
}

/* The target remembered for (a, v), if it still holds v and is still in the session. */
static assoc_object *uniq_get(assoc_session *s, const struct assoc_attr *a, const assoc_value *v)
{
	struct uniq_index *u = &s->uniq;
	if (!u->cap)
		return NULL;
	uint64_t h = uniq_hash(a, v);
	for (size_t i = (size_t)h & (u->cap - 1); u->slots[i].hash; i = (i + 1) & (u->cap - 1)) {
		struct uniq_entry *e = &u->slots[i];
		if (e->hash != h || e->attr != a)
			continue;
		assoc_object *o = e->obj;
		if ((o->state == ASSOC_STATE_PENDING || o->state == ASSOC_STATE_PERSISTENT || o->state == ASSOC_STATE_TRANSIENT) &&
		    !o->in_deleted && (o->colflags[a->slot] & COL_LOADED) && assoc_value_equal(&o->vals[a->slot], v))
			return o;
	}
	return NULL;
}

static int uniq_put(assoc_session *s, const struct assoc_attr *a, const assoc_value *v, assoc_object *o)
{
	struct uniq_index *u = &s->uniq;
	if ((u->len + 1) * 2 > u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;
		struct uniq_entry *slots = mem_calloc(cap, sizeof *slots);
		if (!slots)
			return err_oom();
		for (size_t i = 0; i < u->cap; i++)
			if (u->slots[i].hash) {
				size_t j = (size_t)u->slots[i].hash & (cap - 1);
				while (slots[j].hash)
					j = (j + 1) & (cap - 1);
				slots[j] = u->slots[i];
			}
		mem_free(u->slots);
		u->slots = slots;
		u->cap = cap;
	}
	uint64_t h = uniq_hash(a, v);
	size_t i = (size_t)h & (u->cap - 1);
	while (u->slots[i].hash)
		i = (i + 1) & (u->cap - 1);
	u->slots[i] = (struct uniq_entry){ a, h, o };
	u->len++;
	return 0;
}

/* An existing target whose attr equals v: those made or found before, then the database. */
static int find_unique(struct proxy *p, assoc_object *owner, assoc_value v, assoc_object **out)
{
	*out = NULL;
	const struct assoc_attr *r = p->remote;
	if (r->kind != ASSOC_ATTR_COLUMN || v.kind == ASSOC_NULL)
		return 0;
	assoc_session *s = owner->session;
	if ((*out = uniq_get(s, r, &v)))
		return 0;
	/* no autoflush: the object asking may itself be half made (UniqueObject's no_autoflush) */
	assoc_query *q;
	int rc = assoc_query_new(&q, s, r->mapper);
	if (rc)
		return rc;
	s->loading++;
	s->autocommit_reads++;
	if (!(rc = assoc_query_filter_by(q, r->name, v)))
		rc = assoc_query_first(out, q);
	s->autocommit_reads--;
	s->loading--;
	assoc_query_free(q);
	if (!rc && *out)
		rc = uniq_put(s, r, &v, *out);
	return rc;
}

/* A target made for a unique proxy's value: if another session inserts the same value first, its flush takes that row. */
static void mark_unique(struct proxy *p, assoc_object *o, const assoc_value *key, const assoc_value *value)
{
	if (p->unique_col && !key && value->kind != ASSOC_NULL && o->mapper == p->remote->mapper &&
	    (o->state == ASSOC_STATE_TRANSIENT || o->state == ASSOC_STATE_PENDING))
		o->unique_on = p->unique_col;
}

/* A new intermediary for value (and key, for dicts): unique lookup, the creator, or the default. */
int proxy_create(struct proxy *p, assoc_object *owner, const assoc_value *key, assoc_value value, assoc_object **out)
{
	*out = NULL;
	int rc;
	assoc_mapper *tm = p->rel->target;
	if (p->opts.unique && !key) {
		if ((rc = find_unique(p, owner, value, out)) || *out)
			return rc;
	}
	if (p->opts.creator) {
		assoc_session *s = owner->session;
		callback_enter(s);
		rc = p->opts.creator(p->opts.creator_data, owner, key, &value, out);
		callback_leave(s);
		if ((rc = callback_result(rc, "creator", owner->mapper->name, p->attr->name))) {
			*out = NULL;
			return rc;
		}
		if (!*out)
			return assoc_error_set(ASSOC_ECALLBACK, "the creator of %s.%s returned no object", owner->mapper->name,
			                       p->attr->name);
		if (p->opts.unique && !key && p->remote->kind == ASSOC_ATTR_COLUMN && value.kind != ASSOC_NULL &&
		    (*out)->mapper == tm && (rc = uniq_put(owner->session, p->remote, &value, *out)))
			return rc;
		if ((*out)->mapper != tm || (*out)->session != owner->session) {
			rc = assoc_error_set(ASSOC_ECALLBACK, "the creator of %s.%s returned a %s%s; expected a %s of the owner's session",
			                     owner->mapper->name, p->attr->name, (*out)->mapper->name,
			                     (*out)->session != owner->session ? " of another session" : "", tm->name);
			*out = NULL;
			return rc;
		}
		mark_unique(p, *out, key, &value);
		return 0;
	}
	assoc_object *o;
	if ((rc = assoc_object_new(&o, owner->session, tm)))
		return rc;
	if (key && p->rel->dict_key && (rc = assoc_object_set_attr(o, p->rel->dict_key, *key)))
		return rc;
	if ((rc = proxy_set_value_of(p, o, key, value)))
		return rc;
	if (p->opts.unique && !key && p->remote->kind == ASSOC_ATTR_COLUMN && value.kind != ASSOC_NULL &&
	    (rc = uniq_put(owner->session, p->remote, &value, o)))
		return rc;
	mark_unique(p, o, key, &value);
	*out = o;
	return 0;
}

/* ---- scalar proxies -------------------------------------------------------------- */

/* A scalar proxy with no intermediary: a custom getter says what it reads as (get(None), options version 2). */
static int scalar_get_none(assoc_object *o, struct proxy *p, assoc_value *out)
{
	*out = assoc_value_null();
	if (!p->getset.getter || p->opts.version < ASSOC_PROXY_OPTIONS_VERSION)
		return 0;
	return call_getter(p, o, NULL, out);
}

int proxy_scalar_get(assoc_object *o, struct proxy *p, assoc_value *out)
{
	if (proxy_of_collection(p))
		return assoc_error_set(ASSOC_ETYPE, "%s.%s proxies the collection %s.%s; read it with assoc_object_collection",
		                       o->mapper->name, p->attr->name, p->remote->mapper->name, p->remote->name);
	int rc = rel_ensure_loaded(o, p->rel);
	if (rc)
		return rc;
	assoc_object *target = o->rels[p->rel->attr->slot].scalar;
	if (!target)
		return scalar_get_none(o, p, out);
	return proxy_value_of(p, target, out);
}

int proxy_scalar_set(assoc_object *o, struct proxy *p, assoc_value v)
{
	if (proxy_of_collection(p))
		return assoc_error_set(ASSOC_ETYPE, "%s.%s proxies the collection %s.%s; change it through assoc_object_collection",
		                       o->mapper->name, p->attr->name, p->remote->mapper->name, p->remote->name);
	int rc = proxy_check_value(p, &v);
	if (rc || (rc = rel_ensure_loaded(o, p->rel)))
		return rc;
	assoc_object *target = o->rels[p->rel->attr->slot].scalar;
	if (!target) {
		if (v.kind == ASSOC_NULL && !p->opts.create_on_none_assignment)
			return 0;
		if ((rc = proxy_create(p, o, NULL, v, &target)))
			return rc;
		return rel_set_scalar(o, p->rel, target, 1);
	}
	if ((rc = proxy_set_value_of(p, target, NULL, v)))
		return rc;
	if (v.kind == ASSOC_NULL && p->opts.cascade_scalar_deletes)
		return rel_set_scalar(o, p->rel, NULL, 1);
	return 0;
}

/* The collection a scalar proxy of a collection reads as: its intermediary's. */
int proxy_scalar_collection(assoc_collection **out, assoc_object *o, struct proxy *p)
{
	int rc = rel_ensure_loaded(o, p->rel);
	if (rc)
		return rc;
	assoc_object *target = o->rels[p->rel->attr->slot].scalar;
	if (!target)
		return assoc_error_set(ASSOC_ENOTFOUND, "%s.%s: there is no %s (%s.%s is NULL)", o->mapper->name,
		                       p->attr->name, p->rel->target->name, o->mapper->name, p->local->name);
	return assoc_object_collection_attr(out, target, p->remote);
}

/* del o.proxy: clear attr on the intermediary (a collection: empty it), then let it go. */
int proxy_scalar_unset(assoc_object *o, struct proxy *p)
{
	int rc = rel_ensure_loaded(o, p->rel);
	if (rc)
		return rc;
	assoc_object *target = o->rels[p->rel->attr->slot].scalar;
	if (!target)
		return 0;
	if (proxy_of_collection(p))
		rc = assoc_object_unset(target, p->remote->name);
	else
		rc = proxy_set_value_of(p, target, NULL, assoc_value_null());
	if (rc)
		return rc;
	return rel_set_scalar(o, p->rel, NULL, 1);
}
