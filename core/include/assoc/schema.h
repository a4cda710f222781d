/**
 * @file assoc/schema.h
 * @brief The registry and its tables, columns and constraints.
 *
 * Every name passed in is copied; every name handed out (assoc_table_name(),
 * ...) is owned by the registry and stays valid until the registry is freed.
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

/** A column's type, as the database stores it and values are checked against. */
typedef enum assoc_type {
	ASSOC_TYPE_INFER = 0, /**< only with a foreign key: the referenced column's type */
	ASSOC_TYPE_INTEGER = 1, /**< 64-bit signed integers */
	ASSOC_TYPE_REAL = 2,    /**< doubles (an INTEGER value is accepted) */
	ASSOC_TYPE_TEXT = 3,    /**< UTF-8 text */
	ASSOC_TYPE_BLOB = 4,    /**< bytes */
	ASSOC_TYPE_BOOLEAN = 5,  /**< INTEGER 0 or 1 */
	ASSOC_TYPE_NUMERIC = 6,  /**< INTEGER, REAL, or TEXT holding a decimal number */
	ASSOC_TYPE_DATETIME = 7  /**< TEXT in ISO-8601: YYYY-MM-DD[ HH:MM[:SS[.fff]]] */
} assoc_type;

/** A foreign key's ON DELETE / ON UPDATE action, as in SQL. */
typedef enum assoc_fk_action {
	ASSOC_FK_NO_ACTION = 0,  /**< no clause (SQL's NO ACTION) */
	ASSOC_FK_CASCADE = 1,    /**< CASCADE */
	ASSOC_FK_SET_NULL = 2,   /**< SET NULL */
	ASSOC_FK_SET_DEFAULT = 3, /**< SET DEFAULT */
	ASSOC_FK_RESTRICT = 4    /**< RESTRICT */
} assoc_fk_action;

/** The version of assoc_column_options these headers describe. */
#define ASSOC_COLUMN_OPTIONS_VERSION 1

/** How assoc_table_add_column() makes a column; initialise with ASSOC_COLUMN_OPTIONS_INIT. */
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

/** assoc_column_options of the current version with every field at its default. */
#define ASSOC_COLUMN_OPTIONS_INIT \
	{ ASSOC_COLUMN_OPTIONS_VERSION, 0, -1, -1, 0, 0, NULL, ASSOC_FK_NO_ACTION, \
	  ASSOC_FK_NO_ACTION, 0, { ASSOC_NULL, { 0 } } }

/**
 * Set *opts to the defaults (ASSOC_COLUMN_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_COLUMN_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_column_options_init(assoc_column_options *opts, unsigned int version);

/** The version of assoc_fk_options these headers describe. */
#define ASSOC_FK_OPTIONS_VERSION 1

/** Options of assoc_table_add_foreign_key(); initialise with ASSOC_FK_OPTIONS_INIT. */
typedef struct assoc_fk_options {
	unsigned int version; /**< ASSOC_FK_OPTIONS_VERSION */
	assoc_fk_action on_delete; /**< ON DELETE */
	assoc_fk_action on_update; /**< ON UPDATE */
	const char *name;     /**< NULL: from the naming convention, if any */
} assoc_fk_options;

/** assoc_fk_options of the current version with every field at its default. */
#define ASSOC_FK_OPTIONS_INIT { ASSOC_FK_OPTIONS_VERSION, ASSOC_FK_NO_ACTION, ASSOC_FK_NO_ACTION, NULL }

/**
 * Set *opts to the defaults (ASSOC_FK_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_FK_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_fk_options_init(assoc_fk_options *opts, unsigned int version);

/**
 * A new, empty registry.
 * @param out receives the registry, owned by the caller (one reference):
 *            release it with assoc_registry_free().
 * @return 0, or ASSOC_EINVAL for a NULL out, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_registry_new(assoc_registry **out);

/**
 * Release the caller's reference. The registry, with its tables, mappers and
 * adopted callbacks, is freed once nothing uses it: each session holds a
 * reference until freed, and so does each pinned object that outlived its
 * session. So handles may be freed in any order (as a garbage collector
 * does); a binding need not order its finalizers.
 *
 * @param reg a registry; NULL is a no-op.
 */
ASSOC_API void assoc_registry_free(assoc_registry *reg);

/**
 * Take one more reference, released by another assoc_registry_free().
 * @param reg a registry; NULL is a no-op.
 */
ASSOC_API void assoc_registry_ref(assoc_registry *reg);

/**
 * Set how unnamed constraints are named, as SQLAlchemy's MetaData
 * naming_convention does. kind is "fk", "uq", "pk" or "ix"; the pattern may use
 * %(table_name)s, %(column_0_name)s, %(referred_table_name)s,
 * %(referred_column_0_name)s and %(constraint_name)s.
 *
 * @param reg     a registry not yet configured.
 * @param kind    "fk", "uq", "pk" or "ix".
 * @param pattern the pattern, copied; it replaces an earlier one of the kind.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is configured, ASSOC_ENOTFOUND for an unknown kind,
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_registry_set_naming_convention(assoc_registry *reg, const char *kind,
                                                   const char *pattern);

/**
 * A new table, owned by the registry. Table, column and constraint names may
 * be any non-empty text (quotes, spaces, keywords, UTF-8): the SQL made from
 * them quotes each one; an empty name is ASSOC_EINVAL.
 *
 * @param out  receives the table, owned by the registry (valid until it is freed).
 * @param reg  a registry not yet configured.
 * @param name the table's name, copied.
 * @return 0, or ASSOC_EINVAL for a NULL argument or an empty name,
 *         ASSOC_ESTATE when the registry is configured, ASSOC_EEXISTS when
 *         the registry has a table of that name, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_table_new(assoc_table **out, assoc_registry *reg, const char *name);

/**
 * The table of that name.
 * @param out  receives the table, owned by the registry.
 * @param reg  a registry.
 * @param name the table's name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOTFOUND when there
 *         is no such table (*out is then NULL).
 */
