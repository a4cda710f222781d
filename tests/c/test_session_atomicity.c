/*
 * test_session_atomicity.c - a flush that fails partway leaves the database
 * and every object as they were before it, and a corrected retry succeeds;
 * constraint violations are ASSOC_ECONSTRAINT.
 */
#include <string.h>

#include "fixtures.h"

/* items(id, name NOT NULL, code UNIQUE, owner_id -> owners.id); owners(id, name). */
static void open_items(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *o = fx_table_id(f->reg, "owners");
	fx_col(o, "name", ASSOC_TYPE_TEXT);
	assoc_table *t = fx_table_id(f->reg, "items");
	assoc_column_options c = ASSOC_COLUMN_OPTIONS_INIT;
	c.nullable = 0;
	CHECK_OK(assoc_table_add_column(t, "name", ASSOC_TYPE_TEXT, &c));
	c = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	c.unique = 1;
	CHECK_OK(assoc_table_add_column(t, "code", ASSOC_TYPE_TEXT, &c));
	fx_fk(t, "owner_id", "owners.id");
	fx_rel(fx_mapper(f->reg, "Owner", "owners"), "items", "Item", "owner", NULL);
	fx_rel(fx_mapper(f->reg, "Item", "items"), "owner", "Owner", "items", NULL);
	fx_open(f);
}

static assoc_object *item(fx *f, const char *name, const char *code)
{
	assoc_object *o = fx_new(f, "Item");
	if (name)
		fx_set_text(o, "name", name);
	if (code)
		fx_set_text(o, "code", code);
	CHECK_OK(assoc_session_add(f->s, o));
	return o;
}

static void test_not_null_failure_is_atomic(void)
{
	fx f;
	open_items(&f);
	assoc_object *owner = fx_add(&f, "Owner", "name", "own");
	assoc_object *i1 = item(&f, "first", "c1");
	fx_set_obj(i1, "owner", owner);
	assoc_object *i2 = item(&f, NULL, "c2"); /* name is NOT NULL */
	assoc_object *i3 = item(&f, "third", "c3");

	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("name");
	CHECK_INT(fx_count(f.eng, "items"), 0);
	CHECK_INT(fx_count(f.eng, "owners"), 0);
	assoc_object *all[] = { owner, i1, i2, i3 };
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(assoc_object_state_of(all[i]), ASSOC_STATE_PENDING);
		CHECK(fx_is_null(all[i], "id")); /* no generated key kept from the failed flush */
	}
	CHECK(fx_is_null(i1, "owner_id"));
	CHECK(fx_get_obj(i1, "owner") == owner);
	CHECK_INT(assoc_session_new_count(f.s), 4);
	CHECK_INT(assoc_session_identity_count(f.s), 0);

	fx_set_text(i2, "name", "second");
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_session_count(&f, "Item"), 3);
	CHECK_INT(fx_session_count(&f, "Owner"), 1);
	for (size_t i = 0; i < 4; i++)
		CHECK_INT(assoc_object_state_of(all[i]), ASSOC_STATE_PERSISTENT);
	CHECK_INT(fx_get_int(i1, "owner_id"), fx_get_int(owner, "id"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 3);
	fx_close(&f);
}

