/*
 * assoc/proxy.h - association proxies: a read/write view of an attribute two
 * hops away, across a relationship.
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
 */
#ifndef ASSOC_PROXY_H
#define ASSOC_PROXY_H

#include "common.h"
#include "callback.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Version 2: a scalar proxy with a custom getter (getset_factory) and no
 * intermediary object calls the getter with a NULL target, as SQLAlchemy's
 * get(None); version 1 options keep the old reading (NULL, getter not called).
 * Both versions have the same fields.
 */
#define ASSOC_PROXY_OPTIONS_VERSION 2
#define ASSOC_PROXY_OPTIONS_VERSION_1 1

typedef struct assoc_proxy_options {
	unsigned int version;            /* ASSOC_PROXY_OPTIONS_VERSION */
	const char *target_collection;   /* a relationship of this mapper (required) */
	const char *attr;                /* an attribute of its target: column, relationship or proxy (required) */
	assoc_creator_fn creator;        /* NULL: a new target object with attr (and a dict's key) set */
	void *creator_data;
	assoc_getset_factory_fn getset_factory; /* NULL: read and write attr */
	void *getset_data;
	assoc_proxy_factory_fn proxy_factory;
	void *proxy_factory_data;
	assoc_proxy_bulk_set_fn proxy_bulk_set;
	void *proxy_bulk_set_data;
	int cascade_scalar_deletes;      /* scalar: assigning NULL removes the intermediary object */
	int create_on_none_assignment;   /* scalar: assigning NULL with no intermediary creates one */
	int unique;                      /* reuse the target whose attr already equals the value, from
	                                    the session, then the database, before creating one */
	void *info;                      /* the program's own; assoc_proxy_info() returns it */
} assoc_proxy_options;

#define ASSOC_PROXY_OPTIONS_INIT \
	{ ASSOC_PROXY_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL }

ASSOC_API int assoc_proxy_options_init(assoc_proxy_options *opts, unsigned int version);

/* Add a proxy attribute; checked (both names, and that their kinds fit) at configure. */
ASSOC_API int assoc_mapper_add_proxy(assoc_mapper *mapper, const char *name, const assoc_proxy_options *opts);

/* Introspection, on a configured proxy attribute (NULL / 0 for other attributes). */
ASSOC_API assoc_mapper *assoc_proxy_target_class(const assoc_attr *proxy); /* the intermediary mapper */
ASSOC_API int assoc_proxy_is_scalar(const assoc_attr *proxy);             /* over a scalar relationship */
ASSOC_API assoc_attr *assoc_proxy_local_attr(const assoc_attr *proxy);    /* target_collection */
ASSOC_API assoc_attr *assoc_proxy_remote_attr(const assoc_attr *proxy);   /* attr, on the target */
ASSOC_API void *assoc_proxy_info(const assoc_attr *proxy);

/* What a proxy_factory stored for this view, or NULL. */
ASSOC_API void *assoc_collection_custom(const assoc_collection *view);

#ifdef __cplusplus
}
#endif
#endif
