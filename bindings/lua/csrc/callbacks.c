/*
 * callbacks.c - Lua functions as the core's callbacks, through libffi closures.
 *
 * core.callback(registry, kind, fn) makes a closure of kind's C signature
 * (assoc_callback_new) whose calls reach dispatch() below with the callback's
 * userdata as host_ref; the registry adopts the closure and frees it with
 * itself. The userdata holds fn as its user value, and the Lua layer keeps it
 * reachable from the model, so fn lives as long as any session can call it -
 * and no longer: nothing outside the model refers to fn (a luaL_ref would make
 * fn a root, and fn usually refers to the model through a mapper: a cycle the
 * collector could never free). dispatch() finds the userdata through a weak
 * table keyed by host_ref, so a callback whose model is gone fails instead of
 * reading freed memory.
 *
 * No Lua error may unwind through the core's frames. dispatch() runs on the
 * calling Lua thread (the one that entered the core, which may be a coroutine)
 * and does nothing that can raise before lua_pcall: it pushes a C function,
 * the Lua function and two light userdata. Everything else - making Lua values
 * of the arguments, calling fn (in a second, inner lua_pcall), checking and
 * converting its results - happens in the protected trampoline. A failure
 * becomes ASSOC_ECALLBACK with the error's message; the error value itself is
 * kept (assoc_lua_set_pending) and raised unchanged once the core call returns.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* The userdata: user value 1 is the function, 2 what it keeps (a factory's getter and setter). */
struct lua_callback {
	assoc_callback_kind kind;
	assoc_callback *cb;    /* adopted by registry */
	assoc_registry *registry;
};

/*
 * Push the Lua function of the callback whose userdata is at host_ref (found
 * in the weak callbacks cache), or return 0. Only lookups: nothing here
 * allocates, so nothing can raise.
 */
static int push_function(lua_State *L, const void *host_ref)
{
	if (assoc_lua_cache_get(L, &assoc_lua_key_callbacks, host_ref) != LUA_TUSERDATA) {
		lua_pop(L, 1);
		return 0;
	}
	lua_getiuservalue(L, -1, 1);
	lua_remove(L, -2);
	return 1;
}

static const char *const kind_names[] = { "creator", "getter", "setter", "getset_factory",
	                                      "proxy_factory", "proxy_bulk_set", NULL };

/* ---- what a trampoline leaves: ok, or false + message ------------------------------- */

/*
 * The error value on top of the stack failed the callback: keep it for the
 * caller, and leave false and a message for dispatch() to read. Runs inside
 * the trampoline, so making the message may raise (a __tostring).
 */
static int failed(lua_State *L)
{
	int err = lua_gettop(L);
	assoc_lua_set_pending(L, err);
	lua_pushboolean(L, 0);
	if (lua_type(L, err) == LUA_TSTRING)
		lua_pushvalue(L, err);
	else
		luaL_tolstring(L, err, NULL); /* an assoc.Error gives "ASSOC_E...: message" */
	return 2;
}

/* The callback's result at idx is not what the core needs: fail with ASSOC_ECALLBACK. */
static int bad_result(lua_State *L, struct lua_callback *h, int idx, const char *expected)
{
	const char *got = assoc_lua_has_metatable(L, idx) ? "an assoc handle" : luaL_typename(L, idx);
	lua_pushfstring(L, "the Lua %s returned %s; %s expected", kind_names[h->kind], got, expected);
	assoc_lua_push_error(L, ASSOC_ECALLBACK, lua_tostring(L, -1));
	return failed(L);
}

/* ---- one trampoline per kind: (fn, args, h) -> true | false, message -------------------- */

static int creator_tramp(lua_State *L)
{
	void *const *args = lua_touserdata(L, 2);
	struct lua_callback *h = lua_touserdata(L, 3);
	assoc_object *owner = *(assoc_object *const *)args[1];
	const assoc_value *key = *(const assoc_value *const *)args[2];
	const assoc_value *value = *(const assoc_value *const *)args[3];
	assoc_object **out = *(assoc_object **const *)args[4];
	lua_settop(L, 1);
	assoc_lua_push_object(L, owner);
	assoc_lua_push_value(L, key);
	assoc_lua_push_value(L, value);
	if (lua_pcall(L, 3, 1, 0) != LUA_OK)
		return failed(L);
	assoc_object *o = assoc_lua_to_object(L, -1);
	if (!o)
		return bad_result(L, h, -1, "an assoc object");
	*out = o; /* the session owns it: its userdata may go */
	lua_pushboolean(L, 1);
	return 1;
}

