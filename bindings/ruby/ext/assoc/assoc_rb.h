/*
 * assoc_rb.h - the C runtime of the Ruby extension assoc/assoc_core: what
 * the SWIG typemaps in swig/ruby.i call to turn assoc handles and values into
 * Ruby objects and back, raise errors, and run Ruby callables as callbacks.
 *
 * Every handle is a TypedData object whose free function releases the core's
 * reference (engines, registries, sessions are reference-counted by the
 * core; objects are pinned with assoc_object_ref), so the garbage collector
 * may free wrappers in any order. Wrappers of borrowed pointers (tables,
 * mappers, attributes, collections, queries) mark the wrapper that owns what
 * they point into, so that owner outlives them.
 */
#ifndef ASSOC_RB_H
#define ASSOC_RB_H

#include <ruby.h>
#include <ruby/encoding.h>

#include <assoc.h>

/* ---- classes (rb_handles.c) ------------------------------------------------ */

extern VALUE assoc_rb_mAssoc, assoc_rb_mCore;
extern VALUE assoc_rb_cEngine, assoc_rb_cRegistry, assoc_rb_cTable, assoc_rb_cMapper, assoc_rb_cAttribute;
extern VALUE assoc_rb_cSession, assoc_rb_cQuery, assoc_rb_cExpr;
extern VALUE assoc_rb_cObject, assoc_rb_cCollection, assoc_rb_cList, assoc_rb_cSet, assoc_rb_cDict;

void assoc_rb_init_handles(void);
void assoc_rb_init_model(void);

/* DATA_PTR(v) when v is of type; else an Assoc::TypeMismatchError naming what was expected. */
void *assoc_rb_checked(VALUE v, const rb_data_type_t *type, const char *what);

/* An ObjectSpace::WeakMap from core pointers to their one wrapper (nil when none lives). */
VALUE assoc_rb_weakmap_new(void);
VALUE assoc_rb_weakmap_get(VALUE map, const void *p);
void assoc_rb_weakmap_set(VALUE map, const void *p, VALUE wrapper);

/*
 * Set while a free function runs core code (a session's rollback on free):
 * callbacks must not run Ruby code then, inside the garbage collector.
 */
extern int assoc_rb_in_free;

/* ---- engines, sessions, queries, expressions (rb_handles.c) ---------------- */

VALUE assoc_rb_engine_wrap(assoc_engine *e);
assoc_engine *assoc_rb_engine_ptr(VALUE v);
/* The statement log block of the engine whose struct is the log hook's userdata. */
VALUE assoc_rb_engine_statement_block(void *userdata);

/* ---- registries, tables, mappers, attributes (rb_model.c) ----------------- */

VALUE assoc_rb_registry_wrap(assoc_registry *r);
assoc_registry *assoc_rb_registry_ptr(VALUE v);

/* Tables and mappers: one wrapper each, kept by their registry's wrapper. */
VALUE assoc_rb_table_wrapper(assoc_table *t, VALUE registry);
VALUE assoc_rb_table_lookup(assoc_table *t);
assoc_table *assoc_rb_table_ptr(VALUE v);
VALUE assoc_rb_mapper_wrapper(assoc_mapper *m, VALUE registry);
VALUE assoc_rb_mapper_lookup(const assoc_mapper *m);
assoc_mapper *assoc_rb_mapper_ptr(VALUE v);

VALUE assoc_rb_attr_wrap(assoc_attr *a, VALUE mapper);
assoc_attr *assoc_rb_attr_ptr(VALUE v);

/* ---- sessions, queries, expressions (rb_handles.c) ------------------------- */

VALUE assoc_rb_session_wrap(assoc_session *s, VALUE engine, VALUE registry);
VALUE assoc_rb_session_lookup(const assoc_session *s);
assoc_session *assoc_rb_session_ptr(VALUE v);

VALUE assoc_rb_query_wrap(assoc_query *q, VALUE session);
assoc_query *assoc_rb_query_ptr(VALUE v);

/* An expression handle owns its assoc_expr until a call takes it over. */
VALUE assoc_rb_expr_wrap(assoc_expr *e);
assoc_expr *assoc_rb_expr_take(VALUE v);

/* ---- objects and collections (rb_objects.c) --------------------------------- */

void assoc_rb_init_objects(void);

