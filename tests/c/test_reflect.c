/*
 * test_reflect.c - assoc_registry_reflect() over a database made by plain SQL
 * (composite keys, quoted names, a self-referential key, an association
 * table, a table without a primary key), mapping and using what it read; its
 * error paths; the schema drift check; an allocation-failure sweep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static const char *const schema_sql =
	"CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, \"e mail\" TEXT UNIQUE,"
	"  score FLOATING POINT DEFAULT 7, vip BOOLEAN NOT NULL DEFAULT 0);"
	"CREATE TABLE \"order\" (\"order no\" INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (id),"
	"  note TEXT NOT NULL DEFAULT 'n''a', total DECIMAL(10,2));"
	"CREATE TABLE warehouse (region TEXT NOT NULL, code INT NOT NULL, label TEXT, PRIMARY KEY (region, code));"
	"CREATE TABLE bin (id INTEGER PRIMARY KEY, region TEXT, code INT, \"size\" REAL,"
	"  FOREIGN KEY (region, code) REFERENCES warehouse (region, code) ON DELETE CASCADE);"
	"CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node, label TEXT);"
	"CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT);"
	"CREATE UNIQUE INDEX ux_tag_name ON tag (name);"
	"CREATE TABLE order_tag (order_no REFERENCES \"order\", tag_id REFERENCES tag (id),"
	"  PRIMARY KEY (order_no, tag_id));"
	"CREATE TABLE log (msg TEXT);";

static assoc_engine *make_db(void)
{
	assoc_engine *e = NULL;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	CHECK_OK(assoc_engine_exec(e, schema_sql));
	return e;
}

static assoc_table *table(assoc_registry *reg, const char *name)
{
	assoc_table *t = NULL;
	CHECK_OK(assoc_registry_table(&t, reg, name));
	return t;
}

static int has_table(assoc_registry *reg, const char *name)
{
	assoc_table *t = NULL;
	return assoc_registry_table(&t, reg, name) == 0;
}

static assoc_mapper *mapper(assoc_registry *reg, const char *name)
{
	assoc_mapper *m = NULL;
	CHECK_OK(assoc_registry_mapper(&m, reg, name));
	return m;
}

static int has_mapper(assoc_registry *reg, const char *name)
{
	assoc_mapper *m = NULL;
	return assoc_registry_mapper(&m, reg, name) == 0;
}

static assoc_object *obj(assoc_session *s, assoc_registry *reg, const char *m)
{
	assoc_object *o = NULL;
	CHECK_OK(assoc_object_new(&o, s, mapper(reg, m)));
	CHECK_OK(assoc_session_add(s, o));
	return o;
}

static void test_options_init(void)
{
	assoc_reflect_options o;
	memset(&o, 0xff, sizeof o);
	CHECK_OK(assoc_reflect_options_init(&o, ASSOC_REFLECT_OPTIONS_VERSION));
	CHECK_INT(o.version, ASSOC_REFLECT_OPTIONS_VERSION);
	CHECK(o.tables == NULL && o.ntables == 0 && !o.strict_types && !o.propose_relationships);
	CHECK_ERR(assoc_reflect_options_init(&o, 99), ASSOC_EINVAL);
	CHECK_ERR(assoc_reflect_options_init(NULL, ASSOC_REFLECT_OPTIONS_VERSION), ASSOC_EINVAL);
}

/* Every table but sqlite_*, its columns in order, keys and uniques; then mapped by hand and used. */
static void test_tables_then_map_by_hand(void)
{
	assoc_engine *e = make_db();
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_OK(assoc_registry_reflect(reg, e, NULL));
	const char *names[] = { "customer", "order", "warehouse", "bin", "node", "tag", "order_tag", "log" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		CHECK(has_table(reg, names[i]));
	CHECK(!has_table(reg, "sqlite_schema"));
	CHECK(!has_mapper(reg, "customer")); /* no proposals asked for */
	assoc_table *c = table(reg, "customer");
	CHECK_INT(assoc_table_column_count(c), 5);
	CHECK_STR(assoc_table_column_name(c, 2), "e mail");
	const char *n = NULL;
	CHECK_OK(assoc_table_constraint_name(&n, c, "uq", "e mail"));
	CHECK_ERR(assoc_table_constraint_name(&n, c, "uq", "name"), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_table_constraint_name(&n, table(reg, "tag"), "uq", "name"));
	CHECK_STR(n, "ux_tag_name");
	CHECK_OK(assoc_table_constraint_name(&n, table(reg, "bin"), "fk", "region"));
	CHECK_STR(assoc_table_column_name(table(reg, "order"), 0), "order no");

	assoc_mapper *mc = NULL, *mo = NULL, *mw = NULL, *mb = NULL;
	CHECK_OK(assoc_mapper_new(&mc, reg, "Customer", "customer"));
	CHECK_OK(assoc_mapper_new(&mo, reg, "Order", "order"));
	CHECK_OK(assoc_mapper_new(&mw, reg, "Warehouse", "warehouse"));
	CHECK_OK(assoc_mapper_new(&mb, reg, "Bin", "bin"));
	fx_rel(mc, "orders", "Order", "customer", NULL);
	fx_rel(mo, "customer", "Customer", "orders", NULL);
	fx_rel(mb, "warehouse", "Warehouse", NULL, NULL);
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_OK(assoc_engine_create_all(e, reg)); /* every table exists with its columns: no drift */

	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *cu = obj(s, reg, "Customer"), *o1 = obj(s, reg, "Order");
	fx_set_text(cu, "name", "Ada");
	fx_set_text(cu, "e mail", "ada@example.org");
	/* FLOATING POINT has INTEGER affinity (it contains "INT"): a REAL is refused */
	CHECK_ERR(assoc_object_set(cu, "score", assoc_value_real(1.5)), ASSOC_ETYPE);
	CHECK_ERR(assoc_object_set(cu, "vip", assoc_value_integer(2)), ASSOC_ETYPE); /* BOOLEAN */
	CHECK_OK(assoc_object_set(o1, "total", assoc_value_text("12.50"))); /* DECIMAL: NUMERIC */
	fx_append(fx_coll(cu, "orders"), o1);
	assoc_object *w = obj(s, reg, "Warehouse"), *b = obj(s, reg, "Bin");
	fx_set_text(w, "region", "north");
	fx_set_int(w, "code", 7);
	fx_set_obj(b, "warehouse", w);
	CHECK_OK(assoc_object_set(b, "size", assoc_value_integer(3))); /* REAL takes an INTEGER */
	CHECK_OK(assoc_session_commit(s));
	CHECK_INT(fx_get_int(cu, "id"), 1); /* the rowid: generated */
	CHECK_INT(fx_get_int(o1, "order no"), 1);
	CHECK_INT(fx_sql_int(e, "SELECT customer_id FROM \"order\""), 1);
	CHECK_STR(fx_sql_text(e, "SELECT note FROM \"order\""), "n'a"); /* the literal default */
	CHECK_INT(fx_sql_int(e, "SELECT score FROM customer"), 7);
	CHECK_INT(fx_sql_int(e, "SELECT vip FROM customer"), 0);
	CHECK_STR(fx_sql_text(e, "SELECT region || code FROM bin"), "north7");
	assoc_session_free(s);

	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_value pk[2] = { assoc_value_text("north"), assoc_value_integer(7) };
	assoc_object *w2 = NULL, *b2 = NULL;
	CHECK_OK(assoc_session_get(&w2, s, mw, pk, 2));
	CHECK(w2 != NULL);
	pk[0] = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&b2, s, mb, pk, 1));
	CHECK(fx_get_obj(b2, "warehouse") == w2);
	assoc_session_free(s);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* Mappers named after their tables, relationships named as automap names them. */
