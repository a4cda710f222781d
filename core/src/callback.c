/*
 * callback.c - host callables as C function pointers, through libffi closures.
 *
 * Each callback kind has one C signature. assoc_callback_new() prepares a
 * closure of that signature whose trampoline hands the arguments, as libffi's
 * array of pointers, to the binding's one generic dispatcher with its host
 * reference. The core only ever calls the plain function pointer.
 */
#include "internal.h"

#include <string.h>

#include <ffi.h>
#include <stdlib.h>

#define MAX_ARGS 5

struct assoc_callback {
	ffi_closure *closure;
	void *code;                 /* the function pointer handed out */
	ffi_cif cif;
	ffi_type *args[MAX_ARGS];
	assoc_callback_kind kind;
	assoc_dispatch_fn dispatch;
	void *host_ref;
};

static ffi_type *size_type(void) { return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32; }

/* The argument types of each kind's C signature (see callback.h). */
static int signature(assoc_callback_kind kind, ffi_type **args, unsigned *n)
{
	ffi_type *P = &ffi_type_pointer;
	switch (kind) {
	case ASSOC_CALLBACK_CREATOR: /* (ud, owner, key, value, out) */
		args[0] = P, args[1] = P, args[2] = P, args[3] = P, args[4] = P, *n = 5;
		return 0;
	case ASSOC_CALLBACK_GETTER: /* (ud, target, out) */
		args[0] = P, args[1] = P, args[2] = P, *n = 3;
		return 0;
	case ASSOC_CALLBACK_SETTER: /* (ud, target, key, value) */
		args[0] = P, args[1] = P, args[2] = P, args[3] = P, *n = 4;
		return 0;
	case ASSOC_CALLBACK_GETSET_FACTORY: /* (ud, kind, proxy, out) */
		args[0] = P, args[1] = &ffi_type_sint, args[2] = P, args[3] = P, *n = 4;
		return 0;
	case ASSOC_CALLBACK_PROXY_FACTORY: /* (ud, view, custom) */
		args[0] = P, args[1] = P, args[2] = P, *n = 3;
		return 0;
	case ASSOC_CALLBACK_BULK_SET: /* (ud, view, keys, values, n) */
		args[0] = P, args[1] = P, args[2] = P, args[3] = P, args[4] = size_type(), *n = 5;
		return 0;
	case ASSOC_CALLBACK_TRANSACTION: /* (ud, session, attempt) */
		args[0] = P, args[1] = P, args[2] = &ffi_type_uint, *n = 3;
		return 0;
	}
	return assoc_error_set(ASSOC_EINVAL, "assoc_callback_new: unknown callback kind %d", (int)kind);
}

static void trampoline(ffi_cif *cif, void *ret, void **args, void *userdata)
{
	(void)cif;
	struct assoc_callback *cb = userdata;
	int rc = cb->dispatch(cb->host_ref, cb->kind, (void *const *)args);
	*(ffi_sarg *)ret = rc; /* an int result fills a whole ffi_arg slot */
}

int assoc_callback_new(assoc_callback **out, assoc_callback_kind kind, assoc_dispatch_fn dispatch, void *host_ref)
{
	if (!out || !dispatch)
		return assoc_error_set(ASSOC_EINVAL, "assoc_callback_new: NULL argument");
	*out = NULL;
	struct assoc_callback *cb = mem_calloc(1, sizeof *cb);
	if (!cb)
		return err_oom();
	unsigned n = 0;
	int rc = signature(kind, cb->args, &n);
	if (rc) {
		mem_free(cb);
		return rc;
	}
	cb->kind = kind;
	cb->dispatch = dispatch;
	cb->host_ref = host_ref;
	cb->closure = ffi_closure_alloc(sizeof(ffi_closure), &cb->code);
	if (!cb->closure) {
		mem_free(cb);
		return err_oom();
	}
	if (ffi_prep_cif(&cb->cif, FFI_DEFAULT_ABI, n, &ffi_type_sint, cb->args) != FFI_OK ||
	    ffi_prep_closure_loc(cb->closure, &cb->cif, trampoline, cb, cb->code) != FFI_OK) {
		ffi_closure_free(cb->closure);
		mem_free(cb);
		return assoc_error_set(ASSOC_ERROR, "assoc_callback_new: libffi could not prepare the closure");
	}
	*out = cb;
	return 0;
}

void *assoc_callback_function(const assoc_callback *cb) { return cb ? cb->code : NULL; }
void *assoc_callback_host_ref(const assoc_callback *cb) { return cb ? cb->host_ref : NULL; }
assoc_callback_kind assoc_callback_kind_of(const assoc_callback *cb) { return cb ? cb->kind : ASSOC_CALLBACK_CREATOR; }

void assoc_callback_free(assoc_callback *cb)
{
	if (!cb)
		return;
	ffi_closure_free(cb->closure);
	mem_free(cb);
}

int assoc_registry_adopt_callback(assoc_registry *reg, assoc_callback *cb)
{
	if (!reg || !cb)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_adopt_callback: NULL argument");
	return pv_push(&reg->callbacks, cb) ? err_oom() : 0;
}

/*
 * What a program's callback returned, as the library's result: 0, its own
 * ASSOC_E code (with a message naming the callback when it recorded none), or
 * ASSOC_ECALLBACK for any other number, which no caller could interpret.
 */
int callback_result(int rc, const char *what, const char *mapper, const char *attr)
{
	if (rc == 0)
		return 0;
	if (rc > 0 || !strcmp(assoc_error_name(rc), "ASSOC_UNKNOWN"))
		return assoc_error_set(ASSOC_ECALLBACK, "the %s of %s.%s returned %d, which is not an assoc error code",
		                       what, mapper, attr, rc);
	if (!assoc_error_last()->message[0] || assoc_error_last()->code != rc)
		assoc_error_set(rc, "the %s of %s.%s failed (%s)", what, mapper, attr, assoc_error_name(rc));
	return rc;
}
