/*
 * issue11_model.h - issue 11's model (seed 001, "Simplifying Association
 * Objects"): user, keyword, user_keyword, User.keywords proxying
 * user_keyword_associations to UserKeywordAssociation.keyword, with a C
 * creator, and the harness both its benchmarks use: bench_issue11.c (SQLite)
 * and bench_pg.c (PostgreSQL).
 */
#ifndef ASSOC_BENCH_ISSUE11_MODEL_H
#define ASSOC_BENCH_ISSUE11_MODEL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <assoc.h>

#define K 10 /* keywords per user */

static void die(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static void acheck(int rc, const char *call, const char *file, int line)
{
	const char *base = strrchr(file, '/');
	if (rc < 0)
		die("%s:%d: %s failed: %s: %s", base ? base + 1 : file, line, call, assoc_error_name(rc),
		    assoc_error_last()->message);
}
/* An assoc call that must not fail. */
#define ACHECK(call) acheck((call), #call, __FILE__, __LINE__)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct model {
	assoc_registry *reg;
	assoc_mapper *User, *Keyword, *UKA;
	assoc_attr *user_name, *user_keywords, *keyword_keyword, *uka_keyword;
	long creator_calls;
};

/* creator: UserKeywordAssociation(keyword=Keyword(keyword=value)), in the owner's session. */
static int make_association(void *userdata, assoc_object *owner, const assoc_value *key,
                            const assoc_value *value, assoc_object **out)
{
	struct model *m = userdata;
	assoc_object *k, *a;
	int rc;
	(void)key;
	m->creator_calls++;
	if ((rc = assoc_object_new(&k, assoc_object_session(owner), m->Keyword)) < 0 ||
	    (rc = assoc_object_set_attr(k, m->keyword_keyword, *value)) < 0 ||
	    (rc = assoc_object_new(&a, assoc_object_session(owner), m->UKA)) < 0 ||
	    (rc = assoc_object_set_attr(a, m->uka_keyword, assoc_value_object(k))) < 0)
		return rc;
	*out = a;
	return 0;
}

static void add_column(assoc_table *t, const char *name, assoc_type type, int pk, const char *fk)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = pk;
	o.foreign_key = fk;
	ACHECK(assoc_table_add_column(t, name, type, &o));
}

static void define_model(struct model *m, assoc_lazy lazy)
{
	assoc_relationship_options r;
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	assoc_table *t;

	memset(m, 0, sizeof *m);
	ACHECK(assoc_registry_new(&m->reg));
	ACHECK(assoc_table_new(&t, m->reg, "user"));
	add_column(t, "id", ASSOC_TYPE_INTEGER, 1, NULL);
	add_column(t, "name", ASSOC_TYPE_TEXT, 0, NULL);
	ACHECK(assoc_table_new(&t, m->reg, "keyword"));
	add_column(t, "id", ASSOC_TYPE_INTEGER, 1, NULL);
	add_column(t, "keyword", ASSOC_TYPE_TEXT, 0, NULL);
	ACHECK(assoc_table_new(&t, m->reg, "user_keyword"));
	add_column(t, "user_id", ASSOC_TYPE_INTEGER, 1, "user.id");
	add_column(t, "keyword_id", ASSOC_TYPE_INTEGER, 1, "keyword.id");
	add_column(t, "special_key", ASSOC_TYPE_TEXT, 0, NULL);

	ACHECK(assoc_mapper_new(&m->User, m->reg, "User", "user"));
	ACHECK(assoc_mapper_new(&m->Keyword, m->reg, "Keyword", "keyword"));
	ACHECK(assoc_mapper_new(&m->UKA, m->reg, "UserKeywordAssociation", "user_keyword"));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "UserKeywordAssociation";
	r.cascade = "all, delete-orphan";
	r.back_populates = "user";
	r.lazy = lazy;
	ACHECK(assoc_mapper_add_relationship(m->User, "user_keyword_associations", &r));
	p.target_collection = "user_keyword_associations";
	p.attr = "keyword";
	p.creator = make_association;
	p.creator_data = m;
	ACHECK(assoc_mapper_add_proxy(m->User, "keywords", &p));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.back_populates = "user_keyword_associations";
	ACHECK(assoc_mapper_add_relationship(m->UKA, "user", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.lazy = lazy;
	ACHECK(assoc_mapper_add_relationship(m->UKA, "keyword", &r));

	ACHECK(assoc_registry_configure(m->reg));
	ACHECK(assoc_mapper_attr(&m->user_name, m->User, "name"));
	ACHECK(assoc_mapper_attr(&m->user_keywords, m->User, "keywords"));
	ACHECK(assoc_mapper_attr(&m->keyword_keyword, m->Keyword, "keyword"));
	ACHECK(assoc_mapper_attr(&m->uka_keyword, m->UKA, "keyword"));
}

#endif
