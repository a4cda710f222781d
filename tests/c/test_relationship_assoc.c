/*
 * test_relationship_assoc.c - the association object pattern: seed 002's Exam
 * (its own id), seed 000's Association (a composite primary key made of the
 * two foreign keys) and seed 001's UserKeywordAssociation (delete-orphan).
 */
#include <string.h>

#include "fixtures.h"

static void new_reg(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
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

/* A table of two foreign keys that together are its primary key, plus extra. */
static void link_table(assoc_registry *reg, const char *name, const char *col1, const char *ref1,
                       const char *col2, const char *ref2, const char *extra)
{
	assoc_table *t = fx_table(reg, name);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = ref1;
	CHECK_OK(assoc_table_add_column(t, col1, ASSOC_TYPE_INFER, &o));
	o.foreign_key = ref2;
	CHECK_OK(assoc_table_add_column(t, col2, ASSOC_TYPE_INFER, &o));
	fx_col(t, extra, ASSOC_TYPE_TEXT);
}

/* Seed 002, association object: Exam links Teacher and Student with a name. */
static void test_association_object(void)
{
	fx f;
	new_reg(&f);
	fx_exams(f.reg);
	fx_open(&f);
	assoc_object *t = fx_new(&f, "Teacher");
	fx_set_text(t, "name", "Ms. T");
	assoc_object *s1 = fx_new(&f, "Student"), *s2 = fx_new(&f, "Student");
	fx_set_text(s1, "name", "sam");
	fx_set_text(s2, "name", "sue");
	assoc_object *e1 = fx_new(&f, "Exam"), *e2 = fx_new(&f, "Exam");
	fx_set_text(e1, "name", "algebra");
	fx_set_obj(e1, "teacher", t);
	fx_set_obj(e1, "student", s1);
	fx_set_text(e2, "name", "geometry");
	fx_set_obj(e2, "teacher", t);
	fx_set_obj(e2, "student", s2);
	/* the one-to-many sides filled in at once */
	assoc_collection *exams = fx_coll(t, "exams");
	CHECK_INT(fx_len(exams), 2);
	CHECK(fx_at(exams, 0) == e1 && fx_at(exams, 1) == e2);
	CHECK(fx_at(fx_coll(s1, "exams"), 0) == e1);
	/* adding the teacher reaches the exams, and through them the students */
	CHECK_OK(assoc_session_add(f.s, t));
	CHECK_INT(assoc_object_state_of(e2), ASSOC_STATE_PENDING);
	CHECK_INT(assoc_object_state_of(s2), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "students"), 2);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM exams_table e "
	                            "JOIN teachers t ON t.id = e.teacher_id "
	                            "JOIN students s ON s.id = e.student_id "
	                            "WHERE (e.name, s.name) IN (VALUES ('algebra','sam'), ('geometry','sue'))"),
	          2);

	fx_new_session(&f);
	assoc_query *q = NULL;
	assoc_object *t2 = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Teacher")));
	CHECK_OK(assoc_query_first(&t2, q));
	assoc_query_free(q);
	CHECK(t2 != NULL);
	CHECK_STR(assoc_object_repr(t2), "<Teacher 1>");
	exams = fx_coll(t2, "exams");
	CHECK_INT(fx_len(exams), 2);
	assoc_object *alg = find(exams, "name", "algebra");
	CHECK(alg != NULL);
	CHECK_STR(fx_get_text(fx_get_obj(alg, "student"), "name"), "sam");
	CHECK(fx_get_obj(alg, "teacher") == t2);
	fx_close(&f);
}

/* Seed 000: ParentModel -> AssociationModel(extra_data) -> ChildModel. */
static void test_composite_key_association(void)
{
	fx f;
	new_reg(&f);
	fx_table_id(f.reg, "left");
	fx_table_id(f.reg, "right");
	link_table(f.reg, "association", "left_id", "left.id", "right_id", "right.id", "extra_data");
	fx_rel(fx_mapper(f.reg, "ParentModel", "left"), "children", "AssociationModel", "parent", NULL);
	fx_rel(fx_mapper(f.reg, "ChildModel", "right"), "parents", "AssociationModel", "child", NULL);
	assoc_mapper *am = fx_mapper(f.reg, "AssociationModel", "association");
	fx_rel(am, "child", "ChildModel", "parents", NULL);
	fx_rel(am, "parent", "ParentModel", "children", NULL);
	fx_open(&f);

	/* create parent, append a child via association */
	assoc_object *p = fx_new(&f, "ParentModel");
	assoc_object *a = fx_new(&f, "AssociationModel");
	fx_set_text(a, "extra_data", "some data");
	assoc_object *c = fx_new(&f, "ChildModel");
	fx_set_obj(a, "child", c);
	fx_append(fx_coll(p, "children"), a);
	CHECK(fx_get_obj(a, "parent") == p);
	CHECK(fx_at(fx_coll(c, "parents"), 0) == a);
	CHECK_OK(assoc_session_add(f.s, p));
	CHECK_OK(assoc_session_commit(f.s));

	/* the generated keys became the association's primary key */
	int64_t pid = fx_get_int(p, "id"), cid = fx_get_int(c, "id");
	CHECK_INT(fx_get_int(a, "left_id"), pid);
	CHECK_INT(fx_get_int(a, "right_id"), cid);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM association WHERE extra_data = 'some data'"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT left_id FROM association"), pid);
	CHECK_INT(fx_sql_int(f.eng, "SELECT right_id FROM association"), cid);

	/* iterate through child objects via association, in a new session */
	fx_new_session(&f);
	assoc_value pk = assoc_value_integer(pid);
	assoc_object *p2 = NULL;
	CHECK_OK(assoc_session_get(&p2, f.s, fx_m(&f, "ParentModel"), &pk, 1));
	CHECK(p2 != NULL);
	assoc_collection *children = fx_coll(p2, "children");
	CHECK_INT(fx_len(children), 1);
	assoc_object *a2 = fx_at(children, 0);
	CHECK_STR(fx_get_text(a2, "extra_data"), "some data");
	assoc_object *c2 = fx_get_obj(a2, "child");
	CHECK(c2 != NULL);
	CHECK_INT(fx_get_int(c2, "id"), cid);
	CHECK(fx_contains(fx_coll(c2, "parents"), a2));
	/* identity by the composite key */
	assoc_value key[2] = { assoc_value_integer(pid), assoc_value_integer(cid) };
	assoc_object *same = NULL;
	CHECK_OK(assoc_session_get(&same, f.s, am, key, 2));
	CHECK(same == a2);
	/* the extra column is an ordinary attribute */
	fx_set_text(a2, "extra_data", "changed");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT extra_data FROM association"), "changed");
	fx_close(&f);
}

