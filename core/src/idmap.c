/*
 * idmap.c - the identity map: (mapper, primary key) -> the one object.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define TOMB ((assoc_object *)(uintptr_t)1)

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

/* The hash of vals[cols[0..n)] (of vals[0..n) when cols is NULL): no copy of the key is needed. */
uint64_t identity_hash_at(const assoc_mapper *m, const assoc_value *vals, const int *cols, size_t n)
{
	uint64_t h = (uint64_t)m->index * 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++) {
		const assoc_value *v = &vals[cols ? (size_t)cols[i] : i];
		h = mix64(h ^ (v->kind == ASSOC_INTEGER ? (uint64_t)v->u.integer : value_hash(v)));
	}
	return h ? h : 1;
}

int keybuf_init(struct keybuf *k, size_t n)
{
	k->v = n <= sizeof k->local / sizeof k->local[0] ? k->local : mem_calloc(n, sizeof *k->v);
	return k->v ? 0 : err_oom();
}

void keybuf_free(struct keybuf *k)
{
	if (k->v != k->local)
		mem_free(k->v);
	k->v = NULL;
}

uint64_t identity_hash(const assoc_mapper *m, const assoc_value *pk, size_t npk)
{
	return identity_hash_at(m, pk, NULL, npk);
}

/* ---- the dense part ---------------------------------------------------------- */

#define DENSE_SLOT ((size_t)-2)

static int dense_eligible(const assoc_mapper *m, const assoc_value *pk)
{
	return m->table->rowid_pk >= 0 && pk[0].kind == ASSOC_INTEGER;
}

static struct idmap_dense *dense_of(struct idmap *map, const assoc_mapper *m, int make)
{
	if ((size_t)m->index >= map->ndense) {
		if (!make)
			return NULL;
		size_t n = m->reg->mappers.len;
		struct idmap_dense *d = mem_realloc(map->dense, n * sizeof *d);
		if (!d)
			return NULL;
		memset(d + map->ndense, 0, (n - map->ndense) * sizeof *d);
		map->dense = d;
		map->ndense = n;
	}
	return &map->dense[m->index];
}

static assoc_object *dense_get(const struct idmap_dense *d, int64_t k)
{
	if (!d || !d->cap || k < d->base || (uint64_t)(k - d->base) >= d->cap)
		return NULL;
	return d->slots[k - d->base];
}

/* Place o under key k; 0 when the keys around are too sparse (the caller uses the hash slots). */
static int dense_put(struct idmap_dense *d, int64_t k, assoc_object *o)
{
	if (!d->cap || k < d->base || (uint64_t)(k - d->base) >= d->cap) {
		int64_t lo = d->cap ? (k < d->base ? k : d->base) : k;
		int64_t hi = d->cap ? (k >= d->base + (int64_t)d->cap ? k + 1 : d->base + (int64_t)d->cap) : k + 1;
		if ((uint64_t)(hi - lo) > 4 * (uint64_t)d->count + 4096)
			return 0;
		size_t cap = d->cap ? d->cap : 1024;
		while ((uint64_t)cap < (uint64_t)(hi - lo))
			cap *= 2;
		int64_t base = lo < d->base || !d->cap ? lo : d->base;
		assoc_object **slots = mem_calloc(cap, sizeof *slots);
		if (!slots)
			return 0;
		if (d->cap)
			memcpy(slots + (d->base - base), d->slots, d->cap * sizeof *slots);
		mem_free(d->slots);
		d->slots = slots;
		d->cap = cap;
		d->base = base;
	}
	d->slots[k - d->base] = o;
	d->count++;
	o->in_dense = 1;
	return 1;
}

size_t idmap_count(const struct idmap *map) { return map->len + map->dense_count; }

void idmap_free(struct idmap *map)
{
	for (size_t i = 0; i < map->ndense; i++)
		mem_free(map->dense[i].slots);
	mem_free(map->dense);
	mem_free(map->slots);
	memset(map, 0, sizeof *map);
}

/* ---- the hash part --------------------------------------------------------------- */

static int same_key(const assoc_object *o, const assoc_mapper *m, const assoc_value *pk)
{
	if (o->mapper != m)
		return 0;
	for (size_t i = 0; i < m->table->npk; i++)
		if (!assoc_value_equal(object_pk_value(o, i), &pk[i]))
			return 0;
	return 1;
}

static assoc_object *hash_get(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash);

assoc_object *idmap_get(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash)
{
	if (dense_eligible(m, pk)) {
		struct idmap_dense *d = dense_of(map, m, 0);
		assoc_object *o = dense_get(d, pk[0].u.integer);
		if (o || !d || !d->spilled)
			return o;
	}
	return hash_get(map, m, pk, hash);
}

static assoc_object *hash_get(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash)
{
	if (!map->cap)
		return NULL;
	size_t mask = map->cap - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		struct idmap_slot *sl = &map->slots[i];
		if (!sl->o)
			return NULL;
		if (sl->hash == hash && sl->o != TOMB && same_key(sl->o, m, pk))
			return sl->o;
	}
}

