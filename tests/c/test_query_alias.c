/*
 * test_query_alias.c - aliases in queries (SQLAlchemy's aliased()): a tree
 * joined to its parent and grandparent, a many-to-many joined twice, named
 * and generated aliases, the numbers of generated aliases next to the ones
 * EXISTS takes, comparators over an alias's columns, relationships and
 * proxies, ORDER BY an alias, count, and every refusal.
 */
#include <string.h>

#include "fixtures.h"

/*
 * nodes: 1 root; 2 a, 3 b (children of root); 4 a1 (of a), 5 b1 (of b).
 * users ann, bob, cy; addresses ann@a, ann@b (ann), bob@a (bob), cy@a (cy);
 * tags red, blue: ann both, bob red, cy blue. User.labels proxies tags.label.
 */
static void open_data(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "nodes");
	fx_fk(t, "parent_id", "nodes.id");
	fx_col(t, "data", ASSOC_TYPE_TEXT);
	assoc_mapper *node = fx_mapper(f->reg, "Node", "nodes");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Node";
	r.backref = "parent";
	CHECK_OK(assoc_mapper_add_relationship(node, "children", &r));

	fx_col(fx_table_id(f->reg, "users"), "name", ASSOC_TYPE_TEXT);
	assoc_table *addresses = fx_table_id(f->reg, "addresses");
	fx_col(addresses, "email", ASSOC_TYPE_TEXT);
	fx_fk(addresses, "user_id", "users.id");
	fx_col(fx_table_id(f->reg, "tags"), "label", ASSOC_TYPE_TEXT);
	assoc_table *ut = fx_table(f->reg, "user_tags");
	fx_fk(ut, "user_id", "users.id");
	fx_fk(ut, "tag_id", "tags.id");
	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	assoc_mapper *address = fx_mapper(f->reg, "Address", "addresses");
	fx_mapper(f->reg, "Tag", "tags");
	fx_rel(user, "addresses", "Address", "user", NULL);
	fx_rel(address, "user", "User", "addresses", NULL);
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Tag";
	r.secondary = "user_tags";
	CHECK_OK(assoc_mapper_add_relationship(user, "tags", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "tags";
	p.attr = "label";
	CHECK_OK(assoc_mapper_add_proxy(user, "labels", &p));
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng,
		"INSERT INTO nodes (id, parent_id, data) VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 3, 'b1');"
		"INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');"
		"INSERT INTO addresses (id, email, user_id) VALUES (1, 'ann@a', 1), (2, 'ann@b', 1), (3, 'bob@a', 2), (4, 'cy@a', 3);"
		"INSERT INTO tags (id, label) VALUES (1, 'red'), (2, 'blue');"
		"INSERT INTO user_tags (user_id, tag_id) VALUES (1, 1), (1, 2), (2, 1), (3, 2)"));
}

static char buf[512];

static assoc_query *query(fx *f, const char *m)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, m)));
	return q;
}

static assoc_alias *alias(fx *f, assoc_query *q, const char *m, const char *name)
{
	assoc_alias *a = NULL;
	CHECK_OK(assoc_query_alias(&a, q, fx_m(f, m), name));
	CHECK(a != NULL);
	return a;
}

static void where_alias(assoc_query *q, assoc_alias *a, const char *attr, const char *text)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_alias_compare(&e, a, attr, ASSOC_OP_EQ, assoc_value_text(text)));
	CHECK_OK(assoc_query_where(q, e));
}

static const char *names(assoc_query *q, const char *attr)
{
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	buf[0] = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "",
		         fx_get_text(assoc_result_get(r, i), attr));
	assoc_result_free(r);
	return buf;
}

#define SELECT_NODES "SELECT nodes.id AS nodes_id, nodes.parent_id AS nodes_parent_id, nodes.data AS nodes_data FROM nodes"
#define SELECT_USERS "SELECT users.id AS users_id, users.name AS users_name FROM users"
#define SELECT_ADDRESSES \
	"SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id FROM addresses"

