/*
 * internal.h - the structures behind the opaque handles, shared by core/src.
 */
#ifndef ASSOC_INTERNAL_H
#define ASSOC_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>

#include "assoc.h"
#include "util.h"
#include "driver/driver.h"

/* ---- registry: tables and columns -------------------------------------- */

struct column {
	char *name;
	assoc_type type;
	int index;            /* position in its table */
	int primary_key;
	int nullable;
	int autoincrement;
	int unique;
	int indexed;
	char *fk_target;      /* "table.column" as given, or NULL */
	assoc_fk_action on_delete, on_update;
	int has_default;
	assoc_value default_value; /* owned */
	struct assoc_table *table;
};

struct foreign_key {
	size_t n;
	int *cols;            /* column indexes in the owning table */
	char *ref_table_name;
	char **ref_col_names;
	struct assoc_table *ref_table; /* resolved at configure */
	int *ref_cols;
	assoc_fk_action on_delete, on_update;
	char *name;           /* explicit name, or NULL */
	int from_column;      /* declared through a column's foreign_key option */
	int post_update;      /* a post_update relationship uses it: not an edge of the table order */
};

struct unique_constraint {
	size_t n;
	int *cols;
	char *name;
};

struct assoc_table {
	assoc_registry *reg;
	char *name;
	ptrvec columns;       /* struct column * */
	int *pk;              /* primary key column indexes */
	size_t npk;
	ptrvec fks;           /* struct foreign_key * */
	ptrvec uniques;       /* struct unique_constraint * */
	int rank;             /* position in dependency order: referenced tables first */
	int rowid_pk;         /* index of a lone INTEGER primary key (a rowid alias), or -1 */
};

#define NAMING_KINDS 4 /* fk, uq, pk, ix */

struct assoc_registry {
	ptrvec tables;
	ptrvec mappers;
	char *naming[NAMING_KINDS];
	int configured;
	int nrels;            /* relationships across all mappers, for per-session caches */
	int has_many_to_many; /* flush work that a model without them can skip */
	int has_delete_orphan;
	int has_post_update;
	struct assoc_table **sorted; /* tables in dependency order */
	struct assoc_mapper **mappers_sorted;
	ptrvec callbacks;     /* adopted: freed with the registry */
	atomic_int refs;      /* the caller's, each session's, each detached pinned object's */
};

/* ---- mappers, attributes and relationships ----------------------------- */

enum rel_direction { REL_ONETOMANY, REL_MANYTOONE, REL_MANYTOMANY };

enum cascade_flags {
	CASCADE_SAVE_UPDATE = 1,
	CASCADE_MERGE = 2,
	CASCADE_DELETE = 4,
	CASCADE_DELETE_ORPHAN = 8,
	CASCADE_EXPUNGE = 16,
	CASCADE_REFRESH = 32
};

struct order_term {
	int col;              /* column index on the target table */
	int desc;
};

struct relationship {
	struct assoc_attr *attr;
	int index;            /* registry-wide, for session statement caches */
	/* options as given (strings owned) */
	char *target_name, *secondary_name, *foreign_keys, *order_by_text, *cascade_text;
	char *back_populates, *backref, *dict_key_name;
	char *sec_owner_keys, *sec_target_keys; /* secondary_owner_keys, secondary_target_keys */
	int post_update;      /* the option as given */
	int uselist_opt;
	assoc_collection_kind collection;
	int passive_updates, passive_deletes;
	assoc_lazy lazy;
	struct relationship_backref *backref_opts; /* copied backref_options, or NULL */
	int from_backref;     /* made by another relationship's backref */
	/* resolved at configure */
	struct assoc_mapper *target;
	struct assoc_table *secondary;
	enum rel_direction dir;
	int uselist;
	unsigned cascade;
	size_t nkeys;
	/* ONETOMANY: parent_cols on the owner's table, child_cols on the target's.
	 * MANYTOONE: child_cols on the owner's table, parent_cols on the target's.
	 * MANYTOMANY: owner_cols/target_cols on the two tables, sec_owner/sec_target on secondary. */
	int *parent_cols, *child_cols;
	int *owner_cols, *sec_owner_cols, *target_cols, *sec_target_cols;
	size_t nsec_owner, nsec_target;
	struct relationship *reverse;
	int post;             /* post_update here or on the reverse: the key is written after the INSERTs,
	                       * cleared before the DELETEs (post_update.c) */
	struct assoc_attr *dict_key;
	struct order_term *order_by;
	size_t norder;
	char *lazy_sql;       /* SELECT of the related rows for one owner */
	char *secondary_insert_sql, *secondary_delete_sql, *secondary_delete_all_sql;
};

