/**
 * @file assoc/mapper.h
 * @brief Mappers, their attributes and relationships.
 *
 * Mappers and attributes are owned by their registry: a handle or name handed
 * out stays valid until the registry is freed.
 *
 * A mapper maps an entity type (the seeds' "class") to a table; each column of
 * the table becomes an attribute of the same name. Relationships are added by
 * name and resolved by assoc_registry_configure(), which infers foreign keys,
 * checks every name, and freezes the registry.
 */
#ifndef ASSOC_MAPPER_H
#define ASSOC_MAPPER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a relationship or proxy holds: a list, set or dict of members, or one value. */
typedef enum assoc_collection_kind {
	ASSOC_COLLECTION_LIST = 0, /**< ordered, duplicates allowed */
	ASSOC_COLLECTION_SET = 1,  /**< unordered, each member once */
	ASSOC_COLLECTION_DICT = 2, /**< keyed by an attribute of the member (attribute_keyed_dict) */
	ASSOC_COLLECTION_SCALAR = 3 /**< uselist false: many-to-one or one-to-one */
} assoc_collection_kind;

/** A relationship's loading strategy (SQLAlchemy's lazy=). */
typedef enum assoc_lazy {
	/** Load on first access; an object loaded together with others (one query's
	 *  result, the rows one load brought for many owners) loads it for every one
	 *  of them that has it unloaded, in one statement per hop (up to 50000 keys
	 *  each): the same results as SELECT, in fewer statements. Not inside a
	 *  flush or a delete cascade, which load one object at a time. */
	ASSOC_LAZY_DEFAULT = 0,
	ASSOC_LAZY_SELECTIN = 1, /**< load for all objects of a query at once, by IN */
	ASSOC_LAZY_JOINED = 2,   /**< treated as SELECTIN */
	ASSOC_LAZY_NOLOAD = 3,   /**< never load: empty until populated in memory */
	ASSOC_LAZY_RAISE = 4,    /**< loading is an error (ASSOC_ESTATE) */
	ASSOC_LAZY_SELECT = 5    /**< load on first access, for that object alone (SQLAlchemy's lazy="select") */
} assoc_lazy;

/** What an attribute is. */
typedef enum assoc_attr_kind {
	ASSOC_ATTR_COLUMN = 0,       /**< a column of the mapper's table */
	ASSOC_ATTR_RELATIONSHIP = 1, /**< a relationship (assoc_mapper_add_relationship()) */
	ASSOC_ATTR_PROXY = 2         /**< an association proxy (assoc_mapper_add_proxy()) */
} assoc_attr_kind;

/** The version of assoc_relationship_options these headers describe.
 *  2 added secondary_owner_keys, secondary_target_keys and post_update; version 1 is still accepted. */
#define ASSOC_RELATIONSHIP_OPTIONS_VERSION 2

/** How assoc_mapper_add_relationship() makes a relationship; initialise with
 *  ASSOC_RELATIONSHIP_OPTIONS_INIT or assoc_relationship_options_init(). Its
 *  strings are copied. */
typedef struct assoc_relationship_options {
	unsigned int version;     /**< ASSOC_RELATIONSHIP_OPTIONS_VERSION */
	const char *target;       /**< name of the target mapper (required) */
	const char *secondary;    /**< association table for many-to-many, or NULL */
	const char *foreign_keys; /**< "table.col[, table.col...]" where ambiguous, or NULL; a name with
	                             spaces, dots or commas in double quotes ("" for a quote) */
	int uselist;              /**< -1: infer (false for many-to-one); a mapper's relationship to
	                          * itself is one-to-many unless 0 (SQLAlchemy's remote_side=id),
	                          * and its backref runs the other way */
	assoc_collection_kind collection; /**< LIST, SET or DICT when uselist */
	const char *dict_key;     /**< DICT: the member attribute that is the key */
	const char *order_by;     /**< "col [DESC][, col...]" on the target, or NULL; a name with
	                             spaces or commas in double quotes ("" for a quote) */
	const char *cascade;      /**< NULL: "save-update, merge"; e.g. "all, delete-orphan" */
	const char *back_populates; /**< the reverse relationship on the target */
	const char *backref;      /**< create the reverse relationship with this name */
	const struct assoc_relationship_options *backref_options; /**< its options, or NULL (defaults,
	                          * with this relationship's passive_updates, as SQLAlchemy's backref) */
	int passive_updates;      /**< 1: the database cascades key changes; 0: the session moves the
	                          * children's foreign keys and the association rows itself */
	int passive_deletes;      /**< 1: leave dependent rows to ON DELETE */
	assoc_lazy lazy;          /**< the loading strategy */
	/* version 2 */
	const char *secondary_owner_keys;  /**< many-to-many: the secondary's columns that refer to the owner,
	                          * "col[, col...]" or "table.col" (SQLAlchemy's primaryjoin), or NULL to
	                          * infer; needed when the secondary has several foreign keys to the
	                          * owner's table, as a self-referential many-to-many has */
	const char *secondary_target_keys; /**< likewise the columns that refer to the target (secondaryjoin);
	                          * a backref takes the two lists swapped */
	int post_update;          /**< 1: write this relationship's foreign key with a second UPDATE after
	                          * the INSERTs (and set it NULL by an UPDATE before the DELETEs), which
	                          * breaks a cycle of rows referring to each other (SQLAlchemy's
	                          * post_update); not for many-to-many */
} assoc_relationship_options;

