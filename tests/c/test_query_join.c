/*
 * test_query_join.c - joins (one-to-many, many-to-one, many-to-many), each
 * object once in results however many rows join it; count and exists with
 * joins, limit and offset; LIMIT/OFFSET parameters; selectinload; selectin
 * loading that joins the query's own criteria, with named parameters.
 */
#include <string.h>

#include "fixtures.h"

/*
 * users ann, bob, cy, dee (ids 1..4); addresses ann@a, ann@b (ann), bob@a
 * (bob), nobody; tags red, blue: ann both, cy blue. User.addresses loads
 * with lazy (the default) or selectin.
 */
static void open_data(fx *f, assoc_lazy lazy)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
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
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Address";
	r.back_populates = "user";
	r.lazy = lazy;
	CHECK_OK(assoc_mapper_add_relationship(user, "addresses", &r));
	fx_rel(address, "user", "User", "addresses", NULL);
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Tag";
	r.secondary = "user_tags";
	CHECK_OK(assoc_mapper_add_relationship(user, "tags", &r));
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng,
		"INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy'), (4, 'dee');"
		"INSERT INTO addresses (id, email, user_id) VALUES (1, 'ann@a', 1), (2, 'ann@b', 1), (3, 'bob@a', 2), (4, 'nobody', NULL);"
		"INSERT INTO tags (id, label) VALUES (1, 'red'), (2, 'blue');"
		"INSERT INTO user_tags (user_id, tag_id) VALUES (1, 1), (1, 2), (3, 2)"));
	fx_sync_ids(f->eng, "users");
	fx_sync_ids(f->eng, "addresses");
	fx_sync_ids(f->eng, "tags");
}

static char buf[512];

static assoc_query *query(fx *f, const char *m)
{
	assoc_query *q = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, m)));
	return q;
}

static void where(fx *f, assoc_query *q, const char *m, const char *attr, assoc_op op, assoc_value v)
{
	assoc_expr *e = NULL;
	CHECK_OK(assoc_expr_compare(&e, fx_m(f, m), attr, op, v));
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

static int64_t count(assoc_query *q)
{
	int64_t n = -1;
	CHECK_OK(assoc_query_count(&n, q));
	return n;
}

static int exists(assoc_query *q)
{
	int yes = -1;
	CHECK_OK(assoc_query_exists(&yes, q));
	return yes;
}

static int selects;
static void count_selects(void *ud, const char *sql, size_t n)
{
	(void)ud, (void)n;
	selects += !strncmp(sql, "SELECT", 6);
}

#define T(s) assoc_value_text(s)

static void test_joins(void)
{
	fx f;
	open_data(&f, ASSOC_LAZY_SELECT);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "addresses"));
	where(&f, q, "Address", "email", ASSOC_OP_LIKE, T("%@%"));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_SQL(assoc_query_sql(q), "SELECT users.id AS users_id, users.name AS users_name FROM users JOIN addresses "
	                              "ON users.id = addresses.user_id WHERE addresses.email LIKE :email_1 ORDER BY users.id");
	/* ann joins two rows and still comes back once; count and one agree */
	CHECK_STR(names(q, "name"), "ann,bob");
	CHECK_INT(count(q), 2);
	CHECK_INT(exists(q), 1);
	where(&f, q, "Address", "email", ASSOC_OP_LIKE, T("ann%"));
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_one(&o, q));
	CHECK_STR(fx_get_text(o, "name"), "ann");
	CHECK_OK(assoc_query_first(&o, q));
	CHECK_STR(fx_get_text(o, "name"), "ann");
	CHECK_INT(count(q), 1);
	assoc_query_free(q);

	q = query(&f, "User");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "tags"));
	where(&f, q, "Tag", "label", ASSOC_OP_EQ, T("blue"));
	CHECK_SQL(assoc_query_sql(q), "SELECT users.id AS users_id, users.name AS users_name FROM users JOIN user_tags AS "
	                              "user_tags_1 ON users.id = user_tags_1.user_id JOIN tags ON tags.id = user_tags_1.tag_id "
	                              "WHERE tags.label = :label_1");
	CHECK_OK(assoc_query_order_by(q, "name", 1));
	CHECK_STR(names(q, "name"), "cy,ann");
	assoc_query_free(q);

	q = query(&f, "Address");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "Address"), "user"));
	where(&f, q, "User", "name", ASSOC_OP_EQ, T("bob"));
	CHECK_SQL(assoc_query_sql(q), "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, "
	                              "addresses.user_id AS addresses_user_id FROM addresses JOIN users ON users.id = "
	                              "addresses.user_id WHERE users.name = :name_1");
	CHECK_STR(names(q, "email"), "bob@a");
	/* joined from a joined mapper */
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "tags"));
	CHECK_INT(count(q), 0);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_join_errors(void)
{
	fx f;
	open_data(&f, ASSOC_LAZY_SELECT);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "addresses"));
	char before[512];
	strcpy(before, assoc_query_sql(q));
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "User"), "name"), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("User.name is a column");
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "User"), "friends"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("friends");
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "Address"), "user"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("users");
	CHECK_ERR(assoc_query_join(q, NULL, "user"), ASSOC_EINVAL);
	CHECK_ERR(assoc_query_join(NULL, fx_m(&f, "User"), "tags"), ASSOC_EINVAL);
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "addresses")); /* again: nothing changes */
	CHECK_STR(assoc_query_sql(q), before);
	CHECK_INT(count(q), 2);
	assoc_query_free(q);
	q = query(&f, "Tag");
	CHECK_ERR(assoc_query_join(q, fx_m(&f, "User"), "addresses"), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("neither the query's mapper (Tag) nor joined");
	assoc_query_free(q);
	fx_close(&f);
}

