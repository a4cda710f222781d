/*
 * assoc/common.h - export macro, version and the opaque handle types.
 */
#ifndef ASSOC_COMMON_H
#define ASSOC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(ASSOC_BUILDING)
#  define ASSOC_API __declspec(dllexport)
#elif defined(__GNUC__)
#  define ASSOC_API __attribute__((visibility("default")))
#else
#  define ASSOC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define ASSOC_VERSION_MAJOR 0
#define ASSOC_VERSION_MINOR 1
#define ASSOC_VERSION_PATCH 0
#define ASSOC_VERSION "0.1.0"
/* The ABI generation; it is the SONAME's number (libassoc.so.0). */
#define ASSOC_SOVERSION 0

/*
 * Limits, in the manner of SQLite's SQLITE_MAX_*: a registry that passes one is
 * refused by assoc_registry_configure() with ASSOC_ECONFIG naming the table.
 * Nothing else has a fixed size: any number of primary key columns, changed
 * columns, bound parameters, and names and messages of any length.
 *
 * ASSOC_MAX_COLUMNS: columns in one table; SQLite's default SQLITE_MAX_COLUMN,
 * past which it refuses the CREATE TABLE (and an UPDATE of them all).
 */
#define ASSOC_MAX_COLUMNS 2000

/*
 * ASSOC_MAX_LENGTH: bytes in one TEXT or BLOB value; SQLite's default
 * SQLITE_MAX_LENGTH, past which it refuses to bind the value. A longer value
 * is refused (ASSOC_ERANGE) where it comes in, so none is stored as NULL.
 */
#define ASSOC_MAX_LENGTH 1000000000

typedef struct assoc_engine assoc_engine;
typedef struct assoc_registry assoc_registry;
typedef struct assoc_table assoc_table;
typedef struct assoc_mapper assoc_mapper;
typedef struct assoc_attr assoc_attr;
typedef struct assoc_session assoc_session;
typedef struct assoc_object assoc_object;
typedef struct assoc_collection assoc_collection;
typedef struct assoc_query assoc_query;
typedef struct assoc_result assoc_result;

/* The library's version string, e.g. "0.1.0". */
ASSOC_API const char *assoc_version(void);

#ifdef __cplusplus
}
#endif
#endif
