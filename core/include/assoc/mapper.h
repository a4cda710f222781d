/*
 * assoc/mapper.h - mappers, their attributes and relationships.
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

typedef enum assoc_collection_kind {
	ASSOC_COLLECTION_LIST = 0,
	ASSOC_COLLECTION_SET = 1,
	ASSOC_COLLECTION_DICT = 2, /**< keyed by an attribute of the member (attribute_keyed_dict) */
	ASSOC_COLLECTION_SCALAR = 3 /**< uselist false: many-to-one or one-to-one */
} assoc_collection_kind;

typedef enum assoc_lazy {
	ASSOC_LAZY_SELECT = 0,   /**< load on first access */
	ASSOC_LAZY_SELECTIN = 1, /**< load for all objects of a query at once, by IN */
	ASSOC_LAZY_JOINED = 2,   /**< treated as SELECTIN */
	ASSOC_LAZY_NOLOAD = 3,   /**< never load: empty until populated in memory */
	ASSOC_LAZY_RAISE = 4     /**< loading is an error (ASSOC_ESTATE) */
} assoc_lazy;

typedef enum assoc_attr_kind {
	ASSOC_ATTR_COLUMN = 0,
	ASSOC_ATTR_RELATIONSHIP = 1,
	ASSOC_ATTR_PROXY = 2
} assoc_attr_kind;

/* 2 added secondary_owner_keys, secondary_target_keys and post_update; version 1 is still accepted. */
#define ASSOC_RELATIONSHIP_OPTIONS_VERSION 2

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
	assoc_lazy lazy;
	/** version 2 */
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

#define ASSOC_RELATIONSHIP_OPTIONS_INIT \
	{ ASSOC_RELATIONSHIP_OPTIONS_VERSION, NULL, NULL, NULL, -1, ASSOC_COLLECTION_LIST, NULL, \
	  NULL, NULL, NULL, NULL, NULL, 1, 0, ASSOC_LAZY_SELECT, NULL, NULL, 0 }

/*
 * Fill opts with the defaults of the given version (1 or 2); a version 1
 * struct is shorter, and only its fields are written. ASSOC_EINVAL for any
 * other version.
 */
ASSOC_API int assoc_relationship_options_init(assoc_relationship_options *opts,
                                              unsigned int version);

/* A new mapper named name over the table table_name, owned by the registry. */
ASSOC_API int assoc_mapper_new(assoc_mapper **out, assoc_registry *reg, const char *name,
                               const char *table_name);

/*
 * Add a relationship attribute; checked when the registry is configured.
 * opts (version 1 or 2; a version 1 struct gets version 2's defaults for the
 * fields it lacks) is copied. ASSOC_EINVAL for an unknown version, a missing
 * target, unknown enums, or post_update not 0 or 1.
 */
ASSOC_API int assoc_mapper_add_relationship(assoc_mapper *mapper, const char *name,
                                            const assoc_relationship_options *opts);

/*
 * Resolve every relationship (target mappers, foreign keys, back_populates,
 * backrefs), order tables for flushing, and freeze the registry. Errors name
 * the mapper, relationship and tables involved; on error nothing is frozen and
 * the registry can be corrected and configured again.
 */
ASSOC_API int assoc_registry_configure(assoc_registry *reg);

/* 1 once assoc_registry_configure() has succeeded. */
ASSOC_API int assoc_registry_is_configured(const assoc_registry *reg);

ASSOC_API int assoc_registry_mapper(assoc_mapper **out, assoc_registry *reg, const char *name);

ASSOC_API const char *assoc_mapper_name(const assoc_mapper *mapper);
ASSOC_API assoc_table *assoc_mapper_table(const assoc_mapper *mapper);

/* Resolve an attribute once, for the fast by-attr calls. Needs a configured registry. */
ASSOC_API int assoc_mapper_attr(assoc_attr **out, assoc_mapper *mapper, const char *name);
ASSOC_API size_t assoc_mapper_attr_count(const assoc_mapper *mapper);
ASSOC_API assoc_attr *assoc_mapper_attr_at(const assoc_mapper *mapper, size_t i);

ASSOC_API const char *assoc_attr_name(const assoc_attr *attr);
ASSOC_API assoc_attr_kind assoc_attr_kind_of(const assoc_attr *attr);
ASSOC_API assoc_mapper *assoc_attr_mapper(const assoc_attr *attr);
/* For a relationship: its target mapper, else NULL. */
ASSOC_API assoc_mapper *assoc_attr_target(const assoc_attr *attr);
/* SCALAR for columns and scalar relationships, else the collection kind. */
ASSOC_API assoc_collection_kind assoc_attr_collection_kind(const assoc_attr *attr);

#ifdef __cplusplus
}
#endif
#endif