/* The one wrapper of o (made, pinning o, if it has none); nil for NULL. */
VALUE assoc_rb_object_wrap(assoc_object *o);
/* The same, when the wrapper of o's session is at hand. */
VALUE assoc_rb_object_wrap_in(assoc_object *o, VALUE session);
/* nil gives NULL; an unbound wrapper raises Assoc::NotInSessionError. */
assoc_object *assoc_rb_object_ptr(VALUE v);
int assoc_rb_is_object(VALUE v);
/* Whether v is an object's wrapper made without a session and in none yet (it has no assoc_object). */
int assoc_rb_is_unbound(VALUE v);

VALUE assoc_rb_collection_wrap(assoc_collection *c, VALUE owner);
assoc_collection *assoc_rb_collection_ptr(VALUE v);
VALUE assoc_rb_result_to_array(assoc_result *r);

/* ---- values (rb_values.c) -------------------------------------------------- */

/*
 * A Ruby value as an assoc_value: nil, true/false (1/0), Integer, Float,
 * String (binary strings as BLOB, others as UTF-8 TEXT), Symbol, Time and
 * Date (ISO-8601 TEXT), or an assoc object. TEXT and BLOB point into a Ruby
 * string the caller keeps alive: v itself, or *keep for a converted one.
 */
assoc_value assoc_rb_to_value(VALUE v, volatile VALUE *keep);
VALUE assoc_rb_from_value(const assoc_value *v);

/*
 * The elements of an Array (or nil: none) as assoc_values whose bytes are
 * copied into memory owned by *store (freed by the garbage collector), so
 * that they stay put even if a callback compacts the heap meanwhile.
 */
assoc_value *assoc_rb_to_values(VALUE ary, size_t *n, volatile VALUE *store);
VALUE assoc_rb_from_valuelist(assoc_valuelist *list); /* frees list */

/* A String or Symbol as a C string (nil gives NULL); *keep holds its string. */
const char *assoc_rb_cstr(VALUE v, volatile VALUE *keep);

/* ---- errors (rb_errors.c) -------------------------------------------------- */

void assoc_rb_init_errors(void);
void assoc_rb_init_values(void);

/*
 * An exception a callback raised, to raise again once the core call has
 * returned: kept per fiber (another thread may run while a callback fails);
 * assoc_rb_npending counts the fibers that have one, for the fast path.
 */
extern int assoc_rb_npending;
void assoc_rb_set_pending(VALUE exc);
VALUE assoc_rb_take_pending(void);

/* Raise for rc < 0 (the pending exception, or the Assoc error of rc) or a pending exception. */
void assoc_rb_check_slow(int rc);
#define ASSOC_RB_CHECK(rc)                                                  \
	do {                                                                \
		int assoc_rb_rc_ = (rc);                                    \
		if (assoc_rb_rc_ < 0 || assoc_rb_npending)                  \
			assoc_rb_check_slow(assoc_rb_rc_);                  \
	} while (0)

/* The Assoc::Error subclass of code, carrying code and message; assoc_rb_raise raises one. */
VALUE assoc_rb_error_new(int code, const char *message);
NORETURN(void assoc_rb_raise(int code, const char *fmt, ...));

/* ---- callbacks (rb_callbacks.c) -------------------------------------------- */

/* A Ruby callable the core may call through a libffi closure, kept by its registry's wrapper. */
struct assoc_rb_slot {
	VALUE callable;
	char *what; /* "the creator of User.keywords", for messages */
};

void assoc_rb_init_callbacks(void);
/* Core.session_run: Session#transaction on assoc_session_run (rb_transaction.c). */
void assoc_rb_init_transaction(void);
/* A closure of kind running callable, adopted by reg; the slot belongs to registry's wrapper. */
assoc_callback *assoc_rb_callback_new(VALUE registry, assoc_callback_kind kind, VALUE callable, const char *what);
void assoc_rb_slot_mark(struct assoc_rb_slot *slot);
void assoc_rb_slot_compact(struct assoc_rb_slot *slot);
void assoc_rb_slot_free(struct assoc_rb_slot *slot);
struct assoc_rb_slot *assoc_rb_registry_add_slot(VALUE registry, VALUE callable, const char *what);

void assoc_rb_log_hook(void *userdata, const assoc_statement_log *entry);

#endif
