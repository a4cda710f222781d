/*
 * session.c - sessions: lifecycle, statements, transactions, and the
 * add / delete / expunge / expire cascades.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int assoc_session_options_init(assoc_session_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_SESSION_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_options_init: unsupported version %u", version);
	assoc_session_options init = ASSOC_SESSION_OPTIONS_INIT;
	*opts = init;
	return 0;
}

/* The handle is usable at all: not NULL, not closed. Enough for rollback and close. */
static int session_open_check(assoc_session *s)
{
	if (!s)
		return assoc_error_set(ASSOC_EINVAL, "session is NULL");
	if (s->closed)
		return assoc_error_set(ASSOC_ECLOSED, "the session is closed");
	return 0;
}

static int doomed_error(assoc_session *s)
{
	return assoc_error_set(ASSOC_ESTATE, "this session's transaction was rolled back by the database after an "
	                       "error (%s); call assoc_session_rollback before using the session again",
	                       s->doomed_msg ? s->doomed_msg : "the message could not be kept: out of memory");
}

/* Transaction calls and deletes are refused inside the session's own callbacks: the
 * operation that called the creator (or getter, ...) is half done. */
static int outside_callback(assoc_session *s, const char *what)
{
	if (s->in_callback)
		return assoc_error_set(ASSOC_ESTATE, "%s: a callback of this session (a creator, getter, setter or factory) "
		                       "is running; call it after the operation returns", what);
	return 0;
}

/* session_check for the calls that end or change the transaction. */
static int session_check_tx(assoc_session *s, const char *what)
{
	int rc = session_check(s);
	return rc ? rc : outside_callback(s, what);
}

int session_check(assoc_session *s)
{
	int rc = session_open_check(s);
	if (!rc && s->doomed)
		rc = doomed_error(s);
	return rc;
}

/*
 * The database ended the transaction by itself (SQLite rolls back the whole
 * transaction on some SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM and
 * SQLITE_CORRUPT failures): what earlier flushes of the transaction wrote is
 * gone while their objects look persistent, so the session refuses work until
 * rollback puts memory back in step. Keeps the current error as it is.
 */
void session_doom(assoc_session *s)
{
	if (!s->doomed) {
		s->doomed = 1;
		s->doomed_msg = xstrdup(assoc_error_last()->message); /* NULL: doomed_error says why */
	}
	s->in_tx = 0;
	s->nesting = 0;
	if (s->engine->tx_owner == s)
		s->engine->tx_owner = NULL;
}

/*
 * After any failed database call of the session (rc < 0, error set): if we
 * believed a transaction open and the connection is back in autocommit mode,
 * the database rolled it back. Returns rc.
 */
int session_tx_check(assoc_session *s, int rc)
{
	if (rc < 0 && s->in_tx && !db_in_transaction(s->db))
		session_doom(s);
	return rc;
}

int session_db_error(assoc_session *s, int rc, const char *what)
{
	return session_tx_check(s, db_error(s->db, rc, what));
}

