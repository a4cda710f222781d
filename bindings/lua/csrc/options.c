/*
 * options.c - Lua tables to the core's option structs.
 *
 * Fields are named as in the C structs; flags are booleans; enums are names
 * ("cascade", "set", "selectin", ...). String keys must be known (a typo is
 * an ASSOC_EINVAL naming it, not a silent default); other keys are left to
 * the Lua layer (it puts a column's name and type at [1] and [2]).
 *
 * Each struct is described once, as a list of its fields: the list both
 * names the known keys and says how each is read.
 */
#include <limits.h>
#include <stddef.h>
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
	{ "default", ASSOC_LAZY_DEFAULT }, { "select", ASSOC_LAZY_SELECT }, { "selectin", ASSOC_LAZY_SELECTIN }, { "joined", ASSOC_LAZY_JOINED },
	{ "noload", ASSOC_LAZY_NOLOAD }, { "raise", ASSOC_LAZY_RAISE },       { NULL, 0 },
};

/* What a field holds, and so how its Lua value is read. */
enum field_type {
	FLAG,           /* int, from a boolean */
	INTEGER,        /* int, from a Lua integer */
	STRING,         /* const char *, kept alive by the options table (on the stack for the call) */
	FK_ACTION,      /* assoc_fk_action, by name */
	COLLECTION,     /* assoc_collection_kind, by name */
	LAZY,           /* assoc_lazy, by name */
	CREATOR,        /* callback handles made by assoc.core.callback */
	GETSET_FACTORY,
	BULK_SET,
	BY_CALLER,      /* a known key the caller reads itself */
};

struct field {
	const char *name;
	enum field_type type;
	size_t offset;
};

#define FIELD(STRUCT, NAME, TYPE) { #NAME, TYPE, offsetof(STRUCT, NAME) }
#define END { NULL, BY_CALLER, 0 }

#define COLUMN(NAME, TYPE) FIELD(assoc_column_options, NAME, TYPE)
static const struct field column_fields[] = {
	COLUMN(primary_key, FLAG),   COLUMN(nullable, FLAG),       COLUMN(autoincrement, FLAG),
	COLUMN(unique, FLAG),        COLUMN(index, FLAG),          COLUMN(foreign_key, STRING),
	COLUMN(on_delete, FK_ACTION), COLUMN(on_update, FK_ACTION), { "default", BY_CALLER, 0 },
	END,
};

#define FK(NAME, TYPE) FIELD(assoc_fk_options, NAME, TYPE)
static const struct field fk_fields[] = {
	FK(on_delete, FK_ACTION), FK(on_update, FK_ACTION), FK(name, STRING), END,
};

#define RELATIONSHIP(NAME, TYPE) FIELD(assoc_relationship_options, NAME, TYPE)
static const struct field relationship_fields[] = {
	RELATIONSHIP(target, STRING),          RELATIONSHIP(secondary, STRING),
	RELATIONSHIP(foreign_keys, STRING),    RELATIONSHIP(uselist, FLAG),
	RELATIONSHIP(collection, COLLECTION),  RELATIONSHIP(dict_key, STRING),
	RELATIONSHIP(order_by, STRING),        RELATIONSHIP(cascade, STRING),
	RELATIONSHIP(back_populates, STRING),  RELATIONSHIP(backref, STRING),
	{ "backref_options", BY_CALLER, 0 },   RELATIONSHIP(passive_updates, FLAG),
	RELATIONSHIP(passive_deletes, FLAG),   RELATIONSHIP(lazy, LAZY),
	RELATIONSHIP(secondary_owner_keys, STRING), RELATIONSHIP(secondary_target_keys, STRING),
	RELATIONSHIP(post_update, FLAG),
	END,
};

#define SESSION(NAME, TYPE) FIELD(assoc_session_options, NAME, TYPE)
static const struct field session_fields[] = {
	SESSION(autoflush, FLAG), SESSION(expire_on_commit, FLAG), END,
};