static void test_propose_relationships(void)
{
	assoc_engine *e = make_db();
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	ro.propose_relationships = 1;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	const char *mapped[] = { "customer", "order", "warehouse", "bin", "node", "tag" };
	for (size_t i = 0; i < sizeof mapped / sizeof *mapped; i++)
		CHECK(has_mapper(reg, mapped[i]));
	CHECK(!has_mapper(reg, "order_tag")); /* an association table */
	CHECK(!has_mapper(reg, "log"));       /* no primary key: skipped */
	CHECK_OK(assoc_registry_configure(reg));
	struct { const char *m, *attr, *target; assoc_collection_kind kind; } rels[] = {
		{ "order", "customer", "customer", ASSOC_COLLECTION_SCALAR },
		{ "customer", "order_collection", "order", ASSOC_COLLECTION_LIST },
		{ "bin", "warehouse", "warehouse", ASSOC_COLLECTION_SCALAR },
		{ "warehouse", "bin_collection", "bin", ASSOC_COLLECTION_LIST },
		{ "node", "node", "node", ASSOC_COLLECTION_SCALAR },
		{ "node", "node_collection", "node", ASSOC_COLLECTION_LIST },
		{ "order", "tag_collection", "tag", ASSOC_COLLECTION_LIST },
		{ "tag", "order_collection", "order", ASSOC_COLLECTION_LIST },
	};
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		assoc_attr *a = NULL;
		CHECK_OK(assoc_mapper_attr(&a, mapper(reg, rels[i].m), rels[i].attr));
		CHECK_INT(assoc_attr_kind_of(a), ASSOC_ATTR_RELATIONSHIP);
		CHECK_STR(assoc_mapper_name(assoc_attr_target(a)), rels[i].target);
		CHECK_INT(assoc_attr_collection_kind(a), rels[i].kind);
	}
	CHECK_OK(assoc_engine_create_all(e, reg));

	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *cu = obj(s, reg, "customer");
	fx_set_text(cu, "name", "Grace");
	assoc_object *o1 = obj(s, reg, "order"), *o2 = obj(s, reg, "order");
	fx_set_obj(o1, "customer", cu);                   /* many-to-one ... */
	CHECK(fx_contains(fx_coll(cu, "order_collection"), o1)); /* ... kept in sync with its back_populates */
	fx_append(fx_coll(cu, "order_collection"), o2);
	CHECK(fx_get_obj(o2, "customer") == cu);
	assoc_object *t1 = obj(s, reg, "tag"), *t2 = obj(s, reg, "tag");
	fx_set_text(t1, "name", "red");
	fx_set_text(t2, "name", "blue");
	fx_append(fx_coll(o1, "tag_collection"), t1);
	fx_append(fx_coll(o1, "tag_collection"), t2);
	fx_append(fx_coll(o2, "tag_collection"), t1);
	CHECK(fx_contains(fx_coll(t1, "order_collection"), o2));
	assoc_object *root = obj(s, reg, "node"), *kid = obj(s, reg, "node");
	fx_set_text(root, "label", "root");
	fx_set_text(kid, "label", "kid");
	fx_set_obj(kid, "node", root);
	CHECK(fx_contains(fx_coll(root, "node_collection"), kid));
	CHECK_OK(assoc_session_commit(s));
	CHECK_INT(fx_count(e, "order_tag"), 3);
	CHECK_INT(fx_sql_int(e, "SELECT count(*) FROM \"order\" WHERE customer_id = 1"), 2);
	CHECK_INT(fx_sql_int(e, "SELECT parent_id FROM node WHERE label = 'kid'"), 1);
	assoc_session_free(s);

	/* read back through a new session */
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_value pk = assoc_value_integer(1);
	assoc_object *c2 = NULL, *t = NULL, *n = NULL;
	CHECK_OK(assoc_session_get(&c2, s, mapper(reg, "customer"), &pk, 1));
	CHECK_STR(fx_get_text(c2, "name"), "Grace");
	CHECK_INT(fx_len(fx_coll(c2, "order_collection")), 2);
	CHECK_OK(assoc_session_get(&t, s, mapper(reg, "tag"), &pk, 1));
	CHECK_INT(fx_len(fx_coll(t, "order_collection")), 2);
	pk = assoc_value_integer(2);
	CHECK_OK(assoc_session_get(&n, s, mapper(reg, "node"), &pk, 1));
	CHECK_STR(fx_get_text(fx_get_obj(n, "node"), "label"), "root");
	assoc_session_free(s);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* Declared types: assoc's own names exactly, any other by SQLite's affinity rules. */