struct relationship_backref {
	assoc_relationship_options opts; /* with strings owned below */
	char *strings[6];
};

/* An association proxy: target_collection (a relationship here), then attr on its target. */
struct proxy {
	struct assoc_attr *attr;   /* the proxy attribute itself */
	int index;                 /* position among the mapper's proxies (its object slot) */
	char *target_collection, *attr_name;
	assoc_proxy_options opts;  /* strings point at the two above */
	/* resolved at configure */
	struct relationship *rel;  /* the local hop */
	struct assoc_attr *local;  /* rel's attribute */
	struct assoc_attr *remote; /* attr on rel->target: column, relationship or proxy */
	assoc_collection_kind kind;/* LIST, SET, DICT or SCALAR, from rel */
	assoc_getset getset;       /* from getset_factory, or zero */
	/* unique over a column with a one-column UNIQUE (or lone primary key) constraint: the
	 * targets it makes are inserted get-or-create (upsert.c); NULL when the column has none */
	struct column *unique_col;
};

struct assoc_attr {
	struct assoc_mapper *mapper;
	char *name;
	assoc_attr_kind kind;
	int slot;             /* column index, relationship index or proxy index in the mapper */
	struct column *col;
	struct relationship *rel;
	struct proxy *proxy;
};

struct assoc_mapper {
	assoc_registry *reg;
	int index;            /* position in the registry, for session caches */
	char *name;
	char *table_name;
	struct assoc_table *table;
	ptrvec attrs;         /* struct assoc_attr *: columns, then relationships */
	ptrvec rels;          /* struct relationship *, in the order added */
	ptrvec proxies;       /* struct proxy *, in the order added */
	size_t ncols;
	/* SQL made at configure */
	char *select_cols;    /* "t.a, t.b, ..." */
	char *insert_sql;
	char *insert_returning_sql; /* rowid_pk tables: the INSERT without the key, RETURNING it (dialects with keys_by_returning) */
	char *select_pk_sql;
	char *delete_sql;
	/* deferred columns (deferred.c) */
	ptrvec col_opts;      /* struct col_option *: assoc_mapper_set_column_options, resolved at configure */
	uint8_t *col_deferred; /* ncols: not selected by default, loaded on first read */
	const char **col_group; /* ncols: the deferred group a column loads with, or NULL */
	uint8_t *col_key;     /* ncols: a primary key or relationship key column: never deferred */
	int *selpos;          /* ncols: position in select_cols, -1 when deferred */
};

/* A column option as given (assoc_mapper_set_column_options). */
struct col_option {
	char *column;
	int deferred;
	char *group;
};

/* ---- engine ------------------------------------------------------------- */

struct assoc_engine {
	char *url;
	char *path;           /* ":memory:" or a file path */
	int memory;
	const char *journal_mode; /* a static name: "WAL", ...; NULL for memory */
	int busy_timeout_ms;
	const struct db_driver *drv; /* chosen by the URL's scheme */
	db_conn *db;          /* the engine's own connection; shared by sessions when memory */
	int connect_timeout_s;
	/* pool.c: idle connections for the next sessions (file and PostgreSQL engines) */
	atomic_flag pool_lock; /* held only to push or pop: no I/O under it */
	db_conn **idle;       /* pool_size slots */
	int pool_size, nidle, in_use;
	uint64_t opened;      /* connections sessions opened */
	assoc_session *tx_owner; /* session holding the shared connection's transaction */
	assoc_trace_fn trace;
	void *trace_ud;
	assoc_log_fn log;
	void *log_ud;
	assoc_value scalar_result; /* owned, for assoc_engine_scalar */
	atomic_int refs;      /* the caller's and each session's */
};

/* ---- objects, collections ----------------------------------------------- */

