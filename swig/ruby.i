/*
 * swig/ruby.i - the Ruby binding's low-level module, Assoc::Core
 * (assoc/assoc_core.so), on which lib/assoc builds the idiomatic layer.
 *
 * The C API keeps its names without the assoc_ prefix
 * (Assoc::Core.object_get_attr). The typemaps below call the extension's C
 * runtime (bindings/ruby/ext/assoc/rb_*.c, see assoc_rb.h):
 *
 *   assoc_value             <-> nil, true/false (in), Integer, Float, String
 *                               (binary strings are BLOBs), Symbol/Time/Date
 *                               (in, as TEXT), Assoc::Object
 *   (const assoc_value *, size_t)   <- an Array
 *   handles                 <-> TypedData objects (Assoc::Engine, Registry,
 *                               Table, Mapper, Attribute, Session, Object,
 *                               Collection, Query); their free functions
 *                               release the core's references or pins
 *   T **out, T *out         -> the return value (int *out as true/false)
 *   assoc_result **out, assoc_valuelist **out -> an Array
 *   a negative int result   -> raises the Assoc::Error subclass of the code
 *                              with assoc_error_last()'s message, or the very
 *                              exception a Ruby callback raised
 *
 * Ruby callables become callbacks (creators, proxy_bulk_set) through
 * assoc_callback_new() in rb_callbacks.c; option structs are filled from
 * Hashes by the functions of assoc_rb_api.h.
 */
%module "Assoc::Core"

%{
#include "assoc_rb.h"
#include "assoc_rb_api.h"
%}

%include <stdint.i>
typedef long ptrdiff_t;

/* assoc_object_get -> Assoc::Core.object_get; assoc_rb_add_column -> add_column */
%rename("%(regex:/^assoc_(rb_)?(.*)$/\\2/)s", regextarget=1, fullname=1) "^assoc_";

/* ---- status codes ------------------------------------------------------------- */

%typemap(out) int {
	ASSOC_RB_CHECK($1);
	$result = INT2NUM($1);
}

/* ---- handles -------------------------------------------------------------------- */

%define ASSOC_RB_HANDLE_IN(TYPE, PTR)
%typemap(in) TYPE * "$1 = PTR($input);"
%typemap(in) const TYPE * "$1 = PTR($input);"
%enddef

ASSOC_RB_HANDLE_IN(assoc_engine, assoc_rb_engine_ptr)
ASSOC_RB_HANDLE_IN(assoc_registry, assoc_rb_registry_ptr)
ASSOC_RB_HANDLE_IN(assoc_table, assoc_rb_table_ptr)
ASSOC_RB_HANDLE_IN(assoc_mapper, assoc_rb_mapper_ptr)
ASSOC_RB_HANDLE_IN(assoc_attr, assoc_rb_attr_ptr)
ASSOC_RB_HANDLE_IN(assoc_session, assoc_rb_session_ptr)
ASSOC_RB_HANDLE_IN(assoc_object, assoc_rb_object_ptr)
ASSOC_RB_HANDLE_IN(assoc_collection, assoc_rb_collection_ptr)
ASSOC_RB_HANDLE_IN(assoc_query, assoc_rb_query_ptr)

/* An expression passed in is taken over by the call (also when it fails). */
%typemap(in) assoc_expr * "$1 = assoc_rb_expr_take($input);"

/* Pointers handed out: the wrapper that already exists (tables, mappers, objects, sessions). */
%typemap(out) assoc_table * "$result = assoc_rb_table_lookup($1);"
%typemap(out) assoc_mapper * "$result = assoc_rb_mapper_lookup($1);"
%typemap(out) assoc_attr * "$result = assoc_rb_attr_wrap($1, Qnil);"
%typemap(out) assoc_object * "$result = assoc_rb_object_wrap($1);"
%typemap(out) assoc_session * "$result = assoc_rb_session_lookup($1);"

/* ---- out-parameters as return values ------------------------------------------- */

%define ASSOC_RB_OUT(TYPE, INIT, CONVERT)
%typemap(in, numinputs=0) TYPE *out (TYPE tmp = INIT) "$1 = &tmp;"
%typemap(argout) TYPE *out "$result = CONVERT;"
%enddef

ASSOC_RB_OUT(assoc_value, assoc_value_null(), assoc_rb_from_value($1))
ASSOC_RB_OUT(size_t, 0, SIZET2NUM(*$1))
ASSOC_RB_OUT(int, 0, *$1 ? Qtrue : Qfalse)
ASSOC_RB_OUT(int64_t, 0, LL2NUM((long long)*$1))
ASSOC_RB_OUT(const char *, NULL, *$1 ? rb_utf8_str_new_cstr(*$1) : Qnil)
ASSOC_RB_OUT(assoc_registry *, NULL, assoc_rb_registry_wrap(*$1))
ASSOC_RB_OUT(assoc_engine *, NULL, assoc_rb_engine_wrap(*$1))
ASSOC_RB_OUT(assoc_object *, NULL, assoc_rb_object_wrap(*$1))
ASSOC_RB_OUT(assoc_expr *, NULL, assoc_rb_expr_wrap(*$1))
ASSOC_RB_OUT(assoc_result *, NULL, assoc_rb_result_to_array(*$1))
ASSOC_RB_OUT(assoc_valuelist *, NULL, assoc_rb_from_valuelist(*$1))