static void test_declared_types(void)
{
	assoc_engine *e = NULL;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	CHECK_OK(assoc_engine_exec(e, "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR2(10), b FLOATING POINT,"
	                              " c DOUB, d STRING, e, f BLOB, g TIMESTAMP, h UNSIGNED BIG INT, i BOOL, j NCHAR(5),"
	                              " k DOUBLE PRECISION);"
	                              "CREATE TABLE w (k INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;"));
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_OK(assoc_registry_reflect(reg, e, NULL));
	fx_mapper(reg, "T", "t");
	fx_mapper(reg, "W", "w");
	CHECK_OK(assoc_registry_configure(reg));
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *o = obj(s, reg, "T");
	struct { const char *col; assoc_value ok, bad; } cases[] = {
		{ "a", assoc_value_text("x"), assoc_value_integer(1) },       /* CHAR: TEXT */
		{ "b", assoc_value_integer(1), assoc_value_text("x") },       /* INT: INTEGER */
		{ "c", assoc_value_real(0.5), assoc_value_text("x") },        /* DOUB: REAL */
		{ "d", assoc_value_text("12"), assoc_value_text("twelve") },  /* else: NUMERIC */
		{ "e", assoc_value_blob("\1", 1), assoc_value_text("x") },    /* none: BLOB */
		{ "f", assoc_value_blob("\2", 1), assoc_value_integer(1) },
		{ "g", assoc_value_text("2026-12-02 10:00"), assoc_value_text("noon") }, /* DATETIME */
		{ "h", assoc_value_integer(7), assoc_value_real(0.5) },
		{ "i", assoc_value_integer(1), assoc_value_integer(3) },      /* BOOLEAN */
		{ "j", assoc_value_text("abc"), assoc_value_real(1.0) },
		{ "k", assoc_value_real(2.5), assoc_value_text("x") },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK_ERR(assoc_object_set(o, cases[i].col, cases[i].bad), ASSOC_ETYPE);
		CHECK_OK(assoc_object_set(o, cases[i].col, cases[i].ok));
	}
	/* WITHOUT ROWID: its INTEGER key is not generated, the program gives it */
	assoc_object *w = obj(s, reg, "W");
	fx_set_int(w, "k", 42);
	CHECK_OK(assoc_session_commit(s));
	CHECK_INT(fx_sql_int(e, "SELECT id FROM t"), 1);
	CHECK_INT(fx_sql_int(e, "SELECT k FROM w"), 42);
	assoc_session_free(s);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* Names with spaces, quotes and keywords, through the proposed relationships too. */
static void test_quoted_names(void)
{
	assoc_engine *e = NULL;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	CHECK_OK(assoc_engine_exec(e, "CREATE TABLE \"select\" (\"key \"\"1\"\"\" TEXT, \"from\" INT, name TEXT,"
	                              " PRIMARY KEY (\"key \"\"1\"\"\", \"from\"));"
	                              "CREATE TABLE \"line item\" (\"item, no\" INTEGER PRIMARY KEY, k TEXT, f INT,"
	                              " FOREIGN KEY (k, f) REFERENCES \"select\" (\"key \"\"1\"\"\", \"from\"));"));
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	ro.propose_relationships = 1;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_OK(assoc_engine_create_all(e, reg));
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *sel = obj(s, reg, "select"), *li = obj(s, reg, "line item");
	fx_set_text(sel, "key \"1\"", "k1");
	fx_set_int(sel, "from", 3);
	fx_append(fx_coll(sel, "line item_collection"), li);
	CHECK(fx_get_obj(li, "select") == sel);
	CHECK_OK(assoc_session_commit(s));
	CHECK_STR(fx_sql_text(e, "SELECT k || f FROM \"line item\""), "k13");
	assoc_session_free(s);
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_value pk = assoc_value_integer(1);
	assoc_object *li2 = NULL;
	CHECK_OK(assoc_session_get(&li2, s, mapper(reg, "line item"), &pk, 1));
	CHECK_STR(fx_get_text(fx_get_obj(li2, "select"), "key \"1\""), "k1");
	assoc_session_free(s);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* A relationship name taken by a column gets "_"; two keys to one table get two names. */
static void test_name_collisions(void)
{
	assoc_engine *e = NULL;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	CHECK_OK(assoc_engine_exec(e, "CREATE TABLE person (id INTEGER PRIMARY KEY);"
	                              "CREATE TABLE pet (id INTEGER PRIMARY KEY, person INTEGER REFERENCES person,"
	                              " vet INTEGER REFERENCES person);"
	                              "CREATE TABLE friend (a INTEGER REFERENCES person, b INTEGER REFERENCES person,"
	                              " PRIMARY KEY (a, b));"));
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	ro.propose_relationships = 1;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	CHECK_OK(assoc_registry_configure(reg));
	assoc_attr *a = NULL;
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "pet"), "person"));
	CHECK_INT(assoc_attr_kind_of(a), ASSOC_ATTR_COLUMN);
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "pet"), "person_"));
	CHECK_INT(assoc_attr_kind_of(a), ASSOC_ATTR_RELATIONSHIP);
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "pet"), "person__"));
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "person"), "pet_collection"));
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "person"), "pet_collection_"));
	/* the self-referential many-to-many: both directions on one mapper */
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "person"), "person_collection"));
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "person"), "person_collection_"));
	CHECK_OK(assoc_engine_create_all(e, reg));
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *p1 = obj(s, reg, "person"), *p2 = obj(s, reg, "person"), *pet = obj(s, reg, "pet");
	fx_append(fx_coll(p1, "person_collection"), p2);
	CHECK(fx_contains(fx_coll(p2, "person_collection_"), p1));
	fx_set_obj(pet, "person_", p1);
	fx_set_obj(pet, "person__", p2);
	CHECK_OK(assoc_session_commit(s));
	CHECK_INT(fx_sql_int(e, "SELECT a * 10 + b FROM friend"), 12);
	CHECK_INT(fx_sql_int(e, "SELECT person * 10 + vet FROM pet"), 12);
	assoc_session_free(s);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* A list of tables: those and the ones their keys refer to; tables declared already stay as declared. */
