/*
 * objects.c - object and collection userdata.
 *
 * An object's userdata pins it (assoc_object_ref) until __gc, and is the only
 * one for that object while it lives: a weak table maps the pointer to it, so
 * the same row always gives the same (rawequal) Lua value. Its user value is
 * its session's handle, so a session lives while Lua holds any of its objects;
 * closing the session explicitly detaches them instead.
 *
 * Each mapper has its own metatable for its objects (made here, completed by
 * the Lua layer with __index and __newindex closures that know the mapper's
 * attributes), all tagged as objects.
 *
 * A collection's userdata points into its owner object (the core frees a
 * collection with its object), and its user value is the owner's userdata:
 * while the collection is reachable, the owner is pinned and the pointer valid.
 */
#include "internal.h"

struct lua_object {
	assoc_object *obj;
};

struct lua_collection {
	assoc_collection *coll;
};

/* The tags: metatable[&assoc_lua_key_tag] is one of these light userdata. */
static char object_family, collection_family;

static int tag_is(lua_State *L, int idx, const void *family)
{
	if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return 0;
	lua_rawgetp(L, -1, &assoc_lua_key_tag);
	int ok = lua_touserdata(L, -1) == family;
	lua_pop(L, 2);
	return ok;
}

static int object_gc(lua_State *L)
{
	struct lua_object *u = lua_touserdata(L, 1);
	if (u && u->obj) {
		assoc_object *o = u->obj;
		u->obj = NULL;
		assoc_object_unref(o);
	}
	return 0;
}

/* A new object metatable, tagged, with __gc; left on the stack. */
static void new_object_metatable(lua_State *L)
{
	lua_createtable(L, 0, 8);
	lua_pushlightuserdata(L, &object_family);
	lua_rawsetp(L, -2, &assoc_lua_key_tag);
	lua_pushcfunction(L, object_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushliteral(L, "assoc.Object");
	lua_setfield(L, -2, "__name");
	lua_pushliteral(L, "the metatable of an assoc object");
	lua_setfield(L, -2, "__metatable");
}

static void new_collection_metatable(lua_State *L, const char *name)
{
	luaL_newmetatable(L, name);
	lua_pushlightuserdata(L, &collection_family);
	lua_rawsetp(L, -2, &assoc_lua_key_tag);
	lua_pushliteral(L, "the metatable of an assoc collection");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

void assoc_lua_init_objects(lua_State *L)
{
	new_object_metatable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, ASSOC_LUA_OBJECT_MT);
	new_collection_metatable(L, ASSOC_LUA_LIST_MT);
	new_collection_metatable(L, ASSOC_LUA_SET_MT);
	new_collection_metatable(L, ASSOC_LUA_DICT_MT);
	assoc_lua_new_metatable(L, ASSOC_LUA_BLOB_MT, NULL);
}

/* Push the metatable of mapper m's objects, making it on first use. */
void assoc_lua_push_object_metatable(lua_State *L, assoc_mapper *m)
{
	if (assoc_lua_cache_get(L, &assoc_lua_key_object_mts, m) != LUA_TTABLE) {
		lua_pop(L, 1);
		new_object_metatable(L);
		assoc_lua_cache_set(L, &assoc_lua_key_object_mts, m);
	}
}

void assoc_lua_push_object(lua_State *L, assoc_object *obj)
{
	if (!obj) {
		lua_pushnil(L);
		return;
	}
	if (assoc_lua_cache_get(L, &assoc_lua_key_objects, obj) == LUA_TUSERDATA)
		return;
	lua_pop(L, 1);
	struct lua_object *u = lua_newuserdatauv(L, sizeof *u, 1);
	u->obj = NULL;
	/* the metatable: the mapper's own (the Lua layer made it), else the plain one */
	if (assoc_lua_cache_get(L, &assoc_lua_key_object_mts, assoc_object_mapper(obj)) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_getfield(L, LUA_REGISTRYINDEX, ASSOC_LUA_OBJECT_MT);
	}
	lua_setmetatable(L, -2);
	/* pinned from here on; __gc unpins */
	u->obj = obj;
	assoc_object_ref(obj);
	assoc_lua_push_session(L, assoc_object_session(obj));
	lua_setiuservalue(L, -2, 1);
	assoc_lua_cache_set(L, &assoc_lua_key_objects, obj);
}

assoc_object *assoc_lua_to_object(lua_State *L, int idx)
{
	if (!tag_is(L, idx, &object_family))
		return NULL;
	return ((struct lua_object *)lua_touserdata(L, idx))->obj;
}

assoc_object *assoc_lua_check_object(lua_State *L, int idx)
{
	assoc_object *o = assoc_lua_to_object(L, idx);
	if (!o)
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected an assoc object, got %s",
		                 assoc_lua_has_metatable(L, idx) ? "another assoc handle" : luaL_typename(L, idx));
	return o;
}