/*
 * target is nil for a scalar proxy with no intermediary (get(None)). The core
 * copies a string the getter returns as soon as the closure returns
 * (callback.h: assoc_getter_fn); it is also kept in the call anchors, which
 * live until the next outermost call into the module, so that nothing the
 * collector does in between can free it first.
 */
static int getter_tramp(lua_State *L)
{
	void *const *args = lua_touserdata(L, 2);
	struct lua_callback *h = lua_touserdata(L, 3);
	assoc_object *target = *(assoc_object *const *)args[1];
	assoc_value *out = *(assoc_value *const *)args[2];
	lua_settop(L, 1);
	assoc_lua_push_object(L, target);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		return failed(L);
	int t = lua_type(L, -1);
	int is_value = t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING ||
	               (t == LUA_TUSERDATA && (assoc_lua_to_object(L, -1) || luaL_testudata(L, -1, ASSOC_LUA_BLOB_MT)));
	if (!is_value)
		return bad_result(L, h, -1, "a value (nil, boolean, number, string or object)");
	assoc_value v = assoc_lua_to_value(L, -1);
	assoc_lua_keep_for_call(L, -1);
	*out = v;
	lua_pushboolean(L, 1);
	return 1;
}

static int setter_tramp(lua_State *L)
{
	void *const *args = lua_touserdata(L, 2);
	assoc_object *target = *(assoc_object *const *)args[1];
	const assoc_value *key = *(const assoc_value *const *)args[2];
	const assoc_value *value = *(const assoc_value *const *)args[3];
	lua_settop(L, 1);
	assoc_lua_push_object(L, target);
	assoc_lua_push_value(L, key);
	assoc_lua_push_value(L, value);
	if (lua_pcall(L, 3, 0, 0) != LUA_OK)
		return failed(L);
	lua_pushboolean(L, 1);
	return 1;
}

static void new_callback(lua_State *L, assoc_registry *reg, assoc_callback_kind kind, int fn);

/* factory(kind) -> getter, setter: two more callbacks, kept by the factory's. */
static int getset_factory_tramp(lua_State *L)
{
	void *const *args = lua_touserdata(L, 2);
	struct lua_callback *h = lua_touserdata(L, 3);
	assoc_collection_kind kind = *(const assoc_collection_kind *)args[1];
	assoc_getset *out = *(assoc_getset *const *)args[3];
	static const char *const kinds[] = { "list", "set", "dict", "scalar" };
	lua_settop(L, 1);
	lua_pushstring(L, (unsigned)kind < 4 ? kinds[kind] : "?");
	if (lua_pcall(L, 1, 2, 0) != LUA_OK)
		return failed(L);
	int getter = lua_gettop(L) - 1, setter = lua_gettop(L);
	if (lua_type(L, getter) != LUA_TFUNCTION)
		return bad_result(L, h, getter, "a getter function (and a setter function)");
	if (lua_type(L, setter) != LUA_TFUNCTION)
		return bad_result(L, h, setter, "a setter function after the getter");
	new_callback(L, h->registry, ASSOC_CALLBACK_GETTER, getter);
	new_callback(L, h->registry, ASSOC_CALLBACK_SETTER, setter);
	/* the factory's userdata keeps both (its second user value) */
	lua_createtable(L, 2, 0);
	lua_pushvalue(L, -3);
	lua_rawseti(L, -2, 1);
	lua_pushvalue(L, -2);
	lua_rawseti(L, -2, 2);
	assoc_lua_cache_get(L, &assoc_lua_key_callbacks, h);
	lua_pushvalue(L, -2);
	lua_setiuservalue(L, -2, 2);
	lua_pop(L, 2);
	struct lua_callback *g = lua_touserdata(L, -2), *s = lua_touserdata(L, -1);
	out->getter = (assoc_getter_fn)assoc_callback_function(g->cb);
	out->setter = (assoc_setter_fn)assoc_callback_function(s->cb);
	out->userdata = NULL;
	lua_pushboolean(L, 1);
	return 1;
}

static int bulk_set_tramp(lua_State *L)
{
	void *const *args = lua_touserdata(L, 2);
	assoc_collection *view = *(assoc_collection *const *)args[1];
	const assoc_value *keys = *(const assoc_value *const *)args[2];
	const assoc_value *values = *(const assoc_value *const *)args[3];
	size_t n = *(const size_t *)args[4];
	lua_settop(L, 1);
	assoc_lua_push_collection(L, view);
	assoc_lua_push_values(L, values, n);
	if (keys)
		assoc_lua_push_values(L, keys, n);
	else
		lua_pushnil(L);
	if (lua_pcall(L, 3, 0, 0) != LUA_OK)
		return failed(L);
	lua_pushboolean(L, 1);
	return 1;
}

