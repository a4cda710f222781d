/*
 * assoc_rb_api.h - the binding's own functions in Assoc::Core, besides the
 * C API itself: what takes a Ruby Hash of options or Ruby values that the
 * core's signatures cannot express. SWIG wraps these (see swig/ruby.i);
 * the option functions are defined in rb_options.c, the engine's in
 * rb_handles.c, the mapper's in rb_model.c.
 */
#ifndef ASSOC_RB_API_H
#define ASSOC_RB_API_H

#include <ruby.h>

/* An engine for url; options: journal_mode, busy_timeout_ms, pool_size, connect_timeout_s. */
VALUE assoc_rb_open_engine(VALUE url, VALUE options);
/* The engine's pool as [idle, in_use, opened]. */
VALUE assoc_rb_pool_status(VALUE engine);

/* A session on engine and registry; options: autoflush, expire_on_commit. */
VALUE assoc_rb_open_session(VALUE engine, VALUE registry, VALUE options);

/* Column options: primary_key, nullable, autoincrement, unique, index, foreign_key, on_delete, on_update, default. */
VALUE assoc_rb_add_column(VALUE table, VALUE name, VALUE type, VALUE options);
/* Foreign key options: on_delete, on_update, name. */
VALUE assoc_rb_add_foreign_key(VALUE table, VALUE columns, VALUE ref_table, VALUE ref_columns, VALUE options);
VALUE assoc_rb_add_unique(VALUE table, VALUE columns, VALUE name);

/* Mapped column options: deferred, group. */
VALUE assoc_rb_set_column_options(VALUE mapper, VALUE name, VALUE options);

/*
 * Relationship options: target, secondary, foreign_keys, uselist, collection,
 * dict_key, order_by, cascade, back_populates, backref, backref_options (a Hash
 * of the same), passive_updates, passive_deletes, lazy.
 */
VALUE assoc_rb_add_relationship(VALUE mapper, VALUE name, VALUE options);

/*
 * Proxy options: target_collection, attr, creator and proxy_bulk_set
 * (callables), cascade_scalar_deletes, create_on_none_assignment, unique.
 */
VALUE assoc_rb_add_proxy(VALUE mapper, VALUE name, VALUE options);

/* Replace every member (keys nil except for dicts) / put each values[i] under keys[i]. */
VALUE assoc_rb_collection_assign(VALUE collection, VALUE keys, VALUE values);
VALUE assoc_rb_collection_update(VALUE collection, VALUE keys, VALUE values);

/* The engine's statement log block (nil: none); release the engine now. */
VALUE assoc_rb_on_statement(VALUE engine, VALUE block);
VALUE assoc_rb_dispose_engine(VALUE engine);

/* The Ruby class of a mapper's objects, and the registry it belongs to. */
VALUE assoc_rb_bind_class(VALUE mapper, VALUE klass);
VALUE assoc_rb_class_of(VALUE mapper);
VALUE assoc_rb_registry_of(VALUE mapper);

#endif
