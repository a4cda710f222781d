/*
 * test_row_switch.c - a pending object with the identity of an object deleted
 * in the same flush takes over its row with one UPDATE (row_switch.c): the
 * children and association rows it keeps stay, the others are released; the
 * identity map, commit and rollback follow; a failure anywhere in such a
 * flush (the UPDATE itself, a statement after it, any allocation) leaves the
 * database and the objects as they were.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/*
 * parent(id, data, note DEFAULT 'n'); child(id, parent_id -> parent, data);
 * tag(id, name); parent_tag(parent_id, tag_id) with its own primary key, so
 * that re-inserting a row the switch keeps would fail. Parent.children and
 * Parent.tags with save-update only: no delete cascade.
 */
static void open_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *p = fx_table_id(f->reg, "parent");
	fx_col(p, "data", ASSOC_TYPE_TEXT);
	assoc_column_options c = ASSOC_COLUMN_OPTIONS_INIT;
	c.default_value = assoc_value_text("n");
	c.has_default = 1;
	CHECK_OK(assoc_table_add_column(p, "note", ASSOC_TYPE_TEXT, &c));
	assoc_table *ch = fx_table_id(f->reg, "child");
	fx_fk(ch, "parent_id", "parent.id");
	fx_col(ch, "data", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f->reg, "tag"), "name", ASSOC_TYPE_TEXT);
	assoc_table *pt = fx_table(f->reg, "parent_tag");
	c = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	c.primary_key = 1;
	c.autoincrement = 0;
	c.foreign_key = "parent.id";
	CHECK_OK(assoc_table_add_column(pt, "parent_id", ASSOC_TYPE_INTEGER, &c));
	c.foreign_key = "tag.id";
	CHECK_OK(assoc_table_add_column(pt, "tag_id", ASSOC_TYPE_INTEGER, &c));
	assoc_mapper *m = fx_mapper(f->reg, "Parent", "parent");
	fx_rel(m, "children", "Child", NULL, NULL);
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Tag";
	r.secondary = "parent_tag";
	CHECK_OK(assoc_mapper_add_relationship(m, "tags", &r));
	fx_mapper(f->reg, "Child", "child");
	fx_mapper(f->reg, "Tag", "tag");
	fx_open(f);
}

static assoc_object *obj(fx *f, const char *mapper, int64_t id, const char *attr, const char *text)
{
	assoc_object *o = fx_new(f, mapper);
	fx_set_int(o, "id", id);
	fx_set_text(o, attr, text);
	return o;
}

typedef struct {
	assoc_object *p1, *c1, *c2, *t1, *t2;
} committed;

/* Parent 1 "old" with children 1, 2 and tags 1, 2, committed; p1 loaded with both collections. */
static committed setup(fx *f)
{
	committed k;
	open_model(f);
	k.p1 = obj(f, "Parent", 1, "data", "old");
	k.c1 = obj(f, "Child", 1, "data", "c1");
	k.c2 = obj(f, "Child", 2, "data", "c2");
	k.t1 = obj(f, "Tag", 1, "name", "t1");
	k.t2 = obj(f, "Tag", 2, "name", "t2");
	fx_append(fx_coll(k.p1, "children"), k.c1);
	fx_append(fx_coll(k.p1, "children"), k.c2);
	fx_append(fx_coll(k.p1, "tags"), k.t1);
	fx_append(fx_coll(k.p1, "tags"), k.t2);
	CHECK_OK(assoc_session_add(f->s, k.p1));
	CHECK_OK(assoc_session_commit(f->s));
	CHECK_INT(fx_len(fx_coll(k.p1, "children")), 2);
	CHECK_INT(fx_len(fx_coll(k.p1, "tags")), 2);
	return k;
}

/* p1 deleted; p2 (id 1, "new") with children [c2, c3] and tags [t2, t3], added. */
static assoc_object *replace(fx *f, committed *k, assoc_object **c3)
{
	CHECK_OK(assoc_session_delete(f->s, k->p1));
	assoc_object *p2 = obj(f, "Parent", 1, "data", "new");
	*c3 = obj(f, "Child", 3, "data", "c3");
	fx_append(fx_coll(p2, "children"), k->c2);
	fx_append(fx_coll(p2, "children"), *c3);
	fx_append(fx_coll(p2, "tags"), k->t2);
	fx_append(fx_coll(p2, "tags"), obj(f, "Tag", 3, "name", "t3"));
	CHECK_OK(assoc_session_add(f->s, p2));
	return p2;
}

