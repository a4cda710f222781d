/*
 * swig/go.i - the Go binding's low-level package: cmake/go_wrapper.cmake runs
 * `swig -go -cgo -intgosize 64 -module core` on it and commits the result
 * into bindings/go/internal/core (core_swig.go, core_wrap.c), so that the
 * module builds without SWIG. Regenerate after editing: `go_wrapper` target.
 *
 * Names: assoc_engine_open -> core.Engine_open; a handle (assoc_engine *)
 * is core.Engine, a uintptr type of handles.go.
 *
 * Typemaps (the Go side of each lives in bindings/go/internal/core/*.go):
 *   int (status)          -> error: a negative code comes back as *assoc.Error
 *                            with the message the failing call recorded; the
 *                            C wrapper copies assoc_error_last() on the thread
 *                            that failed, in the same cgo call
 *   assoc_value           <- core.Value (TEXT/BLOB point into the Go string for
 *                            the call, as SWIG passes strings)
 *   assoc_value *out      -> *core.Value (TEXT/BLOB copied into Go strings)
 *   T **out, size_t *out, int *out, int64_t *out, const char **out
 *                         -> *T out-parameters the wrapper fills
 *   const assoc_value *values, size_t n (and pk/npk, params/nparams, keys)
 *                         <- []core.Value
 *   size_t n, const char *const *columns / ref_columns <- []string
 *   option structs        -> SWIG proxies whose constructor runs the
 *                            ..._options_init and whose destructor frees the
 *                            strings their setters copied
 *
 * Go functions as creators: assoc_go_callback_new makes a libffi closure whose
 * host_ref is an id of the Go side's (no Go pointer crosses); the closure
 * calls assoc_go_dispatch (below), which calls the exported Go function
 * assocGoCreate with the owner's session, through which Go finds the creator.
 * A failing creator records ASSOC_ECALLBACK and leaves its Go error (or
 * recovered panic, as a cgo.Handle) in a thread-local slot that the failing
 * call's wrapper hands back with its error, so errors.Is / errors.As reach it.
 *
 * A Go getset factory or bulk setter needs no closure: the proxy's
 * getset_data / proxy_bulk_set_data is the Go side's id, and C trampolines
 * (assoc_go_getset_factory, assoc_go_getter, assoc_go_setter,
 * assoc_go_bulk_set) pass it to the exported Go functions.
 *
 * assoc_session_run likewise: assoc_go_session_run passes the Go side's id as
 * the userdata of a C trampoline that calls the exported assocGoTransaction.
 *
 * Also here: the statement log trampoline, a batch unref for the pins of
 * collected wrappers, assoc_table_add_unique with "" for no name, and one
 * diagnostic for bench/go (assoc_go_bench_creator_loop).
 */
%module core

%include <stdint.i>

%insert(cgo_comment_typedefs) %{
#include <stdbool.h>
#include <stdint.h>
#include "assoc.h"
%}