int assoc_session_new(assoc_session **out, assoc_engine *e, assoc_registry *reg, const assoc_session_options *opts)
{
	if (!out || !e || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_new: NULL argument");
	*out = NULL;
	if (!reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_new: configure the registry first");
	if (opts && opts->version != ASSOC_SESSION_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_new: assoc_session_options version %u is not supported", opts->version);
	assoc_session *s = mem_calloc(1, sizeof *s);
	if (!s)
		return err_oom();
	assoc_session_options defaults = ASSOC_SESSION_OPTIONS_INIT;
	s->opts = opts ? *opts : defaults;
	s->engine = e;
	s->reg = reg;
	s->mstmts = mem_calloc(reg->mappers.len + 1, sizeof *s->mstmts);
	s->lazy_stmts = mem_calloc((size_t)reg->nrels + 1, sizeof *s->lazy_stmts);
	s->secondary_stmts = mem_calloc(2 * (size_t)reg->nrels + 1, sizeof *s->secondary_stmts);
	if (!s->mstmts || !s->lazy_stmts || !s->secondary_stmts) {
		mem_free(s->mstmts);
		mem_free(s->lazy_stmts);
		mem_free(s->secondary_stmts);
		mem_free(s);
		return err_oom();
	}
	if (e->memory)
		s->db = e->db;
	else {
		int rc = engine_checkout(e, &s->db);
		if (rc) {
			mem_free(s->mstmts);
			mem_free(s->lazy_stmts);
			mem_free(s->secondary_stmts);
			mem_free(s);
			return rc;
		}
		s->owns_db = 1;
	}
	int prc = db_prepare(s->db, "ROLLBACK", &s->rollback_stmt);
	if (prc) {
		int rc = db_error(s->db, prc, "assoc_session_new: preparing ROLLBACK");
		if (s->owns_db)
			engine_checkin(e, s->db);
		mem_free(s->mstmts);
		mem_free(s->lazy_stmts);
		mem_free(s->secondary_stmts);
		mem_free(s);
		return rc;
	}
	assoc_engine_ref(e);
	assoc_registry_ref(reg);
	*out = s;
	return 0;
}

void session_trace(assoc_session *s, db_stmt *stmt)
{
	if (s->engine->trace)
		s->engine->trace(s->engine->trace_ud, db_sql(stmt), (size_t)db_param_count(stmt));
}

/* Prepare (or find in the cache) a statement; it stays owned by the session. */
int session_prepare(assoc_session *s, const char *sql, db_stmt **out)
{
	struct stmt_entry *e = strmap_get(&s->stmt_cache, sql);
	if (e) {
		*out = e->stmt;
		return 0;
	}
	db_stmt *stmt;
	int rc = db_prepare(s->db, sql, &stmt);
	if (rc)
		return schema_drift_explain(s, session_db_error(s, rc, sql));
	e = mem_alloc(sizeof *e);
	if (!e || !(e->sql = xstrdup(sql)) || strmap_put(&s->stmt_cache, e->sql, e)) {
		if (e)
			mem_free(e->sql);
		mem_free(e);
		db_finalize(stmt);
		return err_oom();
	}
	e->stmt = stmt;
	*out = stmt;
	return 0;
}

/* Step once: 1 for a row, 0 when done, or a negative error naming what. */
int session_step(assoc_session *s, db_stmt *stmt, const char *what)
{
	int rc = db_step(stmt);
	if (rc >= 0)
		return rc;
	rc = db_error(s->db, rc, what);
	db_reset(stmt);
	return session_tx_check(s, rc);
}

int session_exec(assoc_session *s, const char *sql)
{
	if (s->engine->trace)
		s->engine->trace(s->engine->trace_ud, sql, 0);
	int rc = db_exec(s->db, sql);
	return rc ? session_db_error(s, rc, sql) : 0;
}

/* A statement the session keeps in a fixed slot: prepared once, reset on reuse. */
int session_slot_stmt(assoc_session *s, db_stmt **slot, const char *sql)
{
	if (*slot) {
		db_reset(*slot);
		db_clear_bindings(*slot);
		return 0;
	}
	int rc = db_prepare(s->db, sql, slot);
	return rc ? schema_drift_explain(s, session_db_error(s, rc, sql)) : 0;
}

int session_begin(assoc_session *s)
{
	if (s->doomed)
		return doomed_error(s);
	if (s->in_tx)
		return 0;
	/* a unique lookup reads in autocommit (upsert.c); not on a shared in-memory connection,
	 * where it would read inside another session's transaction */
	if (s->autocommit_reads && !s->engine->memory)
		return 0;
	if (s->engine->memory && s->engine->tx_owner && s->engine->tx_owner != s)
		return assoc_error_set(ASSOC_ESTATE, "another session holds a transaction on this in-memory engine; commit or roll it back first");
	int rc = session_exec(s, "BEGIN");
	if (rc)
		return rc;
	s->in_tx = 1;
	if (s->engine->memory)
		s->engine->tx_owner = s;
	return 0;
}

static int dirty_candidate(const assoc_object *o)
{
	return !o->in_dirty && !o->in_new && o->state == ASSOC_STATE_PERSISTENT;
}

int session_reserve_dirty(assoc_session *s, assoc_object *o)
{
	if (dirty_candidate(o) && pv_reserve(&s->dirty, 1))
		return err_oom();
	return 0;
}

/* Cannot fail after session_reserve_dirty(s, o); without it, an allocation failure is reported. */
int session_mark_dirty(assoc_session *s, assoc_object *o)
{
	if (!dirty_candidate(o))
		return 0;
	if (pv_push(&s->dirty, o))
		return err_oom();
	o->in_dirty = 1;
	return 0;
}

int session_autoflush(assoc_session *s)
{
	if (!s->opts.autoflush || s->flushing || s->loading)
		return 0;
	return flush_session(s);
}

/* ---- cascades ------------------------------------------------------------ */

typedef int (*visit_fn)(assoc_session *s, assoc_object *o, ptrvec *stack);

/*
 * Push what o reaches along relationships with the cascade flag (loaded ones
 * only unless load), last first: popping the stack then visits them in order,
 * so objects are inserted in the order they were added to their collections.
 */
static int push_related(ptrvec *stack, assoc_object *o, unsigned flag, int load)
{
	for (size_t i = o->mapper->rels.len; i-- > 0;) {
		struct relationship *r = o->mapper->rels.items[i];
		if (!(r->cascade & flag))
			continue;
		struct relstate *rs = &o->rels[i];
		if (!rs->loaded) {
			/* passive_deletes: what is not loaded is left to the database (ON DELETE) */
			if (!load || (flag == CASCADE_DELETE && r->passive_deletes))
				continue;
			int rc = rel_ensure_loaded(o, r);
			if (rc)
				return rc;
		}
		if (!r->uselist) {
			if (rs->scalar && pv_push(stack, rs->scalar))
				return err_oom();
		} else if (rs->coll) {
			for (size_t j = rs->coll->len; j-- > 0;)
				if (pv_push(stack, rs->coll->items[j]))
					return err_oom();
		}
	}
	return 0;
}

static int make_pending(assoc_session *s, assoc_object *o)
{
	if (pv_push(&s->newobjs, o))
		return err_oom();
	o->state = ASSOC_STATE_PENDING;
	o->in_new = 1;
	return 0;
}

/* Make o and everything it reaches by save-update pending; on failure, none of them. */
int session_cascade_add(assoc_session *s, assoc_object *start)
{
	ptrvec stack = { 0 };
	size_t first = s->newobjs.len;
	int rc = pv_push(&stack, start) ? err_oom() : 0;
	while (!rc && stack.len) {
		assoc_object *o = stack.items[--stack.len];
		if (o->state != ASSOC_STATE_TRANSIENT || o->session != s)
			continue;
		if ((rc = make_pending(s, o)))
			break;
		rc = push_related(&stack, o, CASCADE_SAVE_UPDATE, 0);
	}
	pv_free(&stack);
	if (rc) /* make_pending appends: what this call made pending is the tail */
		while (s->newobjs.len > first) {
			assoc_object *o = s->newobjs.items[--s->newobjs.len];
			o->in_new = 0;
			o->state = ASSOC_STATE_TRANSIENT;
		}
	return rc;
}

static int own_object(assoc_session *s, assoc_object *o, const char *what)
{
	int rc = session_check(s);
	if (rc || (rc = object_check(o)))
		return rc;
	if (o->session != s)
		return assoc_error_set(ASSOC_ESTATE, "%s: %s belongs to another session", what, assoc_object_repr(o));
	return 0;
}

int assoc_session_add(assoc_session *s, assoc_object *o)
{
	int rc = own_object(s, o, "assoc_session_add");
	if (rc)
		return rc;
	if (o->state == ASSOC_STATE_DETACHED) { /* expunged earlier: make it persistent again */
		uint64_t h = o->hash;
		struct keybuf kb;
		size_t npk = o->mapper->table->npk;
		if ((rc = keybuf_init(&kb, npk)))
			return rc;
		for (size_t i = 0; i < npk; i++)
			kb.v[i] = *object_pk_value(o, i);
		assoc_object *other = idmap_get(&s->idmap, o->mapper, kb.v, h);
		keybuf_free(&kb);
		if (other)
			return assoc_error_set(ASSOC_ECONSTRAINT, "assoc_session_add: another %s with the same primary key is already in the session",
			                       o->mapper->name);
		if ((rc = idmap_put(&s->idmap, o)))
			return rc;
		o->state = ASSOC_STATE_PERSISTENT;
		return 0;
	}
	if (o->state == ASSOC_STATE_DELETED)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_add: %s is deleted", assoc_object_repr(o));
	if (o->state == ASSOC_STATE_TRANSIENT)
		return session_cascade_add(s, o);
	/* already in the unit of work: cascade to what was attached since */
	ptrvec stack = { 0 };
	rc = push_related(&stack, o, CASCADE_SAVE_UPDATE, 0);
	for (size_t i = 0; !rc && i < stack.len; i++)
		rc = session_cascade_add(s, stack.items[i]);
	pv_free(&stack);
	return rc;
}

static void unqueue(ptrvec *v, assoc_object *o)
{
	pv_remove(v, o);
}

/* A pending object leaves the unit of work. */
void session_pending_to_transient(assoc_session *s, assoc_object *o)
{
	if (o->in_new) {
		unqueue(&s->newobjs, o);
		o->in_new = 0;
	}
	o->state = ASSOC_STATE_TRANSIENT;
}

int assoc_session_delete(assoc_session *s, assoc_object *start)
{
	int rc = own_object(s, start, "assoc_session_delete");
	if (!rc)
		rc = outside_callback(s, "assoc_session_delete");
	if (rc)
		return rc;
	if (start->state == ASSOC_STATE_TRANSIENT || start->state == ASSOC_STATE_DETACHED)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_delete: %s is not persisted in this session",
		                       assoc_object_repr(start));
	ptrvec stack = { 0 }, unpended = { 0 };
	size_t first = s->deleted.len;
	rc = pv_push(&stack, start) ? err_oom() : 0;
	s->loading++; /* loads below must not flush half-marked deletions */
	s->cascading++;
	while (!rc && stack.len) {
		assoc_object *o = stack.items[--stack.len];
		if (o->in_deleted || o->state == ASSOC_STATE_DELETED)
			continue;
		if (o->state == ASSOC_STATE_PENDING) {
			if (pv_push(&unpended, o)) {
				rc = err_oom();
				break;
			}
			session_pending_to_transient(s, o);
			rc = push_related(&stack, o, CASCADE_DELETE, 0);
			continue;
		}
		if (o->state != ASSOC_STATE_PERSISTENT)
			continue;
		if (pv_push(&s->deleted, o)) {
			rc = err_oom();
			break;
		}
		o->in_deleted = 1;
		rc = push_related(&stack, o, CASCADE_DELETE, 1);
	}
	s->cascading--;
	s->loading--;
	if (rc) { /* nothing of it: what was marked deleted or made transient goes back */
		while (s->deleted.len > first)
			((assoc_object *)s->deleted.items[--s->deleted.len])->in_deleted = 0;
		for (size_t i = unpended.len; i-- > 0;) {
			assoc_object *o = unpended.items[i];
			if (o->state == ASSOC_STATE_TRANSIENT && make_pending(s, o))
				break; /* cannot happen: newobjs had room for it before */
		}
	}
	pv_free(&stack);
	pv_free(&unpended);
	return rc;
}

/*
 * At the flush: what was attached to an object marked deleted after it was
 * marked, along a delete cascade, is deleted with it (SQLAlchemy cascades at
 * the flush too).
 */
int session_cascade_deletes(assoc_session *s)
{
	int rc = 0;
	for (size_t i = 0; i < s->deleted.len && !rc; i++) { /* grows */
		assoc_object *o = s->deleted.items[i];
		for (size_t r = 0; r < o->mapper->rels.len && !rc; r++) {
			struct relationship *rel = o->mapper->rels.items[r];
			struct relstate *rs = &o->rels[r];
			if (!(rel->cascade & CASCADE_DELETE) || !rs->loaded)
				continue;
			size_t n = rel->uselist ? (rs->coll ? rs->coll->len : 0) : (rs->scalar ? 1 : 0);
			for (size_t k = 0; k < n && !rc; k++) {
				assoc_object *item = rel->uselist ? rs->coll->items[k] : rs->scalar;
				if (item->session == s && !item->in_deleted &&
				    (item->state == ASSOC_STATE_PERSISTENT || item->state == ASSOC_STATE_PENDING))
					rc = assoc_session_delete(s, item);
			}
		}
	}
	return rc;
}

static void detach_relations(assoc_object *o)
{
	for (size_t i = 0; i < o->mapper->rels.len; i++) {
		struct relstate *rs = &o->rels[i];
		rs->scalar = rs->scalar_prev = NULL;
		rs->loaded = 0;
		rs->changed = 0;
		if (rs->coll)
			collection_reset(rs->coll);
	}
}

int assoc_session_expunge(assoc_session *s, assoc_object *start)
{
	int rc = own_object(s, start, "assoc_session_expunge");
	if (rc)
		return rc;
	/* First everything the expunge cascade reaches (the only step that allocates), then the change. */
	ptrvec stack = { 0 }, todo = { 0 };
	rc = pv_push(&stack, start) ? err_oom() : 0;
	while (!rc && stack.len) {
		assoc_object *o = stack.items[--stack.len];
		if (o->state == ASSOC_STATE_TRANSIENT || o->state == ASSOC_STATE_DETACHED || pv_contains(&todo, o))
			continue;
		if (pv_push(&todo, o))
			rc = err_oom();
		else
			rc = push_related(&stack, o, CASCADE_EXPUNGE, 0);
	}
	pv_free(&stack);
	for (size_t i = 0; i < todo.len && !rc; i++) {
		assoc_object *o = todo.items[i];
		if (o->state == ASSOC_STATE_PENDING) {
			session_pending_to_transient(s, o);
			continue;
		}
		idmap_remove(&s->idmap, o);
		if (o->in_dirty) {
			unqueue(&s->dirty, o);
			o->in_dirty = 0;
		}
		if (o->in_deleted) {
			unqueue(&s->deleted, o);
			o->in_deleted = 0;
		}
		o->state = ASSOC_STATE_DETACHED;
	}
	pv_free(&todo);
	return rc;
}

int assoc_session_contains(const assoc_session *s, const assoc_object *o)
{
	return s && o && !s->closed && o->session == s &&
	       (o->state == ASSOC_STATE_PENDING || o->state == ASSOC_STATE_PERSISTENT || o->state == ASSOC_STATE_DELETED);
}

/* Expire o and drop it from the dirty list: its unflushed changes are gone. */
static void session_forget_changes(assoc_session *s, assoc_object *o)
{
	object_expire(o);
	if (o->in_dirty) {
		pv_remove(&s->dirty, o);
		o->in_dirty = 0;
	}
}

/*
 * Expire o and what its refresh-expire relationships reach, as SQLAlchemy's
 * _expire_state: related persistent objects expire too; a pending one is
 * expunged, but only through a relationship that also has delete-orphan
 * (cascade_iterator's skip_pending). The reach is found before anything expires.
 */
static int expire_cascade(assoc_session *s, assoc_object *start)
{
	ptrvec seen = { 0 }, expunge = { 0 };
	int rc = pv_push(&seen, start) ? err_oom() : 0;
	for (size_t k = 0; k < seen.len && !rc; k++) {
		assoc_object *o = seen.items[k];
		for (size_t i = 0; i < o->mapper->rels.len && !rc; i++) {
			struct relationship *r = o->mapper->rels.items[i];
			struct relstate *rs = &o->rels[i];
			if (!(r->cascade & CASCADE_REFRESH) || !rs->loaded)
				continue;
			assoc_object *one[1] = { rs->scalar };
			assoc_object **items = r->uselist ? (rs->coll ? rs->coll->items : NULL) : one;
			size_t n = r->uselist ? (rs->coll ? rs->coll->len : 0) : (rs->scalar ? 1 : 0);
			for (size_t j = 0; j < n && !rc; j++) {
				assoc_object *x = items[j];
				if (pv_contains(&seen, x) || pv_contains(&expunge, x))
					continue;
				if (x->state == ASSOC_STATE_PERSISTENT)
					rc = pv_push(&seen, x) ? err_oom() : 0;
				else if (x->state == ASSOC_STATE_PENDING && (r->cascade & CASCADE_DELETE_ORPHAN))
					rc = pv_push(&expunge, x) ? err_oom() : 0;
			}
		}
	}
	if (!rc) {
		for (size_t k = 0; k < seen.len; k++)
			session_forget_changes(s, seen.items[k]);
		for (size_t k = 0; k < expunge.len; k++)
			session_pending_to_transient(s, expunge.items[k]);
	}
	pv_free(&seen);
	pv_free(&expunge);
	return rc;
}

int assoc_session_expire(assoc_session *s, assoc_object *o)
{
	int rc = own_object(s, o, "assoc_session_expire");
	if (rc)
		return rc;
	if (o->state != ASSOC_STATE_PERSISTENT)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_expire: %s is %s, not persistent", assoc_object_repr(o),
		                       assoc_object_state_name(o->state));
	return expire_cascade(s, o);
}

static void expire_all(assoc_session *s)
{
	for (assoc_object *o = s->objects; o; o = o->next)
		if (o->state == ASSOC_STATE_PERSISTENT)
			object_expire(o);
	for (size_t i = 0; i < s->dirty.len; i++)
		((assoc_object *)s->dirty.items[i])->in_dirty = 0;
	s->dirty.len = 0;
}

int assoc_session_expire_all(assoc_session *s)
{
	int rc = session_check(s);
	if (!rc)
		expire_all(s);
	return rc;
}

int assoc_session_refresh(assoc_session *s, assoc_object *o)
{
	int rc = own_object(s, o, "assoc_session_refresh");
	if (rc)
		return rc;
	if (o->state != ASSOC_STATE_PERSISTENT)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_refresh: %s is %s, not persistent", assoc_object_repr(o),
		                       assoc_object_state_name(o->state));
	if ((rc = expire_cascade(s, o)))
		return rc;
	return refresh_object(o);
}

