/*
 * test_error.c - error codes, their names, and the last error of each thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

static void test_version(void)
{
	CHECK_STR(assoc_version(), ASSOC_VERSION);
	CHECK(ASSOC_VERSION_MAJOR == 0 && ASSOC_SOVERSION == 0);
}

static void test_codes_are_distinct_negative_values(void)
{
	CHECK_INT(ASSOC_OK, 0);
	static const int codes[] = {
		ASSOC_ERROR,      ASSOC_ENOMEM,    ASSOC_EINVAL,    ASSOC_ENOTFOUND,
		ASSOC_ETYPE,      ASSOC_ECONSTRAINT, ASSOC_ECONFIG, ASSOC_ECLOSED,
		ASSOC_EDETACHED,  ASSOC_ESTATE,    ASSOC_EDB,       ASSOC_ENORESULT,
		ASSOC_EMULTIPLE,  ASSOC_ECALLBACK, ASSOC_ERANGE,    ASSOC_EEXISTS,
		ASSOC_ERETRY,     ASSOC_EINTERRUPT,
	};
	size_t n = sizeof codes / sizeof codes[0];
	CHECK_INT(ASSOC_ERROR_CODE_MIN, -(int)n); /* every code listed here, none missing */
	for (size_t i = 0; i < n; i++) {
		CHECK(codes[i] < 0);
		for (size_t j = i + 1; j < n; j++)
			CHECK(codes[i] != codes[j]);
	}
}

static void test_names(void)
{
	CHECK_STR(assoc_error_name(ASSOC_OK), "ASSOC_OK");
	CHECK_STR(assoc_error_name(ASSOC_ERROR), "ASSOC_ERROR");
	CHECK_STR(assoc_error_name(ASSOC_ENOMEM), "ASSOC_ENOMEM");
	CHECK_STR(assoc_error_name(ASSOC_EINVAL), "ASSOC_EINVAL");
	CHECK_STR(assoc_error_name(ASSOC_ENOTFOUND), "ASSOC_ENOTFOUND");
	CHECK_STR(assoc_error_name(ASSOC_ETYPE), "ASSOC_ETYPE");
	CHECK_STR(assoc_error_name(ASSOC_ECONSTRAINT), "ASSOC_ECONSTRAINT");
	CHECK_STR(assoc_error_name(ASSOC_ECONFIG), "ASSOC_ECONFIG");
	CHECK_STR(assoc_error_name(ASSOC_ECLOSED), "ASSOC_ECLOSED");
	CHECK_STR(assoc_error_name(ASSOC_EDETACHED), "ASSOC_EDETACHED");
	CHECK_STR(assoc_error_name(ASSOC_ESTATE), "ASSOC_ESTATE");
	CHECK_STR(assoc_error_name(ASSOC_EDB), "ASSOC_EDB");
	CHECK_STR(assoc_error_name(ASSOC_ENORESULT), "ASSOC_ENORESULT");
	CHECK_STR(assoc_error_name(ASSOC_EMULTIPLE), "ASSOC_EMULTIPLE");
	CHECK_STR(assoc_error_name(ASSOC_ECALLBACK), "ASSOC_ECALLBACK");
	CHECK_STR(assoc_error_name(ASSOC_ERANGE), "ASSOC_ERANGE");
	CHECK_STR(assoc_error_name(ASSOC_EEXISTS), "ASSOC_EEXISTS");
	CHECK_STR(assoc_error_name(ASSOC_ERETRY), "ASSOC_ERETRY");
	CHECK_STR(assoc_error_name(ASSOC_EINTERRUPT), "ASSOC_EINTERRUPT");
	/* an unknown code still gets a printable name */
	const char *unknown = assoc_error_name(-12345);
	CHECK(unknown != NULL && unknown[0] != 0);
	CHECK(assoc_error_name(1) != NULL);
}

static void test_set_and_clear(void)
{
	assoc_error_clear();
	CHECK_INT(assoc_error_last()->code, ASSOC_OK);
	CHECK(assoc_error_last()->message != NULL);
	CHECK_STR(assoc_error_last()->message, "");

	CHECK_INT(assoc_error_set(ASSOC_ETYPE, "bad %s %d", "thing", 42), ASSOC_ETYPE);
	CHECK_INT(assoc_error_last()->code, ASSOC_ETYPE);
	CHECK_STR(assoc_error_last()->message, "bad thing 42");

	assoc_error_clear();
	CHECK_INT(assoc_error_last()->code, ASSOC_OK);
	CHECK_STR(assoc_error_last()->message, "");
}