enum col_flags {
	COL_LOADED = 1,       /* the value is present (not expired, not deferred) */
	COL_SET = 2,          /* assigned by the program (defaults do not apply) */
	COL_MODIFIED = 4,     /* differs from the database row */
	COL_INLINE = 8,       /* TEXT/BLOB bytes live in the object's own block: never freed alone */
	COL_EXPIRED = 16,     /* expired: the next read loads it from the row (a kept primary key stays LOADED too) */
	COL_NOORIG = 32,      /* assigned while expired: the row's value is unknown, so the UPDATE writes it */
	COL_DEFERRED = 64,    /* deferred and not loaded: the first read loads it (and its group) alone */
	COL_WANT = 128        /* marked for the running column load (expire.c), cleared when it ends */
};

/*
 * Objects are bump-allocated from slabs owned by their session. A slab is
 * freed once its session has closed and none of its objects is alive (pinned
 * objects keep theirs alive after close).
 */
struct slab {
	struct slab *next;
	size_t used, cap;
	size_t live;          /* objects allocated here and not yet freed */
	int retired;          /* its session has closed */
	_Alignas(16) unsigned char data[];
};

/* An owned list of values (slices, set algebra). */
struct assoc_valuelist {
	assoc_value *items;
	size_t len, cap;
};

struct relstate {
	assoc_object *scalar;      /* uselist false: the related object */
	assoc_object *scalar_prev; /* the related object as last loaded or flushed */
	assoc_collection *coll;    /* uselist true; allocated on first use */
	uint8_t loaded;
	uint8_t changed;           /* scalar changed since load/flush */
};

struct assoc_object {
	assoc_mapper *mapper;
	assoc_session *session;    /* NULL once detached */
	assoc_object *prev, *next; /* the session's list of owned objects */
	assoc_object_state state;
	int refs;                  /* pins held by bindings */
	unsigned in_idmap : 1, in_new : 1, in_dirty : 1, in_deleted : 1, expired : 1,
		orphan : 1, inserted_in_tx : 1, queued : 1, in_dense : 1,
		joining : 1, /* joining a collection: leaving the old parent is a move, not orphaning */
		cols_expired : 1, /* some column carries COL_EXPIRED */
		cols_deferred : 1; /* some column may carry COL_DEFERRED */
	int tx_level;              /* nesting level of the flush that last inserted or deleted it */
	int insert_level;          /* inserted_in_tx: nesting level of the flush that inserted it */
	struct slab *slab;         /* where it was allocated, or NULL when malloc'd alone */
	uint64_t hash;             /* identity hash while in the identity map */
	assoc_value *vals;         /* ncols, owned */
	assoc_value *orig;         /* ncols, allocated on first change of a loaded object */
	uint8_t *colflags;         /* ncols */
	struct relstate *rels;     /* one per relationship of the mapper */
	assoc_collection **views;  /* one per proxy of the mapper, made on first use (NULL when none) */
	struct cohort *cohort;     /* the objects it was loaded with (cohort.c), or NULL */
	struct getter_copy *getter_copies; /* the library's copies of custom getters' TEXT and BLOB results */
	const struct column *unique_on; /* made by a unique proxy for this column's value: its INSERT is a get-or-create */
};

/* A custom getter's TEXT or BLOB result, copied (callback.h: assoc_getter_fn); one per proxy and object. */
struct getter_copy {
	const struct proxy *proxy;
	struct getter_copy *next;
	size_t len;
	char bytes[]; /* len bytes and a NUL */
};

struct assoc_collection {
	assoc_object *owner;
	struct relationship *rel;  /* for a proxy view: the proxy's local relationship */
	struct proxy *proxy;       /* NULL for a relationship collection */
	void *custom;              /* what the proxy_factory stored */
	assoc_object **items;
	size_t len, cap;
	assoc_value *keys;         /* DICT: owned key per item */
	ptrvec added, removed;     /* history since load or flush */
};

/* ---- session -------------------------------------------------------------- */

struct stmt_entry {
	char *sql;
	db_stmt *stmt;
};

struct mapper_stmts {
	db_stmt *insert, *insert_returning, *select_pk, *delete;
};

/* Unique-creation index: (attribute, value) -> the target made or found for it. */
struct uniq_entry {
	const struct assoc_attr *attr;
	uint64_t hash;
	assoc_object *obj;
};
struct uniq_index {
	struct uniq_entry *slots;
	size_t cap, len;
};