int assoc_session_get(assoc_object **out, assoc_session *s, assoc_mapper *m, const assoc_value *pk, size_t npk)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_get: out is NULL");
	*out = NULL;
	int rc = session_check(s);
	if (rc)
		return rc;
	if (!m || m->reg != s->reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_get: mapper is NULL or not in the session's registry");
	if (npk != m->table->npk || !pk)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_get: %s has a primary key of %zu column(s), %zu given",
		                       m->name, m->table->npk, npk);
	for (size_t i = 0; i < npk; i++)
		if ((rc = value_check(&pk[i], "assoc_session_get")))
			return rc;
	for (size_t i = 0; i < npk; i++)
		if (pk[i].kind == ASSOC_OBJECT || pk[i].kind == ASSOC_NULL)
			return assoc_error_set(ASSOC_ETYPE, "assoc_session_get: primary key value %zu of %s is %s", i + 1, m->name,
			                       assoc_value_kind_name(pk[i].kind));
	assoc_object *o = idmap_get(&s->idmap, m, pk, identity_hash(m, pk, npk));
	if (o) {
		if (o->in_deleted || o->state == ASSOC_STATE_DELETED)
			return 0;
		if (o->expired && (rc = refresh_object(o))) {
			if (rc == ASSOC_ENOTFOUND) { /* its row is gone: get() gives none and expunges it */
				assoc_error_clear();
				idmap_remove(&s->idmap, o);
				if (o->in_dirty) {
					unqueue(&s->dirty, o);
					o->in_dirty = 0;
				}
				o->state = ASSOC_STATE_DETACHED;
				return 0;
			}
			return rc;
		}
		*out = o;
		return 0;
	}
	if ((rc = session_autoflush(s)))
		return rc;
	return load_object_by_pk(out, s, m, pk, 0);
}

