/*
 * rb_callbacks.c - Ruby callables as the core's callbacks.
 *
 * A proxy's creator (a lambda, a block, or anything answering #call) becomes
 * a C function pointer through assoc_callback_new(): a libffi closure whose
 * host reference is a slot holding the callable. The slot belongs to the
 * registry's wrapper, which marks the callable, so a creator lives exactly as
 * long as the registry can still call it, whatever else refers to it.
 *
 * The one dispatcher runs the callable under rb_protect(): no Ruby exception,
 * throw or break ever unwinds through the core's frames. A raised exception
 * waits while the core returns ASSOC_ECALLBACK (its
 * operation leaves everything as it was), and the binding then raises that
 * same exception object (see rb_errors.c).
 */
#include <stdio.h>

#include "assoc_rb.h"

static ID id_call, id_message, id_join_session, id_session;

void assoc_rb_slot_mark(struct assoc_rb_slot *slot)
{
	rb_gc_mark_movable(slot->callable);
}

void assoc_rb_slot_compact(struct assoc_rb_slot *slot)
{
	slot->callable = rb_gc_location(slot->callable);
}

void assoc_rb_slot_free(struct assoc_rb_slot *slot)
{
	xfree(slot->what);
	xfree(slot);
}

static VALUE values_array(const assoc_value *values, size_t n)
{
	VALUE a = rb_ary_new_capa((long)n);
	for (size_t i = 0; i < n; i++)
		rb_ary_push(a, assoc_rb_from_value(&values[i]));
	return a;
}

static VALUE call_callable(VALUE callable, int argc, const VALUE *argv)
{
	if (rb_obj_is_proc(callable))
		return rb_proc_call_with_block(callable, argc, argv, Qnil);
	return rb_funcallv(callable, id_call, argc, argv);
}

/* ---- failures -------------------------------------------------------------- */

struct failure {
	const struct assoc_rb_slot *slot;
	VALUE err;     /* what rb_protect() caught: an exception, or a throw/break/return's tag */
	VALUE message; /* the exception's message */
};

/* Keep the exception for the binding to raise again (a jump becomes an Assoc::CallbackError). */
static VALUE failure_body(VALUE p)
{
	struct failure *f = (struct failure *)p;
	if (!RTEST(rb_obj_is_kind_of(f->err, rb_eException))) {
		char text[512];
		snprintf(text, sizeof text, "%s left by throw, break or return; a callback must return or raise",
		         f->slot->what);
		f->err = assoc_rb_error_new(ASSOC_ECALLBACK, text);
	}
	assoc_rb_set_pending(f->err);
	f->message = rb_obj_as_string(rb_funcall(f->err, id_message, 0));
	return Qnil;
}

/*
 * After rb_protect() caught something: record the core's error and return
 * ASSOC_ECALLBACK. The Ruby work it takes runs under rb_protect() too: we are
 * still inside the core's frames.
 */
static int caught(const struct assoc_rb_slot *slot)
{
	struct failure f = { slot, rb_errinfo(), Qnil };
	rb_set_errinfo(Qnil);
	int state = 0;
	rb_protect(failure_body, (VALUE)&f, &state);
	if (state) { /* no message (or no exception: the core's own error is raised instead) */
		rb_set_errinfo(Qnil);
		return assoc_error_set(ASSOC_ECALLBACK, "%s failed", slot->what);
	}
	return assoc_error_set(ASSOC_ECALLBACK, "%s raised %s: %.*s", slot->what, rb_obj_classname(f.err),
	                       (int)RSTRING_LEN(f.message), RSTRING_PTR(f.message));
}

/* ---- creators -------------------------------------------------------------- */

struct creator_call {
	const struct assoc_rb_slot *slot;
	assoc_object *owner;
	const assoc_value *key, *value;
};

/*
 * creator.call(owner, value), or (owner, key, value) for a dict proxy; a
 * lambda that takes one argument fewer gets no owner: ->(v) { Keyword.new(keyword: v) }.
 */
