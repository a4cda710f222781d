/**
 * @file assoc/callback.h
 * @brief The C signatures of the callbacks a proxy calls.
 *
 * The core only ever calls plain C function pointers of these types. A C
 * program passes its own functions; a binding passes closures made for its
 * host language's callables. A callback returns 0, or a negative code after
 * recording a message with assoc_error_set(); the operation that called it
 * then fails with that error and changes nothing.
 */
#ifndef ASSOC_CALLBACK_H
#define ASSOC_CALLBACK_H

#include "common.h"
#include "value.h"
#include "mapper.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make the intermediary object for a value added through a proxy: list, set
 * and scalar proxies pass key NULL; dict proxies pass the key. owner is the
 * object the proxy belongs to; make the object in its session
 * (assoc_object_new(out, assoc_object_session(owner), ...)) and set it up.
 * key and value are borrowed for the call. Return 0 with *out set, or a
 * negative code after assoc_error_set().
 */
typedef int (*assoc_creator_fn)(void *userdata, assoc_object *owner, const assoc_value *key,
                                const assoc_value *value, assoc_object **out);

/**
 * Read the proxied value off an intermediary object.
 *
 * @param userdata the assoc_getset's userdata
 * @param target   the intermediary object; NULL when a scalar proxy has no
 *                 intermediary object (proxy options version 2 and later;
 *                 SQLAlchemy's get(None)): what the getter leaves in *out is
 *                 then what the proxy reads as, NULL if it leaves it. With
 *                 version 1 options the getter is not called then and the
 *                 proxy reads NULL.
 * @param out      starts as NULL; the getter stores the value in it.
 *
 * Lifetime of a TEXT or BLOB result: its bytes stay the getter's, and the
 * library never frees them. They need stay valid only until the getter
 * returns and the library has copied them, which it does at once, before it
 * calls anything else (no other callback, no database call, nothing of the
 * host's). So a getter may point at memory it reuses or frees at its own
 * next call on the same thread (a per-thread buffer, a host string it keeps
 * until then), or at memory that outlives the call (a value of target's,
 * a static string). A BLOB or TEXT of length 0 may have data NULL; a longer
 * one with data NULL fails the read with ASSOC_ECALLBACK.
 *
 * What the library hands out from a getter (assoc_object_get,
 * assoc_collection_get, ...) is its copy, kept with the object read (with
 * the owner, for a NULL target) and NUL-terminated: it stays valid until the
 * same proxy next reads different bytes off that object, or the object is
 * freed. Reading equal bytes again keeps the copy already handed out. A
 * failed copy (out of memory) fails the read with ASSOC_ENOMEM.
 *
 * @return 0, or a negative ASSOC_E... code after assoc_error_set(); a
 *         positive or unknown number is reported as ASSOC_ECALLBACK.
 */
typedef int (*assoc_getter_fn)(void *userdata, assoc_object *target, assoc_value *out);

/** Write the proxied value onto an intermediary object (dict proxies pass the
 *  key too; others NULL). key and value are borrowed for the call. */
typedef int (*assoc_setter_fn)(void *userdata, assoc_object *target, const assoc_value *key,
                               const assoc_value *value);

/** The getter and setter a proxy uses, as an assoc_getset_factory_fn chooses them. */
typedef struct assoc_getset {
	assoc_getter_fn getter; /**< reads the proxied value off a target */
	assoc_setter_fn setter; /**< writes it onto a target */
	void *userdata;         /**< passed first to both */
} assoc_getset;

/**
 * Called once when the registry is configured, with the kind of collection
 * the proxy turned out to be: fill *out with the getter and setter to use.
 */
typedef int (*assoc_getset_factory_fn)(void *userdata, assoc_collection_kind kind,
                                       const assoc_attr *proxy, assoc_getset *out);

/**
 * Called the first time a proxy view is made for an owner; what it stores in
 * *custom travels with the view (assoc_collection_custom) so that a program or
 * binding can present the view as a collection type of its own.
 */
typedef int (*assoc_proxy_factory_fn)(void *userdata, assoc_collection *view, void **custom);

