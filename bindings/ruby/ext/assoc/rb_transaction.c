/*
 * rb_transaction.c - Session#transaction on assoc_session_run: the block is
 * the unit of work, through a libffi closure made for the one call.
 *
 * Each run yields (session, attempt) under rb_protect(): no exception, throw
 * or break unwinds through the core. An Assoc::RetryError the block let
 * propagate returns ASSOC_ERETRY, so the core rolls back and runs it again;
 * any other exception waits as the pending one (rb_errors.c) while the core
 * rolls back, and is then raised: the very same object.
 */
#include "assoc_rb.h"

static ID id_code, id_message;

struct rb_run {
	VALUE session, block;
	unsigned int attempt;
	VALUE result;
};

static VALUE run_body(VALUE p)
{
	struct rb_run *r = (struct rb_run *)p;
	VALUE argv[2] = { r->session, UINT2NUM(r->attempt) };
	r->result = rb_proc_call_with_block(r->block, 2, argv, Qnil);
	return Qnil;
}

static VALUE message_body(VALUE exc)
{
	return rb_obj_as_string(rb_funcall(exc, id_message, 0));
}

static int run_dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	struct rb_run *r = host_ref;
	(void)kind;
	r->attempt = *(const unsigned int *)args[2];
	assoc_rb_take_pending(); /* none can be left from before; drop a stale one */
	int state = 0;
	rb_protect(run_body, (VALUE)r, &state);
	if (!state)
		return 0;
	VALUE err = rb_errinfo();
	rb_set_errinfo(Qnil);
	if (!RTEST(rb_obj_is_kind_of(err, rb_eException)))
		err = assoc_rb_error_new(ASSOC_ECALLBACK,
		                         "the transaction block left by throw, break or return; it must finish or raise");
	VALUE msg = rb_protect(message_body, err, &state);
	if (state) {
		rb_set_errinfo(Qnil);
		msg = Qnil;
	}
	int is_retry = rb_ivar_defined(err, id_code) && rb_ivar_get(err, id_code) == INT2FIX(ASSOC_ERETRY);
	const char *text = NIL_P(msg) ? "(no message)" : RSTRING_PTR(msg);
	int len = NIL_P(msg) ? 12 : (int)RSTRING_LEN(msg);
	if (is_retry)
		return assoc_error_set(ASSOC_ERETRY, "%.*s", len, text);
	assoc_rb_set_pending(err);
	return assoc_error_set(ASSOC_ECALLBACK, "the transaction block raised %s: %.*s", rb_obj_classname(err), len, text);
}

/* Core.session_run(session, max_attempts, backoff_ms, max_backoff_ms) { |s, attempt| ... } -> the block's value */
static VALUE session_run(VALUE self, VALUE session, VALUE max_attempts, VALUE backoff_ms, VALUE max_backoff_ms)
{
	(void)self;
	if (!rb_block_given_p())
		assoc_rb_raise(ASSOC_EINVAL, "Session#transaction needs a block");
	assoc_session *s = assoc_rb_session_ptr(session);
	assoc_run_options o;
	assoc_run_options_init(&o, ASSOC_RUN_OPTIONS_VERSION);
	o.max_attempts = NUM2UINT(max_attempts);
	o.backoff_ms = NUM2UINT(backoff_ms);
	o.max_backoff_ms = NUM2UINT(max_backoff_ms);
	struct rb_run r = { session, rb_block_proc(), 0, Qnil };
	assoc_callback *cb = NULL;
	ASSOC_RB_CHECK(assoc_callback_new(&cb, ASSOC_CALLBACK_TRANSACTION, run_dispatch, &r));
	int rc = assoc_session_run(s, (assoc_transaction_fn)assoc_callback_function(cb), NULL, &o);
	assoc_callback_free(cb);
	RB_GC_GUARD(r.block);
	RB_GC_GUARD(r.session);
	ASSOC_RB_CHECK(rc);
	return r.result;
}

void assoc_rb_init_transaction(void)
{
	id_code = rb_intern("@code");
	id_message = rb_intern("message");
	rb_define_module_function(assoc_rb_mCore, "session_run", session_run, 4);
}
