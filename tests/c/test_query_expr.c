/*
 * test_query_expr.c - expressions: every column operator, AND/OR/NOT (and
 * how SQLAlchemy parenthesises them), IN, bound values, relationship any,
 * has, contains and comparisons (one-to-many, many-to-one, one-to-one,
 * many-to-many, self-referential), and misuse.
 */
#include <string.h>

#include "fixtures.h"

static void relate(assoc_mapper *m, const char *name, const char *target, const char *secondary, int uselist,
                   const char *back_populates)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.secondary = secondary;
	r.uselist = uselist;
	r.back_populates = back_populates;
	CHECK_OK(assoc_mapper_add_relationship(m, name, &r));
}

/*
 * users ann 20, bob 30, cy 20, dee 30 (ids 1..4); addresses ann@a, ann@b (ann),
 * bob@a (bob), nobody (no user); profiles: ann 'likes cats', bob NULL bio;
 * tags red, blue: ann has both, cy blue; nodes root <- a <- a1, root <- b.
 */
static void open_data(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	assoc_table *users = NULL;
	CHECK_OK(assoc_registry_table(&users, f->reg, "users"));
	fx_col(users, "age", ASSOC_TYPE_INTEGER);
	assoc_table *profiles = fx_table_id(f->reg, "profiles");
	fx_col(profiles, "bio", ASSOC_TYPE_TEXT);
	fx_fk(profiles, "user_id", "users.id");
	fx_col(fx_table_id(f->reg, "tags"), "label", ASSOC_TYPE_TEXT);
	assoc_table *ut = fx_table(f->reg, "user_tags");
	fx_fk(ut, "user_id", "users.id");
	fx_fk(ut, "tag_id", "tags.id");
	assoc_table *node = fx_table_id(f->reg, "node");
	fx_col(node, "name", ASSOC_TYPE_TEXT);
	fx_fk(node, "parent_id", "node.id");
	assoc_mapper *user = NULL;
	CHECK_OK(assoc_registry_mapper(&user, f->reg, "User"));
	fx_mapper(f->reg, "Profile", "profiles");
	fx_mapper(f->reg, "Tag", "tags");
	assoc_mapper *n = fx_mapper(f->reg, "Node", "node");
	relate(user, "profile", "Profile", NULL, 0, NULL);
	relate(user, "tags", "Tag", "user_tags", -1, NULL);
	fx_rel(n, "children", "Node", "parent", NULL);
	relate(n, "parent", "Node", NULL, 0, "children");
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng,
		"INSERT INTO users (id, name, age) VALUES (1, 'ann', 20), (2, 'bob', 30), (3, 'cy', 20), (4, 'dee', 30);"
		"INSERT INTO addresses (id, email, user_id) VALUES (1, 'ann@a', 1), (2, 'ann@b', 1), (3, 'bob@a', 2), (4, 'nobody', NULL);"
		"INSERT INTO profiles (id, bio, user_id) VALUES (1, 'likes cats', 1), (2, NULL, 2);"
		"INSERT INTO tags (id, label) VALUES (1, 'red'), (2, 'blue');"
		"INSERT INTO user_tags (user_id, tag_id) VALUES (1, 1), (1, 2), (3, 2);"
		"INSERT INTO node (id, name, parent_id) VALUES (1, 'root', NULL), (2, 'a', 1), (3, 'b', 1), (4, 'a1', 2)"));
	const char *tables[] = { "users", "addresses", "profiles", "tags", "node" };
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		fx_sync_ids(f->eng, tables[i]);
}

static char buf[1024];

static assoc_expr *cmp(fx *f, const char *m, const char *attr, assoc_op op, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_compare(&e, fx_m(f, m), attr, op, v));
	CHECK(e != NULL);
	return e;
}

static assoc_expr *and2(assoc_expr *a, assoc_expr *b)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_and(&e, a, b));
	return e;
}

static assoc_expr *or2(assoc_expr *a, assoc_expr *b)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_or(&e, a, b));
	return e;
}

static assoc_expr *not1(assoc_expr *a)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_not(&e, a));
	return e;
}

static assoc_expr *rel(fx *f, int (*fn)(assoc_expr **, assoc_mapper *, const char *, assoc_expr *), const char *m,
                       const char *attr, assoc_expr *crit)
{
	assoc_expr *e = NULL;
	CHECK_OK(fn(&e, fx_m(f, m), attr, crit));
	return e;
}

static assoc_expr *contains(fx *f, const char *m, const char *attr, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_contains(&e, fx_m(f, m), attr, v));
	return e;
}

