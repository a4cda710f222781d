/*
 * fixtures.c - schema builders and checked shorthands shared by the C tests.
 */
#include "fixtures.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAIL_RC(rc, what)                                                            \
	check_fail_at(file, line, "%s returned %d (%s)", (what), (rc), check_last_error_())
#define OK(call)                                                                     \
	do {                                                                             \
		int rc_ = (call);                                                            \
		if (rc_ != 0)                                                                \
			FAIL_RC(rc_, #call);                                                     \
	} while (0)

/* ---- building a schema ---------------------------------------------------- */

assoc_table *fx_table_(FX_AT, assoc_registry *reg, const char *name)
{
	assoc_table *t = NULL;
	OK(assoc_table_new(&t, reg, name));
	if (!t)
		check_fail_at(file, line, "assoc_table_new gave no table for %s", name);
	return t;
}

assoc_table *fx_table_id_(FX_AT, assoc_registry *reg, const char *name)
{
	assoc_table *t = fx_table_(file, line, reg, name);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	OK(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &o));
	return t;
}

void fx_col_(FX_AT, assoc_table *t, const char *name, assoc_type type)
{
	OK(assoc_table_add_column(t, name, type, NULL));
}

void fx_fk_(FX_AT, assoc_table *t, const char *name, const char *ref)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = ref;
	OK(assoc_table_add_column(t, name, ASSOC_TYPE_INTEGER, &o));
}

assoc_mapper *fx_mapper_(FX_AT, assoc_registry *reg, const char *name, const char *table)
{
	assoc_mapper *m = NULL;
	OK(assoc_mapper_new(&m, reg, name, table));
	if (!m)
		check_fail_at(file, line, "assoc_mapper_new gave no mapper for %s", name);
	return m;
}

void fx_rel_(FX_AT, assoc_mapper *m, const char *name, const char *target,
             const char *back_populates, const char *cascade)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.back_populates = back_populates;
	r.cascade = cascade;
	OK(assoc_mapper_add_relationship(m, name, &r));
}

void fx_users_addresses_(FX_AT, assoc_registry *reg, const char *cascade, const char *order_by)
{
	assoc_table *users = fx_table_id_(file, line, reg, "users");
	fx_col_(file, line, users, "name", ASSOC_TYPE_TEXT);
	assoc_table *addresses = fx_table_id_(file, line, reg, "addresses");
	fx_col_(file, line, addresses, "email", ASSOC_TYPE_TEXT);
	fx_fk_(file, line, addresses, "user_id", "users.id");

	assoc_mapper *user = fx_mapper_(file, line, reg, "User", "users");
	assoc_mapper *address = fx_mapper_(file, line, reg, "Address", "addresses");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Address";
	r.back_populates = "user";
	r.cascade = cascade;
	r.order_by = order_by;
	OK(assoc_mapper_add_relationship(user, "addresses", &r));
	fx_rel_(file, line, address, "user", "User", "addresses", NULL);
}

static void two_entities(FX_AT, assoc_registry *reg)
{
	assoc_table *t = fx_table_id_(file, line, reg, "teachers");
	fx_col_(file, line, t, "name", ASSOC_TYPE_TEXT);
	t = fx_table_id_(file, line, reg, "students");
	fx_col_(file, line, t, "name", ASSOC_TYPE_TEXT);
	fx_mapper_(file, line, reg, "Teacher", "teachers");
	fx_mapper_(file, line, reg, "Student", "students");
}

void fx_teachers_students_(FX_AT, assoc_registry *reg)
{
	OK(assoc_registry_set_naming_convention(
		reg, "fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"));
	two_entities(file, line, reg);
	assoc_table *ts = fx_table_(file, line, reg, "teacher_students");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "teachers.id";
	OK(assoc_table_add_column(ts, "teacher_id", ASSOC_TYPE_INFER, &o));
	o.foreign_key = "students.id";
	OK(assoc_table_add_column(ts, "student_id", ASSOC_TYPE_INFER, &o));

	assoc_mapper *teacher = NULL, *student = NULL;
	OK(assoc_registry_mapper(&teacher, reg, "Teacher"));
	OK(assoc_registry_mapper(&student, reg, "Student"));
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Student";
	r.secondary = "teacher_students";
	r.back_populates = "teachers";
	OK(assoc_mapper_add_relationship(teacher, "students", &r));
	r.target = "Teacher";
	r.back_populates = "students";
	OK(assoc_mapper_add_relationship(student, "teachers", &r));
}