static void test_slices_count_exists(void)
{
	fx f;
	open_data(&f, ASSOC_LAZY_SELECT);
	assoc_query *q = query(&f, "User");
	CHECK_OK(assoc_query_order_by(q, "name", 0));
	CHECK_OK(assoc_query_offset(q, 1));
	CHECK_SQL(assoc_query_sql(q), "SELECT users.id AS users_id, users.name AS users_name FROM users ORDER BY users.name "
	                              "LIMIT -1 OFFSET :param_1");
	CHECK_STR(names(q, "name"), "bob,cy,dee");
	CHECK_OK(assoc_query_limit(q, 2));
	CHECK_SQL(strstr(assoc_query_sql(q), " LIMIT"), " LIMIT :param_1 OFFSET :param_2");
	CHECK_STR(names(q, "name"), "bob,cy");
	CHECK_INT(count(q), 2);
	CHECK_INT(exists(q), 1);
	CHECK_OK(assoc_query_offset(q, 10));
	CHECK_INT(count(q), 0);
	CHECK_INT(exists(q), 0);
	assoc_query_free(q);

	/* a slice of joined rows: all() and count() see the same objects */
	q = query(&f, "User");
	CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "addresses"));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	CHECK_OK(assoc_query_limit(q, 2));
	CHECK_STR(names(q, "name"), "ann");
	CHECK_INT(count(q), 1);
	CHECK_OK(assoc_query_limit(q, 3));
	CHECK_STR(names(q, "name"), "ann,bob");
	CHECK_INT(count(q), 2);
	assoc_query_free(q);

	q = query(&f, "User");
	where(&f, q, "User", "name", ASSOC_OP_EQ, T("nobody"));
	CHECK_INT(exists(q), 0);
	CHECK_INT(count(q), 0);
	assoc_object *o = (assoc_object *)&o;
	CHECK_OK(assoc_query_first(&o, q));
	CHECK(o == NULL);
	CHECK_ERR(assoc_query_one(&o, q), ASSOC_ENORESULT);
	CHECK_MSG_CONTAINS("User");
	CHECK_ERR(assoc_query_exists(NULL, q), ASSOC_EINVAL);
	assoc_query_free(q);
	q = query(&f, "User");
	CHECK_ERR(assoc_query_one(&o, q), ASSOC_EMULTIPLE);
	assoc_query_free(q);
	fx_close(&f);
}

