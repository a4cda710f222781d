/*
 * engine.c - database URLs, connections and DDL.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *constraint_name_expand(const char *pattern, const struct assoc_table *t, const int *cols,
                             const struct foreign_key *fk);

void engine_disconnect(db_conn *db)
{
	if (db)
		db->drv->close(db);
}

/* Open a connection with the settings every assoc connection of the engine has. */
int engine_connect(assoc_engine *e, db_conn **out)
{
	struct db_connect_options o = { e->url, e->journal_mode, e->busy_timeout_ms, e->connect_timeout_s };
	return e->drv->connect(out, e->path, &o);
}

int assoc_engine_options_init(assoc_engine_options *opts, unsigned int version)
{
	if (!opts || version < 1 || version > ASSOC_ENGINE_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_options_init: unsupported version %u", version);
	assoc_engine_options init = ASSOC_ENGINE_OPTIONS_INIT;
	if (version == 1) { /* the caller's struct ends after busy_timeout_ms */
		opts->version = 1;
		opts->journal_mode = init.journal_mode;
		opts->busy_timeout_ms = init.busy_timeout_ms;
		return 0;
	}
	*opts = init;
	return 0;
}

/* SQLite's in-memory forms: ":memory:", "file::memory:[?...]", "file:name?...mode=memory...". */
static int memory_path(const char *path)
{
	if (!strcmp(path, ":memory:") || !strncmp(path, "file::memory:", 13))
		return 1;
	if (strncmp(path, "file:", 5))
		return 0;
	for (const char *q = strchr(path, '?'); q; q = strchr(q + 1, '&'))
		if (!strncmp(q + 1, "mode=memory", 11) && (q[12] == 0 || q[12] == '&'))
			return 1;
	return 0;
}

/* The journal mode asked for, as SQLite spells it; NULL when it is none of them. */
static const char *journal_mode_name(const char *mode)
{
	static const char *const modes[] = { "WAL", "DELETE", "TRUNCATE", "PERSIST", "MEMORY", "OFF", NULL };
	for (int i = 0; modes[i]; i++)
		if (!strcasecmp(mode, modes[i]))
			return modes[i];
	return NULL;
}

/* postgresql:// or postgres:// URIs, and libpq conninfo strings ("host=/path dbname=x"). */
static int is_postgres_url(const char *url)
{
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return 1;
	if (strstr(url, "://"))
		return 0;
	const char *eq = strchr(url, '=');
	if (!eq || eq == url)
		return 0;
	for (const char *p = url; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != ' ')
			return 0;
	return 1;
}

/*
 * url with its password replaced by "***": the password of a URI's user
 * info ("user:secret@"), and any "password=" value (a URI's query or a
 * conninfo's keyword). Allocated; NULL when out of memory.
 */
static char *mask_password(const char *url)
{
	strbuf sb;
	sb_init(&sb);
	const char *p = url;
	const char *scheme = strstr(url, "://");
	if (scheme) {
		const char *auth = scheme + 3;
		size_t alen = strcspn(auth, "/?");
		const char *at = NULL;
		for (const char *q = auth; q < auth + alen; q++)
			if (*q == '@')
				at = q;
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			sb_addn(&sb, url, (size_t)(colon + 1 - url));
			sb_add(&sb, "***");
			p = at;
		}
	}
	while (*p) {
		const char *k = strstr(p, "password=");
		if (!k) {
			sb_add(&sb, p);
			break;
		}
		k += strlen("password=");
		sb_addn(&sb, p, (size_t)(k - p));
		sb_add(&sb, "***");
		if (*k == '\'' ) { /* a quoted conninfo value */
			for (k++; *k && *k != '\''; k++)
				if (*k == '\\' && k[1])
					k++;
			if (*k)
				k++;
		} else
			k += strcspn(k, scheme ? "&" : " \t\n");
		p = k;
	}
	return sb_take(&sb);
}

