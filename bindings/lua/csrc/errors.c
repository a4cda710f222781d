/*
 * errors.c - the assoc.Error values: where the user called from, the Lua
 * method a message names, and the traceback of an error nothing catches.
 */
#include <string.h>

#include "internal.h"

/*
 * An assoc.Error is a table { code, name, message, where[, traceback] }.
 * where is the user's call site: the first Lua function up the stack that is
 * not one of the layer's own files (their source prefix, which errors.lua
 * records when it loads). The traceback is kept for errors no pcall catches
 * (__tostring then appends it, so that lua5.4 prints it) and for those an
 * xpcall catches (its handler may want it); a pcall'd error costs no traceback.
 */
static char key_layer_prefix;  /* the source prefix of the assoc/ Lua files, e.g. "@/usr/share/lua/5.4/assoc/" */
static char key_pcall;         /* the base library's pcall and xpcall */
static char key_xpcall;
static char key_uncaught;      /* weak keys: the errors raised outside any pcall/xpcall */

static int is_layer_frame(lua_State *L, const lua_Debug *ar)
{
	size_t n = 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_layer_prefix);
	const char *prefix = lua_tolstring(L, -1, &n);
	int in = prefix && n > 0 && strncmp(ar->source, prefix, n) == 0;
	lua_pop(L, 1);
	return in;
}

/* 1 when the function of the frame ar is the one under key in the registry. */
static int frame_is(lua_State *L, lua_Debug *ar, const void *key)
{
	lua_getinfo(L, "f", ar);
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	int same = !lua_isnil(L, -1) && lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return same;
}

/* "session:get": the method the user called (the frame at level), or NULL when it was no method call. */
static const char *push_method_name(lua_State *L, int level)
{
	lua_Debug ar;
	if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "n", &ar) || !ar.name || !ar.namewhat ||
	    strcmp(ar.namewhat, "method") != 0)
		return NULL;
	/* the receiver's kind: the last part of its metatable's __name, in lower case */
	int top = lua_gettop(L);
	char word[32] = "";
	if (lua_getlocal(L, &ar, 1) && lua_getmetatable(L, -1) && lua_getfield(L, -1, "__name") == LUA_TSTRING) {
		const char *noun = lua_tostring(L, -1), *dot = strrchr(noun, '.');
		noun = dot ? dot + 1 : noun;
		size_t i = 0;
		for (; noun[i] && i + 1 < sizeof word; i++)
			word[i] = (char)(noun[i] >= 'A' && noun[i] <= 'Z' ? noun[i] - 'A' + 'a' : noun[i]);
		word[i] = 0;
	}
	lua_settop(L, top);
	if (strcmp(word, "registry") == 0)
		strcpy(word, "model");
	else if (strcmp(word, "expr") == 0)
		strcpy(word, "expression");
	return *word ? lua_pushfstring(L, "%s:%s", word, ar.name) : lua_pushstring(L, ar.name);
}

/* The C functions the core's messages suggest, and what a Lua user calls instead. */
static const char *const lua_names[][2] = {
	{ "assoc_object_collection", "the collection attribute (obj.name)" },
	{ "assoc_session_begin_nested", "session:begin_nested" },
	{ "assoc_session_rollback", "session:rollback" },
	{ "assoc_session_run", "session:transaction" },
	{ "assoc_engine_exec", "engine:exec" },
	{ "assoc_registry_configure()", "model:configure()" },
	{ "assoc_query_join_alias", "an aliased join (not offered in Lua)" },
};

/*
 * The message as a Lua user reads it: the core's "assoc_function: " prefix
 * names the Lua method called instead (or goes), and the C functions a
 * message suggests become their Lua counterparts.
 */
static void push_message(lua_State *L, const char *message, int method_level)
{
	const char *p = message;
	int done = 0;
	if (strncmp(p, "assoc_", 6) == 0) {
		p += 6;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
			p++;
		if (p[0] == ':' && p[1] == ' ') {
			const char *method = method_level >= 0 ? push_method_name(L, method_level) : NULL;
			if (method) {
				lua_pushfstring(L, "%s: %s", method, p + 2);
				lua_remove(L, -2);
			} else {
				lua_pushstring(L, p + 2);
			}
			done = 1;
		}
	}
	if (!done)
		lua_pushstring(L, message);
	for (size_t i = 0; i < sizeof lua_names / sizeof lua_names[0]; i++) {
		if (strstr(lua_tostring(L, -1), lua_names[i][0])) {
			luaL_gsub(L, lua_tostring(L, -1), lua_names[i][0], lua_names[i][1]);
			lua_remove(L, -2);
		}
	}
}

