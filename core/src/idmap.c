/*
 * idmap.c - the identity map: (mapper, primary key) -> the one object.
 */
#include "internal.h"

#include <stdlib.h>

#define TOMB ((assoc_object *)(uintptr_t)1)

uint64_t identity_hash(const assoc_mapper *m, const assoc_value *pk, size_t npk)
{
	uint64_t h = hash_bytes(0, &m, sizeof m);
	for (size_t i = 0; i < npk; i++)
		h = h * 31 + value_hash(&pk[i]);
	return h ? h : 1;
}

static int same_key(const assoc_object *o, const assoc_mapper *m, const assoc_value *pk)
{
	if (o->mapper != m)
		return 0;
	for (size_t i = 0; i < m->table->npk; i++)
		if (!assoc_value_equal(object_pk_value(o, i), &pk[i]))
			return 0;
	return 1;
}

assoc_object *idmap_get(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash)
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

static int idmap_grow(struct idmap *map)
{
	size_t cap = map->cap ? map->cap * 2 : 64;
	if (map->len * 4 < map->cap) /* mostly tombstones: rehash at the same size */
		cap = map->cap;
	struct idmap_slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < map->cap; i++)
		if (map->slots[i].o && map->slots[i].o != TOMB)
			place(slots, cap, map->slots[i].hash, map->slots[i].o);
	free(map->slots);
	map->slots = slots;
	map->cap = cap;
	map->tombs = 0;
	return 0;
}

/* Insert o under its current identity (o->hash must be set). */
int idmap_put(struct idmap *map, assoc_object *o)
{
	if ((map->len + map->tombs + 1) * 4 > map->cap * 3 && idmap_grow(map))
		return err_oom();
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
