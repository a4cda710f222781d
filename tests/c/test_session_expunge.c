/*
 * test_session_expunge.c - expunge along the expunge cascade is all or
 * nothing: with any allocation failing, every object stays as it was (a
 * pending orphan dropped at the flush too), and the retry succeeds.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

#define NMID 3
#define NLEAF 40 /* enough that the cascade's stack grows after the first objects were taken */
#define NALL (1 + NMID + NMID * NLEAF)

/* nodes(id, parent_id, data), Node.children cascade all: a pending root, NMID children, NLEAF grandchildren each. */
static void pending_tree(fx *f, assoc_object **all)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "nodes");
	fx_fk(t, "parent_id", "nodes.id");
	fx_col(t, "data", ASSOC_TYPE_TEXT);
	fx_rel(fx_mapper(f->reg, "Node", "nodes"), "children", "Node", NULL, "all");
	fx_open(f);
	size_t k = 0;
	all[k++] = fx_add(f, "Node", "data", "root");
	for (int i = 0; i < NMID; i++) {
		assoc_object *mid = fx_new(f, "Node");
		fx_append(fx_coll(all[0], "children"), mid);
		all[k++] = mid;
		for (int j = 0; j < NLEAF; j++) {
			assoc_object *leaf = fx_new(f, "Node");
			fx_append(fx_coll(mid, "children"), leaf);
			all[k++] = leaf;
		}
	}
}

static void check_states(assoc_object **all, assoc_object_state want)
{
	for (int i = 0; i < NALL; i++)
		CHECK_INT(assoc_object_state_of(all[i]), want);
}

/* assoc_session_expunge of the pending user with allocation N failing. */
static void test_expunge_is_all_or_nothing(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		assoc_object *all[NALL];
		pending_tree(&f, all);
		fx_fail_arm(n);
		int rc = assoc_session_expunge(f.s, all[0]);
		if (!fx_fail_disarm()) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			check_states(all, ASSOC_STATE_PENDING);
			CHECK_OK(assoc_session_expunge(f.s, all[0]));
		}
		check_states(all, ASSOC_STATE_TRANSIENT);
		CHECK_OK(assoc_session_commit(f.s));
		CHECK_INT(fx_count(f.eng, "nodes"), 0);
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

/* A pending orphan (with pending children of its own) dropped at the flush, allocation N failing. */
static void test_pending_orphan_drop_is_all_or_nothing(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		memset(&f, 0, sizeof f);
		CHECK_OK(assoc_registry_new(&f.reg));
		fx_users_addresses(f.reg, "all, delete-orphan", NULL);
		fx_open(&f);
		assoc_object *u = fx_add(&f, "User", "name", "u");
		assoc_object *a = fx_new(&f, "Address"), *b = fx_new(&f, "Address");
		fx_set_text(a, "email", "a");
		fx_set_text(b, "email", "b");
		fx_append(fx_coll(u, "addresses"), a);
		fx_append(fx_coll(u, "addresses"), b);
		CHECK_OK(assoc_collection_remove(fx_coll(u, "addresses"), assoc_value_object(a)));
		fx_fail_arm(n);
		int rc = assoc_session_flush(f.s);
		if (!fx_fail_disarm()) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			CHECK_INT(rc, ASSOC_ENOMEM);
			failed++;
			/* the orphan is dropped before the flush's savepoint and stays dropped when a later step
			 * fails (not undone yet); either way it is never written, and the rest is still pending */
			CHECK(assoc_object_state_of(a) == ASSOC_STATE_PENDING || assoc_object_state_of(a) == ASSOC_STATE_TRANSIENT);
			CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PENDING);
			CHECK_INT(assoc_object_state_of(b), ASSOC_STATE_PENDING);
			CHECK_OK(assoc_session_flush(f.s));
		}
		CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_TRANSIENT);
		CHECK_INT(assoc_object_state_of(b), ASSOC_STATE_PERSISTENT);
		CHECK_OK(assoc_session_commit(f.s));
		CHECK_STR(fx_sql_list(f.eng, "SELECT email FROM addresses"), "b");
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_expunge_is_all_or_nothing),
		TEST(test_pending_orphan_drop_is_all_or_nothing),
	};
	return CHECK_RUN(tests, argc, argv);
}