/* Node joined to its parent and grandparent: the grandchildren of root. */
static void test_tree_parent_grandparent(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "Node");
	assoc_alias *p = alias(&f, q, "Node", NULL), *gp = alias(&f, q, "Node", NULL);
	CHECK_STR(assoc_alias_name(p), "nodes_1");
	CHECK_STR(assoc_alias_name(gp), "nodes_2");
	CHECK(assoc_alias_mapper(p) == fx_m(&f, "Node"));
	CHECK_OK(assoc_query_join_alias(q, NULL, "parent", p));
	CHECK_OK(assoc_query_join_alias(q, p, "parent", gp));
	where_alias(q, gp, "data", "root");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS nodes_1 ON nodes_1.id = nodes.parent_id "
	                              "JOIN nodes AS nodes_2 ON nodes_2.id = nodes_1.parent_id "
	                              "WHERE nodes_2.data = :data_1 ORDER BY nodes.id");
	CHECK_STR(names(q, "data"), "a1,b1");
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 2);
	assoc_query_free(q);

	/* the parent compared through the alias, a named one: the children of a */
	q = query(&f, "Node");
	p = alias(&f, q, "Node", "parent");
	CHECK_OK(assoc_query_join_alias(q, NULL, "parent", p));
	where_alias(q, p, "data", "a");
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS parent ON parent.id = nodes.parent_id WHERE parent.data = :data_1");
	CHECK_STR(names(q, "data"), "a1");
	assoc_query_free(q);

	/* one-to-many from the query's mapper to an alias: the parents of a child named b1, or a1 */
	q = query(&f, "Node");
	assoc_alias *c = alias(&f, q, "Node", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "children", c));
	assoc_value in[] = { assoc_value_text("a1"), assoc_value_text("b1") };
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_alias_in(&e, c, "data", in, 2));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by_alias(q, c, "data", 1));
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id "
	                              "WHERE nodes_1.data IN (:data_1, :data_2) ORDER BY nodes_1.data DESC");
	CHECK_STR(names(q, "data"), "b,a");
	assoc_query_free(q);
	fx_close(&f);
}

/*
 * EXISTS of a self-referential relationship aliases its inner side: it must
 * number after the query's own aliases, from the alias or from the mapper.
 */
static void test_exists_numbers_after_aliases(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "Node");
	assoc_alias *p = alias(&f, q, "Node", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "parent", p));
	assoc_expr *crit = NULL, *e = NULL;
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Node"), "data", ASSOC_OP_EQ, assoc_value_text("b")));
	CHECK_OK(assoc_expr_alias_any(&e, p, "children", crit));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_expr_any(&e, fx_m(&f, "Node"), "children", NULL));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS nodes_1 ON nodes_1.id = nodes.parent_id "
	                              "WHERE (EXISTS (SELECT 1 FROM nodes AS nodes_2 WHERE nodes_1.id = nodes_2.parent_id AND nodes_2.data = :data_1)) "
	                              "AND (EXISTS (SELECT 1 FROM nodes AS nodes_3 WHERE nodes.id = nodes_3.parent_id)) ORDER BY nodes.id");
	/* nodes whose parent has a child b, and that have children themselves */
	CHECK_STR(names(q, "data"), "a,b");
	assoc_query_free(q);

	/* has over an alias's scalar relationship: a node whose grandparent is root, without a second join */
	q = query(&f, "Node");
	p = alias(&f, q, "Node", "p");
	CHECK_OK(assoc_query_join_alias(q, NULL, "parent", p));
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Node"), "data", ASSOC_OP_EQ, assoc_value_text("root")));
	CHECK_OK(assoc_expr_alias_has(&e, p, "parent", crit));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS p ON p.id = nodes.parent_id "
	                              "WHERE EXISTS (SELECT 1 FROM nodes AS nodes_1 WHERE nodes_1.id = p.parent_id AND nodes_1.data = :data_1)");
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_STR(names(q, "data"), "a1,b1");
	assoc_query_free(q);
	fx_close(&f);
}