static assoc_object *get(fx *f, const char *m, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, m), &pk, 1));
	CHECK(o != NULL);
	return o;
}

/* select(mapper).where(terms...), its SQL after the FROM clause, or its rows' attr ordered by id. */
static assoc_query *select_where(fx *f, const char *m, assoc_expr **terms, size_t n)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, m)));
	for (size_t i = 0; i < n; i++)
		CHECK_OK(assoc_query_where(q, terms[i]));
	return q;
}

static const char *where_sql_n(fx *f, const char *m, assoc_expr **terms, size_t n)
{
	assoc_query *q = select_where(f, m, terms, n);
	const char *sql = assoc_query_sql(q);
	CHECK(sql != NULL);
	const char *w = strstr(sql, " WHERE ");
	strncpy(buf, w ? w + 7 : sql, sizeof buf - 1);
	assoc_query_free(q);
	return buf;
}

static const char *where_sql(fx *f, const char *m, assoc_expr *e) { return where_sql_n(f, m, &e, 1); }

static const char *rows(fx *f, const char *m, const char *attr, assoc_expr *e)
{
	assoc_query *q = select_where(f, m, &e, 1);
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		const char *s = fx_get_text(assoc_result_get(r, i), attr);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", s ? s : "NULL");
	}
	assoc_result_free(r);
	assoc_query_free(q);
	return buf;
}

static const char *users(fx *f, assoc_expr *e) { return rows(f, "User", "name", e); }

#define I(i) assoc_value_integer(i)
#define T(s) assoc_value_text(s)

static void test_column_operators(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "User")));
	CHECK_OK(assoc_query_where(q, cmp(&f, "User", "age", ASSOC_OP_EQ, I(20))));
	CHECK_SQL(assoc_query_sql(q), "SELECT users.id AS users_id, users.name AS users_name, users.age AS users_age "
	                              "FROM users WHERE users.age = :age_1");
	assoc_query_free(q);
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_EQ, I(20))), "ann,cy");
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_NE, I(20))), "bob,dee");
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_LT, I(30))), "ann,cy");
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_LE, I(20))), "ann,cy");
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_GT, I(20))), "bob,dee");
	CHECK_STR(users(&f, cmp(&f, "User", "age", ASSOC_OP_GE, I(30))), "bob,dee");
	CHECK_STR(users(&f, cmp(&f, "User", "name", ASSOC_OP_LIKE, T("%y"))), "cy");
	CHECK_STR(users(&f, cmp(&f, "User", "name", ASSOC_OP_NOT_LIKE, T("%n%"))), "bob,cy,dee");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user_id", ASSOC_OP_IS_NULL, I(7))), "nobody");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user_id", ASSOC_OP_EQ, assoc_value_null())), "nobody");
	CHECK_SQL(where_sql(&f, "Address", cmp(&f, "Address", "user_id", ASSOC_OP_NE, assoc_value_null())),
	          "addresses.user_id IS NOT NULL");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user_id", ASSOC_OP_IS_NOT_NULL, I(0))),
	          "ann@a,ann@b,bob@a");
	fx_close(&f);
}

