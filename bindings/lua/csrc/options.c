/*
 * options.c - Lua tables to the core's option structs.
 *
 * Fields are named as in the C structs; flags are booleans; enums are names
 * ("cascade", "set", "selectin", ...). String keys must be known (a typo is
 * an ASSOC_EINVAL naming it, not a silent default); other keys are left to
 * the Lua layer (it puts a column's name and type at [1] and [2]).
 */
#include <string.h>
#include <strings.h>

#include "internal.h"

struct enum_name {
	const char *name;
	int value;
};

static const struct enum_name fk_actions[] = {
	{ "no action", ASSOC_FK_NO_ACTION }, { "cascade", ASSOC_FK_CASCADE },
	{ "set null", ASSOC_FK_SET_NULL },   { "set default", ASSOC_FK_SET_DEFAULT },
	{ "restrict", ASSOC_FK_RESTRICT },   { NULL, 0 },
};

static const struct enum_name collections[] = {
	{ "list", ASSOC_COLLECTION_LIST }, { "set", ASSOC_COLLECTION_SET },
	{ "dict", ASSOC_COLLECTION_DICT }, { NULL, 0 },
};

static const struct enum_name lazies[] = {
	{ "select", ASSOC_LAZY_SELECT }, { "selectin", ASSOC_LAZY_SELECTIN }, { "joined", ASSOC_LAZY_JOINED },
	{ "noload", ASSOC_LAZY_NOLOAD }, { "raise", ASSOC_LAZY_RAISE },       { NULL, 0 },
};

/* Every string key of the table at t must be one of names (a NULL-terminated list). */
static void check_fields(lua_State *L, int t, const char *what, const char *const *names)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		const char *k = lua_tostring(L, -1);
		int known = 0;
		for (const char *const *n = names; *n && !known; n++)
			known = strcmp(*n, k) == 0;
		if (!known)
			assoc_lua_raisef(L, ASSOC_EINVAL, "unknown %s option '%s'", what, k);
	}
}

/* The field's type, leaving its value on the stack. */
static int field(lua_State *L, int t, const char *name)
{
	return lua_getfield(L, t, name);
}

static void opt_flag(lua_State *L, int t, const char *what, const char *name, int *dst)
{
	int type = field(L, t, name);
	if (type == LUA_TBOOLEAN)
		*dst = lua_toboolean(L, -1);
	else if (type != LUA_TNIL)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' must be a boolean, not %s", what, name,
		                 luaL_typename(L, -1));
	lua_pop(L, 1);
}

/* The string stays reachable through the options table, which the caller keeps on the stack. */
static void opt_string(lua_State *L, int t, const char *what, const char *name, const char **dst)
{
	int type = field(L, t, name);
	if (type == LUA_TSTRING)
		*dst = lua_tostring(L, -1);
	else if (type != LUA_TNIL)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' must be a string, not %s", what, name,
		                 luaL_typename(L, -1));
	lua_pop(L, 1);
}

static void opt_enum(lua_State *L, int t, const char *what, const char *name, const struct enum_name *names,
                     int *dst)
{
	int type = field(L, t, name);
	if (type == LUA_TSTRING) {
		const char *s = lua_tostring(L, -1);
		const struct enum_name *e = names;
		while (e->name && strcasecmp(e->name, s) != 0)
			e++;
		if (!e->name)
			assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s': unknown value '%s'", what, name, s);
		*dst = e->value;
	} else if (type != LUA_TNIL) {
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' must be a string, not %s", what, name,
		                 luaL_typename(L, -1));
	}
	lua_pop(L, 1);
}

/* on_delete and on_update, as columns and foreign keys both take them. */
static void opt_fk_actions(lua_State *L, int t, const char *what, assoc_fk_action *on_delete,
                           assoc_fk_action *on_update)
{
	int action = (int)*on_delete;
	opt_enum(L, t, what, "on_delete", fk_actions, &action);
	*on_delete = (assoc_fk_action)action;
	action = (int)*on_update;
	opt_enum(L, t, what, "on_update", fk_actions, &action);
	*on_update = (assoc_fk_action)action;
}

static int table_at(lua_State *L, int idx, const char *what)
{
	idx = lua_absindex(L, idx);
	if (lua_isnoneornil(L, idx))
		return 0;
	if (lua_type(L, idx) != LUA_TTABLE)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s options must be a table, not %s", what, luaL_typename(L, idx));
	return idx;
}

const assoc_column_options *assoc_lua_column_options(lua_State *L, int idx, assoc_column_options *o)
{
	static const char *const names[] = { "primary_key", "nullable", "autoincrement", "unique", "index",
		                                 "foreign_key", "on_delete", "on_update", "default", NULL };
	const char *what = "column";
	int t = table_at(L, idx, what);
	if (!t)
		return NULL;
	check_fields(L, t, what, names);
	assoc_column_options_init(o, ASSOC_COLUMN_OPTIONS_VERSION);
	opt_flag(L, t, what, "primary_key", &o->primary_key);
	opt_flag(L, t, what, "nullable", &o->nullable);
	opt_flag(L, t, what, "autoincrement", &o->autoincrement);
	opt_flag(L, t, what, "unique", &o->unique);
	opt_flag(L, t, what, "index", &o->index);
	opt_string(L, t, what, "foreign_key", &o->foreign_key);
	opt_fk_actions(L, t, what, &o->on_delete, &o->on_update);
	if (field(L, t, "default") != LUA_TNIL) {
		o->has_default = 1;
		o->default_value = assoc_lua_to_value(L, -1); /* copied by the core; the table keeps it meanwhile */
	}
	lua_pop(L, 1);
	return o;
}