ASSOC_API int assoc_registry_table(assoc_table **out, assoc_registry *reg, const char *name);

/**
 * Add a column; opts may be NULL for a plain nullable column.
 *
 * @param table a table of a registry not yet configured.
 * @param name  the column's name, copied.
 * @param type  its type; ASSOC_TYPE_INFER only with opts->foreign_key.
 * @param opts  read during the call (foreign_key and default_value are
 *              copied), or NULL.
 * @return 0, or ASSOC_EINVAL for a NULL table, an empty name, an unknown
 *         type or foreign key action, an unsupported options version,
 *         ASSOC_TYPE_INFER without a foreign key, a foreign_key not of the form
 *         "table.column" or a default_value that cannot be copied;
 *         ASSOC_ETYPE for an OBJECT default or one that does not fit the
 *         column's type (as a value set on an object is checked: an INTEGER
 *         default of a REAL column is converted); ASSOC_ERANGE for a TEXT or BLOB
 *         default longer than ASSOC_MAX_LENGTH; ASSOC_ESTATE when the registry is
 *         configured; ASSOC_EEXISTS when the table has a column of that name;
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_table_add_column(assoc_table *table, const char *name, assoc_type type,
                                     const assoc_column_options *opts);

/**
 * A (possibly composite) foreign key: columns[i] references ref_columns[i].
 * The referenced table and columns are resolved at assoc_registry_configure().
 *
 * @param table       a table of a registry not yet configured.
 * @param ncolumns    the number of columns (at least 1).
 * @param columns     ncolumns names of this table's columns, read during the call.
 * @param ref_table   the referenced table's name, copied.
 * @param ref_columns ncolumns names of its columns, copied.
 * @param opts        actions and name (copied), or NULL for the defaults.
 * @return 0, or ASSOC_EINVAL for a NULL argument, no columns, an unsupported
 *         options version or an empty name; ASSOC_ENOTFOUND for a column the
 *         table lacks; ASSOC_ESTATE when the registry is configured;
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_table_add_foreign_key(assoc_table *table, size_t ncolumns,
                                          const char *const *columns, const char *ref_table,
                                          const char *const *ref_columns,
                                          const assoc_fk_options *opts);

/**
 * A (possibly composite) UNIQUE constraint; name may be NULL.
 *
 * @param table    a table of a registry not yet configured.
 * @param ncolumns the number of columns (at least 1).
 * @param columns  ncolumns names of this table's columns, read during the call.
 * @param name     the constraint's name, copied; NULL: from the naming
 *                 convention, if any.
 * @return 0, or ASSOC_EINVAL for a NULL table, no columns or an empty name;
 *         ASSOC_ENOTFOUND for a column the table lacks; ASSOC_ESTATE when the
 *         registry is configured; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_table_add_unique(assoc_table *table, size_t ncolumns,
                                     const char *const *columns, const char *name);

/**
 * The table's name.
 * @param table a table, or NULL.
 * @return the name, owned by the registry (valid until it is freed); NULL for a
 *         NULL table.
 */
ASSOC_API const char *assoc_table_name(const assoc_table *table);
/**
 * The number of columns of the table.
 * @param table a table, or NULL.
 * @return the count, 0 for a NULL table.
 */
ASSOC_API size_t assoc_table_column_count(const assoc_table *table);
/**
 * The name of the table's i-th column, in the order they were added.
 * @param table a table, or NULL.
 * @param i     an index below assoc_table_column_count().
 * @return the name, owned by the registry; NULL for a NULL table or an index
 *         out of range.
 */
ASSOC_API const char *assoc_table_column_name(const assoc_table *table, size_t i);

/**
 * The name a constraint got from the naming convention (or explicitly), e.g.
 * for kind "fk" and column "teacher_id": "fk_teacher_students_teacher_id_teachers".
 * Sets *out to NULL when the constraint has no name.
 *
 * @param out    receives the name: an explicit name is owned by the registry;
 *               a name made from the convention is owned by the library and
 *               valid until the next call of this function on the thread.
 * @param table  the table.
 * @param kind   "fk", "uq", "pk" or "ix".
 * @param column the constraint's first column.
 * @return 0, or ASSOC_EINVAL for a NULL argument; ASSOC_ENOTFOUND for an
 *         unknown column or kind, or when the column has no constraint of
 *         that kind; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_table_constraint_name(const char **out, const assoc_table *table,
                                          const char *kind, const char *column);

#ifdef __cplusplus
}
#endif
#endif