/** assoc_relationship_options of the current version with every field at its default. */
#define ASSOC_RELATIONSHIP_OPTIONS_INIT \
	{ ASSOC_RELATIONSHIP_OPTIONS_VERSION, NULL, NULL, NULL, -1, ASSOC_COLLECTION_LIST, NULL, \
	  NULL, NULL, NULL, NULL, NULL, 1, 0, ASSOC_LAZY_DEFAULT, NULL, NULL, 0 }

/**
 * Fill opts with the defaults of the given version (1 or 2); a version 1
 * struct is shorter, and only its fields are written.
 *
 * @param opts    the struct to fill.
 * @param version 1 or ASSOC_RELATIONSHIP_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or any other version.
 */
ASSOC_API int assoc_relationship_options_init(assoc_relationship_options *opts,
                                              unsigned int version);

/**
 * A new mapper named name over the table table_name, owned by the registry.
 * Each column of the table becomes an attribute of the same name.
 *
 * @param out        receives the mapper, owned by the registry.
 * @param reg        a registry not yet configured.
 * @param name       the mapper's name, copied.
 * @param table_name the name of a table of reg (assoc_table_new()).
 * @return 0, or ASSOC_EINVAL for a NULL argument or an empty name,
 *         ASSOC_ESTATE when the registry is configured, ASSOC_EEXISTS for a
 *         second mapper of that name or over that table, ASSOC_ENOTFOUND when
 *         there is no such table, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_mapper_new(assoc_mapper **out, assoc_registry *reg, const char *name,
                               const char *table_name);

/**
 * Add a relationship attribute; checked when the registry is configured.
 *
 * @param mapper the owning mapper; its registry not yet configured.
 * @param name   the attribute's name, copied.
 * @param opts   version 1 or 2 (a version 1 struct gets version 2's defaults
 *               for the fields it lacks); copied, strings and backref_options too.
 * @return 0, or ASSOC_EINVAL for a NULL argument, an unknown version (of opts
 *         or backref_options), a missing target, an empty name, unknown
 *         enums, or post_update not 0 or 1; ASSOC_ESTATE when the registry is
 *         configured; ASSOC_EEXISTS when the mapper has an attribute of that
 *         name; ASSOC_ENOMEM. The names in opts are checked by
 *         assoc_registry_configure() (ASSOC_ECONFIG).
 */
ASSOC_API int assoc_mapper_add_relationship(assoc_mapper *mapper, const char *name,
                                            const assoc_relationship_options *opts);

/** The version of assoc_mapper_column_options these headers describe. */
#define ASSOC_MAPPER_COLUMN_OPTIONS_VERSION 1

/**
 * How a mapper maps one of its table's columns (SQLAlchemy's deferred()):
 * initialise with ASSOC_MAPPER_COLUMN_OPTIONS_INIT or
 * assoc_mapper_column_options_init().
 *
 * A deferred column is left out of every query, relationship load and
 * refresh of the mapper's rows; the first read of it on a persistent object
 * loads it alone, or with the other unloaded columns of its group, in one
 * SELECT by primary key. Setting it loads nothing (the flush writes it), and
 * expiring it makes it deferred again. assoc_query_undefer() and
 * assoc_query_undefer_group() load it with a query's rows.
 */
typedef struct assoc_mapper_column_options {
	unsigned int version; /**< ASSOC_MAPPER_COLUMN_OPTIONS_VERSION */
	int deferred;         /**< 1: deferred; 0: loaded with the row (the default) */
	const char *group;    /**< deferred: the group it loads with (copied), or NULL to load alone */
} assoc_mapper_column_options;

/** assoc_mapper_column_options of the current version with every field at its default. */
#define ASSOC_MAPPER_COLUMN_OPTIONS_INIT { ASSOC_MAPPER_COLUMN_OPTIONS_VERSION, 0, NULL }

