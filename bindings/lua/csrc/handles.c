/*
 * handles.c - engine, registry, session, query and expression handles: each a
 * userdata holding the caller's reference, released by __gc or free().
 *
 * The core lets these go in any order (engines and registries are
 * reference-counted, sessions hold theirs, pinned objects outlive their
 * session as detached), so no finalizer here needs to know about another.
 * What the core does not count is kept reachable through user values by the
 * Lua layer: a query keeps its session, an expression its model.
 */
#include "internal.h"

static const char *const kind_names[ASSOC_LUA_NKINDS] = {
	"assoc.Engine", "assoc.Registry", "assoc.Session", "assoc.Query", "assoc.Expr",
};

/* What the user sees in messages: "engine", "session", ... */
static const char *const kind_words[ASSOC_LUA_NKINDS] = {
	"engine", "registry", "session", "query", "expression",
};

static void release(assoc_lua_kind kind, void *ptr)
{
	switch (kind) {
	case ASSOC_LUA_ENGINE:
		/* its log function goes with the handle (sessions, which keep the handle, are gone) */
		assoc_engine_set_log(ptr, NULL, NULL);
		assoc_engine_free(ptr);
		break;
	case ASSOC_LUA_REGISTRY: assoc_registry_free(ptr); break;
	case ASSOC_LUA_SESSION: assoc_session_free(ptr); break;
	case ASSOC_LUA_QUERY: assoc_query_free(ptr); break;
	case ASSOC_LUA_EXPR: assoc_expr_free(ptr); break;
	case ASSOC_LUA_NKINDS: break;
	}
}

static int kind_of(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return -1;
	for (int k = 0; k < ASSOC_LUA_NKINDS; k++) {
		luaL_getmetatable(L, kind_names[k]);
		int same = lua_rawequal(L, -1, -2);
		lua_pop(L, 1);
		if (same) {
			lua_pop(L, 1);
			return k;
		}
	}
	lua_pop(L, 1);
	return -1;
}

static int handle_gc(lua_State *L)
{
	int kind = kind_of(L, 1);
	struct assoc_lua_handle *h = lua_touserdata(L, 1);
	if (kind >= 0 && h->ptr) {
		void *p = h->ptr;
		h->ptr = NULL;
		release((assoc_lua_kind)kind, p);
	}
	return 0;
}

void assoc_lua_init_handles(lua_State *L)
{
	for (int k = 0; k < ASSOC_LUA_NKINDS; k++)
		assoc_lua_new_metatable(L, kind_names[k], handle_gc);
}

void assoc_lua_push_handle(lua_State *L, assoc_lua_kind kind, void *ptr)
{
	if (!ptr) {
		lua_pushnil(L);
		return;
	}
	/* (only running out of memory here could leak ptr: nothing else raises) */
	struct assoc_lua_handle *h = lua_newuserdatauv(L, sizeof *h, 1);
	h->ptr = ptr;
	luaL_setmetatable(L, kind_names[kind]);
	if (kind == ASSOC_LUA_SESSION) /* objects find their session's handle by pointer */
		assoc_lua_cache_set(L, &assoc_lua_key_sessions, ptr);
}

static struct assoc_lua_handle *check(lua_State *L, int idx, assoc_lua_kind kind)
{
	struct assoc_lua_handle *h = luaL_testudata(L, idx, kind_names[kind]);
	if (!h) {
		const char *got = assoc_lua_to_object(L, idx) ? "an assoc object" : luaL_typename(L, idx);
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected an assoc %s, got %s", kind_words[kind], got);
	}
	if (!h->ptr)
		assoc_lua_raisef(L, kind == ASSOC_LUA_SESSION || kind == ASSOC_LUA_ENGINE ? ASSOC_ECLOSED : ASSOC_EINVAL,
		                 kind == ASSOC_LUA_EXPR ? "this expression was already used in another expression or query"
		                                        : "this %s was freed", kind_words[kind]);
	return h;
}

void *assoc_lua_check_handle(lua_State *L, int idx, assoc_lua_kind kind)
{
	return check(L, idx, kind)->ptr;
}

void *assoc_lua_take_handle(lua_State *L, int idx, assoc_lua_kind kind)
{
	struct assoc_lua_handle *h = check(L, idx, kind);
	void *p = h->ptr;
	h->ptr = NULL;
	return p;
}

void assoc_lua_push_session(lua_State *L, assoc_session *s)
{
	if (s)
		assoc_lua_cache_get(L, &assoc_lua_key_sessions, s);
	else
		lua_pushnil(L);
}

/* free(h): release the handle now (engine: the caller's reference; sessions keep theirs). */
int assoc_lua_free_handle(lua_State *L)
{
	int kind = kind_of(L, 1);
	luaL_argcheck(L, kind >= 0, 1, "an assoc handle expected");
	struct assoc_lua_handle *h = lua_touserdata(L, 1);
	if (kind == ASSOC_LUA_SESSION && h->ptr) { /* its address may be reused: forget it */
		lua_pushnil(L);
		assoc_lua_cache_set(L, &assoc_lua_key_sessions, h->ptr);
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	lua_setiuservalue(L, 1, 1);
	return handle_gc(L);
}

/* is_freed(h) */
int assoc_lua_is_freed(lua_State *L)
{
	int kind = kind_of(L, 1);
	luaL_argcheck(L, kind >= 0, 1, "an assoc handle expected");
	lua_pushboolean(L, ((struct assoc_lua_handle *)lua_touserdata(L, 1))->ptr == NULL);
	return 1;
}
