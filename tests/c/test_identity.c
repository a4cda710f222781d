/*
 * test_identity.c - the identity map under dense and sparse integer keys,
 * key changes, expunge and rollback: the same key always gives the same handle.
 */
#include <string.h>

#include "fixtures.h"

static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_col(fx_table_id(f->reg, "things"), "name", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "Thing", "things");
	fx_open(f);
}

static assoc_object *get(fx *f, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	CHECK_OK(assoc_session_get(&o, f->s, fx_m(f, "Thing"), &pk, 1));
	return o;
}

/* Keys far apart (the dense array would be too sparse) and negative ones still map to one handle each. */
static void test_sparse_and_dense_keys(void)
{
	fx f;
	build(&f);
	static const int64_t ids[] = { 1, 2, 3, 1000000000000LL, -5, 4, 70000, 9000000000000000000LL, 5 };
	enum { N = sizeof ids / sizeof ids[0] };
	char sql[160];
	for (int i = 0; i < N; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO things (id, name) VALUES (%lld, 'n%d')", (long long)ids[i], i);
		CHECK_OK(assoc_engine_exec(f.eng, sql));
	}
	assoc_object *first[N];
	for (int i = 0; i < N; i++) {
		first[i] = get(&f, ids[i]);
		CHECK(first[i] != NULL);
		CHECK_INT(fx_get_int(first[i], "id"), ids[i]);
	}
	CHECK_INT(assoc_session_identity_count(f.s), N);
	/* through a query: the same handles */
	assoc_query *q = NULL;
	assoc_result *r = NULL;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Thing")));
	CHECK_OK(assoc_query_all(&r, q));
	CHECK_INT(assoc_result_count(r), N);
	for (size_t k = 0; k < assoc_result_count(r); k++) {
		assoc_object *o = assoc_result_get(r, k);
		int found = 0;
		for (int i = 0; i < N; i++)
			found |= first[i] == o;
		CHECK(found);
	}
	assoc_result_free(r);
	assoc_query_free(q);
	CHECK(get(&f, 6) == NULL);
	CHECK(get(&f, 999999999999LL) == NULL);
	fx_close(&f);
}

/* New objects, a primary key change, expunge and rollback keep the map right. */
static void test_key_changes_expunge_rollback(void)
{
	fx f;
	build(&f);
	assoc_object *a = fx_add(&f, "Thing", "name", "a");
	assoc_object *b = fx_add(&f, "Thing", "name", "b");
	CHECK_OK(assoc_session_commit(f.s));
	int64_t ida = fx_get_int(a, "id"), idb = fx_get_int(b, "id");
	CHECK(get(&f, ida) == a);
	fx_set(a, "id", assoc_value_integer(500000000));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK(get(&f, 500000000) == a);
	CHECK(get(&f, ida) == NULL);
	CHECK_OK(assoc_session_expunge(f.s, b));
	assoc_object *b2 = get(&f, idb);
	CHECK(b2 != NULL && b2 != b);
	CHECK_STR(fx_get_text(b2, "name"), "b");
	assoc_object *c = fx_add(&f, "Thing", "name", "c");
	CHECK_OK(assoc_session_flush(f.s));
	int64_t idc = fx_get_int(c, "id");
	CHECK(get(&f, idc) == c);
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK(get(&f, idc) == NULL);
	CHECK_INT(assoc_object_state_of(c), ASSOC_STATE_TRANSIENT);
	CHECK_INT(assoc_session_identity_count(f.s), 2);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_sparse_and_dense_keys),
		TEST(test_key_changes_expunge_rollback),
	};
	return CHECK_RUN(tests, argc, argv);
}
