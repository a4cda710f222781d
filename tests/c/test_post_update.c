/*
 * test_post_update.c - post_update: a cycle of new rows flushes (the key is
 * written by an UPDATE after the INSERTs), deleting them clears it first,
 * and a flush that fails anywhere, the post_update UPDATEs included, leaves
 * the database and the objects as they were.
 */
#include "check.h"
#include "fixtures.h"

#include <stdlib.h>
#include <string.h>

/* nodes(id, name, next_id -> nodes.id): Node.next (many-to-one, post_update when post). */
static void open_ring(fx *f, int post)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *t = fx_table_id(f->reg, "nodes");
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	fx_fk(t, "next_id", "nodes.id");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "Node";
	o.uselist = 0;
	o.post_update = post;
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "Node", "nodes"), "next", &o));
	fx_open(f);
}

static int64_t next_of(fx *f, const char *name)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT coalesce(next_id, -1) FROM nodes WHERE name = '%s'", name);
	return fx_sql_int(f->eng, sql);
}

/* x -> y -> z -> x */
static void ring(fx *f, assoc_object **x, assoc_object **y, assoc_object **z)
{
	*x = fx_add(f, "Node", "name", "x");
	*y = fx_add(f, "Node", "name", "y");
	*z = fx_add(f, "Node", "name", "z");
	fx_set_obj(*x, "next", *y);
	fx_set_obj(*y, "next", *z);
	fx_set_obj(*z, "next", *x);
}

static void test_cycle_without_post_update_is_refused(void)
{
	fx f;
	assoc_object *x, *y, *z;
	open_ring(&f, 0);
	ring(&f, &x, &y, &z);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("post_update");
	CHECK_MSG_CONTAINS("nodes");
	CHECK_INT(fx_count(f.eng, "nodes"), 0);
	fx_close(&f);
}

static void test_cycle_with_post_update(void)
{
	fx f;
	assoc_object *x, *y, *z;
	open_ring(&f, 1);
	ring(&f, &x, &y, &z);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(next_of(&f, "x"), fx_get_int(y, "id"));
	CHECK_INT(next_of(&f, "y"), fx_get_int(z, "id"));
	CHECK_INT(next_of(&f, "z"), fx_get_int(x, "id"));
	CHECK_INT(fx_get_int(z, "next_id"), fx_get_int(x, "id")); /* the objects hold the keys written */
	/* re-pointing a persistent row: one UPDATE after the others */
	fx_set_obj(z, "next", y);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(next_of(&f, "z"), fx_get_int(y, "id"));
	/* deleting the whole ring: the keys are cleared first, any order of DELETEs works */
	CHECK_OK(assoc_session_delete(f.s, x));
	CHECK_OK(assoc_session_delete(f.s, y));
	CHECK_OK(assoc_session_delete(f.s, z));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "nodes"), 0);
	fx_close(&f);
}

/* A post_update UPDATE that fails (a trigger refuses it): nothing of the flush stays. */
static void test_failed_post_update_rolls_back(void)
{
	fx f;
	assoc_object *x, *y, *z;
	open_ring(&f, 1);
	if (fx_on_postgres())
		CHECK_OK(assoc_engine_exec(f.eng,
			"CREATE FUNCTION no_z() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
			"RAISE EXCEPTION 'z may not point anywhere'; END $$;"
			"CREATE TRIGGER no_z AFTER UPDATE OF next_id ON nodes FOR EACH ROW WHEN (NEW.name = 'z') "
			"EXECUTE FUNCTION no_z()"));
	else
		CHECK_OK(assoc_engine_exec(f.eng, "CREATE TRIGGER no_z AFTER UPDATE OF next_id ON nodes WHEN NEW.name = 'z' "
		                                  "BEGIN SELECT RAISE(ABORT, 'z may not point anywhere'); END"));
	ring(&f, &x, &y, &z);
	CHECK(assoc_session_flush(f.s) != 0);
	CHECK_MSG_CONTAINS("z may not point anywhere");
	CHECK_INT(fx_count(f.eng, "nodes"), 0);
	CHECK(fx_is_null(x, "id"));
	CHECK(fx_is_null(x, "next_id")); /* the key written by the post_update was undone */
	CHECK(assoc_object_state_of(z) == ASSOC_STATE_PENDING);
	/* break the cycle at z: now it flushes */
	fx_set_obj(z, "next", NULL);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(next_of(&f, "x"), fx_get_int(y, "id"));
	CHECK_INT(next_of(&f, "z"), -1);
	fx_close(&f);
}

/* ---- allocation failures ---------------------------------------------------- */

/* The ring's INSERT flush, then its DELETE, with allocation N failing: as before, and a retry succeeds. */
static void test_allocation_failures(void)
{
	fx_fail_allocator(1);
	for (int phase = 0; phase < 2; phase++) {
		int done = 0, failed = 0;
		long n;
		for (n = 1; !done; n++) {
			fx f;
			assoc_object *x, *y, *z;
			open_ring(&f, 1);
			ring(&f, &x, &y, &z);
			if (phase) {
				CHECK_OK(assoc_session_commit(f.s));
				CHECK_OK(assoc_session_delete(f.s, x));
				CHECK_OK(assoc_session_delete(f.s, y));
				fx_set_obj(z, "next", NULL); /* z stays, pointing nowhere */
			}
			fx_fail_arm(n);
			int rc = assoc_session_flush(f.s);
			if (!fx_fail_disarm()) {
				CHECK_OK(rc);
				done = 1;
			} else if (rc) {
				CHECK_INT(rc, ASSOC_ENOMEM);
				failed++;
				CHECK_INT(fx_count(f.eng, "nodes"), 3 * phase);
				if (!phase)
					CHECK(fx_is_null(x, "next_id"));
				else
					CHECK_INT(fx_get_int(z, "next_id"), fx_get_int(x, "id"));
				CHECK_OK(assoc_session_flush(f.s));
			}
			CHECK_OK(assoc_session_commit(f.s));
			CHECK_INT(fx_count(f.eng, "nodes"), phase ? 1 : 3);
			if (phase)
				CHECK_INT(next_of(&f, "z"), -1);
			else
				CHECK_INT(next_of(&f, "z"), fx_get_int(x, "id"));
			fx_close(&f);
		}
		printf("  %s: %ld allocation points, %d failed the flush\n", phase ? "delete" : "insert", n - 1, failed);
		CHECK(failed > 0);
	}
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_cycle_without_post_update_is_refused),
		TEST(test_cycle_with_post_update),
		TEST(test_failed_post_update_rolls_back),
		TEST(test_allocation_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
