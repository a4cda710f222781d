/*
 * rb_errors.c - negative assoc codes as Ruby exceptions.
 *
 * Each code has its class, an Assoc::Error subclass defined in
 * lib/assoc/errors.rb and registered here by Core.register_error_class; the
 * exception carries the code and assoc_error_last()'s message. An exception
 * a Ruby callback raised inside a core call waits (in a fiber-local
 * variable) until that call has returned, and is then raised again: the very
 * same object.
 */
#include <stdarg.h>
#include <stdio.h>

#include "assoc_rb.h"

#define NCODES 18 /* codes 0 .. -17 (ASSOC_ERETRY) */

int assoc_rb_npending;
static VALUE error_classes[NCODES];
static ID id_code, id_pending;

static VALUE error_class(int code)
{
	VALUE klass = code < 0 && -code < NCODES ? error_classes[-code] : Qnil;
	if (NIL_P(klass))
		klass = error_classes[1]; /* Assoc::Error */
	if (NIL_P(klass))
		klass = rb_eStandardError; /* before lib/assoc/errors.rb has run */
	return klass;
}

VALUE assoc_rb_error_new(int code, const char *message)
{
	VALUE exc = rb_exc_new_cstr(error_class(code), message);
	rb_ivar_set(exc, id_code, INT2FIX(code));
	return exc;
}

void assoc_rb_set_pending(VALUE exc)
{
	VALUE fiber = rb_thread_current();
	if (NIL_P(rb_thread_local_aref(fiber, id_pending)))
		assoc_rb_npending++;
	rb_thread_local_aset(fiber, id_pending, exc);
}

VALUE assoc_rb_take_pending(void)
{
	if (!assoc_rb_npending)
		return Qnil;
	VALUE fiber = rb_thread_current();
	VALUE exc = rb_thread_local_aref(fiber, id_pending);
	if (!NIL_P(exc)) {
		rb_thread_local_aset(fiber, id_pending, Qnil);
		assoc_rb_npending--;
	}
	return exc;
}

void assoc_rb_check_slow(int rc)
{
	VALUE pending = assoc_rb_take_pending();
	/* a callback's own exception, when it is why the call failed (or the call succeeded) */
	if (!NIL_P(pending) && (rc == ASSOC_ECALLBACK || rc >= 0))
		rb_exc_raise(pending);
	if (rc >= 0)
		return;
	const assoc_error *e = assoc_error_last();
	rb_exc_raise(assoc_rb_error_new(rc, e->code == rc && e->message[0] ? e->message : assoc_error_name(rc)));
}

void assoc_rb_raise(int code, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rb_exc_raise(assoc_rb_error_new(code, buf));
}

/* Core.register_error_class(code, klass): the class raised for code. */
static VALUE register_error_class(VALUE self, VALUE code, VALUE klass)
{
	(void)self;
	int c = NUM2INT(code);
	if (c > -1 || -c >= NCODES)
		rb_raise(rb_eArgError, "no assoc error code %d", c);
	error_classes[-c] = klass;
	return Qnil;
}

void assoc_rb_init_errors(void)
{
	id_code = rb_intern("@code");
	id_pending = rb_intern("__assoc_callback_exception__");
	for (int i = 0; i < NCODES; i++) {
		error_classes[i] = Qnil;
		rb_gc_register_address(&error_classes[i]);
	}
	rb_define_module_function(assoc_rb_mCore, "register_error_class", register_error_class, 2);
}