#define PROXY(NAME, TYPE) FIELD(assoc_proxy_options, NAME, TYPE)
static const struct field proxy_fields[] = {
	PROXY(target_collection, STRING),      PROXY(attr, STRING),
	PROXY(cascade_scalar_deletes, FLAG),   PROXY(create_on_none_assignment, FLAG),
	PROXY(unique, FLAG),                   PROXY(creator, CREATOR),
	PROXY(getset_factory, GETSET_FACTORY), PROXY(proxy_bulk_set, BULK_SET),
	END,
};

#define MAPPER_COLUMN(NAME, TYPE) FIELD(assoc_mapper_column_options, NAME, TYPE)
static const struct field mapper_column_fields[] = {
	MAPPER_COLUMN(deferred, FLAG), MAPPER_COLUMN(group, STRING), END,
};

#define ENGINE(NAME, TYPE) FIELD(assoc_engine_options, NAME, TYPE)
static const struct field engine_fields[] = {
	ENGINE(journal_mode, STRING), ENGINE(busy_timeout_ms, INTEGER),
	ENGINE(pool_size, INTEGER),   ENGINE(connect_timeout_s, INTEGER),
	END,
};

/* Every string key of the table at t must name one of fields. */
static void check_fields(lua_State *L, int t, const char *what, const struct field *fields)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		const char *k = lua_tostring(L, -1);
		const struct field *f = fields;
		while (f->name && strcmp(f->name, k) != 0)
			f++;
		if (!f->name)
			assoc_lua_raisef(L, ASSOC_EINVAL, "unknown %s option '%s'", what, k);
	}
}

/* The value on top (the field's) must be of Lua type type. */
static void expect(lua_State *L, int type, const char *what, const char *name, const char *expected)
{
	if (lua_type(L, -1) != type)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' must be %s, not %s", what, name, expected,
		                 luaL_typename(L, -1));
}

/* The value of the enum the name on top stands for. */
static int enum_value(lua_State *L, const char *what, const char *name, const struct enum_name *names)
{
	expect(L, LUA_TSTRING, what, name, "a string");
	const char *s = lua_tostring(L, -1);
	const struct enum_name *e = names;
	while (e->name && strcasecmp(e->name, s) != 0)
		e++;
	if (!e->name)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s': unknown value '%s'", what, name, s);
	return e->value;
}

/* Store the value on top (not nil) in field f of the struct at o. */
static void read_field(lua_State *L, const char *what, const struct field *f, char *o)
{
	void *dst = o + f->offset;
	switch (f->type) {
	case FLAG:
		expect(L, LUA_TBOOLEAN, what, f->name, "a boolean");
		*(int *)dst = lua_toboolean(L, -1);
		break;
	case INTEGER: {
		/* the range is the core's to check (it names the field); only an int's must hold here */
		int isint = 0;
		lua_Integer i = lua_tointegerx(L, -1, &isint);
		if (!isint || lua_type(L, -1) != LUA_TNUMBER)
			assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' must be an integer, not %s", what, f->name,
			                 lua_type(L, -1) == LUA_TNUMBER ? "a fraction" : luaL_typename(L, -1));
		if (i < INT_MIN || i > INT_MAX)
			assoc_lua_raisef(L, ASSOC_EINVAL, "%s option '%s' is out of range", what, f->name);
		*(int *)dst = (int)i;
		break;
	}
	case STRING:
		expect(L, LUA_TSTRING, what, f->name, "a string");
		*(const char **)dst = lua_tostring(L, -1);
		break;
	case FK_ACTION: *(assoc_fk_action *)dst = (assoc_fk_action)enum_value(L, what, f->name, fk_actions); break;
	case COLLECTION:
		*(assoc_collection_kind *)dst = (assoc_collection_kind)enum_value(L, what, f->name, collections);
		break;
	case LAZY: *(assoc_lazy *)dst = (assoc_lazy)enum_value(L, what, f->name, lazies); break;
	case CREATOR:
		*(assoc_creator_fn *)dst = (assoc_creator_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_CREATOR);
		break;
	case GETSET_FACTORY:
		*(assoc_getset_factory_fn *)dst =
			(assoc_getset_factory_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_GETSET_FACTORY);
		break;
	case BULK_SET:
		*(assoc_proxy_bulk_set_fn *)dst =
			(assoc_proxy_bulk_set_fn)assoc_lua_check_callback(L, -1, ASSOC_CALLBACK_BULK_SET);
		break;
	case BY_CALLER: break;
	}
}

