/*
 * assoc/schema.h - the registry and its tables, columns and constraints.
 *
 * A registry holds every table, mapper and relationship of one model. It is
 * built, then frozen by assoc_registry_configure() (see mapper.h); after that
 * it is read-only and may be shared by sessions on any thread.
 */
#ifndef ASSOC_SCHEMA_H
#define ASSOC_SCHEMA_H

#include "common.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum assoc_type {
	ASSOC_TYPE_INFER = 0, /**< only with a foreign key: the referenced column's type */
	ASSOC_TYPE_INTEGER = 1,
	ASSOC_TYPE_REAL = 2,
	ASSOC_TYPE_TEXT = 3,
	ASSOC_TYPE_BLOB = 4,
	ASSOC_TYPE_BOOLEAN = 5,  /**< INTEGER 0 or 1 */
	ASSOC_TYPE_NUMERIC = 6,  /**< INTEGER, REAL, or TEXT holding a decimal number */
	ASSOC_TYPE_DATETIME = 7  /**< TEXT in ISO-8601: YYYY-MM-DD[ HH:MM[:SS[.fff]]] */
} assoc_type;

typedef enum assoc_fk_action {
	ASSOC_FK_NO_ACTION = 0,
	ASSOC_FK_CASCADE = 1,
	ASSOC_FK_SET_NULL = 2,
	ASSOC_FK_SET_DEFAULT = 3,
	ASSOC_FK_RESTRICT = 4
} assoc_fk_action;

#define ASSOC_COLUMN_OPTIONS_VERSION 1

typedef struct assoc_column_options {
	unsigned int version;      /**< ASSOC_COLUMN_OPTIONS_VERSION */
	int primary_key;           /**< part of the primary key */
	int nullable;              /**< -1: nullable unless primary key */
	int autoincrement;         /**< -1: yes for a lone INTEGER primary key */
	int unique;                /**< a one-column UNIQUE constraint */
	int index;                 /**< a one-column index */
	const char *foreign_key;   /**< "table.column", or NULL */
	assoc_fk_action on_delete; /**< for foreign_key */
	assoc_fk_action on_update; /**< for foreign_key */
	int has_default;           /**< default_value applies when nothing was set */
	assoc_value default_value; /**< copied; never an OBJECT */
} assoc_column_options;

#define ASSOC_COLUMN_OPTIONS_INIT \
	{ ASSOC_COLUMN_OPTIONS_VERSION, 0, -1, -1, 0, 0, NULL, ASSOC_FK_NO_ACTION, \
	  ASSOC_FK_NO_ACTION, 0, { ASSOC_NULL, { 0 } } }

ASSOC_API int assoc_column_options_init(assoc_column_options *opts, unsigned int version);

#define ASSOC_FK_OPTIONS_VERSION 1

typedef struct assoc_fk_options {
	unsigned int version; /**< ASSOC_FK_OPTIONS_VERSION */
	assoc_fk_action on_delete;
	assoc_fk_action on_update;
	const char *name;     /**< NULL: from the naming convention, if any */
} assoc_fk_options;

#define ASSOC_FK_OPTIONS_INIT { ASSOC_FK_OPTIONS_VERSION, ASSOC_FK_NO_ACTION, ASSOC_FK_NO_ACTION, NULL }

ASSOC_API int assoc_fk_options_init(assoc_fk_options *opts, unsigned int version);

ASSOC_API int assoc_registry_new(assoc_registry **out);

/*
 * Release the caller's reference. The registry, with its tables, mappers and
 * adopted callbacks, is freed once nothing uses it: each session holds a
 * reference until freed, and so does each pinned object that outlived its
 * session. So handles may be freed in any order (as a garbage collector
 * does); a binding need not order its finalizers.
 */
ASSOC_API void assoc_registry_free(assoc_registry *reg);

/* Take one more reference, released by another assoc_registry_free(). */
ASSOC_API void assoc_registry_ref(assoc_registry *reg);

/*
 * Set how unnamed constraints are named, as SQLAlchemy's MetaData
 * naming_convention does. kind is "fk", "uq", "pk" or "ix"; the pattern may use
 * %(table_name)s, %(column_0_name)s, %(referred_table_name)s,
 * %(referred_column_0_name)s and %(constraint_name)s.
 */
ASSOC_API int assoc_registry_set_naming_convention(assoc_registry *reg, const char *kind,
                                                   const char *pattern);

/*
 * A new table, owned by the registry. Table, column and constraint names may
 * be any non-empty text (quotes, spaces, keywords, UTF-8): the SQL made from
 * them quotes each one; an empty name is ASSOC_EINVAL.
 */
ASSOC_API int assoc_table_new(assoc_table **out, assoc_registry *reg, const char *name);

/* The table of that name. */
ASSOC_API int assoc_registry_table(assoc_table **out, assoc_registry *reg, const char *name);

/* Add a column; opts may be NULL for a plain nullable column. */
ASSOC_API int assoc_table_add_column(assoc_table *table, const char *name, assoc_type type,
                                     const assoc_column_options *opts);

/* A (possibly composite) foreign key: columns[i] references ref_columns[i]. */
ASSOC_API int assoc_table_add_foreign_key(assoc_table *table, size_t ncolumns,
                                          const char *const *columns, const char *ref_table,
                                          const char *const *ref_columns,
                                          const assoc_fk_options *opts);

/* A (possibly composite) UNIQUE constraint; name may be NULL. */
ASSOC_API int assoc_table_add_unique(assoc_table *table, size_t ncolumns,
                                     const char *const *columns, const char *name);

ASSOC_API const char *assoc_table_name(const assoc_table *table);
ASSOC_API size_t assoc_table_column_count(const assoc_table *table);
ASSOC_API const char *assoc_table_column_name(const assoc_table *table, size_t i);

/*
 * The name a constraint got from the naming convention (or explicitly), e.g.
 * for kind "fk" and column "teacher_id": "fk_teacher_students_teacher_id_teachers".
 * Sets *out to NULL when the constraint has no name.
 */
ASSOC_API int assoc_table_constraint_name(const char **out, const assoc_table *table,
                                          const char *kind, const char *column);

#ifdef __cplusplus
}
#endif
#endif
