/*
 * example_util.h - the small shared helpers of the seed examples.
 *
 * CHECK(call) runs an assoc call and, when it fails, prints the call, the
 * error code and assoc_error_last()->message to stderr and exits non-zero.
 * The rest are shorthands for declaring columns and for printing objects,
 * values and collections the way the seeds' Python sessions print them
 * ("[<Student 1>, <Student 3>]", None, True).
 */
#ifndef EXAMPLE_UTIL_H
#define EXAMPLE_UTIL_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assoc.h>

/* ---- failing loudly --------------------------------------------------- */

static inline int example_check(int rc, const char *call, const char *file, int line)
{
	if (rc < 0) {
		const assoc_error *err = assoc_error_last();
		fflush(stdout);
		fprintf(stderr, "%s:%d: %s failed: %s: %s\n", file, line, call, assoc_error_name(rc),
		        err->message);
		exit(EXIT_FAILURE);
	}
	return rc;
}

#define CHECK(call) example_check((call), #call, __FILE__, __LINE__)

/* Die unless cond holds: for what the example relies on rather than prints. */
#define EXPECT(cond)                                                                      \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fflush(stdout);                                                   \
			fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
			exit(EXIT_FAILURE);                                               \
		}                                                                         \
	} while (0)

/* ---- building a model ------------------------------------------------- */

static inline assoc_table *ex_table(assoc_registry *reg, const char *name)
{
	assoc_table *t = NULL;
	CHECK(assoc_table_new(&t, reg, name));
	return t;
}

/* A primary key column: Column(type, primary_key=True). */
static inline void ex_primary_key(assoc_table *t, const char *name, assoc_type type)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK(assoc_table_add_column(t, name, type, &o));
}

/* A plain nullable column: Column(type). */
static inline void ex_column(assoc_table *t, const char *name, assoc_type type)
{
	CHECK(assoc_table_add_column(t, name, type, NULL));
}

/*
 * A foreign key column: Column(type, ForeignKey(ref), primary_key=pk).
 * type may be ASSOC_TYPE_INFER to take the referenced column's type.
 */
static inline void ex_foreign_key(assoc_table *t, const char *name, assoc_type type,
                                  const char *ref, int pk)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = pk;
	o.foreign_key = ref;
	CHECK(assoc_table_add_column(t, name, type, &o));
}

static inline assoc_mapper *ex_mapper(assoc_registry *reg, const char *name, const char *table)
{
	assoc_mapper *m = NULL;
	CHECK(assoc_mapper_new(&m, reg, name, table));
	return m;
}

/* relationship(target, back_populates=back_populates); back_populates may be NULL. */
static inline void ex_relationship(assoc_mapper *m, const char *name, const char *target,
                                   const char *back_populates)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.back_populates = back_populates;
	CHECK(assoc_mapper_add_relationship(m, name, &r));
}

/*
 * relationship(target, secondary=..., uselist=..., collection_class=...,
 * cascade=..., back_populates=...): the fuller form. secondary, dict_key,
 * cascade and back_populates may be NULL; uselist -1 infers it.
 */
static inline void ex_relationship_full(assoc_mapper *m, const char *name, const char *target,
                                        const char *secondary, int uselist,
                                        assoc_collection_kind kind, const char *dict_key,
                                        const char *cascade, const char *back_populates)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.secondary = secondary;
	r.uselist = uselist;
	r.collection = kind;
	r.dict_key = dict_key;
	r.cascade = cascade;
	r.back_populates = back_populates;
	CHECK(assoc_mapper_add_relationship(m, name, &r));
}

/*
 * association_proxy(target_collection, attr, creator=creator): creator (and
 * the creator_data it receives) may be NULL.
 */
static inline void ex_proxy(assoc_mapper *m, const char *name, const char *target_collection,
                            const char *attr, assoc_creator_fn creator, void *creator_data)
{
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = target_collection;
	p.attr = attr;
	p.creator = creator;
	p.creator_data = creator_data;
	CHECK(assoc_mapper_add_proxy(m, name, &p));
}

/* ---- engine and session ----------------------------------------------- */

