/*
 * test_relationship_cascade.c - save-update, delete, delete-orphan and all, and
 * what happens without them.
 */
#include <string.h>

#include "fixtures.h"

static void open_users(fx *f, const char *cascade)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, cascade, NULL);
	fx_open(f);
}

static assoc_object *address(fx *f, const char *email)
{
	assoc_object *a = fx_new(f, "Address");
	fx_set_text(a, "email", email);
	return a;
}

/* A user with two addresses, committed; the addresses are returned in a1, a2. */
static assoc_object *user_with_two(fx *f, assoc_object **a1, assoc_object **a2)
{
	assoc_object *u = fx_add(f, "User", "name", "ann");
	*a1 = address(f, "one");
	*a2 = address(f, "two");
	fx_append(fx_coll(u, "addresses"), *a1);
	fx_append(fx_coll(u, "addresses"), *a2);
	CHECK_OK(assoc_session_commit(f->s));
	CHECK_INT(fx_count(f->eng, "addresses"), 2);
	return u;
}

static void test_save_update_reaches_children(void)
{
	fx f;
	open_users(&f, NULL); /* default: save-update, merge */
	assoc_object *u = fx_new(&f, "User");
	fx_set_text(u, "name", "ann");
	assoc_object *a = address(&f, "reached");
	fx_append(fx_coll(u, "addresses"), a);
	CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_TRANSIENT);
	CHECK_OK(assoc_session_add(f.s, u));
	CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_PENDING);
	CHECK(assoc_session_contains(f.s, a));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(assoc_object_state_of(a), ASSOC_STATE_PERSISTENT);
	CHECK_STR(fx_sql_text(f.eng, "SELECT email FROM addresses WHERE user_id = 1"), "reached");

	/* a child appended to a persistent parent is saved with it */
	assoc_object *b = address(&f, "later");
	fx_append(fx_coll(u, "addresses"), b);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(assoc_object_state_of(b), ASSOC_STATE_PERSISTENT);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id = 1"), 2);

	/* and along many-to-one: adding the child saves its parent */
	assoc_object *bob = fx_new(&f, "User");
	fx_set_text(bob, "name", "bob");
	assoc_object *c = address(&f, "bob's");
	fx_set_obj(c, "user", bob);
	CHECK_OK(assoc_session_add(f.s, c));
	CHECK_INT(assoc_object_state_of(bob), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT u.name FROM addresses a JOIN users u ON u.id = a.user_id "
	                             "WHERE a.email = 'bob''s'"), "bob");
	fx_close(&f);
}

/* Without a delete cascade, deleting the parent de-associates its children. */
static void test_no_delete_cascade_nulls_children(void)
{
	fx f;
	open_users(&f, NULL);
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "addresses"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 2);
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_PERSISTENT);
	CHECK(fx_is_null(a1, "user_id"));
	fx_close(&f);
}

static void test_delete_cascade(void)
{
	fx f;
	open_users(&f, "save-update, merge, delete");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	CHECK_OK(assoc_engine_exec(f.eng, "INSERT INTO addresses (email) VALUES ('stranger')"));
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DELETED);
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_DELETED);
	CHECK_INT(assoc_object_state_of(a2), ASSOC_STATE_DELETED);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_STR(fx_sql_list(f.eng, "SELECT email FROM addresses"), "stranger");
	fx_close(&f);
}

/* The same with the collection loaded before the delete. */
static void test_delete_cascade_loaded_children(void)
{
	fx f;
	open_users(&f, "save-update, merge, delete");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_DELETED);
	CHECK_INT(assoc_object_state_of(a2), ASSOC_STATE_DELETED);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

/* The delete cascade also reaches children not loaded yet. */
static void test_delete_cascade_unloaded_children(void)
{
	fx f;
	open_users(&f, "all");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	int64_t uid = fx_get_int(u, "id");
	fx_new_session(&f);
	assoc_object *again = NULL;
	assoc_value pk = assoc_value_integer(uid);
	CHECK_OK(assoc_session_get(&again, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK(again != NULL);
	CHECK_OK(assoc_session_delete(f.s, again));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

static void test_delete_orphan(void)
{
	fx f;
	open_users(&f, "all, delete-orphan");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	assoc_collection *c = fx_coll(u, "addresses");
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(a1)));
	CHECK_INT(fx_count(f.eng, "addresses"), 2); /* nothing until the flush */
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_DELETED);
	CHECK_INT(fx_session_count(&f, "Address"), 1);
	if (!fx_on_postgres()) /* not committed yet: only SQLite's one connection reads it; checked again below */
		CHECK_STR(fx_sql_text(f.eng, "SELECT email FROM addresses"), "two");

	/* moving a child to another parent does not orphan it */
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	fx_append(fx_coll(bob, "addresses"), a2);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 1);
	CHECK_STR(fx_sql_text(f.eng, "SELECT email FROM addresses"), "two");
	CHECK_STR(fx_sql_text(f.eng, "SELECT u.name FROM addresses a JOIN users u ON u.id = a.user_id"),
	          "bob");

	/* setting the many-to-one side to NULL orphans it as well */
	fx_set(a2, "user", assoc_value_null());
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