/* ---- transactions -------------------------------------------------------------- */

/* Undo in memory what the rolled-back levels (>= level) did. */
static void rollback_memory(assoc_session *s, int level)
{
	for (size_t i = s->tx_objects.len; i-- > 0;) {
		assoc_object *o = s->tx_objects.items[i];
		if (o->tx_level < level)
			continue;
		pv_remove_at(&s->tx_objects, i);
		if (o->inserted_in_tx && o->insert_level >= level) { /* inserted in a level rolled back */
			idmap_remove(&s->idmap, o);
			o->inserted_in_tx = 0;
			o->state = ASSOC_STATE_TRANSIENT;
			for (size_t j = 0; j < o->mapper->rels.len; j++)
				if (o->rels[j].coll)
					collection_clear_history(o->rels[j].coll);
		} else if (o->state == ASSOC_STATE_DELETED) {
			o->state = ASSOC_STATE_PERSISTENT;
			if (o->inserted_in_tx) /* still inserted, at its own level (its other tx_objects entry) */
				o->tx_level = o->insert_level;
			if (!o->in_idmap)
				(void)idmap_put(&s->idmap, o); /* cannot fail: the caller reserved room */
		}
	}
	while (s->newobjs.len) {
		assoc_object *o = s->newobjs.items[s->newobjs.len - 1];
		session_pending_to_transient(s, o);
	}
	for (size_t i = 0; i < s->deleted.len; i++)
		((assoc_object *)s->deleted.items[i])->in_deleted = 0;
	s->deleted.len = 0;
	expire_all(s);
}