/* Borrowed handles made in the call: their wrappers mark the handle passed beside them. */
%define ASSOC_RB_OUT_OF(TYPE, OWNER, PTR, WRAP)
%typemap(in, numinputs=1) (TYPE **out, OWNER) (TYPE *tmp = NULL) {
	$2 = PTR($input);
	$1 = &tmp;
}
%typemap(argout) (TYPE **out, OWNER) "$result = WRAP(*$1, $input);"
%enddef

ASSOC_RB_OUT_OF(assoc_table, assoc_registry *reg, assoc_rb_registry_ptr, assoc_rb_table_wrapper)
ASSOC_RB_OUT_OF(assoc_mapper, assoc_registry *reg, assoc_rb_registry_ptr, assoc_rb_mapper_wrapper)
ASSOC_RB_OUT_OF(assoc_attr, assoc_mapper *mapper, assoc_rb_mapper_ptr, assoc_rb_attr_wrap)
ASSOC_RB_OUT_OF(assoc_collection, assoc_object *obj, assoc_rb_object_ptr, assoc_rb_collection_wrap)
ASSOC_RB_OUT_OF(assoc_query, assoc_session *session, assoc_rb_session_ptr, assoc_rb_query_wrap)
ASSOC_RB_OUT_OF(assoc_object, assoc_session *session, assoc_rb_session_ptr, assoc_rb_object_wrap_in)

/* ---- values in -------------------------------------------------------------------- */

%typemap(in) assoc_value (volatile VALUE keep = Qnil) "$1 = assoc_rb_to_value($input, &keep);"
%typemap(in) const char * (volatile VALUE keep = Qnil) "$1 = (char *)assoc_rb_cstr($input, &keep);"
%typemap(freearg) const char * ""

%define ASSOC_RB_VALUES_IN(VALUES, COUNT)
%typemap(in) (const assoc_value *VALUES, size_t COUNT) (volatile VALUE store = 0) {
	$1 = assoc_rb_to_values($input, &$2, &store);
}
%enddef
ASSOC_RB_VALUES_IN(values, n)
ASSOC_RB_VALUES_IN(pk, npk)
ASSOC_RB_VALUES_IN(params, nparams)

%typemap(out) const char * "$result = $1 ? rb_utf8_str_new_cstr($1) : Qnil;"

/* ---- what the binding does its own way -------------------------------------------- */

/* Errors are exceptions; values are Ruby values; the garbage collector frees handles. */
%ignore assoc_error_last;
%ignore assoc_error;
%ignore assoc_value;
%ignore assoc_value_u;
%ignore assoc_value_u_bytes;
%ignore assoc_value_null;
%ignore assoc_value_integer;
%ignore assoc_value_real;
%ignore assoc_value_text;
%ignore assoc_value_textn;
%ignore assoc_value_blob;
%ignore assoc_value_object;
%ignore assoc_value_equal;
%ignore assoc_engine_free;
%ignore assoc_engine_ref;
%ignore assoc_registry_free;
%ignore assoc_registry_ref;
%ignore assoc_session_free;
%ignore assoc_object_ref;
%ignore assoc_object_unref;
%ignore assoc_query_free;
%ignore assoc_expr_free;
%ignore assoc_result_count;
%ignore assoc_result_get;
%ignore assoc_result_free;
%ignore assoc_valuelist_count;
%ignore assoc_valuelist_get;
%ignore assoc_valuelist_free;

/* Option structs come from Hashes (assoc_rb_api.h). */
%ignore assoc_column_options;
%ignore assoc_column_options_init;
%ignore assoc_fk_options;
%ignore assoc_fk_options_init;
%ignore assoc_relationship_options;
%ignore assoc_relationship_options_init;
%ignore assoc_proxy_options;
%ignore assoc_proxy_options_init;
%ignore assoc_session_options;
%ignore assoc_session_options_init;
%ignore assoc_session_new;
%ignore assoc_table_add_column;
%ignore assoc_table_add_foreign_key;
%ignore assoc_table_add_unique;
%ignore assoc_mapper_add_relationship;
%ignore assoc_mapper_add_proxy;
%ignore assoc_collection_assign;
%ignore assoc_collection_update;

/* Ruby callables become callbacks inside the extension; hooks take blocks. */
%ignore assoc_getset;
%ignore assoc_callback_new;
%ignore assoc_callback_function;
%ignore assoc_callback_host_ref;
%ignore assoc_callback_kind_of;
%ignore assoc_callback_free;
%ignore assoc_registry_adopt_callback;
%ignore assoc_proxy_info;
%ignore assoc_collection_custom;
%ignore assoc_engine_set_trace;
%ignore assoc_engine_set_log;
%ignore assoc_statement_log;

%include "assoc.i"
%include "assoc_rb_api.h"

%init %{
	assoc_rb_init_handles();
	assoc_rb_init_objects();
	assoc_rb_init_values();
	assoc_rb_init_errors();
	assoc_rb_init_callbacks();
	assoc_rb_init_transaction();
%}
