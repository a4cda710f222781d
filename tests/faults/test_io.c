/*
 * test_io.c - the realistic program under failing file I/O: for each kind of
 * VFS operation, the fault-free run counts them, then the Nth fails (once,
 * or from N on) in a child process each, in rollback-journal (DELETE and
 * TRUNCATE) and WAL mode,
 * recovering by rollback + redo of the transaction or by calling the failing
 * step again (see program.h for what is checked after each failure).
 *
 * The default run samples the operations (the first of each step and evenly
 * spaced ones); ASSOC_FAULT_FULL=1 tries every one.
 */
#include <stdlib.h>
#include <unistd.h>

#include "faultvfs.h"
#include "realistic.h"

/*
 * Operations of each kind to sample per sweep in the default run; under the
 * sanitizers (several times slower) fewer, and not every step's first.
 */
#if defined(__SANITIZE_ADDRESS__)
#define BUDGET 5
#define PER_STEP 0
#else
#define BUDGET 16
#define PER_STEP 1
#endif

typedef struct source {
	fv_kind kind;
	int error; /* 0: the kind's own SQLITE_IOERR_* */
} source;

static const source sources[] = {
	{ FV_READ, 0 }, { FV_WRITE, 0 }, { FV_WRITE, SQLITE_FULL }, { FV_SYNC, 0 }, { FV_TRUNCATE, 0 },
	{ FV_LOCK, 0 }, { FV_FILESIZE, 0 }, { FV_OPEN, 0 }, { FV_DELETE, 0 }, { FV_SHMMAP, 0 }, { FV_SHMLOCK, 0 },
};

static void sweep(const char *journal_mode, fp_recovery rec)
{
	if (fp_full())
		alarm(0); /* the full sweep outlasts the harness's per-test timeout */
	long runs = 0, failed = 0, crashed = 0;
	double t0 = fp_now();
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		fp_fault src;
		fv_source(&src, sources[i].kind, sources[i].error);
		fp_baseline b;
		fp_baseline_run(&b, &fp_realistic, &src, journal_mode);
		size_t count;
		long *ns = fp_sample(&b, BUDGET, PER_STEP, &count);
		for (int persistent = 0; persistent <= 1; persistent++) {
			fp_sweep_result r;
			fp_sweep(&r, &b, &src, ns, count, persistent, rec);
			printf("  %-8s %-13s %-20s %-10s %4ld ops, %4ld runs, %3ld failed (%ld crashed), %3ld absorbed, "
			       "%.1f s\n", journal_mode, rec == FP_RETRY ? "retry" : "rollback+redo", src.name,
			       persistent ? "persistent" : "once", b.total, r.runs, r.failed, r.crashed, r.absorbed, r.seconds);
			fflush(stdout);
			runs += r.runs;
			failed += r.failed;
			crashed += r.crashed;
		}
		free(ns);
		fp_baseline_free(&b);
	}
	printf("  %s, %s: %ld runs, %ld failed (%ld crashed), %.1f s\n", journal_mode,
	       rec == FP_RETRY ? "retry" : "rollback+redo", runs, failed, crashed, fp_now() - t0);
	fflush(stdout);
	CHECK_INT(failed, 0);
}

/* The harness's premise: with no fault, a run makes exactly the fault-free run's operations. */
static void test_runs_are_deterministic(void)
{
	static const char *const modes[] = { "delete", "truncate", "wal" };
	for (size_t m = 0; m < 3; m++) {
		for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
			fp_fault src;
			fv_source(&src, sources[i].kind, sources[i].error);
			fp_baseline b;
			fp_baseline_run(&b, &fp_realistic, &src, modes[m]);
			if (sources[i].kind == FV_READ || sources[i].kind == FV_WRITE || sources[i].kind == FV_SYNC)
				CHECK(b.total > 0);
			CHECK_INT(fp_run_faulted(&b, &src, 0, 0, FP_ROLLBACK_REDO), 0);
			fp_baseline_free(&b);
		}
	}
}

static void test_delete_journal_rollback_redo(void) { sweep("delete", FP_ROLLBACK_REDO); }
static void test_delete_journal_retry(void) { sweep("delete", FP_RETRY); }
static void test_truncate_journal_rollback_redo(void) { sweep("truncate", FP_ROLLBACK_REDO); }
static void test_truncate_journal_retry(void) { sweep("truncate", FP_RETRY); }
static void test_wal_rollback_redo(void) { sweep("wal", FP_ROLLBACK_REDO); }
static void test_wal_retry(void) { sweep("wal", FP_RETRY); }

int main(int argc, char **argv)
{
	if (fv_install() != SQLITE_OK) {
		fprintf(stderr, "cannot register the fault VFS\n");
		return 1;
	}
	fv_set_fake_sync(1);
	static const check_test tests[] = {
		TEST(test_runs_are_deterministic),
		TEST(test_delete_journal_rollback_redo),
		TEST(test_delete_journal_retry),
		TEST(test_truncate_journal_rollback_redo),
		TEST(test_truncate_journal_retry),
		TEST(test_wal_rollback_redo),
		TEST(test_wal_retry),
	};
	return CHECK_RUN(tests, argc, argv);
}