static void test_subset_and_declared(void)
{
	assoc_engine *e = make_db();
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_table *mine = fx_table_id(reg, "customer");
	fx_col(mine, "name", ASSOC_TYPE_TEXT);
	const char *only[] = { "ORDER_TAG" }; /* SQLite's names ignore case */
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	ro.tables = only;
	ro.ntables = 1;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	CHECK(has_table(reg, "order_tag") && has_table(reg, "order") && has_table(reg, "tag"));
	CHECK(!has_table(reg, "node") && !has_table(reg, "warehouse") && !has_table(reg, "log"));
	CHECK_INT(assoc_table_column_count(table(reg, "customer")), 2); /* the program's declaration */
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));                  /* again: nothing new */
	CHECK_OK(assoc_registry_configure(reg));
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

static void test_errors(void)
{
	assoc_engine *e = make_db();
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	CHECK_ERR(assoc_registry_reflect(NULL, e, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_registry_reflect(reg, NULL, NULL), ASSOC_EINVAL);
	ro.version = 42;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("version 42");
	ro.version = ASSOC_REFLECT_OPTIONS_VERSION;
	ro.ntables = 1;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_EINVAL);
	const char *bad[] = { "customer", "" };
	ro.tables = bad;
	ro.ntables = 2;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("tables[1] is empty");
	const char *unknown[] = { "customer", "no such" };
	ro.tables = unknown;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("'no such'");
	CHECK(!has_table(reg, "customer")); /* nothing added */
	const char *view[] = { "v" };
	CHECK_OK(assoc_engine_exec(e, "CREATE VIEW v AS SELECT 1 AS x"));
	ro.tables = view;
	ro.ntables = 1;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_ENOTFOUND); /* a view is not a table */

	/* strict_types: FLOATING POINT is not a type assoc knows */
	ro.tables = NULL;
	ro.ntables = 0;
	ro.strict_types = 1;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("'customer.score'");
	CHECK_MSG_CONTAINS("FLOATING POINT");
	CHECK(!has_table(reg, "customer"));

	/* a mapper's name taken: all or nothing */
	ro.strict_types = 0;
	ro.propose_relationships = 1;
	assoc_table *other = fx_table_id(reg, "elsewhere");
	(void)other;
	assoc_mapper *m = fx_mapper(reg, "tag", "elsewhere");
	(void)m;
	CHECK_ERR(assoc_registry_reflect(reg, e, &ro), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("'tag'");
	CHECK(!has_table(reg, "customer") && !has_mapper(reg, "customer"));

	/* a table without a primary key is reflected, and refused as a mapper at configure */
	ro.propose_relationships = 0;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	CHECK(has_table(reg, "log"));
	CHECK(fx_mapper(reg, "Log", "log") != NULL);
	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("log");
	assoc_registry_free(reg);

	/* a configured registry */
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_ERR(assoc_registry_reflect(reg, e, NULL), ASSOC_ESTATE);
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* A key naming no columns refers to the primary key; a mismatch is reported. */
static void test_implicit_reference(void)
{
	assoc_engine *e = NULL;
	CHECK_OK(assoc_engine_open(&e, "sqlite://"));
	CHECK_OK(assoc_engine_exec(e, "CREATE TABLE p (x TEXT, y INT, PRIMARY KEY (y, x));"
	                              "CREATE TABLE c (id INTEGER PRIMARY KEY, py, px, FOREIGN KEY (py, px) REFERENCES p);"));
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
	ro.propose_relationships = 1;
	CHECK_OK(assoc_registry_reflect(reg, e, &ro));
	CHECK_OK(assoc_registry_configure(reg));
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *p = obj(s, reg, "p"), *c = obj(s, reg, "c");
	fx_set_text(p, "x", "a");
	fx_set_int(p, "y", 5);
	/* py and px have no declared type: they take INTEGER and TEXT from what they refer to */
	CHECK_ERR(assoc_object_set(c, "py", assoc_value_text("5")), ASSOC_ETYPE);
	fx_set_obj(c, "p", p);
	CHECK_OK(assoc_session_commit(s));
	CHECK_STR(fx_sql_text(e, "SELECT py || px FROM c"), "5a");
	assoc_session_free(s);
	assoc_registry_free(reg);

	CHECK_OK(assoc_engine_exec(e, "CREATE TABLE bad (id INTEGER PRIMARY KEY, q INT REFERENCES p)"));
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_ERR(assoc_registry_reflect(reg, e, NULL), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("primary key of 'p'");
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* A mapped column the database lacks is reported by create_all and check_schema, naming it. */
static void test_schema_drift(void)
{
	assoc_engine *e = make_db();
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_table *t = fx_table_id(reg, "tag");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	fx_col(t, "colour", ASSOC_TYPE_TEXT);
	fx_mapper(reg, "Tag", "tag");
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_ERR(assoc_engine_check_schema(e, reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("table 'tag'");
	CHECK_MSG_CONTAINS("column 'colour'");
	CHECK_ERR(assoc_engine_create_all(e, reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("column 'colour'");
	CHECK_ERR(assoc_engine_check_schema(NULL, reg), ASSOC_EINVAL);
	CHECK_ERR(assoc_engine_check_schema(e, NULL), ASSOC_EINVAL);
	/* without create_all: the first statement the database refuses is explained */
	assoc_session *s = NULL;
	CHECK_OK(assoc_session_new(&s, e, reg, NULL));
	assoc_object *o = obj(s, reg, "Tag");
	fx_set_text(o, "name", "red");
	CHECK_ERR(assoc_session_flush(s), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("schema drift: table 'tag'");
	CHECK_MSG_CONTAINS("no column 'colour'");
	CHECK_MSG_CONTAINS("has no column named colour"); /* the database's own words, after */
	CHECK_INT(fx_count(e, "tag"), 0);
	assoc_session_free(s);
	assoc_registry_free(reg);


	/* a missing table: create_all makes it, check_schema alone reports it */
	CHECK_OK(assoc_registry_new(&reg));
	fx_table_id(reg, "fresh");
	CHECK_OK(assoc_registry_configure(reg));
	CHECK_ERR(assoc_engine_check_schema(e, reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("table 'fresh'");
	CHECK_OK(assoc_engine_create_all(e, reg));
	CHECK_OK(assoc_engine_check_schema(e, reg));
	assoc_registry_free(reg);
	assoc_engine_free(e);
}

/* Every allocation of a reflection with proposals fails in turn: ASSOC_ENOMEM and an unchanged registry. */
static void test_allocation_failures(void)
{
	assoc_engine *e = make_db();
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	long n;
	for (n = 1; !done; n++) {
		assoc_registry *reg = NULL;
		CHECK_OK(assoc_registry_new(&reg));
		assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
		ro.propose_relationships = 1;
		fx_fail_arm(n);
		int rc = assoc_registry_reflect(reg, e, &ro);
		if (!fx_fail_disarm()) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			CHECK(!has_table(reg, "customer") && !has_table(reg, "log") && !has_mapper(reg, "node"));
			CHECK_OK(assoc_registry_reflect(reg, e, &ro));
		}
		CHECK_OK(assoc_registry_configure(reg));
		CHECK(has_mapper(reg, "node"));
		assoc_registry_free(reg);
	}
	fx_fail_allocator(0);
	printf("  %ld allocation points, %d failed the reflection\n", n - 1, failed);
	CHECK(failed > 0);
	assoc_engine_free(e);
}

/* SQLite's own allocations fail too: the catalog queries report ASSOC_ENOMEM, the registry is unchanged. */
static struct { long count, fail_at; int armed, fired; } sq;

static void *sq_malloc(void *ud, size_t n)
{
	(void)ud;
	if (sq.armed && ++sq.count == sq.fail_at) {
		sq.fired = 1;
		return NULL;
	}
	return malloc(n);
}

static void *sq_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	if (sq.armed && ++sq.count == sq.fail_at) {
		sq.fired = 1;
		return NULL;
	}
	return realloc(p, n);
}

static void sq_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

static void test_sqlite_allocation_failures(void)
{
	assoc_allocator a = ASSOC_ALLOCATOR_INIT;
	a.flags = ASSOC_ALLOCATOR_SQLITE;
	a.malloc = sq_malloc;
	a.realloc = sq_realloc;
	a.free = sq_free;
	CHECK_OK(assoc_set_allocator(&a));
	assoc_engine *e = make_db();
	int done = 0, failed = 0;
	long n;
	for (n = 1; !done; n++) {
		assoc_registry *reg = NULL;
		CHECK_OK(assoc_registry_new(&reg));
		assoc_reflect_options ro = ASSOC_REFLECT_OPTIONS_INIT;
		ro.propose_relationships = 1;
		sq.count = 0;
		sq.fail_at = n;
		sq.fired = 0;
		sq.armed = 1;
		int rc = assoc_registry_reflect(reg, e, &ro);
		sq.armed = 0;
		if (!sq.fired) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			if (rc != ASSOC_ENOMEM)
				check_fail_at(__FILE__, __LINE__, "allocation %ld: %s (%s)", n, assoc_error_name(rc), assoc_error_last()->message);
			failed++;
			CHECK(!has_table(reg, "customer") && !has_mapper(reg, "node"));
			CHECK_OK(assoc_registry_reflect(reg, e, &ro));
		}
		CHECK_OK(assoc_registry_configure(reg));
		CHECK(has_mapper(reg, "node") && has_table(reg, "log"));
		assoc_registry_free(reg);
	}
	assoc_engine_free(e);
	CHECK_OK(assoc_set_allocator(NULL));
	printf("  %ld allocation points (SQLite's too), %d failed the reflection\n", n - 1, failed);
	CHECK(failed > 0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_options_init),
		TEST(test_tables_then_map_by_hand),
		TEST(test_propose_relationships),
		TEST(test_declared_types),
		TEST(test_quoted_names),
		TEST(test_name_collisions),
		TEST(test_subset_and_declared),
		TEST(test_errors),
		TEST(test_implicit_reference),
		TEST(test_schema_drift),
		TEST(test_allocation_failures),
		TEST(test_sqlite_allocation_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
