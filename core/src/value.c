/*
 * value.c - assoc_value constructors, copies and conversion to and from SQLite.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Readable bytes: a value that value_check() refuses compares and hashes as if empty, never read. */
static const void *bytes_of(const assoc_value *v) { return v->u.bytes.data ? v->u.bytes.data : ""; }
static size_t len_of(const assoc_value *v) { return v->u.bytes.data ? v->u.bytes.len : 0; }

assoc_value assoc_value_null(void)
{
	assoc_value v;
	memset(&v, 0, sizeof v);
	return v;
}

assoc_value assoc_value_integer(int64_t i)
{
	assoc_value v = assoc_value_null();
	v.kind = ASSOC_INTEGER;
	v.u.integer = i;
	return v;
}

assoc_value assoc_value_real(double r)
{
	assoc_value v = assoc_value_null();
	v.kind = ASSOC_REAL;
	v.u.real = r;
	return v;
}

assoc_value assoc_value_textn(const char *s, size_t len)
{
	assoc_value v = assoc_value_null();
	if (!s)
		return v;
	v.kind = ASSOC_TEXT;
	v.u.bytes.data = s;
	v.u.bytes.len = len;
	return v;
}

assoc_value assoc_value_text(const char *s) { return assoc_value_textn(s, s ? strlen(s) : 0); }

assoc_value assoc_value_blob(const void *p, size_t len)
{
	assoc_value v = assoc_value_null();
	v.kind = ASSOC_BLOB;
	v.u.bytes.data = p ? p : "";
	v.u.bytes.len = p ? len : 0;
	return v;
}

assoc_value assoc_value_object(assoc_object *o)
{
	assoc_value v = assoc_value_null();
	if (!o)
		return v;
	v.kind = ASSOC_OBJECT;
	v.u.object = o;
	return v;
}

int assoc_value_equal(const assoc_value *a, const assoc_value *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case ASSOC_NULL: return 1;
	case ASSOC_INTEGER: return a->u.integer == b->u.integer;
	case ASSOC_REAL: return a->u.real == b->u.real;
	case ASSOC_TEXT:
	case ASSOC_BLOB:
		return len_of(a) == len_of(b) && memcmp(bytes_of(a), bytes_of(b), len_of(a)) == 0;
	case ASSOC_OBJECT: return a->u.object == b->u.object;
	}
	return 0;
}

const char *assoc_value_kind_name(assoc_value_kind kind)
{
	switch (kind) {
	case ASSOC_NULL: return "NULL";
	case ASSOC_INTEGER: return "INTEGER";
	case ASSOC_REAL: return "REAL";
	case ASSOC_TEXT: return "TEXT";
	case ASSOC_BLOB: return "BLOB";
	case ASSOC_OBJECT: return "OBJECT";
	}
	return "UNKNOWN";
}

/* Free the bytes of an owned value and make it NULL. */
void value_clear(assoc_value *v)
{
	if (v->kind == ASSOC_TEXT || v->kind == ASSOC_BLOB)
		mem_free((void *)v->u.bytes.data);
	*v = assoc_value_null();
}

/* A hand-built value that cannot be read (bytes missing behind a length, an unknown kind): ASSOC_EINVAL. */
int value_check(const assoc_value *v, const char *what)
{
	if ((v->kind == ASSOC_TEXT || v->kind == ASSOC_BLOB) && !v->u.bytes.data && v->u.bytes.len)
		return assoc_error_set(ASSOC_EINVAL, "%s: a %s value with NULL data and length %zu", what,
		                       assoc_value_kind_name(v->kind), v->u.bytes.len);
	if ((unsigned)v->kind > ASSOC_OBJECT)
		return assoc_error_set(ASSOC_EINVAL, "%s: a value of unknown kind %d", what, (int)v->kind);
	if ((v->kind == ASSOC_TEXT || v->kind == ASSOC_BLOB) && v->u.bytes.len > ASSOC_MAX_LENGTH)
		return assoc_error_set(ASSOC_ERANGE, "%s: a %s value of %zu bytes; at most ASSOC_MAX_LENGTH (%d) fit", what,
		                       assoc_value_kind_name(v->kind), v->u.bytes.len, ASSOC_MAX_LENGTH);
	return 0;
}