static VALUE creator_body(VALUE p)
{
	const struct creator_call *c = (const struct creator_call *)p;
	VALUE callable = c->slot->callable;
	VALUE argv[3];
	int argc = 0;
	argv[argc++] = assoc_rb_object_wrap(c->owner);
	if (c->key)
		argv[argc++] = assoc_rb_from_value(c->key);
	argv[argc++] = c->value ? assoc_rb_from_value(c->value) : Qnil;
	int no_owner = RTEST(rb_obj_is_proc(callable)) && RTEST(rb_proc_lambda_p(callable)) &&
	               rb_proc_arity(callable) == argc - 1;
	VALUE made = call_callable(callable, argc - no_owner, argv + no_owner);
	/* Keyword.new(keyword: v), made without a session, joins the owner's */
	if (assoc_rb_is_unbound(made))
		rb_funcall(made, id_join_session, 1, rb_funcall(argv[0], id_session, 0));
	return made;
}

static int dispatch_creator(const struct assoc_rb_slot *slot, void *const *args)
{
	struct creator_call c = { slot, *(assoc_object *const *)args[1], *(const assoc_value *const *)args[2],
		                  *(const assoc_value *const *)args[3] };
	assoc_object **out = *(assoc_object **const *)args[4];
	int state = 0;
	VALUE made = rb_protect(creator_body, (VALUE)&c, &state);
	if (state)
		return caught(slot);
	if (!assoc_rb_is_object(made))
		return assoc_error_set(ASSOC_ECALLBACK, "%s returned %s; expected an Assoc::Object", slot->what,
		                       NIL_P(made) ? "nil" : rb_obj_classname(made));
	if (assoc_rb_is_unbound(made))
		return assoc_error_set(ASSOC_ECALLBACK, "%s returned an object that is in no session", slot->what);
	/* the owner's session owns the new object: the wrapper may go */
	*out = assoc_rb_object_ptr(made);
	return 0;
}

/* ---- bulk setters ---------------------------------------------------------- */

struct bulk_call {
	const struct assoc_rb_slot *slot;
	assoc_collection *view;
	const assoc_value *keys, *values;
	size_t n;
};

/* proxy_bulk_set.call(view, values), or (view, keys, values) for a dict proxy */
static VALUE bulk_body(VALUE p)
{
	const struct bulk_call *c = (const struct bulk_call *)p;
	VALUE argv[3];
	int argc = 0;
	argv[argc++] = assoc_rb_collection_wrap(c->view, Qnil);
	if (c->keys)
		argv[argc++] = values_array(c->keys, c->n);
	argv[argc++] = values_array(c->values, c->n);
	return call_callable(c->slot->callable, argc, argv);
}

static int dispatch_bulk_set(const struct assoc_rb_slot *slot, void *const *args)
{
	struct bulk_call c = { slot, *(assoc_collection *const *)args[1], *(const assoc_value *const *)args[2],
		               *(const assoc_value *const *)args[3], *(const size_t *)args[4] };
	int state = 0;
	rb_protect(bulk_body, (VALUE)&c, &state);
	return state ? caught(slot) : 0;
}

/* ---- the dispatcher -------------------------------------------------------- */

static int dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	const struct assoc_rb_slot *slot = host_ref;
	if (assoc_rb_in_free)
		return assoc_error_set(ASSOC_ECALLBACK, "%s cannot run while Ruby frees objects", slot->what);
	assoc_rb_take_pending(); /* none can be left from before; drop a stale one */
	switch (kind) {
	case ASSOC_CALLBACK_CREATOR: return dispatch_creator(slot, args);
	case ASSOC_CALLBACK_BULK_SET: return dispatch_bulk_set(slot, args);
	default: return assoc_error_set(ASSOC_ECALLBACK, "%s: callback kind %d is not supported", slot->what, (int)kind);
	}
}

