/*
 * test_identifiers.c - names full of quotes, semicolons, spaces, keywords and
 * non-ASCII text reach SQL quoted, never as SQL: the whole life of a schema
 * (create_all, the unit of work, relationships, proxies, queries, naming
 * conventions, drop_all) works with them and a table they name in a smuggled
 * DROP TABLE survives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

#define EVIL "\"; DROP TABLE victim; --"
#define T_PARENT "par\"ent; DROP TABLE victim; --"
#define T_CHILD "ch ild \"\xe5\x90\x8d\xe5\x89\x8d\""
#define T_KEYWORD "select"
#define T_LINK "P\"K; --"
#define C_NAME "na\"me"
#define C_SELECT "select"
#define C_SPACE "a b; --"
#define C_FK "pa\"rent_id"
#define C_NAIVE "na\xc3\xafve"
#define C_WORD "wo\"rd"
#define UQ_NAME "uq\"; DROP TABLE victim; --"

/* name in double quotes, quotes doubled: built here, not by the library under test */
static char *quoted(const char *name)
{
	char *q = malloc(2 * strlen(name) + 3), *p = q;
	CHECK(q != NULL);
	*p++ = '"';
	for (const char *s = name; *s; s++) {
		if (*s == '"')
			*p++ = '"';
		*p++ = *s;
	}
	*p++ = '"';
	*p = 0;
	return q;
}

/* SELECT count(*) FROM <table> [WHERE <col> = value]. */
static int64_t count_rows(assoc_engine *eng, const char *table, const char *col, assoc_value value)
{
	char *qt = quoted(table), *qc = col ? quoted(col) : NULL;
	char *sql = malloc(strlen(qt) + (qc ? strlen(qc) : 0) + 64);
	sprintf(sql, "SELECT count(*) FROM %s%s%s%s", qt, qc ? " WHERE " : "", qc ? qc : "", qc ? " = ?" : "");
	assoc_value out;
	CHECK_OK(assoc_engine_scalar(&out, eng, sql, col ? &value : NULL, col ? 1 : 0));
	CHECK_INT(out.kind, ASSOC_INTEGER);
	free(sql);
	free(qt);
	free(qc);
	return out.u.integer;
}

/* An object of the schema's kind named by type ("table", "index") and name, in sqlite_master. */
static int64_t master_has(assoc_engine *eng, const char *type, const char *name)
{
	assoc_value p[2] = { assoc_value_text(type), assoc_value_text(name) };
	assoc_value out;
	CHECK_OK(assoc_engine_scalar(&out, eng, "SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?", p, 2));
	return out.u.integer;
}