%{
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "assoc.h"

/* ---- errors ---------------------------------------------------------------- */

/*
 * What a failed call hands to Go: its code, the cause a Go callback left
 * (a cgo.Handle, or 0) and a copy of the message, taken on the thread that
 * failed. Freed by assoc_go_failure_free once Go has copied it.
 */
typedef struct assoc_go_failure {
	int code;
	uintptr_t cause;
	char message[];
} assoc_go_failure;

/* The Go error of the callback that failed last on this thread, until taken. */
static __thread uintptr_t assoc_go_cause;

static long long assoc_go_fail(int rc)
{
	const assoc_error *e = assoc_error_last();
	const char *msg = e->code == rc ? e->message : "";
	size_t len = strlen(msg);
	assoc_go_failure *f = malloc(sizeof *f + len + 1);
	if (!f)
		abort(); /* cannot even report the failure */
	f->code = rc;
	f->cause = 0;
	if (rc == ASSOC_ECALLBACK) {
		f->cause = assoc_go_cause;
		assoc_go_cause = 0;
	}
	memcpy(f->message, msg, len + 1);
	return (long long)(intptr_t)f;
}

static int assoc_go_failure_code(long long f) { return ((assoc_go_failure *)(intptr_t)f)->code; }
static uintptr_t assoc_go_failure_cause(long long f) { return ((assoc_go_failure *)(intptr_t)f)->cause; }
static const char *assoc_go_failure_message(long long f) { return ((assoc_go_failure *)(intptr_t)f)->message; }
static void assoc_go_failure_free(long long f) { free((void *)(intptr_t)f); }

/*
 * A Go callback failed: record the code and message as a C callback would,
 * and keep its Go error for the failing call. Returns the cause it replaced
 * (not taken by any call), for Go to release.
 */
static uintptr_t assoc_go_callback_failed(int code, const char *message, uintptr_t cause)
{
	uintptr_t old = assoc_go_cause;
	assoc_go_cause = cause;
	assoc_error_set(code, "%s", message);
	return old;
}

/* ---- callbacks ------------------------------------------------------------- */

/* Exported by the Go package (internal/core/callback.go). */
extern int assocGoCreate(uintptr_t host_ref, assoc_session *session, assoc_object *owner, assoc_value *key,
                         assoc_value *value, assoc_object **out);
extern int assocGoGetsetFactory(uintptr_t host_ref, int kind, int *has);
extern int assocGoGet(uintptr_t host_ref, assoc_session *session, assoc_object *target, assoc_value *out);
extern int assocGoSet(uintptr_t host_ref, assoc_session *session, assoc_object *target, assoc_value *key,
                      assoc_value *value);
extern int assocGoBulkSet(uintptr_t host_ref, assoc_session *session, assoc_collection *view, assoc_value *keys,
                          assoc_value *values, size_t n);
extern void assocGoLog(uintptr_t host_ref, char *sql, assoc_value *params, size_t nparams, double seconds);
extern int assocGoTransaction(uintptr_t host_ref, unsigned int attempt);

/*
 * The binding's one dispatcher: unpack the closure's arguments for Go, with
 * the owner's session (what Go needs to find the creator), looked up here
 * where it costs no second crossing.
 */
static int assoc_go_dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	switch (kind) {
	case ASSOC_CALLBACK_CREATOR: {
		assoc_object *owner = *(assoc_object *const *)args[1];
		return assocGoCreate((uintptr_t)host_ref, assoc_object_session(owner), owner,
		                     *(assoc_value *const *)args[2], *(assoc_value *const *)args[3],
		                     *(assoc_object **const *)args[4]);
	}
	default:
		return assoc_error_set(ASSOC_ECALLBACK, "the Go binding has no %d callbacks", (int)kind);
	}
}

/* A closure of kind calling the Go callable behind handle (a cgo.Handle). */
static int assoc_go_callback_new(assoc_callback **out, assoc_callback_kind kind, uintptr_t handle)
{
	return assoc_callback_new(out, kind, assoc_go_dispatch, (void *)handle);
}

/*
 * A Go getset factory: plain C functions whose userdata is the Go side's id
 * (internal/core/getset.go), so no closure is needed. The factory asks Go
 * which of the two it has; a missing one stays NULL for the core to report.
 */
static int assoc_go_getter(void *userdata, assoc_object *target, assoc_value *out)
{
	return assocGoGet((uintptr_t)userdata, assoc_object_session(target), target, out);
}

static int assoc_go_setter(void *userdata, assoc_object *target, const assoc_value *key, const assoc_value *value)
{
	return assocGoSet((uintptr_t)userdata, assoc_object_session(target), target, (assoc_value *)key,
	                  (assoc_value *)value);
}

static int assoc_go_getset_factory(void *userdata, assoc_collection_kind kind, const assoc_attr *proxy,
                                   assoc_getset *out)
{
	int has = 0;
	int rc = assocGoGetsetFactory((uintptr_t)userdata, (int)kind, &has);
	(void)proxy;
	if (rc < 0)
		return rc;
	out->getter = has & 1 ? assoc_go_getter : NULL;
	out->setter = has & 2 ? assoc_go_setter : NULL;
	out->userdata = userdata;
	return 0;
}