/**
 * Set *opts to the defaults (ASSOC_MAPPER_COLUMN_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_MAPPER_COLUMN_OPTIONS_VERSION.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_mapper_column_options_init(assoc_mapper_column_options *opts, unsigned int version);

/**
 * Map a column of the mapper's table with these options; a later call for
 * the same column replaces them. A column that keys a relationship (its
 * foreign key, the column it references, a dict key) cannot be deferred:
 * assoc_registry_configure() refuses it with ASSOC_ECONFIG.
 *
 * @param mapper a mapper whose registry is not yet configured.
 * @param column the name of a column of its table, borrowed for the call.
 * @param opts   read during the call (group is copied).
 * @return 0, or ASSOC_EINVAL for a NULL argument, an unsupported version,
 *         deferred not 0 or 1, an empty group, a group on a column not
 *         deferred, or a deferred primary key column; ASSOC_ENOTFOUND when
 *         the table has no such column; ASSOC_ESTATE when the registry is
 *         configured; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_mapper_set_column_options(assoc_mapper *mapper, const char *column,
                                              const assoc_mapper_column_options *opts);

/**
 * Resolve every relationship (target mappers, foreign keys, back_populates,
 * backrefs), order tables for flushing, and freeze the registry. Errors name
 * the mapper, relationship and tables involved; on error nothing is frozen and
 * the registry can be corrected and configured again. Configuring a
 * configured registry does nothing and succeeds.
 *
 * @param reg the registry.
 * @return 0, or ASSOC_EINVAL for a NULL registry; ASSOC_ECONFIG for any
 *         mapping that cannot be resolved (an unknown table, column, mapper
 *         or attribute name, missing or ambiguous foreign keys, a mapped table
 *         without a primary key, a cycle that needs post_update, a limit such
 *         as ASSOC_MAX_COLUMNS passed, a proxy whose hops do not fit);
 *         ASSOC_EEXISTS when a backref's name is already an attribute of its
 *         target; ASSOC_ETYPE when the default of a column whose type is
 *         inferred from its foreign key does not fit that type; ASSOC_ENOMEM.
 */
ASSOC_API int assoc_registry_configure(assoc_registry *reg);

/**
 * Whether assoc_registry_configure() has succeeded.
 * @param reg a registry, or NULL.
 * @return 1 once configured, else 0 (also for NULL).
 */
ASSOC_API int assoc_registry_is_configured(const assoc_registry *reg);

/**
 * The mapper of that name.
 * @param out  receives the mapper, owned by the registry (NULL when not found).
 * @param reg  a registry.
 * @param name the mapper's name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOTFOUND when there is
 *         no such mapper.
 */
ASSOC_API int assoc_registry_mapper(assoc_mapper **out, assoc_registry *reg, const char *name);

/**
 * The mapper's name.
 * @param mapper a mapper, or NULL.
 * @return the name, owned by the registry; NULL for NULL.
 */
ASSOC_API const char *assoc_mapper_name(const assoc_mapper *mapper);
/**
 * The table the mapper maps.
 * @param mapper a mapper, or NULL.
 * @return the table, owned by the registry; NULL for NULL.
 */
ASSOC_API assoc_table *assoc_mapper_table(const assoc_mapper *mapper);

/**
 * Resolve an attribute once, for the fast by-attr calls. Needs a configured registry.
 * @param out    receives the attribute, owned by the registry.
 * @param mapper a mapper of a configured registry.
 * @param name   a column, relationship or proxy name, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOTFOUND when the mapper has no
 *         such attribute.
 */
ASSOC_API int assoc_mapper_attr(assoc_attr **out, assoc_mapper *mapper, const char *name);
/**
 * The number of attributes of the mapper: its columns, relationships and proxies.
 * @param mapper a mapper of a configured registry.
 * @return the count; 0 for NULL or before the registry is configured.
 */
ASSOC_API size_t assoc_mapper_attr_count(const assoc_mapper *mapper);
/**
 * The mapper's i-th attribute.
 * @param mapper a mapper of a configured registry.
 * @param i      an index below assoc_mapper_attr_count().
 * @return the attribute, owned by the registry; NULL for NULL, an index out
 *         of range or before the registry is configured.
 */
ASSOC_API assoc_attr *assoc_mapper_attr_at(const assoc_mapper *mapper, size_t i);

/**
 * The attribute's name.
 * @param attr an attribute, or NULL.
 * @return the name, owned by the registry; NULL for NULL.
 */
ASSOC_API const char *assoc_attr_name(const assoc_attr *attr);
/**
 * What the attribute is.
 * @param attr an attribute, or NULL.
 * @return its kind; ASSOC_ATTR_COLUMN for NULL.
 */
ASSOC_API assoc_attr_kind assoc_attr_kind_of(const assoc_attr *attr);
/**
 * The mapper the attribute belongs to.
 * @param attr an attribute, or NULL.
 * @return the mapper, owned by the registry; NULL for NULL.
 */
ASSOC_API assoc_mapper *assoc_attr_mapper(const assoc_attr *attr);
/**
 * For a relationship: its target mapper.
 * @param attr an attribute, or NULL.
 * @return the target, owned by the registry; NULL for other attributes and NULL.
 */
ASSOC_API assoc_mapper *assoc_attr_target(const assoc_attr *attr);
/**
 * SCALAR for columns and scalar relationships, else the collection kind (for
 * a proxy, known once the registry is configured).
 * @param attr an attribute.
 * @return the kind.
 */
ASSOC_API assoc_collection_kind assoc_attr_collection_kind(const assoc_attr *attr);

#ifdef __cplusplus
}
#endif
#endif
