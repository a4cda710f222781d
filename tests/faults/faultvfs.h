/*
 * faultvfs.h - a SQLite VFS that wraps the default "unix" VFS, counts the I/O
 * operations its files make and fails the Nth one of a kind: once, or from N
 * on until the fault is lifted.
 *
 * fv_install() registers it as SQLite's default VFS, so every connection
 * opened afterwards without a VFS name (the library's) goes through it; a
 * connection opened with zVfs "unix" (the tests' raw checks) does not.
 */
#ifndef ASSOC_TEST_FAULTVFS_H
#define ASSOC_TEST_FAULTVFS_H

#include <sqlite3.h>

typedef enum fv_kind {
	FV_READ,
	FV_WRITE,
	FV_SYNC,
	FV_TRUNCATE,
	FV_LOCK,
	FV_FILESIZE,
	FV_OPEN,   /* xOpen of a rollback journal or WAL file */
	FV_DELETE, /* xDelete (a journal's deletion commits in DELETE mode) */
	FV_SHMMAP, /* xShmMap (WAL's shared-memory index) */
	FV_SHMLOCK,/* xShmLock taking a lock (releases always go through) */
	FV_NKINDS
} fv_kind;

/* Register the shim as the default VFS (idempotent); 0 or a SQLite code. */
int fv_install(void);

/* The kind's name ("xRead", ...) and the error it fails with by default. */
const char *fv_kind_name(fv_kind kind);
int fv_kind_error(fv_kind kind);

/* Zero every counter and lift any fault. */
void fv_reset(void);
/* How many operations of kind were made since fv_reset(). */
long fv_count(fv_kind kind);

/*
 * Fail the nth operation of kind counted from now (n >= 1) with error (a
 * SQLITE_IOERR_* code or SQLITE_FULL); persistent: that one and every later
 * one, until fv_lift(). Resets the counters.
 */
void fv_arm(fv_kind kind, long n, int persistent, int error);
void fv_lift(void);
/* How many operations failed since the last fv_arm(). */
long fv_fired(void);

/*
 * When set, xSync is counted (and can fail) but not passed on: the sweeps
 * need the calls, not the disk flushes, which only matter across power loss.
 */
void fv_set_fake_sync(int on);

/* The shim's operations of one kind as a fault source for program.h (error 0: the kind's own). */
struct fp_fault;
void fv_source(struct fp_fault *out, fv_kind kind, int error);

#endif
