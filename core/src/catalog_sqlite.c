/*
 * catalog_sqlite.c - SQLite's catalog reader: PRAGMA table_list, table_info,
 * foreign_key_list, index_list and index_info, as table-valued functions whose
 * table names are bound parameters (so any name works and none is quoted).
 */
#include "catalog.h"

#include <string.h>

/* One catalog query on the connection. */
struct q {
	db_conn *c;
	db_stmt *st;
	const char *sql;
};

static int q_open(struct q *q, db_conn *c, const char *sql, const char *arg)
{
	q->c = c;
	q->sql = sql;
	q->st = NULL;
	int rc = c->drv->prepare(&q->st, c, sql, 0, NULL);
	if (rc)
		return db_error(c, rc, sql);
	if (!q->st)
		return assoc_error_set(ASSOC_EDB, "%s: not an SQL statement", sql);
	if (arg)
		q->st->drv->bind_text(q->st, 1, arg, strlen(arg));
	return 0;
}

/* 1: a row; 0: done; < 0: the error, message set. */
static int q_step(struct q *q)
{
	int rc = db_step(q->st);
	return rc < 0 ? db_error(q->c, rc, q->sql) : rc;
}

static void q_close(struct q *q)
{
	db_finalize(q->st);
	q->st = NULL;
}

static int64_t q_int(struct q *q, int i) { return q->st->drv->column_int(q->st, i); }

static int q_is_null(struct q *q, int i) { return q->st->drv->column_type(q->st, i) == ASSOC_NULL; }

/* The column's text, copied; NULL for SQL NULL (then *rc stays) or out of memory (*rc set). */
static char *q_text(struct q *q, int i, int *rc)
{
	size_t len;
	const char *s = q->st->drv->column_text(q->st, i, &len);
	if (!s) {
		if (!q_is_null(q, i))
			*rc = err_oom(); /* the driver could not make the text */
		return NULL;
	}
	char *copy = xstrdup(s);
	if (!copy)
		*rc = err_oom();
	return copy;
}

static int list_tables(db_conn *c, ptrvec *names)
{
	struct q q;
	int rc = q_open(&q, c, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
	                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", NULL);
	while (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		char *name = q_text(&q, 0, &rc);
		if (name && pv_push(names, name)) {
			mem_free(name);
			rc = err_oom();
		}
	}
	q_close(&q);
	return rc;
}

static assoc_fk_action fk_action_of(const char *s)
{
	if (!s)
		return ASSOC_FK_NO_ACTION;
	if (!strcmp(s, "CASCADE"))
		return ASSOC_FK_CASCADE;
	if (!strcmp(s, "SET NULL"))
		return ASSOC_FK_SET_NULL;
	if (!strcmp(s, "SET DEFAULT"))
		return ASSOC_FK_SET_DEFAULT;
	if (!strcmp(s, "RESTRICT"))
		return ASSOC_FK_RESTRICT;
	return ASSOC_FK_NO_ACTION;
}

/* Grow a pair of parallel string arrays by one slot each. */
static int grow2(char ***a, char ***b, size_t n)
{
	char **na = mem_realloc(*a, (n + 1) * sizeof *na);
	if (!na)
		return err_oom();
	*a = na;
	char **nb = mem_realloc(*b, (n + 1) * sizeof *nb);
	if (!nb)
		return err_oom();
	*b = nb;
	na[n] = nb[n] = NULL;
	return 0;
}

static void fk_free(struct cat_fk *fk)
{
	if (!fk)
		return;
	cat_strings_free(fk->cols, fk->n);
	cat_strings_free(fk->ref_cols, fk->n);
	mem_free(fk->ref_table);
	mem_free(fk);
}

static int read_columns(db_conn *c, struct cat_table *t)
{
	struct q q;
	int rc = q_open(&q, c, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1, 'main') ORDER BY cid",
	                t->name);
	while (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		struct cat_column *col = mem_calloc(1, sizeof *col);
		if (!col) {
			rc = err_oom();
			break;
		}
		col->name = q_text(&q, 0, &rc);
		col->decl_type = q_is_null(&q, 1) ? xstrdup("") : q_text(&q, 1, &rc);
		col->notnull = q_int(&q, 2) != 0;
		col->dflt = q_text(&q, 3, &rc);
		col->pk = (int)q_int(&q, 4);
		if (!rc && (!col->name || !col->decl_type))
			rc = err_oom();
		if (rc || pv_push(&t->columns, col)) {
			mem_free(col->name);
			mem_free(col->decl_type);
			mem_free(col->dflt);
			mem_free(col);
			rc = rc ? rc : err_oom();
		}
	}
	q_close(&q);
	return rc;
}