int assoc_session_flush(assoc_session *s)
{
	int rc = session_check_tx(s, "assoc_session_flush");
	return rc ? rc : flush_session(s);
}

/* The transaction is over (committed or rolled back): the connection is free again. */
static void tx_ended(assoc_session *s)
{
	s->in_tx = 0;
	s->nesting = 0;
	if (s->engine->tx_owner == s)
		s->engine->tx_owner = NULL;
}

int assoc_session_commit(assoc_session *s)
{
	int rc = session_check_tx(s, "assoc_session_commit");
	if (rc || (rc = flush_session(s)))
		return rc;
	if (s->in_tx) {
		/* On failure the transaction either stays open (SQLITE_BUSY: commit
		 * or roll back again) or is gone (session_tx_check dooms it). */
		if ((rc = session_exec(s, "COMMIT")))
			return rc;
		tx_ended(s);
	}
	for (size_t i = 0; i < s->tx_objects.len; i++) {
		assoc_object *o = s->tx_objects.items[i];
		o->inserted_in_tx = 0;
		if (o->state == ASSOC_STATE_DELETED) {
			o->state = ASSOC_STATE_DETACHED;
			detach_relations(o);
		}
	}
	s->tx_objects.len = 0;
	if (s->opts.expire_on_commit)
		expire_all(s);
	return 0;
}

