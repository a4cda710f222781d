/*
 * postgres.c - the PostgreSQL driver: the only file that calls libpq.
 *
 * Statements: the core's "?" placeholders become "$1", "$2", ... once, at
 * prepare (params.c), and the count of them is kept here. Each step of a
 * fresh statement sends it with PQexecParams: parameters as text (copied,
 * NUL-terminated) except blobs, which go in binary; results come back as text
 * and are read by the column's type (int8, bool, float8, bytea, ...). No
 * server-side prepared statement is made, so none has to be deallocated
 * (libpq 15 has no PQclosePrepared, and DEALLOCATE fails in an aborted
 * transaction).
 *
 * Errors keep the SQLSTATE in the message: "<what>: <primary> (<detail>)
 * [SQLSTATE 23505]". Class 23 (integrity) is ASSOC_ECONSTRAINT, as the SQLite
 * driver's constraint failures.
 *
 * Connections: the target is a URI (postgresql://...) or a conninfo
 * ("host=/path dbname=x"), given to PQconnectdbParams with expand_dbname.
 * Messages name host, port and database, never the password; notices are
 * dropped; the session's TimeZone is UTC.
 */
#include "driver.h"

#include <errno.h>
#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assoc/error.h"
#include "../util.h"

/* Type OIDs of pg_type that results are read by (catalog/pg_type_d.h is not installed with libpq). */
enum {
	OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26,
	OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700
};

struct pg_conn {
	db_conn base;
	PGconn *pg;
	PGcancel *cancel;     /* made at connect: PQcancel through it is safe from another thread */
	char sqlstate[6];     /* of the last failure; "" when libpq gave none */
	char *message;        /* of the last failure; NULL: out of memory */
	int64_t changes;
};

struct pg_stmt {
	db_stmt base;
	char *sql;            /* as the core wrote it */
	char *pgsql;          /* with $n placeholders */
	int nparams;
	const char **vals;    /* per parameter: NULL, one of owned[], or a borrowed blob */
	int *lens, *fmts;
	char **owned;         /* per parameter: the text copy */
	size_t *owned_cap;
	PGresult *res;        /* the rows of the running statement */
	int row, nrows;
	unsigned char *blob;  /* the last bytea column read (PQfreemem) */
	int bind_failed;      /* a parameter's copy could not be made: the next step fails, never runs without it */
};

#define CONN(c) ((struct pg_conn *)(c))
#define STMT(s) ((struct pg_stmt *)(s))

/* ---- errors ---------------------------------------------------------------------- */

static int code_of_state(const char *st)
{
	if (!strncmp(st, "23", 2))
		return ASSOC_ECONSTRAINT;
	if (!strcmp(st, "53200"))
		return ASSOC_ENOMEM;
	if (!strcmp(st, "40001") || !strcmp(st, "40P01")) /* serialization failure, deadlock: a retry may cure */
		return ASSOC_ERETRY;
	if (!strcmp(st, "22P02") || !strcmp(st, "42804") || !strcmp(st, "22003"))
		return ASSOC_ETYPE;
	if (!strcmp(st, "57014")) /* query_canceled: by PQcancel (pg_interrupt) or statement_timeout */
		return ASSOC_EINTERRUPT;
	return ASSOC_EDB;
}

/* Keep msg (libpq's; one line, no trailing newline) and state as the connection's last failure. */
static int fail_with(struct pg_conn *c, const char *state, const char *msg, const char *detail)
{
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	mem_free(c->message);
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, msg && *msg ? msg : "unknown failure");
	while (sb.len && (sb.p[sb.len - 1] == '\n' || sb.p[sb.len - 1] == ' '))
		sb.p[--sb.len] = '\0';
	if (detail && *detail) {
		sb_addf(&sb, " (%s", detail);
		while (sb.len && sb.p[sb.len - 1] == '\n')
			sb.p[--sb.len] = '\0';
		sb_add(&sb, ")");
	}
	c->message = sb_take(&sb);
	return c->sqlstate[0] ? code_of_state(c->sqlstate) : ASSOC_EDB;
}