/* The rows, as fx_sql_list() joins them. */
#define PARENTS "SELECT id || ':' || data || ':' || note FROM parent ORDER BY id"
#define CHILDREN "SELECT id || ':' || coalesce(CAST(parent_id AS TEXT), '-') FROM child ORDER BY id"
#define PARENT_TAGS "SELECT parent_id || ':' || tag_id FROM parent_tag ORDER BY parent_id, tag_id"

/* The database as setup() committed it. */
static void check_before(fx *f)
{
	CHECK_STR(fx_sql_list(f->eng, PARENTS), "1:old:n");
	CHECK_STR(fx_sql_list(f->eng, CHILDREN), "1:1,2:1");
	CHECK_STR(fx_sql_list(f->eng, PARENT_TAGS), "1:1,1:2");
	CHECK_INT(fx_count(f->eng, "tag"), 2);
}

static void check_after(fx *f)
{
	CHECK_STR(fx_sql_list(f->eng, PARENTS), "1:new:n");
	CHECK_STR(fx_sql_list(f->eng, CHILDREN), "1:-,2:1,3:1");
	CHECK_STR(fx_sql_list(f->eng, PARENT_TAGS), "1:2,1:3");
}

/* ---- statements recorded ------------------------------------------------ */

typedef struct {
	int parent_update, parent_insert, parent_delete, tag_rows_insert, tag_rows_delete;
} counts;

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void count_log(void *ud, const assoc_statement_log *e)
{
	counts *c = ud;
	c->parent_update += starts(e->sql, "UPDATE parent ");
	c->parent_insert += starts(e->sql, "INSERT INTO parent ");
	c->parent_delete += starts(e->sql, "DELETE FROM parent ");
	c->tag_rows_insert += starts(e->sql, "INSERT INTO parent_tag");
	c->tag_rows_delete += starts(e->sql, "DELETE FROM parent_tag");
}

/* One UPDATE of the row; c1 (not kept) released, c2 kept, c3 added; the (1, 2) tag row untouched. */
static void test_switch_keeps_what_the_new_object_holds(void)
{
	fx f;
	committed k = setup(&f);
	assoc_object *c3;
	assoc_object *p2 = replace(&f, &k, &c3);
	counts n = { 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, count_log, &n));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_engine_set_log(f.eng, NULL, NULL));
	CHECK_INT(n.parent_update, 1);
	CHECK_INT(n.parent_insert + n.parent_delete, 0);
	CHECK_INT(n.tag_rows_insert, 1); /* (1, 3) only */
	CHECK_INT(n.tag_rows_delete, 1); /* (1, 1) only */
	if (!fx_on_postgres()) /* flushed, not committed: only SQLite's one connection reads it; checked after the commit */
		check_after(&f);
	CHECK(fx_is_null(k.c1, "parent_id"));
	CHECK_INT(fx_get_int(k.c2, "parent_id"), 1);
	CHECK_INT(fx_get_int(c3, "parent_id"), 1);
	CHECK_STR(fx_get_text(p2, "note"), "n");

	/* p2 took p1's identity; p1 is deleted, then detached at commit */
	CHECK_INT(assoc_object_state_of(k.p1), ASSOC_STATE_DELETED);
	CHECK_INT(assoc_object_state_of(p2), ASSOC_STATE_PERSISTENT);
	assoc_value pk = assoc_value_integer(1);
	assoc_object *got;
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Parent"), &pk, 1));
	CHECK(got == p2);
	CHECK_OK(assoc_session_commit(f.s));
	check_after(&f);
	CHECK_INT(assoc_object_state_of(k.p1), ASSOC_STATE_DETACHED);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Parent"), &pk, 1));
	CHECK(got == p2);
	CHECK_STR(fx_get_text(p2, "data"), "new");
	fx_close(&f);
}

