/**
 * @file assoc/proxy.h
 * @brief Association proxies: a read/write view of an attribute two hops
 * away, across a relationship.
 *
 * A proxy is an attribute of its mapper (kind ASSOC_ATTR_PROXY). Over a
 * list, set or dict relationship it reads through assoc_object_collection()
 * as a view of the same kind whose members are the values of attr on the
 * related objects; over a scalar relationship it reads and writes with
 * assoc_object_get() / assoc_object_set(). Changes through the view show at
 * once in the relationship, and the other way round. attr may itself be a
 * proxy (composite proxies). Over a scalar relationship attr may also be a
 * collection (a relationship, or a proxy that reads as one): the proxy then
 * reads, through assoc_object_collection(), as that collection of the
 * intermediary object (ASSOC_ENOTFOUND when there is none), and is queried
 * with any and contains.
 *
 * Unique targets (the unique option; SQLAlchemy's UniqueObject recipe): the
 * proxy reuses the target whose attr (a column) already holds the value,
 * first among those the session made or found for it, then in the database
 * (a lookup that does not autoflush and, when the session has no transaction
 * open, reads outside one); otherwise the creator (or the default) makes one.
 *
 * When attr's column has a one-column UNIQUE constraint (the column's unique
 * option, assoc_table_add_unique() of that column alone, or the table's lone
 * primary key) and the dialect has ON CONFLICT and RETURNING (SQLite and
 * PostgreSQL both do), a target made so is inserted at flush as a
 * get-or-create: INSERT ... ON CONFLICT (column) DO NOTHING RETURNING its key,
 * and, when another transaction's row holds the value, one SELECT of that row.
 * Two sessions making the same value at once then end with one row and no
 * error: the object of the later flush becomes that row (persistent, in the
 * identity map, its key and columns the row's; its foreign keys outside the
 * key stay its own and are written to the row, as when the lookup finds it).
 * This is done at flush, not when the creator runs, so that the row is written
 * with the object's final values, undone with the flush, and locked only from
 * the flush to the commit. The normal paths run as many statements as the
 * lookup and a plain INSERT do. The flush fails with ASSOC_ECONSTRAINT when
 * the session already holds that row as another object (loaded after the
 * lookup found nothing, with autoflush off), and with ASSOC_ERETRY when the
 * row is deleted between the INSERT and the SELECT. Where a transaction
 * keeps one snapshot, the other's row may be one it cannot see: PostgreSQL at
 * REPEATABLE READ or SERIALIZABLE fails the INSERT (SQLSTATE 40001), and a
 * SQLite transaction that read before the other's commit cannot write after
 * it; both are ASSOC_ERETRY, and assoc_session_run() runs the work again.
 *
 * Without such a constraint the configuration is accepted and works as
 * before (the lookup, then a plain INSERT): the database cannot arbitrate,
 * and two sessions at once may both insert the value.
 */
#ifndef ASSOC_PROXY_H
#define ASSOC_PROXY_H

#include "common.h"
#include "callback.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The version of assoc_proxy_options these headers describe.
 *
 * Version 2: a scalar proxy with a custom getter (getset_factory) and no
 * intermediary object calls the getter with a NULL target, as SQLAlchemy's
 * get(None); version 1 options keep the old reading (NULL, getter not called).
 * Both versions have the same fields.
 */
#define ASSOC_PROXY_OPTIONS_VERSION 2
/** The first version of assoc_proxy_options, still accepted. */
#define ASSOC_PROXY_OPTIONS_VERSION_1 1

