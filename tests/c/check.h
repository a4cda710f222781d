/*
 * check.h - a tiny test harness for the assoc C tests.
 *
 *   static void test_something(void) { CHECK(1 + 1 == 2); CHECK_OK(assoc_...(...)); }
 *   int main(int argc, char **argv) {
 *       static const check_test tests[] = { TEST(test_something) };
 *       return CHECK_RUN(tests, argc, argv);
 *   }
 *
 * A failed check prints where and why and ends the current test. Each test runs
 * in a child process (so a crash, a hang or, under the sanitizers, a leak is
 * charged to that test alone); set ASSOC_TEST_NOFORK=1 to run them in-process.
 * Arguments on the command line select tests whose name contains them. The run
 * ends with "N passed, N failed, N skipped" and exits non-zero when anything
 * failed.
 */
#ifndef ASSOC_TEST_CHECK_H
#define ASSOC_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "assoc.h"

typedef void (*check_fn)(void);
typedef struct check_test {
	const char *name;
	check_fn fn;
} check_test;

#define TEST(fn) { #fn, fn }

#ifdef __GNUC__
__attribute__((format(printf, 3, 4), noreturn))
#endif
void check_fail_at(const char *file, int line, const char *fmt, ...);

/* The last error as "ASSOC_EXXX: message" (a static buffer). */
const char *check_last_error_(void);

int check_run_(const check_test *tests, size_t n, int argc, char **argv);

/*
 * End the running test as skipped, with the reason printed. For a ported
 * reference test whose behaviour the library does not have yet: the reason
 * names what is missing, and tests/sqlalchemy/README.md lists it. Never for
 * a behaviour the library claims to have.
 */
#ifdef __GNUC__
__attribute__((noreturn))
#endif
void check_skip_at(const char *file, int line, const char *reason);
#define CHECK_SKIP(reason) check_skip_at(__FILE__, __LINE__, (reason))

#define CHECK(cond)                                                               \
	do {                                                                          \
		if (!(cond))                                                              \
			check_fail_at(__FILE__, __LINE__, "CHECK(%s) failed", #cond);         \
	} while (0)

#define CHECK_OK(call)                                                            \
	do {                                                                          \
		int check_rc_ = (call);                                                   \
		if (check_rc_ != 0)                                                       \
			check_fail_at(__FILE__, __LINE__, "%s returned %d (%s)", #call,       \
			              check_rc_, check_last_error_());                        \
	} while (0)

/* The call fails with want, and records that code with a non-empty message. */
#define CHECK_ERR(call, want)                                                     \
	do {                                                                          \
		int check_rc_ = (call);                                                   \
		const assoc_error *check_e_ = assoc_error_last();                         \
		if (check_rc_ != (want))                                                  \
			check_fail_at(__FILE__, __LINE__, "%s returned %d (%s), expected %s", \
			              #call, check_rc_, check_last_error_(),                  \
			              assoc_error_name(want));                                \
		if (check_e_->code != (want))                                             \
			check_fail_at(__FILE__, __LINE__,                                     \
			              "%s: assoc_error_last()->code is %s, expected %s",      \
			              #call, assoc_error_name(check_e_->code),                \
			              assoc_error_name(want));                                \
		if (!check_e_->message || !check_e_->message[0])                          \
			check_fail_at(__FILE__, __LINE__, "%s: empty error message", #call);  \
	} while (0)

/* The call fails with want1 or want2 (where the headers allow either). */
#define CHECK_ERR2(call, want1, want2)                                            \
	do {                                                                          \
		int check_rc_ = (call);                                                   \
		const assoc_error *check_e_ = assoc_error_last();                         \
		if (check_rc_ != (want1) && check_rc_ != (want2))                         \
			check_fail_at(__FILE__, __LINE__,                                     \
			              "%s returned %d (%s), expected %s or %s", #call,        \
			              check_rc_, check_last_error_(), assoc_error_name(want1), \
			              assoc_error_name(want2));                               \
		if (check_e_->code != check_rc_ || !check_e_->message ||                  \
		    !check_e_->message[0])                                                \
			check_fail_at(__FILE__, __LINE__, "%s: last error not recorded (%s)", \
			              #call, check_last_error_());                            \
	} while (0)

/* The last error's message contains text. */
#define CHECK_MSG_CONTAINS(text)                                                  \
	do {                                                                          \
		const char *check_m_ = assoc_error_last()->message;                       \
		if (!check_m_ || !strstr(check_m_, (text)))                               \
			check_fail_at(__FILE__, __LINE__, "error message \"%s\" lacks \"%s\"", \
			              check_m_ ? check_m_ : "(NULL)", (text));                \
	} while (0)

#define CHECK_STR(actual, expected)                                               \
	do {                                                                          \
		const char *check_a_ = (actual), *check_x_ = (expected);                  \
		if (!check_a_ || strcmp(check_a_, check_x_) != 0)                         \
			check_fail_at(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"",    \
			              #actual, check_a_ ? check_a_ : "(NULL)", check_x_);     \
	} while (0)

#define CHECK_INT(actual, expected)                                               \
	do {                                                                          \
		long long check_a_ = (long long)(actual), check_x_ = (long long)(expected); \
		if (check_a_ != check_x_)                                                 \
			check_fail_at(__FILE__, __LINE__, "%s is %lld, expected %lld",        \
			              #actual, check_a_, check_x_);                           \
	} while (0)

#define CHECK_RUN(tests, argc, argv) \
	check_run_((tests), sizeof(tests) / sizeof((tests)[0]), (argc), (argv))

/*
 * One executable's tests spread over several files: each part file defines a
 * check_part, and main passes them all to check_run_parts(). A part's
 * tests are a NULL-terminated check_test array.
 */
typedef struct check_part {
	const char *name;
	const check_test *tests;
} check_part;
int check_run_parts(const check_part *const *parts, size_t nparts, int argc, char **argv);

#endif