struct assoc_session {
	assoc_engine *engine;
	assoc_registry *reg;
	db_conn *db;
	int owns_db;
	int closed;
	assoc_session_options opts;
	assoc_object *objects;     /* every object owned, doubly linked */
	struct slab *slabs;        /* newest first */
	struct idmap idmap;
	ptrvec newobjs, dirty, deleted;
	ptrvec tx_objects;         /* flushed inserts and deletes of this transaction */
	int in_tx;                 /* a transaction of ours is open on the connection */
	int nesting;
	/* The database ended our transaction on its own (full disk, I/O error,
	 * out of memory, ...): until rollback, every call but rollback and close
	 * fails with ASSOC_ESTATE quoting this (see session_doom). */
	int doomed;
	char *doomed_msg;
	int flushing;
	int loading;               /* inside a load: no autoflush */
	/* a unique proxy's lookup: with no transaction open, it reads outside one, so that the
	 * session holds no snapshot or lock until its flush (upsert.c) */
	int autocommit_reads;
	db_stmt *rollback_stmt; /* prepared at open: rolling back needs no memory */
	db_stmt *flush_stmts[3]; /* FLUSH_SAVEPOINT, FLUSH_RELEASE, FLUSH_ROLLBACK_TO */
	int cascading;             /* inside delete()'s cascade: lazy='raise' does not apply */
	struct mapper_stmts *mstmts;
	db_stmt **lazy_stmts;
	db_stmt **secondary_stmts; /* per relationship: INSERT, DELETE of one association row */
	struct strmap stmt_cache;  /* SQL text -> struct stmt_entry */
	struct uniq_index uniq;
	int in_callback;           /* callbacks (creators, getters, ...) running: close is refused */
	int running;               /* inside assoc_session_run's function: close and a nested run are refused */
};

/* Around each call of a program's callback, so that it cannot close the session under the caller. */
static inline void callback_enter(assoc_session *s)
{
	if (s)
		s->in_callback++;
}

static inline void callback_leave(assoc_session *s)
{
	if (s)
		s->in_callback--;
}

/* ---- helpers shared across files ----------------------------------------- */

/* callback.c */
int callback_result(int rc, const char *what, const char *mapper, const char *attr);

/* error.c */
int err_oom(void);
/* The session's own database calls: db_error, then the transaction check (session.c). */
int session_db_error(assoc_session *s, int rc, const char *what);
int session_tx_check(assoc_session *s, int rc);
void session_doom(assoc_session *s);

/* value.c */
void value_clear(assoc_value *v);
int value_check(const assoc_value *v, const char *what);
int value_copy(assoc_value *dst, const assoc_value *src);
uint64_t value_hash(const assoc_value *v);
int value_bind(db_stmt *stmt, int i, const assoc_value *v);
int value_from_column(assoc_value *out, db_stmt *stmt, int i, assoc_type type);
void value_repr(strbuf *sb, const assoc_value *v);

/* registry.c / mapper.c */
struct column *table_column(struct assoc_table *t, const char *name);
int table_column_index(struct assoc_table *t, const char *name);
struct assoc_attr *mapper_find_attr(const assoc_mapper *m, const char *name);
int mapper_attr_or_error(struct assoc_attr **out, const assoc_mapper *m, const char *name);
int mapper_register_attr(struct assoc_mapper *m, struct assoc_attr *a, const char *name, ptrvec *vec, void *item);
void sb_ident(strbuf *sb, const char *name);
int ident_check(int code, const char *what, const char *name);
const char *type_sql_name(assoc_type t);
int configure_relationships(assoc_registry *reg);
void registry_truncate(assoc_registry *reg, size_t ntables, size_t nmappers);
void relationship_free(struct relationship *rel);
void relationship_clear_keys(struct relationship *rel);
int check_column_value(const struct column *col, const assoc_mapper *m, assoc_value *v);
/* A column's default against its type, once known: ASSOC_ETYPE naming table.column (registry.c). */
int check_column_default(struct column *c, const char *table);

