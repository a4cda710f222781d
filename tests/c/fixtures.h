/*
 * fixtures.h - schema builders and checked shorthands shared by the C tests.
 *
 * Every helper checks its own calls and fails the running test (reporting the
 * caller's file and line) when one of them fails, so tests read as a list of
 * behaviours rather than of return-code checks.
 */
#ifndef ASSOC_TEST_FIXTURES_H
#define ASSOC_TEST_FIXTURES_H

#include <stdint.h>

#include "assoc.h"
#include "check.h"

#define FX_AT const char *file, int line
#define FX_HERE __FILE__, __LINE__

/* A registry, an in-memory engine and a session on them. */
typedef struct fx {
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
} fx;

/*
 * The database the fixtures open: $ASSOC_TEST_URL (the postgres-labelled
 * runs set a postgresql:// URL of a database of their own), or "sqlite://".
 */
const char *fx_url(void);
/* Whether fx_url() is a PostgreSQL database. */
int fx_on_postgres(void);
/* On a server, drop every table of eng's database (its public schema); nothing on SQLite. */
void fx_clean_database_(FX_AT, assoc_engine *eng);

/*
 * After rows were inserted with explicit ids: on PostgreSQL, move table's "id"
 * identity past its largest id, so that the next generated key is max + 1 as
 * on SQLite (an explicit id does not advance a PostgreSQL sequence); nothing on SQLite.
 */
void fx_sync_ids_(FX_AT, assoc_engine *eng, const char *table);
#define fx_sync_ids(eng, table) fx_sync_ids_(FX_HERE, (eng), (table))

/* ---- building a schema ---------------------------------------------------- */

assoc_table *fx_table_(FX_AT, assoc_registry *reg, const char *name);
/* A table whose first column is "id" INTEGER PRIMARY KEY (autoincrement). */
assoc_table *fx_table_id_(FX_AT, assoc_registry *reg, const char *name);
void fx_col_(FX_AT, assoc_table *t, const char *name, assoc_type type);
/* An INTEGER column referencing ref ("table.column"), nullable. */
void fx_fk_(FX_AT, assoc_table *t, const char *name, const char *ref);
assoc_mapper *fx_mapper_(FX_AT, assoc_registry *reg, const char *name, const char *table);
/* A relationship to target; back_populates and cascade may be NULL. */
void fx_rel_(FX_AT, assoc_mapper *m, const char *name, const char *target,
             const char *back_populates, const char *cascade);

#define fx_table(reg, name) fx_table_(FX_HERE, (reg), (name))
#define fx_table_id(reg, name) fx_table_id_(FX_HERE, (reg), (name))
#define fx_col(t, name, type) fx_col_(FX_HERE, (t), (name), (type))
#define fx_fk(t, name, ref) fx_fk_(FX_HERE, (t), (name), (ref))
#define fx_mapper(reg, name, table) fx_mapper_(FX_HERE, (reg), (name), (table))
#define fx_rel(m, name, target, bp, cascade) fx_rel_(FX_HERE, (m), (name), (target), (bp), (cascade))

/*
 * users(id, name) and addresses(id, email, user_id -> users.id), mapped as
 * User and Address with User.addresses <-> Address.user (back_populates).
 * cascade and order_by (either may be NULL) apply to User.addresses.
 */
void fx_users_addresses_(FX_AT, assoc_registry *reg, const char *cascade, const char *order_by);
#define fx_users_addresses(reg, cascade, order_by) \
	fx_users_addresses_(FX_HERE, (reg), (cascade), (order_by))

/*
 * Seed 002, association table: teachers(id, name), students(id, name) and
 * teacher_students(teacher_id, student_id) (both primary key, types inferred,
 * fk naming convention "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"),
 * with Teacher.students <-> Student.teachers through secondary teacher_students.
 */
void fx_teachers_students_(FX_AT, assoc_registry *reg);
#define fx_teachers_students(reg) fx_teachers_students_(FX_HERE, (reg))

/*
 * Seed 002, association object: teachers, students and exams_table(id, name,
 * teacher_id, student_id) mapped as Exam, with Teacher.exams <-> Exam.teacher
 * and Student.exams <-> Exam.student.
 */
void fx_exams_(FX_AT, assoc_registry *reg);
#define fx_exams(reg) fx_exams_(FX_HERE, (reg))

/* ---- lifecycle ------------------------------------------------------------- */

/* f->reg must exist: configure it, open "sqlite://", create_all, open a session. */
void fx_open_(FX_AT, fx *f);
/* Free the session and open a new one on the same engine. */
void fx_new_session_(FX_AT, fx *f);
/* Free whatever is open. */
void fx_close(fx *f);
#define fx_open(f) fx_open_(FX_HERE, (f))
#define fx_new_session(f) fx_new_session_(FX_HERE, (f))

/* ---- objects and collections ---------------------------------------------- */