const assoc_fk_options *assoc_lua_fk_options(lua_State *L, int idx, assoc_fk_options *o)
{
	static const char *const names[] = { "on_delete", "on_update", "name", NULL };
	const char *what = "foreign key";
	int t = table_at(L, idx, what);
	if (!t)
		return NULL;
	check_fields(L, t, what, names);
	assoc_fk_options_init(o, ASSOC_FK_OPTIONS_VERSION);
	opt_fk_actions(L, t, what, &o->on_delete, &o->on_update);
	opt_string(L, t, what, "name", &o->name);
	return o;
}

static void relationship_fields(lua_State *L, int t, assoc_relationship_options *o)
{
	static const char *const names[] = { "target", "secondary", "foreign_keys", "uselist", "collection",
		                                 "dict_key", "order_by", "cascade", "back_populates", "backref",
		                                 "backref_options", "passive_updates", "passive_deletes", "lazy", NULL };
	const char *what = "relationship";
	check_fields(L, t, what, names);
	assoc_relationship_options_init(o, ASSOC_RELATIONSHIP_OPTIONS_VERSION);
	opt_string(L, t, what, "target", &o->target);
	opt_string(L, t, what, "secondary", &o->secondary);
	opt_string(L, t, what, "foreign_keys", &o->foreign_keys);
	opt_flag(L, t, what, "uselist", &o->uselist);
	int e = (int)o->collection;
	opt_enum(L, t, what, "collection", collections, &e);
	o->collection = (assoc_collection_kind)e;
	opt_string(L, t, what, "dict_key", &o->dict_key);
	opt_string(L, t, what, "order_by", &o->order_by);
	opt_string(L, t, what, "cascade", &o->cascade);
	opt_string(L, t, what, "back_populates", &o->back_populates);
	opt_string(L, t, what, "backref", &o->backref);
	opt_flag(L, t, what, "passive_updates", &o->passive_updates);
	opt_flag(L, t, what, "passive_deletes", &o->passive_deletes);
	e = (int)o->lazy;
	opt_enum(L, t, what, "lazy", lazies, &e);
	o->lazy = (assoc_lazy)e;
}

const assoc_relationship_options *assoc_lua_relationship_options(lua_State *L, int idx,
                                                                 assoc_relationship_options *o,
                                                                 assoc_relationship_options *backref)
{
	int t = table_at(L, idx, "relationship");
	if (!t)
		return NULL;
	relationship_fields(L, t, o);
	int type = field(L, t, "backref_options");
	if (type == LUA_TTABLE) {
		/* the nested table stays reachable through t */
		relationship_fields(L, lua_gettop(L), backref);
		if (backref->backref_options || backref->backref)
			assoc_lua_raisef(L, ASSOC_EINVAL, "backref_options cannot have a backref of their own");
		o->backref_options = backref;
	} else if (type != LUA_TNIL) {
		assoc_lua_raisef(L, ASSOC_EINVAL, "relationship option 'backref_options' must be a table, not %s",
		                 luaL_typename(L, -1));
	}
	lua_pop(L, 1);
	return o;
}

const assoc_session_options *assoc_lua_session_options(lua_State *L, int idx, assoc_session_options *o)
{
	static const char *const names[] = { "autoflush", "expire_on_commit", NULL };
	const char *what = "session";
	int t = table_at(L, idx, what);
	if (!t)
		return NULL;
	check_fields(L, t, what, names);
	assoc_session_options_init(o, ASSOC_SESSION_OPTIONS_VERSION);
	opt_flag(L, t, what, "autoflush", &o->autoflush);
	opt_flag(L, t, what, "expire_on_commit", &o->expire_on_commit);
	return o;
}

/* creator, getset_factory and proxy_bulk_set are callback handles (assoc.core.callback). */
const assoc_proxy_options *assoc_lua_proxy_options(lua_State *L, int idx, assoc_proxy_options *o)
{
	static const char *const names[] = { "target_collection", "attr", "creator", "getset_factory",
		                                 "proxy_bulk_set", "cascade_scalar_deletes",
		                                 "create_on_none_assignment", "unique", NULL };
	const char *what = "proxy";
	int t = table_at(L, idx, what);
	if (!t)
		return NULL;
	check_fields(L, t, what, names);
	assoc_proxy_options_init(o, ASSOC_PROXY_OPTIONS_VERSION);
	opt_string(L, t, what, "target_collection", &o->target_collection);
	opt_string(L, t, what, "attr", &o->attr);
	opt_flag(L, t, what, "cascade_scalar_deletes", &o->cascade_scalar_deletes);
	opt_flag(L, t, what, "create_on_none_assignment", &o->create_on_none_assignment);
	opt_flag(L, t, what, "unique", &o->unique);
	if (field(L, t, "creator") != LUA_TNIL)
		o->creator = (assoc_creator_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_CREATOR);
	lua_pop(L, 1);
	if (field(L, t, "getset_factory") != LUA_TNIL)
		o->getset_factory =
			(assoc_getset_factory_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_GETSET_FACTORY);
	lua_pop(L, 1);
	if (field(L, t, "proxy_bulk_set") != LUA_TNIL)
		o->proxy_bulk_set = (assoc_proxy_bulk_set_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_BULK_SET);
	lua_pop(L, 1);
	return o;
}
