/*
 * model.h - the schemas of test/ext/test_associationproxy.py (part 1:
 * AutoFlushTest to ReconstitutionTest), and helpers its ports share.
 */
#ifndef ASSOC_SQLA_AP_MODEL_H
#define ASSOC_SQLA_AP_MODEL_H

#include "proxy_model.h"

/*
 * AutoFlushTest: parent(id), association(parent_id, child_id both primary
 * key, name), child(id, name). Parent._collection (kind; a dict keyed by
 * Association.name) backref Association.parent; Association.child backref
 * Child.association; Parent.collection = proxy("_collection", "child").
 * Configured and opened with autoflush and expire_on_commit on.
 */
void ap_autoflush_model(fx *f, assoc_collection_kind kind);

/*
 * _CollectionOperations: "Parent"(id, name), "Children"(id, parent_id,
 * foo, name); Parent._children -> Child (lazy joined, backref "parent",
 * kind; a dict keyed by foo) and Parent.children = proxy("_children", "name").
 * kind SCALAR is uselist=False. flags AP_FACTORY (ProxyFactoryTest): no
 * backref, and the proxy gets a proxy_factory and proxy_bulk_set = extend;
 * AP_NO_BACKREF: no backref. Not yet configured.
 */
#define AP_FACTORY 1
#define AP_NO_BACKREF 2
assoc_mapper *ap_children_model(fx *f, assoc_collection_kind kind, assoc_lazy lazy, int flags);
#define AP_CUSTOM_PROXY ((void *)&ap_custom_proxy_tag)
extern const int ap_custom_proxy_tag;

/* Parent(name) and Child(name) or, for dicts, Child(foo, name); transient. */
assoc_object *ap_parent(fx *f, const char *name);
assoc_object *ap_child(fx *f, const char *foo, const char *name);

/*
 * The port of the tests' roundtrip(): add obj if it is in no unit of work,
 * commit, and load it again by id in a fresh session (so nothing is left of
 * what the old session held, as after expunge_all()).
 */
assoc_object *ap_roundtrip_(FX_AT, fx *f, assoc_object *obj);
#define ap_roundtrip(f, obj) ap_roundtrip_(FX_HERE, (f), (obj))

/* The values of a view as a bit set of one-letter strings: 'a' is bit 0. */
unsigned ap_letters_(FX_AT, assoc_collection *c);
#define ap_letters(c) ap_letters_(FX_HERE, (c))
unsigned ap_list_letters(assoc_valuelist *l); /* frees the list */
/* The one-letter TEXT values of a bit set, into vals (room for 26). */
size_t ap_letter_values(unsigned set, assoc_value *vals);

#endif