static int fail_result(struct pg_conn *c, const PGresult *res)
{
	if (!res)
		return fail_with(c, NULL, PQerrorMessage(c->pg), NULL);
	return fail_with(c, PQresultErrorField(res, PG_DIAG_SQLSTATE),
	                 PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
	                                                                 : PQresultErrorMessage(res),
	                 PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
}

static int fail_oom(struct pg_conn *c)
{
	return fail_with(c, "53200", "out of memory in the client", NULL);
}

static int pg_error(db_conn *c, int code, const char *what)
{
	struct pg_conn *p = CONN(c);
	if (!p->message)
		return assoc_error_set(code, "%s: out of memory", what);
	if (p->sqlstate[0])
		return assoc_error_set(code, "%s: %s [SQLSTATE %s]", what, p->message, p->sqlstate);
	return assoc_error_set(code, "%s: %s", what, p->message);
}

static int pg_retryable(db_conn *c)
{
	const char *st = CONN(c)->sqlstate;
	return !strcmp(st, "40001") || !strcmp(st, "40P01");
}

/* ---- connections ------------------------------------------------------------------- */

static void silent_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void pg_close(db_conn *c)
{
	if (c) {
		PQfreeCancel(CONN(c)->cancel);
		PQfinish(CONN(c)->pg);
		mem_free(CONN(c)->message);
		mem_free(c);
	}
}

static int run_simple(struct pg_conn *c, const char *sql)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = fail_result(c, res);
	else
		c->changes = atoll(PQcmdTuples(res));
	PQclear(res);
	return rc;
}

static int pg_exec(db_conn *c, const char *sql) { return run_simple(CONN(c), sql); }

static const char *or_default(const char *s) { return s && *s ? s : "(default)"; }

static int pg_connect(db_conn **out, const char *target, const struct db_connect_options *o)
{
	*out = NULL;
	struct pg_conn *c = mem_calloc(1, sizeof *c);
	if (!c)
		return assoc_error_set(ASSOC_ENOMEM, "out of memory");
	c->base.drv = &db_driver_postgres;
	char timeout[24];
	snprintf(timeout, sizeof timeout, "%d", o->connect_timeout_s); /* 0: no limit, as libpq counts */
	/* Later entries win: the target's own connect_timeout overrides the default before it. */
	const char *keys[] = { "connect_timeout", "client_encoding", "dbname", NULL };
	const char *vals[] = { timeout, "UTF8", target, NULL };
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (!c->pg) {
		mem_free(c);
		return assoc_error_set(ASSOC_ENOMEM, "%s: out of memory connecting", o->what);
	}
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's message names the server (host, port or socket) and never the password. */
		const char *msg = PQerrorMessage(c->pg);
		size_t n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			n--;
		int rc = assoc_error_set(ASSOC_EDB, "%s: cannot connect to PostgreSQL (host %s, port %s, database %s): %.*s",
		                         o->what, or_default(PQhost(c->pg)), or_default(PQport(c->pg)),
		                         or_default(PQdb(c->pg)), (int)n, msg);
		pg_close(&c->base);
		return rc;
	}
	PQsetNoticeProcessor(c->pg, silent_notice, NULL);
	if (!(c->cancel = PQgetCancel(c->pg))) {
		pg_close(&c->base);
		return assoc_error_set(ASSOC_ENOMEM, "%s: out of memory connecting", o->what);
	}
	if (run_simple(c, "SET TimeZone = 'UTC'")) {
		int rc = pg_error(&c->base, ASSOC_EDB, o->what);
		pg_close(&c->base);
		return rc;
	}
	*out = &c->base;
	return 0;
}

/* Ask the server to cancel what the connection runs; the statement then fails with SQLSTATE 57014. */
static int pg_interrupt(db_conn *c)
{
	char err[256];
	if (!PQcancel(CONN(c)->cancel, err, (int)sizeof err)) {
		size_t n = strlen(err);
		while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
			n--;
		return assoc_error_set(ASSOC_EDB, "assoc_session_interrupt: the cancel request failed: %.*s", (int)n, err);
	}
	return 0;
}