static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	CHECK_OK(assoc_registry_set_naming_convention(f->reg, "fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"));
	CHECK_OK(assoc_registry_set_naming_convention(f->reg, "uq", "uq_%(table_name)s_%(column_0_name)s"));
	CHECK_OK(assoc_registry_set_naming_convention(f->reg, "pk", "pk_%(table_name)s"));
	CHECK_OK(assoc_registry_set_naming_convention(f->reg, "ix", "ix_%(column_0_label)s" EVIL));

	assoc_table *p = fx_table_id(f->reg, T_PARENT);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.unique = 1;
	CHECK_OK(assoc_table_add_column(p, C_NAME, ASSOC_TYPE_TEXT, &o));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.index = 1;
	CHECK_OK(assoc_table_add_column(p, C_SELECT, ASSOC_TYPE_INTEGER, &o));
	fx_col(p, C_SPACE, ASSOC_TYPE_TEXT);

	assoc_table *c = fx_table_id(f->reg, T_CHILD);
	fx_col(c, C_FK, ASSOC_TYPE_INTEGER);
	fx_col(c, C_NAIVE, ASSOC_TYPE_TEXT);
	const char *fkcol[1] = { C_FK }, *ref[1] = { "id" }, *uq[1] = { C_NAIVE };
	assoc_fk_options fo = ASSOC_FK_OPTIONS_INIT;
	fo.name = EVIL;
	CHECK_OK(assoc_table_add_foreign_key(c, 1, fkcol, T_PARENT, ref, &fo));
	CHECK_OK(assoc_table_add_unique(c, 1, uq, UQ_NAME));

	assoc_table *k = fx_table_id(f->reg, T_KEYWORD);
	fx_col(k, C_WORD, ASSOC_TYPE_TEXT);
	assoc_table *l = fx_table(f->reg, T_LINK);
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(l, "p id", ASSOC_TYPE_INTEGER, &o));
	CHECK_OK(assoc_table_add_column(l, "k\"id", ASSOC_TYPE_INTEGER, &o));
	const char *lp[1] = { "p id" }, *lk[1] = { "k\"id" };
	CHECK_OK(assoc_table_add_foreign_key(l, 1, lp, T_PARENT, ref, NULL));
	CHECK_OK(assoc_table_add_foreign_key(l, 1, lk, T_KEYWORD, ref, NULL));

	assoc_mapper *pm = fx_mapper(f->reg, "Parent", T_PARENT);
	assoc_mapper *cm = fx_mapper(f->reg, "Child", T_CHILD);
	fx_mapper(f->reg, "Keyword", T_KEYWORD);
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Child";
	r.back_populates = "parent";
	r.cascade = "all, delete-orphan";
	r.order_by = "\"" C_NAIVE "\" DESC";
	CHECK_OK(assoc_mapper_add_relationship(pm, "children", &r));
	fx_rel(cm, "parent", "Parent", "children", NULL);
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Child";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = C_NAIVE;
	r.lazy = ASSOC_LAZY_SELECTIN;
	CHECK_OK(assoc_mapper_add_relationship(pm, "by_key", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = T_LINK;
	CHECK_OK(assoc_mapper_add_relationship(pm, "keywords", &r));
	assoc_proxy_options px = ASSOC_PROXY_OPTIONS_INIT;
	px.target_collection = "keywords";
	px.attr = C_WORD;
	CHECK_OK(assoc_mapper_add_proxy(pm, "words", &px));
}

static void make_victim(fx *f)
{
	CHECK_OK(assoc_engine_exec(f->eng, "CREATE TABLE victim (id INTEGER PRIMARY KEY)"));
	CHECK_OK(assoc_engine_exec(f->eng, "INSERT INTO victim VALUES (1)"));
}

static void victim_lives(fx *f)
{
	CHECK_INT(master_has(f->eng, "table", "victim"), 1);
	CHECK_INT(fx_sql_int(f->eng, "SELECT count(*) FROM victim"), 1);
}

/* create_all makes every table, constraint and index under its exact name, and nothing else. */
static void test_create_all_and_drop_all(void)
{
	fx f;
	build(&f);
	CHECK_OK(assoc_registry_configure(f.reg));
	CHECK_OK(assoc_engine_open(&f.eng, "sqlite://"));
	make_victim(&f);
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	victim_lives(&f);
	CHECK_INT(master_has(f.eng, "table", T_PARENT), 1);
	CHECK_INT(master_has(f.eng, "table", T_CHILD), 1);
	CHECK_INT(master_has(f.eng, "table", T_KEYWORD), 1);
	CHECK_INT(master_has(f.eng, "table", T_LINK), 1);
	CHECK_INT(master_has(f.eng, "index", "ix_" T_PARENT "_" C_SELECT EVIL), 1);
	/* the constraint names as the naming convention (or the program) gave them */
	assoc_table *c;
	CHECK_OK(assoc_registry_table(&c, f.reg, T_CHILD));
	const char *name;
	CHECK_OK(assoc_table_constraint_name(&name, c, "fk", C_FK));
	CHECK_STR(name, EVIL);
	CHECK_OK(assoc_table_constraint_name(&name, c, "uq", C_NAIVE));
	CHECK_STR(name, UQ_NAME);
	assoc_table *p;
	CHECK_OK(assoc_registry_table(&p, f.reg, T_PARENT));
	CHECK_OK(assoc_table_constraint_name(&name, p, "uq", C_NAME));
	CHECK_STR(name, "uq_" T_PARENT "_" C_NAME);
	/* and SQLite stored them so: the DDL text holds each name quoted */
	assoc_value out, tn = assoc_value_text(T_CHILD);
	CHECK_OK(assoc_engine_scalar(&out, f.eng, "SELECT sql FROM sqlite_master WHERE name = ?", &tn, 1));
	CHECK(out.kind == ASSOC_TEXT && strstr(out.u.bytes.data, "CONSTRAINT \"\"\"; DROP TABLE victim; --\" FOREIGN KEY"));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg)); /* IF NOT EXISTS: again is fine */
	CHECK_OK(assoc_engine_drop_all(f.eng, f.reg));
	victim_lives(&f);
	CHECK_INT(master_has(f.eng, "table", T_PARENT), 0);
	CHECK_INT(master_has(f.eng, "table", T_LINK), 0);
	fx_close(&f);
}

