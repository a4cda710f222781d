/*
 * swig/lua.i - the Lua 5.4 binding's low-level module, assoc.core
 * (luaopen_assoc_core; built with -nomoduleglobal, loaded by bindings/lua's
 * "assoc" package). The typemaps call the runtime in bindings/lua/csrc:
 *
 *   assoc_value            <-> nil, boolean (in), integer, float, string, object
 *   const assoc_value *values, size_t n (and pk/npk, params/nparams,
 *     keys + values + n)    <- Lua arrays
 *   option structs         <- Lua tables ({ primary_key = true, ... })
 *   engine, registry, session, query, expression
 *                          <-> userdata owning the handle (__gc frees it)
 *   assoc_object *         <-> the object's one userdata (pinned, __gc unpins)
 *   assoc_collection *     <-> the collection's one userdata (keeps its owner)
 *   mapper, table, attr    <-> SWIG pointers (borrowed from the registry)
 *   T **out, size_t *out, assoc_value *out, ...  -> return values (int *out: a boolean)
 *   assoc_result **out, assoc_valuelist **out    -> Lua arrays
 *   int status             -> nothing, or, when negative, raises an assoc.Error
 *                             { code, name, message } (for ASSOC_ECALLBACK, the
 *                             Lua callback's own error); the few int results that
 *                             are answers are booleans (and a count)
 *
 * Handles are freed by the garbage collector (or core.free), never by a wrapped
 * *_free: those are ignored, as are refcounts and the raw callback API.
 */
%module assoc_core

%{
#include "assoc_lua.h"
%}

/* Every wrapper records the calling Lua thread: a callback the core makes runs on it. */
%exception {
	lua_State *assoc_lua_saved_ = assoc_lua_enter(L);
	$action
	assoc_lua_leave(assoc_lua_saved_);
}

/* ---- status codes and numbers ------------------------------------------------------------ */

/* A status: nothing to return (out-parameters are the results), or an error. */
%typemap(out) int %{
	if ($1 < 0)
		return assoc_lua_raise(L, $1);
%}

/* The int results that are answers, not statuses. */
%typemap(out) int assoc_session_nesting %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%define ASSOC_BOOLEAN_RESULT(FUNCTION)
%typemap(out) int FUNCTION %{ lua_pushboolean(L, $1 > 0); SWIG_arg++; %}
%enddef
ASSOC_BOOLEAN_RESULT(assoc_registry_is_configured)
ASSOC_BOOLEAN_RESULT(assoc_session_is_closed)
ASSOC_BOOLEAN_RESULT(assoc_session_contains)
ASSOC_BOOLEAN_RESULT(assoc_object_is_modified)
ASSOC_BOOLEAN_RESULT(assoc_collection_is_proxy)
ASSOC_BOOLEAN_RESULT(assoc_proxy_is_scalar)
ASSOC_BOOLEAN_RESULT(assoc_value_equal)
%typemap(out) size_t, int64_t %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(out) enum SWIGTYPE %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
/* plain arguments raise an assoc.Error (ASSOC_EINVAL) when wrong, as everything else does */
%typemap(in) const char * %{ $1 = ($1_ltype)assoc_lua_check_string(L, $input); %}
%typemap(in) int, enum SWIGTYPE %{ $1 = ($1_ltype)assoc_lua_check_integer(L, $input); %}
%typemap(in) int64_t %{ $1 = (int64_t)assoc_lua_check_integer(L, $input); %}
%typemap(in) ptrdiff_t %{ $1 = (ptrdiff_t)assoc_lua_check_integer(L, $input); %}
%typemap(in) size_t %{
	{
		lua_Integer i_ = assoc_lua_check_integer(L, $input);
		if (i_ < 0)
			return assoc_lua_raisef(L, ASSOC_ERANGE, "position %d is negative", (int)i_);
		$1 = (size_t)i_;
	}
%}