/* The new object holds exactly what the row holds: no statement at all. */
static void test_switch_to_the_same_values_writes_nothing(void)
{
	fx f;
	open_model(&f);
	assoc_object *p1 = obj(&f, "Parent", 1, "data", "same");
	CHECK_OK(assoc_session_add(f.s, p1));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_session_delete(f.s, p1));
	assoc_object *p2 = obj(&f, "Parent", 1, "data", "same");
	CHECK_OK(assoc_session_add(f.s, p2));
	counts n = { 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, count_log, &n));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_engine_set_log(f.eng, NULL, NULL));
	CHECK_INT(n.parent_update + n.parent_insert + n.parent_delete, 0);
	CHECK_INT(assoc_object_state_of(p2), ASSOC_STATE_PERSISTENT);
	CHECK_OK(assoc_session_commit(f.s)); /* then any connection reads the row */
	CHECK_STR(fx_sql_list(f.eng, PARENTS), "1:same:n");
	fx_close(&f);
}

/* A column the new object leaves unset is written as the INSERT would: NULL, or its default. */
static void test_unset_columns_are_as_an_insert_leaves_them(void)
{
	fx f;
	open_model(&f);
	assoc_object *p1 = obj(&f, "Parent", 1, "data", "old");
	fx_set_text(p1, "note", "kept?");
	CHECK_OK(assoc_session_add(f.s, p1));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_session_delete(f.s, p1));
	assoc_object *p2 = fx_new(&f, "Parent");
	fx_set_int(p2, "id", 1);
	CHECK_OK(assoc_session_add(f.s, p2));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT coalesce(data, '-') || ':' || note FROM parent"), "-:n");
	CHECK(fx_is_null(p2, "data"));
	CHECK_STR(fx_get_text(p2, "note"), "n");
	fx_close(&f);
}

/* A pending object with the key of a persistent object that is not deleted: no switch, the INSERT fails. */
static void test_no_switch_without_a_delete(void)
{
	fx f;
	open_model(&f);
	assoc_object *p1 = obj(&f, "Parent", 1, "data", "old");
	CHECK_OK(assoc_session_add(f.s, p1));
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *p2 = obj(&f, "Parent", 1, "data", "new");
	CHECK_OK(assoc_session_add(f.s, p2));
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(assoc_object_state_of(p2), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_object_state_of(p1), ASSOC_STATE_PERSISTENT);
	CHECK_STR(fx_sql_list(f.eng, PARENTS), "1:old:n");
	fx_close(&f);
}

/* Rolled back: the new object is transient again, the deleted one persistent and in the identity map. */
static void test_rollback_after_switch(void)
{
	fx f;
	committed k = setup(&f);
	assoc_object *c3;
	assoc_object *p2 = replace(&f, &k, &c3);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK_INT(assoc_object_state_of(p2), ASSOC_STATE_TRANSIENT);
	CHECK_INT(assoc_object_state_of(k.p1), ASSOC_STATE_PERSISTENT);
	assoc_value pk = assoc_value_integer(1);
	assoc_object *got;
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Parent"), &pk, 1));
	CHECK(got == k.p1);
	CHECK_STR(fx_get_text(k.p1, "data"), "old");
	check_before(&f);
	fx_close(&f);
}

/* Objects as replace() left them, before any flush. */
static void check_objects_before(fx *f, committed *k, assoc_object *p2, assoc_object *c3)
{
	CHECK_INT(assoc_object_state_of(p2), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_object_state_of(c3), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_object_state_of(k->p1), ASSOC_STATE_PERSISTENT);
	CHECK_INT(fx_get_int(k->c1, "parent_id"), 1);
	CHECK(fx_is_null(c3, "parent_id"));
	CHECK_STR(fx_get_text(p2, "data"), "new");
	CHECK(fx_is_null(p2, "note")); /* the default is the flush's, undone */
	(void)f;
}

