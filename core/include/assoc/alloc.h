/**
 * @file assoc/alloc.h
 * @brief The allocator the library uses, replaceable by the program.
 *
 * Like SQLite's SQLITE_CONFIG_MALLOC and libgit2's GIT_OPT_SET_ALLOCATOR: a
 * program (or a test that fails the Nth allocation) gives the library its
 * own malloc, realloc and free. Every allocation of the library goes through
 * it; with ASSOC_ALLOCATOR_SQLITE, so does every allocation of SQLite in the
 * process (SQLite's allocator is process-wide).
 *
 * Set it before the library is used, or at least while no allocation made
 * under the previous allocator is alive (no registry, engine, session or
 * value copy), and, with ASSOC_ALLOCATOR_SQLITE, while SQLite has no open
 * connection anywhere in the process. One thread only, while no other thread
 * is inside the library.
 */
#ifndef ASSOC_ALLOC_H
#define ASSOC_ALLOC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of assoc_allocator these headers describe. */
#define ASSOC_ALLOCATOR_VERSION 1

/** Route SQLite's own allocations (every connection in the process) through the allocator too. */
#define ASSOC_ALLOCATOR_SQLITE 1u

/** The program's malloc, realloc and free, given to assoc_set_allocator(). */
typedef struct assoc_allocator {
	unsigned int version; /**< ASSOC_ALLOCATOR_VERSION */
	unsigned int flags;   /**< ASSOC_ALLOCATOR_SQLITE or 0 */
	/** As the C function of the same name, with userdata first; returns NULL
	 *  on failure. size is never 0. */
	void *(*malloc)(void *userdata, size_t size);
	/** As the C function of the same name, with userdata first; returns NULL
	 *  on failure and then leaves ptr as it was. size is never 0. */
	void *(*realloc)(void *userdata, void *ptr, size_t size);
	/** As the C function of the same name, with userdata first; never called
	 *  with NULL. */
	void (*free)(void *userdata, void *ptr);
	void *userdata; /**< passed first to each of the three functions */
} assoc_allocator;

/** An assoc_allocator of this version with no functions: fill in all three. */
#define ASSOC_ALLOCATOR_INIT { ASSOC_ALLOCATOR_VERSION, 0, NULL, NULL, NULL, NULL }

/**
 * Install allocator, or with NULL go back to the C library's malloc, realloc
 * and free (and SQLite's default allocator, if it was replaced).
 *
 * @param allocator copied; the library keeps no pointer to it (its userdata
 *                  must stay valid while the allocator is installed). NULL
 *                  restores the defaults.
 * @return 0, or ASSOC_EINVAL for an unknown version, a missing function or
 *         unknown flags; ASSOC_ESTATE when SQLite refuses the change (a
 *         connection is open). On error the previous allocator stays.
 */
ASSOC_API int assoc_set_allocator(const assoc_allocator *allocator);

/**
 * Free memory the library allocated and handed to the caller (the text of
 * assoc_registry_write_dot(), ...), through the allocator that made it.
 *
 * @param ptr what the library handed out, now owned by the caller; NULL is a
 *            no-op.
 */
ASSOC_API void assoc_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
