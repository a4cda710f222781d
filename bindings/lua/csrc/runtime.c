/*
 * runtime.c - the calling thread, raising errors, and the module's metatables.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

/* ---- the calling thread ------------------------------------------------------ */

/* Thread-local: two Lua states on two OS threads each see their own. */
static _Thread_local lua_State *current;
static _Thread_local int call_anchors_used;

lua_State *assoc_lua_enter(lua_State *L)
{
	lua_State *saved = current;
	if (!saved && call_anchors_used) { /* an outermost call: the last one's anchors can go */
		call_anchors_used = 0;
		lua_pushnil(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_call_anchors);
	}
	current = L;
	return saved;
}

void assoc_lua_leave(lua_State *saved)
{
	current = saved;
}

lua_State *assoc_lua_current(void)
{
	return current;
}

/*
 * Keep the value at idx reachable until the next outermost call into the
 * module: for strings a getter returned, which the core reads after the
 * getter's trampoline has returned.
 */
void assoc_lua_keep_for_call(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_call_anchors) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_call_anchors);
	}
	lua_pushvalue(L, idx);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 1);
	call_anchors_used = 1;
}

/* ---- errors (the values: errors.c) ------------------------------------------------ */

static _Thread_local int pending_flag;

/* Called by the dispatcher outside any protected call: it must not raise (see init). */
void assoc_lua_set_pending(lua_State *L, int idx)
{
	lua_pushvalue(L, idx);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_pending);
	pending_flag = 1;
}

/* 1 and pushes the pending error (clearing it), or 0. */
static int push_pending(lua_State *L)
{
	if (!pending_flag)
		return 0;
	pending_flag = 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_pending);
	lua_pushboolean(L, 0); /* false, not nil: the slot stays, so setting it never allocates */
	lua_rawsetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_pending);
	return 1;
}

int assoc_lua_raise(lua_State *L, int rc)
{
	/* a Lua callback's own error travels back unchanged */
	if (rc == ASSOC_ECALLBACK && push_pending(L))
		return lua_error(L);
	if (push_pending(L)) /* the failure is not the callback's: forget its error */
		lua_pop(L, 1);
	const assoc_error *e = assoc_error_last();
	assoc_lua_push_error(L, rc, e->code == rc ? e->message : NULL);
	return lua_error(L);
}

int assoc_lua_raisef(lua_State *L, int code, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	assoc_lua_push_error(L, code, buf);
	return lua_error(L);
}

/* ---- weak caches and metatables --------------------------------------------------- */

char assoc_lua_key_pending;
char assoc_lua_key_call_anchors;
char assoc_lua_key_objects;
char assoc_lua_key_collections;
char assoc_lua_key_sessions;
char assoc_lua_key_object_mts;
char assoc_lua_key_callbacks;
char assoc_lua_key_tag;

int assoc_lua_cache_get(lua_State *L, const void *cache, const void *ptr)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, cache);
	int type = lua_rawgetp(L, -1, ptr);
	lua_remove(L, -2);
	return type;
}

void assoc_lua_cache_set(lua_State *L, const void *cache, const void *ptr)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, cache);
	lua_pushvalue(L, -2);
	lua_rawsetp(L, -2, ptr);
	lua_pop(L, 1);
}

static void new_weak_cache(lua_State *L, const void *key)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "v");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* A metatable registered under name, tagged as the binding's own, with __gc (if any). */
void assoc_lua_new_metatable(lua_State *L, const char *name, lua_CFunction gc)
{
	if (luaL_newmetatable(L, name)) {
		lua_pushboolean(L, 1);
		lua_rawsetp(L, -2, &assoc_lua_key_tag);
		if (gc) {
			lua_pushcfunction(L, gc);
			lua_setfield(L, -2, "__gc");
		}
		lua_pushliteral(L, "the metatable of an assoc handle");
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
}

/* 1 when the value at idx is a userdata with one of the binding's metatables (they carry the tag). */
int assoc_lua_has_metatable(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return 0;
	int ok = lua_rawgetp(L, -1, &assoc_lua_key_tag) != LUA_TNIL;
	lua_pop(L, 2);
	return ok;
}

void assoc_lua_init(lua_State *L)
{
	/* the pending slot exists from the start, so that setting it cannot need memory */
	lua_pushboolean(L, 0);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &assoc_lua_key_pending);
	new_weak_cache(L, &assoc_lua_key_objects);
	new_weak_cache(L, &assoc_lua_key_collections);
	new_weak_cache(L, &assoc_lua_key_sessions);
	new_weak_cache(L, &assoc_lua_key_object_mts);
	new_weak_cache(L, &assoc_lua_key_callbacks);
	assoc_lua_init_errors(L);
	assoc_lua_init_handles(L);
	assoc_lua_init_objects(L);
	assoc_lua_init_callbacks(L);
}

/* ---- natives: user values and metatables for the Lua layer ------------------------------ */

/* anchor(h): the user value of a binding userdata (what it keeps alive); nil for anything else. */
int assoc_lua_anchor(lua_State *L)
{
	if (!assoc_lua_has_metatable(L, 1))
		return 0;
	lua_getiuservalue(L, 1, 1);
	return 1;
}

/* set_anchor(h, v): h keeps v alive. */
int assoc_lua_set_anchor(lua_State *L)
{
	luaL_argcheck(L, assoc_lua_has_metatable(L, 1), 1, "an assoc handle expected");
	lua_settop(L, 2);
	lua_setiuservalue(L, 1, 1);
	return 0;
}

/* metatable(name): the registered metatable (e.g. "assoc.Session"), for the layer to complete. */
int assoc_lua_metatable(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	if (luaL_getmetatable(L, name) != LUA_TTABLE)
		return luaL_error(L, "assoc.core: no metatable named %s", name);
	return 1;
}

/* blob(s): a value that is stored as a BLOB rather than TEXT. */
int assoc_lua_blob(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TSTRING);
	lua_newuserdatauv(L, 0, 1);
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, ASSOC_LUA_BLOB_MT);
	return 1;
}