/* Updates and deletes in the failed flush are undone too, in memory as well. */
static void test_unique_failure_undoes_updates_and_deletes(void)
{
	fx f;
	open_items(&f);
	assoc_object *keep = item(&f, "keep", "k");
	assoc_object *doomed = item(&f, "doomed", "d");
	CHECK_OK(assoc_session_commit(f.s));
	int64_t keep_id = fx_get_int(keep, "id");
	CHECK_STR(fx_get_text(doomed, "name"), "doomed");

	fx_set_text(keep, "name", "keep renamed");
	CHECK_OK(assoc_session_delete(f.s, doomed));
	assoc_object *ok = item(&f, "fine", "new");
	assoc_object *dup = item(&f, "dup", "k"); /* code "k" is taken */

	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_MSG_CONTAINS("code");
	CHECK_INT(fx_count(f.eng, "items"), 2);
	CHECK_STR(fx_sql_list(f.eng, "SELECT name FROM items ORDER BY id"),
	          "keep,doomed");
	CHECK_INT(assoc_object_state_of(doomed), ASSOC_STATE_PERSISTENT);
	CHECK_INT(assoc_session_deleted_count(f.s), 1);
	CHECK_INT(assoc_object_state_of(ok), ASSOC_STATE_PENDING);
	CHECK(fx_is_null(ok, "id"));
	CHECK_INT(fx_get_int(keep, "id"), keep_id);
	CHECK_STR(fx_get_text(keep, "name"), "keep renamed"); /* the change is still to be flushed */
	CHECK(assoc_object_is_modified(keep, "name"));

	fx_set_text(dup, "code", "unique now");
	assoc_object_ref(doomed); /* detached by the commit: keep the handle valid */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 3);
	CHECK_STR(fx_sql_list(f.eng, "SELECT name FROM items ORDER BY id"),
	          "keep renamed,fine,dup");
	CHECK_INT(assoc_object_state_of(doomed), ASSOC_STATE_DETACHED);
	assoc_object_unref(doomed);
	fx_close(&f);
}

static void test_foreign_key_failure_is_atomic(void)
{
	fx f;
	open_items(&f);
	assoc_object *good = item(&f, "good", "g");
	assoc_object *bad = item(&f, "bad", "b");
	fx_set_int(bad, "owner_id", 999); /* no such owner */
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "items"), 0);
	CHECK_INT(assoc_object_state_of(good), ASSOC_STATE_PENDING);
	CHECK(fx_is_null(good, "id"));
	CHECK_INT(fx_get_int(bad, "owner_id"), 999);

	fx_set(bad, "owner_id", assoc_value_null());
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 2);
	fx_close(&f);
}

/* A failed commit leaves the transaction open, with the work still pending. */
static void test_failed_commit_can_be_retried(void)
{
	fx f;
	open_items(&f);
	assoc_object *a = item(&f, "a", "same");
	assoc_object *b = item(&f, "b", "same");
	CHECK_ERR(assoc_session_commit(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "items"), 0);
	CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_PENDING);
	fx_set_text(b, "code", "other");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 2);
	fx_close(&f);
}

static void test_duplicate_primary_key(void)
{
	fx f;
	open_items(&f);
	assoc_object *a = item(&f, "a", "a");
	fx_set_int(a, "id", 5);
	CHECK_OK(assoc_session_commit(f.s));

	/* a new object with a key already in the database */
	fx_new_session(&f);
	assoc_object *b = item(&f, "b", "b");
	fx_set_int(b, "id", 5);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "items"), 1);
	CHECK_INT(assoc_object_state_of(b), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_session_rollback(f.s));

	/* two new objects with the same key in one flush */
	fx_new_session(&f);
	assoc_object *c = item(&f, "c", "c"), *d = item(&f, "d", "d");
	fx_set_int(c, "id", 7);
	fx_set_int(d, "id", 7);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "items"), 1);
	fx_set_int(d, "id", 8);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 3);
	fx_close(&f);
}

/* The association row already exists when the session inserts it. */
static void test_duplicate_association_row(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_teachers_students(f.reg);
	fx_open(&f);
	assoc_object *t = fx_add(&f, "Teacher", "name", "t");
	assoc_object *s = fx_add(&f, "Student", "name", "s");
	CHECK_OK(assoc_session_commit(f.s));
	assoc_collection *c = fx_coll(t, "students");
	CHECK_INT(fx_len(c), 0); /* loaded, empty */
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO teacher_students VALUES (1, 1)"));
	fx_append(c, s);
	assoc_object *extra = fx_add(&f, "Student", "name", "extra");
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "teacher_students"), 1);
	CHECK_INT(fx_count(f.eng, "students"), 1);
	CHECK_INT(assoc_object_state_of(extra), ASSOC_STATE_PENDING);
	/* drop the duplicate link: the retry inserts the rest */
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(s)));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "students"), 2);
	fx_close(&f);
}