static void test_long_message_is_kept_safely(void)
{
	static char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	CHECK_INT(assoc_error_set(ASSOC_ERROR, "%s", big), ASSOC_ERROR);
	const char *m = assoc_error_last()->message;
	CHECK(m != NULL && strlen(m) > 0 && m[0] == 'x');
}

/* A real failure records its code and a message naming what was involved;
 * a later success leaves an empty message (error.h: "" after success). */
static void test_real_failure_then_success(void)
{
	assoc_registry *reg = NULL;
	assoc_table *t = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	fx_table(reg, "present_table");
	CHECK_ERR(assoc_registry_table(&t, reg, "no_such_table"), ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("no_such_table");

	/* success leaves the last error alone (libgit2's rule); clearing is explicit */
	CHECK_OK(assoc_registry_table(&t, reg, "present_table"));
	CHECK(t != NULL);
	CHECK_STR(assoc_table_name(t), "present_table");
	CHECK_INT(assoc_error_last()->code, ASSOC_ENOTFOUND);
	assoc_error_clear();
	CHECK_INT(assoc_error_last()->code, ASSOC_OK);
	CHECK_STR(assoc_error_last()->message, "");
	assoc_registry_free(reg);
}

static void test_null_handles_are_einval(void)
{
	assoc_table *t = NULL;
	CHECK_ERR(assoc_registry_new(NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_table_new(&t, NULL, "x"), ASSOC_EINVAL);
	CHECK_ERR(assoc_registry_configure(NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_session_flush(NULL), ASSOC_EINVAL);
}

struct thread_result {
	int initial_code;
	char initial_message[64];
	int code_after;
	char message_after[64];
};

static void *thread_body(void *arg)
{
	struct thread_result *r = arg;
	const assoc_error *e = assoc_error_last();
	r->initial_code = e->code;
	snprintf(r->initial_message, sizeof r->initial_message, "%s",
	         e->message ? e->message : "(NULL)");
	assoc_error_set(ASSOC_ECONSTRAINT, "from the thread");
	e = assoc_error_last();
	r->code_after = e->code;
	snprintf(r->message_after, sizeof r->message_after, "%s", e->message);
	return NULL;
}

static void test_last_error_is_per_thread(void)
{
	struct thread_result r;
	memset(&r, 0, sizeof r);
	assoc_error_set(ASSOC_ENOTFOUND, "from main");
	pthread_t th;
	CHECK(pthread_create(&th, NULL, thread_body, &r) == 0);
	CHECK(pthread_join(th, NULL) == 0);

	/* the new thread started with no error, not with main's */
	CHECK_INT(r.initial_code, ASSOC_OK);
	CHECK_STR(r.initial_message, "");
	CHECK_INT(r.code_after, ASSOC_ECONSTRAINT);
	CHECK_STR(r.message_after, "from the thread");
	/* and its error did not leak into main */
	CHECK_INT(assoc_error_last()->code, ASSOC_ENOTFOUND);
	CHECK_STR(assoc_error_last()->message, "from main");
}

struct worker {
	int id;
	int ok;
};

/* Many threads fail real calls at once; each sees only its own message. */
static void *worker_body(void *arg)
{
	struct worker *w = arg;
	assoc_registry *reg = NULL;
	assoc_table *t = NULL;
	char name[32];
	w->ok = 1;
	if (assoc_registry_new(&reg) != 0)
		return w->ok = 0, NULL;
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof name, "missing_%d_%d", w->id, i);
		if (assoc_registry_table(&t, reg, name) != ASSOC_ENOTFOUND ||
		    assoc_error_last()->code != ASSOC_ENOTFOUND ||
		    !strstr(assoc_error_last()->message, name))
			w->ok = 0;
	}
	assoc_registry_free(reg);
	return NULL;
}

static void test_concurrent_errors_do_not_mix(void)
{
	enum { N = 4 };
	pthread_t th[N];
	struct worker w[N];
	for (int i = 0; i < N; i++) {
		w[i].id = i;
		w[i].ok = 0;
		CHECK(pthread_create(&th[i], NULL, worker_body, &w[i]) == 0);
	}
	for (int i = 0; i < N; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	for (int i = 0; i < N; i++)
		CHECK(w[i].ok);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_version),
		TEST(test_codes_are_distinct_negative_values),
		TEST(test_names),
		TEST(test_set_and_clear),
		TEST(test_long_message_is_kept_safely),
		TEST(test_real_failure_then_success),
		TEST(test_null_handles_are_einval),
		TEST(test_last_error_is_per_thread),
		TEST(test_concurrent_errors_do_not_mix),
	};
	return CHECK_RUN(tests, argc, argv);
}