static void place(struct idmap_slot *slots, size_t cap, uint64_t hash, assoc_object *o)
{
	size_t j = (size_t)hash & (cap - 1);
	while (slots[j].o && slots[j].o != TOMB)
		j = (j + 1) & (cap - 1);
	slots[j].hash = hash;
	slots[j].o = o;
}

/* Rehash into a table big enough for `need` live objects (tombstones are dropped). */
static int idmap_grow(struct idmap *map, size_t need)
{
	size_t cap = 64;
	while (need * 4 > cap * 3)
		cap *= 2;
	struct idmap_slot *slots = mem_calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < map->cap; i++)
		if (map->slots[i].o && map->slots[i].o != TOMB)
			place(slots, cap, map->slots[i].hash, map->slots[i].o);
	mem_free(map->slots);
	map->slots = slots;
	map->cap = cap;
	map->tombs = 0;
	return 0;
}

/* Make room for extra more objects without growing in between. */
int idmap_reserve(struct idmap *map, size_t extra)
{
	if ((map->len + map->tombs + extra) * 4 <= map->cap * 3)
		return 0;
	/* at least double when growing for live objects, so repeated reserves stay amortised */
	size_t need = map->len + extra;
	if (need * 4 > map->cap * 3 && need < map->cap)
		need = map->cap;
	return idmap_grow(map, need) ? err_oom() : 0;
}

/*
 * Look up (m, pk); when absent, *slot is where it would go, for idmap_put_at
 * (valid until the map next changes; call idmap_reserve(map, 1) first).
 */
assoc_object *idmap_find(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash,
                         size_t *slot)
{
	if (dense_eligible(m, pk)) {
		struct idmap_dense *d = dense_of(map, m, 0);
		assoc_object *o = dense_get(d, pk[0].u.integer);
		if (o || !d || !d->spilled) {
			*slot = DENSE_SLOT;
			return o;
		}
	}
	size_t mask = map->cap - 1, free_slot = (size_t)-1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		struct idmap_slot *sl = &map->slots[i];
		if (!sl->o) {
			*slot = free_slot != (size_t)-1 ? free_slot : i;
			return NULL;
		}
		if (sl->o == TOMB) {
			if (free_slot == (size_t)-1)
				free_slot = i;
		} else if (sl->hash == hash && same_key(sl->o, m, pk))
			return sl->o;
	}
}

static int dense_try(struct idmap *map, assoc_object *o)
{
	const assoc_value *pk = object_pk_value(o, 0);
	if (!dense_eligible(o->mapper, pk))
		return 0;
	struct idmap_dense *d = dense_of(map, o->mapper, 1);
	if (!d)
		return 0;
	if (dense_put(d, pk->u.integer, o)) {
		map->dense_count++;
		o->in_idmap = 1;
		return 1;
	}
	d->spilled = 1;
	return 0;
}

void idmap_put_at(struct idmap *map, size_t slot, assoc_object *o)
{
	if (slot == DENSE_SLOT) {
		if (dense_try(map, o))
			return;
		idmap_put(map, o); /* too sparse: the hash slots take it (room was reserved) */
		return;
	}
	if (map->slots[slot].o == TOMB)
		map->tombs--;
	map->slots[slot].hash = o->hash;
	map->slots[slot].o = o;
	map->len++;
	o->in_idmap = 1;
}

/* Insert o under its current identity (o->hash must be set). */
int idmap_put(struct idmap *map, assoc_object *o)
{
	if (dense_try(map, o))
		return 0;
	int rc = idmap_reserve(map, 1);
	if (rc)
		return rc;
	size_t mask = map->cap - 1;
	size_t i = (size_t)o->hash & mask;
	while (map->slots[i].o && map->slots[i].o != TOMB)
		i = (i + 1) & mask;
	if (map->slots[i].o == TOMB)
		map->tombs--;
	map->slots[i].hash = o->hash;
	map->slots[i].o = o;
	map->len++;
	o->in_idmap = 1;
	return 0;
}

void idmap_remove(struct idmap *map, assoc_object *o)
{
	if (o->in_idmap && o->in_dense) {
		struct idmap_dense *d = dense_of(map, o->mapper, 0);
		int64_t k = object_pk_value(o, 0)->u.integer;
		if (d && dense_get(d, k) == o) {
			d->slots[k - d->base] = NULL;
			d->count--;
			map->dense_count--;
		}
		o->in_dense = 0;
		o->in_idmap = 0;
		return;
	}
	if (!o->in_idmap || !map->cap)
		return;
	size_t mask = map->cap - 1;
	for (size_t i = (size_t)o->hash & mask; map->slots[i].o; i = (i + 1) & mask)
		if (map->slots[i].o == o) {
			map->slots[i].o = TOMB;
			map->tombs++;
			map->len--;
			break;
		}
	o->in_idmap = 0;
}
