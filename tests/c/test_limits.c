/*
 * test_limits.c - no silent limits: wide tables, long keys, many parameters,
 * long names and messages work whole, and the one declared limit
 * (ASSOC_MAX_COLUMNS) is refused at configure time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

#define WIDE 100
#define NKEY 20

static void name_of(char *buf, size_t n, const char *prefix, int i) { snprintf(buf, n, "%s%d", prefix, i); }

/* wide(id, c0 .. c99), mapped as Wide. */
static void build_wide(fx *f, int ncols)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "wide");
	for (int i = 0; i < ncols; i++) {
		char name[16];
		name_of(name, sizeof name, "c", i);
		fx_col(t, name, ASSOC_TYPE_INTEGER);
	}
	fx_mapper(f->reg, "Wide", "wide");
}

struct logged {
	size_t max_params;
	int64_t last_param;
};

static void note_params(void *ud, const assoc_statement_log *e)
{
	struct logged *l = ud;
	if (e->nparams > l->max_params) {
		l->max_params = e->nparams;
		if (e->params[e->nparams - 1].kind == ASSOC_INTEGER)
			l->last_param = e->params[e->nparams - 1].u.integer;
	}
}

/* An object with 100 changed columns writes all 100 (once 64 were kept and the rest dropped). */
static void test_update_of_100_changed_columns(void)
{
	fx f;
	build_wide(&f, WIDE);
	fx_open(&f);
	struct logged l = { 0, 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, note_params, &l));
	fx_new_session(&f); /* the log reaches the connection of a session made after it */
	assoc_object *w = fx_new(&f, "Wide");
	for (int i = 0; i < WIDE; i++) {
		char name[16];
		name_of(name, sizeof name, "c", i);
		fx_set_int(w, name, i);
	}
	CHECK_OK(assoc_session_add(f.s, w));
	CHECK_OK(assoc_session_commit(f.s));
	for (int i = 0; i < WIDE; i++) {
		char name[16];
		name_of(name, sizeof name, "c", i);
		fx_set_int(w, name, 1000 + i);
	}
	l = (struct logged){ 0, 0 };
	CHECK_OK(assoc_session_commit(f.s));
	/* UPDATE wide SET c0 = ?, ..., c99 = ? WHERE id = ?: 101 parameters, all logged */
	CHECK_INT(l.max_params, WIDE + 1);
	CHECK_INT(l.last_param, fx_get_int(w, "id"));
	CHECK_INT(fx_sql_int(f.eng, "SELECT c99 FROM wide"), 1099);
	CHECK_INT(fx_sql_int(f.eng, "SELECT c64 FROM wide"), 1064);
	int64_t want = 0;
	for (int i = 0; i < WIDE; i++)
		want += 1000 + i;
	char sql[2048] = "SELECT 0";
	for (int i = 0; i < WIDE; i++)
		snprintf(sql + strlen(sql), sizeof sql - strlen(sql), " + c%d", i);
	strncat(sql, " FROM wide", sizeof sql - strlen(sql) - 1);
	CHECK_INT(fx_sql_int(f.eng, sql), want);
	fx_close(&f);
}

/* A query with 100 bound parameters is logged with all 100. */
static void test_log_of_query_with_100_params(void)
{
	fx f;
	build_wide(&f, 1);
	fx_open(&f);
	struct logged l = { 0, 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, note_params, &l));
	fx_new_session(&f); /* the log reaches the connection of a session made after it */
	assoc_value vals[WIDE];
	for (int i = 0; i < WIDE; i++)
		vals[i] = assoc_value_integer(i + 1);
	assoc_expr *in;
	CHECK_OK(assoc_expr_in(&in, fx_m(&f, "Wide"), "c0", vals, WIDE));
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Wide")));
	CHECK_OK(assoc_query_where(q, in));
	assoc_result *r;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), 0);
	CHECK_INT(l.max_params, WIDE);
	CHECK_INT(l.last_param, WIDE);
	assoc_result_free(r);
	assoc_query_free(q);
	fx_close(&f);
}

/*
 * parent(k0 .. k19 primary key, name) and child(id, p0 .. p19 -> parent),
 * Parent.children <-> Child.parent (passive_updates off).
 */
