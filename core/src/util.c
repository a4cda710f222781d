/*
 * util.c - growable buffers, pointer vectors and a string-keyed hash map.
 */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *sb) { memset(sb, 0, sizeof *sb); }

void sb_free(strbuf *sb)
{
	mem_free(sb->p);
	sb_init(sb);
}

static int sb_grow(strbuf *sb, size_t extra)
{
	if (sb->oom)
		return -1;
	if (sb->len + extra + 1 <= sb->cap)
		return 0;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	char *p = mem_realloc(sb->p, cap);
	if (!p) {
		sb->oom = 1;
		return -1;
	}
	sb->p = p;
	sb->cap = cap;
	return 0;
}

void sb_addn(strbuf *sb, const char *s, size_t n)
{
	if (sb_grow(sb, n))
		return;
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = 0;
}

void sb_add(strbuf *sb, const char *s) { sb_addn(sb, s, strlen(s)); }

void sb_add_int(strbuf *sb, int64_t v)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_addn(sb, p, (size_t)(buf + sizeof buf - p));
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_grow(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *sb_take(strbuf *sb)
{
	char *p = NULL;
	if (!sb->oom)
		p = sb->p ? sb->p : xstrdup("");
	else
		mem_free(sb->p);
	sb_init(sb);
	return p;
}

const char *sb_str(strbuf *sb) { return sb->p ? sb->p : ""; }

int pv_push(ptrvec *v, void *p)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void **items = mem_realloc(v->items, cap * sizeof *items);
		if (!items)
			return -1;
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = p;
	return 0;
}

int pv_reserve(ptrvec *v, size_t extra)
{
	if (v->len + extra <= v->cap)
		return 0;
	size_t cap = v->cap ? v->cap : 8;
	while (cap < v->len + extra)
		cap *= 2;
	void **items = mem_realloc(v->items, cap * sizeof *items);
	if (!items)
		return -1;
	v->items = items;
	v->cap = cap;
	return 0;
}

void pv_remove_at(ptrvec *v, size_t i)
{
	memmove(v->items + i, v->items + i + 1, (v->len - i - 1) * sizeof *v->items);
	v->len--;
}

int pv_remove(ptrvec *v, const void *p)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == p) {
			pv_remove_at(v, i);
			return 1;
		}
	return 0;
}

int pv_contains(const ptrvec *v, const void *p)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == p)
			return 1;
	return 0;
}

void pv_free(ptrvec *v)
{
	mem_free(v->items);
	memset(v, 0, sizeof *v);
}

char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = mem_alloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	/* FNV-1a */
	if (!h)
		h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash_bytes(0, key, strlen(key)) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = strmap_slot(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

int strmap_put(struct strmap *m, const char *key, void *val)
{
	if ((m->len + 1) * 2 > m->cap) {
		struct strmap bigger = { 0 };
		bigger.cap = m->cap ? m->cap * 2 : 16;
		bigger.keys = mem_calloc(bigger.cap, sizeof *bigger.keys);
		bigger.vals = mem_calloc(bigger.cap, sizeof *bigger.vals);
		if (!bigger.keys || !bigger.vals) {
			mem_free(bigger.keys);
			mem_free(bigger.vals);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i]) {
				size_t j = strmap_slot(&bigger, m->keys[i]);
				bigger.keys[j] = m->keys[i];
				bigger.vals[j] = m->vals[i];
				bigger.len++;
			}
		mem_free(m->keys);
		mem_free(m->vals);
		*m = bigger;
	}
	size_t i = strmap_slot(m, key);
	if (!m->keys[i])
		m->len++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

void strmap_free(struct strmap *m)
{
	mem_free(m->keys);
	mem_free(m->vals);
	memset(m, 0, sizeof *m);
}