assoc_mapper *fx_m_(FX_AT, fx *f, const char *mapper);
/* A new transient object of the named mapper. */
assoc_object *fx_new_(FX_AT, fx *f, const char *mapper);
/* A new object of the named mapper, with TEXT attribute attr set to text, added. */
assoc_object *fx_add_(FX_AT, fx *f, const char *mapper, const char *attr, const char *text);
void fx_set_(FX_AT, assoc_object *o, const char *attr, assoc_value v);
/* An INTEGER attribute (fails if it is not INTEGER). */
int64_t fx_get_int_(FX_AT, assoc_object *o, const char *attr);
/* A TEXT attribute, or NULL when it is NULL (fails on any other kind). */
const char *fx_get_text_(FX_AT, assoc_object *o, const char *attr);
/* A scalar relationship: the object, or NULL (fails on any other kind). */
assoc_object *fx_get_obj_(FX_AT, assoc_object *o, const char *attr);
/* 1 when the attribute reads as NULL. */
int fx_is_null_(FX_AT, assoc_object *o, const char *attr);
assoc_collection *fx_coll_(FX_AT, assoc_object *o, const char *name);
size_t fx_len_(FX_AT, assoc_collection *c);
assoc_object *fx_at_(FX_AT, assoc_collection *c, size_t i);
void fx_append_(FX_AT, assoc_collection *c, assoc_object *member);
int fx_contains_(FX_AT, assoc_collection *c, assoc_object *member);

#define fx_m(f, mapper) fx_m_(FX_HERE, (f), (mapper))
#define fx_new(f, mapper) fx_new_(FX_HERE, (f), (mapper))
#define fx_add(f, mapper, attr, text) fx_add_(FX_HERE, (f), (mapper), (attr), (text))
#define fx_set(o, attr, v) fx_set_(FX_HERE, (o), (attr), (v))
#define fx_set_int(o, attr, i) fx_set_(FX_HERE, (o), (attr), assoc_value_integer(i))
#define fx_set_text(o, attr, s) fx_set_(FX_HERE, (o), (attr), assoc_value_text(s))
#define fx_set_obj(o, attr, x) fx_set_(FX_HERE, (o), (attr), assoc_value_object(x))
#define fx_get_int(o, attr) fx_get_int_(FX_HERE, (o), (attr))
#define fx_get_text(o, attr) fx_get_text_(FX_HERE, (o), (attr))
#define fx_get_obj(o, attr) fx_get_obj_(FX_HERE, (o), (attr))
#define fx_is_null(o, attr) fx_is_null_(FX_HERE, (o), (attr))
#define fx_coll(o, name) fx_coll_(FX_HERE, (o), (name))
#define fx_len(c) fx_len_(FX_HERE, (c))
#define fx_at(c, i) fx_at_(FX_HERE, (c), (i))
#define fx_append(c, m) fx_append_(FX_HERE, (c), (m))
#define fx_contains(c, m) fx_contains_(FX_HERE, (c), (m))

/* ---- the database, seen past the session ---------------------------------- */

/* A one-value query on the engine's connection that must give an INTEGER. */
int64_t fx_sql_int_(FX_AT, assoc_engine *eng, const char *sql);
/* A one-value query that gives TEXT (copied to a static buffer) or NULL. */
const char *fx_sql_text_(FX_AT, assoc_engine *eng, const char *sql);
/* SELECT count(*) FROM table. */
int64_t fx_count_(FX_AT, assoc_engine *eng, const char *table);
/*
 * The values of a one-column query (its rows in its ORDER BY), as text joined
 * by ',' ("" for no row; NULLs left out), on either dialect: what SQLite's
 * group_concat over an ordered subquery gives. Copied to a static buffer.
 */
const char *fx_sql_list_(FX_AT, assoc_engine *eng, const char *sql);

#define fx_sql_int(eng, sql) fx_sql_int_(FX_HERE, (eng), (sql))
#define fx_sql_text(eng, sql) fx_sql_text_(FX_HERE, (eng), (sql))
#define fx_count(eng, table) fx_count_(FX_HERE, (eng), (table))
#define fx_sql_list(eng, sql) fx_sql_list_(FX_HERE, (eng), (sql))

/*
 * The rows of mapper's table as f's session sees them, its flushed and not yet
 * committed ones included. On SQLite in memory that is fx_count() (the engine
 * and its sessions share one connection); on a server, where the engine's
 * connection sees only what is committed, a count query of the session, which
 * must then hold nothing unflushed (the query's autoflush would change the count).
 */
int64_t fx_session_count_(FX_AT, fx *f, const char *mapper);
#define fx_session_count(f, mapper) fx_session_count_(FX_HERE, (f), (mapper))

/*
 * SQL text expected as SQLite prints it (":name_1" parameters), as the database
 * under test prints it: on PostgreSQL each named parameter becomes "$n", numbered
 * by first appearance, and the " LIMIT -1" SQLite needs before an OFFSET goes.
 * The text must be a whole statement (or start where its first parameter is the
 * statement's first). Copied to a static buffer.
 */
const char *fx_dialect_sql(const char *sqlite_text);
/* CHECK_STR of SQL text against the text SQLite prints, as fx_dialect_sql() gives it. */
#define CHECK_SQL(actual, sqlite_text) CHECK_STR((actual), fx_dialect_sql(sqlite_text))

/* ---- a database file ------------------------------------------------------- */

/* A fresh file in /tmp and its "sqlite:///..." URL; removed with its -wal and -shm files. */
struct fx_tmpdb {
	char path[64];
	char url[96];
};
void fx_tmpdb_make(struct fx_tmpdb *t);
void fx_tmpdb_remove(struct fx_tmpdb *t);

/* ---- a failing allocator --------------------------------------------------- */

/* Installs (on) or removes (off) the library allocator that fails the allocation fx_fail_arm names. */
void fx_fail_allocator(int on);
/* From now, allocation number n (counted from 1) fails, once. */
void fx_fail_arm(long n);
/* Stops counting: whether the armed allocation was reached (and so failed). */
int fx_fail_disarm(void);

/* Case-insensitive strstr. */
int fx_icontains(const char *haystack, const char *needle);

#endif