/* session.c */
int session_check(assoc_session *s);
int session_begin(assoc_session *s);
int session_prepare(assoc_session *s, const char *sql, db_stmt **out);
int session_slot_stmt(assoc_session *s, db_stmt **slot, const char *sql);
int session_exec(assoc_session *s, const char *sql);
int session_step(assoc_session *s, db_stmt *stmt, const char *what);
int session_autoflush(assoc_session *s);
int session_reserve_dirty(assoc_session *s, assoc_object *o);
int session_mark_dirty(assoc_session *s, assoc_object *o);
void session_pending_to_transient(assoc_session *s, assoc_object *o);
int session_cascade_add(assoc_session *s, assoc_object *o);
int session_cascade_deletes(assoc_session *s);
void session_trace(assoc_session *s, db_stmt *stmt);

/* object.c */
int object_alloc(assoc_object **out, assoc_session *s, assoc_mapper *m, size_t extra);
char *object_inline_area(assoc_object *o);
void col_release(assoc_object *o, int i);
int col_save_orig(assoc_object *o, int i);
void slabs_retire(struct slab *list);
void object_free(assoc_object *o);
int object_check(assoc_object *o);
int object_ensure_loaded(assoc_object *o);
void object_expire(assoc_object *o);
void object_expire_col(assoc_object *o, size_t col);
void rel_expire(assoc_object *o, size_t rel);
int object_load_expired(assoc_object *o);
int object_load_deferred(assoc_object *o, int col);
int object_set_col(assoc_object *o, int col, assoc_value *owned, int program_set);
int object_key_values(const assoc_object *o, assoc_value *out_pk);
uint64_t identity_hash(const assoc_mapper *m, const assoc_value *pk, size_t npk);
uint64_t identity_hash_at(const assoc_mapper *m, const assoc_value *vals, const int *cols, size_t n);
/* Room for a key's values: on the stack when short, on the heap beyond, so any length works. */
struct keybuf {
	assoc_value *v;
	assoc_value local[8];
};
int keybuf_init(struct keybuf *k, size_t n);
void keybuf_free(struct keybuf *k);
int object_has_identity(const assoc_object *o);
const assoc_value *object_pk_value(const assoc_object *o, size_t i);
const assoc_value *object_committed_value(const assoc_object *o, int col);

/* collection.c */
assoc_collection *collection_get(assoc_object *o, struct relationship *rel);
int collection_load(assoc_collection *c);
int rel_set_scalar(assoc_object *o, struct relationship *rel, assoc_object *target, int fire_reverse);
int rel_ensure_loaded(assoc_object *o, struct relationship *rel);
int rel_load_old(assoc_object *o, struct relationship *rel);
void collection_reset(assoc_collection *c);
void collection_free(assoc_collection *c);
void collection_clear_history(assoc_collection *c);
int coll_add_item(assoc_collection *c, assoc_object *item, int record, int fire_reverse);
int coll_remove_item(assoc_collection *c, assoc_object *item, int record, int fire_reverse);
int coll_find(const assoc_collection *c, const assoc_object *item);
int coll_cascade_member(assoc_collection *c, assoc_object *item);
int coll_insert_at(assoc_collection *c, size_t pos, assoc_object *item, int record, int fire);
int coll_remove_at(assoc_collection *c, size_t i);
int coll_member_of(assoc_object **out, assoc_collection *c, assoc_value v);
void collection_fill_begin(assoc_collection *c);
int collection_fill_add(assoc_collection *c, assoc_object *item);
int collection_fill_end(assoc_collection *c);

/* cohort.c */
struct cohort;
/* objs[0..n) were loaded together: each leaves its old cohort for this one (nothing when n < 2 or out of memory). */
void cohort_make(assoc_object *const *objs, size_t n);
void cohort_leave(assoc_object *o);
/* The entries of o's cohort (members are those whose cohort is still o's), or 0 when it has none. */
size_t cohort_members(const assoc_object *o, assoc_object *const **out);

/* deferred.c */
/* Column i is in a load of m's rows: sel[i] when the load chose (a query's options), else not deferred. */
static inline int col_selected(const assoc_mapper *m, const uint8_t *sel, size_t i)
{
	return sel ? sel[i] != 0 : m->selpos[i] >= 0;
}
int configure_deferred(assoc_registry *reg);
int check_deferred_keys(assoc_registry *reg);
void mapper_free_deferred(struct assoc_mapper *m);

