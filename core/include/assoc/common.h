/**
 * @file assoc/common.h
 * @brief Export macro, version and the opaque handle types.
 */
#ifndef ASSOC_COMMON_H
#define ASSOC_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def ASSOC_API
 * @brief Marks a declaration as part of the exported ABI.
 *
 * The library is built with -fvisibility=hidden; only ASSOC_API symbols are
 * exported from libassoc.so.0 (dllexport when building on Windows).
 */
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

/** The major version of the headers (compare assoc_version() at run time). */
#define ASSOC_VERSION_MAJOR 0
/** The minor version of the headers. */
#define ASSOC_VERSION_MINOR 1
/** The patch version of the headers. */
#define ASSOC_VERSION_PATCH 0
/** The version of the headers as a string, "MAJOR.MINOR.PATCH". */
#define ASSOC_VERSION "0.1.0"
/** The ABI generation; it is the SONAME's number (libassoc.so.0). */
#define ASSOC_SOVERSION 0

/**
 * Columns in one table; SQLite's default SQLITE_MAX_COLUMN, past which it
 * refuses the CREATE TABLE (and an UPDATE of them all).
 *
 * Limits, in the manner of SQLite's SQLITE_MAX_*: a registry that passes one is
 * refused by assoc_registry_configure() with ASSOC_ECONFIG naming the table.
 * Nothing else has a fixed size: any number of primary key columns, changed
 * columns, bound parameters, and names and messages of any length.
 */
#define ASSOC_MAX_COLUMNS 2000

/**
 * Bytes in one TEXT or BLOB value; SQLite's default
 * SQLITE_MAX_LENGTH, past which it refuses to bind the value. A longer value
 * is refused (ASSOC_ERANGE) where it comes in, so none is stored as NULL.
 */
#define ASSOC_MAX_LENGTH 1000000000

/** A database URL and its dialect (assoc_engine_open()); owned by the caller. */
typedef struct assoc_engine assoc_engine;
/** Tables, mappers, relationships and proxies (assoc_registry_new()); owned by the
 *  caller, read-only and shareable across threads once configured. */
typedef struct assoc_registry assoc_registry;
/** A table of a registry (assoc_table_new()); owned by the registry. */
typedef struct assoc_table assoc_table;
/** An entity type mapped to a table (assoc_mapper_new()); owned by the registry. */
typedef struct assoc_mapper assoc_mapper;
/** One attribute of a mapper: a column, relationship or proxy; owned by the registry. */
typedef struct assoc_attr assoc_attr;
/** Identity map, unit of work, one connection and its transaction
 *  (assoc_session_new()); owned by the caller, one thread at a time. */
typedef struct assoc_session assoc_session;
/** One instance of a mapper (assoc_object_new()); owned by its session. */
typedef struct assoc_object assoc_object;
/** A list, set or dict view: a relationship collection or a proxy view; owned by its object. */
typedef struct assoc_collection assoc_collection;
/** A SELECT being built (assoc_query_new()); owned by the caller. */
typedef struct assoc_query assoc_query;
/** The rows of a run query (assoc_query_all()); owned by the caller. */
typedef struct assoc_result assoc_result;

/**
 * The library's version string, e.g. "0.1.0".
 *
 * @return a static string: never NULL, never to be freed. It is the version
 *         of the library loaded, which may differ from ASSOC_VERSION, the
 *         version of the headers compiled against.
 */
ASSOC_API const char *assoc_version(void);

#ifdef __cplusplus
}
#endif
#endif