static void test_and_or_not(void)
{
	fx f;
	open_data(&f);
	assoc_expr *terms[] = {
		cmp(&f, "User", "name", ASSOC_OP_EQ, T("ann")), cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")),
		or2(cmp(&f, "User", "id", ASSOC_OP_LT, I(3)), cmp(&f, "User", "id", ASSOC_OP_GE, I(5))),
		not1(cmp(&f, "User", "name", ASSOC_OP_LIKE, T("x"))),
	};
	CHECK_SQL(where_sql_n(&f, "User", terms, 4), "users.name = :name_1 AND users.name = :name_2 AND "
	                                             "(users.id < :id_1 OR users.id >= :id_2) AND users.name NOT LIKE :name_3");
	assoc_expr *e = or2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("ann")),
	                    and2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")), cmp(&f, "User", "id", ASSOC_OP_EQ, I(2))));
	CHECK_SQL(where_sql(&f, "User", e), "users.name = :name_1 OR users.name = :name_2 AND users.id = :id_1");
	e = or2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("ann")),
	        and2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")), cmp(&f, "User", "id", ASSOC_OP_EQ, I(2))));
	CHECK_STR(users(&f, e), "ann,bob");
	e = and2(cmp(&f, "User", "age", ASSOC_OP_EQ, I(20)),
	         or2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")), cmp(&f, "User", "id", ASSOC_OP_EQ, I(3))));
	CHECK_SQL(where_sql(&f, "User", e), "users.age = :age_1 AND (users.name = :name_1 OR users.id = :id_1)");
	e = and2(cmp(&f, "User", "age", ASSOC_OP_EQ, I(20)),
	         or2(cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")), cmp(&f, "User", "id", ASSOC_OP_EQ, I(3))));
	CHECK_STR(users(&f, e), "cy");
	e = not1(and2(cmp(&f, "User", "age", ASSOC_OP_EQ, I(20)), cmp(&f, "User", "id", ASSOC_OP_EQ, I(1))));
	CHECK_SQL(where_sql(&f, "User", e), "NOT (users.age = :age_1 AND users.id = :id_1)");
	e = not1(and2(cmp(&f, "User", "age", ASSOC_OP_EQ, I(20)), cmp(&f, "User", "id", ASSOC_OP_EQ, I(1))));
	CHECK_STR(users(&f, e), "bob,cy,dee");
	CHECK_SQL(where_sql(&f, "User", not1(not1(cmp(&f, "User", "age", ASSOC_OP_LT, I(3))))), "users.age < :age_1");
	CHECK_SQL(where_sql(&f, "User", not1(cmp(&f, "User", "age", ASSOC_OP_LT, I(3)))), "users.age >= :age_1");
	e = not1(or2(cmp(&f, "User", "id", ASSOC_OP_LT, I(2)), cmp(&f, "User", "id", ASSOC_OP_GT, I(3))));
	CHECK_SQL(where_sql(&f, "User", e), "NOT (users.id < :id_1 OR users.id > :id_2)");
	e = not1(or2(cmp(&f, "User", "id", ASSOC_OP_LT, I(2)), cmp(&f, "User", "id", ASSOC_OP_GT, I(3))));
	CHECK_STR(users(&f, e), "bob,cy");
	/* EXISTS is parenthesised as an operand, NOT (EXISTS ...) is not */
	e = or2(not1(cmp(&f, "User", "age", ASSOC_OP_LT, I(25))),
	        not1(rel(&f, assoc_expr_any, "User", "addresses", cmp(&f, "Address", "email", ASSOC_OP_EQ, T("x")))));
	CHECK_SQL(where_sql(&f, "User", e), "users.age >= :age_1 OR NOT (EXISTS (SELECT 1 FROM addresses WHERE users.id = "
	                                    "addresses.user_id AND addresses.email = :email_1))");
	assoc_expr *two[] = { cmp(&f, "User", "name", ASSOC_OP_EQ, T("ann")), rel(&f, assoc_expr_any, "User", "addresses", NULL) };
	CHECK_SQL(where_sql_n(&f, "User", two, 2), "users.name = :name_1 AND (EXISTS (SELECT 1 FROM addresses WHERE "
	                                           "users.id = addresses.user_id))");
	fx_close(&f);
}

static void test_in_and_bound_values(void)
{
	fx f;
	open_data(&f);
	assoc_value names[] = { T("cy"), T("ann"), T("zed") };
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", names, 3));
	CHECK_SQL(where_sql(&f, "User", e), "users.name IN (:name_1, :name_2, :name_3)");
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", names, 3));
	CHECK_STR(users(&f, e), "ann,cy");
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", names, 2));
	CHECK_SQL(where_sql(&f, "User", not1(e)), "(users.name NOT IN (:name_1, :name_2))");
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", names, 2));
	CHECK_STR(users(&f, not1(e)), "bob,dee");
	/* an empty list matches nothing (its NOT everything, NULL too), on either dialect */
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", NULL, 0));
	CHECK_STR(where_sql(&f, "User", e), "1 != 1");
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", NULL, 0));
	CHECK_STR(users(&f, e), "");
	CHECK_OK(assoc_expr_in(&e, fx_m(&f, "User"), "name", NULL, 0));
	CHECK_STR(users(&f, not1(e)), "ann,bob,cy,dee");
	CHECK_ERR(assoc_expr_in(&e, fx_m(&f, "User"), "age", names, 1), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_in(&e, fx_m(&f, "User"), "addresses", names, 1), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.addresses");

	/* hostile text is matched literally, never spliced */
	const char *evil = "o'hara'); DROP TABLE users; --";
	assoc_object *u = fx_add(&f, "User", "name", evil);
	(void)u;
	CHECK_STR(users(&f, cmp(&f, "User", "name", ASSOC_OP_EQ, T(evil))), evil);
	CHECK_STR(users(&f, cmp(&f, "User", "name", ASSOC_OP_LIKE, T("o'hara%"))), evil);
	CHECK_STR(users(&f, cmp(&f, "User", "name", ASSOC_OP_EQ, T("x' OR '1'='1"))), "");
	CHECK(!strstr(where_sql(&f, "User", cmp(&f, "User", "name", ASSOC_OP_EQ, T(evil))), "hara"));
	CHECK_OK(assoc_session_commit(f.s)); /* then the table and its rows are there for any connection */
	CHECK_INT(fx_count(f.eng, "users"), 5);
	fx_close(&f);
}

static void test_any_has(void)
{
	fx f;
	open_data(&f);
	CHECK_STR(users(&f, rel(&f, assoc_expr_any, "User", "addresses", cmp(&f, "Address", "email", ASSOC_OP_LIKE, T("%@b")))),
	          "ann");
	CHECK_STR(users(&f, rel(&f, assoc_expr_any, "User", "addresses", NULL)), "ann,bob");
	CHECK_STR(users(&f, not1(rel(&f, assoc_expr_any, "User", "addresses", NULL))), "cy,dee");
	assoc_expr *c = and2(cmp(&f, "Address", "email", ASSOC_OP_LIKE, T("ann%")), cmp(&f, "Address", "id", ASSOC_OP_EQ, I(2)));
	CHECK_SQL(where_sql(&f, "User", rel(&f, assoc_expr_any, "User", "addresses", c)),
	          "EXISTS (SELECT 1 FROM addresses WHERE users.id = addresses.user_id AND addresses.email LIKE :email_1 "
	          "AND addresses.id = :id_1)");
	c = or2(cmp(&f, "Address", "email", ASSOC_OP_EQ, T("bob@a")), cmp(&f, "Address", "id", ASSOC_OP_EQ, I(2)));
	CHECK_SQL(where_sql(&f, "User", rel(&f, assoc_expr_any, "User", "addresses", c)),
	          "EXISTS (SELECT 1 FROM addresses WHERE users.id = addresses.user_id AND (addresses.email = :email_1 "
	          "OR addresses.id = :id_1))");
	c = or2(cmp(&f, "Address", "email", ASSOC_OP_EQ, T("bob@a")), cmp(&f, "Address", "id", ASSOC_OP_EQ, I(2)));
	CHECK_STR(users(&f, rel(&f, assoc_expr_any, "User", "addresses", c)), "ann,bob");
	/* the criterion may refer to the enclosing query's mapper */
	c = and2(cmp(&f, "Address", "email", ASSOC_OP_LIKE, T("%a")), cmp(&f, "User", "age", ASSOC_OP_EQ, I(30)));
	CHECK_STR(users(&f, rel(&f, assoc_expr_any, "User", "addresses", c)), "bob");
	CHECK_STR(rows(&f, "Address", "email", rel(&f, assoc_expr_has, "Address", "user",
	                                           cmp(&f, "User", "name", ASSOC_OP_EQ, T("bob")))), "bob@a");
	CHECK_SQL(where_sql(&f, "Address", rel(&f, assoc_expr_has, "Address", "user", NULL)),
	          "EXISTS (SELECT 1 FROM users WHERE users.id = addresses.user_id)");
	CHECK_STR(rows(&f, "Address", "email", rel(&f, assoc_expr_has, "Address", "user", NULL)), "ann@a,ann@b,bob@a");
	CHECK_STR(users(&f, rel(&f, assoc_expr_has, "User", "profile", cmp(&f, "Profile", "bio", ASSOC_OP_IS_NULL, I(0)))),
	          "bob");
	c = cmp(&f, "Tag", "label", ASSOC_OP_EQ, T("blue"));
	CHECK_SQL(where_sql(&f, "User", rel(&f, assoc_expr_any, "User", "tags", c)),
	          "EXISTS (SELECT 1 FROM user_tags, tags WHERE users.id = user_tags.user_id AND tags.id = user_tags.tag_id "
	          "AND tags.label = :label_1)");
	CHECK_STR(users(&f, rel(&f, assoc_expr_any, "User", "tags", cmp(&f, "Tag", "label", ASSOC_OP_EQ, T("blue")))), "ann,cy");
	fx_close(&f);
}

static void test_relationship_compare_contains(void)
{
	fx f;
	open_data(&f);
	assoc_value ann = assoc_value_object(get(&f, "User", 1)), none = assoc_value_null();
	CHECK_SQL(where_sql(&f, "Address", cmp(&f, "Address", "user", ASSOC_OP_EQ, ann)), ":param_1 = addresses.user_id");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user", ASSOC_OP_EQ, ann)), "ann@a,ann@b");
	CHECK_SQL(where_sql(&f, "Address", cmp(&f, "Address", "user", ASSOC_OP_NE, ann)),
	          "addresses.user_id != :user_id_1 OR addresses.user_id IS NULL");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user", ASSOC_OP_NE, ann)), "bob@a,nobody");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user", ASSOC_OP_EQ, none)), "nobody");
	CHECK_STR(rows(&f, "Address", "email", cmp(&f, "Address", "user", ASSOC_OP_IS_NOT_NULL, none)), "ann@a,ann@b,bob@a");
	assoc_value bob_mail = assoc_value_object(get(&f, "Address", 3));
	CHECK_SQL(where_sql(&f, "User", contains(&f, "User", "addresses", bob_mail)), "users.id = :param_1");
	CHECK_STR(users(&f, contains(&f, "User", "addresses", bob_mail)), "bob");
	CHECK_STR(users(&f, not1(contains(&f, "User", "addresses", bob_mail))), "ann,cy,dee");
	assoc_value red = assoc_value_object(get(&f, "Tag", 1));
	CHECK_STR(users(&f, contains(&f, "User", "tags", red)), "ann");
	/* one-to-one: the row lives on the other side */
	assoc_value p1 = assoc_value_object(get(&f, "Profile", 1)), p2 = assoc_value_object(get(&f, "Profile", 2));
	CHECK_SQL(where_sql(&f, "User", cmp(&f, "User", "profile", ASSOC_OP_EQ, p2)), "users.id = :param_1");
	CHECK_STR(users(&f, cmp(&f, "User", "profile", ASSOC_OP_EQ, p2)), "bob");
	CHECK_SQL(where_sql(&f, "User", cmp(&f, "User", "profile", ASSOC_OP_NE, p1)),
	          "NOT (EXISTS (SELECT 1 FROM profiles WHERE users.id = profiles.user_id AND profiles.id = :id_1))");
	CHECK_STR(users(&f, cmp(&f, "User", "profile", ASSOC_OP_NE, p1)), "bob,cy,dee");
	CHECK_STR(users(&f, cmp(&f, "User", "profile", ASSOC_OP_IS_NULL, none)), "cy,dee");
	/* a pending object's keys are read when the query runs, after the autoflush */
	assoc_object *eve = fx_add(&f, "User", "name", "eve");
	assoc_object *mail = fx_add(&f, "Address", "email", "eve@a");
	fx_set_obj(mail, "user", eve);
	CHECK_STR(users(&f, contains(&f, "User", "addresses", assoc_value_object(mail))), "eve");
	fx_close(&f);
}