/* Configure reg, open an in-memory database, create its tables, start a session. */
static inline void ex_open(assoc_registry *reg, assoc_engine **eng, assoc_session **s)
{
	CHECK(assoc_registry_configure(reg));
	/* `cmake/dev.sh demo` asks for a picture of the mapping (examples/demo_run.cmake). */
	const char *dot = getenv("ASSOC_DEMO_DOT");
	if (dot && *dot)
		CHECK(assoc_registry_write_dot_file(reg, dot));
	/* The postgres-labelled runs give a database of their own (an empty one). */
	const char *url = getenv("ASSOC_TEST_URL");
	CHECK(assoc_engine_open(eng, url && *url ? url : "sqlite://"));
	if (url && *url && strncmp(url, "sqlite:", 7)) /* each section starts on an empty database */
		CHECK(assoc_engine_exec(*eng, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"));
	CHECK(assoc_engine_create_all(*eng, reg));
	CHECK(assoc_session_new(s, *eng, reg, NULL));
}

/* Free in the order the library asks for: sessions, engine, registry. */
static inline void ex_close(assoc_registry *reg, assoc_engine *eng, assoc_session *s)
{
	assoc_session_free(s);
	assoc_engine_free(eng);
	assoc_registry_free(reg);
}

/* ---- objects ---------------------------------------------------------- */

static inline assoc_object *ex_new(assoc_session *s, assoc_mapper *m)
{
	assoc_object *o = NULL;
	CHECK(assoc_object_new(&o, s, m));
	return o;
}

static inline void ex_set_text(assoc_object *o, const char *name, const char *text)
{
	CHECK(assoc_object_set(o, name, assoc_value_text(text)));
}

static inline void ex_set_object(assoc_object *o, const char *name, assoc_object *target)
{
	CHECK(assoc_object_set(o, name, assoc_value_object(target)));
}

static inline assoc_value ex_get(assoc_object *o, const char *name)
{
	assoc_value v;
	CHECK(assoc_object_get(o, name, &v));
	return v;
}

/* A scalar relationship's object, or NULL. */
static inline assoc_object *ex_get_object(assoc_object *o, const char *name)
{
	assoc_value v = ex_get(o, name);
	EXPECT(v.kind == ASSOC_OBJECT || v.kind == ASSOC_NULL);
	return v.kind == ASSOC_OBJECT ? v.u.object : NULL;
}

static inline assoc_collection *ex_collection(assoc_object *o, const char *name)
{
	assoc_collection *c = NULL;
	CHECK(assoc_object_collection(&c, o, name));
	return c;
}

static inline size_t ex_len(assoc_object *o, const char *name)
{
	size_t n = 0;
	CHECK(assoc_collection_len(&n, ex_collection(o, name)));
	return n;
}

/* The i-th member of a relationship collection. */
static inline assoc_object *ex_at(assoc_object *o, const char *name, size_t i)
{
	assoc_value v;
	CHECK(assoc_collection_get(&v, ex_collection(o, name), i));
	EXPECT(v.kind == ASSOC_OBJECT);
	return v.u.object;
}

static inline void ex_append(assoc_object *o, const char *name, assoc_object *member)
{
	CHECK(assoc_collection_append(ex_collection(o, name), assoc_value_object(member)));
}

/* The first object of mapper with column attr equal to value (Model.query.filter_by(...).first()). */
static inline assoc_object *ex_first_by(assoc_session *s, assoc_mapper *m, const char *attr,
                                        assoc_value value)
{
	assoc_query *q = NULL;
	assoc_object *o = NULL;
	CHECK(assoc_query_new(&q, s, m));
	if (attr)
		CHECK(assoc_query_filter_by(q, attr, value));
	CHECK(assoc_query_first(&o, q));
	assoc_query_free(q);
	return o;
}

/* ---- printing, Python style ------------------------------------------- */

/* How print() shows a value: strings bare, NULL as None, objects by repr. */
static inline void ex_print_str(assoc_value v)
{
	switch (v.kind) {
	case ASSOC_NULL: fputs("None", stdout); break;
	case ASSOC_INTEGER: printf("%" PRId64, v.u.integer); break;
	case ASSOC_REAL: printf("%g", v.u.real); break;
	case ASSOC_TEXT:
	case ASSOC_BLOB: fwrite(v.u.bytes.data, 1, v.u.bytes.len, stdout); break;
	case ASSOC_OBJECT: fputs(assoc_object_repr(v.u.object), stdout); break;
	}
}

/* How the REPL (and a list) shows a value: strings quoted. */
static inline void ex_print_repr(assoc_value v)
{
	if (v.kind == ASSOC_TEXT) {
		putchar('\'');
		ex_print_str(v);
		putchar('\'');
	} else {
		ex_print_str(v);
	}
}

static inline void ex_print_bool(int b)
{
	puts(b ? "True" : "False");
}

/* "<Teacher 1>" and a newline. */
static inline void ex_print_object(assoc_object *o)
{
	puts(o ? assoc_object_repr(o) : "None");
}

/* The members of a relationship collection: "[<Student 1>, <Student 3>]". */
static inline void ex_print_collection(assoc_object *o, const char *name)
{
	size_t n = ex_len(o, name);
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", stdout);
		fputs(assoc_object_repr(ex_at(o, name, i)), stdout);
	}
	puts("]");
}

/* [member.attr for member in o.name]: "[<Student 1>, ...]" or "['John', 'Bill']". */
static inline void ex_print_collection_attr(assoc_object *o, const char *name, const char *attr)
{
	size_t n = ex_len(o, name);
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", stdout);
		ex_print_repr(ex_get(ex_at(o, name, i), attr));
	}
	puts("]");
}