void assoc_lua_push_collection(lua_State *L, assoc_collection *c)
{
	if (!c) {
		lua_pushnil(L);
		return;
	}
	if (assoc_lua_cache_get(L, &assoc_lua_key_collections, c) == LUA_TUSERDATA)
		return;
	lua_pop(L, 1);
	struct lua_collection *u = lua_newuserdatauv(L, sizeof *u, 1);
	u->coll = c;
	const char *mt = ASSOC_LUA_LIST_MT;
	switch (assoc_collection_kind_of(c)) {
	case ASSOC_COLLECTION_SET: mt = ASSOC_LUA_SET_MT; break;
	case ASSOC_COLLECTION_DICT: mt = ASSOC_LUA_DICT_MT; break;
	default: break;
	}
	luaL_setmetatable(L, mt);
	assoc_lua_push_object(L, assoc_collection_owner(c));
	lua_setiuservalue(L, -2, 1);
	assoc_lua_cache_set(L, &assoc_lua_key_collections, c);
}

assoc_collection *assoc_lua_check_collection(lua_State *L, int idx)
{
	if (!tag_is(L, idx, &collection_family))
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected an assoc collection, got %s", luaL_typename(L, idx));
	return ((struct lua_collection *)lua_touserdata(L, idx))->coll;
}

/* is_object(x) */
int assoc_lua_is_object(lua_State *L)
{
	lua_pushboolean(L, assoc_lua_to_object(L, 1) != NULL);
	return 1;
}

/* is_collection(x) */
int assoc_lua_is_collection(lua_State *L)
{
	lua_pushboolean(L, tag_is(L, 1, &collection_family));
	return 1;
}

/* For lua.i's object_new: ctx is a session handle, or an object whose session is used. */
int assoc_lua_new_object_in(lua_State *L, int ctx, assoc_mapper *m)
{
	assoc_session *s;
	assoc_object *owner = assoc_lua_to_object(L, ctx);
	if (owner) {
		s = assoc_object_session(owner);
		if (!s)
			return assoc_lua_raisef(L, ASSOC_EDETACHED,
			                        "%s is detached: a new %s needs a session (pass a session instead)",
			                        assoc_object_repr(owner), assoc_mapper_name(m));
	} else {
		s = assoc_lua_check_handle(L, ctx, ASSOC_LUA_SESSION);
	}
	assoc_object *o = NULL;
	lua_State *saved = assoc_lua_enter(L);
	int rc = assoc_object_new(&o, s, m);
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	assoc_lua_push_object(L, o);
	return 1;
}

/* ---- natives for indexing: nil where a Lua table gives nil ----------------------------- */