/* Inserts, updates, deletes, relationships, proxies and queries over the same names. */
static void test_unit_of_work_and_queries(void)
{
	fx f;
	build(&f);
	CHECK_OK(assoc_registry_configure(f.reg));
	CHECK_OK(assoc_engine_open(&f.eng, "sqlite://"));
	make_victim(&f);
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, NULL));

	assoc_object *a = fx_new(&f, "Parent");
	fx_set_text(a, C_NAME, "a\"; DROP TABLE victim; --");
	fx_set_int(a, C_SELECT, 2);
	fx_set_text(a, C_SPACE, "x");
	CHECK_OK(assoc_session_add(f.s, a));
	assoc_object *b = fx_add(&f, "Parent", C_NAME, "b");
	fx_set_int(b, C_SELECT, 1);
	const char *kids[] = { "k1", "k2", "k3" };
	for (int i = 0; i < 3; i++) {
		assoc_object *k = fx_new(&f, "Child");
		fx_set_text(k, C_NAIVE, kids[i]);
		fx_append(fx_coll(a, "children"), k);
	}
	assoc_collection *words = fx_coll(a, "words");
	CHECK_OK(assoc_collection_append(words, assoc_value_text("w\"1")));
	CHECK_OK(assoc_collection_append(words, assoc_value_text("w;2")));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(count_rows(f.eng, T_CHILD, C_FK, assoc_value_integer(fx_get_int(a, "id"))), 3);
	CHECK_INT(count_rows(f.eng, T_LINK, NULL, assoc_value_null()), 2);

	fx_set_text(b, C_NAME, "b2");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(count_rows(f.eng, T_PARENT, C_NAME, assoc_value_text("b2")), 1);

	/* a UNIQUE constraint with a smuggling name is real */
	assoc_object *dup = fx_new(&f, "Child");
	fx_set_text(dup, C_NAIVE, "k1");
	CHECK_OK(assoc_session_add(f.s, dup));
	CHECK_ERR(assoc_session_commit(f.s), ASSOC_ECONSTRAINT);
	CHECK_OK(assoc_session_rollback(f.s));

	fx_new_session(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Parent")));
	CHECK_OK(assoc_query_order_by(q, C_SELECT, 0));
	assoc_result *r;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), 2);
	CHECK_STR(fx_get_text(assoc_result_get(r, 0), C_NAME), "b2");
	assoc_object *got = assoc_result_get(r, 1);
	CHECK_STR(fx_get_text(got, C_NAME), "a\"; DROP TABLE victim; --");
	assoc_result_free(r);
	assoc_query_free(q);

	/* order_by with a quoted name: DESC on naïve */
	assoc_collection *ch = fx_coll(got, "children");
	CHECK_INT(fx_len(ch), 3);
	CHECK_STR(fx_get_text(fx_at(ch, 0), C_NAIVE), "k3");
	CHECK(fx_get_obj(fx_at(ch, 0), "parent") == got);
	assoc_collection *w = fx_coll(got, "words");
	int has = 0;
	CHECK_OK(assoc_collection_contains(&has, w, assoc_value_text("w\"1")));
	CHECK(has);

	/* a dict keyed by a column with a non-ASCII name, loaded by selectin */
	assoc_value member;
	CHECK_OK(assoc_collection_lookup(&member, fx_coll(got, "by_key"), assoc_value_text("k2")));
	CHECK(member.kind == ASSOC_OBJECT && member.u.object == fx_at(ch, 1));

	/* filter_by, a join and a condition across it */
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Parent")));
	CHECK_OK(assoc_query_join(q, fx_m(&f, "Parent"), "children"));
	assoc_expr *e;
	CHECK_OK(assoc_expr_compare(&e, fx_m(&f, "Child"), C_NAIVE, ASSOC_OP_EQ, assoc_value_text("k2")));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_filter_by(q, C_SPACE, assoc_value_text("x")));
	assoc_object *one;
	CHECK_OK(assoc_query_one(&one, q));
	CHECK(one == got);
	assoc_query_free(q);

	/* delete-orphan and delete */
	assoc_value first;
	CHECK_OK(assoc_collection_pop(&first, ch, 0));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(count_rows(f.eng, T_CHILD, NULL, assoc_value_null()), 2);
	CHECK_OK(assoc_session_delete(f.s, got));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(count_rows(f.eng, T_CHILD, NULL, assoc_value_null()), 0);
	CHECK_INT(count_rows(f.eng, T_LINK, NULL, assoc_value_null()), 0);
	CHECK_INT(count_rows(f.eng, T_PARENT, NULL, assoc_value_null()), 1);
	victim_lives(&f);
	CHECK_OK(assoc_engine_drop_all(f.eng, f.reg));
	victim_lives(&f);
	fx_close(&f);
}

