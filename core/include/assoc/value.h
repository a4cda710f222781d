/*
 * assoc/value.h - the tagged value that crosses the API.
 *
 * TEXT and BLOB point at bytes they do not own: a value passed in is read
 * during the call; a value handed out stays valid until the attribute it came
 * from next changes (or its object is freed).
 */
#ifndef ASSOC_VALUE_H
#define ASSOC_VALUE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum assoc_value_kind {
	ASSOC_NULL = 0,
	ASSOC_INTEGER = 1,
	ASSOC_REAL = 2,
	ASSOC_TEXT = 3,
	ASSOC_BLOB = 4,
	ASSOC_OBJECT = 5
} assoc_value_kind;

typedef struct assoc_value {
	assoc_value_kind kind;
	union {
		int64_t integer;
		double real;
		struct {
			const char *data; /* TEXT: UTF-8, NUL-terminated when handed out */
			size_t len;
		} bytes;              /* TEXT and BLOB */
		assoc_object *object;
	} u;
} assoc_value;

ASSOC_API assoc_value assoc_value_null(void);
ASSOC_API assoc_value assoc_value_integer(int64_t i);
ASSOC_API assoc_value assoc_value_real(double r);
/* A TEXT value over a NUL-terminated string (NULL gives a NULL value). */
ASSOC_API assoc_value assoc_value_text(const char *s);
ASSOC_API assoc_value assoc_value_textn(const char *s, size_t len);
ASSOC_API assoc_value assoc_value_blob(const void *p, size_t len);
/* An OBJECT value (NULL gives a NULL value). */
ASSOC_API assoc_value assoc_value_object(assoc_object *o);

/* 1 when a and b are the same kind and equal (objects: the same handle). */
ASSOC_API int assoc_value_equal(const assoc_value *a, const assoc_value *b);

/* The name of a value kind, e.g. "TEXT". */
ASSOC_API const char *assoc_value_kind_name(assoc_value_kind kind);

#ifdef __cplusplus
}
#endif
#endif
