/*
 * transaction.c - assoc_session_run: a unit of work in a transaction,
 * rolled back and run again when it conflicts with another (ASSOC_ERETRY).
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <time.h>

#include "assoc/transaction.h"

int assoc_run_options_init(assoc_run_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_RUN_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_run_options_init: unsupported version %u", version);
	assoc_run_options init = ASSOC_RUN_OPTIONS_INIT;
	*opts = init;
	return 0;
}

static uint64_t clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Wait between a half and the whole of ms: two conflicting runners do not retry in step. */
static void backoff(unsigned int ms, uint64_t *seed)
{
	*seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
	uint64_t ns = (uint64_t)ms * 1000000u;
	ns = ns / 2 + (ns ? *seed % (ns / 2 + 1) : 0);
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
	while (nanosleep(&ts, &ts) != 0)
		; /* interrupted: sleep the rest */
}

/* The session as a run needs it: no unflushed change, no SAVEPOINT; a read-only transaction ended. */
static int begin_run(assoc_session *s)
{
	int rc = session_check(s);
	if (rc)
		return rc;
	if (s->in_callback)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_run: called from inside a callback of the session");
	if (s->running)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_run: called from inside a run of the same session "
		                       "(use assoc_session_begin_nested for an inner transaction)");
	if (s->nesting)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_run: %d SAVEPOINT(s) open; commit or roll them back first",
		                       s->nesting);
	if (s->newobjs.len || s->dirty.len || s->deleted.len)
		return assoc_error_set(ASSOC_ESTATE,
		                       "assoc_session_run: the session has unflushed changes (%zu new, %zu dirty, %zu "
		                       "deleted); commit or roll them back first",
		                       s->newobjs.len, s->dirty.len, s->deleted.len);
	return s->in_tx ? assoc_session_rollback(s) : 0;
}

/* Roll back after a failed run, keeping that run's error (rc) as the thread's error. */
static int roll_back(assoc_session *s, int rc)
{
	const assoc_error *e = assoc_error_last();
	char *msg = xstrdup(e->code == rc ? e->message : "");
	int rrc = assoc_session_rollback(s);
	if (rrc) {
		mem_free(msg);
		return rrc; /* the session could not be put back: that is what the caller must know */
	}
	if (msg)
		assoc_error_set(rc, "%s", msg);
	mem_free(msg);
	return rc;
}

int assoc_session_run(assoc_session *s, assoc_transaction_fn fn, void *userdata, const assoc_run_options *opts)
{
	assoc_run_options o = ASSOC_RUN_OPTIONS_INIT;
	if (opts) {
		if (opts->version != ASSOC_RUN_OPTIONS_VERSION)
			return assoc_error_set(ASSOC_EINVAL, "assoc_session_run: assoc_run_options version %u is not supported",
			                       opts->version);
		o = *opts;
		if (!o.max_attempts)
			return assoc_error_set(ASSOC_EINVAL, "assoc_session_run: max_attempts must be at least 1");
	}
	if (!s || !fn)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_run: %s is NULL", s ? "fn" : "session");
	int rc = begin_run(s);
	if (rc)
		return rc;
	uint64_t seed = clock_ns() | 1;
	unsigned int wait = o.backoff_ms;
	for (unsigned int attempt = 1;; attempt++) {
		s->running++; /* the function may flush, query, even commit; not close */
		rc = fn(userdata, s, attempt);
		s->running--;
		if (rc > 0 || rc < ASSOC_ERROR_CODE_MIN)
			rc = assoc_error_set(ASSOC_ECALLBACK, "assoc_session_run: the transaction function returned %d, "
			                     "not 0 or an ASSOC_E code", rc);
		if (!rc && !(rc = assoc_session_commit(s)))
			return 0;
		if ((rc = roll_back(s, rc)) != ASSOC_ERETRY)
			return rc;
		if (attempt >= o.max_attempts) {
			const char *last = assoc_error_last()->message;
			char *msg = xstrdup(last);
			rc = assoc_error_set(ASSOC_ERETRY, "assoc_session_run: gave up after %u attempt(s), each in conflict "
			                     "with another transaction; the last: %s", attempt, msg ? msg : last);
			mem_free(msg);
			return rc;
		}
		backoff(wait, &seed);
		wait = wait > o.max_backoff_ms / 2 ? o.max_backoff_ms : wait * 2;
	}
}