static void build_long_key(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *p = fx_table(f->reg, "parent");
	const char *pk[NKEY], *fk[NKEY];
	char pnames[NKEY][8], cnames[NKEY][8];
	for (int i = 0; i < NKEY; i++) {
		assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
		o.primary_key = 1;
		name_of(pnames[i], sizeof pnames[i], "k", i);
		CHECK_OK(assoc_table_add_column(p, pnames[i], ASSOC_TYPE_INTEGER, &o));
		pk[i] = pnames[i];
	}
	fx_col(p, "name", ASSOC_TYPE_TEXT);
	assoc_table *c = fx_table_id(f->reg, "child");
	for (int i = 0; i < NKEY; i++) {
		name_of(cnames[i], sizeof cnames[i], "p", i);
		fx_col(c, cnames[i], ASSOC_TYPE_INTEGER);
		fk[i] = cnames[i];
	}
	fx_col(c, "name", ASSOC_TYPE_TEXT);
	CHECK_OK(assoc_table_add_foreign_key(c, NKEY, fk, "parent", pk, NULL));
	assoc_mapper *pm = fx_mapper(f->reg, "Parent", "parent");
	assoc_mapper *cm = fx_mapper(f->reg, "Child", "child");
	assoc_relationship_options ro = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	ro.target = "Child";
	ro.back_populates = "parent";
	ro.cascade = "all, delete-orphan";
	ro.passive_updates = 0; /* the session re-points the children when a key changes */
	CHECK_OK(assoc_mapper_add_relationship(pm, "children", &ro));
	fx_rel(cm, "parent", "Parent", "children", NULL);
}

static void key_of(assoc_value *pk, int64_t base)
{
	for (int i = 0; i < NKEY; i++)
		pk[i] = assoc_value_integer(base + i);
}

static assoc_object *new_parent(fx *f, int64_t base, const char *name)
{
	assoc_object *p = fx_new(f, "Parent");
	for (int i = 0; i < NKEY; i++) {
		char k[8];
		name_of(k, sizeof k, "k", i);
		fx_set_int(p, k, base + i);
	}
	fx_set_text(p, "name", name);
	CHECK_OK(assoc_session_add(f->s, p));
	return p;
}

/* A 20-column primary key through insert, get, the identity map, update, relationships, refresh, expunge. */
static void test_twenty_column_primary_key(void)
{
	fx f;
	build_long_key(&f);
	fx_open(&f);
	assoc_object *a = new_parent(&f, 100, "a");
	new_parent(&f, 200, "b");
	assoc_object *kid = fx_new(&f, "Child");
	fx_set_text(kid, "name", "kid");
	fx_append(fx_coll(a, "children"), kid);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT p19 FROM child"), 119);

	fx_new_session(&f);
	assoc_value pk[NKEY];
	key_of(pk, 100);
	assoc_object *got, *again;
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Parent"), pk, NKEY));
	CHECK(got != NULL);
	CHECK_STR(fx_get_text(got, "name"), "a");
	CHECK_OK(assoc_session_get(&again, f.s, fx_m(&f, "Parent"), pk, NKEY));
	CHECK(again == got); /* the identity map */
	pk[NKEY - 1] = assoc_value_integer(0); /* differs only in the last key column */
	CHECK_OK(assoc_session_get(&again, f.s, fx_m(&f, "Parent"), pk, NKEY));
	CHECK(again == NULL);

	assoc_collection *kids = fx_coll(got, "children");
	CHECK_INT(fx_len(kids), 1);
	assoc_object *k = fx_at(kids, 0);
	CHECK(fx_get_obj(k, "parent") == got); /* many-to-one found through the identity map */

	fx_set_text(got, "name", "a2");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM parent WHERE k0 = 100 AND k19 = 119"), "a2");

	/* a change of a key column (the last one) re-keys the identity map */
	fx_set_int(got, "k19", 999);
	CHECK_OK(assoc_session_flush(f.s));
	key_of(pk, 100);
	pk[NKEY - 1] = assoc_value_integer(999);
	CHECK_OK(assoc_session_get(&again, f.s, fx_m(&f, "Parent"), pk, NKEY));
	CHECK(again == got);
	CHECK_INT(fx_get_int(k, "p19"), 999);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT p19 FROM child"), 999);

	/* selectin loading over the 20-column key */
	fx_new_session(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Parent")));
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "Parent"), "children"));
	CHECK_OK(assoc_query_order_by(q, "k0", 0));
	assoc_result *r;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), 2);
	got = assoc_result_get(r, 0);
	CHECK_INT(fx_get_int(got, "k19"), 999);
	CHECK_INT(fx_len(fx_coll(got, "children")), 1);
	CHECK_INT(fx_len(fx_coll(assoc_result_get(r, 1), "children")), 0);
	k = fx_at(fx_coll(got, "children"), 0);
	assoc_result_free(r);
	assoc_query_free(q);

	CHECK_OK(assoc_session_refresh(f.s, got));
	CHECK_STR(fx_get_text(got, "name"), "a2");
	CHECK_OK(assoc_session_expunge(f.s, got));
	CHECK_OK(assoc_session_add(f.s, got)); /* back into the identity map under its 20-column key */
	CHECK_OK(assoc_session_get(&again, f.s, fx_m(&f, "Parent"), pk, NKEY));
	CHECK(again == got);
	fx_close(&f);
}