/* Deep copy: TEXT and BLOB bytes are duplicated (TEXT stays NUL-terminated). */
int value_copy(assoc_value *dst, const assoc_value *src)
{
	int rc = value_check(src, "value");
	if (rc) {
		*dst = assoc_value_null();
		return rc;
	}
	*dst = *src;
	if (src->kind == ASSOC_TEXT || src->kind == ASSOC_BLOB) {
		char *p = mem_alloc(src->u.bytes.len + 1);
		if (!p) {
			*dst = assoc_value_null();
			return err_oom();
		}
		memcpy(p, src->u.bytes.data, src->u.bytes.len);
		p[src->u.bytes.len] = 0;
		dst->u.bytes.data = p;
	}
	return 0;
}

uint64_t value_hash(const assoc_value *v)
{
	uint64_t h = hash_bytes(0, &v->kind, sizeof v->kind);
	switch (v->kind) {
	case ASSOC_INTEGER: return hash_bytes(h, &v->u.integer, sizeof v->u.integer);
	case ASSOC_REAL: return hash_bytes(h, &v->u.real, sizeof v->u.real);
	case ASSOC_TEXT:
	case ASSOC_BLOB: return hash_bytes(h, bytes_of(v), len_of(v));
	case ASSOC_OBJECT: return hash_bytes(h, &v->u.object, sizeof v->u.object);
	default: return h;
	}
}

/* Bind a column value (i from 1); OBJECT values never reach here. 0 or the driver's nonzero code. */
int value_bind(db_stmt *stmt, int i, const assoc_value *v)
{
	log_note_bind(stmt, i, v);
	switch (v->kind) {
	case ASSOC_INTEGER: return stmt->drv->bind_int(stmt, i, v->u.integer);
	case ASSOC_REAL: return stmt->drv->bind_double(stmt, i, v->u.real);
	case ASSOC_TEXT: return stmt->drv->bind_text(stmt, i, bytes_of(v), len_of(v));
	case ASSOC_BLOB: return stmt->drv->bind_blob(stmt, i, bytes_of(v), len_of(v));
	default: return stmt->drv->bind_null(stmt, i);
	}
}

/* Read result column i into an owned value, as the column's type expects. */
int value_from_column(assoc_value *out, db_stmt *stmt, int i, assoc_type type)
{
	(void)type;
	size_t n;
	switch (stmt->drv->column_type(stmt, i)) {
	case ASSOC_INTEGER: *out = assoc_value_integer(stmt->drv->column_int(stmt, i)); return 0;
	case ASSOC_REAL: *out = assoc_value_real(stmt->drv->column_double(stmt, i)); return 0;
	case ASSOC_TEXT: {
		const char *p = stmt->drv->column_text(stmt, i, &n);
		assoc_value t = assoc_value_textn(p, n);
		return value_copy(out, &t);
	}
	case ASSOC_BLOB: {
		const void *p = stmt->drv->column_blob(stmt, i, &n);
		assoc_value b = assoc_value_blob(p, n);
		return value_copy(out, &b);
	}
	default: *out = assoc_value_null(); return 0;
	}
}

void value_repr(strbuf *sb, const assoc_value *v)
{
	switch (v->kind) {
	case ASSOC_NULL: sb_add(sb, "None"); break;
	case ASSOC_INTEGER: sb_addf(sb, "%lld", (long long)v->u.integer); break;
	case ASSOC_REAL: sb_addf(sb, "%g", v->u.real); break;
	case ASSOC_TEXT: sb_addf(sb, "'%.*s'", (int)v->u.bytes.len, v->u.bytes.data); break;
	case ASSOC_BLOB: sb_addf(sb, "<blob %zu bytes>", v->u.bytes.len); break;
	case ASSOC_OBJECT: sb_add(sb, assoc_object_repr(v->u.object)); break;
	}
}
