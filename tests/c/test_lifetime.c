/*
 * test_lifetime.c - handles freed in any order, as a garbage collector frees
 * a binding's wrappers: a session keeps its engine and registry, a pinned
 * object that outlives its session keeps its registry, and nothing is freed
 * twice or read after it is gone (the sanitizer run checks the memory).
 */
#include "fixtures.h"

/* users/addresses, an in-memory engine and a session, with one user and an address committed. */
static assoc_object *setup(fx *f, assoc_object **address)
{
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	fx_open(f);
	assoc_object *u = fx_add(f, "User", "name", "jek");
	assoc_object *a = fx_new(f, "Address");
	fx_set_text(a, "email", "jek@example.com");
	fx_append(fx_coll(u, "addresses"), a);
	CHECK_OK(assoc_session_commit(f->s));
	assoc_object_ref(u);
	assoc_object_ref(a);
	*address = a;
	return u;
}

static void test_registry_and_engine_freed_before_the_session(void)
{
	fx f = { 0 };
	assoc_object *a, *u = setup(&f, &a);
	assoc_registry_free(f.reg);
	assoc_engine_free(f.eng);
	/* the session goes on working: it holds both */
	CHECK_STR(fx_get_text(u, "name"), "jek");
	CHECK_INT(fx_len(fx_coll(u, "addresses")), 1);
	fx_set_text(u, "name", "ed");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_get_text(u, "name"), "ed");
	assoc_session_free(f.s);
	/* pinned objects live on detached, and so does the registry their mappers are in */
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DETACHED);
	CHECK_STR(fx_get_text(u, "name"), "ed");
	CHECK_STR(assoc_mapper_name(assoc_object_mapper(u)), "User");
	assoc_object_unref(a);
	assoc_object_unref(u); /* the last user of the registry: it goes now */
}

static void test_session_freed_first_then_objects_then_registry(void)
{
	fx f = { 0 };
	assoc_object *a, *u = setup(&f, &a);
	CHECK_STR(fx_get_text(a, "email"), "jek@example.com"); /* loaded again after the commit expired it */
	assoc_session_free(f.s);
	assoc_value v;
	CHECK_ERR(assoc_object_get(a, "user", &v), ASSOC_EDETACHED);
	assoc_object_unref(u);
	assoc_engine_free(f.eng);
	assoc_registry_free(f.reg);
	CHECK_STR(fx_get_text(a, "email"), "jek@example.com"); /* the registry is still held by the address */
	assoc_object_unref(a);
}

static void test_objects_unpinned_before_their_session(void)
{
	fx f = { 0 };
	assoc_object *a, *u = setup(&f, &a);
	assoc_object_unref(u);
	assoc_object_unref(a);
	/* unpinned objects still belong to the open session */
	CHECK_STR(fx_get_text(u, "name"), "jek");
	assoc_registry_free(f.reg);
	assoc_session_free(f.s);
	assoc_engine_free(f.eng);
}

static void test_engine_survives_for_every_session(void)
{
	fx f = { 0 };
	assoc_object *a, *u = setup(&f, &a);
	assoc_session *s2;
	CHECK_OK(assoc_session_new(&s2, f.eng, f.reg, NULL));
	assoc_engine_free(f.eng);
	assoc_registry_free(f.reg);
	assoc_session_free(f.s);
	/* the second session still reads the shared in-memory database */
	assoc_mapper *user_m = assoc_object_mapper(u);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, s2, user_m));
	int64_t n = 0;
	CHECK_OK(assoc_query_count(&n, q));
	CHECK_INT(n, 1);
	assoc_query_free(q);
	assoc_session_free(s2);
	assoc_object_unref(u);
	assoc_object_unref(a);
}

static void test_extra_references(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_OK(assoc_engine_open(&eng, "sqlite://"));
	assoc_registry_ref(reg);
	assoc_engine_ref(eng);
	assoc_registry_free(reg);
	assoc_engine_free(eng);
	/* one reference left of each: still usable */
	assoc_table *t;
	CHECK_OK(assoc_table_new(&t, reg, "t"));
	CHECK_OK(assoc_engine_exec(eng, "CREATE TABLE x (a)"));
	assoc_registry_free(reg);
	assoc_engine_free(eng);
	assoc_registry_ref(NULL); /* NULL is ignored, as by the frees */
	assoc_engine_ref(NULL);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_registry_and_engine_freed_before_the_session),
		TEST(test_session_freed_first_then_objects_then_registry),
		TEST(test_objects_unpinned_before_their_session),
		TEST(test_engine_survives_for_every_session),
		TEST(test_extra_references),
	};
	return CHECK_RUN(tests, argc, argv);
}