static int64_t pg_changes(db_conn *c) { return CONN(c)->changes; }
static int64_t pg_last_insert_id(db_conn *c) { (void)c; return 0; /* keys come back through RETURNING */ }

static int pg_in_transaction(db_conn *c)
{
	/* A failed transaction (INERROR) is still open: ROLLBACK TO a savepoint can revive it. */
	PGTransactionStatusType t = PQtransactionStatus(CONN(c)->pg);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* Whether an idle connection still works, without a round trip: a server that closed it
 * (restarted, or pg_terminate_backend) has left its last message on the socket. */
static int pg_alive(db_conn *c)
{
	PGconn *pg = CONN(c)->pg;
	if (PQstatus(pg) != CONNECTION_OK || PQtransactionStatus(pg) != PQTRANS_IDLE)
		return 0;
	/* An idle connection of ours is sent nothing (no LISTEN) but a server's FATAL message
	 * ahead of its EOF, which may come later: anything readable and the connection is done. */
	struct pollfd p = { .fd = PQsocket(pg), .events = POLLIN };
	return p.fd >= 0 && poll(&p, 1, 0) == 0;
}

/* ---- statements --------------------------------------------------------------------- */

static void stmt_clear_result(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	if (s->blob) {
		PQfreemem(s->blob);
		s->blob = NULL;
	}
}

static void pg_finalize(db_stmt *st)
{
	if (!st)
		return;
	struct pg_stmt *s = STMT(st);
	stmt_clear_result(s);
	for (int i = 0; s->owned && i < s->nparams; i++)
		mem_free(s->owned[i]);
	mem_free(s->owned);
	mem_free(s->owned_cap);
	mem_free(s->vals);
	mem_free(s->lens);
	mem_free(s->fmts);
	mem_free(s->sql);
	mem_free(s->pgsql);
	mem_free(s);
}

/* Whether sql holds nothing but white space and comments. */
static int blank(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			p = strchr(p, '\n');
			if (!p)
				return 1;
		} else if (p[0] == '/' && p[1] == '*') {
			p = strstr(p + 2, "*/");
			if (!p)
				return 1;
			p += 2;
		} else
			return !*p;
	}
}

static int pg_prepare(db_stmt **out, db_conn *c, const char *sql, int persistent, const char **tail)
{
	(void)persistent;
	*out = NULL;
	if (tail)
		*tail = NULL; /* libpq cannot tell where a second statement begins; the server refuses one */
	if (blank(sql))
		return 0;
	struct pg_stmt *s = mem_calloc(1, sizeof *s);
	if (!s)
		return fail_oom(CONN(c));
	s->base.drv = &db_driver_postgres;
	s->base.conn = c;
	s->sql = xstrdup(sql);
	s->pgsql = db_numbered_params(sql, &s->nparams);
	size_t n = s->nparams ? (size_t)s->nparams : 1;
	s->vals = mem_calloc(n, sizeof *s->vals);
	s->lens = mem_calloc(n, sizeof *s->lens);
	s->fmts = mem_calloc(n, sizeof *s->fmts);
	s->owned = mem_calloc(n, sizeof *s->owned);
	s->owned_cap = mem_calloc(n, sizeof *s->owned_cap);
	if (!s->sql || !s->pgsql || !s->vals || !s->lens || !s->fmts || !s->owned || !s->owned_cap) {
		pg_finalize(&s->base);
		return fail_oom(CONN(c));
	}
	*out = &s->base;
	return 0;
}

static void pg_reset(db_stmt *st)
{
	stmt_clear_result(STMT(st));
	STMT(st)->bind_failed = 0;
}

