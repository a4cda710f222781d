/*
 * test_relationship_sync.c - back_populates kept in step in memory, the moment
 * either side changes, before any flush (as SQLAlchemy's backref events do).
 */
#include <string.h>

#include "fixtures.h"

static void open_users(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	fx_open(f);
}

static assoc_object *address(fx *f, const char *email)
{
	assoc_object *a = fx_new(f, "Address");
	fx_set_text(a, "email", email);
	return a;
}

static void test_append_sets_reverse_scalar(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a = address(&f, "a");
	CHECK(fx_get_obj(a, "user") == NULL);
	fx_append(fx_coll(u, "addresses"), a);
	CHECK(fx_get_obj(a, "user") == u);
	/* the foreign key column follows at flush, with the generated key */
	CHECK(fx_is_null(a, "user_id"));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_get_int(a, "user_id"), fx_get_int(u, "id"));
	fx_close(&f);
}

static void test_scalar_set_appends_and_moves(void)
{
	fx f;
	open_users(&f);
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	assoc_object *a = address(&f, "a");
	assoc_collection *ac = fx_coll(ann, "addresses"), *bc = fx_coll(bob, "addresses");

	fx_set_obj(a, "user", ann);
	CHECK_INT(fx_len(ac), 1);
	CHECK(fx_at(ac, 0) == a);

	fx_set_obj(a, "user", bob);
	CHECK_INT(fx_len(ac), 0);
	CHECK(!fx_contains(ac, a));
	CHECK_INT(fx_len(bc), 1);
	CHECK(fx_contains(bc, a));

	/* setting the same owner again does not duplicate */
	fx_set_obj(a, "user", bob);
	CHECK_INT(fx_len(bc), 1);

	fx_set(a, "user", assoc_value_null());
	CHECK_INT(fx_len(bc), 0);
	CHECK(fx_get_obj(a, "user") == NULL);
	fx_close(&f);
}

/* Appending to another owner's collection moves the member out of the first. */
static void test_append_elsewhere_moves(void)
{
	fx f;
	open_users(&f);
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	assoc_object *a = address(&f, "a");
	assoc_collection *ac = fx_coll(ann, "addresses"), *bc = fx_coll(bob, "addresses");
	fx_append(ac, a);
	fx_append(bc, a);
	CHECK(fx_get_obj(a, "user") == bob);
	CHECK(!fx_contains(ac, a));
	CHECK_INT(fx_len(ac), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT u.name FROM addresses a JOIN users u ON u.id = a.user_id"),
	          "bob");
	fx_close(&f);
}