/** How assoc_mapper_add_proxy() makes a proxy; initialise with ASSOC_PROXY_OPTIONS_INIT. */
typedef struct assoc_proxy_options {
	unsigned int version;            /**< ASSOC_PROXY_OPTIONS_VERSION */
	const char *target_collection;   /**< a relationship of this mapper (required) */
	const char *attr;                /**< an attribute of its target: column, relationship or proxy (required) */
	assoc_creator_fn creator;        /**< NULL: a new target object with attr (and a dict's key) set */
	void *creator_data;              /**< passed first to creator */
	assoc_getset_factory_fn getset_factory; /**< NULL: read and write attr */
	void *getset_data;               /**< passed first to getset_factory */
	assoc_proxy_factory_fn proxy_factory; /**< NULL: views carry no custom data */
	void *proxy_factory_data;        /**< passed first to proxy_factory */
	assoc_proxy_bulk_set_fn proxy_bulk_set; /**< NULL: whole-collection assignment adds one by one */
	void *proxy_bulk_set_data;       /**< passed first to proxy_bulk_set */
	int cascade_scalar_deletes;      /**< scalar: assigning NULL removes the intermediary object */
	int create_on_none_assignment;   /**< scalar: assigning NULL with no intermediary creates one */
	int unique;                      /**< reuse the target whose attr already equals the value, from
	                                    the session, then the database, before creating one; race-free
	                                    with a UNIQUE constraint on attr (see the file's description) */
	void *info;                      /**< the program's own; assoc_proxy_info() returns it */
} assoc_proxy_options;

/** assoc_proxy_options of the current version with every field at its default. */
#define ASSOC_PROXY_OPTIONS_INIT \
	{ ASSOC_PROXY_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL }

/**
 * Set *opts to the defaults of the given version (ASSOC_PROXY_OPTIONS_INIT).
 * @param opts    the struct to fill.
 * @param version ASSOC_PROXY_OPTIONS_VERSION or ASSOC_PROXY_OPTIONS_VERSION_1.
 * @return 0, or ASSOC_EINVAL for a NULL opts or an unsupported version.
 */
ASSOC_API int assoc_proxy_options_init(assoc_proxy_options *opts, unsigned int version);

/**
 * Add a proxy attribute; checked (both names, and that their kinds fit) at configure.
 *
 * @param mapper the mapper that gets the attribute; its registry not yet
 *               configured.
 * @param name   the attribute's name, copied.
 * @param opts   copied (its strings too); the callbacks' userdata pointers and
 *               info are kept as given and must outlive the registry.
 * @return 0, or ASSOC_EINVAL for a NULL argument, an unsupported version,
 *         an empty name, a missing target_collection or attr, or both
 *         cascade_scalar_deletes and create_on_none_assignment; ASSOC_ESTATE
 *         when the registry is configured; ASSOC_EEXISTS when the mapper has
 *         an attribute or column of that name; ASSOC_ENOMEM. Problems with
 *         the names are reported by assoc_registry_configure() (ASSOC_ECONFIG).
 */
ASSOC_API int assoc_mapper_add_proxy(assoc_mapper *mapper, const char *name, const assoc_proxy_options *opts);

/**
 * The intermediary mapper: the target of the proxy's target_collection.
 * @param proxy a proxy attribute of a configured registry.
 * @return the mapper, owned by the registry; NULL for NULL or another kind of
 *         attribute.
 */
ASSOC_API assoc_mapper *assoc_proxy_target_class(const assoc_attr *proxy);
/**
 * Whether the proxy is over a scalar relationship (uselist false).
 * @param proxy a proxy attribute of a configured registry.
 * @return 1 if so, 0 if over a collection or when proxy is not a proxy.
 */
ASSOC_API int assoc_proxy_is_scalar(const assoc_attr *proxy);
/**
 * The first hop: the relationship named by target_collection.
 * @param proxy a proxy attribute of a configured registry.
 * @return the relationship attribute, owned by the registry; NULL when proxy is
 *         not a proxy.
 */
ASSOC_API assoc_attr *assoc_proxy_local_attr(const assoc_attr *proxy);
/**
 * The second hop: attr, on the intermediary mapper.
 * @param proxy a proxy attribute of a configured registry.
 * @return the attribute, owned by the registry; NULL when proxy is not a proxy.
 */
ASSOC_API assoc_attr *assoc_proxy_remote_attr(const assoc_attr *proxy);
/**
 * The info pointer of the proxy's options.
 * @param proxy a proxy attribute.
 * @return info as given, the program's own; NULL when proxy is not a proxy.
 */
ASSOC_API void *assoc_proxy_info(const assoc_attr *proxy);

/**
 * What a proxy_factory stored for this view.
 * @param view a proxy view (assoc_object_collection() on a proxy attribute).
 * @return the custom pointer, or NULL (none stored, or view is NULL).
 */
ASSOC_API void *assoc_collection_custom(const assoc_collection *view);

#ifdef __cplusplus
}
#endif
#endif
