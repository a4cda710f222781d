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
static atomic_int library_connections; /* open SQLite connections of the library */

void alloc_connection_opened(void) { atomic_fetch_add(&library_connections, 1); }
void alloc_connection_closed(void) { atomic_fetch_sub(&library_connections, 1); }

void *mem_alloc(size_t n) { return current.malloc(current.userdata, n ? n : 1); }

void *mem_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
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

/*
 * SQLite asks for the size of an allocation; the program's allocator need not
 * know it, so each SQLite block carries its size in a header of 16 bytes
 * (keeping the 8-byte alignment SQLite needs, and 16 for long double).
 */
#define SQLITE_HDR 16

static void *sq_malloc(int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *p = mem_alloc((size_t)n + SQLITE_HDR);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof n);
	return p + SQLITE_HDR;
}

static void sq_free(void *p)
{
	if (p)
		mem_free((unsigned char *)p - SQLITE_HDR);
}

static void *sq_realloc(void *p, int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *q = mem_realloc((unsigned char *)p - SQLITE_HDR, (size_t)n + SQLITE_HDR);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof n);
	return q + SQLITE_HDR;
}

static int sq_size(void *p)
{
	int n;
	memcpy(&n, (unsigned char *)p - SQLITE_HDR, sizeof n);
	return n;
}

static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *ud) { (void)ud; return SQLITE_OK; }
static void sq_shutdown(void *ud) { (void)ud; }

static const sqlite3_mem_methods sq_methods = {
	sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL
};

/* Point SQLite at sq_methods (route) or back at its default; SQLite must be idle. */
static int sqlite_route(int route)
{
	int open = atomic_load(&library_connections);
	if (open)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: %d SQLite connection(s) of the library are open "
		                       "(an engine or session); SQLite's allocator can change only while none is", open);
	static sqlite3_mem_methods saved;
	static int have_saved;
	if (sqlite3_shutdown() != SQLITE_OK)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite could not be shut down to change its allocator");
	if (!have_saved) {
		if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &saved) != SQLITE_OK)
			return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite refused to report its allocator");
		have_saved = 1;
	}
	int rc = sqlite3_config(SQLITE_CONFIG_MALLOC, route ? &sq_methods : &saved);
	if (rc != SQLITE_OK)
		return assoc_error_set(ASSOC_ESTATE, "assoc_set_allocator: SQLite refused the allocator (%s); "
		                       "is a connection open?", sqlite3_errstr(rc));
	sqlite_routed = route;
	return 0;
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
		/* sqlite3_shutdown() (in sqlite_route) needs every connection closed,
		 * so no SQLite block made under the old allocator outlives it. */
		assoc_allocator prev = current;
		current = next;
		int rc = sqlite_route(route);
		if (rc) {
			current = prev;
			return rc;
		}
		return 0;
	}
	current = next;
	return 0;
}

void assoc_free(void *ptr)
{
	mem_free(ptr);
}