/* The engine's connection and pool, once its driver, URL and settings are set; frees e on failure. */
static int engine_start(assoc_engine **out, assoc_engine *e, int pool_size)
{
	int rc = engine_pool_init(e, e->memory ? 0 : pool_size);
	if (!rc)
		rc = engine_connect(e, &e->db);
	if (rc) {
		mem_free(e->idle);
		mem_free(e->path);
		mem_free(e->url);
		mem_free(e);
		return rc;
	}
	atomic_init(&e->refs, 1);
	*out = e;
	return 0;
}

static int open_postgres(assoc_engine **out, const char *url, const assoc_engine_options *opts)
{
	char *shown = mask_password(url);
	if (!shown)
		return err_oom();
#ifndef ASSOC_HAVE_POSTGRES
	int rc = assoc_error_set(ASSOC_EINVAL, "database URL '%s': this build of assoc has no PostgreSQL driver "
	                         "(libpq was not found when it was built; install libpq-dev and rebuild)", shown);
	mem_free(shown);
	return rc;
#else
	assoc_engine *e = mem_calloc(1, sizeof *e);
	if (!e) {
		mem_free(shown);
		return err_oom();
	}
	e->drv = &db_driver_postgres;
	e->url = shown; /* messages and assoc_engine_url() never show the password */
	e->connect_timeout_s = opts->connect_timeout_s;
	e->path = xstrdup(url);
	if (!e->path) {
		mem_free(e->url);
		mem_free(e);
		return err_oom();
	}
	return engine_start(out, e, opts->pool_size);
#endif
}

int assoc_engine_open(assoc_engine **out, const char *url) { return assoc_engine_open_ext(out, url, NULL); }

int assoc_engine_open_ext(assoc_engine **out, const char *url, const assoc_engine_options *opts)
{
	if (!out || !url)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open: NULL argument");
	*out = NULL;
	assoc_engine_options defaults = ASSOC_ENGINE_OPTIONS_INIT;
	if (opts && (opts->version < 1 || opts->version > ASSOC_ENGINE_OPTIONS_VERSION))
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open_ext: assoc_engine_options version %u is not supported",
		                       opts->version);
	if (opts && opts->version == 1) { /* only the first fields are the caller's */
		defaults.journal_mode = opts->journal_mode;
		defaults.busy_timeout_ms = opts->busy_timeout_ms;
		opts = &defaults;
	} else if (!opts)
		opts = &defaults;
	if (opts->pool_size < 0 || opts->pool_size > ASSOC_MAX_POOL_SIZE)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open_ext: pool_size is %d; 0 to %d expected",
		                       opts->pool_size, ASSOC_MAX_POOL_SIZE);
	if (opts->connect_timeout_s < 0)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open_ext: connect_timeout_s is %d; 0 or more expected",
		                       opts->connect_timeout_s);
	const char *journal = journal_mode_name(opts->journal_mode ? opts->journal_mode : "WAL");
	if (!journal)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open_ext: unknown journal_mode '%s' (expected WAL, DELETE, TRUNCATE, PERSIST, MEMORY or OFF)",
		                       opts->journal_mode);
	if (opts->busy_timeout_ms < 0)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_open_ext: busy_timeout_ms is %d; 0 or more expected",
		                       opts->busy_timeout_ms);
	const char *prefix = "sqlite://";
	size_t plen = strlen(prefix);
	if (is_postgres_url(url))
		return open_postgres(out, url, opts);
	if (strncmp(url, prefix, plen) != 0) {
		char *shown = mask_password(url);
		int rc = assoc_error_set(ASSOC_EINVAL, "unsupported database URL '%s' (expected sqlite://, sqlite:///path, "
		                         "postgresql://user@host:port/dbname or a libpq conninfo such as 'host=/socket/dir dbname=x')",
		                         shown ? shown : "?");
		mem_free(shown);
		return rc;
	}
	const char *rest = url + plen;
	assoc_engine *e = mem_calloc(1, sizeof *e);
	if (!e)
		return err_oom();
	if (!*rest || !strcmp(rest, "/") || !strcmp(rest, "/:memory:")) {
		e->memory = 1;
		e->path = xstrdup(":memory:");
	} else if (rest[0] == '/') {
		e->path = xstrdup(rest + 1); /* sqlite:///rel.db -> rel.db; sqlite:////abs -> /abs */
		e->memory = e->path && memory_path(e->path); /* one database, on the engine's one connection */
	} else {
		mem_free(e);
		return assoc_error_set(ASSOC_EINVAL, "database URL '%s' has a host; expected sqlite:///path", url);
	}
	e->drv = &db_driver_sqlite;
	e->journal_mode = e->memory ? NULL : journal;
	e->busy_timeout_ms = opts->busy_timeout_ms;
	e->url = xstrdup(url);
	if (!e->path || !e->url) {
		mem_free(e->path);
		mem_free(e->url);
		mem_free(e);
		return err_oom();
	}
	return engine_start(out, e, opts->pool_size);
}