void fx_exams_(FX_AT, assoc_registry *reg)
{
	two_entities(file, line, reg);
	assoc_table *e = fx_table_id_(file, line, reg, "exams_table");
	fx_col_(file, line, e, "name", ASSOC_TYPE_TEXT);
	fx_fk_(file, line, e, "teacher_id", "teachers.id");
	fx_fk_(file, line, e, "student_id", "students.id");
	assoc_mapper *exam = fx_mapper_(file, line, reg, "Exam", "exams_table");
	assoc_mapper *teacher = NULL, *student = NULL;
	OK(assoc_registry_mapper(&teacher, reg, "Teacher"));
	OK(assoc_registry_mapper(&student, reg, "Student"));
	fx_rel_(file, line, exam, "teacher", "Teacher", "exams", NULL);
	fx_rel_(file, line, exam, "student", "Student", "exams", NULL);
	fx_rel_(file, line, teacher, "exams", "Exam", "teacher", NULL);
	fx_rel_(file, line, student, "exams", "Exam", "student", NULL);
}

/* ---- lifecycle ------------------------------------------------------------- */

const char *fx_url(void)
{
	const char *url = getenv("ASSOC_TEST_URL");
	return url && *url ? url : "sqlite://";
}

int fx_on_postgres(void) { return strncmp(fx_url(), "sqlite:", 7) != 0; }