static lua_CFunction trampoline(assoc_callback_kind kind)
{
	switch (kind) {
	case ASSOC_CALLBACK_CREATOR: return creator_tramp;
	case ASSOC_CALLBACK_GETTER: return getter_tramp;
	case ASSOC_CALLBACK_SETTER: return setter_tramp;
	case ASSOC_CALLBACK_GETSET_FACTORY: return getset_factory_tramp;
	case ASSOC_CALLBACK_BULK_SET: return bulk_set_tramp;
	default: return NULL;
	}
}

/* ---- the one dispatcher ----------------------------------------------------------------- */

static int dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	struct lua_callback *h = host_ref;
	lua_State *L = assoc_lua_current();
	lua_CFunction tramp = trampoline(kind);
	if (!L)
		return assoc_error_set(ASSOC_ECALLBACK, "the Lua %s was called outside a call into Lua's assoc",
		                       kind_names[kind]);
	if (!tramp)
		return assoc_error_set(ASSOC_ECALLBACK, "assoc.core: no Lua dispatch for callback kind %d", (int)kind);
	if (!lua_checkstack(L, 16))
		return assoc_error_set(ASSOC_ECALLBACK, "the Lua stack is full; cannot call the %s", kind_names[kind]);
	int top = lua_gettop(L);

	/* none of these pushes can raise (no allocation beyond the checked stack) */
	lua_pushcfunction(L, tramp);
	if (!push_function(L, h)) { /* h is not dereferenced before this */
		lua_settop(L, top);
		return assoc_error_set(ASSOC_ECALLBACK, "the Lua %s is gone (its model was collected)", kind_names[kind]);
	}
	lua_pushlightuserdata(L, (void *)args);
	lua_pushlightuserdata(L, h);

	int rc = 0;
	if (lua_pcall(L, 3, 2, 0) != LUA_OK) {
		/* the trampoline failed outside the function's own call (out of memory, say) */
		assoc_lua_set_pending(L, -1);
		const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		rc = assoc_error_set(ASSOC_ECALLBACK, "the Lua %s failed: %s", kind_names[kind], msg ? msg : "error");
	} else if (!lua_toboolean(L, -2)) {
		const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		rc = assoc_error_set(ASSOC_ECALLBACK, "%s", msg ? msg : "the Lua callback failed");
	}
	lua_settop(L, top);
	return rc;
}

/* ---- callback userdata ---------------------------------------------------------------- */

void assoc_lua_init_callbacks(lua_State *L)
{
	/* callbacks need no __gc: the closure is the registry's, the function the user value */
	assoc_lua_new_metatable(L, ASSOC_LUA_CALLBACK_MT, NULL);
}

/*
 * Push a new callback userdata for the function at index fn (its user value),
 * findable by its address, with its closure adopted by reg.
 */
static void new_callback(lua_State *L, assoc_registry *reg, assoc_callback_kind kind, int fn)
{
	fn = lua_absindex(L, fn);
	struct lua_callback *h = lua_newuserdatauv(L, sizeof *h, 2);
	h->cb = NULL;
	h->kind = kind;
	h->registry = reg;
	luaL_setmetatable(L, ASSOC_LUA_CALLBACK_MT);
	lua_pushvalue(L, fn);
	lua_setiuservalue(L, -2, 1);
	assoc_lua_cache_set(L, &assoc_lua_key_callbacks, h);
	int rc = assoc_callback_new(&h->cb, kind, dispatch, h);
	if (rc < 0)
		assoc_lua_raise(L, rc);
	rc = assoc_registry_adopt_callback(reg, h->cb);
	if (rc < 0) {
		assoc_callback_free(h->cb);
		h->cb = NULL;
		assoc_lua_raise(L, rc);
	}
}

void *assoc_lua_check_callback(lua_State *L, int idx, assoc_callback_kind kind)
{
	struct lua_callback *h = luaL_testudata(L, idx, ASSOC_LUA_CALLBACK_MT);
	if (!h || !h->cb)
		assoc_lua_raisef(L, ASSOC_EINVAL, "the %s must be made by assoc.core.callback, not a %s",
		                 kind_names[kind], luaL_typename(L, idx));
	if (h->kind != kind)
		assoc_lua_raisef(L, ASSOC_EINVAL, "a %s callback given as the %s", kind_names[h->kind], kind_names[kind]);
	return assoc_callback_function(h->cb);
}

