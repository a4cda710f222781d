/*
 * faultvfs.c - the counting, failing VFS shim (see faultvfs.h).
 */
#include "faultvfs.h"

#include <stdio.h>
#include <string.h>

#include "program.h"

typedef struct fv_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
} fv_file;

static struct {
	sqlite3_vfs vfs;
	sqlite3_vfs *real;
	int installed;
	long count[FV_NKINDS];
	int armed, persistent, error, fake_sync;
	fv_kind kind;
	long n, fired;
} fv;

static const char *const names[FV_NKINDS] = {
	"xRead", "xWrite", "xSync", "xTruncate", "xLock", "xFileSize", "xOpen(journal)", "xDelete",
	"xShmMap", "xShmLock"
};

const char *fv_kind_name(fv_kind kind) { return kind < FV_NKINDS ? names[kind] : "?"; }

int fv_kind_error(fv_kind kind)
{
	switch (kind) {
	case FV_READ: return SQLITE_IOERR_READ;
	case FV_WRITE: return SQLITE_IOERR_WRITE;
	case FV_SYNC: return SQLITE_IOERR_FSYNC;
	case FV_TRUNCATE: return SQLITE_IOERR_TRUNCATE;
	case FV_LOCK: return SQLITE_IOERR_LOCK;
	case FV_FILESIZE: return SQLITE_IOERR_FSTAT;
	case FV_OPEN: return SQLITE_IOERR;
	case FV_DELETE: return SQLITE_IOERR_DELETE;
	case FV_SHMMAP: return SQLITE_IOERR_SHMMAP;
	case FV_SHMLOCK: return SQLITE_IOERR_SHMLOCK;
	default: return SQLITE_IOERR;
	}
}

void fv_reset(void)
{
	memset(fv.count, 0, sizeof fv.count);
	fv.armed = 0;
}

long fv_count(fv_kind kind) { return kind < FV_NKINDS ? fv.count[kind] : 0; }

void fv_arm(fv_kind kind, long n, int persistent, int error)
{
	fv_reset();
	fv.kind = kind;
	fv.n = n;
	fv.persistent = persistent;
	fv.error = error;
	fv.fired = 0;
	fv.armed = 1;
}

void fv_lift(void) { fv.armed = 0; }
long fv_fired(void) { return fv.fired; }
void fv_set_fake_sync(int on) { fv.fake_sync = on; }

/* Count one operation of kind; nonzero (the error) when it is to fail. */
static int hit(fv_kind kind)
{
	long k = ++fv.count[kind];
	if (!fv.armed || kind != fv.kind || k < fv.n)
		return 0;
	if (k > fv.n && !fv.persistent)
		return 0;
	fv.fired++;
	return fv.error;
}

#define REAL(f) (((fv_file *)(f))->real)

static int fv_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods->xClose(REAL(f));
	f->pMethods = NULL;
	return rc;
}

static int fv_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	int rc = hit(FV_READ);
	return rc ? rc : REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	int rc = hit(FV_WRITE);
	return rc ? rc : REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off);
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	int rc = hit(FV_TRUNCATE);
	return rc ? rc : REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int fv_sync(sqlite3_file *f, int flags)
{
	int rc = hit(FV_SYNC);
	if (rc || fv.fake_sync)
		return rc;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	int rc = hit(FV_FILESIZE);
	return rc ? rc : REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int fv_lock(sqlite3_file *f, int level)
{
	int rc = hit(FV_LOCK);
	return rc ? rc : REAL(f)->pMethods->xLock(REAL(f), level);
}

static int fv_unlock(sqlite3_file *f, int level) { return REAL(f)->pMethods->xUnlock(REAL(f), level); }

static int fv_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int fv_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int fv_sector_size(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }

static int fv_device_chars(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }

static int fv_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	int rc = hit(FV_SHMMAP);
	if (rc) {
		*pp = NULL;
		return rc;
	}
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int fv_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	int rc = (flags & SQLITE_SHM_LOCK) ? hit(FV_SHMLOCK) : 0;
	if (rc)
		return rc;
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void fv_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }

static int fv_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }

static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, amt, pp);
}

static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods io_methods = {
	3, fv_close, fv_read, fv_write, fv_truncate, fv_sync, fv_file_size, fv_lock, fv_unlock,
	fv_check_reserved, fv_file_control, fv_sector_size, fv_device_chars, fv_shm_map, fv_shm_lock,
	fv_shm_barrier, fv_shm_unmap, fv_fetch, fv_unfetch,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	fv_file *p = (fv_file *)f;
	p->base.pMethods = NULL;
	p->real = (sqlite3_file *)&p[1];
	if (flags & (SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL)) {
		int rc = hit(FV_OPEN);
		if (rc)
			return rc;
	}
	int rc = fv.real->xOpen(fv.real, name, p->real, flags, out_flags);
	if (p->real->pMethods)
		p->base.pMethods = &io_methods;
	return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	int rc = hit(FV_DELETE);
	return rc ? rc : fv.real->xDelete(fv.real, name, sync_dir);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fv.real->xAccess(fv.real, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fv.real->xFullPathname(fv.real, name, n, out);
}

static void *fv_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return fv.real->xDlOpen(fv.real, name);
}

static void fv_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	fv.real->xDlError(fv.real, n, msg);
}

static void (*fv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return fv.real->xDlSym(fv.real, h, sym);
}

static void fv_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	fv.real->xDlClose(fv.real, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv.real->xRandomness(fv.real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return fv.real->xSleep(fv.real, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return fv.real->xCurrentTime(fv.real, out);
}

static int fv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv.real->xGetLastError(fv.real, n, out);
}

static int fv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return fv.real->xCurrentTimeInt64(fv.real, out);
}

int fv_install(void)
{
	if (fv.installed)
		return SQLITE_OK;
	int rc = sqlite3_initialize();
	if (rc)
		return rc;
	fv.real = sqlite3_vfs_find("unix");
	if (!fv.real)
		return SQLITE_ERROR;
	sqlite3_vfs *v = &fv.vfs;
	v->iVersion = 2;
	v->szOsFile = (int)sizeof(fv_file) + fv.real->szOsFile;
	v->mxPathname = fv.real->mxPathname;
	v->zName = "assoc_faults";
	v->xOpen = fv_open;
	v->xDelete = fv_delete;
	v->xAccess = fv_access;
	v->xFullPathname = fv_full_pathname;
	v->xDlOpen = fv_dlopen;
	v->xDlError = fv_dlerror;
	v->xDlSym = fv_dlsym;
	v->xDlClose = fv_dlclose;
	v->xRandomness = fv_randomness;
	v->xSleep = fv_sleep;
	v->xCurrentTime = fv_current_time;
	v->xGetLastError = fv_last_error;
	v->xCurrentTimeInt64 = fv_current_time64;
	rc = sqlite3_vfs_register(v, 1);
	if (rc == SQLITE_OK)
		fv.installed = 1;
	return rc;
}

/* ---- as a fault source ------------------------------------------------------ */

static void src_reset(const fp_fault *f)
{
	(void)f;
	fv_reset();
}
static long src_count(const fp_fault *f) { return fv_count((fv_kind)f->kind); }
static void src_arm(const fp_fault *f, long n, int persistent) { fv_arm((fv_kind)f->kind, n, persistent, f->error); }
static void src_lift(const fp_fault *f)
{
	(void)f;
	fv_lift();
}
static long src_fired(const fp_fault *f)
{
	(void)f;
	return fv_fired();
}

void fv_source(fp_fault *out, fv_kind kind, int error)
{
	static char names[FV_NKINDS][2][48];
	int full = error == SQLITE_FULL;
	snprintf(names[kind][full], sizeof names[0][0], "%s%s", fv_kind_name(kind), full ? "=SQLITE_FULL" : "");
	memset(out, 0, sizeof *out);
	out->name = names[kind][full];
	out->reset = src_reset;
	out->count = src_count;
	out->arm = src_arm;
	out->lift = src_lift;
	out->fired = src_fired;
	out->kind = (int)kind;
	out->error = error ? error : fv_kind_error(kind);
}