/* The row's UPDATE fails (a trigger refuses it), then a statement after it: each time nothing changed. */
static void test_failures_leave_everything_as_before(void)
{
	static const char *const triggers[] = {
		"CREATE TRIGGER no_update BEFORE UPDATE ON parent BEGIN SELECT RAISE(ABORT, 'no update'); END",
		"CREATE TRIGGER no_insert BEFORE INSERT ON child BEGIN SELECT RAISE(ABORT, 'no insert'); END",
		"CREATE TRIGGER no_tags BEFORE DELETE ON parent_tag BEGIN SELECT RAISE(ABORT, 'no delete'); END",
	};
	static const char *const drops[] = { "DROP TRIGGER no_update", "DROP TRIGGER no_insert", "DROP TRIGGER no_tags" };
	/* PostgreSQL: a trigger that refuses once (a sequence is not rolled back with the flush); a DROP
	 * TRIGGER would wait for the session's transaction, which holds the table */
	static const char *const pg_triggers[] = {
		"CREATE TRIGGER no_update BEFORE UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION refuse_once('no update')",
		"CREATE TRIGGER no_insert BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION refuse_once('no insert')",
		"CREATE TRIGGER no_tags BEFORE DELETE ON parent_tag FOR EACH ROW EXECUTE FUNCTION refuse_once('no delete')",
	};
	for (size_t i = 0; i < sizeof triggers / sizeof *triggers; i++) {
		fx f;
		committed k = setup(&f);
		assoc_object *c3;
		assoc_object *p2 = replace(&f, &k, &c3);
		if (fx_on_postgres()) {
			CHECK_OK(assoc_engine_exec(f.eng,
				"CREATE SEQUENCE refusals;"
				"CREATE FUNCTION refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
				"IF nextval('refusals') = 1 THEN RAISE EXCEPTION '%', TG_ARGV[0]; END IF; "
				"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"));
			CHECK_OK(assoc_engine_exec(f.eng, pg_triggers[i]));
		} else
			CHECK_OK(assoc_engine_exec(f.eng, triggers[i]));
		CHECK(assoc_session_flush(f.s) < 0);
		CHECK_MSG_CONTAINS(i == 0 ? "no update" : i == 1 ? "no insert" : "no delete");
		check_before(&f);
		check_objects_before(&f, &k, p2, c3);
		if (!fx_on_postgres())
			CHECK_OK(assoc_engine_exec(f.eng, drops[i]));
		CHECK_OK(assoc_session_commit(f.s)); /* the same flush, retried */
		check_after(&f);
		CHECK_INT(assoc_object_state_of(k.p1), ASSOC_STATE_DETACHED);
		fx_close(&f);
	}
}

/* ---- allocation faults ----------------------------------------------------- */

/* The switch's flush with allocation N failing: ASSOC_ENOMEM, nothing changed, the retry succeeds. */
static void test_allocation_failures(void)
{
	fx_fail_allocator(1);
	int done = 0, failed = 0;
	for (long n = 1; !done; n++) {
		fx f;
		committed k = setup(&f);
		assoc_object *c3;
		assoc_object *p2 = replace(&f, &k, &c3);
		fx_fail_arm(n);
		int rc = assoc_session_flush(f.s);
		if (!fx_fail_disarm()) {
			CHECK_OK(rc);
			done = 1;
		} else if (rc) {
			if (rc != ASSOC_ENOMEM)
				check_fail_at(__FILE__, __LINE__, "allocation %ld: rc %d, expected ASSOC_ENOMEM (%s)", n, rc,
				              assoc_error_last()->message);
			failed++;
			check_before(&f);
			check_objects_before(&f, &k, p2, c3);
			CHECK_OK(assoc_session_flush(f.s));
		}
		CHECK_OK(assoc_session_commit(f.s));
		check_after(&f);
		CHECK(fx_is_null(k.c1, "parent_id"));
		fx_close(&f);
	}
	CHECK(failed > 0);
	fx_fail_allocator(0);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_switch_keeps_what_the_new_object_holds),
		TEST(test_switch_to_the_same_values_writes_nothing),
		TEST(test_unset_columns_are_as_an_insert_leaves_them),
		TEST(test_no_switch_without_a_delete),
		TEST(test_rollback_after_switch),
		TEST(test_failures_leave_everything_as_before),
		TEST(test_allocation_failures),
	};
	return CHECK_RUN(tests, argc, argv);
}