/* Objects deleted in the transaction come back into the identity map on rollback. */
static size_t deleted_in_tx(const assoc_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->tx_objects.len; i++)
		n += ((assoc_object *)s->tx_objects.items[i])->state == ASSOC_STATE_DELETED;
	return n;
}

/*
 * ROLLBACK through a statement prepared with the session, so that rolling
 * back needs no new memory; 0 once no transaction is open on the connection.
 */
static int rollback_db(assoc_session *s, const char *what)
{
	if (!s->in_tx || !db_in_transaction(s->db))
		return 0;
	session_trace(s, s->rollback_stmt);
	int rc = db_step(s->rollback_stmt);
	db_reset(s->rollback_stmt);
	if (rc < 0 && db_in_transaction(s->db))
		return db_error(s->db, rc, what);
	return 0;
}

int assoc_session_rollback(assoc_session *s)
{
	int rc = session_open_check(s);
	if (rc || (rc = outside_callback(s, "assoc_session_rollback")))
		return rc;
	/* Room first: after the database has rolled back, memory must follow without failing. */
	if ((rc = idmap_reserve(&s->idmap, deleted_in_tx(s))))
		return rc;
	if ((rc = rollback_db(s, "assoc_session_rollback: ROLLBACK")))
		return rc; /* still open: memory stays as it is, in step with the database */
	tx_ended(s);
	s->doomed = 0;
	mem_free(s->doomed_msg);
	s->doomed_msg = NULL;
	rollback_memory(s, 0);
	return 0;
}

