/*
 * values.c - assoc_value to and from Lua values, and Lua arrays to C arrays.
 *
 *   NULL <-> nil          INTEGER <-> integer (booleans go in as 0 / 1)
 *   REAL <-> float        TEXT <-> string
 *   BLOB  -> string, and <- assoc.blob(string)
 *   OBJECT <-> the object's userdata
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void assoc_lua_push_value(lua_State *L, const assoc_value *v)
{
	if (!v) {
		lua_pushnil(L);
		return;
	}
	switch (v->kind) {
	case ASSOC_NULL: lua_pushnil(L); break;
	case ASSOC_INTEGER: lua_pushinteger(L, (lua_Integer)v->u.integer); break;
	case ASSOC_REAL: lua_pushnumber(L, v->u.real); break;
	case ASSOC_TEXT:
	case ASSOC_BLOB: lua_pushlstring(L, v->u.bytes.data ? v->u.bytes.data : "", v->u.bytes.len); break;
	case ASSOC_OBJECT: assoc_lua_push_object(L, v->u.object); break;
	default: lua_pushnil(L); break;
	}
}

assoc_value assoc_lua_to_value(lua_State *L, int idx)
{
	size_t len;
	const char *s;
	switch (lua_type(L, idx)) {
	case LUA_TNONE:
	case LUA_TNIL: return assoc_value_null();
	case LUA_TBOOLEAN: return assoc_value_integer(lua_toboolean(L, idx));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return assoc_value_integer((int64_t)lua_tointeger(L, idx));
		return assoc_value_real(lua_tonumber(L, idx));
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &len);
		return assoc_value_textn(s, len);
	case LUA_TUSERDATA: {
		assoc_object *o = assoc_lua_to_object(L, idx);
		if (o)
			return assoc_value_object(o);
		if (luaL_testudata(L, idx, ASSOC_LUA_BLOB_MT)) {
			/* the string stays reachable through the blob, which the caller holds */
			lua_getiuservalue(L, idx, 1);
			s = lua_tolstring(L, -1, &len);
			lua_pop(L, 1);
			return assoc_value_blob(s, len);
		}
		break;
	}
	default: break;
	}
	assoc_lua_raisef(L, ASSOC_ETYPE, "cannot pass a%s %s as a value (nil, boolean, number, string, "
	                 "assoc.blob or an assoc object expected)",
	                 assoc_lua_has_metatable(L, idx) ? "n" : "",
	                 assoc_lua_has_metatable(L, idx) ? "assoc handle or collection" : luaL_typename(L, idx));
	return assoc_value_null();
}

void assoc_lua_push_values(lua_State *L, const assoc_value *values, size_t n)
{
	lua_createtable(L, n > 0x7fffffff ? 0 : (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		assoc_lua_push_value(L, &values[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/*
 * The anchor of converted arrays: a userdata holding the C buffer, with a user
 * value table holding every Lua value the buffer points into, so that nothing
 * the call reads can be collected during it (a creator runs Lua code).
 */
static void *new_anchored_buffer(lua_State *L, size_t size)
{
	void *p = lua_newuserdatauv(L, size ? size : 1, 1);
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	return p;
}

static size_t array_length(lua_State *L, int idx, const char *what)
{
	if (lua_type(L, idx) != LUA_TTABLE && !assoc_lua_has_metatable(L, idx))
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected an array of %s, got %s", what, luaL_typename(L, idx));
	lua_Integer n = luaL_len(L, idx);
	return n > 0 ? (size_t)n : 0;
}

assoc_value *assoc_lua_to_values(lua_State *L, int idx, size_t *n)
{
	idx = lua_absindex(L, idx);
	if (lua_isnoneornil(L, idx)) {
		*n = 0;
		lua_pushnil(L);
		return NULL;
	}
	size_t len = array_length(L, idx, "values");
	if (len > ((size_t)-1) / sizeof(assoc_value))
		assoc_lua_raisef(L, ASSOC_ERANGE, "array too long");
	assoc_value *vals = new_anchored_buffer(L, len * sizeof *vals);
	lua_getiuservalue(L, -1, 1);
	for (size_t i = 0; i < len; i++) {
		lua_geti(L, idx, (lua_Integer)i + 1);
		vals[i] = assoc_lua_to_value(L, -1);
		lua_rawseti(L, -2, (lua_Integer)i + 1); /* keep it */
	}
	lua_pop(L, 1);
	*n = len;
	return vals;
}

const char **assoc_lua_to_strings(lua_State *L, int idx, size_t *n)
{
	idx = lua_absindex(L, idx);
	size_t len = array_length(L, idx, "names");
	if (len > ((size_t)-1) / sizeof(char *))
		assoc_lua_raisef(L, ASSOC_ERANGE, "array too long");
	const char **names = new_anchored_buffer(L, len * sizeof *names);
	lua_getiuservalue(L, -1, 1);
	for (size_t i = 0; i < len; i++) {
		if (lua_geti(L, idx, (lua_Integer)i + 1) != LUA_TSTRING)
			assoc_lua_raisef(L, ASSOC_EINVAL, "expected a name at position %d, got %s", (int)i + 1,
			                 luaL_typename(L, -1));
		names[i] = lua_tostring(L, -1);
		lua_rawseti(L, -2, (lua_Integer)i + 1); /* keep it */
	}
	lua_pop(L, 1);
	*n = len;
	return names;
}

/* ---- plain arguments: an assoc.Error (ASSOC_EINVAL), not a bare message, when wrong ---- */

const char *assoc_lua_check_string(lua_State *L, int idx)
{
	int t = lua_type(L, idx);
	if (t == LUA_TNONE || t == LUA_TNIL)
		return NULL;
	if (t != LUA_TSTRING)
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected a name or text (a string), got %s", luaL_typename(L, idx));
	return lua_tostring(L, idx);
}

lua_Integer assoc_lua_check_integer(lua_State *L, int idx)
{
	int isint = 0;
	lua_Integer i = lua_tointegerx(L, idx, &isint);
	if (!isint || lua_type(L, idx) != LUA_TNUMBER)
		assoc_lua_raisef(L, ASSOC_EINVAL, "expected an integer, got %s",
		                 lua_type(L, idx) == LUA_TNUMBER ? "a float with a fraction" : luaL_typename(L, idx));
	return i;
}
