/**
 * @file assoc/value.h
 * @brief The tagged value that crosses the API.
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

/** What an assoc_value holds. */
typedef enum assoc_value_kind {
	/** SQL NULL, no value. */
	ASSOC_NULL = 0,
	/** u.integer, a 64-bit signed integer. */
	ASSOC_INTEGER = 1,
	/** u.real, a double. */
	ASSOC_REAL = 2,
	/** u.bytes, UTF-8 text. */
	ASSOC_TEXT = 3,
	/** u.bytes, bytes of any value. */
	ASSOC_BLOB = 4,
	/** u.object, an object handle (a relationship's or proxy's value). */
	ASSOC_OBJECT = 5
} assoc_value_kind;

/** A NULL, INTEGER, REAL, TEXT, BLOB or OBJECT value; make one with assoc_value_integer() etc. */
typedef struct assoc_value {
	assoc_value_kind kind; /**< which member of u is set */
	union {
		int64_t integer; /**< ASSOC_INTEGER */
		double real;     /**< ASSOC_REAL */
		struct {
			const char *data; /**< TEXT: UTF-8, NUL-terminated when handed out */
			size_t len;       /**< bytes at data, without a terminating NUL */
		} bytes;              /**< TEXT and BLOB */
		assoc_object *object; /**< ASSOC_OBJECT; owned by its session */
	} u;                      /**< the value, as kind says */
} assoc_value;

/**
 * A NULL value.
 * @return a value of kind ASSOC_NULL.
 */
ASSOC_API assoc_value assoc_value_null(void);
/**
 * An INTEGER value.
 * @param i the integer.
 * @return a value of kind ASSOC_INTEGER.
 */
ASSOC_API assoc_value assoc_value_integer(int64_t i);
/**
 * A REAL value.
 * @param r the double.
 * @return a value of kind ASSOC_REAL.
 */
ASSOC_API assoc_value assoc_value_real(double r);
/**
 * A TEXT value over a NUL-terminated string (NULL gives a NULL value).
 * @param s UTF-8 text, borrowed: the value points at it and copies nothing, so
 *          s must outlive every use of the value.
 * @return a value of kind ASSOC_TEXT of strlen(s) bytes, or ASSOC_NULL.
 */
ASSOC_API assoc_value assoc_value_text(const char *s);
/**
 * A TEXT value over len bytes (which need no terminating NUL).
 * @param s   UTF-8 text, borrowed as by assoc_value_text(); NULL gives a NULL
 *            value.
 * @param len its length in bytes.
 * @return a value of kind ASSOC_TEXT, or ASSOC_NULL.
 */
ASSOC_API assoc_value assoc_value_textn(const char *s, size_t len);
/**
 * A BLOB value over len bytes.
 * @param p   the bytes, borrowed: the value points at them and copies nothing.
 *            NULL is allowed when len is 0.
 * @param len their number.
 * @return a value of kind ASSOC_BLOB.
 */
ASSOC_API assoc_value assoc_value_blob(const void *p, size_t len);
/**
 * An OBJECT value (NULL gives a NULL value).
 * @param o an object handle, borrowed (it stays owned by its session).
 * @return a value of kind ASSOC_OBJECT, or ASSOC_NULL.
 */
ASSOC_API assoc_value assoc_value_object(assoc_object *o);

/**
 * Compare two values: the same kind and equal (TEXT and BLOB byte for byte,
 * objects the same handle).
 * @param a a value, or NULL.
 * @param b a value, or NULL.
 * @return 1 when equal, else 0 (two NULL pointers are equal; NULL and a value
 *         are not).
 */
ASSOC_API int assoc_value_equal(const assoc_value *a, const assoc_value *b);

/**
 * The name of a value kind, e.g. "TEXT".
 * @param kind a value kind.
 * @return a static string, never to be freed; "UNKNOWN" for a value outside the
 *         enum.
 */
ASSOC_API const char *assoc_value_kind_name(assoc_value_kind kind);

#ifdef __cplusplus
}
#endif
#endif