/* A Go proxy_bulk_set, the same way: userdata is the Go side's id. */
static int assoc_go_bulk_set(void *userdata, assoc_collection *view, const assoc_value *keys,
                             const assoc_value *values, size_t n)
{
	return assocGoBulkSet((uintptr_t)userdata, assoc_object_session(assoc_collection_owner(view)), view,
	                      (assoc_value *)keys, (assoc_value *)values, n);
}

static void assoc_go_log(void *userdata, const assoc_statement_log *e)
{
	assocGoLog((uintptr_t)userdata, (char *)e->sql, (assoc_value *)e->params, e->nparams, e->seconds);
}

/* The statement log calls the Go function behind handle; 0 turns it off. */
static int assoc_go_engine_set_log(assoc_engine *engine, uintptr_t handle)
{
	return assoc_engine_set_log(engine, handle ? assoc_go_log : NULL, (void *)handle);
}

/* ---- transactions ------------------------------------------------------------ */

/* The unit of work of assoc_session_run: the Go function behind userdata (internal/core/transaction.go). */
static int assoc_go_transaction(void *userdata, assoc_session *session, unsigned int attempt)
{
	(void)session;
	return assocGoTransaction((uintptr_t)userdata, attempt);
}

/* assoc_session_run with the Go function behind handle; no closure is needed. */
static int assoc_go_session_run(assoc_session *session, uintptr_t handle, unsigned int max_attempts,
                                unsigned int backoff_ms, unsigned int max_backoff_ms)
{
	assoc_run_options o = ASSOC_RUN_OPTIONS_INIT;
	o.max_attempts = max_attempts;
	o.backoff_ms = backoff_ms;
	o.max_backoff_ms = max_backoff_ms;
	return assoc_session_run(session, assoc_go_transaction, (void *)handle, &o);
}

/* ---- object pins ----------------------------------------------------------- */

/* Release many pins in one call: wrappers collected since the session's last call. */
static void assoc_go_unref_objects(assoc_object **objs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assoc_object_unref(objs[i]);
}

/* assoc_table_add_unique, with "" for no name (Go strings cannot be NULL). */
static int assoc_go_table_add_unique(assoc_table *table, size_t ncolumns, const char *const *columns,
                                     const char *name_or_null)
{
	return assoc_table_add_unique(table, ncolumns, columns, name_or_null);
}

/* ---- diagnostics ----------------------------------------------------------- */

/*
 * For the benchmark only (bench/go): call the creator closure cb n times from
 * C, as the core would, with owner and value; *out receives the last object.
 * The time per call, less that of the Go function called directly, is what
 * the closure and the cgo callback add.
 */