/* SAVEPOINT, RELEASE and ROLLBACK TO name their savepoint by nesting level. */
static int exec_savepoint(assoc_session *s, const char *verb, int level)
{
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s assoc_sp_%d", verb, level);
	char *sql = sb_take(&sb);
	if (!sql)
		return err_oom();
	int rc = session_exec(s, sql);
	mem_free(sql);
	return rc;
}

int assoc_session_begin_nested(assoc_session *s)
{
	int rc = session_check_tx(s, "assoc_session_begin_nested");
	if (rc || (rc = flush_session(s)) || (rc = session_begin(s)))
		return rc;
	if ((rc = exec_savepoint(s, "SAVEPOINT", s->nesting + 1)))
		return rc;
	s->nesting++;
	return 0;
}

static int need_nested(assoc_session *s, const char *what)
{
	if (!s->nesting)
		return assoc_error_set(ASSOC_ESTATE, "%s: no savepoint is open", what);
	return 0;
}

int assoc_session_commit_nested(assoc_session *s)
{
	int rc = session_check_tx(s, "assoc_session_commit_nested");
	if (rc || (rc = need_nested(s, "assoc_session_commit_nested")) || (rc = flush_session(s)))
		return rc;
	if ((rc = exec_savepoint(s, "RELEASE", s->nesting)))
		return rc;
	for (size_t i = 0; i < s->tx_objects.len; i++) {
		assoc_object *o = s->tx_objects.items[i];
		if (o->tx_level >= s->nesting)
			o->tx_level = s->nesting - 1;
		if (o->inserted_in_tx && o->insert_level >= s->nesting)
			o->insert_level = s->nesting - 1;
	}
	s->nesting--;
	return 0;
}

int assoc_session_rollback_nested(assoc_session *s)
{
	int rc = session_check_tx(s, "assoc_session_rollback_nested");
	if (rc || (rc = need_nested(s, "assoc_session_rollback_nested")))
		return rc;
	/* Memory follows the database only once it has rolled back: ROLLBACK TO
	 * happens whole or not at all (and a lost transaction dooms the session). */
	if ((rc = idmap_reserve(&s->idmap, deleted_in_tx(s))) || (rc = exec_savepoint(s, "ROLLBACK TO", s->nesting)))
		return rc;
	rollback_memory(s, s->nesting);
	s->nesting--;
	/* A savepoint left behind by a failed RELEASE is empty and ends with the
	 * transaction; only a transaction lost here is worth reporting. */
	if ((rc = exec_savepoint(s, "RELEASE", s->nesting + 1)) && s->doomed)
		return rc;
	return 0;
}

int assoc_session_nesting(const assoc_session *s) { return s && !s->closed ? s->nesting : 0; }