void assoc_engine_ref(assoc_engine *e)
{
	if (e)
		atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
}

/* The last reference frees: the caller's or a session's. */
void assoc_engine_free(assoc_engine *e)
{
	if (!e || atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) != 1)
		return;
	log_engine_gone(e);
	engine_pool_free(e);
	engine_disconnect(e->db);
	value_clear(&e->scalar_result);
	mem_free(e->path);
	mem_free(e->url);
	mem_free(e);
}

const char *assoc_engine_url(const assoc_engine *e) { return e ? e->url : NULL; }

int assoc_engine_set_trace(assoc_engine *e, assoc_trace_fn fn, void *ud)
{
	if (!e)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_set_trace: engine is NULL");
	e->trace = fn;
	e->trace_ud = ud;
	return 0;
}

static int engine_busy(assoc_engine *e, const char *what)
{
	if (e->tx_owner)
		return assoc_error_set(ASSOC_ESTATE, "%s: a session holds a transaction on this in-memory engine's connection", what);
	return 0;
}

int assoc_engine_exec(assoc_engine *e, const char *sql)
{
	if (!e || !sql)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_exec: NULL argument");
	if (e->trace)
		e->trace(e->trace_ud, sql, 0);
	int rc = db_exec(e->db, sql);
	return rc ? db_error(e->db, rc, sql) : 0;
}

int assoc_engine_scalar(assoc_value *out, assoc_engine *e, const char *sql, const assoc_value *params,
                        size_t nparams)
{
	if (!out || !e || !sql || (nparams && !params))
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_scalar: NULL argument");
	*out = assoc_value_null();
	db_stmt *stmt;
	int rc = e->drv->prepare(&stmt, e->db, sql, 0, NULL);
	if (rc)
		return db_error(e->db, rc, sql);
	if (!stmt)
		return assoc_error_set(ASSOC_EDB, "%s: not an SQL statement", sql);
	for (size_t i = 0; i < nparams; i++) {
		if ((rc = value_check(&params[i], "assoc_engine_scalar"))) {
			db_finalize(stmt);
			return rc;
		}
		if (params[i].kind == ASSOC_OBJECT) {
			db_finalize(stmt);
			return assoc_error_set(ASSOC_ETYPE, "assoc_engine_scalar: parameter %zu is an object", i + 1);
		}
		value_bind(stmt, (int)i + 1, &params[i]);
	}
	if (e->trace)
		e->trace(e->trace_ud, sql, nparams);
	rc = db_step(stmt);
	if (rc == 1) {
		value_clear(&e->scalar_result);
		rc = value_from_column(&e->scalar_result, stmt, 0, ASSOC_TYPE_INFER);
		*out = e->scalar_result;
		db_finalize(stmt);
		return rc;
	}
	if (rc == 0) {
		db_finalize(stmt);
		return 0;
	}
	rc = db_error(e->db, rc, sql);
	db_finalize(stmt);
	return rc;
}

static const char *fk_action(assoc_fk_action a)
{
	switch (a) {
	case ASSOC_FK_CASCADE: return "CASCADE";
	case ASSOC_FK_SET_NULL: return "SET NULL";
	case ASSOC_FK_SET_DEFAULT: return "SET DEFAULT";
	case ASSOC_FK_RESTRICT: return "RESTRICT";
	default: return NULL;
	}
}

static void add_col_list(strbuf *sb, const struct assoc_table *t, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sb_add(sb, i ? ", " : "");
		sb_ident(sb, ((struct column *)t->columns.items[cols[i]])->name);
	}
}

