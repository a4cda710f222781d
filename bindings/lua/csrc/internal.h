/*
 * internal.h - what the runtime's files share and the SWIG wrapper does not need.
 */
#ifndef ASSOC_LUA_INTERNAL_H
#define ASSOC_LUA_INTERNAL_H

#include "assoc_lua.h"

#define ASSOC_LUA_ERROR_MT "assoc.Error"
#define ASSOC_LUA_OBJECT_MT "assoc.Object"     /* objects of a mapper with no metatable of its own */
#define ASSOC_LUA_LIST_MT "assoc.List"
#define ASSOC_LUA_SET_MT "assoc.Set"
#define ASSOC_LUA_DICT_MT "assoc.Dict"
#define ASSOC_LUA_CALLBACK_MT "assoc.Callback"
#define ASSOC_LUA_BLOB_MT "assoc.Blob"

/* Registry keys (their addresses): */
extern char assoc_lua_key_pending;     /* the error value a callback raised */
extern char assoc_lua_key_call_anchors; /* values kept until the next outermost call */
extern char assoc_lua_key_objects;     /* weak: object pointer -> its userdata */
extern char assoc_lua_key_collections; /* weak: collection pointer -> its userdata */
extern char assoc_lua_key_sessions;    /* weak: session pointer -> its handle */
extern char assoc_lua_key_object_mts;  /* weak: mapper pointer -> its objects' metatable */
extern char assoc_lua_key_callbacks;   /* weak: a callback's host_ref -> its userdata */
extern char assoc_lua_key_tag;         /* a field every metatable of the binding has */

/* Push cache[ptr] of the weak cache at key cache and return its type (LUA_TNIL when absent). */
int assoc_lua_cache_get(lua_State *L, const void *cache, const void *ptr);
/* cache[ptr] = the value on top, which stays there. */
void assoc_lua_cache_set(lua_State *L, const void *cache, const void *ptr);
/* Push a new Lua array of the n values. */
void assoc_lua_push_values(lua_State *L, const assoc_value *values, size_t n);
void assoc_lua_keep_for_call(lua_State *L, int idx);
void assoc_lua_new_metatable(lua_State *L, const char *name, lua_CFunction gc);
int assoc_lua_has_metatable(lua_State *L, int idx);

void assoc_lua_init_errors(lua_State *L);
void assoc_lua_init_handles(lua_State *L);
void assoc_lua_init_objects(lua_State *L);
void assoc_lua_init_callbacks(lua_State *L);

/* A userdata that owns one core handle. */
struct assoc_lua_handle {
	void *ptr; /* NULL once freed or given to the core */
};

#endif