%define ASSOC_OUT_NUMBER(TYPE)
%typemap(in, numinputs=0) TYPE *out (TYPE tmp) %{ tmp = 0; $1 = &tmp; %}
%typemap(argout) TYPE *out %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}
%enddef
ASSOC_OUT_NUMBER(size_t)
ASSOC_OUT_NUMBER(int64_t)
/* int *out: contains, exists, set_compare - answers yes or no */
%typemap(in, numinputs=0) int *out (int tmp) %{ tmp = 0; $1 = &tmp; %}
%typemap(argout) int *out %{ lua_pushboolean(L, *$1 != 0); SWIG_arg++; %}

%typemap(in, numinputs=0) const char **out (const char *tmp) %{ tmp = NULL; $1 = ($1_ltype)&tmp; %}
%typemap(argout) const char **out %{
	if (*$1) lua_pushstring(L, *$1); else lua_pushnil(L);
	SWIG_arg++;
%}

/* ---- values ------------------------------------------------------------------------------- */

%typemap(in) assoc_value %{ $1 = assoc_lua_to_value(L, $input); %}
%typemap(out) assoc_value %{ assoc_lua_push_value(L, &$1); SWIG_arg++; %}
%typemap(in) const assoc_value * (assoc_value tmp) %{ tmp = assoc_lua_to_value(L, $input); $1 = &tmp; %}

%typemap(in, numinputs=0) assoc_value *out (assoc_value tmp) %{ tmp = assoc_value_null(); $1 = &tmp; %}
%typemap(argout) assoc_value *out %{ assoc_lua_push_value(L, $1); SWIG_arg++; %}

/* arrays leave an anchor userdata on the stack, above the arguments, for the call */
%typemap(in) (const assoc_value *values, size_t n) %{ $1 = assoc_lua_to_values(L, $input, &$2); %}
%typemap(in) (const assoc_value *params, size_t nparams) %{ $1 = assoc_lua_to_values(L, $input, &$2); %}
%typemap(in) (const assoc_value *pk, size_t npk) %{ $1 = assoc_lua_to_values(L, $input, &$2); %}
/*
 * keys and values come as two arrays of one length (SWIG's Lua module takes one
 * Lua argument per typemap, so the keys' typemap checks the values' length).
 */
%typemap(in) const assoc_value *keys (size_t nkeys) %{
	$1 = assoc_lua_to_values(L, $input, &nkeys);
	if ($1 && (lua_type(L, $input + 1) != LUA_TTABLE || (lua_Integer)nkeys != luaL_len(L, $input + 1)))
		return assoc_lua_raisef(L, ASSOC_EINVAL, "keys and values must be arrays of the same length");
%}

%typemap(in, numinputs=0) assoc_valuelist **out (assoc_valuelist *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) assoc_valuelist **out %{
	{
		size_t i_, n_ = assoc_valuelist_count(*$1);
		lua_createtable(L, n_ > 0x7fffffff ? 0 : (int)n_, 0);
		for (i_ = 0; i_ < n_; i_++) {
			assoc_value v_ = assoc_valuelist_get(*$1, i_);
			assoc_lua_push_value(L, &v_);
			lua_rawseti(L, -2, (lua_Integer)i_ + 1);
		}
		assoc_valuelist_free(*$1);
		SWIG_arg++;
	}
%}

/* ---- objects, collections, results -------------------------------------------------------------- */

%typemap(in) assoc_object *, const assoc_object * %{
	$1 = lua_isnil(L, $input) ? NULL : assoc_lua_check_object(L, $input);
%}
%typemap(out) assoc_object * %{ assoc_lua_push_object(L, $1); SWIG_arg++; %}
%typemap(in, numinputs=0) assoc_object **out (assoc_object *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) assoc_object **out %{ assoc_lua_push_object(L, *$1); SWIG_arg++; %}

%typemap(in) assoc_collection *, const assoc_collection * %{ $1 = assoc_lua_check_collection(L, $input); %}
%typemap(in, numinputs=0) assoc_collection **out (assoc_collection *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) assoc_collection **out %{ assoc_lua_push_collection(L, *$1); SWIG_arg++; %}