/* loading.c */
int load_row_cols(assoc_object **out, assoc_session *s, assoc_mapper *m, db_stmt *stmt, int off,
                  const uint8_t *sel);
int load_row(assoc_object **out, assoc_session *s, assoc_mapper *m, db_stmt *stmt, int off);
int load_object_by_pk(assoc_object **out, assoc_session *s, assoc_mapper *m,
                      const assoc_value *pk, int refresh_obj);
int load_relationship(assoc_object *o, struct relationship *rel);
assoc_object *rel_peek_scalar(assoc_object *o, struct relationship *rel);
/* Where the owners of a selectin load came from: a query's criteria, to join on instead of listing keys. */
struct selectin_source {
	const char *where;    /* " WHERE ..." over the owners' table, or "" */
	int (*bind)(void *ctx, db_stmt *stmt);
	void *ctx;
};
int load_selectin(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src);
int load_selectin_rels(assoc_session *s, assoc_object **objs, size_t n, const struct selectin_source *src,
                       struct relationship *const *extra, size_t nextra);
int refresh_object(assoc_object *o);
/* As refresh_object, with the expired members of o's cohort in the same statement. */
int refresh_expired(assoc_object *o);

/* reflect.c: whether the engine's dialect has a catalog reader (schema drift checks, reflection) */
int engine_has_catalog(const assoc_engine *e);

/* engine.c */
int engine_connect(assoc_engine *e, db_conn **out);
/* pool.c: a session's connection, from the pool or new; given back rolled back (or closed) */
int engine_checkout(assoc_engine *e, db_conn **out);
void engine_checkin(assoc_engine *e, db_conn *db);
int engine_pool_init(assoc_engine *e, int pool_size);
void engine_pool_free(assoc_engine *e);
void engine_disconnect(db_conn *db);
char *constraint_name_expand(const char *pattern, const struct assoc_table *t, const int *cols,
                             const struct foreign_key *fk);

/* reflect.c: a statement the database refused (rc ASSOC_EDB, message set) because the registry
 * no longer fits it: ASSOC_ECONFIG naming table and column; otherwise rc and its message, unchanged. */
int schema_drift_explain(assoc_session *s, int rc);

/* log.c */
void log_note_bind(db_stmt *stmt, int i, const assoc_value *v);
void log_attach(assoc_engine *e, db_conn *db);
void log_engine_gone(assoc_engine *e);
extern atomic_int log_active;          /* engines with a log set: 0 keeps the calls below direct */
int log_step(db_stmt *st);
void log_finish(db_stmt *st);
int db_exec(db_conn *c, const char *sql);

/* ---- the core's calls into its driver (driver/driver.h) -------------------- */

static inline int db_step(db_stmt *st)
{
	if (atomic_load_explicit(&log_active, memory_order_relaxed))
		return log_step(st);
	return st->drv->step(st);
}

static inline void db_reset(db_stmt *st)
{
	if (st->log_start)
		log_finish(st);
	st->drv->reset(st);
}

static inline void db_finalize(db_stmt *st)
{
	if (st) {
		if (st->log_start)
			log_finish(st);
		st->drv->finalize(st);
	}
}

static inline int db_prepare(db_conn *c, const char *sql, db_stmt **out) { return c->drv->prepare(out, c, sql, 1, NULL); }
static inline int db_error(db_conn *c, int code, const char *what) { return c->drv->error(c, code, what); }
static inline void db_clear_bindings(db_stmt *st) { st->drv->clear_bindings(st); }
static inline const char *db_sql(const db_stmt *st) { return st->drv->sql(st); }
static inline int db_param_count(const db_stmt *st) { return st->drv->param_count(st); }
static inline int64_t db_changes(db_conn *c) { return c->drv->changes(c); }
static inline int64_t db_last_insert_id(db_conn *c) { return c->drv->last_insert_id(c); }
static inline int db_in_transaction(db_conn *c) { return c->drv->in_transaction(c); }
static inline const struct db_dialect *db_dialect_of(const assoc_engine *e) { return e->drv->dialect; }