/* The declared limit: ASSOC_MAX_COLUMNS columns configure; one more is refused. */
static void test_max_columns(void)
{
	fx f;
	build_wide(&f, ASSOC_MAX_COLUMNS - 1); /* with id: exactly the limit */
	if (fx_on_postgres()) {
		/* the registry takes them; PostgreSQL's own table limit (1600 columns) refuses the table */
		CHECK_OK(assoc_registry_configure(f.reg));
		CHECK_OK(assoc_engine_open(&f.eng, fx_url()));
		fx_clean_database_(FX_HERE, f.eng);
		CHECK_ERR(assoc_engine_create_all(f.eng, f.reg), ASSOC_EDB);
		CHECK_MSG_CONTAINS("1600");
		fx_close(&f);
		build_wide(&f, ASSOC_MAX_COLUMNS);
		CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
		CHECK_MSG_CONTAINS("ASSOC_MAX_COLUMNS");
		assoc_registry_free(f.reg);
		return;
	}
	fx_open(&f);
	assoc_object *w = fx_new(&f, "Wide");
	fx_set_int(w, "c1998", 7);
	CHECK_OK(assoc_session_add(f.s, w));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT c1998 FROM wide"), 7);
	fx_close(&f);

	build_wide(&f, ASSOC_MAX_COLUMNS);
	CHECK_ERR(assoc_registry_configure(f.reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("ASSOC_MAX_COLUMNS");
	CHECK_MSG_CONTAINS("wide");
	assoc_registry_free(f.reg);
}

static char *repeat(char c, size_t n, const char *tail)
{
	char *s = malloc(n + strlen(tail) + 1);
	CHECK(s != NULL);
	memset(s, c, n);
	strcpy(s + n, tail);
	return s;
}

/* Messages are kept whole, however long the names in them. */
static void test_long_messages_are_whole(void)
{
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	char *tname = repeat('t', 1500, "_end");
	assoc_table *t = fx_table_id(reg, tname);
	char *missing = repeat('m', 1500, "_tail");
	const char *cols[1] = { missing };
	CHECK_ERR(assoc_table_add_unique(t, 1, cols, NULL), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS(tname);
	CHECK_MSG_CONTAINS(missing); /* past the 1024th byte */
	CHECK(strlen(assoc_error_last()->message) > 3000);
	/* a short message after a long one */
	CHECK_ERR(assoc_registry_configure(NULL), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("registry is NULL");
	assoc_error_clear();
	CHECK_STR(assoc_error_last()->message, "");
	free(missing);
	free(tname);
	assoc_registry_free(reg);
}

/* A failed flush keeps the whole message: a NOT NULL failure on a long-named table. */
static void test_flush_failure_message_is_whole(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	char *tname = repeat('x', 1200, "_table");
	assoc_table *t = fx_table_id(f.reg, tname);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.nullable = 0;
	CHECK_OK(assoc_table_add_column(t, "req", ASSOC_TYPE_TEXT, &o));
	fx_mapper(f.reg, "X", tname);
	fx_open(&f);
	CHECK_OK(assoc_session_add(f.s, fx_new(&f, "X")));
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	if (fx_on_postgres()) {
		/* the statement's whole text leads; PostgreSQL's own words name the column */
		char *insert = repeat('x', 1200, "_table: null value in column \"req\"");
		CHECK_MSG_CONTAINS(insert);
		CHECK_MSG_CONTAINS("not-null");
		free(insert);
	} else {
		CHECK_MSG_CONTAINS("NOT NULL");
		char *qualified = repeat('x', 1200, "_table.req");
		CHECK_MSG_CONTAINS(qualified);
		free(qualified);
	}
	free(tname);
	fx_close(&f);
}

/* A repr and a convention-made constraint name longer than 255 bytes come back whole. */
static void test_long_repr_and_constraint_name(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	CHECK_OK(assoc_registry_set_naming_convention(f.reg, "uq", "uq_%(table_name)s_%(column_0_name)s"));
	char *tname = repeat('n', 300, "");
	assoc_table *t = fx_table(f.reg, tname);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	CHECK_OK(assoc_table_add_column(t, "code", ASSOC_TYPE_TEXT, &o));
	o.primary_key = 0;
	o.unique = 1;
	CHECK_OK(assoc_table_add_column(t, "other", ASSOC_TYPE_TEXT, &o));
	fx_mapper(f.reg, "N", tname);
	fx_open(&f);
	const char *uq;
	CHECK_OK(assoc_table_constraint_name(&uq, t, "uq", "other"));
	char *want = malloc(strlen(tname) + 16);
	sprintf(want, "uq_%s_other", tname);
	CHECK_STR(uq, want);
	char *code = repeat('c', 400, "!");
	assoc_object *n = fx_new(&f, "N");
	fx_set_text(n, "code", code);
	char *repr = malloc(strlen(code) + 8);
	sprintf(repr, "<N %s>", code);
	CHECK_STR(assoc_object_repr(n), repr);
	CHECK_STR(assoc_object_repr(NULL), "None");
	free(repr);
	free(code);
	free(want);
	free(tname);
	fx_close(&f);
}

/* order_by names a column longer than 127 bytes, quoted because it has a space. */
static void test_order_by_long_quoted_name(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	char *col = repeat('o', 200, " rank");
	assoc_table *p = fx_table_id(f.reg, "ps");
	assoc_table *c = fx_table_id(f.reg, "cs");
	fx_col(c, col, ASSOC_TYPE_INTEGER);
	fx_fk(c, "p_id", "ps.id");
	(void)p;
	assoc_mapper *pm = fx_mapper(f.reg, "P", "ps");
	fx_mapper(f.reg, "C", "cs");
	char *order = malloc(strlen(col) + 16);
	sprintf(order, "\"%s\" DESC", col);
	assoc_relationship_options ro = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	ro.target = "C";
	ro.order_by = order;
	CHECK_OK(assoc_mapper_add_relationship(pm, "cs", &ro));
	fx_open(&f);
	assoc_object *parent = fx_new(&f, "P");
	CHECK_OK(assoc_session_add(f.s, parent));
	for (int i = 1; i <= 3; i++) {
		assoc_object *ch = fx_new(&f, "C");
		fx_set_int(ch, col, i);
		fx_append(fx_coll(parent, "cs"), ch);
	}
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f);
	assoc_value one = assoc_value_integer(1);
	assoc_object *got;
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "P"), &one, 1));
	assoc_collection *cs = fx_coll(got, "cs");
	CHECK_INT(fx_len(cs), 3);
	CHECK_INT(fx_get_int(fx_at(cs, 0), col), 3);
	CHECK_INT(fx_get_int(fx_at(cs, 2), col), 1);
	free(order);
	free(col);
	fx_close(&f);
}

/* A NUMERIC column takes a decimal number of any length as TEXT. */
static void test_numeric_text_of_any_length(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_table *t = fx_table_id(f.reg, "nums");
	fx_col(t, "n", ASSOC_TYPE_NUMERIC);
	fx_mapper(f.reg, "Num", "nums");
	fx_open(&f);
	assoc_object *o = fx_new(&f, "Num");
	char *big = repeat('9', 100, ".5");
	CHECK_OK(assoc_object_set(o, "n", assoc_value_text(big)));
	CHECK_ERR(assoc_object_set(o, "n", assoc_value_text("12x")), ASSOC_ETYPE);
	free(big);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_update_of_100_changed_columns),
		TEST(test_log_of_query_with_100_params),
		TEST(test_twenty_column_primary_key),
		TEST(test_max_columns),
		TEST(test_long_messages_are_whole),
		TEST(test_flush_failure_message_is_whole),
		TEST(test_long_repr_and_constraint_name),
		TEST(test_order_by_long_quoted_name),
		TEST(test_numeric_text_of_any_length),
	};
	return CHECK_RUN(tests, argc, argv);
}