/* Deleting a row still referenced (no cascade, NOT NULL foreign key). */
static void test_delete_referenced_row(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_table_id(f.reg, "parents");
	assoc_table *c = fx_table_id(f.reg, "kids");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "parents.id";
	o.nullable = 0;
	CHECK_OK(assoc_table_add_column(c, "parent_id", ASSOC_TYPE_INTEGER, &o));
	fx_mapper(f.reg, "Parent", "parents");
	fx_mapper(f.reg, "Kid", "kids");
	fx_open(&f);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO parents (id) VALUES (1)"));
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO kids (parent_id) VALUES (1)"));
	assoc_object *p = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&p, f.s, fx_m(&f, "Parent"), &pk, 1));
	CHECK(p != NULL);
	CHECK_OK(assoc_session_delete(f.s, p));
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(fx_count(f.eng, "parents"), 1);
	CHECK_INT(assoc_object_state_of(p), ASSOC_STATE_PERSISTENT);
	fx_close(&f);
}

/* A primary key change that collides: the row, the identity map and the
 * pending change all stay as they were. */
static void test_failed_key_change(void)
{
	fx f;
	open_items(&f);
	assoc_object *a = item(&f, "a", "a"), *b = item(&f, "b", "b");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_get_int(a, "id"), 1);
	CHECK_INT(fx_get_int(b, "id"), 2);
	fx_set_int(a, "id", 2);
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_STR(fx_sql_list(f.eng, "SELECT name FROM items ORDER BY id"),
	          "a,b");
	CHECK_INT(fx_get_int(a, "id"), 2);
	CHECK(assoc_object_is_modified(a, "id"));
	assoc_object *got = NULL;
	assoc_value pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Item"), &pk, 1));
	CHECK(got == a);
	pk = assoc_value_integer(2);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Item"), &pk, 1));
	CHECK(got == b);

	fx_set_int(a, "id", 3);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT id FROM items WHERE name = 'a'"), 3);
	pk = assoc_value_integer(3);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Item"), &pk, 1));
	CHECK(got == a);
	pk = assoc_value_integer(1);
	CHECK_OK(assoc_session_get(&got, f.s, fx_m(&f, "Item"), &pk, 1));
	CHECK(got == NULL);
	fx_close(&f);
}

/* A flush failing inside a savepoint leaves the savepoint and the outer work. */
static void test_failure_inside_savepoint(void)
{
	fx f;
	open_items(&f);
	assoc_object *outer = item(&f, "outer", "o");
	CHECK_OK(assoc_session_begin_nested(f.s));
	assoc_object *bad = item(&f, NULL, "x");
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ECONSTRAINT);
	CHECK_INT(assoc_session_nesting(f.s), 1);
	CHECK_INT(assoc_object_state_of(outer), ASSOC_STATE_PERSISTENT);
	CHECK_INT(assoc_object_state_of(bad), ASSOC_STATE_PENDING);
	if (!fx_on_postgres()) /* the outer row, flushed, not committed: a server's engine does not see it yet */
		CHECK_INT(fx_count(f.eng, "items"), 1);
	CHECK_OK(assoc_session_rollback_nested(f.s));
	CHECK_INT(assoc_object_state_of(bad), ASSOC_STATE_TRANSIENT);
	CHECK_INT(fx_session_count(&f, "Item"), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, "SELECT name FROM items"), "outer");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_not_null_failure_is_atomic),
		TEST(test_unique_failure_undoes_updates_and_deletes),
		TEST(test_foreign_key_failure_is_atomic),
		TEST(test_failed_commit_can_be_retried),
		TEST(test_duplicate_primary_key),
		TEST(test_duplicate_association_row),
		TEST(test_delete_referenced_row),
		TEST(test_failed_key_change),
		TEST(test_failure_inside_savepoint),
	};
	return CHECK_RUN(tests, argc, argv);
}