/* A many-to-many joined twice: users tagged both red and blue. */
static void test_many_to_many_twice(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "User");
	assoc_alias *t1 = alias(&f, q, "Tag", NULL), *t2 = alias(&f, q, "Tag", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "tags", t1));
	CHECK_OK(assoc_query_join_alias(q, NULL, "tags", t2));
	where_alias(q, t1, "label", "red");
	where_alias(q, t2, "label", "blue");
	CHECK_SQL(assoc_query_sql(q), SELECT_USERS " JOIN user_tags AS user_tags_1 ON users.id = user_tags_1.user_id "
	                              "JOIN tags AS tags_1 ON tags_1.id = user_tags_1.tag_id "
	                              "JOIN user_tags AS user_tags_2 ON users.id = user_tags_2.user_id "
	                              "JOIN tags AS tags_2 ON tags_2.id = user_tags_2.tag_id "
	                              "WHERE tags_1.label = :label_1 AND tags_2.label = :label_2");
	CHECK_STR(names(q, "name"), "ann");
	int exists = 0;
	CHECK_OK(assoc_query_exists(&exists, q));
	CHECK_INT(exists, 1);
	assoc_query_free(q);

	/* an alias next to the plain join of the same relationship */
	q = query(&f, "User");
	t1 = alias(&f, q, "Tag", "t");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "tags"));
	CHECK_OK(assoc_query_join_alias(q, NULL, "tags", t1));
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_compare(&e, fx_m(&f, "Tag"), "label", ASSOC_OP_EQ, assoc_value_text("red")));
	CHECK_OK(assoc_query_where(q, e));
	where_alias(q, t1, "label", "blue");
	CHECK_STR(names(q, "name"), "ann");
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 1);
	assoc_query_free(q);
	fx_close(&f);
}

