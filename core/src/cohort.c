/*
 * cohort.c - objects loaded together: one query's result, or the rows one
 * load of a relationship brought for many owners.
 *
 * The first lazy load of a relationship on one member of a cohort loads it for
 * every member that has it unloaded (Sequel's tactical eager loading, Rails'
 * goldiloader): reading each user's keywords in a loop costs one statement per
 * hop, not one per object. A cohort only ever saves statements: an object in
 * none, or whose cohort cannot be made (no memory), loads alone as before.
 *
 * Members are not freed before their session closes (expunged objects stay
 * owned), and every object leaves its cohort when the session closes, so the
 * pointers held here stay valid. An object is in one cohort at a time, the
 * latest that loaded it; entries of the cohorts it left are skipped.
 */
#include "internal.h"

struct cohort {
	size_t live;                /* members whose o->cohort is this one */
	size_t len;
	assoc_object *items[];      /* members, and objects that left since */
};

void cohort_leave(assoc_object *o)
{
	struct cohort *c = o->cohort;
	if (!c)
		return;
	o->cohort = NULL;
	if (--c->live == 0)
		mem_free(c);
}

void cohort_make(assoc_object *const *objs, size_t n)
{
	if (n < 2)
		return;
	struct cohort *c = mem_alloc(sizeof *c + n * sizeof *c->items);
	if (!c)
		return; /* only fewer statements were at stake */
	c->live = c->len = 0;
	for (size_t i = 0; i < n; i++) {
		assoc_object *o = objs[i];
		if (o->cohort == c)
			continue; /* listed twice */
		cohort_leave(o);
		o->cohort = c;
		c->live++;
		c->items[c->len++] = o;
	}
	if (c->live < 2) { /* one object is no cohort */
		for (size_t i = 0; i < c->len; i++)
			c->items[i]->cohort = NULL;
		mem_free(c);
	}
}

size_t cohort_members(const assoc_object *o, assoc_object *const **out)
{
	struct cohort *c = o->cohort;
	if (!c || c->live < 2) {
		*out = NULL;
		return 0;
	}
	*out = c->items;
	return c->len;
}