static void test_list_operations_keep_reverse(void)
{
	fx f;
	open_users(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a = address(&f, "a"), *b = address(&f, "b"), *c = address(&f, "c"),
	             *d = address(&f, "d");
	assoc_collection *coll = fx_coll(u, "addresses");
	fx_append(coll, a);
	CHECK_OK(assoc_collection_insert(coll, 0, assoc_value_object(b)));
	CHECK(fx_get_obj(b, "user") == u);
	CHECK(fx_at(coll, 0) == b && fx_at(coll, 1) == a);

	/* replace position 1: a leaves, c joins */
	CHECK_OK(assoc_collection_set(coll, 1, assoc_value_object(c)));
	CHECK(fx_get_obj(a, "user") == NULL);
	CHECK(fx_get_obj(c, "user") == u);

	assoc_value popped = assoc_value_null();
	CHECK_OK(assoc_collection_pop(&popped, coll, 0));
	CHECK(popped.kind == ASSOC_OBJECT && popped.u.object == b);
	CHECK(fx_get_obj(b, "user") == NULL);

	CHECK_OK(assoc_collection_remove(coll, assoc_value_object(c)));
	CHECK(fx_get_obj(c, "user") == NULL);
	CHECK_ERR(assoc_collection_remove(coll, assoc_value_object(c)), ASSOC_ENOTFOUND);

	fx_append(coll, a);
	fx_append(coll, d);
	CHECK_OK(assoc_collection_clear(coll));
	CHECK_INT(fx_len(coll), 0);
	CHECK(fx_get_obj(a, "user") == NULL && fx_get_obj(d, "user") == NULL);
	fx_close(&f);
}

/* Sync also holds for persistent objects whose collections were loaded. */
static void test_sync_on_loaded_objects(void)
{
	fx f;
	open_users(&f);
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	fx_append(fx_coll(ann, "addresses"), address(&f, "a1"));
	fx_append(fx_coll(ann, "addresses"), address(&f, "a2"));
	CHECK_OK(assoc_session_commit(f.s));
	int64_t ann_id = fx_get_int(ann, "id");

	fx_new_session(&f);
	assoc_object *ann2 = NULL, *bob2 = NULL;
	assoc_value pk = assoc_value_integer(ann_id);
	CHECK_OK(assoc_session_get(&ann2, f.s, fx_m(&f, "User"), &pk, 1));
	pk = assoc_value_integer(fx_sql_int(f.eng, "SELECT id FROM users WHERE name = 'bob'"));
	CHECK_OK(assoc_session_get(&bob2, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK(ann2 != NULL && bob2 != NULL);
	(void)bob;
	assoc_collection *ac = fx_coll(ann2, "addresses"), *bc = fx_coll(bob2, "addresses");
	CHECK_INT(fx_len(ac), 2);
	CHECK_INT(fx_len(bc), 0);
	assoc_object *moved = fx_at(ac, 0);
	fx_set_obj(moved, "user", bob2);
	CHECK_INT(fx_len(ac), 1);
	CHECK_INT(fx_len(bc), 1);
	CHECK(fx_at(bc, 0) == moved);
	assoc_object *fresh = address(&f, "b1");
	CHECK_OK(assoc_session_add(f.s, fresh));
	fx_set_obj(fresh, "user", bob2);
	CHECK_INT(fx_len(bc), 2);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                            "WHERE u.name = 'bob'"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                            "WHERE u.name = 'ann'"), 1);
	fx_close(&f);
}

/*
 * After a commit expired everything, the old parent is known from the
 * member's foreign key and the identity map (SQLAlchemy's PASSIVE_NO_FETCH
 * use_get lookup): appending elsewhere takes it out of the old parent's loaded
 * collection, and under delete-orphan the moved member is not an orphan.
 * Found by tests/fuzz (corpus/seed-addr).
 */
static void test_move_after_expiry(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, "all, delete-orphan", NULL);
	fx_open(&f);
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	assoc_object *a1 = address(&f, "a1");
	fx_append(fx_coll(ann, "addresses"), a1);
	fx_append(fx_coll(ann, "addresses"), address(&f, "a2"));
	CHECK_OK(assoc_session_commit(f.s));
	assoc_collection *ac = fx_coll(ann, "addresses"), *bc = fx_coll(bob, "addresses");
	CHECK_INT(fx_len(ac), 2);
	CHECK_INT(fx_len(bc), 0);
	fx_append(bc, a1);
	CHECK_INT(fx_len(ac), 1);
	CHECK(!fx_contains(ac, a1));
	CHECK(fx_get_obj(a1, "user") == bob);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "addresses"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                            "WHERE u.name = 'bob'"), 1);

	/* setting the scalar side to the parent it already has changes nothing */
	CHECK_INT(fx_len(ac), 1);
	assoc_object *a2 = fx_at(ac, 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_len(ac), 1);
	fx_set_obj(a2, "user", ann);
	CHECK_INT(fx_len(ac), 1);
	CHECK(fx_at(ac, 0) == a2);
	CHECK_INT(assoc_session_dirty_count(f.s), 0);
	fx_close(&f);
}

static void test_many_to_many_both_sides(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_teachers_students(f.reg);
	fx_open(&f);
	assoc_object *t1 = fx_add(&f, "Teacher", "name", "t1");
	assoc_object *t2 = fx_add(&f, "Teacher", "name", "t2");
	assoc_object *s = fx_add(&f, "Student", "name", "s");
	assoc_collection *t1s = fx_coll(t1, "students"), *t2s = fx_coll(t2, "students");
	assoc_collection *st = fx_coll(s, "teachers");

	fx_append(t1s, s);
	CHECK_INT(fx_len(st), 1);
	CHECK(fx_at(st, 0) == t1);
	fx_append(st, t2);
	CHECK_INT(fx_len(t2s), 1);
	CHECK(fx_at(t2s, 0) == s);
	CHECK_INT(fx_len(st), 2);

	CHECK_OK(assoc_collection_remove(t1s, assoc_value_object(s)));
	CHECK(!fx_contains(st, t1));
	CHECK_INT(fx_len(st), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "teacher_students"), 1);

	st = fx_coll(s, "teachers");
	CHECK_OK(assoc_collection_remove(st, assoc_value_object(t2)));
	CHECK_INT(fx_len(fx_coll(t2, "students")), 0);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "teacher_students"), 0);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_append_sets_reverse_scalar),
		TEST(test_scalar_set_appends_and_moves),
		TEST(test_append_elsewhere_moves),
		TEST(test_list_operations_keep_reverse),
		TEST(test_sync_on_loaded_objects),
		TEST(test_many_to_many_both_sides),
		TEST(test_move_after_expiry),
	};
	return CHECK_RUN(tests, argc, argv);
}
