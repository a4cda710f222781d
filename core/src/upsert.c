/*
 * upsert.c - get-or-create INSERTs of the targets a unique proxy makes.
 *
 * A unique proxy (proxy.h) reuses the target whose column already holds the
 * value, from the session and then from the database, and otherwise makes a
 * new one. Two sessions doing so at once both find nothing, and a plain INSERT
 * then fails the second on the UNIQUE constraint. When the column has a
 * one-column constraint and the dialect has ON CONFLICT and RETURNING, the
 * flush writes such a target with
 *
 *     INSERT ... ON CONFLICT (col) DO NOTHING RETURNING <key>
 *
 * and, when no row comes back (another transaction's row holds the value),
 * reads that row with one SELECT: the object takes its key and columns and
 * becomes that row in the session.
 *
 * This runs at flush, not when the proxy makes the target: only the flush
 * knows the object's final values, the flush's savepoint undoes it with the
 * rest, and the lock it takes (SQLite's write lock, PostgreSQL's lock on the
 * conflicting row) is held from the flush to the commit only. Taken when the
 * creator runs, it would be held from the append on, and two sessions
 * interleaved on one thread would wait for each other.
 *
 * The lookup before the creator reads outside a transaction when the session
 * has none open (session.c, autocommit_reads), for the same reason: a SQLite
 * read transaction begun there would pin a snapshot that the flush, after the
 * other session's commit, could no longer write from (SQLITE_BUSY_SNAPSHOT).
 */
#include "internal.h"

#include <string.h>

int column_is_unique(const struct column *col)
{
	const struct assoc_table *t = col->table;
	if (col->unique || (t->npk == 1 && t->pk[0] == col->index))
		return 1;
	for (size_t i = 0; i < t->uniques.len; i++) {
		const struct unique_constraint *u = t->uniques.items[i];
		if (u->n == 1 && u->cols[0] == col->index)
			return 1;
	}
	return 0;
}

int unique_insert_applies(const assoc_session *s, const assoc_object *o)
{
	const struct db_dialect *d = db_dialect_of(s->engine);
	return o->unique_on && d->has_on_conflict && d->has_returning &&
	       o->vals[o->unique_on->index].kind != ASSOC_NULL;
}

static const char *col_name(const struct assoc_table *t, size_t i)
{
	return ((const struct column *)t->columns.items[i])->name;
}

/* The INSERT leaves out a generated key not given, as the plain INSERT's dialects do. */
static int left_out(const assoc_object *o, size_t i)
{
	return (int)i == o->mapper->table->rowid_pk && o->vals[i].kind == ASSOC_NULL;
}

static void sql_insert(strbuf *sb, const assoc_object *o)
{
	const struct assoc_table *t = o->mapper->table;
	size_t n = 0;
	sb_add(sb, "INSERT INTO ");
	sb_ident(sb, t->name);
	sb_add(sb, " (");
	for (size_t i = 0; i < o->mapper->ncols; i++)
		if (!left_out(o, i)) {
			sb_add(sb, n++ ? ", " : "");
			sb_ident(sb, col_name(t, i));
		}
	sb_add(sb, ") VALUES (");
	for (size_t k = 0; k < n; k++)
		sb_add(sb, k ? ", ?" : "?");
	sb_add(sb, ") ON CONFLICT (");
	sb_ident(sb, o->unique_on->name);
	sb_add(sb, ") DO NOTHING RETURNING ");
	for (size_t k = 0; k < t->npk; k++) {
		sb_add(sb, k ? ", " : "");
		sb_ident(sb, col_name(t, (size_t)t->pk[k]));
	}
}

static void sql_select(strbuf *sb, const assoc_object *o)
{
	const struct assoc_table *t = o->mapper->table;
	sb_add(sb, "SELECT ");
	for (size_t i = 0; i < o->mapper->ncols; i++) {
		sb_add(sb, i ? ", " : "");
		sb_ident(sb, col_name(t, i));
	}
	sb_add(sb, " FROM ");
	sb_ident(sb, t->name);
	sb_add(sb, " WHERE ");
	sb_ident(sb, o->unique_on->name);
	sb_add(sb, " = ?");
}

/* The statement for the SQL that build writes, from the session's cache; bindings cleared. */
static int prepare(assoc_session *s, const assoc_object *o, void (*build)(strbuf *, const assoc_object *),
                   db_stmt **out)
{
	strbuf sb;
	sb_init(&sb);
	build(&sb, o);
	int rc = sb.oom ? err_oom() : session_prepare(s, sb_str(&sb), out);
	sb_free(&sb);
	if (!rc)
		db_clear_bindings(*out);
	return rc;
}

/* Column col of the current row into o (journalled). */
static int take_column(struct flush *f, assoc_object *o, int col, db_stmt *st, int i)
{
	assoc_value v;
	int rc = value_from_column(&v, st, i, ASSOC_TYPE_INFER);
	if (!rc)
		rc = flush_write_col(f, o, col, &v);
	value_clear(&v);
	return rc;
}

/* A column of one of the table's foreign keys: a link the flush or the program set. */
static int is_fk_col(const struct assoc_table *t, int col)
{
	for (size_t i = 0; i < t->fks.len; i++) {
		const struct foreign_key *fk = t->fks.items[i];
		for (size_t k = 0; k < fk->n; k++)
			if (fk->cols[k] == col)
				return 1;
	}
	return 0;
}

