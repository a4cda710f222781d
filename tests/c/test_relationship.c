/*
 * test_relationship.c - the kinds of relationship: one-to-many, many-to-one,
 * many-to-many through a secondary table (seed 002), one-to-one, and backref.
 * The association object pattern is in test_relationship_assoc.c.
 */
#include <string.h>

#include "fixtures.h"

static void new_reg(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
}

static assoc_object *get_by_id(fx *f, const char *mapper, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, mapper), &pk, 1));
	CHECK(o != NULL);
	return o;
}

/* The member of c whose TEXT attr is text, or NULL. */
static assoc_object *find(assoc_collection *c, const char *attr, const char *text)
{
	size_t n = fx_len(c);
	for (size_t i = 0; i < n; i++) {
		assoc_object *o = fx_at(c, i);
		const char *t = fx_get_text(o, attr);
		if (t && strcmp(t, text) == 0)
			return o;
	}
	return NULL;
}

static void test_one_to_many_and_many_to_one(void)
{
	fx f;
	new_reg(&f);
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a1 = fx_new(&f, "Address"), *a2 = fx_new(&f, "Address");
	fx_set_text(a1, "email", "ann@home");
	fx_set_text(a2, "email", "ann@work");
	assoc_collection *c = fx_coll(u, "addresses");
	fx_append(c, a1);
	fx_append(c, a2);
	CHECK_OK(assoc_session_commit(f.s));

	int64_t uid = fx_get_int(u, "id");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                            "WHERE u.name = 'ann'"), 2);
	CHECK_INT(fx_get_int(a1, "user_id"), uid);
	CHECK(fx_get_obj(a2, "user") == u);

	fx_new_session(&f);
	assoc_object *u2 = get_by_id(&f, "User", uid);
	c = fx_coll(u2, "addresses");
	CHECK_INT(fx_len(c), 2);
	assoc_object *home = find(c, "email", "ann@home");
	CHECK(home != NULL && find(c, "email", "ann@work") != NULL);
	CHECK(fx_get_obj(home, "user") == u2); /* many-to-one resolves through the identity map */

	/* many-to-one from the child side only */
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	fx_set_obj(home, "user", bob);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT u.name FROM addresses a JOIN users u ON u.id = a.user_id "
	                             "WHERE a.email = 'ann@home'"), "bob");
	fx_close(&f);
}

/* Seed 002, association table. */
static void test_many_to_many_through_secondary(void)
{
	fx f;
	new_reg(&f);
	fx_teachers_students(f.reg);
	fx_open(&f);
	assoc_object *t1 = fx_add(&f, "Teacher", "name", "t1");
	assoc_object *t2 = fx_add(&f, "Teacher", "name", "t2");
	assoc_object *s1 = fx_add(&f, "Student", "name", "s1");
	assoc_object *s2 = fx_add(&f, "Student", "name", "s2");
	assoc_object *s3 = fx_add(&f, "Student", "name", "s3");
	fx_append(fx_coll(t1, "students"), s1);
	fx_append(fx_coll(t1, "students"), s3);
	fx_append(fx_coll(t2, "students"), s1);
	CHECK_INT(fx_len(fx_coll(s1, "teachers")), 2);
	CHECK_INT(fx_len(fx_coll(s2, "teachers")), 0);
	CHECK_OK(assoc_session_commit(f.s));

	CHECK_INT(fx_count(f.eng, "teacher_students"), 3);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM teacher_students ts "
	                            "JOIN teachers t ON t.id = ts.teacher_id "
	                            "JOIN students s ON s.id = ts.student_id "
	                            "WHERE (t.name, s.name) IN (VALUES ('t1','s1'), ('t1','s3'), ('t2','s1'))"),
	          3);
	int64_t t1id = fx_get_int(t1, "id"), s1id = fx_get_int(s1, "id");

	fx_new_session(&f);
	assoc_object *t = get_by_id(&f, "Teacher", t1id);
	assoc_collection *students = fx_coll(t, "students");
	CHECK_INT(fx_len(students), 2);
	CHECK(find(students, "name", "s1") != NULL && find(students, "name", "s3") != NULL);
	assoc_object *s = get_by_id(&f, "Student", s1id);
	assoc_collection *teachers = fx_coll(s, "teachers");
	CHECK_INT(fx_len(teachers), 2);
	CHECK(fx_contains(teachers, t));

	/* removing a link deletes the association row, not the student */
	CHECK_OK(assoc_collection_remove(students, assoc_value_object(s)));
	CHECK(!fx_contains(teachers, t));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "teacher_students"), 2);
	CHECK_INT(fx_count(f.eng, "students"), 3);

	/* deleting a teacher deletes its association rows */
	teachers = fx_coll(s, "teachers");
	assoc_object *t2b = find(teachers, "name", "t2");
	CHECK(t2b != NULL);
	CHECK_OK(assoc_session_delete(f.s, t2b));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "teacher_students"), 1);
	CHECK_INT(fx_count(f.eng, "teachers"), 1);
	CHECK_INT(fx_count(f.eng, "students"), 3);
	CHECK_INT(fx_len(fx_coll(s, "teachers")), 0);
	fx_close(&f);
}