/* A REPL prompt line, as the seeds show them: ">>> t1.students". */
static inline void ex_prompt(const char *code)
{
	printf(">>> %s\n", code);
}

static inline void ex_header(const char *title)
{
	printf("== %s ==\n", title);
}


/* ---- proxy views ------------------------------------------------------ */

/* Prints one member of a view; NULL stands for ex_print_repr. */
typedef void (*ex_printer)(assoc_value v);

/*
 * print(view) for a list or set view (of a relationship or a proxy):
 * "['cheese-inspector', 'snack-ninja']", or "{...}" for a set.
 */
static inline void ex_print_view(assoc_collection *c, ex_printer pr)
{
	int set = assoc_collection_kind_of(c) == ASSOC_COLLECTION_SET;
	size_t n = 0;
	CHECK(assoc_collection_len(&n, c));
	putchar(set ? '{' : '[');
	for (size_t i = 0; i < n; i++) {
		assoc_value v;
		CHECK(assoc_collection_get(&v, c, i));
		if (i)
			fputs(", ", stdout);
		(pr ? pr : ex_print_repr)(v);
	}
	puts(set ? "}" : "]");
}

/* print(view) for a dict view: "{'sk1': Keyword('kw1'), 'sk2': Keyword('kw2')}". */
static inline void ex_print_dict(assoc_collection *c, ex_printer pr)
{
	size_t n = 0;
	CHECK(assoc_collection_len(&n, c));
	putchar('{');
	for (size_t i = 0; i < n; i++) {
		assoc_value k, v;
		CHECK(assoc_collection_key_at(&k, c, i));
		if (i)
			fputs(", ", stdout);
		ex_print_repr(k);
		fputs(": ", stdout);
		CHECK(assoc_collection_get(&v, c, i));
		(pr ? pr : ex_print_repr)(v);
	}
	puts("}");
}

/* The same, by the owner and the view's name. */
static inline void ex_print_named_view(assoc_object *o, const char *name, ex_printer pr)
{
	assoc_collection *c = ex_collection(o, name);
	if (assoc_collection_kind_of(c) == ASSOC_COLLECTION_DICT)
		ex_print_dict(c, pr);
	else
		ex_print_view(c, pr);
}

/* SELECT count(*) FROM table, on the engine's connection. */
static inline int64_t ex_count_rows(assoc_engine *eng, const char *table)
{
	char sql[128];
	assoc_value v;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	CHECK(assoc_engine_scalar(&v, eng, sql, NULL, 0));
	EXPECT(v.kind == ASSOC_INTEGER);
	return v.u.integer;
}

#endif