%typemap(in, numinputs=0) assoc_result **out (assoc_result *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) assoc_result **out %{
	{
		size_t i_, n_ = assoc_result_count(*$1);
		lua_createtable(L, n_ > 0x7fffffff ? 0 : (int)n_, 0);
		for (i_ = 0; i_ < n_; i_++) {
			assoc_lua_push_object(L, assoc_result_get(*$1, i_));
			lua_rawseti(L, -2, (lua_Integer)i_ + 1);
		}
		assoc_result_free(*$1);
		SWIG_arg++;
	}
%}

/* ---- owned handles -------------------------------------------------------------------------------- */

%define ASSOC_HANDLE(TYPE, KIND)
%typemap(in) TYPE *, const TYPE * %{ $1 = ($1_ltype)assoc_lua_check_handle(L, $input, KIND); %}
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) TYPE **out %{ assoc_lua_push_handle(L, KIND, *$1); SWIG_arg++; %}
%enddef
ASSOC_HANDLE(assoc_engine, ASSOC_LUA_ENGINE)
ASSOC_HANDLE(assoc_registry, ASSOC_LUA_REGISTRY)
ASSOC_HANDLE(assoc_session, ASSOC_LUA_SESSION)
ASSOC_HANDLE(assoc_query, ASSOC_LUA_QUERY)
ASSOC_HANDLE(assoc_expr, ASSOC_LUA_EXPR)

%typemap(out) assoc_session * %{ assoc_lua_push_session(L, $1); SWIG_arg++; %}

/*
 * Expressions given to the core are the core's from then on (also on failure):
 * their userdata let go. criterion and expr are the last arguments, so every
 * other one has been checked first; and/or/not are natives (two operands).
 */
%typemap(in) assoc_expr *criterion, assoc_expr *expr %{
	$1 = lua_isnil(L, $input) ? NULL : (assoc_expr *)assoc_lua_take_handle(L, $input, ASSOC_LUA_EXPR);
%}


/* ---- registry-owned pointers: plain SWIG pointers ---------------------------------------------------- */

%define ASSOC_BORROWED(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp) %{ tmp = NULL; $1 = &tmp; %}
%typemap(argout) TYPE **out %{
	if (*$1) SWIG_NewPointerObj(L, *$1, $*1_descriptor, 0); else lua_pushnil(L);
	SWIG_arg++;
%}
%enddef
ASSOC_BORROWED(assoc_table)
ASSOC_BORROWED(assoc_mapper)
ASSOC_BORROWED(assoc_attr)

/* ---- schema arguments ------------------------------------------------------------------------------------ */

%typemap(in) const assoc_column_options *opts (assoc_column_options tmp) %{
	$1 = ($1_ltype)assoc_lua_column_options(L, $input, &tmp);
%}
%typemap(in) const assoc_fk_options *opts (assoc_fk_options tmp) %{
	$1 = ($1_ltype)assoc_lua_fk_options(L, $input, &tmp);
%}
%typemap(in) const assoc_relationship_options *opts (assoc_relationship_options tmp, assoc_relationship_options back) %{
	$1 = ($1_ltype)assoc_lua_relationship_options(L, $input, &tmp, &back);
%}
%typemap(in) const assoc_session_options *opts (assoc_session_options tmp) %{
	$1 = ($1_ltype)assoc_lua_session_options(L, $input, &tmp);
%}
%typemap(in) const assoc_proxy_options *opts (assoc_proxy_options tmp) %{
	$1 = ($1_ltype)assoc_lua_proxy_options(L, $input, &tmp);
%}
%typemap(in) const assoc_mapper_column_options *opts (assoc_mapper_column_options tmp) %{
	$1 = ($1_ltype)assoc_lua_mapper_column_options(L, $input, &tmp);
%}
%typemap(in) const assoc_engine_options *opts (assoc_engine_options tmp) %{
	$1 = ($1_ltype)assoc_lua_engine_options(L, $input, &tmp);
%}