assoc_callback *assoc_rb_callback_new(VALUE registry, assoc_callback_kind kind, VALUE callable, const char *what)
{
	if (!rb_obj_is_proc(callable) && !rb_respond_to(callable, id_call))
		assoc_rb_raise(ASSOC_ETYPE, "%s must answer #call; got %s", what, rb_obj_classname(callable));
	struct assoc_rb_slot *slot = assoc_rb_registry_add_slot(registry, callable, what);
	assoc_callback *cb = NULL;
	ASSOC_RB_CHECK(assoc_callback_new(&cb, kind, dispatch, slot));
	int rc = assoc_registry_adopt_callback(assoc_rb_registry_ptr(registry), cb);
	if (rc < 0) {
		assoc_callback_free(cb);
		ASSOC_RB_CHECK(rc);
	}
	return cb;
}

/* ---- the statement log ----------------------------------------------------- */

struct log_call {
	VALUE block;
	const assoc_statement_log *entry;
};

/* block.call(sql, params, seconds) */
static VALUE log_body(VALUE p)
{
	const struct log_call *c = (const struct log_call *)p;
	VALUE argv[3] = { rb_utf8_str_new_cstr(c->entry->sql ? c->entry->sql : ""),
		          values_array(c->entry->params, c->entry->nparams), DBL2NUM(c->entry->seconds) };
	return call_callable(c->block, 3, argv);
}

static VALUE keep_pending(VALUE err)
{
	assoc_rb_set_pending(err);
	return Qnil;
}

/*
 * The engine's assoc_log_fn. The statement has run; a block that raises has
 * its exception raised once the call that ran the statement returns.
 */
void assoc_rb_log_hook(void *userdata, const assoc_statement_log *entry)
{
	VALUE block = assoc_rb_engine_statement_block(userdata);
	if (assoc_rb_in_free || NIL_P(block))
		return;
	struct log_call c = { block, entry };
	int state = 0;
	rb_protect(log_body, (VALUE)&c, &state);
	if (state) {
		VALUE err = rb_errinfo();
		rb_set_errinfo(Qnil);
		if (RTEST(rb_obj_is_kind_of(err, rb_eException)))
			rb_protect(keep_pending, err, &state);
		if (state)
			rb_set_errinfo(Qnil);
	}
}

/* ---- diagnostics (for bench/ruby only) ------------------------------------- */

/*
 * Core.diagnostic_call_creator(callable, n, owner, value): make a creator
 * closure for callable (as a proxy would, but owned by nobody) and call it n
 * times from a C loop with owner (an Assoc::Object, or nil) and value, the
 * way the core calls a creator. Returns the object the last call made. Not
 * part of the API: the Ruby benchmark uses it to time what the closure, the
 * dispatcher, rb_protect and the conversions add to a Ruby creator call.
 */
static VALUE diagnostic_call_creator(VALUE self, VALUE callable, VALUE times, VALUE owner, VALUE value)
{
	(void)self;
	struct assoc_rb_slot slot = { callable, (char *)"the diagnostic creator" };
	assoc_object *owner_object = assoc_rb_object_ptr(owner);
	volatile VALUE keep = Qnil;
	assoc_value v = assoc_rb_to_value(value, &keep);
	long n = NUM2LONG(times);
	assoc_callback *cb = NULL;
	ASSOC_RB_CHECK(assoc_callback_new(&cb, ASSOC_CALLBACK_CREATOR, dispatch, &slot));
	assoc_creator_fn fn = (assoc_creator_fn)assoc_callback_function(cb);
	assoc_object *out = NULL;
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++)
		rc = fn(NULL, owner_object, NULL, &v, &out);
	assoc_callback_free(cb);
	RB_GC_GUARD(callable);
	RB_GC_GUARD(owner);
	ASSOC_RB_CHECK(rc);
	return assoc_rb_object_wrap(out);
}

void assoc_rb_init_callbacks(void)
{
	id_call = rb_intern("call");
	id_join_session = rb_intern("assoc_join_session");
	id_session = rb_intern("session");
	id_message = rb_intern("message");
	rb_define_module_function(assoc_rb_mCore, "diagnostic_call_creator", diagnostic_call_creator, 4);
}
