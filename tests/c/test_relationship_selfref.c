/*
 * test_relationship_selfref.c - the adjacency list: one table
 * nodes(id, parent_id -> nodes.id, data), Node.children (one-to-many to
 * Node itself) with the backref Node.parent (many-to-one). SQLAlchemy's
 * rules: the one-to-many side is the one whose foreign key is remote, and a
 * flush writes rows of one table parents first and deletes children first.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static void open_nodes(fx *f, const char *cascade, assoc_lazy lazy)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "nodes");
	fx_fk(t, "parent_id", "nodes.id");
	fx_col(t, "data", ASSOC_TYPE_TEXT);
	assoc_mapper *m = fx_mapper(f->reg, "Node", "nodes");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Node";
	o.backref = "parent";
	o.cascade = cascade;
	o.lazy = lazy;
	o.order_by = "id";
	CHECK_OK(assoc_mapper_add_relationship(m, "children", &o));
	fx_open(f);
}

static assoc_object *node(fx *f, const char *data)
{
	assoc_object *n = fx_new(f, "Node");
	fx_set_text(n, "data", data);
	return n;
}

static assoc_object *get(fx *f, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, "Node"), &pk, 1));
	CHECK(o != NULL);
	return o;
}

/* parent_id of the row with this data, or -1 when it is NULL. */
static int64_t db_parent(fx *f, const char *data)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT coalesce(parent_id, -1) FROM nodes WHERE data = '%s'", data);
	return fx_sql_int(f->eng, sql);
}

static int64_t db_id(fx *f, const char *data)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM nodes WHERE data = '%s'", data);
	return fx_sql_int(f->eng, sql);
}

/*
 * root -> (a -> (a1, a2), b -> (b1)); the grandchildren are added to the
 * session first, the root last, so the flush must order them itself.
 */
static void build_tree(fx *f)
{
	const char *leaves[] = { "a1", "a2", "b1" };
	assoc_object *l[3];
	for (int i = 0; i < 3; i++) {
		l[i] = node(f, leaves[i]);
		CHECK_OK(assoc_session_add(f->s, l[i]));
	}
	assoc_object *a = node(f, "a"), *b = node(f, "b"), *root = node(f, "root");
	fx_append(fx_coll(a, "children"), l[0]);
	fx_append(fx_coll(a, "children"), l[1]);
	fx_set_obj(l[2], "parent", b); /* through the many-to-one backref */
	CHECK_OK(assoc_session_add(f->s, b));
	CHECK_OK(assoc_session_add(f->s, a));
	fx_append(fx_coll(root, "children"), a);
	fx_append(fx_coll(root, "children"), b);
	CHECK_OK(assoc_session_add(f->s, root));
	CHECK_OK(assoc_session_commit(f->s));
}

static void check_tree(fx *f)
{
	int64_t root = db_id(f, "root"), a = db_id(f, "a"), b = db_id(f, "b");
	CHECK_INT(db_parent(f, "root"), -1);
	CHECK_INT(db_parent(f, "a"), root);
	CHECK_INT(db_parent(f, "b"), root);
	CHECK_INT(db_parent(f, "a1"), a);
	CHECK_INT(db_parent(f, "a2"), a);
	CHECK_INT(db_parent(f, "b1"), b);
	/* each row INSERTed after its parent: ids grow down the tree */
	CHECK(root < a && root < b && a < db_id(f, "a1") && a < db_id(f, "a2") && b < db_id(f, "b1"));
}

static void test_configure_directions(void)
{
	fx f;
	open_nodes(&f, NULL, ASSOC_LAZY_SELECT);
	assoc_object *n = node(&f, "n");
	CHECK_INT(assoc_collection_kind_of(fx_coll(n, "children")), ASSOC_COLLECTION_LIST);
	CHECK(fx_get_obj(n, "parent") == NULL);
	/* backref in step both ways */
	assoc_object *c = node(&f, "c");
	fx_append(fx_coll(n, "children"), c);
	CHECK(fx_get_obj(c, "parent") == n);
	assoc_object *d = node(&f, "d");
	fx_set_obj(d, "parent", n);
	CHECK(fx_contains(fx_coll(n, "children"), d));
	fx_close(&f);
}

static void test_three_levels_one_flush(void)
{
	fx f;
	open_nodes(&f, NULL, ASSOC_LAZY_SELECT);
	build_tree(&f);
	CHECK_INT(fx_count(f.eng, "nodes"), 6);
	check_tree(&f);
	fx_close(&f);
}