/* pool_status(engine) -> idle, in_use, opened */
%typemap(in, numinputs=0) size_t *idle (size_t tmp), size_t *in_use (size_t tmp) %{ tmp = 0; $1 = &tmp; %}
%typemap(argout) size_t *idle, size_t *in_use %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}
%typemap(in, numinputs=0) uint64_t *opened (uint64_t tmp) %{ tmp = 0; $1 = &tmp; %}
%typemap(argout) uint64_t *opened %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}

/* add_foreign_key(table, columns, ref_table, ref_columns, opts): the two arrays of one length */
%typemap(in) (size_t ncolumns, const char *const *columns) %{ $2 = ($2_ltype)assoc_lua_to_strings(L, $input, &$1); %}
%typemap(in) const char *const *ref_columns (size_t nref) %{
	$1 = ($1_ltype)assoc_lua_to_strings(L, $input, &nref);
	if ((lua_Integer)nref != luaL_len(L, $input - 2))
		return assoc_lua_raisef(L, ASSOC_EINVAL, "%d columns refer to %d columns", (int)luaL_len(L, $input - 2),
		                        (int)nref);
%}

/* ---- what the Lua layer does not call ------------------------------------------------------------------------ */

/* lifetimes: the garbage collector's (and core.free's) */
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
/* option structs come from Lua tables */
%ignore assoc_column_options;
%ignore assoc_column_options_init;
%ignore assoc_fk_options;
%ignore assoc_fk_options_init;
%ignore assoc_relationship_options;
%ignore assoc_relationship_options_init;
%ignore assoc_session_options;
%ignore assoc_session_options_init;
%ignore assoc_proxy_options;
%ignore assoc_proxy_options_init;
%ignore assoc_mapper_column_options;
%ignore assoc_mapper_column_options_init;
%ignore assoc_engine_options;
%ignore assoc_engine_options_init;
/* values are Lua values */
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
/* errors are raised, not read */
%ignore assoc_error;
%ignore assoc_error_last;
%ignore assoc_error_clear;
/* callbacks: core.callback and core.engine_set_log */
%ignore assoc_getset;
%ignore assoc_statement_log;
%ignore assoc_callback_new;
%ignore assoc_callback_function;
%ignore assoc_callback_host_ref;
%ignore assoc_callback_kind_of;
%ignore assoc_callback_free;
%ignore assoc_registry_adopt_callback;
%ignore assoc_engine_set_trace;
%ignore assoc_engine_set_log;
%ignore assoc_proxy_info;
%ignore assoc_collection_custom;
/* natives: two expressions to take */
%ignore assoc_expr_and;
%ignore assoc_expr_or;
%ignore assoc_expr_not;

/* ---- natives ---------------------------------------------------------------------------------------------------- */

