/*
 * transaction.c - session:transaction(fn[, opts]): a Lua function as the unit
 * of work of assoc_session_run, through a libffi closure.
 *
 * The closure lives for the one call (made, run, freed here), so its host_ref
 * is a struct on this C stack that names the stack slot of fn. Each run calls
 * fn(session, attempt) in a protected call: no Lua error unwinds through the
 * core. A run that raised an assoc.Error of code ASSOC_ERETRY (a conflict the
 * function let propagate) returns ASSOC_ERETRY, so the core rolls back and
 * runs fn again; any other error value is kept (assoc_lua_set_pending) and
 * the run returns ASSOC_ECALLBACK, so once the core has rolled back the value
 * is raised unchanged.
 */
#include <string.h>

#include "internal.h"

struct lua_run {
	int session; /* stack slots of the session handle and fn, in the calling frame */
	int fn;
};

/* 1 when the value at idx is an assoc.Error of code ASSOC_ERETRY. Raises only out of memory. */
static int is_retry_error(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return 0;
	luaL_getmetatable(L, ASSOC_LUA_ERROR_MT);
	int is_error = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	if (!is_error)
		return 0;
	lua_getfield(L, idx, "code");
	int retry = lua_isinteger(L, -1) && lua_tointeger(L, -1) == ASSOC_ERETRY;
	lua_pop(L, 1);
	return retry;
}

/*
 * (fn, session, attempt) -> true | false, error, retry, message: fn's call and
 * the look at its error, inside a protected call.
 */
static int run_tramp(lua_State *L)
{
	if (lua_pcall(L, 2, 0, 0) == LUA_OK) {
		lua_pushboolean(L, 1);
		return 1;
	}
	int err = lua_gettop(L);
	lua_pushboolean(L, 0);
	lua_pushvalue(L, err);
	int retry = is_retry_error(L, err);
	lua_pushboolean(L, retry);
	if (retry)
		lua_getfield(L, err, "message");
	else if (lua_type(L, err) == LUA_TSTRING)
		lua_pushvalue(L, err);
	else
		luaL_tolstring(L, err, NULL);
	return 4;
}

static int run_dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	struct lua_run *r = host_ref;
	lua_State *L = assoc_lua_current();
	unsigned int attempt = *(const unsigned int *)args[2];
	(void)kind;
	if (!L)
		return assoc_error_set(ASSOC_ECALLBACK, "the Lua transaction was called outside a call into Lua's assoc");
	if (!lua_checkstack(L, 8))
		return assoc_error_set(ASSOC_ECALLBACK, "the Lua stack is full; cannot run the transaction");
	int top = lua_gettop(L);
	/* none of these pushes can raise (an integer and copies of stack slots) */
	lua_pushcfunction(L, run_tramp);
	lua_pushvalue(L, r->fn);
	lua_pushvalue(L, r->session);
	lua_pushinteger(L, (lua_Integer)attempt);
	int rc = 0;
	if (lua_pcall(L, 3, 4, 0) != LUA_OK) { /* outside fn's own call (out of memory) */
		assoc_lua_set_pending(L, -1);
		rc = assoc_error_set(ASSOC_ECALLBACK, "the Lua transaction failed: %s",
		                     lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error");
	} else if (!lua_toboolean(L, -4)) {
		const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (lua_toboolean(L, -2)) {
			rc = assoc_error_set(ASSOC_ERETRY, "%s", msg ? msg : "a conflict with another transaction");
		} else {
			assoc_lua_set_pending(L, -3);
			rc = assoc_error_set(ASSOC_ECALLBACK, "the Lua transaction failed: %s", msg ? msg : "error");
		}
	}
	lua_settop(L, top);
	return rc;
}

static unsigned int run_option(lua_State *L, int t, const char *name, unsigned int dflt)
{
	if (lua_getfield(L, t, name) == LUA_TNIL) {
		lua_pop(L, 1);
		return dflt;
	}
	if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 0x7fffffff)
		assoc_lua_raisef(L, ASSOC_EINVAL, "transaction option '%s' must be a non-negative integer, not %s", name,
		                 luaL_typename(L, -1));
	unsigned int v = (unsigned int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return v;
}

/* session_run(session, fn[, {max_attempts=, backoff_ms=, max_backoff_ms=}]) */
int assoc_lua_session_run(lua_State *L)
{
	assoc_session *s = assoc_lua_check_handle(L, 1, ASSOC_LUA_SESSION);
	if (lua_type(L, 2) != LUA_TFUNCTION)
		return assoc_lua_raisef(L, ASSOC_EINVAL, "the transaction must be a function, not %s", luaL_typename(L, 2));
	assoc_run_options o;
	assoc_run_options_init(&o, ASSOC_RUN_OPTIONS_VERSION);
	if (!lua_isnoneornil(L, 3)) {
		if (lua_type(L, 3) != LUA_TTABLE)
			return assoc_lua_raisef(L, ASSOC_EINVAL, "transaction options must be a table, not %s",
			                        luaL_typename(L, 3));
		lua_pushnil(L);
		while (lua_next(L, 3)) {
			lua_pop(L, 1);
			const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			if (!k || (strcmp(k, "max_attempts") != 0 && strcmp(k, "backoff_ms") != 0 &&
			           strcmp(k, "max_backoff_ms") != 0))
				return assoc_lua_raisef(L, ASSOC_EINVAL, "unknown transaction option '%s'",
				                        k ? k : luaL_typename(L, -1));
		}
		o.max_attempts = run_option(L, 3, "max_attempts", o.max_attempts);
		o.backoff_ms = run_option(L, 3, "backoff_ms", o.backoff_ms);
		o.max_backoff_ms = run_option(L, 3, "max_backoff_ms", o.max_backoff_ms);
	}
	lua_settop(L, 2);
	struct lua_run r = { 1, 2 };
	assoc_callback *cb = NULL;
	int rc = assoc_callback_new(&cb, ASSOC_CALLBACK_TRANSACTION, run_dispatch, &r);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	lua_State *saved = assoc_lua_enter(L);
	rc = assoc_session_run(s, (assoc_transaction_fn)assoc_callback_function(cb), NULL, &o);
	assoc_lua_leave(saved);
	assoc_callback_free(cb);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	return 0;
}