static void reload_and_walk(assoc_lazy lazy)
{
	fx f;
	open_nodes(&f, NULL, lazy);
	build_tree(&f);
	fx_new_session(&f);
	assoc_object *root = get(&f, db_id(&f, "root"));
	assoc_collection *kids = fx_coll(root, "children");
	CHECK_INT(fx_len(kids), 2);
	assoc_object *a = fx_at(kids, 0), *b = fx_at(kids, 1);
	CHECK_STR(fx_get_text(a, "data"), "a");
	CHECK_STR(fx_get_text(b, "data"), "b");
	CHECK(fx_get_obj(a, "parent") == root);
	CHECK(fx_get_obj(root, "parent") == NULL);
	CHECK_INT(fx_len(fx_coll(a, "children")), 2);
	CHECK_STR(fx_get_text(fx_at(fx_coll(a, "children"), 1), "data"), "a2");
	assoc_object *b1 = fx_at(fx_coll(b, "children"), 0);
	CHECK_STR(fx_get_text(b1, "data"), "b1");
	CHECK(fx_get_obj(b1, "parent") == b);
	CHECK_INT(fx_len(fx_coll(b1, "children")), 0);
	/* the many-to-one from a fresh session, upwards */
	fx_new_session(&f);
	assoc_object *a2 = get(&f, db_id(&f, "a2"));
	assoc_object *pa = fx_get_obj(a2, "parent");
	CHECK_STR(fx_get_text(pa, "data"), "a");
	CHECK_STR(fx_get_text(fx_get_obj(pa, "parent"), "data"), "root");
	fx_close(&f);
}

static void test_reload_lazy(void) { reload_and_walk(ASSOC_LAZY_SELECT); }
static void test_reload_selectin(void) { reload_and_walk(ASSOC_LAZY_SELECTIN); }

static void test_reparent(void)
{
	fx f;
	open_nodes(&f, NULL, ASSOC_LAZY_SELECT);
	build_tree(&f);
	fx_new_session(&f);
	assoc_object *a = get(&f, db_id(&f, "a")), *b = get(&f, db_id(&f, "b"));
	assoc_object *a1 = fx_at(fx_coll(a, "children"), 0);
	fx_append(fx_coll(b, "children"), a1); /* moves it: a loses it */
	CHECK_INT(fx_len(fx_coll(a, "children")), 1);
	CHECK(fx_get_obj(a1, "parent") == b);
	/* and a whole subtree under a new node, through the many-to-one */
	assoc_object *c = node(&f, "c");
	fx_set_obj(c, "parent", get(&f, db_id(&f, "root")));
	fx_set_obj(a, "parent", c);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(db_parent(&f, "a1"), db_id(&f, "b"));
	CHECK_INT(db_parent(&f, "a"), db_id(&f, "c"));
	CHECK_INT(db_parent(&f, "c"), db_id(&f, "root"));
	CHECK_INT(db_parent(&f, "a2"), db_id(&f, "a"));
	fx_close(&f);
}

static void test_delete_cascade(void)
{
	fx f;
	open_nodes(&f, "all, delete-orphan", ASSOC_LAZY_SELECT);
	build_tree(&f);
	fx_new_session(&f);
	CHECK_OK(assoc_session_delete(f.s, get(&f, db_id(&f, "a"))));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "nodes"), 3); /* a, a1, a2 gone */
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM nodes WHERE data IN ('root', 'b', 'b1')"), 3);
	/* the whole tree, the root only named: children deleted before parents */
	fx_new_session(&f);
	CHECK_OK(assoc_session_delete(f.s, get(&f, db_id(&f, "root"))));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "nodes"), 0);
	fx_close(&f);
}

static void test_delete_parent_only(void)
{
	fx f;
	open_nodes(&f, NULL, ASSOC_LAZY_SELECT);
	build_tree(&f);
	fx_new_session(&f);
	CHECK_OK(assoc_session_delete(f.s, get(&f, db_id(&f, "a"))));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "nodes"), 5);
	CHECK_INT(db_parent(&f, "a1"), -1); /* the children stay, without a parent */
	CHECK_INT(db_parent(&f, "a2"), -1);
	fx_close(&f);
}

static void test_cycle_is_refused(void)
{
	fx f;
	open_nodes(&f, NULL, ASSOC_LAZY_SELECT);
	assoc_object *x = node(&f, "x"), *y = node(&f, "y");
	fx_set_obj(x, "parent", y);
	fx_set_obj(y, "parent", x);
	CHECK_OK(assoc_session_add(f.s, x));
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("post_update");
	CHECK_INT(fx_count(f.eng, "nodes"), 0);
	/* nothing was written into the objects: breaking the cycle lets it flush */
	CHECK(fx_is_null(x, "id"));
	fx_set_obj(y, "parent", NULL);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(db_parent(&f, "x"), db_id(&f, "y"));
	CHECK_INT(db_parent(&f, "y"), -1);
	fx_close(&f);
}