%{
static assoc_mapper *assoc_lua_check_mapper(lua_State *L, int idx)
{
	void *p = NULL;
	if (lua_type(L, idx) != LUA_TUSERDATA || SWIG_ConvertPtr(L, idx, &p, SWIGTYPE_p_assoc_mapper, 0) < 0 || !p)
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected a mapper, got %s", luaL_typename(L, idx));
	return (assoc_mapper *)p;
}

/* object_metatable(mapper): the metatable of the mapper's objects, for the layer to complete. */
static int assoc_lua_native_object_metatable(lua_State *L)
{
	assoc_lua_push_object_metatable(L, assoc_lua_check_mapper(L, 1));
	return 1;
}

/* expr_and(a, b), expr_or(a, b), expr_not(a): the operands are used up, also on failure. */
static int assoc_lua_combine(lua_State *L, int op)
{
	assoc_expr *a, *b = NULL, *out = NULL;
	(void)assoc_lua_check_handle(L, 1, ASSOC_LUA_EXPR);
	if (op != 2) {
		(void)assoc_lua_check_handle(L, 2, ASSOC_LUA_EXPR);
		if (lua_rawequal(L, 1, 2))
			return assoc_lua_raisef(L, ASSOC_EINVAL, "an expression cannot be both operands");
		b = (assoc_expr *)assoc_lua_take_handle(L, 2, ASSOC_LUA_EXPR);
	}
	a = (assoc_expr *)assoc_lua_take_handle(L, 1, ASSOC_LUA_EXPR);
	int rc = op == 0 ? assoc_expr_and(&out, a, b) : op == 1 ? assoc_expr_or(&out, a, b) : assoc_expr_not(&out, a);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	assoc_lua_push_handle(L, ASSOC_LUA_EXPR, out);
	return 1;
}

static int assoc_lua_native_expr_and(lua_State *L) { return assoc_lua_combine(L, 0); }
static int assoc_lua_native_expr_or(lua_State *L) { return assoc_lua_combine(L, 1); }
static int assoc_lua_native_expr_not(lua_State *L) { return assoc_lua_combine(L, 2); }

/* pointer(p): the address behind a SWIG pointer (an attr, for the accessors' tables) as a light userdata. */
static int assoc_lua_native_pointer(lua_State *L)
{
	void *p = NULL;
	if (lua_type(L, 1) != LUA_TUSERDATA || SWIG_ConvertPtr(L, 1, &p, NULL, 0) < 0 || !p)
		return assoc_lua_raisef(L, ASSOC_EINVAL, "expected a SWIG pointer, got %s", luaL_typename(L, 1));
	lua_pushlightuserdata(L, p);
	return 1;
}

/* object_new(session | object, mapper): a new transient object (in the object's session). */
static int assoc_lua_native_object_new(lua_State *L)
{
	return assoc_lua_new_object_in(L, 1, assoc_lua_check_mapper(L, 2));
}
%}

/* callbacks: Lua functions as creators, getset factories, bulk setters; the statement log */
%native(callback) int assoc_lua_callback_new(lua_State *L);
%native(engine_set_log) int assoc_lua_engine_set_log(lua_State *L);
%native(session_run) int assoc_lua_session_run(lua_State *L);
/* expressions given to the core */
%native(expr_and) int assoc_lua_native_expr_and(lua_State *L);
%native(expr_or) int assoc_lua_native_expr_or(lua_State *L);
%native(expr_not) int assoc_lua_native_expr_not(lua_State *L);
/* the Lua layer's building blocks: user values, metatables, C accessors */
%native(anchor) int assoc_lua_anchor(lua_State *L);
%native(set_anchor) int assoc_lua_set_anchor(lua_State *L);
%native(metatable) int assoc_lua_metatable(lua_State *L);
%native(metatable_of) int assoc_lua_metatable_of(lua_State *L);
%native(object_metatable) int assoc_lua_native_object_metatable(lua_State *L);
%native(object_accessors) int assoc_lua_object_accessors(lua_State *L);
%native(collection_index) int assoc_lua_collection_index(lua_State *L);
%native(pointer) int assoc_lua_native_pointer(lua_State *L);
%native(free) int assoc_lua_free_handle(lua_State *L);
%native(is_freed) int assoc_lua_is_freed(lua_State *L);
%native(is_object) int assoc_lua_is_object(lua_State *L);
%native(is_collection) int assoc_lua_is_collection(lua_State *L);
/* objects, collections and values */
%native(object_new) int assoc_lua_native_object_new(lua_State *L);
%native(at) int assoc_lua_collection_at(lua_State *L);
%native(lookup) int assoc_lua_collection_lookup(lua_State *L);
%native(len) int assoc_lua_collection_len(lua_State *L);
%native(blob) int assoc_lua_blob(lua_State *L);
/* diagnostics for bench/lua: a C loop calling a creator's closure, and a clock */
%native(bench_creator_calls) int assoc_lua_bench_creator_calls(lua_State *L);
%native(monotonic) int assoc_lua_monotonic(lua_State *L);

%init %{
	assoc_lua_init(L);
%}

%include "assoc.i"