/* at(c, i): the member at 1-based position i (a dict: the value), or nil outside 1..#c. */
int assoc_lua_collection_at(lua_State *L)
{
	assoc_collection *c = assoc_lua_check_collection(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	size_t n = 0;
	assoc_value v = assoc_value_null();
	lua_State *saved = assoc_lua_enter(L);
	int rc = assoc_collection_len(&n, c);
	if (rc == 0 && i >= 1 && (lua_Unsigned)i <= n)
		rc = assoc_collection_get(&v, c, (size_t)(i - 1));
	else if (rc == 0)
		rc = 1; /* out of range */
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	if (rc == 1)
		lua_pushnil(L);
	else
		assoc_lua_push_value(L, &v);
	return 1;
}

/* lookup(dict, key): the value under key, or nil when there is none. */
int assoc_lua_collection_lookup(lua_State *L)
{
	assoc_collection *c = assoc_lua_check_collection(L, 1);
	assoc_value key = assoc_lua_to_value(L, 2);
	assoc_value v = assoc_value_null();
	int found = 0;
	lua_State *saved = assoc_lua_enter(L);
	int rc = assoc_collection_contains(&found, c, key);
	if (rc == 0 && found)
		rc = assoc_collection_lookup(&v, c, key);
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	assoc_lua_push_value(L, &v);
	return 1;
}

/* metatable_of(x): the real metatable of an object or collection (its __metatable hides it). */
int assoc_lua_metatable_of(lua_State *L)
{
	luaL_argcheck(L, assoc_lua_has_metatable(L, 1), 1, "an assoc object or collection expected");
	lua_getmetatable(L, 1);
	return 1;
}

/* ---- accessors in C: the hot path of attribute access and collection indexing ------------------- */

/*
 * Objects' __index and __newindex for one mapper, as C closures over its
 * attributes: upvalue 1 maps the names of scalar attributes (columns, scalar
 * relationships and proxies) and upvalue 2 those of collections to their
 * assoc_attr (light userdata, resolved once at configure); anything else
 * (instance methods, whole-collection assignment, unknown names) goes to the
 * Lua layer's fallback, upvalue 3.
 */
static int object_index(lua_State *L)
{
	assoc_object *o = assoc_lua_check_object(L, 1);
	lua_settop(L, 2);
	lua_pushvalue(L, 2);
	int scalar = lua_rawget(L, lua_upvalueindex(1)) == LUA_TLIGHTUSERDATA;
	if (!scalar) {
		lua_pop(L, 1);
		lua_pushvalue(L, 2);
		if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TLIGHTUSERDATA) {
			lua_settop(L, 2);
			lua_pushvalue(L, lua_upvalueindex(3));
			lua_insert(L, 1);
			lua_call(L, 2, 1);
			return 1;
		}
	}
	const assoc_attr *a = lua_touserdata(L, -1);
	assoc_value v = assoc_value_null();
	assoc_collection *c = NULL;
	lua_State *saved = assoc_lua_enter(L);
	int rc = scalar ? assoc_object_get_attr(o, a, &v) : assoc_object_collection_attr(&c, o, a);
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	if (scalar)
		assoc_lua_push_value(L, &v);
	else
		assoc_lua_push_collection(L, c);
	return 1;
}

static int object_newindex(lua_State *L)
{
	assoc_object *o = assoc_lua_check_object(L, 1);
	lua_settop(L, 3);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TLIGHTUSERDATA) {
		lua_settop(L, 3);
		lua_pushvalue(L, lua_upvalueindex(3));
		lua_insert(L, 1);
		lua_call(L, 3, 0);
		return 0;
	}
	const assoc_attr *a = lua_touserdata(L, -1);
	assoc_value v = assoc_lua_to_value(L, 3);
	lua_State *saved = assoc_lua_enter(L);
	int rc = assoc_object_set_attr(o, a, v);
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	return 0;
}

/* object_accessors(scalars, collections, index_fallback, newindex_fallback) -> __index, __newindex */
int assoc_lua_object_accessors(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, 2, LUA_TTABLE);
	luaL_checktype(L, 3, LUA_TFUNCTION);
	luaL_checktype(L, 4, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_pushcclosure(L, object_index, 3);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 4);
	lua_pushcclosure(L, object_newindex, 3);
	return 2;
}

/* A list's or set's __index: members at integer positions, else its methods (upvalue 1). */
static int sequence_index(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TNUMBER)
		return assoc_lua_collection_at(L);
	lua_settop(L, 2);
	lua_rawget(L, lua_upvalueindex(1));
	return 1;
}

/* A dict's __index: its methods (upvalue 1) first, then the value under the key, or nil. */
static int dict_index(lua_State *L)
{
	lua_settop(L, 2);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	return assoc_lua_collection_lookup(L);
}

/* collection_index(methods, "sequence" | "dict") -> an __index */
int assoc_lua_collection_index(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	const char *kind = luaL_checkstring(L, 2);
	lua_settop(L, 1);
	lua_pushcclosure(L, kind[0] == 'd' ? dict_index : sequence_index, 1);
	return 1;
}

/* A collection's __len (Lua passes the operand twice). */
int assoc_lua_collection_len(lua_State *L)
{
	assoc_collection *c = assoc_lua_check_collection(L, 1);
	size_t n = 0;
	lua_State *saved = assoc_lua_enter(L);
	int rc = assoc_collection_len(&n, c);
	assoc_lua_leave(saved);
	if (rc < 0)
		return assoc_lua_raise(L, rc);
	lua_pushinteger(L, (lua_Integer)n);
	return 1;
}