/* o's links that differ from the row's (o just took the row's key): written, as an UPDATE of the found row would be. */
static int update_links(struct flush *f, assoc_object *o, const unsigned char *keep, size_t nkeep)
{
	assoc_session *s = flush_session_of(f);
	const struct assoc_table *t = o->mapper->table;
	strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "UPDATE ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " SET ");
	for (size_t i = 0, k = 0; i < o->mapper->ncols; i++)
		if (keep[i]) {
			sb_add(&sb, k++ ? ", " : "");
			sb_ident(&sb, col_name(t, i));
			sb_add(&sb, " = ?");
		}
	sb_add(&sb, " WHERE ");
	for (size_t k = 0; k < t->npk; k++) {
		sb_add(&sb, k ? " AND " : "");
		sb_ident(&sb, col_name(t, (size_t)t->pk[k]));
		sb_add(&sb, " = ?");
	}
	db_stmt *st;
	int rc = sb.oom ? err_oom() : session_prepare(s, sb_str(&sb), &st);
	sb_free(&sb);
	if (rc)
		return rc;
	db_clear_bindings(st);
	for (size_t i = 0, k = 0; i < o->mapper->ncols; i++)
		if (keep[i])
			value_bind(st, (int)++k, &o->vals[i]);
	for (size_t k = 0; k < t->npk; k++)
		value_bind(st, (int)(nkeep + k + 1), &o->vals[t->pk[k]]);
	rc = flush_run(s, st, "UPDATE", t->name);
	db_clear_bindings(st);
	return rc;
}

/*
 * The row holding o's value: o takes its key and columns, unless the session
 * has it as another object. Foreign keys o holds outside its key (its links,
 * set by the flush or the program) stay o's, as they would be written to a row
 * the lookup had found: keep marks those that differ from the row's, for update_links.
 */
static int take_existing_row(struct flush *f, assoc_object *o, db_stmt *st, unsigned char *keep, size_t *nkeep)
{
	const assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	struct keybuf kb;
	int rc = keybuf_init(&kb, t->npk);
	if (rc)
		return rc;
	size_t nread = 0;
	while (nread < t->npk && !(rc = value_from_column(&kb.v[nread], st, t->pk[nread], ASSOC_TYPE_INFER)))
		nread++;
	if (!rc && flush_identity_taken(f, o, kb.v)) {
		strbuf sb;
		sb_init(&sb);
		value_repr(&sb, &o->vals[o->unique_on->index]);
		rc = assoc_error_set(ASSOC_ECONSTRAINT,
		                     "INSERT INTO %s: the row with %s = %s, made by another transaction, is in the "
		                     "session already as another %s; the new %s cannot become it",
		                     t->name, o->unique_on->name, sb.oom ? "the value" : sb_str(&sb), m->name, m->name);
		sb_free(&sb);
	}
	while (nread)
		value_clear(&kb.v[--nread]);
	keybuf_free(&kb);
	for (size_t i = 0; i < m->ncols && !rc; i++) {
		assoc_value v;
		if ((rc = value_from_column(&v, st, (int)i, ASSOC_TYPE_INFER)))
			break;
		const struct column *c = t->columns.items[i];
		if (!c->primary_key && is_fk_col(t, (int)i) && o->vals[i].kind != ASSOC_NULL &&
		    !assoc_value_equal(&o->vals[i], &v)) {
			keep[i] = 1;
			(*nkeep)++;
		} else
			rc = flush_write_col(f, o, (int)i, &v);
		value_clear(&v);
	}
	return rc;
}

int unique_insert(struct flush *f, assoc_object *o)
{
	assoc_session *s = flush_session_of(f);
	const assoc_mapper *m = o->mapper;
	const struct assoc_table *t = m->table;
	db_stmt *st;
	int rc = prepare(s, o, sql_insert, &st);
	if (rc)
		return rc;
	for (size_t i = 0, k = 0; i < m->ncols; i++)
		if (!left_out(o, i))
			value_bind(st, (int)++k, &o->vals[i]);
	session_trace(s, st);
	int step = db_step(st);
	if (step < 0) {
		rc = flush_db_error(s, step, "INSERT INTO", t->name);
		db_reset(st);
		return rc;
	}
	for (size_t k = 0; step == 1 && k < t->npk && !rc; k++) /* inserted: the key comes back */
		rc = take_column(f, o, t->pk[k], st, (int)k);
	db_reset(st);
	db_clear_bindings(st);
	if (step == 1 || rc)
		return rc;
	/* another transaction's row holds the value: read it */
	unsigned char *keep = mem_calloc(m->ncols, 1);
	if (!keep)
		return err_oom();
	if ((rc = prepare(s, o, sql_select, &st))) {
		mem_free(keep);
		return rc;
	}
	value_bind(st, 1, &o->vals[o->unique_on->index]);
	session_trace(s, st);
	size_t nkeep = 0;
	if ((step = db_step(st)) < 0) {
		rc = flush_db_error(s, step, "SELECT FROM", t->name);
		db_reset(st);
		mem_free(keep);
		return rc;
	}
	if (step == 1)
		rc = take_existing_row(f, o, st, keep, &nkeep);
	else /* deleted since the INSERT met it (READ COMMITTED): a retry inserts it */
		rc = assoc_error_set(ASSOC_ERETRY, "INSERT INTO %s: the row with the same %s was deleted by another "
		                     "transaction during this flush; run the transaction again", t->name,
		                     o->unique_on->name);
	db_reset(st);
	db_clear_bindings(st);
	if (!rc && nkeep)
		rc = update_links(f, o, keep, nkeep);
	mem_free(keep);
	return rc;
}
