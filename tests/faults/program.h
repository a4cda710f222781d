/*
 * program.h - a program as a table of steps, run fault-free once and then
 * once per injected fault, each faulted run in a child process of its own.
 *
 * A step is one API call (after idempotent look-ups such as
 * assoc_object_collection) that returns its code; steps are grouped into
 * transactions, the first flagged FP_BEGIN and the last FP_COMMIT or
 * FP_ROLLBACK. A transaction only uses the handles it finds itself (slot
 * values are set by its own steps), so it can be redone after a rollback.
 *
 * A fault source is anything that can count operations and fail the nth:
 * the VFS shim (faultvfs.h) here, an allocator hook elsewhere. After the first
 * failing step of a faulted run the harness checks the error (a persistent
 * fault: a rollback while it lasts may fail, but with a recorded error), lifts the fault,
 * checks the committed database (dumped through a raw "unix" connection)
 * against the fault-free run's, recovers (FP_ROLLBACK_REDO: roll back and
 * redo the transaction; FP_RETRY: call the step again, which must either
 * succeed - the session went on - or fail with ASSOC_ESTATE naming the
 * original error, and then roll back and redo) and runs on to the end, where
 * the database must equal the fault-free run's.
 */
#ifndef ASSOC_TEST_FAULT_PROGRAM_H
#define ASSOC_TEST_FAULT_PROGRAM_H

#include <stddef.h>

#include "fixtures.h"

#define FP_SLOTS 8

typedef struct fp_state {
	fx f;                       /* registry, engine, session */
	char path[512];             /* the database file */
	assoc_object *obj[FP_SLOTS];/* handles the steps keep */
	char out[512];              /* what a step read, compared with the fault-free run */
	void *data;                 /* the program's own */
} fp_state;

typedef int (*fp_step_fn)(fp_state *st);

enum { FP_BEGIN = 1, FP_COMMIT = 2, FP_ROLLBACK = 4 };

typedef struct fp_step {
	const char *name;
	fp_step_fn fn;
	unsigned flags;
} fp_step;

typedef struct fp_program {
	const char *name;
	const fp_step *steps;
	size_t nsteps;
	/* Registry, a fresh database at st->path (journal_mode given), schema, session; never faulted. */
	void (*setup)(fp_state *st, const char *journal_mode);
	void (*teardown)(fp_state *st);
} fp_program;

typedef struct fp_fault {
	const char *name;
	void (*reset)(const struct fp_fault *f);  /* zero the count, no fault */
	long (*count)(const struct fp_fault *f);  /* operations since reset or arm */
	void (*arm)(const struct fp_fault *f, long n, int persistent); /* fail the nth from now */
	void (*lift)(const struct fp_fault *f);
	long (*fired)(const struct fp_fault *f);  /* failures since arm */
	/* optional: on, the harness's own checks run (neither count nor fail them) */
	void (*pause)(const struct fp_fault *f, int on);
	int kind;                                 /* the source's own */
	int error;
} fp_fault;

typedef enum fp_recovery { FP_ROLLBACK_REDO = 0, FP_RETRY = 1 } fp_recovery;

/* What the fault-free run saw. */
typedef struct fp_baseline {
	const fp_program *prog;
	const char *journal_mode;
	long total;          /* operations of the fault source over the whole program */
	long *ops_before;    /* [nsteps + 1]: the count when step i started */
	int *commits_before; /* [nsteps]: commits done when step i started */
	char **committed;    /* [ncommits + 1]: the committed content after k commits */
	char **out;          /* [nsteps]: what each step read */
	int ncommits;
	double seconds;
} fp_baseline;

/* The content of every table of the database file, through a raw "unix" connection. */
char *fp_dump(const char *path);
/* PRAGMA integrity_check's first row, through a raw connection (static buffer). */
const char *fp_integrity(const char *path);

/* A path for a test database (under $TMPDIR or /tmp), with its -journal and -wal removed. */
void fp_db_path(char *buf, size_t cap, const char *tag);
void fp_remove_db(const char *path);

/* Run prog fault-free, counting the source's operations. */
void fp_baseline_run(fp_baseline *b, const fp_program *prog, const fp_fault *src, const char *journal_mode);
void fp_baseline_free(fp_baseline *b);

/*
 * Run the program in this process with src failing its nth operation
 * (n == 0: no fault, and the counts must equal the baseline's); fails the
 * running test (CHECK) at the first departure from the contract. Returns 1
 * when the fault fired but no step failed (SQLite absorbed it), else 0.
 */
int fp_run_faulted(const fp_baseline *b, const fp_fault *src, long n, int persistent, fp_recovery rec);

typedef struct fp_sweep_result {
	long runs, failed, absorbed; /* absorbed: the fault fired and no step failed */
	long crashed;                /* of the failed: a signal or a sanitizer's exit, not a failed check */
	double seconds;
} fp_sweep_result;

/*
 * fp_run_faulted for each n of ns in a child process each (with the
 * recovery and persistence given); the first few failures' output is printed.
 */
void fp_sweep(fp_sweep_result *r, const fp_baseline *b, const fp_fault *src, const long *ns, size_t count,
              int persistent, fp_recovery rec);

/*
 * The n to try for a source with total operations: all of them when
 * ASSOC_FAULT_FULL=1 (or total <= budget), else budget evenly spaced ones
 * and, with per_step, the first operation of each step that makes any.
 * Returns a malloc'd array.
 */
long *fp_sample(const fp_baseline *b, long budget, int per_step, size_t *count);

/* 1 when ASSOC_FAULT_FULL=1. */
int fp_full(void);

double fp_now(void);

/*
 * The SQLite connection opened last in this process (the library's
 * sessions' too); call it once before opening anything to start watching.
 * For tests that set per-connection limits such as PRAGMA max_page_count.
 */
struct sqlite3;
struct sqlite3 *fp_last_connection(void);

#endif