static void test_self_referential(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = select_where(&f, "Node", (assoc_expr *[]){ rel(&f, assoc_expr_any, "Node", "children",
	                                                              cmp(&f, "Node", "name", ASSOC_OP_EQ, T("a1"))) }, 1);
	CHECK_SQL(assoc_query_sql(q), "SELECT node.id AS node_id, node.name AS node_name, node.parent_id AS node_parent_id "
	                              "FROM node WHERE EXISTS (SELECT 1 FROM node AS node_1 WHERE node.id = node_1.parent_id "
	                              "AND node_1.name = :name_1)");
	assoc_query_free(q);
	CHECK_STR(rows(&f, "Node", "name", rel(&f, assoc_expr_any, "Node", "children",
	                                       cmp(&f, "Node", "name", ASSOC_OP_EQ, T("a1")))), "a");
	assoc_expr *e = rel(&f, assoc_expr_has, "Node", "parent", cmp(&f, "Node", "name", ASSOC_OP_EQ, T("root")));
	CHECK_SQL(where_sql(&f, "Node", e), "EXISTS (SELECT 1 FROM node AS node_1 WHERE node_1.id = node.parent_id AND "
	                                    "node_1.name = :name_1)");
	CHECK_STR(rows(&f, "Node", "name", rel(&f, assoc_expr_has, "Node", "parent",
	                                       cmp(&f, "Node", "name", ASSOC_OP_EQ, T("root")))), "a,b");
	e = rel(&f, assoc_expr_any, "Node", "children",
	        rel(&f, assoc_expr_any, "Node", "children", cmp(&f, "Node", "name", ASSOC_OP_EQ, T("a1"))));
	CHECK_SQL(where_sql(&f, "Node", e), "EXISTS (SELECT 1 FROM node AS node_1 WHERE node.id = node_1.parent_id AND "
	                                    "(EXISTS (SELECT 1 FROM node AS node_2 WHERE node_1.id = node_2.parent_id AND "
	                                    "node_2.name = :name_1)))");
	e = rel(&f, assoc_expr_any, "Node", "children",
	        rel(&f, assoc_expr_any, "Node", "children", cmp(&f, "Node", "name", ASSOC_OP_EQ, T("a1"))));
	CHECK_STR(rows(&f, "Node", "name", e), "root");
	CHECK_STR(rows(&f, "Node", "name", cmp(&f, "Node", "parent", ASSOC_OP_EQ, assoc_value_object(get(&f, "Node", 2)))),
	          "a1");
	fx_close(&f);
}