/* users and profiles(user_id) with User.profile uselist false <-> Profile.user. */
static void test_one_to_one(void)
{
	fx f;
	new_reg(&f);
	assoc_table *u = fx_table_id(f.reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *p = fx_table_id(f.reg, "profiles");
	fx_col(p, "bio", ASSOC_TYPE_TEXT);
	fx_fk(p, "user_id", "users.id");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Profile";
	r.uselist = 0;
	r.back_populates = "user";
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f.reg, "User", "users"), "profile", &r));
	fx_rel(fx_mapper(f.reg, "Profile", "profiles"), "user", "User", "profile", NULL);
	fx_open(&f);
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, fx_m(&f, "User"), "profile"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_SCALAR);

	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *p1 = fx_new(&f, "Profile"), *p2 = fx_new(&f, "Profile");
	fx_set_text(p1, "bio", "first");
	fx_set_text(p2, "bio", "second");
	CHECK(fx_get_obj(ann, "profile") == NULL);
	fx_set_obj(ann, "profile", p1);
	CHECK(fx_get_obj(p1, "user") == ann);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT bio FROM profiles WHERE user_id = 1"), "first");

	/* replacing the profile un-links the old one */
	fx_set_obj(ann, "profile", p2);
	CHECK(fx_get_obj(p2, "user") == ann);
	CHECK(fx_get_obj(p1, "user") == NULL);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT bio FROM profiles WHERE user_id = 1"), "second");
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM profiles WHERE bio = 'first' AND user_id IS NULL"), 1);

	fx_new_session(&f);
	assoc_object *again = get_by_id(&f, "User", 1);
	assoc_object *prof = fx_get_obj(again, "profile");
	CHECK(prof != NULL);
	CHECK_STR(fx_get_text(prof, "bio"), "second");
	assoc_collection *c = NULL;
	CHECK_ERR(assoc_object_collection(&c, again, "profile"), ASSOC_ETYPE);
	fx_close(&f);
}

/* Post.owner with backref "posts": User gains a posts collection. */
static void test_backref_creates_reverse(void)
{
	fx f;
	new_reg(&f);
	assoc_table *u = fx_table_id(f.reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *p = fx_table_id(f.reg, "posts");
	fx_col(p, "title", ASSOC_TYPE_TEXT);
	fx_fk(p, "owner_id", "users.id");
	fx_mapper(f.reg, "User", "users");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.backref = "posts";
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f.reg, "Post", "posts"), "owner", &r));
	fx_open(&f);
	assoc_attr *posts = NULL;
	CHECK_OK(assoc_mapper_attr(&posts, fx_m(&f, "User"), "posts"));
	CHECK_INT(assoc_attr_kind_of(posts), ASSOC_ATTR_RELATIONSHIP);
	CHECK_INT(assoc_attr_collection_kind(posts), ASSOC_COLLECTION_LIST);
	CHECK(assoc_attr_target(posts) == fx_m(&f, "Post"));

	assoc_object *ann = fx_new(&f, "User");
	fx_set_text(ann, "name", "ann");
	assoc_object *p1 = fx_new(&f, "Post"), *p2 = fx_new(&f, "Post");
	fx_set_text(p1, "title", "one");
	fx_set_text(p2, "title", "two");
	fx_set_obj(p1, "owner", ann);
	assoc_collection *c = fx_coll(ann, "posts");
	CHECK_INT(fx_len(c), 1);
	fx_append(c, p2);
	CHECK(fx_get_obj(p2, "owner") == ann);
	CHECK_OK(assoc_session_add(f.s, ann)); /* cascades to both posts */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM posts WHERE owner_id = 1"), 2);
	fx_close(&f);
}

/* Seed 003: a backref with uselist false makes the reverse one-to-one. */
static void test_backref_one_to_one(void)
{
	fx f;
	new_reg(&f);
	fx_table_id(f.reg, "people");
	assoc_table *p = fx_table_id(f.reg, "passports");
	fx_col(p, "number", ASSOC_TYPE_TEXT);
	fx_fk(p, "person_id", "people.id");
	fx_mapper(f.reg, "Person", "people");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.uselist = 0;
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Person";
	r.backref = "passport";
	r.backref_options = &back;
	CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f.reg, "Passport", "passports"), "person", &r));
	fx_open(&f);
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, fx_m(&f, "Person"), "passport"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_SCALAR);

	assoc_object *who = fx_new(&f, "Person");
	CHECK_OK(assoc_session_add(f.s, who));
	assoc_object *pp = fx_new(&f, "Passport");
	fx_set_text(pp, "number", "X1");
	fx_set_obj(who, "passport", pp);
	CHECK(fx_get_obj(pp, "person") == who);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT number FROM passports WHERE person_id = 1"), "X1");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_one_to_many_and_many_to_one),
		TEST(test_many_to_many_through_secondary),
		TEST(test_one_to_one),
		TEST(test_backref_creates_reverse),
		TEST(test_backref_one_to_one),
	};
	return CHECK_RUN(tests, argc, argv);
}