/* A database of the server starts each fixture empty, as a new in-memory SQLite database does. */
void fx_clean_database_(FX_AT, assoc_engine *eng)
{
	if (fx_on_postgres())
		OK(assoc_engine_exec(eng, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"));
}

void fx_sync_ids_(FX_AT, assoc_engine *eng, const char *table)
{
	if (!fx_on_postgres())
		return;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), (SELECT max(id) FROM \"%s\"))",
	         table, table);
	fx_sql_int_(file, line, eng, sql);
}

void fx_open_(FX_AT, fx *f)
{
	OK(assoc_registry_configure(f->reg));
	OK(assoc_engine_open(&f->eng, fx_url()));
	fx_clean_database_(file, line, f->eng);
	OK(assoc_engine_create_all(f->eng, f->reg));
	OK(assoc_session_new(&f->s, f->eng, f->reg, NULL));
}

void fx_new_session_(FX_AT, fx *f)
{
	assoc_session_free(f->s);
	f->s = NULL;
	OK(assoc_session_new(&f->s, f->eng, f->reg, NULL));
}

void fx_close(fx *f)
{
	if (f->s)
		assoc_session_free(f->s);
	if (f->eng)
		assoc_engine_free(f->eng);
	if (f->reg)
		assoc_registry_free(f->reg);
	f->s = NULL;
	f->eng = NULL;
	f->reg = NULL;
}

/* ---- objects and collections ---------------------------------------------- */

assoc_mapper *fx_m_(FX_AT, fx *f, const char *mapper)
{
	assoc_mapper *m = NULL;
	OK(assoc_registry_mapper(&m, f->reg, mapper));
	if (!m)
		check_fail_at(file, line, "no mapper %s", mapper);
	return m;
}

assoc_object *fx_new_(FX_AT, fx *f, const char *mapper)
{
	assoc_object *o = NULL;
	OK(assoc_object_new(&o, f->s, fx_m_(file, line, f, mapper)));
	if (!o)
		check_fail_at(file, line, "assoc_object_new gave no object of %s", mapper);
	return o;
}

assoc_object *fx_add_(FX_AT, fx *f, const char *mapper, const char *attr, const char *text)
{
	assoc_object *o = fx_new_(file, line, f, mapper);
	if (attr)
		OK(assoc_object_set(o, attr, assoc_value_text(text)));
	OK(assoc_session_add(f->s, o));
	return o;
}

void fx_set_(FX_AT, assoc_object *o, const char *attr, assoc_value v)
{
	int rc = assoc_object_set(o, attr, v);
	if (rc != 0)
		check_fail_at(file, line, "assoc_object_set(%s) returned %d (%s)", attr, rc,
		              check_last_error_());
}

static assoc_value get(FX_AT, assoc_object *o, const char *attr)
{
	assoc_value v = assoc_value_null();
	int rc = assoc_object_get(o, attr, &v);
	if (rc != 0)
		check_fail_at(file, line, "assoc_object_get(%s) returned %d (%s)", attr, rc,
		              check_last_error_());
	return v;
}

int64_t fx_get_int_(FX_AT, assoc_object *o, const char *attr)
{
	assoc_value v = get(file, line, o, attr);
	if (v.kind != ASSOC_INTEGER)
		check_fail_at(file, line, "attribute %s is %s, expected INTEGER", attr,
		              assoc_value_kind_name(v.kind));
	return v.u.integer;
}

const char *fx_get_text_(FX_AT, assoc_object *o, const char *attr)
{
	assoc_value v = get(file, line, o, attr);
	if (v.kind == ASSOC_NULL)
		return NULL;
	if (v.kind != ASSOC_TEXT)
		check_fail_at(file, line, "attribute %s is %s, expected TEXT", attr,
		              assoc_value_kind_name(v.kind));
	if (!v.u.bytes.data || v.u.bytes.data[v.u.bytes.len] != 0)
		check_fail_at(file, line, "attribute %s: TEXT handed out is not NUL-terminated", attr);
	return v.u.bytes.data;
}

assoc_object *fx_get_obj_(FX_AT, assoc_object *o, const char *attr)
{
	assoc_value v = get(file, line, o, attr);
	if (v.kind == ASSOC_NULL)
		return NULL;
	if (v.kind != ASSOC_OBJECT)
		check_fail_at(file, line, "attribute %s is %s, expected OBJECT", attr,
		              assoc_value_kind_name(v.kind));
	return v.u.object;
}

int fx_is_null_(FX_AT, assoc_object *o, const char *attr)
{
	return get(file, line, o, attr).kind == ASSOC_NULL;
}

assoc_collection *fx_coll_(FX_AT, assoc_object *o, const char *name)
{
	assoc_collection *c = NULL;
	int rc = assoc_object_collection(&c, o, name);
	if (rc != 0)
		check_fail_at(file, line, "assoc_object_collection(%s) returned %d (%s)", name, rc,
		              check_last_error_());
	if (!c)
		check_fail_at(file, line, "assoc_object_collection(%s) gave NULL", name);
	return c;
}

size_t fx_len_(FX_AT, assoc_collection *c)
{
	size_t n = 0;
	OK(assoc_collection_len(&n, c));
	return n;
}

assoc_object *fx_at_(FX_AT, assoc_collection *c, size_t i)
{
	assoc_value v = assoc_value_null();
	OK(assoc_collection_get(&v, c, i));
	if (v.kind != ASSOC_OBJECT)
		check_fail_at(file, line, "collection member %zu is %s, expected OBJECT", i,
		              assoc_value_kind_name(v.kind));
	return v.u.object;
}

void fx_append_(FX_AT, assoc_collection *c, assoc_object *member)
{
	OK(assoc_collection_append(c, assoc_value_object(member)));
}

int fx_contains_(FX_AT, assoc_collection *c, assoc_object *member)
{
	int in = -1;
	OK(assoc_collection_contains(&in, c, assoc_value_object(member)));
	if (in != 0 && in != 1)
		check_fail_at(file, line, "assoc_collection_contains gave %d", in);
	return in;
}

/* ---- the database ---------------------------------------------------------- */

static assoc_value scalar(FX_AT, assoc_engine *eng, const char *sql)
{
	assoc_value v = assoc_value_null();
	int rc = assoc_engine_scalar(&v, eng, sql, NULL, 0);
	if (rc != 0)
		check_fail_at(file, line, "assoc_engine_scalar(\"%s\") returned %d (%s)", sql, rc,
		              check_last_error_());
	return v;
}

int64_t fx_sql_int_(FX_AT, assoc_engine *eng, const char *sql)
{
	assoc_value v = scalar(file, line, eng, sql);
	if (v.kind != ASSOC_INTEGER)
		check_fail_at(file, line, "\"%s\" gave %s, expected INTEGER", sql,
		              assoc_value_kind_name(v.kind));
	return v.u.integer;
}

const char *fx_sql_text_(FX_AT, assoc_engine *eng, const char *sql)
{
	static char buf[4096];
	assoc_value v = scalar(file, line, eng, sql);
	if (v.kind == ASSOC_NULL)
		return NULL;
	if (v.kind != ASSOC_TEXT)
		check_fail_at(file, line, "\"%s\" gave %s, expected TEXT", sql,
		              assoc_value_kind_name(v.kind));
	snprintf(buf, sizeof buf, "%.*s", (int)v.u.bytes.len, v.u.bytes.data);
	return buf;
}

int64_t fx_count_(FX_AT, assoc_engine *eng, const char *table)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	return fx_sql_int_(file, line, eng, sql);
}

int64_t fx_session_count_(FX_AT, fx *f, const char *mapper)
{
	assoc_mapper *m = fx_m_(file, line, f, mapper);
	if (!fx_on_postgres())
		return fx_count_(file, line, f->eng, assoc_table_name(assoc_mapper_table(m)));
	if (assoc_session_new_count(f->s) || assoc_session_dirty_count(f->s) || assoc_session_deleted_count(f->s))
		check_fail_at(file, line, "fx_session_count(%s): the session holds unflushed changes", mapper);
	assoc_query *q = NULL;
	int64_t n = -1;
	OK(assoc_query_new(&q, f->s, m));
	int rc = assoc_query_count(&n, q);
	assoc_query_free(q);
	if (rc)
		FAIL_RC(rc, "assoc_query_count");
	return n;
}