static int read_fks(db_conn *c, struct cat_table *t)
{
	struct q q;
	int rc = q_open(&q, c, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
	                       "FROM pragma_foreign_key_list(?1, 'main') ORDER BY id DESC, seq", t->name);
	struct cat_fk *fk = NULL;
	int64_t id = -1;
	while (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		if (!fk || q_int(&q, 0) != id) {
			if (fk && pv_push(&t->fks, fk)) {
				rc = err_oom();
				break;
			}
			id = q_int(&q, 0);
			if (!(fk = mem_calloc(1, sizeof *fk))) {
				rc = err_oom();
				break;
			}
			fk->ref_table = q_text(&q, 1, &rc);
			char *upd = q_text(&q, 4, &rc), *del = q_text(&q, 5, &rc);
			fk->on_update = fk_action_of(upd);
			fk->on_delete = fk_action_of(del);
			mem_free(upd);
			mem_free(del);
			if (!rc && !fk->ref_table)
				rc = err_oom();
			if (rc)
				break;
		}
		if ((rc = grow2(&fk->cols, &fk->ref_cols, fk->n)))
			break;
		fk->cols[fk->n] = q_text(&q, 2, &rc);
		fk->ref_cols[fk->n] = q_text(&q, 3, &rc); /* NULL: "REFERENCES t" with no column list */
		fk->n++;
		if (!rc && !fk->cols[fk->n - 1])
			rc = err_oom();
	}
	if (!rc && fk) {
		if (pv_push(&t->fks, fk))
			rc = err_oom();
		else
			fk = NULL;
	}
	fk_free(fk);
	q_close(&q);
	return rc;
}

/* The columns of index ix; n stays 0 when it is on an expression. */
static int read_index_columns(db_conn *c, const char *ix, struct cat_unique *u)
{
	struct q q;
	int rc = q_open(&q, c, "SELECT name FROM pragma_index_info(?1, 'main') ORDER BY seqno", ix);
	int expr = 0;
	while (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		if (q_is_null(&q, 0)) {
			expr = 1;
			continue;
		}
		char **cols = mem_realloc(u->cols, (u->n + 1) * sizeof *cols);
		if (!cols) {
			rc = err_oom();
			break;
		}
		u->cols = cols;
		if (!(cols[u->n] = q_text(&q, 0, &rc)))
			break;
		u->n++;
	}
	q_close(&q);
	if (!rc && expr) {
		cat_strings_free(u->cols, u->n);
		u->cols = NULL;
		u->n = 0;
	}
	return rc;
}

static int read_uniques(db_conn *c, struct cat_table *t)
{
	/* The index names first: each one's columns are a query of their own. */
	ptrvec names = { 0 }, origins = { 0 };
	struct q q;
	int rc = q_open(&q, c, "SELECT name, origin FROM pragma_index_list(?1, 'main') "
	                       "WHERE \"unique\" AND NOT partial AND origin <> 'pk' ORDER BY seq DESC", t->name);
	while (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		char *name = q_text(&q, 0, &rc), *origin = q_text(&q, 1, &rc);
		if (!rc && (!name || !origin))
			rc = err_oom();
		if (rc || pv_reserve(&names, 1) || pv_reserve(&origins, 1)) {
			mem_free(name);
			mem_free(origin);
			rc = rc ? rc : err_oom();
			break;
		}
		pv_push(&names, name);
		pv_push(&origins, origin);
	}
	q_close(&q);
	for (size_t i = 0; i < names.len && !rc; i++) {
		struct cat_unique *u = mem_calloc(1, sizeof *u);
		if (!u) {
			rc = err_oom();
			break;
		}
		rc = read_index_columns(c, names.items[i], u);
		/* an explicit CREATE UNIQUE INDEX keeps its name; a UNIQUE constraint's index is SQLite's */
		if (!rc && strcmp(origins.items[i], "u") && !(u->name = xstrdup(names.items[i])))
			rc = err_oom();
		if (!rc && u->n && pv_push(&t->uniques, u))
			rc = err_oom();
		if (rc || !u->n) {
			cat_strings_free(u->cols, u->n);
			mem_free(u->name);
			mem_free(u);
		}
	}
	for (size_t i = 0; i < names.len; i++) {
		mem_free(names.items[i]);
		mem_free(origins.items[i]);
	}
	pv_free(&names);
	pv_free(&origins);
	return rc;
}

static int read_table(db_conn *c, const char *name, struct cat_table **out)
{
	*out = NULL;
	struct q q;
	int rc = q_open(&q, c, "SELECT name, wr FROM pragma_table_list(?1) WHERE schema = 'main' AND type = 'table'", name);
	struct cat_table *t = NULL;
	if (!rc && (rc = q_step(&q)) == 1) {
		rc = 0;
		if (!(t = mem_calloc(1, sizeof *t)))
			rc = err_oom();
		else {
			t->rowid = q_int(&q, 1) == 0;
			if (!(t->name = q_text(&q, 0, &rc)) && !rc)
				rc = err_oom();
		}
	}
	q_close(&q);
	if (!rc && t && !(rc = read_columns(c, t)) && !(rc = read_fks(c, t)))
		rc = read_uniques(c, t);
	if (rc) {
		cat_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

const struct catalog_reader catalog_reader_sqlite = { "sqlite", list_tables, read_table };

void cat_strings_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

void cat_table_free(struct cat_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->columns.len; i++) {
		struct cat_column *col = t->columns.items[i];
		mem_free(col->name);
		mem_free(col->decl_type);
		mem_free(col->dflt);
		mem_free(col);
	}
	pv_free(&t->columns);
	for (size_t i = 0; i < t->fks.len; i++)
		fk_free(t->fks.items[i]);
	pv_free(&t->fks);
	for (size_t i = 0; i < t->uniques.len; i++) {
		struct cat_unique *u = t->uniques.items[i];
		cat_strings_free(u->cols, u->n);
		mem_free(u->name);
		mem_free(u);
	}
	pv_free(&t->uniques);
	mem_free(t->name);
	mem_free(t);
}