/* "where: message", and the traceback after it for an error no pcall caught. */
static int error_tostring(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	if (lua_getfield(L, 1, "where") == LUA_TSTRING && lua_rawlen(L, -1) > 0)
		lua_pushliteral(L, ": ");
	else
		lua_settop(L, 1);
	if (lua_getfield(L, 1, "message") != LUA_TSTRING) {
		lua_pop(L, 1);
		if (lua_getfield(L, 1, "name") != LUA_TSTRING) {
			lua_pop(L, 1);
			lua_pushliteral(L, "assoc error");
		}
	}
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_uncaught);
	lua_pushvalue(L, 1);
	int uncaught = lua_rawget(L, -2) != LUA_TNIL;
	lua_pop(L, 2);
	if (uncaught) {
		if (lua_getfield(L, 1, "traceback") == LUA_TSTRING) {
			lua_pushliteral(L, "\n");
			lua_insert(L, -2);
		} else {
			lua_pop(L, 1);
		}
	}
	lua_concat(L, lua_gettop(L) - 1);
	return 1;
}

void assoc_lua_push_error(lua_State *L, int code, const char *message)
{
	lua_Debug ar;
	int user = 0, caught = 0; /* the user's frame; 1 pcall, 2 xpcall */
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (!user && ar.currentline > 0 && !is_layer_frame(L, &ar))
			user = level;
		if (!caught && *ar.what == 'C')
			caught = frame_is(L, &ar, &key_pcall) ? 1 : frame_is(L, &ar, &key_xpcall) ? 2 : 0;
		if (user && caught)
			break;
	}
	if (!caught) { /* in a coroutine, resume catches it */
		caught = !lua_pushthread(L);
		lua_pop(L, 1);
	}

	lua_createtable(L, 0, 6);
	lua_pushinteger(L, code);
	lua_setfield(L, -2, "code");
	lua_pushstring(L, assoc_error_name(code));
	lua_setfield(L, -2, "name");
	push_message(L, message && *message ? message : assoc_error_name(code), user - 1);
	lua_setfield(L, -2, "message");
	if (user && lua_getstack(L, user, &ar) && lua_getinfo(L, "Sl", &ar))
		lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
	else
		lua_pushliteral(L, "");
	lua_setfield(L, -2, "where");
	if (caught != 1) {
		luaL_traceback(L, L, NULL, user ? user : 1);
		lua_setfield(L, -2, "traceback");
	}
	luaL_setmetatable(L, ASSOC_LUA_ERROR_MT);
	if (!caught) {
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_uncaught);
		lua_pushvalue(L, -2);
		lua_pushboolean(L, 1);
		lua_rawset(L, -3);
		lua_pop(L, 1);
	}
}

/* Error.new(code, message): an assoc.Error made by the Lua layer or a user (assoc.error). */
static int error_new(lua_State *L)
{
	int code = (int)luaL_checkinteger(L, 1);
	const char *message = luaL_optstring(L, 2, NULL);
	assoc_lua_push_error(L, code, message);
	return 1;
}

/* Error.mark_layer(): the caller's directory holds the layer's files (errors.lua calls it). */
static int error_mark_layer(lua_State *L)
{
	lua_Debug ar;
	if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "S", &ar) || ar.source[0] != '@')
		return 0;
	const char *slash = strrchr(ar.source, '/');
	if (!slash)
		return 0;
	lua_pushlstring(L, ar.source, (size_t)(slash - ar.source) + 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_layer_prefix);
	return 0;
}

void assoc_lua_init_errors(lua_State *L)
{
	if (luaL_newmetatable(L, ASSOC_LUA_ERROR_MT)) {
		lua_pushcfunction(L, error_tostring);
		lua_setfield(L, -2, "__tostring");
		lua_pushcfunction(L, error_new);
		lua_setfield(L, -2, "new");
		lua_pushcfunction(L, error_mark_layer);
		lua_setfield(L, -2, "mark_layer");
	}
	lua_pop(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	lua_getfield(L, -1, "pcall");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_pcall);
	lua_getfield(L, -1, "xpcall");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_xpcall);
	lua_pop(L, 1);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_uncaught);
}