const char *fx_sql_list_(FX_AT, assoc_engine *eng, const char *sql)
{
	char *wrapped = NULL;
	/* the CTE names the column whatever the query calls it; row order is the query's */
	const char *fmt = fx_on_postgres()
		? "WITH fx_rows(v) AS (%s) SELECT coalesce(string_agg(CAST(v AS TEXT), ','), '') FROM fx_rows"
		: "WITH fx_rows(v) AS (%s) SELECT coalesce(group_concat(v, ','), '') FROM fx_rows";
	size_t n = strlen(fmt) + strlen(sql);
	wrapped = malloc(n);
	if (!wrapped)
		check_fail_at(file, line, "out of memory");
	snprintf(wrapped, n, fmt, sql);
	const char *text = fx_sql_text_(file, line, eng, wrapped);
	free(wrapped);
	return text ? text : "";
}

const char *fx_dialect_sql(const char *sqlite_text)
{
	static char buf[8192];
	if (!fx_on_postgres())
		return sqlite_text;
	const char *names[64];
	size_t lens[64], nnames = 0, o = 0;
	for (const char *p = sqlite_text; *p && o + 16 < sizeof buf;) {
		if (*p == '\'') { /* a string literal: copied as it is */
			const char *e = strchr(p + 1, '\'');
			size_t len = e ? (size_t)(e + 1 - p) : strlen(p);
			if (o + len >= sizeof buf)
				break;
			memcpy(buf + o, p, len);
			o += len;
			p += len;
			continue;
		}
		if (!strncmp(p, " LIMIT -1", 9)) {
			p += 9;
			continue;
		}
		if (*p == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *name = p + 1;
			size_t len = 0, num = 0;
			while (isalnum((unsigned char)name[len]) || name[len] == '_')
				len++;
			for (size_t i = 0; i < nnames && !num; i++)
				if (lens[i] == len && !memcmp(names[i], name, len))
					num = i + 1;
			if (!num) {
				CHECK(nnames < 64);
				names[nnames] = name;
				lens[nnames++] = len;
				num = nnames;
			}
			o += (size_t)snprintf(buf + o, sizeof buf - o, "$%zu", num);
			p = name + len;
			continue;
		}
		buf[o++] = *p++;
	}
	buf[o] = 0;
	return buf;
}

int fx_icontains(const char *haystack, const char *needle)
{
	if (!haystack || !needle)
		return 0;
	size_t n = strlen(needle);
	for (const char *p = haystack; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] &&
		       tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* ---- a database file ------------------------------------------------------- */

void fx_tmpdb_make(struct fx_tmpdb *t)
{
	snprintf(t->path, sizeof t->path, "/tmp/assoc_test_XXXXXX");
	int fd = mkstemp(t->path);
	CHECK(fd >= 0);
	close(fd);
	snprintf(t->url, sizeof t->url, "sqlite:///%s", t->path);
}

void fx_tmpdb_remove(struct fx_tmpdb *t)
{
	char side[80];
	unlink(t->path);
	snprintf(side, sizeof side, "%s-wal", t->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", t->path);
	unlink(side);
}

/* ---- a failing allocator --------------------------------------------------- */

static struct {
	long count, fail_at;
	int armed, fired;
} fa;

static int fa_fail(void)
{
	if (fa.armed && ++fa.count == fa.fail_at) {
		fa.fired = 1;
		return 1;
	}
	return 0;
}

static void *fa_malloc(void *ud, size_t n)
{
	(void)ud;
	return fa_fail() ? NULL : malloc(n);
}

static void *fa_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	return fa_fail() ? NULL : realloc(p, n);
}

static void fa_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

void fx_fail_allocator(int on)
{
	assoc_allocator a = ASSOC_ALLOCATOR_INIT;
	a.malloc = fa_malloc;
	a.realloc = fa_realloc;
	a.free = fa_free;
	fa.armed = 0;
	CHECK_OK(assoc_set_allocator(on ? &a : NULL));
}

void fx_fail_arm(long n)
{
	fa.count = 0;
	fa.fail_at = n;
	fa.fired = 0;
	fa.armed = 1;
}

int fx_fail_disarm(void)
{
	fa.armed = 0;
	return fa.fired;
}