/* ---- allocation failures in the self-referential flush ------------------ */

/*
 * The tree's INSERT flush, then the cascaded DELETE of it, with allocation N
 * failing: ASSOC_ENOMEM, the database and the objects as before, and the
 * same call, retried, succeeds.
 */
static void test_allocation_failures(void)
{
	fx_fail_allocator(1);
	for (int phase = 0; phase < 2; phase++) {
		int done = 0, failed = 0;
		long n;
		for (n = 1; !done; n++) {
			fx f;
			open_nodes(&f, "all, delete-orphan", ASSOC_LAZY_SELECT);
			if (phase)
				build_tree(&f);
			assoc_object *l = node(&f, "a1"), *a1 = node(&f, "a"), *root = node(&f, "root");
			if (!phase) {
				CHECK_OK(assoc_session_add(f.s, l));
				fx_set_obj(l, "parent", a1);
				fx_append(fx_coll(root, "children"), a1);
				CHECK_OK(assoc_session_add(f.s, root));
			} else {
				fx_new_session(&f);
				root = get(&f, db_id(&f, "root"));
				CHECK_INT(fx_len(fx_coll(root, "children")), 2);
				CHECK_OK(assoc_session_delete(f.s, root));
			}
			fx_fail_arm(n);
			int rc = assoc_session_flush(f.s);
			if (!fx_fail_disarm()) {
				CHECK_OK(rc);
				done = 1;
			} else if (rc) {
				CHECK_INT(rc, ASSOC_ENOMEM);
				failed++;
				CHECK_INT(fx_count(f.eng, "nodes"), phase ? 6 : 0);
				if (!phase)
					CHECK(fx_is_null(root, "id") && fx_is_null(a1, "id") && fx_is_null(l, "parent_id"));
				CHECK_OK(assoc_session_flush(f.s));
			}
			CHECK_OK(assoc_session_commit(f.s));
			CHECK_INT(fx_count(f.eng, "nodes"), phase ? 0 : 3);
			if (!phase)
				CHECK_INT(db_parent(&f, "a1"), db_id(&f, "a"));
			fx_close(&f);
		}
		printf("  %s: %ld allocation points, %d failed the flush\n", phase ? "delete" : "insert", n - 1, failed);
		CHECK(failed > 0);
	}
}

/* back_populates instead of backref: parent declared as the scalar (remote_side=id), both selectin. */
static void test_back_populates_selectin(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_table *t = fx_table_id(f.reg, "nodes");
	fx_fk(t, "parent_id", "nodes.id");
	fx_col(t, "data", ASSOC_TYPE_TEXT);
	assoc_mapper *m = fx_mapper(f.reg, "Node", "nodes");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Node";
	o.uselist = 0;
	o.back_populates = "children";
	o.lazy = ASSOC_LAZY_SELECTIN;
	CHECK_OK(assoc_mapper_add_relationship(m, "parent", &o));
	o = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Node";
	o.back_populates = "parent";
	o.lazy = ASSOC_LAZY_SELECTIN;
	o.order_by = "id";
	CHECK_OK(assoc_mapper_add_relationship(m, "children", &o));
	fx_open(&f);
	build_tree(&f);
	check_tree(&f);
	fx_new_session(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, m));
	CHECK_OK(assoc_query_order_by(q, "id", 0));
	assoc_result *res;
	CHECK_OK(assoc_query_all(&res, q));
	CHECK_INT(assoc_result_count(res), 6);
	size_t nkids = 0;
	for (size_t i = 0; i < assoc_result_count(res); i++) {
		assoc_object *o = assoc_result_get(res, i), *p = fx_get_obj(o, "parent");
		nkids += fx_len(fx_coll(o, "children"));
		if (!p)
			CHECK_STR(fx_get_text(o, "data"), "root");
		else
			CHECK(fx_contains(fx_coll(p, "children"), o));
	}
	CHECK_INT(nkids, 5);
	assoc_result_free(res);
	assoc_query_free(q);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_configure_directions),
		TEST(test_three_levels_one_flush),
		TEST(test_reload_lazy),
		TEST(test_reload_selectin),
		TEST(test_reparent),
		TEST(test_delete_cascade),
		TEST(test_delete_parent_only),
		TEST(test_cycle_is_refused),
		TEST(test_back_populates_selectin),
		TEST(test_allocation_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