static int assoc_go_bench_creator_loop(assoc_object **out, assoc_callback *cb, assoc_object *owner,
                                       assoc_value value, int64_t n)
{
	assoc_creator_fn fn = (assoc_creator_fn)assoc_callback_function(cb);
	for (int64_t i = 0; i < n; i++) {
		int rc = fn(NULL, owner, NULL, &value, out);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- option structs --------------------------------------------------------- */

static void assoc_go_free_string(const char **field)
{
	free((void *)*field);
	*field = NULL;
}

static void assoc_go_value_free(assoc_value *v)
{
	if (v->kind == ASSOC_TEXT || v->kind == ASSOC_BLOB)
		free((void *)v->u.bytes.data);
	*v = assoc_value_null();
}

/* A copy of v that owns its bytes (OBJECT values are not copied: NULL). */
static int assoc_go_value_copy(assoc_value *dst, assoc_value v)
{
	*dst = assoc_value_null();
	if (v.kind == ASSOC_OBJECT)
		return assoc_error_set(ASSOC_ETYPE, "a column default cannot be an object");
	if (v.kind == ASSOC_TEXT || v.kind == ASSOC_BLOB) {
		char *p = malloc(v.u.bytes.len + 1);
		if (!p)
			return assoc_error_set(ASSOC_ENOMEM, "out of memory copying a default value");
		memcpy(p, v.u.bytes.data, v.u.bytes.len);
		p[v.u.bytes.len] = '\0';
		v.u.bytes.data = p;
	}
	*dst = v;
	return 0;
}

/* Text passed in from Go: an empty Go string may have no data pointer. */
static assoc_value assoc_go_value_in(assoc_value v)
{
	if ((v.kind == ASSOC_TEXT || v.kind == ASSOC_BLOB) && !v.u.bytes.data)
		v.u.bytes.data = "";
	return v;
}

/* "a\0b\0c" (n names) -> a NULL-terminated array of pointers into a copy. */
static const char **assoc_go_split_names(_gostring_ s, size_t *n)
{
	size_t count = s.n ? 1 : 0;
	for (intgo i = 0; i < s.n; i++)
		count += s.p[i] == '\0';
	char **names = malloc((count + 1) * sizeof *names + (size_t)s.n + 1);
	if (!names)
		abort();
	char *copy = (char *)(names + count + 1);
	memcpy(copy, s.p, (size_t)s.n);
	copy[s.n] = '\0';
	for (size_t i = 0, at = 0; i < count; i++) {
		names[i] = copy + at;
		at += strlen(copy + at) + 1;
	}
	names[count] = NULL;
	if (n)
		*n = count;
	return (const char **)names;
}
%}

/* ---- names -------------------------------------------------------------------- */

%rename("%(regex:/^assoc_(.*)$/\\1/)s") "";
%rename("%(regex:/^ASSOC_(.*)$/\\1/)s", %$isenumitem) "";
%rename("%(regex:/^ASSOC_(.*)$/\\1/)s", %$isconstant) "";
%rename(column_type) assoc_type; /* "type" is a Go keyword */


/* ---- status codes -> error ------------------------------------------------------ */

%typemap(gotype) int ASSOC_STATUS "error"
%typemap(imtype) int ASSOC_STATUS "int64"
%typemap(out) int ASSOC_STATUS %{ $result = $1 < 0 ? assoc_go_fail($1) : 0; %}
%typemap(goout) int ASSOC_STATUS %{
	if $1 != 0 {
		$result = takeFailure($1)
	}
%}

%apply int ASSOC_STATUS {
	int assoc_engine_open, int assoc_engine_open_ext, int assoc_engine_pool_status,
	int assoc_engine_create_all, int assoc_engine_drop_all,
	int assoc_engine_exec, int assoc_engine_scalar,
	int assoc_registry_new, int assoc_registry_set_naming_convention, int assoc_table_new,
	int assoc_registry_table, int assoc_table_add_column, int assoc_table_add_foreign_key,
	int assoc_table_add_unique, int assoc_table_constraint_name,
	int assoc_mapper_new, int assoc_mapper_add_relationship, int assoc_registry_configure,
	int assoc_registry_mapper, int assoc_mapper_attr, int assoc_mapper_add_proxy,
	int assoc_mapper_set_column_options,
	int assoc_session_new, int assoc_session_close, int assoc_session_add, int assoc_session_delete,
	int assoc_session_flush, int assoc_session_commit, int assoc_session_rollback,
	int assoc_session_begin_nested, int assoc_session_commit_nested, int assoc_session_rollback_nested,
	int assoc_session_get, int assoc_session_expire, int assoc_session_expire_all,
	int assoc_session_refresh, int assoc_session_expunge, int assoc_session_interrupt,
	int assoc_object_new, int assoc_object_get, int assoc_object_get_attr, int assoc_object_set,
	int assoc_object_set_attr, int assoc_object_unset, int assoc_object_collection,
	int assoc_object_collection_attr,
	int assoc_collection_len, int assoc_collection_get, int assoc_collection_key_at,
	int assoc_collection_append, int assoc_collection_insert, int assoc_collection_set,
	int assoc_collection_remove, int assoc_collection_pop, int assoc_collection_contains,
	int assoc_collection_index, int assoc_collection_clear, int assoc_collection_lookup,
	int assoc_collection_put, int assoc_collection_delete_key, int assoc_collection_extend,
	int assoc_collection_count_of, int assoc_collection_discard, int assoc_collection_assign,
	int assoc_collection_get_slice, int assoc_collection_set_slice, int assoc_collection_delete_slice,
	int assoc_collection_set_op, int assoc_collection_set_update, int assoc_collection_set_compare,
	int assoc_collection_setdefault, int assoc_collection_pop_key, int assoc_collection_update,
	int assoc_expr_compare, int assoc_expr_in, int assoc_expr_and, int assoc_expr_or, int assoc_expr_not,
	int assoc_expr_any, int assoc_expr_has, int assoc_expr_contains,
	int assoc_query_new, int assoc_query_filter_by, int assoc_query_where, int assoc_query_join,
	int assoc_query_selectinload, int assoc_query_order_by, int assoc_query_limit, int assoc_query_offset,
	int assoc_query_all, int assoc_query_first, int assoc_query_one, int assoc_query_count,
	int assoc_query_exists, int assoc_query_defer, int assoc_query_undefer, int assoc_query_undefer_group,
	int assoc_registry_adopt_callback,
	int assoc_go_callback_new, int assoc_go_engine_set_log, int assoc_go_bench_creator_loop,
	int assoc_go_table_add_unique, int assoc_go_session_run,
	int set_default
};

/*
 * A new object comes back pinned for the Go wrapper that will hold it (see
 * bindings/go/identity.go): one crossing instead of two on a hot path.
 */
%exception assoc_object_new %{
	$action
	if (result == 0)
		assoc_object_ref(*arg1);
%}

/* ---- values -------------------------------------------------------------------------- */

/* In: a Value for the call. Keeping $input reachable keeps its bytes alive and on the heap. */
%typemap(gotype) assoc_value "Value"
%typemap(imtype) assoc_value "C.assoc_value"
%typemap(goin) assoc_value %{
	$result = $input.c()
	if Swig_escape_always_false {
		Swig_escape_val = $input
	}
%}
%typemap(in) assoc_value %{ $1 = assoc_go_value_in($input); %}

/* Out: the wrapper fills a C value; Go copies it (TEXT and BLOB into Go strings). */
%typemap(gotype) assoc_value *out "*Value"
%typemap(imtype) assoc_value *out "*C.assoc_value"
%typemap(goin) assoc_value *out %{ $result = new(C.assoc_value) %}
%typemap(in) assoc_value *out %{ $1 = (assoc_value *)$input; %}
%typemap(goargout) assoc_value *out %{
	if $1 != nil {
		*$1 = valueFromC($input)
	}
%}

/* A returned value (assoc_valuelist_get): copied the same way. */
%typemap(gotype) assoc_value "Value"
%typemap(out) assoc_value %{ $result = $1; %}
%typemap(goout) assoc_value %{ $result = valueFromC(&$1) %}

/* Arrays of values in, with their count. */
%typemap(gotype) (const assoc_value *values, size_t n), (const assoc_value *pk, size_t npk),
	(const assoc_value *params, size_t nparams) "[]Value"
%typemap(imtype) (const assoc_value *values, size_t n), (const assoc_value *pk, size_t npk),
	(const assoc_value *params, size_t nparams) "[]C.assoc_value"
%typemap(goin) (const assoc_value *values, size_t n), (const assoc_value *pk, size_t npk),
	(const assoc_value *params, size_t nparams) %{
	$result = cValues($input)
	if Swig_escape_always_false {
		Swig_escape_val = $input
	}
%}
%typemap(in) (const assoc_value *values, size_t n), (const assoc_value *pk, size_t npk),
	(const assoc_value *params, size_t nparams) %{
	$1 = ($1_ltype)$input.array;
	$2 = (size_t)$input.len;
	for (size_t i = 0; i < $2; i++)
		$1[i] = assoc_go_value_in($1[i]);
%}

/*
 * Dict keys beside the values (assign, update): a nil slice passes NULL (a
 * list or set assignment); any other, even empty, a pointer, so that no
 * items is still a dict's (user.keywords = {} clears the dict).
 */
%typemap(gotype) const assoc_value *keys "[]Value"
%typemap(imtype) const assoc_value *keys "[]C.assoc_value"
%typemap(goin) const assoc_value *keys %{
	$result = cKeys($input)
	if Swig_escape_always_false {
		Swig_escape_val = $input
	}
%}
%typemap(in) const assoc_value *keys %{
	$1 = ($1_ltype)$input.array;
	for (intgo i = 0; i < $input.len; i++)
		$1[i] = assoc_go_value_in($1[i]);
%}

/* ---- out-parameters ---------------------------------------------------------------------- */

/*
 * Handles cross as uintptr types (bindings/go/internal/core/handles.go), not
 * as SWIG's interfaces: each handle argument of every call would allocate
 * the interface. An out-parameter *T is a uintptr-sized slot the wrapper
 * fills.
 */
%define ASSOC_HANDLE(CTYPE, GOTYPE)
%typemap(gotype) CTYPE *, const CTYPE * "GOTYPE"
%typemap(imtype) CTYPE *, const CTYPE * "uintptr"
%typemap(goout) CTYPE *, const CTYPE * %{ $result = GOTYPE($1) %}
%typemap(gotype) CTYPE **out "*GOTYPE"
%typemap(in) CTYPE **out %{ $1 = (CTYPE **)$input; %}
%enddef

ASSOC_HANDLE(assoc_engine, Engine)
ASSOC_HANDLE(assoc_registry, Registry)
ASSOC_HANDLE(assoc_table, Table)
ASSOC_HANDLE(assoc_mapper, Mapper)
ASSOC_HANDLE(assoc_attr, Attr)
ASSOC_HANDLE(assoc_session, Session)
ASSOC_HANDLE(assoc_object, Object)
ASSOC_HANDLE(assoc_collection, Collection)
ASSOC_HANDLE(assoc_query, Query)
ASSOC_HANDLE(assoc_result, Result)
ASSOC_HANDLE(assoc_expr, Expr)
ASSOC_HANDLE(assoc_valuelist, Valuelist)
ASSOC_HANDLE(assoc_callback, Callback)

%typemap(gotype) size_t *out "*int"
%typemap(in) size_t *out (size_t temp) %{ $1 = &temp; %}
%typemap(argout) size_t *out %{ *(intgo *)$input = (intgo)temp$argnum; %}

%typemap(gotype) int64_t *out "*int64"
%typemap(in) int64_t *out %{ $1 = (int64_t *)$input; %}

/* assoc_engine_pool_status */
%apply size_t *out { size_t *idle, size_t *in_use };
%typemap(gotype) uint64_t *opened "*uint64"
%typemap(in) uint64_t *opened %{ $1 = (uint64_t *)$input; %}

/* contains, exists, set comparisons: a C int written as a Go bool. */
%typemap(gotype) int *out "*bool"
%typemap(in) int *out (int temp) %{ $1 = &temp; %}
%typemap(argout) int *out %{ *(_Bool *)$input = temp$argnum != 0; %}

/* A borrowed name (constraint_name): copied into a Go string; NULL gives "". */
%typemap(gotype) const char **out "*string"
%typemap(imtype) const char **out "*string"
%typemap(goin) const char **out %{ $result = $input %}
%typemap(in) const char **out (const char *temp = NULL) %{ $1 = ($1_ltype)&temp; %}
%typemap(argout, fragment="AllocateString") const char **out %{
	if ($input) {
		size_t len = temp$argnum ? strlen(temp$argnum) : 0;
		*$input = Swig_AllocateString(temp$argnum ? temp$argnum : "", len);
	}
%}
%typemap(goargout, fragment="CopyString") const char **out %{
	if $1 != nil {
		*$1 = swigCopyString(*$input)
	}
%}

/* ---- names in: column lists ------------------------------------------------------------ */

/* (n, columns) and ref_columns from []string, passed as one NUL-separated string. */
/* An optional name: "" passes NULL. */
%typemap(in) const char *name_or_null %{
	$1 = NULL;
	if ($input.n) {
		$1 = malloc((size_t)$input.n + 1);
		memcpy($1, $input.p, (size_t)$input.n);
		$1[$input.n] = '\0';
	}
%}
%typemap(freearg) const char *name_or_null %{ free($1); %}

%typemap(gotype) (size_t ncolumns, const char *const *columns) "[]string"
%typemap(imtype) (size_t ncolumns, const char *const *columns) "string"
%typemap(goin) (size_t ncolumns, const char *const *columns) %{ $result = joinNames($input) %}
%typemap(in) (size_t ncolumns, const char *const *columns) %{
	$2 = ($2_ltype)assoc_go_split_names($input, &$1);
%}
%typemap(freearg) (size_t ncolumns, const char *const *columns) %{ free((void *)$2); %}

%typemap(gotype) const char *const *ref_columns "[]string"
%typemap(imtype) const char *const *ref_columns "string"
%typemap(goin) const char *const *ref_columns %{ $result = joinNames($input) %}
%typemap(in) const char *const *ref_columns %{ $1 = ($1_ltype)assoc_go_split_names($input, NULL); %}
%typemap(freearg) const char *const *ref_columns %{ free((void *)$1); %}

/* Pins released in one call. */
%typemap(gotype) (assoc_object **objs, size_t n) "[]uintptr"
%typemap(in) (assoc_object **objs, size_t n) %{
	$1 = (assoc_object **)$input.array;
	$2 = (size_t)$input.len;
%}

%typemap(gotype) ptrdiff_t "int"
%typemap(in) ptrdiff_t %{ $1 = (ptrdiff_t)$input; %}

/* ---- option structs -------------------------------------------------------------------- */

/* A string member set from Go: the struct owns a copy, freed by its destructor. */
%typemap(memberin) const char * %{
	free((void *)$1);
	$1 = $input ? strdup($input) : NULL;
%}

%define ASSOC_OPTIONS(TYPE, INIT, VERSION, FREE_STRINGS)
%extend TYPE {
	TYPE() {
		TYPE *o = calloc(1, sizeof *o);
		if (o)
			INIT(o, VERSION);
		return o;
	}
	~TYPE() {
		FREE_STRINGS
		free($self);
	}
}
%enddef

ASSOC_OPTIONS(assoc_column_options, assoc_column_options_init, ASSOC_COLUMN_OPTIONS_VERSION,
	assoc_go_free_string(&$self->foreign_key); assoc_go_value_free(&$self->default_value);)
ASSOC_OPTIONS(assoc_fk_options, assoc_fk_options_init, ASSOC_FK_OPTIONS_VERSION,
	assoc_go_free_string(&$self->name);)
ASSOC_OPTIONS(assoc_relationship_options, assoc_relationship_options_init, ASSOC_RELATIONSHIP_OPTIONS_VERSION,
	assoc_go_free_string(&$self->target); assoc_go_free_string(&$self->secondary);
	assoc_go_free_string(&$self->foreign_keys); assoc_go_free_string(&$self->dict_key);
	assoc_go_free_string(&$self->order_by); assoc_go_free_string(&$self->cascade);
	assoc_go_free_string(&$self->back_populates); assoc_go_free_string(&$self->backref);)
/* version 2: a scalar proxy with no intermediary calls the getter with a nil target (proxy.h) */
ASSOC_OPTIONS(assoc_proxy_options, assoc_proxy_options_init, ASSOC_PROXY_OPTIONS_VERSION,
	assoc_go_free_string(&$self->target_collection); assoc_go_free_string(&$self->attr);)
ASSOC_OPTIONS(assoc_session_options, assoc_session_options_init, ASSOC_SESSION_OPTIONS_VERSION, )
ASSOC_OPTIONS(assoc_engine_options, assoc_engine_options_init, ASSOC_ENGINE_OPTIONS_VERSION,
	assoc_go_free_string(&$self->journal_mode);)
ASSOC_OPTIONS(assoc_mapper_column_options, assoc_mapper_column_options_init, ASSOC_MAPPER_COLUMN_OPTIONS_VERSION,
	assoc_go_free_string(&$self->group);)

%extend assoc_column_options {
	/* The default value, copied (the core copies it again when the column is added). */
	int set_default(assoc_value v) {
		assoc_value copy;
		int rc = assoc_go_value_copy(&copy, v);
		if (rc < 0)
			return rc;
		assoc_go_value_free(&$self->default_value);
		$self->default_value = copy;
		$self->has_default = 1;
		return 0;
	}
}

%extend assoc_proxy_options {
	/* The creator: a closure from assoc_go_callback_new (its userdata is unused). */
	void set_creator_callback(assoc_callback *cb) {
		$self->creator = cb ? (assoc_creator_fn)assoc_callback_function(cb) : NULL;
		$self->creator_data = NULL;
	}
	/* The getset factory: the Go side's id, or 0 for none (read and write attr). */
	void set_getset_factory_id(uintptr_t id) {
		$self->getset_factory = id ? assoc_go_getset_factory : NULL;
		$self->getset_data = (void *)id;
	}
	/* The bulk setter: the Go side's id, or 0 for none (the default assignment). */
	void set_bulk_set_id(uintptr_t id) {
		$self->proxy_bulk_set = id ? assoc_go_bulk_set : NULL;
		$self->proxy_bulk_set_data = (void *)id;
	}
}

%ignore assoc_column_options::default_value;
%ignore assoc_column_options::has_default;
%ignore assoc_column_options::version;
%ignore assoc_fk_options::version;
%ignore assoc_relationship_options::version;
%ignore assoc_proxy_options::version;
%ignore assoc_session_options::version;
%ignore assoc_engine_options::version;
%ignore assoc_mapper_column_options::version;
%ignore assoc_proxy_options::creator;
%ignore assoc_proxy_options::creator_data;
%ignore assoc_proxy_options::getset_factory;
%ignore assoc_proxy_options::getset_data;
%ignore assoc_proxy_options::proxy_factory;
%ignore assoc_proxy_options::proxy_factory_data;
%ignore assoc_proxy_options::proxy_bulk_set;
%ignore assoc_proxy_options::proxy_bulk_set_data;
%ignore assoc_proxy_options::info;
%ignore assoc_column_options_init;
%ignore assoc_fk_options_init;
%ignore assoc_relationship_options_init;
%ignore assoc_proxy_options_init;
%ignore assoc_session_options_init;
%ignore assoc_engine_options_init;
%ignore assoc_mapper_column_options_init;

/* ---- what Go does not call directly -------------------------------------------------------- */

%ignore assoc_value;          /* typemapped as core.Value */
%ignore assoc_value_u;
%ignore assoc_value_u_bytes;
%ignore assoc_value_null;     /* Go builds values itself */
%ignore assoc_value_integer;
%ignore assoc_value_real;
%ignore assoc_value_text;
%ignore assoc_value_textn;
%ignore assoc_value_blob;
%ignore assoc_value_object;
%ignore assoc_value_equal;
%ignore assoc_error;          /* errors come back with each failing call */
%ignore assoc_error_last;
%ignore assoc_error_clear;
%ignore assoc_callback_new;   /* assoc_go_callback_new passes the Go dispatcher */
%ignore assoc_callback_function;
%ignore assoc_callback_host_ref;
%ignore assoc_getset;
%ignore assoc_proxy_info;
%ignore assoc_collection_custom;
%ignore assoc_engine_set_trace; /* assoc_go_engine_set_log */
%ignore assoc_engine_set_log;
%ignore assoc_statement_log;
%ignore assoc_table_add_unique; /* assoc_go_table_add_unique */

%include "assoc.i"

/* ---- the Go binding's own C functions ---------------------------------------------------------- */

int assoc_go_callback_new(assoc_callback **out, assoc_callback_kind kind, uintptr_t handle);
%rename(table_add_unique) assoc_go_table_add_unique;
int assoc_go_table_add_unique(assoc_table *table, size_t ncolumns, const char *const *columns,
                              const char *name_or_null);
int assoc_go_engine_set_log(assoc_engine *engine, uintptr_t handle);
int assoc_go_session_run(assoc_session *session, uintptr_t handle, unsigned int max_attempts,
                         unsigned int backoff_ms, unsigned int max_backoff_ms);
void assoc_go_unref_objects(assoc_object **objs, size_t n);
int assoc_go_bench_creator_loop(assoc_object **out, assoc_callback *cb, assoc_object *owner,
                                assoc_value value, int64_t n);
uintptr_t assoc_go_callback_failed(int code, const char *message, uintptr_t cause);
int assoc_go_failure_code(long long f);
uintptr_t assoc_go_failure_cause(long long f);
const char *assoc_go_failure_message(long long f);
void assoc_go_failure_free(long long f);