/*
 * Read the options table at idx into the struct at o (initialized by the
 * caller). Returns the table's absolute index, or 0 when idx holds nil.
 */
static int read_options(lua_State *L, int idx, const char *what, const struct field *fields, void *o)
{
	idx = lua_absindex(L, idx);
	if (lua_isnoneornil(L, idx))
		return 0;
	if (lua_type(L, idx) != LUA_TTABLE)
		assoc_lua_raisef(L, ASSOC_EINVAL, "%s options must be a table, not %s", what, luaL_typename(L, idx));
	check_fields(L, idx, what, fields);
	for (const struct field *f = fields; f->name; f++) {
		if (lua_getfield(L, idx, f->name) != LUA_TNIL)
			read_field(L, what, f, o);
		lua_pop(L, 1);
	}
	return idx;
}

const assoc_column_options *assoc_lua_column_options(lua_State *L, int idx, assoc_column_options *o)
{
	assoc_column_options_init(o, ASSOC_COLUMN_OPTIONS_VERSION);
	int t = read_options(L, idx, "column", column_fields, o);
	if (!t)
		return NULL;
	if (lua_getfield(L, t, "default") != LUA_TNIL) {
		o->has_default = 1;
		o->default_value = assoc_lua_to_value(L, -1); /* copied by the core; the table keeps it meanwhile */
	}
	lua_pop(L, 1);
	return o;
}

const assoc_fk_options *assoc_lua_fk_options(lua_State *L, int idx, assoc_fk_options *o)
{
	assoc_fk_options_init(o, ASSOC_FK_OPTIONS_VERSION);
	return read_options(L, idx, "foreign key", fk_fields, o) ? o : NULL;
}

const assoc_relationship_options *assoc_lua_relationship_options(lua_State *L, int idx,
                                                                 assoc_relationship_options *o,
                                                                 assoc_relationship_options *backref)
{
	assoc_relationship_options_init(o, ASSOC_RELATIONSHIP_OPTIONS_VERSION);
	int t = read_options(L, idx, "relationship", relationship_fields, o);
	if (!t)
		return NULL;
	int type = lua_getfield(L, t, "backref_options");
	if (type == LUA_TTABLE) {
		/* the nested table stays reachable through t; its own backref_options are not read */
		assoc_relationship_options_init(backref, ASSOC_RELATIONSHIP_OPTIONS_VERSION);
		read_options(L, -1, "relationship", relationship_fields, backref);
		if (backref->backref)
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
	assoc_session_options_init(o, ASSOC_SESSION_OPTIONS_VERSION);
	return read_options(L, idx, "session", session_fields, o) ? o : NULL;
}

const assoc_proxy_options *assoc_lua_proxy_options(lua_State *L, int idx, assoc_proxy_options *o)
{
	/* version 2: a scalar proxy with no intermediary calls the getter with nil (proxy.h) */
	assoc_proxy_options_init(o, ASSOC_PROXY_OPTIONS_VERSION);
	return read_options(L, idx, "proxy", proxy_fields, o) ? o : NULL;
}

const assoc_mapper_column_options *assoc_lua_mapper_column_options(lua_State *L, int idx,
                                                                   assoc_mapper_column_options *o)
{
	assoc_mapper_column_options_init(o, ASSOC_MAPPER_COLUMN_OPTIONS_VERSION);
	return read_options(L, idx, "mapper column", mapper_column_fields, o) ? o : NULL;
}

const assoc_engine_options *assoc_lua_engine_options(lua_State *L, int idx, assoc_engine_options *o)
{
	assoc_engine_options_init(o, ASSOC_ENGINE_OPTIONS_VERSION);
	return read_options(L, idx, "engine", engine_fields, o) ? o : NULL;
}
