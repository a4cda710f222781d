/*
 * pool.c - the engine's idle connections, handed to its sessions.
 *
 * Opening a connection costs a file open and three PRAGMAs on SQLite, and a
 * TCP or socket handshake, authentication and a SET on PostgreSQL: more than
 * many short sessions spend on their statements. A closed session's
 * connection therefore waits in the engine for the next session, rolled back
 * and reset. Sessions may be opened and closed on several threads at once, so
 * the pool is guarded by a spin lock held only to push or pop a pointer; every
 * check that talks to the database is made outside it.
 */
#include "internal.h"

static void pool_lock(assoc_engine *e)
{
	while (atomic_flag_test_and_set_explicit(&e->pool_lock, memory_order_acquire))
		;
}

static void pool_unlock(assoc_engine *e) { atomic_flag_clear_explicit(&e->pool_lock, memory_order_release); }

int engine_pool_init(assoc_engine *e, int pool_size)
{
	atomic_flag_clear(&e->pool_lock);
	e->pool_size = pool_size;
	if (pool_size && !(e->idle = mem_calloc((size_t)pool_size, sizeof *e->idle)))
		return err_oom();
	return 0;
}

void engine_pool_free(assoc_engine *e)
{
	for (int i = 0; i < e->nidle; i++)
		engine_disconnect(e->idle[i]);
	mem_free(e->idle);
	e->idle = NULL;
	e->nidle = 0;
}

/* The most recently returned idle connection (the warmest), or NULL. */
static db_conn *pool_pop(assoc_engine *e)
{
	pool_lock(e);
	db_conn *db = e->nidle ? e->idle[--e->nidle] : NULL;
	e->in_use++;
	pool_unlock(e);
	return db;
}

int engine_checkout(assoc_engine *e, db_conn **out)
{
	db_conn *db;
	while ((db = pool_pop(e))) {
		if (db->drv->alive(db)) {
			*out = db; /* reports to e's log since its connect */
			return 0;
		}
		engine_disconnect(db); /* the server closed it while it waited */
		pool_lock(e);
		e->in_use--;
		pool_unlock(e);
	}
	int rc = engine_connect(e, out);
	pool_lock(e);
	if (rc)
		e->in_use--;
	else
		e->opened++;
	pool_unlock(e);
	if (!rc)
		log_attach(e, *out);
	return rc;
}

void engine_checkin(assoc_engine *e, db_conn *db)
{
	int keep = db && db->drv->alive(db); /* rolled back by the session; closed when that failed */
	pool_lock(e);
	e->in_use--;
	if (keep && e->nidle < e->pool_size) {
		e->idle[e->nidle++] = db;
		db = NULL;
	}
	pool_unlock(e);
	engine_disconnect(db);
}

int assoc_engine_pool_status(assoc_engine *e, size_t *idle, size_t *in_use, uint64_t *opened)
{
	if (!e)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_pool_status: engine is NULL");
	pool_lock(e);
	if (idle)
		*idle = (size_t)e->nidle;
	if (in_use)
		*in_use = (size_t)e->in_use;
	if (opened)
		*opened = e->opened;
	pool_unlock(e);
	return 0;
}