static void test_misuse(void)
{
	fx f;
	open_data(&f);
	assoc_mapper *u = fx_m(&f, "User"), *a = fx_m(&f, "Address");
	assoc_expr *e = NULL;
	CHECK_ERR(assoc_expr_any(&e, a, "user", cmp(&f, "User", "age", ASSOC_OP_EQ, I(1))), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("Address.user is a scalar relationship: use has, not any");
	CHECK_ERR(assoc_expr_has(&e, u, "addresses", NULL), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.addresses is a collection: use any, not has");
	CHECK_ERR(assoc_expr_has(&e, u, "name", NULL), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.name is a column");
	CHECK_ERR(assoc_expr_contains(&e, a, "user", assoc_value_object(get(&f, "User", 1))), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("Address.user is a scalar relationship");
	CHECK_ERR(assoc_expr_contains(&e, u, "name", T("a")), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_contains(&e, u, "addresses", assoc_value_object(get(&f, "User", 1))), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.addresses contains a Address, not a User");
	CHECK_ERR(assoc_expr_compare(&e, u, "addresses", ASSOC_OP_EQ, assoc_value_null()), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.addresses is a collection");
	CHECK_ERR(assoc_expr_compare(&e, a, "user", ASSOC_OP_LIKE, T("x")), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_compare(&e, u, "age", ASSOC_OP_EQ, T("old")), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("age");
	CHECK_ERR(assoc_expr_compare(&e, u, "name", ASSOC_OP_LIKE, I(3)), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_compare(&e, u, "age", ASSOC_OP_LT, assoc_value_null()), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_compare(&e, u, "shoe_size", ASSOC_OP_EQ, I(3)), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("shoe_size");
	CHECK_ERR(assoc_expr_compare(&e, u, "age", (assoc_op)42, I(3)), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_compare(&e, NULL, "age", ASSOC_OP_EQ, I(3)), ASSOC_EINVAL);
	CHECK(e == NULL);
	/* operands are taken over even when the call fails (the sanitizers see leaks) */
	CHECK_ERR(assoc_expr_and(&e, cmp(&f, "User", "age", ASSOC_OP_EQ, I(1)), NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_or(NULL, cmp(&f, "User", "age", ASSOC_OP_EQ, I(1)), cmp(&f, "User", "age", ASSOC_OP_EQ, I(2))),
	          ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_not(&e, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_any(&e, u, "nothing", cmp(&f, "Address", "id", ASSOC_OP_EQ, I(1))), ASSOC_ENOTFOUND);
	/* an expression over a mapper the query does not select or join */
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, u));
	CHECK_OK(assoc_query_filter_by(q, "age", I(20)));
	CHECK_ERR(assoc_query_where(q, cmp(&f, "Address", "email", ASSOC_OP_EQ, T("ann@a"))), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("'Address'");
	CHECK_ERR(assoc_query_where(q, rel(&f, assoc_expr_any, "Node", "children", NULL)), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("Node.children");
	CHECK_ERR(assoc_query_where(q, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_where(NULL, cmp(&f, "User", "age", ASSOC_OP_EQ, I(1))), ASSOC_EINVAL);
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 2);
	CHECK_OK(assoc_query_join(q, u, "addresses")); /* joined, Address may be named */
	CHECK_OK(assoc_query_where(q, cmp(&f, "Address", "email", ASSOC_OP_EQ, T("ann@a"))));
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 1);
	assoc_query_free(q);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_column_operators),
		TEST(test_and_or_not),
		TEST(test_in_and_bound_values),
		TEST(test_any_has),
		TEST(test_relationship_compare_contains),
		TEST(test_self_referential),
		TEST(test_misuse),
	};
	return CHECK_RUN(tests, argc, argv);
}