/* Seed 001: User.user_keyword_associations ("all, delete-orphan") <->
 * UserKeywordAssociation.user; UserKeywordAssociation.keyword -> Keyword. */
static void test_delete_orphan_association(void)
{
	fx f;
	new_reg(&f);
	assoc_table *u = fx_table_id(f.reg, "user");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *k = fx_table_id(f.reg, "keyword");
	fx_col(k, "keyword", ASSOC_TYPE_TEXT);
	link_table(f.reg, "user_keyword", "user_id", "user.id", "keyword_id", "keyword.id", "special_key");
	fx_rel(fx_mapper(f.reg, "User", "user"), "user_keyword_associations", "UserKeywordAssociation",
	       "user", "all, delete-orphan");
	fx_mapper(f.reg, "Keyword", "keyword");
	assoc_mapper *uka = fx_mapper(f.reg, "UserKeywordAssociation", "user_keyword");
	fx_rel(uka, "user", "User", "user_keyword_associations", NULL);
	fx_rel(uka, "keyword", "Keyword", NULL, NULL);
	fx_open(&f);

	assoc_object *user = fx_new(&f, "User");
	fx_set_text(user, "name", "log");
	assoc_collection *links = fx_coll(user, "user_keyword_associations");
	const char *words[] = { "new_from_blammo", "its_big", "its_heavy" };
	for (size_t i = 0; i < 3; i++) {
		assoc_object *kw = fx_new(&f, "Keyword");
		fx_set_text(kw, "keyword", words[i]);
		assoc_object *link = fx_new(&f, "UserKeywordAssociation");
		fx_set_obj(link, "keyword", kw);
		fx_append(links, link);
		CHECK(fx_get_obj(link, "user") == user);
	}
	/* assigning .user appends to the user's collection */
	assoc_object *wood = fx_new(&f, "Keyword");
	fx_set_text(wood, "keyword", "its_wood");
	assoc_object *special = fx_new(&f, "UserKeywordAssociation");
	fx_set_obj(special, "keyword", wood);
	fx_set_obj(special, "user", user);
	fx_set_text(special, "special_key", "my special key");
	CHECK_INT(fx_len(links), 4);
	CHECK(fx_at(links, 3) == special);
	CHECK_OK(assoc_session_add(f.s, user));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_keyword"), 4);
	CHECK_STR(fx_sql_text(f.eng, "SELECT k.keyword FROM user_keyword uk JOIN keyword k ON k.id = uk.keyword_id "
	                             "WHERE uk.special_key = 'my special key'"), "its_wood");

	/* removing a link deletes its row (an orphan), not its keyword */
	links = fx_coll(user, "user_keyword_associations");
	assoc_object *big = NULL;
	for (size_t i = 0; i < fx_len(links); i++) {
		assoc_object *l = fx_at(links, i);
		if (strcmp(fx_get_text(fx_get_obj(l, "keyword"), "keyword"), "its_big") == 0)
			big = l;
	}
	CHECK(big != NULL);
	CHECK_OK(assoc_collection_remove(links, assoc_value_object(big)));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_keyword"), 3);
	CHECK_INT(fx_count(f.eng, "keyword"), 4);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM user_keyword uk JOIN keyword k ON k.id = uk.keyword_id "
	                            "WHERE k.keyword = 'its_big'"), 0);

	/* deleting the user deletes its links, and only them */
	CHECK_OK(assoc_session_delete(f.s, user));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_keyword"), 0);
	CHECK_INT(fx_count(f.eng, "user"), 0);
	CHECK_INT(fx_count(f.eng, "keyword"), 4);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_association_object),
		TEST(test_composite_key_association),
		TEST(test_delete_orphan_association),
	};
	return CHECK_RUN(tests, argc, argv);
}