static void pg_clear_bindings(db_stmt *st)
{
	struct pg_stmt *s = STMT(st);
	for (int i = 0; i < s->nparams; i++) {
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
}

static const char *pg_sql(const db_stmt *st) { return ((const struct pg_stmt *)st)->sql; }
static int pg_param_count(const db_stmt *st) { return ((const struct pg_stmt *)st)->nparams; }

static int bad_index(struct pg_stmt *s, int i) { return i < 1 || i > s->nparams; }

/* Parameter i as text: a NUL-terminated copy of the n bytes at p. */
static int bind_copy(struct pg_stmt *s, int i, const char *p, size_t n)
{
	if (bad_index(s, i))
		return ASSOC_ERANGE;
	int k = i - 1;
	if (s->owned_cap[k] < n + 1) {
		char *q = mem_realloc(s->owned[k], n + 1);
		if (!q) {
			s->bind_failed = 1; /* the core does not check binds: a NULL keyset would read as "no rows" */
			return fail_oom(CONN(s->base.conn));
		}
		s->owned[k] = q;
		s->owned_cap[k] = n + 1;
	}
	if (n)
		memcpy(s->owned[k], p, n);
	s->owned[k][n] = '\0';
	s->vals[k] = s->owned[k];
	s->lens[k] = (int)n;
	s->fmts[k] = 0;
	return 0;
}

static int pg_bind_null(db_stmt *st, int i)
{
	struct pg_stmt *s = STMT(st);
	if (bad_index(s, i))
		return ASSOC_ERANGE;
	s->vals[i - 1] = NULL;
	s->fmts[i - 1] = 0;
	return 0;
}

static int pg_bind_int(db_stmt *st, int i, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	return bind_copy(STMT(st), i, buf, (size_t)n);
}

static int pg_bind_double(db_stmt *st, int i, double v)
{
	char buf[40];
	int n;
	if (isnan(v))
		n = snprintf(buf, sizeof buf, "NaN");
	else if (isinf(v))
		n = snprintf(buf, sizeof buf, v > 0 ? "Infinity" : "-Infinity");
	else
		n = snprintf(buf, sizeof buf, "%.17g", v);
	return bind_copy(STMT(st), i, buf, (size_t)n);
}

static int pg_bind_text(db_stmt *st, int i, const char *p, size_t len) { return bind_copy(STMT(st), i, p, len); }

static int pg_bind_blob(db_stmt *st, int i, const void *p, size_t len)
{
	struct pg_stmt *s = STMT(st);
	if (bad_index(s, i))
		return ASSOC_ERANGE;
	s->vals[i - 1] = p ? p : "";
	s->lens[i - 1] = (int)len;
	s->fmts[i - 1] = 1;
	return 0;
}

static int pg_step(db_stmt *st)
{
	struct pg_stmt *s = STMT(st);
	struct pg_conn *c = CONN(st->conn);
	if (!s->res && s->bind_failed)
		return fail_oom(c);
	if (!s->res) {
		PGresult *res = PQexecParams(c->pg, s->pgsql, s->nparams, NULL, s->vals, s->lens, s->fmts, 0);
		ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && t != PGRES_EMPTY_QUERY) {
			int rc = fail_result(c, res);
			PQclear(res);
			return rc;
		}
		c->changes = atoll(PQcmdTuples(res));
		s->res = res;
		s->nrows = t == PGRES_TUPLES_OK ? PQntuples(res) : 0;
		s->row = -1;
	}
	if (s->blob) {
		PQfreemem(s->blob);
		s->blob = NULL;
	}
	if (s->row < s->nrows)
		s->row++;
	return s->row < s->nrows ? 1 : 0;
}

static int pg_column_count(const db_stmt *st)
{
	const struct pg_stmt *s = (const struct pg_stmt *)st;
	return s->res ? PQnfields(s->res) : 0;
}

static int have_value(struct pg_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res) &&
	       !PQgetisnull(s->res, s->row, i);
}