/* ---- close and free ------------------------------------------------------------ */

static void finalize_statements(assoc_session *s)
{
	for (size_t i = 0; i < s->stmt_cache.cap; i++) {
		struct stmt_entry *e = s->stmt_cache.keys[i] ? s->stmt_cache.vals[i] : NULL;
		if (e) {
			db_finalize(e->stmt);
			mem_free(e->sql);
			mem_free(e);
		}
	}
	strmap_free(&s->stmt_cache);
	db_finalize(s->rollback_stmt);
	s->rollback_stmt = NULL;
	for (int i = 0; i < FLUSH_NSTMTS; i++) {
		db_finalize(s->flush_stmts[i]);
		s->flush_stmts[i] = NULL;
	}
	for (size_t i = 0; i < s->reg->mappers.len; i++) {
		db_finalize(s->mstmts[i].insert);
		db_finalize(s->mstmts[i].insert_returning);
		db_finalize(s->mstmts[i].select_pk);
		db_finalize(s->mstmts[i].delete);
	}
	for (int i = 0; i < s->reg->nrels; i++) {
		db_finalize(s->lazy_stmts[i]);
		db_finalize(s->secondary_stmts[2 * i]);
		db_finalize(s->secondary_stmts[2 * i + 1]);
	}
}

int assoc_session_close(assoc_session *s)
{
	if (!s)
		return assoc_error_set(ASSOC_EINVAL, "session is NULL");
	if (s->closed)
		return 0;
	if (s->in_callback)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_close: a callback of this session (a creator, "
		                       "getter, setter or factory) is running; close it after the call returns");
	if (s->running)
		return assoc_error_set(ASSOC_ESTATE, "assoc_session_close: the session is inside assoc_session_run; "
		                       "close it after the run returns");
	int rc = rollback_db(s, "assoc_session_close: ROLLBACK");
	if (rc && !s->owns_db)
		return rc; /* the engine's shared connection would carry our transaction on to the next session */
	tx_ended(s);
	mem_free(s->doomed_msg);
	s->doomed_msg = NULL;
	s->doomed = 0;
	finalize_statements(s);
	if (s->owns_db)
		engine_checkin(s->engine, s->db); /* rolled back above; closed instead when that failed */
	s->db = NULL;
	/* Pinned objects live on detached; the rest go with the session. */
	assoc_object *next;
	for (assoc_object *o = s->objects; o; o = next) {
		next = o->next;
		o->prev = o->next = NULL;
		cohort_leave(o);
		if (o->refs == 0) {
			object_free(o);
			continue;
		}
		o->session = NULL;
		assoc_registry_ref(s->reg); /* object_free of a detached object releases it */
		o->in_idmap = o->in_new = o->in_dirty = o->in_deleted = 0;
		if (o->state != ASSOC_STATE_TRANSIENT)
			o->state = ASSOC_STATE_DETACHED;
		detach_relations(o);
	}
	s->objects = NULL;
	slabs_retire(s->slabs);
	s->slabs = NULL;
	mem_free(s->uniq.slots);
	memset(&s->uniq, 0, sizeof s->uniq);
	idmap_free(&s->idmap);
	s->newobjs.len = s->dirty.len = s->deleted.len = s->tx_objects.len = 0;
	s->closed = 1;
	return 0;
}

void assoc_session_free(assoc_session *s)
{
	if (!s || assoc_session_close(s) < 0)
		return; /* only refused inside one of its own callbacks: freeing it would pull it from under the caller */
	pv_free(&s->newobjs);
	pv_free(&s->dirty);
	pv_free(&s->deleted);
	pv_free(&s->tx_objects);
	mem_free(s->mstmts);
	mem_free(s->lazy_stmts);
	mem_free(s->secondary_stmts);
	assoc_engine_free(s->engine);
	assoc_registry_free(s->reg);
	mem_free(s);
}

int assoc_session_is_closed(const assoc_session *s) { return !s || s->closed; }

int assoc_session_is_active(const assoc_session *s) { return s && !s->closed && !s->doomed; }

size_t assoc_session_identity_count(const assoc_session *s) { return s && !s->closed ? idmap_count(&s->idmap) : 0; }
size_t assoc_session_new_count(const assoc_session *s) { return s && !s->closed ? s->newobjs.len : 0; }
size_t assoc_session_dirty_count(const assoc_session *s) { return s && !s->closed ? s->dirty.len : 0; }
size_t assoc_session_deleted_count(const assoc_session *s) { return s && !s->closed ? s->deleted.len : 0; }
