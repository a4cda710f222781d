/**
 * @file assoc/reflect.h
 * @brief Reflection: tables (and optionally mappers and relationships) read
 * from an existing database, and a check that a registry fits a database.
 *
 * assoc_registry_reflect() reads the catalog of the engine's database (on
 * SQLite: PRAGMA table_list, table_info, foreign_key_list, index_list and
 * index_info) and adds each table to the registry as if the program had
 * declared it with assoc_table_new(), assoc_table_add_column(),
 * assoc_table_add_foreign_key() and assoc_table_add_unique(). A program then
 * maps classes over the reflected tables with assoc_mapper_new() without
 * declaring their columns, or asks for the mappers and relationships too
 * (propose_relationships), as SQLAlchemy's automap does.
 *
 * What is read, for each table:
 * - its columns, in their order, with a type from the declared type: the
 *   names assoc itself writes map back exactly (INTEGER, REAL, TEXT, BLOB,
 *   BOOLEAN, NUMERIC, DATETIME, and DATE, TIMESTAMP, DECIMAL, BOOL); any other
 *   declared type follows SQLite's affinity rules (contains "INT": INTEGER;
 *   "CHAR", "CLOB" or "TEXT": TEXT; "BLOB" or no type: BLOB; "REAL", "FLOA"
 *   or "DOUB": REAL; else NUMERIC), unless strict_types asks for an error;
 * - NOT NULL; the primary key (a lone column declared exactly INTEGER in a
 *   rowid table is the rowid, generated on INSERT); literal defaults (numbers,
 *   quoted text, NULL), other default expressions are left to the database
 *   only when the column is not written;
 * - every foreign key (composite ones too; one with no column list refers to
 *   the referenced table's primary key) with its ON DELETE / ON UPDATE action;
 * - every UNIQUE constraint, and every unique index that is neither partial
 *   nor on an expression, as a unique constraint (an explicit index keeps its
 *   name; SQLite's automatic ones are unnamed). Plain indexes are not read.
 *
 * A table without a primary key is reflected all the same (it may serve as
 * a many-to-many secondary); mapping it fails at assoc_registry_configure()
 * with ASSOC_ECONFIG, and propose_relationships makes no mapper for it.
 *
 * Names reach the database as bound parameters of the catalog queries,
 * never as SQL text, so any table or column name works.
 */
#ifndef ASSOC_REFLECT_H
#define ASSOC_REFLECT_H

#include "common.h"
#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of assoc_reflect_options these headers describe. */
#define ASSOC_REFLECT_OPTIONS_VERSION 1

/** Options of assoc_registry_reflect(); initialise with ASSOC_REFLECT_OPTIONS_INIT. */
typedef struct assoc_reflect_options {
	unsigned int version;        /**< ASSOC_REFLECT_OPTIONS_VERSION */
	/** The tables to reflect, ntables names read during the call; NULL: every
	 *  table of the database but SQLite's own (sqlite_*). Tables their foreign
	 *  keys refer to are reflected too, as SQLAlchemy's resolve_fks does. */
	const char *const *tables;
	size_t ntables;              /**< the number of names in tables */
	/** 1: a declared type assoc does not know by name (see the file comment)
	 *  is an error (ASSOC_ETYPE) instead of being mapped by SQLite's affinity rules. */
	int strict_types;
	/**
	 * 1: also make a mapper for each reflected table that has a primary key
	 * and is not an association table, and relationships from the foreign keys
	 * between them, named as SQLAlchemy's automap names them:
	 * - the mapper is named after its table, unchanged ("order" maps as "order");
	 * - a foreign key of table C to table P gives C the scalar (many-to-one)
	 *   relationship "{p}" and P the collection (one-to-many) "{c}_collection",
	 *   where {p} and {c} are the names of P and C in ASCII lower case, each the
	 *   other's back_populates (a self-referential key gives one mapper both);
	 * - an association table, whose columns are exactly those of its two
	 *   foreign keys (a primary key over them or none), gives each end the
	 *   many-to-many collection "{other}_collection" through it, each the
	 *   other's back_populates.
	 * A name already taken on the mapper (by a column or an earlier
	 * relationship) gets "_" appended until it is free, as automap's
	 * documented recipe does. Only tables reflected by this call get mappers.
	 */
	int propose_relationships;
} assoc_reflect_options;

/** assoc_reflect_options of the current version with every field at its default. */
#define ASSOC_REFLECT_OPTIONS_INIT { ASSOC_REFLECT_OPTIONS_VERSION, NULL, 0, 0, 0 }

/**
 * Set *opts to the defaults (ASSOC_REFLECT_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_REFLECT_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_reflect_options_init(assoc_reflect_options *opts, unsigned int version);

/**
 * Add the tables of the engine's database to the registry (see the file
 * comment for what is read). Tables the registry already has are left as the
 * program declared them and not read. All or nothing: on failure the registry
 * is as it was.
 *
 * @param reg    a registry not yet configured.
 * @param engine the database to read, through the engine's own connection.
 * @param opts   read during the call, or NULL for the defaults.
 * @return 0, or ASSOC_EINVAL for a NULL registry or engine, an unsupported
 *         options version, a NULL or empty name in tables (or tables NULL
 *         with ntables not 0), or an engine whose dialect has no catalog
 *         reader; ASSOC_ESTATE when the registry is configured;
 *         ASSOC_ENOTFOUND for a name in tables that is not a table of the
 *         database (the message names it); ASSOC_ETYPE for an unknown declared
 *         type under strict_types (naming table, column and type);
 *         ASSOC_ECONFIG for a foreign key with no column list whose
 *         referenced table's primary key has another number of columns;
 *         ASSOC_EEXISTS with propose_relationships when the registry has a
 *         mapper of a reflected table's name; ASSOC_EDB (or the database's
 *         code) when a catalog query fails; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_registry_reflect(assoc_registry *reg, assoc_engine *engine,
                                     const assoc_reflect_options *opts);

/**
 * Check that every table of the registry exists in the engine's database with
 * every column the registry declares (schema drift), so that a mapping that
 * no longer fits is reported up front instead of as "no such column" in the
 * middle of a flush. assoc_engine_create_all() runs this check after its
 * CREATE TABLE IF NOT EXISTS statements (which leave an existing table as it is).
 * Extra columns in the database are allowed; types are not compared.
 *
 * On first use too: when the database refuses to prepare a statement of a
 * session (an INSERT, a SELECT, ...) with ASSOC_EDB, the session runs this
 * check on its connection, and a drift it finds is what the call returns:
 * ASSOC_ECONFIG naming table and column, followed by the database's message.
 * (A flush that fails so changes nothing, as any failed flush.)
 *
 * @param engine the database.
 * @param reg    a registry (configured or not).
 * @return 0, or ASSOC_EINVAL for a NULL argument or an engine whose dialect
 *         has no catalog reader; ASSOC_ECONFIG for a table the database lacks
 *         or a column its table lacks (the message names table and column);
 *         ASSOC_EDB (or the database's code) when a catalog query fails;
 *         ASSOC_ENOMEM.
 */
ASSOC_API int assoc_engine_check_schema(assoc_engine *engine, assoc_registry *reg);

#ifdef __cplusplus
}
#endif
#endif
