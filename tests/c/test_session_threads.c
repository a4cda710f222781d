/*
 * test_session_threads.c - a configured registry is read-only and shared by
 * sessions on several threads at once, each on its own engine.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

enum { THREADS = 4, USERS = 50 };

struct worker {
	assoc_registry *reg;
	int id;
	int ok;
	char error[256];
};

#define WCHECK(w, call)                                                               \
	do {                                                                              \
		int rc_ = (call);                                                             \
		if (rc_ != 0 && (w)->ok) {                                                    \
			(w)->ok = 0;                                                              \
			snprintf((w)->error, sizeof (w)->error, "%s: %s", #call,                  \
			         assoc_error_last()->message);                                    \
		}                                                                             \
	} while (0)

static void *work(void *arg)
{
	struct worker *w = arg;
	assoc_engine *eng = NULL;
	assoc_session *s = NULL;
	assoc_mapper *user = NULL, *address = NULL;
	w->ok = 1;
	WCHECK(w, assoc_engine_open(&eng, "sqlite://"));
	if (!w->ok)
		return NULL;
	WCHECK(w, assoc_engine_create_all(eng, w->reg));
	WCHECK(w, assoc_session_new(&s, eng, w->reg, NULL));
	WCHECK(w, assoc_registry_mapper(&user, w->reg, "User"));
	WCHECK(w, assoc_registry_mapper(&address, w->reg, "Address"));
	assoc_attr *name = NULL, *email = NULL;
	WCHECK(w, assoc_mapper_attr(&name, user, "name"));
	WCHECK(w, assoc_mapper_attr(&email, address, "email"));
	char buf[64];
	for (int i = 0; w->ok && i < USERS; i++) {
		assoc_object *u = NULL, *a = NULL;
		assoc_collection *c = NULL;
		snprintf(buf, sizeof buf, "t%d-u%d", w->id, i);
		WCHECK(w, assoc_object_new(&u, s, user));
		WCHECK(w, assoc_object_set_attr(u, name, assoc_value_text(buf)));
		WCHECK(w, assoc_object_new(&a, s, address));
		WCHECK(w, assoc_object_set_attr(a, email, assoc_value_text(buf)));
		WCHECK(w, assoc_object_collection(&c, u, "addresses"));
		if (w->ok)
			WCHECK(w, assoc_collection_append(c, assoc_value_object(a)));
		WCHECK(w, assoc_session_add(s, u));
	}
	WCHECK(w, assoc_session_commit(s));
	assoc_value v = assoc_value_null();
	WCHECK(w, assoc_engine_scalar(&v, eng,
	                              "SELECT count(*) FROM addresses a JOIN users u ON u.id = a.user_id "
	                              "WHERE a.email = u.name", NULL, 0));
	if (w->ok && (v.kind != ASSOC_INTEGER || v.u.integer != USERS)) {
		w->ok = 0;
		snprintf(w->error, sizeof w->error, "thread %d: expected %d linked rows", w->id, USERS);
	}
	assoc_query *q = NULL;
	int64_t n = -1;
	WCHECK(w, assoc_query_new(&q, s, user));
	if (q) {
		WCHECK(w, assoc_query_count(&n, q));
		assoc_query_free(q);
	}
	if (w->ok && n != USERS) {
		w->ok = 0;
		snprintf(w->error, sizeof w->error, "thread %d: query counted %lld", w->id, (long long)n);
	}
	assoc_session_free(s);
	assoc_engine_free(eng);
	return NULL;
}

static void test_registry_shared_across_threads(void)
{
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	fx_users_addresses(reg, NULL, NULL);
	CHECK_OK(assoc_registry_configure(reg));
	pthread_t th[THREADS];
	struct worker w[THREADS];
	memset(w, 0, sizeof w);
	for (int i = 0; i < THREADS; i++) {
		w[i].reg = reg;
		w[i].id = i;
		CHECK(pthread_create(&th[i], NULL, work, &w[i]) == 0);
	}
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	for (int i = 0; i < THREADS; i++) {
		if (!w[i].ok)
			fprintf(stderr, "  worker %d: %s\n", i, w[i].error);
		CHECK(w[i].ok);
	}
	assoc_registry_free(reg);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_registry_shared_across_threads),
	};
	return CHECK_RUN(tests, argc, argv);
}
