/*
 * alloc.c - the library's allocator: the C library's by default, or the
 * program's (assoc_set_allocator), for the library and optionally SQLite.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *default_realloc(void *ud, void *p, size_t n) { (void)ud; return realloc(p, n); }
static void default_free(void *ud, void *p) { (void)ud; free(p); }

static assoc_allocator current = { ASSOC_ALLOCATOR_VERSION, 0, default_malloc, default_realloc, default_free, NULL };
static int sqlite_routed;

void *mem_alloc(size_t n) { return current.malloc(current.userdata, n ? n : 1); }

void *mem_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	if (current.malloc == default_malloc) /* the C library's knows fresh pages are zero already */
		return calloc(count ? count : 1, size ? size : 1);
	void *p = mem_alloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *mem_realloc(void *p, size_t n)
{
	if (!p)
		return mem_alloc(n);
	return current.realloc(current.userdata, p, n ? n : 1);
}

void mem_free(void *p)
{
	if (p)
		current.free(current.userdata, p);
}

int assoc_set_allocator(const assoc_allocator *a)
{
	assoc_allocator next = { ASSOC_ALLOCATOR_VERSION, 0, default_malloc, default_realloc, default_free, NULL };
	if (a) {
		if (a->version != ASSOC_ALLOCATOR_VERSION)
			return assoc_error_set(ASSOC_EINVAL, "assoc_set_allocator: assoc_allocator version %u is not supported",
			                       a->version);
		if (!a->malloc || !a->realloc || !a->free)
			return assoc_error_set(ASSOC_EINVAL, "assoc_set_allocator: malloc, realloc and free are all required");
		if (a->flags & ~ASSOC_ALLOCATOR_SQLITE)
			return assoc_error_set(ASSOC_EINVAL, "assoc_set_allocator: unknown flags 0x%x",
			                       a->flags & ~ASSOC_ALLOCATOR_SQLITE);
		next = *a;
	}
	int route = (next.flags & ASSOC_ALLOCATOR_SQLITE) != 0;
	if (route || sqlite_routed) {
		/* SQLite's shutdown (in db_sqlite_route_alloc) needs every connection closed,
		 * so no SQLite block made under the old allocator outlives it. */
		assoc_allocator prev = current;
		current = next;
		int rc = db_sqlite_route_alloc(route);
		if (rc) {
			current = prev;
			return rc;
		}
		sqlite_routed = route;
		return 0;
	}
	current = next;
	return 0;
}

void assoc_free(void *ptr)
{
	mem_free(ptr);
}
