/*
 * cascade.h - what the parts of test_cascade.c share.
 */
#ifndef ASSOC_SQLA_CASCADE_H
#define ASSOC_SQLA_CASCADE_H

#include "../backref_cascade_fixtures.h"

extern const check_part cascade_o2m_part, cascade_nosave_part, cascade_m2o_part, cascade_m2m_part,
	cascade_orphan_part, cascade_skipped_part;

/* An id table with a TEXT column, NOT NULL when notnull. */
static SQ_UNUSED assoc_table *cx_table(assoc_registry *reg, const char *name, const char *col, int notnull)
{
	assoc_table *t = fx_table_id(reg, name);
	if (col) {
		assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
		o.nullable = !notnull;
		CHECK_OK(assoc_table_add_column(t, col, ASSOC_TYPE_TEXT, &o));
	}
	return t;
}

/* An INTEGER foreign key column, NOT NULL when notnull. */
static SQ_UNUSED void cx_fk(assoc_table *t, const char *name, const char *ref, int notnull)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = ref;
	o.nullable = !notnull;
	CHECK_OK(assoc_table_add_column(t, name, ASSOC_TYPE_INTEGER, &o));
}

/* A relationship with cascade and backref (either may be NULL). */
static SQ_UNUSED void cx_rel(assoc_mapper *m, const char *name, const char *target, const char *cascade,
                             const char *backref)
{
	assoc_relationship_options r = sq_opts(target);
	r.cascade = cascade;
	r.backref = backref;
	sq_rel(m, name, &r);
}

static SQ_UNUSED assoc_object *cx_new(fx *f, const char *mapper, const char *col, const char *text)
{
	assoc_object *o = fx_new(f, mapper);
	if (col)
		fx_set_text(o, col, text);
	return o;
}

#define cx_add(f, o) CHECK_OK(assoc_session_add((f)->s, (o)))
#define cx_flush(f) CHECK_OK(assoc_session_flush((f)->s))
#define cx_commit(f) CHECK_OK(assoc_session_commit((f)->s))
#define cx_delete(f, o) CHECK_OK(assoc_session_delete((f)->s, (o)))
#define cx_expunge(f, o) CHECK_OK(assoc_session_expunge((f)->s, (o)))
#define cx_state(o) assoc_object_state_of(o)

#endif