/**
 * Whole-collection assignment through the proxy, in place of the default:
 * the view has just been cleared, and this adds the values (SQLAlchemy's
 * _bulk_replace: clear, then proxy_bulk_set). keys is NULL except for dict
 * proxies.
 */
typedef int (*assoc_proxy_bulk_set_fn)(void *userdata, assoc_collection *view, const assoc_value *keys,
                                       const assoc_value *values, size_t n);

/* ---- host-language callables as C function pointers (libffi closures) ---- */

/** Which callback signature a closure made by assoc_callback_new() has. */
typedef enum assoc_callback_kind {
	ASSOC_CALLBACK_CREATOR = 0,        /**< assoc_creator_fn */
	ASSOC_CALLBACK_GETTER = 1,         /**< assoc_getter_fn */
	ASSOC_CALLBACK_SETTER = 2,         /**< assoc_setter_fn */
	ASSOC_CALLBACK_GETSET_FACTORY = 3, /**< assoc_getset_factory_fn */
	ASSOC_CALLBACK_PROXY_FACTORY = 4,  /**< assoc_proxy_factory_fn */
	ASSOC_CALLBACK_BULK_SET = 5,       /**< assoc_proxy_bulk_set_fn */
	ASSOC_CALLBACK_TRANSACTION = 6     /**< assoc_transaction_fn (assoc/transaction.h) */
} assoc_callback_kind;

/**
 * A binding's one generic dispatcher. args[i] points at the i-th argument of
 * the kind's C signature (args[0] at the userdata pointer); it returns what
 * that callback returns. It must not let a host error unwind through it: it
 * catches it and returns ASSOC_ECALLBACK after assoc_error_set().
 */
typedef int (*assoc_dispatch_fn)(void *host_ref, assoc_callback_kind kind, void *const *args);

/** A libffi closure: a C function pointer that calls a binding's dispatcher. */
typedef struct assoc_callback assoc_callback;

/**
 * Make a native function pointer of kind's C signature that, when called, runs
 * dispatch(host_ref, kind, args). The core cannot tell it from a C function.
 *
 * @param out      receives the closure, owned by the caller: free it with
 *                 assoc_callback_free(), or hand it to a registry with
 *                 assoc_registry_adopt_callback().
 * @param kind     the C signature to make.
 * @param dispatch the binding's dispatcher.
 * @param host_ref the binding's reference to its callable, passed to dispatch
 *                 as given; the closure does not own it.
 * @return 0, or ASSOC_EINVAL for a NULL argument or an unknown kind,
 *         ASSOC_ENOMEM, ASSOC_ERROR when libffi cannot prepare the closure.
 */
ASSOC_API int assoc_callback_new(assoc_callback **out, assoc_callback_kind kind, assoc_dispatch_fn dispatch,
                                 void *host_ref);

/**
 * The closure's function pointer: cast it to the kind's type (e.g. assoc_creator_fn).
 * @param cb a closure, or NULL.
 * @return the function pointer, valid until cb is freed; NULL when cb is NULL.
 */
ASSOC_API void *assoc_callback_function(const assoc_callback *cb);
/**
 * The host_ref the closure was made with.
 * @param cb a closure, or NULL.
 * @return host_ref as given to assoc_callback_new(); NULL when cb is NULL.
 */
ASSOC_API void *assoc_callback_host_ref(const assoc_callback *cb);
/**
 * The kind the closure was made with.
 * @param cb a closure, or NULL.
 * @return its kind; ASSOC_CALLBACK_CREATOR when cb is NULL.
 */
ASSOC_API assoc_callback_kind assoc_callback_kind_of(const assoc_callback *cb);

/**
 * Free the closure; its function pointer must no longer be called.
 * @param cb a closure the caller owns (not one adopted by a registry); NULL is
 *           a no-op.
 */
ASSOC_API void assoc_callback_free(assoc_callback *cb);

/**
 * The registry frees cb with itself: for callbacks given to a mapper's proxies.
 * @param reg the registry that takes ownership.
 * @param cb  a closure the caller owned; the caller must not free it after success.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ENOMEM (cb then stays
 *         the caller's).
 */
ASSOC_API int assoc_registry_adopt_callback(assoc_registry *reg, assoc_callback *cb);

#ifdef __cplusplus
}
#endif
#endif
