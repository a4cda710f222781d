/*
 * check.c - the runner behind check.h.
 */
#include "check.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int forked;
static jmp_buf jmp;
static int skipped_inline; /* ASSOC_TEST_NOFORK: the test that longjmp'd out was skipped */

enum { EXIT_FAILED = 3, EXIT_SKIPPED = 4 };
enum outcome { PASSED, FAILED, SKIPPED };

void check_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	if (forked)
		_exit(EXIT_FAILED); /* skip the leak check: a failed test leaves its handles behind */
	longjmp(jmp, 1);
}

void check_skip_at(const char *file, int line, const char *reason)
{
	fprintf(stderr, "  %s:%d: skipped: %s\n", file, line, reason);
	fflush(stderr);
	if (forked)
		_exit(EXIT_SKIPPED);
	skipped_inline = 1;
	longjmp(jmp, 1);
}

const char *check_last_error_(void)
{
	static char buf[1200];
	const assoc_error *e = assoc_error_last();
	snprintf(buf, sizeof buf, "%s: %s", assoc_error_name(e->code),
	         e->message ? e->message : "(NULL message)");
	return buf;
}

static int selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

static enum outcome run_one(const check_test *t)
{
	const char *nofork = getenv("ASSOC_TEST_NOFORK");
	fflush(stdout);
	fflush(stderr);
	if (nofork && *nofork && strcmp(nofork, "0") != 0) {
		forked = 0;
		skipped_inline = 0;
		if (setjmp(jmp) != 0)
			return skipped_inline ? SKIPPED : FAILED;
		assoc_error_clear();
		t->fn();
		return PASSED;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return FAILED;
	}
	if (pid == 0) {
		forked = 1;
		const char *limit = getenv("ASSOC_TEST_TIMEOUT"); /* seconds; long sweeps raise it */
		alarm(limit && atoi(limit) > 0 ? (unsigned)atoi(limit) : 120);
		assoc_error_clear();
		t->fn();
		fflush(stdout);
		exit(0); /* exit(), not _exit(): the leak checker runs here */
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "  %s: killed by signal %d%s\n", t->name, WTERMSIG(status),
		        WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
		return FAILED;
	}
	if (WEXITSTATUS(status) == EXIT_FAILED)
		return FAILED; /* a failed check, already reported */
	if (WEXITSTATUS(status) == EXIT_SKIPPED)
		return SKIPPED;
	if (WEXITSTATUS(status) != 0) {
		fprintf(stderr, "  %s: exited with status %d (a sanitizer report above?)\n",
		        t->name, WEXITSTATUS(status));
		return FAILED;
	}
	return PASSED;
}

static void run_list(const check_test *tests, size_t n, int argc, char **argv, int count[3])
{
	static const char *const label[] = { "ok  ", "FAIL", "skip" };
	for (size_t i = 0; i < n && tests[i].fn; i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		enum outcome o = run_one(&tests[i]);
		printf("%s %s\n", label[o], tests[i].name);
		fflush(stdout);
		count[o]++;
	}
}

static int report(const int count[3])
{
	printf("%d passed, %d failed, %d skipped\n", count[PASSED], count[FAILED], count[SKIPPED]);
	return count[FAILED] ? 1 : 0;
}

int check_run_(const check_test *tests, size_t n, int argc, char **argv)
{
	int count[3] = { 0 };
	run_list(tests, n, argc, argv, count);
	return report(count);
}

int check_run_parts(const check_part *const *parts, size_t nparts, int argc, char **argv)
{
	int count[3] = { 0 };
	for (size_t i = 0; i < nparts; i++)
		run_list(parts[i]->tests, (size_t)-1, argc, argv, count);
	return report(count);
}
