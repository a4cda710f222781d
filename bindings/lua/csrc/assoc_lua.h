/*
 * assoc_lua.h - the C runtime of the Lua binding's low-level module
 * (assoc.core): what the SWIG typemaps in swig/lua.i call.
 *
 * Every handle the binding hands to Lua is a full userdata:
 *   - owned handles (engine, registry, session, query, expr, callback) hold
 *     the caller's reference and release it in __gc, in any order (the core
 *     reference-counts engines and registries; sessions hold theirs);
 *   - objects pin their assoc_object (assoc_object_ref) and unref it in __gc;
 *     there is one userdata per object while it lives, so rawequal is identity;
 *   - collections point into their owner object and keep its userdata
 *     reachable, which keeps the object pinned and the pointer valid.
 * Each userdata has one user value: what must stay alive as long as it does
 * (an object's session, a collection's owner, a session's model, ...).
 */
#ifndef ASSOC_LUA_H
#define ASSOC_LUA_H

#include <lua.h>
#include <lauxlib.h>

#include "assoc.h"

/* ---- the calling thread ---------------------------------------------------- */

/*
 * Every wrapper records the Lua thread that called it (a coroutine or the main
 * thread), so that a callback the core makes during that call runs on the same
 * thread. enter returns the previous one, for leave to restore (calls nest:
 * a creator calls back into the core).
 */
lua_State *assoc_lua_enter(lua_State *L);
void assoc_lua_leave(lua_State *saved);
lua_State *assoc_lua_current(void);

/* Metatables, weak caches; called once by luaopen (SWIG %init). */
void assoc_lua_init(lua_State *L);

/* ---- errors ------------------------------------------------------------------ */

/*
 * Raise the error of a failed core call (rc < 0): a table { code, name,
 * message, where[, traceback] } with metatable "assoc.Error" (__tostring
 * "file:line: message"; see assoc_lua_push_error).
 * When rc is ASSOC_ECALLBACK and a Lua callback raised during the call, its
 * own error value is raised instead, unchanged.
 */
int assoc_lua_raise(lua_State *L, int rc);

/* Raise an assoc.Error made here (for checks the binding makes itself). */
int assoc_lua_raisef(lua_State *L, int code, const char *fmt, ...);

/*
 * Push a new assoc.Error table: where is the user's call site (the first Lua
 * frame outside the layer's files), the core's "assoc_fn: " prefix becomes
 * the Lua method called, and an error no pcall catches gets a traceback.
 */
void assoc_lua_push_error(lua_State *L, int code, const char *message);

/* The error value a callback raised, kept until the core call returns (and raised by assoc_lua_raise). */
void assoc_lua_set_pending(lua_State *L, int idx);

/* ---- owned handles ------------------------------------------------------------ */

typedef enum assoc_lua_kind {
	ASSOC_LUA_ENGINE = 0,
	ASSOC_LUA_REGISTRY,
	ASSOC_LUA_SESSION,
	ASSOC_LUA_QUERY,
	ASSOC_LUA_EXPR,
	ASSOC_LUA_NKINDS
} assoc_lua_kind;

/* Push a new userdata owning ptr (NULL pushes nil). Sessions are remembered by pointer. */
void assoc_lua_push_handle(lua_State *L, assoc_lua_kind kind, void *ptr);

/* The pointer of the handle at idx; raises unless it is one of that kind and not freed. */
void *assoc_lua_check_handle(lua_State *L, int idx, assoc_lua_kind kind);

/* The same, and the userdata gives up ownership (the core takes it: expressions). */
void *assoc_lua_take_handle(lua_State *L, int idx, assoc_lua_kind kind);

/* Push the session handle of s (nil if Lua never made one or it is gone). */
void assoc_lua_push_session(lua_State *L, assoc_session *s);

/* ---- objects and collections ---------------------------------------------------- */

/* Push the one userdata of obj (nil for NULL), making it (and pinning obj) if need be. */
void assoc_lua_push_object(lua_State *L, assoc_object *obj);

/* The object of the userdata at idx, or NULL when it is not one. */
assoc_object *assoc_lua_to_object(lua_State *L, int idx);

/* The same; raises ASSOC_EINVAL naming what it got instead. */
assoc_object *assoc_lua_check_object(lua_State *L, int idx);

/* Push the one userdata of collection c (nil for NULL). */
void assoc_lua_push_collection(lua_State *L, assoc_collection *c);

/* The collection at idx; raises unless it is one. */
assoc_collection *assoc_lua_check_collection(lua_State *L, int idx);

/* Push the metatable of mapper m's objects (made on first use), for the layer to complete. */
void assoc_lua_push_object_metatable(lua_State *L, assoc_mapper *m);