static assoc_value_kind pg_column_type(db_stmt *st, int i)
{
	struct pg_stmt *s = STMT(st);
	if (!have_value(s, i))
		return ASSOC_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return ASSOC_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return ASSOC_REAL;
	case OID_NUMERIC: /* as SQLite's NUMERIC affinity: whole numbers are integers */
		return strpbrk(PQgetvalue(s->res, s->row, i), ".eEN") ? ASSOC_REAL : ASSOC_INTEGER;
	case OID_BYTEA:
		return ASSOC_BLOB;
	default:
		return ASSOC_TEXT;
	}
}

static int64_t pg_column_int(db_stmt *st, int i)
{
	struct pg_stmt *s = STMT(st);
	if (!have_value(s, i))
		return 0;
	const char *v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	if (strpbrk(v, ".eEN"))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double pg_column_double(db_stmt *st, int i)
{
	struct pg_stmt *s = STMT(st);
	if (!have_value(s, i))
		return 0;
	const char *v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	return strtod(v, NULL); /* strtod reads "NaN", "Infinity" and "-Infinity" */
}

static const char *pg_column_text(db_stmt *st, int i, size_t *len)
{
	struct pg_stmt *s = STMT(st);
	if (!have_value(s, i)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(s->res, s->row, i);
	return PQgetvalue(s->res, s->row, i);
}

static const void *pg_column_blob(db_stmt *st, int i, size_t *len)
{
	struct pg_stmt *s = STMT(st);
	*len = 0;
	if (!have_value(s, i))
		return NULL;
	if (PQftype(s->res, i) != OID_BYTEA)
		return pg_column_text(st, i, len);
	if (s->blob) {
		PQfreemem(s->blob);
		s->blob = NULL;
	}
	size_t n = 0;
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, i), &n);
	if (!s->blob)
		return NULL;
	*len = n;
	return s->blob;
}

/* ---- dialect ---------------------------------------------------------------------------- */

static const char *pg_type_sql(assoc_type t, int autoinc_pk)
{
	switch (t) {
	case ASSOC_TYPE_INTEGER: return autoinc_pk ? "BIGINT GENERATED BY DEFAULT AS IDENTITY" : "BIGINT";
	case ASSOC_TYPE_REAL: return "DOUBLE PRECISION";
	case ASSOC_TYPE_TEXT: return "TEXT";
	case ASSOC_TYPE_BLOB: return "BYTEA";
	case ASSOC_TYPE_BOOLEAN: return "BOOLEAN";
	case ASSOC_TYPE_NUMERIC: return "NUMERIC";
	case ASSOC_TYPE_DATETIME: return "TIMESTAMPTZ";
	default: return autoinc_pk ? "BIGINT GENERATED BY DEFAULT AS IDENTITY" : "BIGINT";
	}
}

static const struct db_dialect postgres_dialect = {
	.name = "postgresql",
	.numbered_params = 1,
	.has_returning = 1,
	.has_on_conflict = 1,
	.max_params = 65535,
	.keys_by_returning = 1,
	/* Every foreign key is DEFERRABLE (checked at once unless deferred); IMMEDIATE checks the deferred ones. */
	.defer_fks = "SET CONSTRAINTS ALL DEFERRED",
	.check_fks = "SET CONSTRAINTS ALL IMMEDIATE",
	.undefer_fks = NULL,
	.fk_suffix = " DEFERRABLE INITIALLY IMMEDIATE",
	.type_sql = pg_type_sql,
	.is_keyword = db_pg_is_keyword,
	.key_set = "(SELECT value::bigint FROM json_array_elements_text(?::json))",
	.no_limit = "",
};

const struct db_driver db_driver_postgres = {
	.name = "postgresql",
	.dialect = &postgres_dialect,
	.connect = pg_connect,
	.close = pg_close,
	.error = pg_error,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.sql = pg_sql,
	.param_count = pg_param_count,
	.bind_null = pg_bind_null,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_type = pg_column_type,
	.column_int = pg_column_int,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.changes = pg_changes,
	.last_insert_id = pg_last_insert_id,
	.in_transaction = pg_in_transaction,
	.last_error_retryable = pg_retryable,
	.alive = pg_alive,
	.interrupt = pg_interrupt,
};