/* Proxies and relationships of an aliased User, from Address. */
static void test_proxy_through_alias(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "Address");
	assoc_alias *u = alias(&f, q, "User", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "user", u));
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_alias_contains(&e, u, "labels", assoc_value_text("blue")));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by_alias(q, u, "name", 1));
	CHECK_OK(assoc_query_order_by(q, "email", 0));
	CHECK_SQL(assoc_query_sql(q), SELECT_ADDRESSES " JOIN users AS users_1 ON users_1.id = addresses.user_id "
	                              "WHERE EXISTS (SELECT 1 FROM user_tags, tags WHERE users_1.id = user_tags.user_id AND "
	                              "tags.id = user_tags.tag_id AND tags.label = :label_1) ORDER BY users_1.name DESC, addresses.email");
	CHECK_STR(names(q, "email"), "cy@a,ann@a,ann@b");
	assoc_query_free(q);

	/* the proxy compared with LIKE, and any over the alias's relationship */
	q = query(&f, "Address");
	u = alias(&f, q, "User", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "user", u));
	CHECK_OK(assoc_expr_alias_compare(&e, u, "labels", ASSOC_OP_LIKE, assoc_value_text("r%")));
	CHECK_OK(assoc_query_where(q, e));
	assoc_expr *crit = NULL;
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Address"), "email", ASSOC_OP_LIKE, assoc_value_text("%@b")));
	CHECK_OK(assoc_expr_alias_any(&e, u, "addresses", crit));
	CHECK_OK(assoc_expr_not(&e, e));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by(q, "email", 0));
	/* users with a red tag and no address at @b: bob */
	CHECK_STR(names(q, "email"), "bob@a");
	assoc_query_free(q);

	/* an alias's scalar relationship compared with an object */
	q = query(&f, "Address");
	u = alias(&f, q, "User", NULL);
	assoc_alias *a2 = alias(&f, q, "Address", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "user", u));
	CHECK_OK(assoc_query_join_alias(q, u, "addresses", a2));
	assoc_object *bob = NULL;
	assoc_value pk = assoc_value_integer(2);
	CHECK_OK(assoc_session_get(&bob, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK_OK(assoc_expr_alias_compare(&e, a2, "user", ASSOC_OP_EQ, assoc_value_object(bob)));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_SQL(assoc_query_sql(q), SELECT_ADDRESSES " JOIN users AS users_1 ON users_1.id = addresses.user_id "
	                              "JOIN addresses AS addresses_1 ON users_1.id = addresses_1.user_id WHERE :param_1 = addresses_1.user_id");
	CHECK_STR(names(q, "email"), "bob@a");
	assoc_query_free(q);
	fx_close(&f);
}

/*
 * Both sides of a self-referential many-to-many: people following people.
 * ann follows bob, bob follows cy, dee follows cy, cy follows ann.
 */
static void test_self_referential_many_to_many(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "people"), "name", ASSOC_TYPE_TEXT);
	assoc_table *s = fx_table(f.reg, "follows");
	fx_fk(s, "follower_id", "people.id");
	fx_fk(s, "followed_id", "people.id");
	assoc_mapper *m = fx_mapper(f.reg, "Person", "people");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Person";
	o.secondary = "follows";
	o.secondary_owner_keys = "follower_id";
	o.secondary_target_keys = "followed_id";
	o.backref = "followers";
	CHECK_OK(assoc_mapper_add_relationship(m, "following", &o));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "following";
	p.attr = "name";
	CHECK_OK(assoc_mapper_add_proxy(m, "following_names", &p));
	fx_open(&f);
	CHECK_OK(assoc_engine_exec(f.eng,
		"INSERT INTO people (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy'), (4, 'dee');"
		"INSERT INTO follows (follower_id, followed_id) VALUES (1, 2), (2, 3), (4, 3), (3, 1)"));

	/* two hops along following to cy */
	assoc_query *q = query(&f, "Person");
	assoc_alias *f1 = alias(&f, q, "Person", NULL), *f2 = alias(&f, q, "Person", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "following", f1));
	CHECK_OK(assoc_query_join_alias(q, f1, "following", f2));
	where_alias(q, f2, "name", "cy");
	CHECK_SQL(assoc_query_sql(q), "SELECT people.id AS people_id, people.name AS people_name FROM people "
	                              "JOIN follows AS follows_1 ON people.id = follows_1.follower_id "
	                              "JOIN people AS people_1 ON people_1.id = follows_1.followed_id "
	                              "JOIN follows AS follows_2 ON people_1.id = follows_2.follower_id "
	                              "JOIN people AS people_2 ON people_2.id = follows_2.followed_id "
	                              "WHERE people_2.name = :name_1");
	CHECK_STR(names(q, "name"), "ann");
	assoc_query_free(q);

	/* the proxy through the alias: people who follow someone following cy */
	q = query(&f, "Person");
	f1 = alias(&f, q, "Person", NULL);
	CHECK_OK(assoc_query_join_alias(q, NULL, "following", f1));
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_alias_contains(&e, f1, "following_names", assoc_value_text("cy")));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_SQL(assoc_query_sql(q), "SELECT people.id AS people_id, people.name AS people_name FROM people "
	                              "JOIN follows AS follows_1 ON people.id = follows_1.follower_id "
	                              "JOIN people AS people_1 ON people_1.id = follows_1.followed_id "
	                              "WHERE EXISTS (SELECT 1 FROM follows, people AS people_2 WHERE people_1.id = follows.follower_id "
	                              "AND people_2.id = follows.followed_id AND people_2.name = :name_1)");
	CHECK_STR(names(q, "name"), "ann");
	assoc_query_free(q);

	/* the other side: whom ann and dee follow, found through followers; and the followers of the followed */
	q = query(&f, "Person");
	assoc_alias *by = alias(&f, q, "Person", "by");
	CHECK_OK(assoc_query_join_alias(q, NULL, "followers", by));
	assoc_value in[] = { assoc_value_text("ann"), assoc_value_text("dee") };
	CHECK_OK(assoc_expr_alias_in(&e, by, "name", in, 2));
	CHECK_OK(assoc_query_where(q, e));
	CHECK_OK(assoc_query_order_by(q, "name", 0));
	CHECK_STR(names(q, "name"), "bob,cy");
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 2);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_errors(void)
{
	fx f;
	open_data(&f);
	assoc_query *q = query(&f, "Node"), *q2 = query(&f, "Node");
	assoc_alias *a = NULL, *p = alias(&f, q, "Node", NULL), *other = alias(&f, q2, "Node", NULL);
	assoc_alias *u = alias(&f, q, "User", NULL);
	assoc_expr *e = NULL;

	/* creating */
	CHECK_ERR(assoc_query_alias(NULL, q, fx_m(&f, "Node"), NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_alias(&a, NULL, fx_m(&f, "Node"), NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_alias(&a, q, NULL, NULL), ASSOC_EINVAL);
	CHECK(a == NULL);
	assoc_registry *reg2 = NULL;
	CHECK_OK(assoc_registry_new(&reg2));
	fx_table_id(reg2, "nodes");
	CHECK_ERR(assoc_query_alias(&a, q, fx_mapper(reg2, "Node", "nodes"), NULL), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("registry");
	assoc_registry_free(reg2);
	CHECK_ERR(assoc_query_alias(&a, q, fx_m(&f, "Node"), ""), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("empty");
	CHECK_ERR(assoc_query_alias(&a, q, fx_m(&f, "Node"), "users"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("name of a table");
	CHECK_ERR(assoc_query_alias(&a, q, fx_m(&f, "Node"), "nodes_7"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("generated alias");
	CHECK_OK(assoc_query_alias(&a, q, fx_m(&f, "Node"), "n"));
	CHECK_ERR(assoc_query_alias(&a, q, fx_m(&f, "Node"), "n"), ASSOC_EEXISTS);
	CHECK_OK(assoc_query_alias(&a, q, fx_m(&f, "Node"), "nodes_x")); /* not of the generated form */
	CHECK(assoc_alias_name(NULL) == NULL && assoc_alias_mapper(NULL) == NULL);

	/* joining */
	CHECK_ERR(assoc_query_join_alias(NULL, NULL, "parent", p), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_join_alias(q, NULL, "parent", NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_join_alias(q, NULL, "parent", other), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("another query");
	CHECK_ERR(assoc_query_join_alias(q, other, "parent", p), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("another query");
	CHECK_ERR(assoc_query_join_alias(q, NULL, "parent", u), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("Node.parent reaches Node, but the alias 'users_1' is of User");
	CHECK_ERR(assoc_query_join_alias(q, NULL, "nope", p), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("'nope'");
	CHECK_ERR(assoc_query_join_alias(q, NULL, NULL, p), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_query_join_alias(q, NULL, "data", p), ASSOC_ETYPE);
	CHECK_ERR(assoc_query_join_alias(q, a, "parent", p), ASSOC_EINVAL); /* a is not joined */
	CHECK_MSG_CONTAINS("not joined");
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES);
	CHECK_OK(assoc_query_join_alias(q, NULL, "parent", p));
	CHECK_ERR(assoc_query_join_alias(q, NULL, "parent", p), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("joined already");
	CHECK_ERR(assoc_query_join_alias(q, p, "children", p), ASSOC_EINVAL);
	/* a proxy's hops are joined one by one */
	assoc_query *qu = query(&f, "Address");
	assoc_alias *ua = alias(&f, qu, "User", NULL), *ta = alias(&f, qu, "Tag", NULL);
	CHECK_OK(assoc_query_join_alias(qu, NULL, "user", ua));
	CHECK_ERR(assoc_query_join_alias(qu, ua, "labels", ta), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("proxy");
	/* an unknown attribute names the alias */
	CHECK_ERR(assoc_query_join_alias(qu, ua, "nope", ta), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("alias 'users_1'");
	assoc_query_free(qu);

	/* expressions */
	CHECK_ERR(assoc_expr_alias_compare(&e, NULL, "data", ASSOC_OP_EQ, assoc_value_text("x")), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_alias_compare(NULL, p, "data", ASSOC_OP_EQ, assoc_value_text("x")), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_alias_compare(&e, p, "nope", ASSOC_OP_EQ, assoc_value_text("x")), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("alias 'nodes_1' of Node has no attribute 'nope'");
	CHECK(e == NULL);
	CHECK_ERR(assoc_expr_alias_compare(&e, p, "data", ASSOC_OP_EQ, assoc_value_integer(1)), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_alias_in(&e, p, "nope", NULL, 0), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_expr_alias_in(&e, p, "children", NULL, 0), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_alias_contains(&e, p, "nope", assoc_value_null()), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_expr_alias_contains(&e, p, "parent", assoc_value_null()), ASSOC_ETYPE);
	assoc_expr *crit = NULL;
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Node"), "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_ERR(assoc_expr_alias_any(&e, p, "nope", crit), ASSOC_ENOTFOUND); /* takes crit */
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Node"), "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_ERR(assoc_expr_alias_has(&e, NULL, "parent", crit), ASSOC_EINVAL);
	CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Node"), "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_ERR(assoc_expr_alias_has(&e, p, "children", crit), ASSOC_ETYPE);
	CHECK_ERR(assoc_expr_alias_any(NULL, p, "children", NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_alias_has(NULL, p, "parent", NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_alias_contains(NULL, p, "children", assoc_value_null()), ASSOC_EINVAL);
	CHECK_ERR(assoc_expr_alias_in(NULL, p, "data", NULL, 0), ASSOC_EINVAL);

	/* an expression over an alias of another query, or one not joined */
	CHECK_OK(assoc_expr_alias_compare(&e, other, "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_ERR(assoc_query_where(q, e), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("another query");
	CHECK_OK(assoc_expr_alias_compare(&e, a, "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_ERR(assoc_query_where(q, e), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("'nodes_x' of Node, which is not joined");
	/* inside an EXISTS too */
	CHECK_OK(assoc_expr_alias_compare(&crit, other, "data", ASSOC_OP_EQ, assoc_value_text("x")));
	CHECK_OK(assoc_expr_any(&e, fx_m(&f, "Node"), "children", crit));
	CHECK_ERR(assoc_query_where(q, e), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("another query");
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS nodes_1 ON nodes_1.id = nodes.parent_id");

	/* ordering */
	CHECK_ERR(assoc_query_order_by_alias(NULL, p, "data", 0), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_order_by_alias(q, NULL, "data", 0), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_order_by_alias(q, other, "data", 0), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_order_by_alias(q, a, "data", 0), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("not joined");
	CHECK_ERR(assoc_query_order_by_alias(q, p, "nope", 0), ASSOC_ENOTFOUND);
	CHECK_ERR(assoc_query_order_by_alias(q, p, "children", 0), ASSOC_ETYPE);
	CHECK_SQL(assoc_query_sql(q), SELECT_NODES " JOIN nodes AS nodes_1 ON nodes_1.id = nodes.parent_id");

	/* the plain join still refuses a second path to the query's table, and names the remedy */
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "Node"), "children"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("alias");
	assoc_query_free(q2);
	assoc_query_free(q);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_tree_parent_grandparent),
		TEST(test_exists_numbers_after_aliases),
		TEST(test_many_to_many_twice),
		TEST(test_proxy_through_alias),
		TEST(test_self_referential_many_to_many),
		TEST(test_errors),
	};
	return CHECK_RUN(tests, argc, argv);
}