/* The one name an identifier cannot have is the empty one, wherever it comes from. */
static void test_empty_names_refused(void)
{
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_table *t;
	CHECK_ERR(assoc_table_new(&t, reg, ""), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("empty");
	CHECK_ERR(assoc_table_new(&t, reg, NULL), ASSOC_EINVAL);
	t = fx_table_id(reg, "t");
	CHECK_ERR(assoc_table_add_column(t, "", ASSOC_TYPE_TEXT, NULL), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("column name is empty");
	fx_col(t, "v", ASSOC_TYPE_TEXT);
	const char *cols[1] = { "v" };
	CHECK_ERR(assoc_table_add_unique(t, 1, cols, ""), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("unique constraint name is empty");
	assoc_fk_options fo = ASSOC_FK_OPTIONS_INIT;
	fo.name = "";
	const char *ref[1] = { "id" };
	CHECK_ERR(assoc_table_add_foreign_key(t, 1, cols, "t", ref, &fo), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("foreign key name is empty");
	/* a naming convention whose result is empty: refused at configure, before any DDL */
	CHECK_OK(assoc_table_add_unique(t, 1, cols, NULL));
	CHECK_OK(assoc_registry_set_naming_convention(reg, "uq", ""));
	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("table 't'");
	CHECK_MSG_CONTAINS("uq");
	assoc_registry_free(reg);
}

/* foreign_keys names the columns to use, quoted where they hold spaces, dots or commas. */
static void test_foreign_keys_quoted(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_table_id(f.reg, "a.b");
	assoc_table *m = fx_table_id(f.reg, "msg");
	fx_fk(m, "from, \"x\".y", "a.b.id");
	fx_fk(m, "to z", "a.b.id");
	assoc_mapper *am = fx_mapper(f.reg, "A", "a.b");
	fx_mapper(f.reg, "Msg", "msg");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Msg";
	r.foreign_keys = "msg.\"from, \"\"x\"\".y\"";
	CHECK_OK(assoc_mapper_add_relationship(am, "sent", &r));
	r.foreign_keys = "\"msg\".\"to z\"";
	CHECK_OK(assoc_mapper_add_relationship(am, "received", &r));
	fx_open(&f);
	assoc_object *a = fx_new(&f, "A"), *b = fx_new(&f, "A");
	CHECK_OK(assoc_session_add(f.s, a));
	CHECK_OK(assoc_session_add(f.s, b));
	assoc_object *msg = fx_new(&f, "Msg");
	fx_append(fx_coll(a, "sent"), msg);
	fx_append(fx_coll(b, "received"), msg);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_get_int(msg, "from, \"x\".y"), fx_get_int(a, "id"));
	CHECK_INT(fx_get_int(msg, "to z"), fx_get_int(b, "id"));
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_create_all_and_drop_all),
		TEST(test_unit_of_work_and_queries),
		TEST(test_empty_names_refused),
		TEST(test_foreign_keys_quoted),
	};
	return CHECK_RUN(tests, argc, argv);
}
