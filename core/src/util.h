/*
 * util.h - growable buffers, pointer vectors and hash maps used by the core.
 */
#ifndef ASSOC_UTIL_H
#define ASSOC_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The library's allocator (alloc.c): every allocation of core/src goes through these. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* Connections of the library, counted so that SQLite's allocator is never changed under one. */

typedef struct strbuf {
	char *p;
	size_t len, cap;
	int oom;              /* an allocation failed; the text is incomplete */
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_addn(strbuf *sb, const char *s, size_t n);
void sb_add(strbuf *sb, const char *s);
/* The decimal digits of v (no printf: keysets write thousands of them). */
void sb_add_int(strbuf *sb, int64_t v);
void sb_addf(strbuf *sb, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Take the text (NULL when an allocation failed); the buffer is left empty. */
char *sb_take(strbuf *sb);
const char *sb_str(strbuf *sb);

typedef struct ptrvec {
	void **items;
	size_t len, cap;
} ptrvec;

int pv_push(ptrvec *v, void *p);
/* Room for extra more pushes, which then cannot fail. */
int pv_reserve(ptrvec *v, size_t extra);
void pv_remove_at(ptrvec *v, size_t i);
/* Remove the first occurrence of p; 1 when found. */
int pv_remove(ptrvec *v, const void *p);
int pv_contains(const ptrvec *v, const void *p);
void pv_free(ptrvec *v);

char *xstrdup(const char *s);
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);

/* String keys to pointers; keys are owned by the caller's values. */
struct strmap {
	const char **keys;
	void **vals;
	size_t cap, len;
};
void *strmap_get(const struct strmap *m, const char *key);
int strmap_put(struct strmap *m, const char *key, void *val);
void strmap_free(struct strmap *m);

/* The identity map: open addressing over object pointers. */
struct assoc_object;
struct idmap_slot {
	uint64_t hash;
	struct assoc_object *o; /* NULL: empty; IDMAP_TOMB: deleted */
};
/* Objects of a mapper with an INTEGER rowid key, indexed by key - base: sequential
 * keys sit in sequential memory. Keys too sparse to fit spill to the hash slots. */
struct idmap_dense {
	struct assoc_object **slots;
	int64_t base;
	size_t cap, count;
	int spilled;          /* some objects of this mapper live in the hash slots */
};
struct idmap {
	struct idmap_slot *slots;
	size_t cap, len, tombs;
	struct idmap_dense *dense; /* per mapper index, made on first use */
	size_t ndense, dense_count;
};

#endif
