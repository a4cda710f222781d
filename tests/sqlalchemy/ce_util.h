/*
 * ce_util.h - small helpers for the ports of test_naturalpks, test_expire and
 * test_collection: counting statements as SQLAlchemy's assert_sql_count
 * does, text primary keys, and queries.
 */
#ifndef ASSOC_SQLA_CE_UTIL_H
#define ASSOC_SQLA_CE_UTIL_H

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fixtures.h"

/*
 * Counts the SELECT/INSERT/UPDATE/DELETE statements the library runs
 * (SAVEPOINTs and PRAGMAs are not SQL SQLAlchemy would count). The same
 * statement run again at once counts once: SQLAlchemy sends such a run as
 * one executemany ("two updates bundled").
 */
typedef struct ce_counter {
	int n;
	char last[512];
} ce_counter;

static inline void ce_trace(void *ud, const char *sql, size_t nparams)
{
	ce_counter *c = ud;
	(void)nparams;
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	if (strncasecmp(sql, "SELECT", 6) && strncasecmp(sql, "INSERT", 6) && strncasecmp(sql, "UPDATE", 6) &&
	    strncasecmp(sql, "DELETE", 6) && strncasecmp(sql, "WITH", 4)) {
		c->last[0] = '\0';
		return;
	}
	if (strncmp(c->last, sql, sizeof c->last - 1) == 0 && (sql[0] == 'U' || sql[0] == 'I' || sql[0] == 'D' ||
	                                                       sql[0] == 'u' || sql[0] == 'i' || sql[0] == 'd'))
		return;
	snprintf(c->last, sizeof c->last, "%s", sql);
	c->n++;
}

static inline void ce_count_start(ce_counter *c, assoc_engine *eng)
{
	memset(c, 0, sizeof *c);
	CHECK_OK(assoc_engine_set_trace(eng, ce_trace, c));
}

static inline int ce_count_stop(ce_counter *c, assoc_engine *eng)
{
	CHECK_OK(assoc_engine_set_trace(eng, NULL, NULL));
	return c->n;
}

/* A TEXT column; pk makes it (part of) the primary key; fk ("table.col") may be NULL. */
static inline void ce_text_col(assoc_table *t, const char *name, int pk, const char *fk, int cascade)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = pk;
	o.foreign_key = fk;
	if (cascade)
		o.on_update = ASSOC_FK_CASCADE;
	CHECK_OK(assoc_table_add_column(t, name, fk ? ASSOC_TYPE_INFER : ASSOC_TYPE_TEXT, &o));
}

/*
 * sess.expunge_all(): the tests go on in a fresh identity map. A session here
 * cannot drop its objects and keep its transaction, so this commits and
 * starts a new session on the same engine.
 */
static inline void ce_expunge_all(fx *f)
{
	CHECK_OK(assoc_session_commit(f->s));
	fx_new_session(f);
}

/* session.get by one TEXT key. */
static inline assoc_object *ce_get_text(fx *f, const char *mapper, const char *key)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_text(key);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	return o;
}

static inline assoc_object *ce_get_int(fx *f, const char *mapper, int64_t key)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(key);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	return o;
}

/* query(mapper).order_by(order_by).all(); order_by may be NULL. */
static inline assoc_result *ce_all(fx *f, const char *mapper, const char *order_by)
{
	assoc_query *q = NULL;
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	if (order_by)
		CHECK_OK(assoc_query_order_by(q, order_by, 0));
	CHECK_OK(assoc_query_all(&r, q));
	assoc_query_free(q);
	return r;
}

/* 1 when the TEXT attribute reads as s (s NULL: reads as NULL). */
static inline int ce_text_is(assoc_object *o, const char *attr, const char *s)
{
	const char *v = fx_get_text(o, attr);
	return s ? v && strcmp(v, s) == 0 : v == NULL;
}

#endif