/* A pending child orphaned before any flush is expunged, never inserted. */
static void test_pending_orphan_is_expunged(void)
{
	fx f;
	open_users(&f, "all, delete-orphan");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	CHECK_OK(assoc_session_commit(f.s));
	assoc_object *tmp = address(&f, "temporary");
	assoc_collection *c = fx_coll(bob, "addresses");
	fx_append(c, tmp);
	CHECK_INT(assoc_object_state_of(tmp), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(tmp)));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE email = 'temporary'"), 0);
	CHECK_INT(assoc_object_state_of(tmp), ASSOC_STATE_TRANSIENT);
	fx_close(&f);
}

static void test_cascade_all(void)
{
	fx f;
	open_users(&f, "all");
	assoc_object *u = fx_new(&f, "User");
	fx_set_text(u, "name", "ann");
	fx_append(fx_coll(u, "addresses"), address(&f, "x"));
	fx_append(fx_coll(u, "addresses"), address(&f, "y"));
	CHECK_OK(assoc_session_add(f.s, u)); /* all includes save-update */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 2);
	/* all does not include delete-orphan: a removed child keeps its row */
	assoc_collection *c = fx_coll(u, "addresses");
	assoc_object *first = fx_at(c, 0);
	CHECK_OK(assoc_collection_remove(c, assoc_value_object(first)));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses WHERE user_id IS NULL"), 1);
	/* all includes delete */
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 1);
	CHECK_INT(fx_count(f.eng, "users"), 0);
	fx_close(&f);
}

/* Expunge cascades with "all" (it includes expunge). */
static void test_cascade_all_expunge(void)
{
	fx f;
	open_users(&f, "all");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 2);
	assoc_object_ref(u);
	assoc_object_ref(a1);
	assoc_object_ref(a2);
	CHECK_OK(assoc_session_expunge(f.s, u));
	CHECK(!assoc_session_contains(f.s, u));
	CHECK(!assoc_session_contains(f.s, a1));
	CHECK(!assoc_session_contains(f.s, a2));
	CHECK_INT(assoc_object_state_of(a1), ASSOC_STATE_DETACHED);
	assoc_object_unref(a2);
	assoc_object_unref(a1);
	assoc_object_unref(u);
	fx_close(&f);
}

/*
 * Deleting a parent whose collection got a pending child: the delete cascade
 * expunges the child, and the flush does not cascade save-update from the
 * deleted parent back to it (SQLAlchemy flushes new and dirty less deleted).
 * Found by tests/fuzz (corpus/crash-pending-child-of-deleted).
 */
static void test_delete_parent_with_pending_child(void)
{
	fx f;
	open_users(&f, "all, delete-orphan");
	assoc_object *a1, *a2;
	assoc_object *u = user_with_two(&f, &a1, &a2);
	assoc_object *a3 = address(&f, "three");
	fx_append(fx_coll(u, "addresses"), a3);
	CHECK_INT(assoc_object_state_of(a3), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_INT(assoc_object_state_of(a3), ASSOC_STATE_TRANSIENT);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(a3), ASSOC_STATE_TRANSIENT);
	CHECK_INT(fx_session_count(&f, "User"), 0);
	CHECK_INT(fx_session_count(&f, "Address"), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 0);
	fx_close(&f);
}

/*
 * A pending child appended to another parent's delete-orphan collection moves
 * there: it is never an orphan, so it stays pending in its place and is
 * inserted in the order it was added (SQLAlchemy's insert_order). Found by
 * tests/fuzz (corpus/crash-pending-move-order).
 */
static void test_pending_child_moves_in_order(void)
{
	fx f;
	open_users(&f, "all, delete-orphan");
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	assoc_object *first = address(&f, "first");
	fx_append(fx_coll(ann, "addresses"), first);
	fx_append(fx_coll(bob, "addresses"), address(&f, "second"));
	CHECK_INT(assoc_session_new_count(f.s), 4);
	fx_append(fx_coll(bob, "addresses"), first);
	CHECK_INT(assoc_object_state_of(first), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_session_new_count(f.s), 4);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_list(f.eng, "SELECT email FROM addresses ORDER BY id"),
	          "first,second");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                            "WHERE u.name = 'bob'"), 2);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_save_update_reaches_children),
		TEST(test_no_delete_cascade_nulls_children),
		TEST(test_delete_cascade),
		TEST(test_delete_cascade_loaded_children),
		TEST(test_delete_cascade_unloaded_children),
		TEST(test_delete_orphan),
		TEST(test_pending_orphan_is_expunged),
		TEST(test_cascade_all),
		TEST(test_cascade_all_expunge),
		TEST(test_delete_parent_with_pending_child),
		TEST(test_pending_child_moves_in_order),
	};
	return CHECK_RUN(tests, argc, argv);
}