/* Push a new object of m in the session at ctx, or in the session of the object at ctx. */
int assoc_lua_new_object_in(lua_State *L, int ctx, assoc_mapper *m);

/* ---- values ----------------------------------------------------------------------- */

/* Push v as a Lua value (nil for NULL). */
void assoc_lua_push_value(lua_State *L, const assoc_value *v);

/*
 * The value at idx: nil, boolean (INTEGER 0/1), integer, float (REAL), string
 * (TEXT; assoc.blob strings are BLOB), object. Strings point into the Lua
 * string, which the caller keeps reachable for the call. Raises ASSOC_ETYPE
 * for anything else.
 */
assoc_value assoc_lua_to_value(lua_State *L, int idx);

/*
 * The Lua array at idx (nil: none) as values. Pushes one userdata that owns
 * the buffer and keeps every string of it reachable: leave it on the stack
 * for the call.
 */
assoc_value *assoc_lua_to_values(lua_State *L, int idx, size_t *n);

/* The Lua array of strings at idx, the same way. */
const char **assoc_lua_to_strings(lua_State *L, int idx, size_t *n);

/* A string argument (nil: NULL), an integer argument; ASSOC_EINVAL otherwise. */
const char *assoc_lua_check_string(lua_State *L, int idx);
lua_Integer assoc_lua_check_integer(lua_State *L, int idx);

/* ---- option tables ------------------------------------------------------------------ */

/*
 * Lua tables to the option structs (fields named as in the C structs, booleans
 * as booleans, enums by name); nil gives NULL (the defaults). Unknown fields
 * and wrong types raise ASSOC_EINVAL naming them. Strings stay owned by the
 * table, which stays on the stack for the call.
 */
const assoc_column_options *assoc_lua_column_options(lua_State *L, int idx, assoc_column_options *o);
const assoc_fk_options *assoc_lua_fk_options(lua_State *L, int idx, assoc_fk_options *o);
const assoc_relationship_options *assoc_lua_relationship_options(lua_State *L, int idx,
                                                                 assoc_relationship_options *o,
                                                                 assoc_relationship_options *backref);
const assoc_session_options *assoc_lua_session_options(lua_State *L, int idx, assoc_session_options *o);
const assoc_proxy_options *assoc_lua_proxy_options(lua_State *L, int idx, assoc_proxy_options *o);
const assoc_mapper_column_options *assoc_lua_mapper_column_options(lua_State *L, int idx,
                                                                   assoc_mapper_column_options *o);
const assoc_engine_options *assoc_lua_engine_options(lua_State *L, int idx, assoc_engine_options *o);

/* ---- callbacks ------------------------------------------------------------------------ */

/* The natives of callbacks.c, registered by swig/lua.i. */
int assoc_lua_callback_new(lua_State *L);
/* session_run(session, fn[, opts]): assoc_session_run with a Lua function (transaction.c). */
int assoc_lua_session_run(lua_State *L);
int assoc_lua_engine_set_log(lua_State *L);
int assoc_lua_bench_creator_calls(lua_State *L); /* diagnostics for bench/lua */
int assoc_lua_monotonic(lua_State *L);

/* The function pointer of the callback handle at idx (for the proxy options). */
void *assoc_lua_check_callback(lua_State *L, int idx, assoc_callback_kind kind);

/* ---- natives for the Lua layer (runtime.c, objects.c) --------------------------------------- */

int assoc_lua_anchor(lua_State *L);           /* anchor(h): the user value */
int assoc_lua_set_anchor(lua_State *L);       /* set_anchor(h, v) */
int assoc_lua_metatable(lua_State *L);        /* metatable(name): a metatable the layer completes */
int assoc_lua_is_object(lua_State *L);
int assoc_lua_is_collection(lua_State *L);
int assoc_lua_free_handle(lua_State *L);      /* free(h): release it now */
int assoc_lua_is_freed(lua_State *L);
int assoc_lua_blob(lua_State *L);             /* blob(s): s, to be stored as a BLOB */
int assoc_lua_collection_at(lua_State *L);    /* at(c, i): 1-based, nil outside */
int assoc_lua_collection_lookup(lua_State *L); /* lookup(dict, key): nil when absent */
int assoc_lua_metatable_of(lua_State *L);     /* metatable_of(x): behind __metatable */
int assoc_lua_object_accessors(lua_State *L); /* object_accessors(...): __index, __newindex in C */
int assoc_lua_collection_index(lua_State *L); /* collection_index(methods, kind): an __index in C */
int assoc_lua_collection_len(lua_State *L);   /* len(c): a __len */

#endif
