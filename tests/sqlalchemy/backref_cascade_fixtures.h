/*
 * backref_cascade_fixtures.h - the tables of SQLAlchemy's test/orm/_fixtures.py
 * (FixtureTest), for the ports of test/orm: each test maps them its own way,
 * as the SQLAlchemy test's setup_mappers does.
 */
#ifndef ASSOC_SQLA_BACKREF_CASCADE_FIXTURES_H
#define ASSOC_SQLA_BACKREF_CASCADE_FIXTURES_H

#include <string.h>

#include "fixtures.h"

#ifdef __GNUC__
#define SQ_UNUSED __attribute__((unused))
#else
#define SQ_UNUSED
#endif

/* users(id, name) */
static SQ_UNUSED void sq_users(assoc_registry *reg)
{
	fx_col(fx_table_id(reg, "users"), "name", ASSOC_TYPE_TEXT);
}

/* addresses(id, user_id -> users.id, email_address) */
static SQ_UNUSED void sq_addresses(assoc_registry *reg)
{
	assoc_table *t = fx_table_id(reg, "addresses");
	fx_fk(t, "user_id", "users.id");
	fx_col(t, "email_address", ASSOC_TYPE_TEXT);
}

/* orders(id, user_id -> users.id, address_id -> addresses.id, description, isopen) */
static SQ_UNUSED void sq_orders(assoc_registry *reg)
{
	assoc_table *t = fx_table_id(reg, "orders");
	fx_fk(t, "user_id", "users.id");
	fx_fk(t, "address_id", "addresses.id");
	fx_col(t, "description", ASSOC_TYPE_TEXT);
	fx_col(t, "isopen", ASSOC_TYPE_INTEGER);
}

/* items(id, description), keywords(id, name), item_keywords(item_id, keyword_id) */
static SQ_UNUSED void sq_items_keywords(assoc_registry *reg)
{
	fx_col(fx_table_id(reg, "items"), "description", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(reg, "keywords"), "name", ASSOC_TYPE_TEXT);
	assoc_table *t = fx_table(reg, "item_keywords");
	fx_fk(t, "item_id", "items.id");
	fx_fk(t, "keyword_id", "keywords.id");
}

static SQ_UNUSED assoc_relationship_options sq_opts(const char *target)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	return r;
}

#define sq_rel(m, name, opts) CHECK_OK(assoc_mapper_add_relationship((m), (name), (opts)))

/* A new registry in f (zeroed first). */
static SQ_UNUSED void sq_begin(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
}

/* A session on f's engine and registry with the given autoflush. */
static SQ_UNUSED void sq_session_autoflush(fx *f, int autoflush)
{
	assoc_session_free(f->s);
	assoc_session_options o = ASSOC_SESSION_OPTIONS_INIT;
	o.autoflush = autoflush;
	f->s = NULL;
	CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, &o));
}

/* Statements run since sq_count_sql (assert_sql_count). */
static int sq_nstmt;
static SQ_UNUSED void sq_trace(void *ud, const char *sql, size_t n)
{
	(void)ud, (void)sql, (void)n;
	sq_nstmt++;
}
static SQ_UNUSED void sq_count_sql(assoc_engine *eng)
{
	sq_nstmt = 0;
	CHECK_OK(assoc_engine_set_trace(eng, sq_trace, NULL));
}

#define sq_in(f, o) assoc_session_contains((f)->s, (o))
#define sq_obj(x) assoc_value_object(x)

/* The named collection's members, compared in order to the n objects given. */
static SQ_UNUSED int sq_members_are(assoc_collection *c, assoc_object *const *want, size_t n)
{
	if (fx_len(c) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (fx_at(c, i) != want[i])
			return 0;
	return 1;
}
#define SQ_MEMBERS(c, ...)                                                          \
	CHECK(sq_members_are((c), (assoc_object *const[]){ __VA_ARGS__ },              \
	                     sizeof((assoc_object *const[]){ __VA_ARGS__ }) / sizeof(assoc_object *)))

#endif