/* proxy.c */
void proxy_free(struct proxy *p);
int configure_proxies(assoc_registry *reg);
int proxy_value_of(struct proxy *p, assoc_object *member, assoc_value *out);
int proxy_set_value_of(struct proxy *p, assoc_object *member, const assoc_value *key, assoc_value v);
int proxy_check_value(struct proxy *p, assoc_value *v);
int proxy_create(struct proxy *p, assoc_object *owner, const assoc_value *key, assoc_value value, assoc_object **out);
int proxy_scalar_get(assoc_object *o, struct proxy *p, assoc_value *out);
int proxy_scalar_set(assoc_object *o, struct proxy *p, assoc_value v);
int proxy_scalar_unset(assoc_object *o, struct proxy *p);
int proxy_scalar_collection(assoc_collection **out, assoc_object *o, struct proxy *p);
int proxy_value_is_collection(const struct proxy *p);
int proxy_of_collection(const struct proxy *p);

/* flush.c */
int flush_session(assoc_session *s);
/* Step a statement that returns no rows; errors read "<op> <table>: <database message>". */
int flush_run(assoc_session *s, db_stmt *stmt, const char *op, const char *table);
/* The database's failure rc of a flush statement: "<op> <table>: <its message>", the transaction checked. */
int flush_db_error(assoc_session *s, int rc, const char *op, const char *table);

/* row_switch.c: a pending object taking over the row of an object deleted in the same flush */
/* *out: the persistent object, deleted in this flush, whose identity pending o has; else NULL. */
int row_switch_find(assoc_session *s, assoc_object *o, assoc_object **out);
/* UPDATE d's row to o's values (the columns that differ); no statement when none do. */
int row_switch_update(assoc_session *s, assoc_object *o, assoc_object *d);
/* The database holds an association row (d, item) of rel (d's own many-to-many, loaded). */
int row_switch_had(const assoc_object *d, const struct relationship *rel, const assoc_object *item);
/* o holds item through rel now. */
int row_switch_has(const assoc_object *o, const struct relationship *rel, const assoc_object *item);
struct flush;
/* For post_update.c: write a value the database row gets in this flush (journalled). */
int flush_write_col(struct flush *f, assoc_object *o, int col, const assoc_value *v);
assoc_session *flush_session_of(const struct flush *f);
int flush_gone(const assoc_object *o);

/* Whether another object of this session than o has o's mapper and the primary key key:
 * in the identity map, or inserted earlier in this flush. */
int flush_identity_taken(const struct flush *f, const assoc_object *o, const assoc_value *key);

/* upsert.c: get-or-create INSERTs of the targets unique proxies make */
/* Whether pending o is inserted by unique_insert on this session's dialect. */
int unique_insert_applies(const assoc_session *s, const assoc_object *o);
/* INSERT ... ON CONFLICT (col) DO NOTHING RETURNING the key; when the row exists, o takes its
 * key and columns (journalled, as flush_write_col). */
int unique_insert(struct flush *f, assoc_object *o);
/* insert_many.c: whether pending o can share a multi-row INSERT on this session's dialect;
 * write objs[0..n) (one mapper, defaults applied) in as few statements as the dialect allows,
 * generated keys given to their objects (journalled, as flush_write_col). */
int insert_many_applies(const assoc_session *s, const assoc_object *o);
int insert_many(struct flush *f, assoc_object **objs, size_t n);
/* Whether the column has a one-column UNIQUE or primary key constraint of its own. */
int column_is_unique(const struct column *col);

/* post_update.c */
int post_update_saves(struct flush *f, const ptrvec *owners);
int post_update_deletes(struct flush *f, const ptrvec *deleted);
enum { FLUSH_SAVEPOINT, FLUSH_RELEASE, FLUSH_ROLLBACK_TO, FLUSH_NSTMTS };
extern const char *const flush_stmt_sql[FLUSH_NSTMTS];

/* identity map (idmap.c) */
int idmap_put(struct idmap *map, assoc_object *o);
void idmap_remove(struct idmap *map, assoc_object *o);
int idmap_reserve(struct idmap *map, size_t extra);
size_t idmap_count(const struct idmap *map);
void idmap_free(struct idmap *map);
assoc_object *idmap_find(struct idmap *map, const assoc_mapper *m, const assoc_value *pk, uint64_t hash,
                         size_t *slot);
void idmap_put_at(struct idmap *map, size_t slot, assoc_object *o);
assoc_object *idmap_get(struct idmap *map, const assoc_mapper *m, const assoc_value *pk,
                        uint64_t hash);

#endif