/* callback(registry, kind, fn): kind is "creator", "getset_factory" or "proxy_bulk_set". */
int assoc_lua_callback_new(lua_State *L)
{
	assoc_registry *reg = assoc_lua_check_handle(L, 1, ASSOC_LUA_REGISTRY);
	const char *kind_name = luaL_checkstring(L, 2);
	luaL_checktype(L, 3, LUA_TFUNCTION);
	int kind = 0;
	while (kind_names[kind] && strcmp(kind_names[kind], kind_name) != 0)
		kind++;
	if (!kind_names[kind] || !trampoline((assoc_callback_kind)kind) || kind == ASSOC_CALLBACK_GETTER ||
	    kind == ASSOC_CALLBACK_SETTER)
		return assoc_lua_raisef(L, ASSOC_EINVAL, "no Lua callback of kind '%s'", kind_name);
	new_callback(L, reg, (assoc_callback_kind)kind, 3);
	return 1;
}

/* ---- the statement log --------------------------------------------------------------------- */

/*
 * set_log(engine, fn | nil): fn(sql, params, seconds) after each statement.
 * The log has no way to fail a statement: an error in fn becomes a Lua
 * warning (as an error in __gc does). Statements run while no wrapper is
 * active (a session's rollback when the collector frees it) are not logged.
 *
 * The log userdata (host_ref) holds fn as its user value and is found, like
 * a callback's, through the weak callbacks table; the engine handle holds the
 * userdata, and turns the log off when it is collected.
 */
static int log_tramp(lua_State *L)
{
	const assoc_statement_log *e = lua_touserdata(L, 2);
	lua_settop(L, 1);
	lua_pushstring(L, e->sql);
	assoc_lua_push_values(L, e->params, e->nparams);
	lua_pushnumber(L, e->seconds);
	if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
		const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)";
		lua_warning(L, "assoc: error in the statement log function: ", 1);
		lua_warning(L, msg, 0);
	}
	return 0;
}

static void log_dispatch(void *userdata, const assoc_statement_log *entry)
{
	lua_State *L = assoc_lua_current();
	if (!L || !lua_checkstack(L, 8))
		return;
	int top = lua_gettop(L);
	lua_pushcfunction(L, log_tramp);
	if (push_function(L, userdata)) {
		lua_pushlightuserdata(L, (void *)entry);
		(void)lua_pcall(L, 2, 0, 0);
	}
	lua_settop(L, top);
}

int assoc_lua_engine_set_log(lua_State *L)
{
	assoc_engine *eng = assoc_lua_check_handle(L, 1, ASSOC_LUA_ENGINE);
	if (lua_isnoneornil(L, 2)) {
		int rc = assoc_engine_set_log(eng, NULL, NULL);
		if (rc < 0)
			return assoc_lua_raise(L, rc);
		return 0;
	}
	luaL_checktype(L, 2, LUA_TFUNCTION);
	void *g = lua_newuserdatauv(L, 1, 1);
	lua_pushvalue(L, 2);
	lua_setiuservalue(L, -2, 1);
	assoc_lua_cache_set(L, &assoc_lua_key_callbacks, g);
	int rc = assoc_engine_set_log(eng, log_dispatch, g);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	return 1; /* the Lua layer anchors it on the engine */
}

/* ---- a diagnostic for the benchmark ------------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * bench_creator_calls(creator_callback, owner, value, n) -> seconds: a C loop
 * that calls the creator's closure n times, as the core does, with owner and
 * value. Only for bench/lua (the cost of the closure and the dispatcher).
 */
int assoc_lua_bench_creator_calls(lua_State *L)
{
	assoc_creator_fn fn = (assoc_creator_fn)assoc_lua_check_callback(L, 1, ASSOC_CALLBACK_CREATOR);
	assoc_object *owner = assoc_lua_check_object(L, 2);
	assoc_value value = assoc_lua_to_value(L, 3);
	lua_Integer n = luaL_checkinteger(L, 4);
	lua_State *saved = assoc_lua_enter(L);
	double t0 = now();
	for (lua_Integer i = 0; i < n; i++) {
		assoc_object *out = NULL;
		int rc = fn(NULL, owner, NULL, &value, &out);
		if (rc < 0 || !out) {
			assoc_lua_leave(saved);
			return assoc_lua_raise(L, rc < 0 ? rc : ASSOC_ECALLBACK);
		}
	}
	double t = now() - t0;
	assoc_lua_leave(saved);
	lua_pushnumber(L, t);
	return 1;
}

/* monotonic(): seconds on a monotonic clock, for bench/lua's timings. */
int assoc_lua_monotonic(lua_State *L)
{
	lua_pushnumber(L, now());
	return 1;
}