static void add_constraint_name(strbuf *sb, const char *explicit_name, const char *pattern,
                                const struct assoc_table *t, const int *cols, const struct foreign_key *fk)
{
	char *name = explicit_name ? xstrdup(explicit_name) : pattern ? constraint_name_expand(pattern, t, cols, fk) : NULL;
	if (!name && (explicit_name || pattern))
		sb->oom = 1; /* not left unnamed */
	if (name) {
		sb_add(sb, "CONSTRAINT ");
		sb_ident(sb, name);
		sb_add(sb, " ");
		mem_free(name);
	}
}

/* CREATE TABLE text for t, as SQLAlchemy lays it out. */
static char *create_table_sql(const struct db_dialect *d, const struct assoc_table *t)
{
	const assoc_registry *reg = t->reg;
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "CREATE TABLE IF NOT EXISTS ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " (\n");
	for (size_t i = 0; i < t->columns.len; i++) {
		const struct column *c = t->columns.items[i];
		sb_add(&sb, i ? ",\n\t" : "\t");
		sb_ident(&sb, c->name);
		sb_addf(&sb, " %s%s", d->type_sql(c->type, t->rowid_pk == (int)i), c->nullable ? "" : " NOT NULL");
	}
	if (t->npk) {
		sb_add(&sb, ",\n\t");
		add_constraint_name(&sb, NULL, reg->naming[2], t, t->pk, NULL);
		sb_add(&sb, "PRIMARY KEY (");
		add_col_list(&sb, t, t->pk, t->npk);
		sb_add(&sb, ")");
	}
	for (size_t i = 0; i < t->columns.len; i++) {
		const struct column *c = t->columns.items[i];
		if (!c->unique)
			continue;
		sb_add(&sb, ",\n\t");
		add_constraint_name(&sb, NULL, reg->naming[1], t, &c->index, NULL);
		sb_add(&sb, "UNIQUE (");
		sb_ident(&sb, c->name);
		sb_add(&sb, ")");
	}
	for (size_t i = 0; i < t->uniques.len; i++) {
		const struct unique_constraint *u = t->uniques.items[i];
		sb_add(&sb, ",\n\t");
		add_constraint_name(&sb, u->name, reg->naming[1], t, u->cols, NULL);
		sb_add(&sb, "UNIQUE (");
		add_col_list(&sb, t, u->cols, u->n);
		sb_add(&sb, ")");
	}
	for (size_t i = 0; i < t->fks.len; i++) {
		const struct foreign_key *fk = t->fks.items[i];
		sb_add(&sb, ",\n\t");
		add_constraint_name(&sb, fk->name, reg->naming[0], t, fk->cols, fk);
		sb_add(&sb, "FOREIGN KEY(");
		add_col_list(&sb, t, fk->cols, fk->n);
		sb_add(&sb, ") REFERENCES ");
		sb_ident(&sb, fk->ref_table->name);
		sb_add(&sb, " (");
		add_col_list(&sb, fk->ref_table, fk->ref_cols, fk->n);
		sb_add(&sb, ")");
		if (fk_action(fk->on_delete))
			sb_addf(&sb, " ON DELETE %s", fk_action(fk->on_delete));
		if (fk_action(fk->on_update))
			sb_addf(&sb, " ON UPDATE %s", fk_action(fk->on_update));
		sb_add(&sb, d->fk_suffix);
	}
	sb_add(&sb, "\n)");
	return sb_take(&sb);
}

/* Run exactly one statement: text after it (a second statement smuggled in a name) is refused. */
static int exec_one(assoc_engine *e, const char *sql)
{
	if (e->trace)
		e->trace(e->trace_ud, sql, 0);
	db_stmt *stmt = NULL;
	const char *tail = NULL;
	int rc = e->drv->prepare(&stmt, e->db, sql, 0, &tail);
	if (rc)
		return db_error(e->db, rc, sql);
	while (tail && isspace((unsigned char)*tail))
		tail++;
	if (!stmt || (tail && *tail)) {
		db_finalize(stmt);
		return assoc_error_set(ASSOC_EINVAL, "DDL is not one statement: %s", sql);
	}
	rc = db_step(stmt);
	rc = rc >= 0 ? 0 : db_error(e->db, rc, sql);
	db_finalize(stmt);
	return rc;
}

static int exec_ddl(assoc_engine *e, char *sql)
{
	if (!sql)
		return err_oom();
	int rc = exec_one(e, sql);
	mem_free(sql);
	return rc;
}

/* DDL runs in a transaction of its own on the engine's connection: all of it or none. */
static int ddl_begin(assoc_engine *e, const char *what)
{
	int rc = engine_busy(e, what);
	if (rc)
		return rc;
	if (db_in_transaction(e->db))
		return assoc_error_set(ASSOC_ESTATE, "%s: the engine's connection is inside a transaction "
		                       "(opened through assoc_engine_exec?); end it first", what);
	return exec_one(e, "BEGIN");
}

/* Commit (rc == 0) or roll back; either way no transaction stays open. Returns rc or the COMMIT's error. */
static int ddl_end(assoc_engine *e, int rc)
{
	if (!rc)
		rc = exec_one(e, "COMMIT");
	if (rc && db_in_transaction(e->db)) {
		char *msg = xstrdup(assoc_error_last()->message);
		int rrc = db_exec(e->db, "ROLLBACK");
		if (db_in_transaction(e->db)) {
			db_error(e->db, rrc ? rrc : ASSOC_EDB, "ROLLBACK");
			char *why = xstrdup(assoc_error_last()->message + strlen("ROLLBACK: "));
			assoc_error_set(rc, "%s; and the ROLLBACK after it failed: %s", msg ? msg : "DDL failed",
			                why ? why : "?");
			mem_free(why);
		} else if (msg)
			assoc_error_set(rc, "%s", msg);
		mem_free(msg);
	}
	return rc;
}

int assoc_engine_create_all(assoc_engine *e, assoc_registry *reg)
{
	if (!e || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_create_all: NULL argument");
	if (!reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_engine_create_all: configure the registry first");
	int rc = ddl_begin(e, "assoc_engine_create_all");
	if (rc)
		return rc;
	for (size_t i = 0; i < reg->tables.len && !rc; i++) {
		const struct assoc_table *t = reg->sorted[i];
		rc = exec_ddl(e, create_table_sql(db_dialect_of(e), t));
		for (size_t j = 0; j < t->columns.len && !rc; j++) {
			const struct column *c = t->columns.items[j];
			if (!c->indexed)
				continue;
			strbuf sb;
			sb_init(&sb);
			sb_add(&sb, "CREATE INDEX IF NOT EXISTS ");
			char *name = constraint_name_expand(reg->naming[3] ? reg->naming[3] : "ix_%(column_0_label)s",
			                                    t, &c->index, NULL);
			if (name)
				sb_ident(&sb, name);
			else
				sb.oom = 1;
			mem_free(name);
			sb_add(&sb, " ON ");
			sb_ident(&sb, t->name);
			sb_add(&sb, " (");
			sb_ident(&sb, c->name);
			sb_add(&sb, ")");
			rc = exec_ddl(e, sb_take(&sb));
		}
	}
	/* a table that existed keeps its columns: one the registry maps and it lacks is drift
	 * (where the dialect's catalog can be read: SQLite's today) */
	if (!rc && engine_has_catalog(e))
		rc = assoc_engine_check_schema(e, reg);
	return ddl_end(e, rc);
}

int assoc_engine_drop_all(assoc_engine *e, assoc_registry *reg)
{
	if (!e || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_drop_all: NULL argument");
	if (!reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_engine_drop_all: configure the registry first");
	int rc = ddl_begin(e, "assoc_engine_drop_all");
	if (rc)
		return rc;
	for (size_t i = reg->tables.len; i-- > 0 && !rc;) {
		strbuf sb;
		sb_init(&sb);
		sb_add(&sb, "DROP TABLE IF EXISTS ");
		sb_ident(&sb, reg->sorted[i]->name);
		rc = exec_ddl(e, sb_take(&sb));
	}
	return ddl_end(e, rc);
}