static void test_selectinload(void)
{
	fx f;
	open_data(&f, ASSOC_LAZY_SELECT);
	assoc_query *q = query(&f, "User");
	CHECK_ERR(assoc_query_selectinload(q, fx_m(&f, "User"), "name"), ASSOC_ETYPE);
	CHECK_ERR(assoc_query_selectinload(q, fx_m(&f, "User"), "pets"), ASSOC_ENOTFOUND);
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "User"), "addresses"));
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "User"), "tags"));
	CHECK_OK(assoc_query_selectinload(q, fx_m(&f, "User"), "tags"));
	CHECK_OK(assoc_engine_set_trace(f.eng, count_selects, NULL));
	selects = 0;
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(selects, 3);
	size_t n = 0;
	for (size_t i = 0; i < assoc_result_count(r); i++)
		n += fx_len(fx_coll(assoc_result_get(r, i), "addresses")) + fx_len(fx_coll(assoc_result_get(r, i), "tags"));
	CHECK_INT(n, 6);
	CHECK_INT(selects, 3);
	assoc_result_free(r);
	assoc_query_free(q);
	/* without it, each collection loads when first read */
	fx_new_session(&f);
	q = query(&f, "User");
	selects = 0;
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(fx_len(fx_coll(assoc_result_get(r, 0), "addresses")), 2);
	CHECK_INT(selects, 2);
	assoc_result_free(r);
	assoc_query_free(q);
	CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
	fx_close(&f);
}

/* More owners than one IN list: the selectin load joins the query's WHERE, EXISTS and all. */
static void test_selectin_joins_criteria(void)
{
	fx f;
	open_data(&f, ASSOC_LAZY_SELECTIN);
	CHECK_OK(assoc_engine_exec(f.eng,
		"WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 1 FROM n WHERE i < 1204) "
		"INSERT INTO users (id, name) SELECT i, 'u' || i FROM n;"
		"WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 1 FROM n WHERE i < 1204) "
		"INSERT INTO addresses (email, user_id) SELECT CASE i % 2 WHEN 0 THEN 'even' ELSE 'odd' END, i FROM n;"
		"INSERT INTO addresses (email, user_id) SELECT 'second', id FROM users WHERE id % 3 = 0"));
	for (int joined = 0; joined < 2; joined++) {
		fx_new_session(&f);
		assoc_query *q = query(&f, "User");
		if (joined) { /* joined rows: the owners are listed by key instead */
			CHECK_OK(assoc_query_join(q, fx_m(&f, "User"), "addresses"));
			where(&f, q, "Address", "email", ASSOC_OP_EQ, T("even"));
		} else {
			assoc_expr *crit = NULL, *e = NULL;
			CHECK_OK(assoc_expr_compare(&crit, fx_m(&f, "Address"), "email", ASSOC_OP_EQ, T("even")));
			CHECK_OK(assoc_expr_any(&e, fx_m(&f, "User"), "addresses", crit));
			CHECK_OK(assoc_query_where(q, e));
		}
		CHECK_OK(assoc_engine_set_trace(f.eng, count_selects, NULL));
		selects = 0;
		assoc_result *r = NULL;
		CHECK_OK(assoc_query_all(&r, q));
		CHECK_INT(assoc_result_count(r), 600);
		CHECK_INT(selects, 2); /* with a join: the owners' keys as one keyset instead of the joined statement */
		size_t n = 0, second = 0;
		for (size_t i = 0; i < assoc_result_count(r); i++) {
			assoc_collection *c = fx_coll(assoc_result_get(r, i), "addresses");
			n += fx_len(c);
			for (size_t k = 0; k < fx_len(c); k++)
				second += !strcmp(fx_get_text(fx_at(c, k), "email"), "second");
		}
		CHECK_INT(selects, 2);
		CHECK_INT(second, 200);
		CHECK_INT(n, 800);
		CHECK_OK(assoc_engine_set_trace(f.eng, NULL, NULL));
		assoc_result_free(r);
		assoc_query_free(q);
	}
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_joins),
		TEST(test_join_errors),
		TEST(test_slices_count_exists),
		TEST(test_selectinload),
		TEST(test_selectin_joins_criteria),
	};
	return CHECK_RUN(tests, argc, argv);
}
