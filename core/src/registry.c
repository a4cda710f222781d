/*
 * registry.c - the registry, its tables, columns and constraints.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *naming_kinds[NAMING_KINDS] = { "fk", "uq", "pk", "ix" };

int assoc_column_options_init(assoc_column_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_COLUMN_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_column_options_init: unsupported version %u", version);
	assoc_column_options init = ASSOC_COLUMN_OPTIONS_INIT;
	*opts = init;
	return 0;
}

int assoc_fk_options_init(assoc_fk_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_FK_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_fk_options_init: unsupported version %u", version);
	assoc_fk_options init = ASSOC_FK_OPTIONS_INIT;
	*opts = init;
	return 0;
}

int assoc_registry_new(assoc_registry **out)
{
	if (!out)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_new: out is NULL");
	*out = mem_calloc(1, sizeof **out);
	if (!*out)
		return err_oom();
	atomic_init(&(*out)->refs, 1);
	return 0;
}

static void fk_free(struct foreign_key *fk)
{
	mem_free(fk->cols);
	mem_free(fk->ref_table_name);
	for (size_t i = 0; i < fk->n; i++)
		mem_free(fk->ref_col_names[i]);
	mem_free(fk->ref_col_names);
	mem_free(fk->ref_cols);
	mem_free(fk->name);
	mem_free(fk);
}

static void table_free(struct assoc_table *t)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		struct column *c = t->columns.items[i];
		mem_free(c->name);
		mem_free(c->fk_target);
		value_clear(&c->default_value);
		mem_free(c);
	}
	pv_free(&t->columns);
	for (size_t i = 0; i < t->fks.len; i++)
		fk_free(t->fks.items[i]);
	pv_free(&t->fks);
	for (size_t i = 0; i < t->uniques.len; i++) {
		struct unique_constraint *u = t->uniques.items[i];
		mem_free(u->cols);
		mem_free(u->name);
		mem_free(u);
	}
	pv_free(&t->uniques);
	mem_free(t->pk);
	mem_free(t->name);
	mem_free(t);
}

static void mapper_free(struct assoc_mapper *m)
{
	for (size_t i = 0; i < m->attrs.len; i++) {
		struct assoc_attr *a = m->attrs.items[i];
		mem_free(a->name);
		mem_free(a);
	}
	pv_free(&m->attrs);
	for (size_t i = 0; i < m->rels.len; i++)
		relationship_free(m->rels.items[i]);
	pv_free(&m->rels);
	for (size_t i = 0; i < m->proxies.len; i++)
		proxy_free(m->proxies.items[i]);
	pv_free(&m->proxies);
	mem_free(m->name);
	mem_free(m->table_name);
	mem_free(m->select_cols);
	mem_free(m->insert_sql);
	mem_free(m->insert_returning_sql);
	mem_free(m->select_pk_sql);
	mem_free(m->delete_sql);
	mapper_free_deferred(m);
	mem_free(m);
}

void assoc_registry_ref(assoc_registry *reg)
{
	if (reg)
		atomic_fetch_add_explicit(&reg->refs, 1, memory_order_relaxed);
}

/* The last reference frees: the caller's, a session's, or a detached pinned object's. */
void assoc_registry_free(assoc_registry *reg)
{
	if (!reg || atomic_fetch_sub_explicit(&reg->refs, 1, memory_order_acq_rel) != 1)
		return;
	for (size_t i = 0; i < reg->mappers.len; i++)
		mapper_free(reg->mappers.items[i]);
	pv_free(&reg->mappers);
	for (size_t i = 0; i < reg->tables.len; i++)
		table_free(reg->tables.items[i]);
	pv_free(&reg->tables);
	for (int i = 0; i < NAMING_KINDS; i++)
		mem_free(reg->naming[i]);
	mem_free(reg->sorted);
	mem_free(reg->mappers_sorted);
	for (size_t i = 0; i < reg->callbacks.len; i++)
		assoc_callback_free(reg->callbacks.items[i]);
	pv_free(&reg->callbacks);
	mem_free(reg);
}

/* Free the tables and mappers added after the first ntables and nmappers: undoes a failed reflection. */
void registry_truncate(assoc_registry *reg, size_t ntables, size_t nmappers)
{
	while (reg->mappers.len > nmappers)
		mapper_free(reg->mappers.items[--reg->mappers.len]);
	while (reg->tables.len > ntables)
		table_free(reg->tables.items[--reg->tables.len]);
}

static int check_unfrozen(const assoc_registry *reg, const char *what)
{
	if (reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "%s: the registry is configured and can no longer change", what);
	return 0;
}


int assoc_registry_set_naming_convention(assoc_registry *reg, const char *kind, const char *pattern)
{
	if (!reg || !kind || !pattern)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_set_naming_convention: NULL argument");
	int rc = check_unfrozen(reg, "assoc_registry_set_naming_convention");
	if (rc)
		return rc;
	for (int i = 0; i < NAMING_KINDS; i++)
		if (strcmp(kind, naming_kinds[i]) == 0) {
			char *p = xstrdup(pattern);
			if (!p)
				return err_oom();
			mem_free(reg->naming[i]);
			reg->naming[i] = p;
			return 0;
		}
	return assoc_error_set(ASSOC_ENOTFOUND, "unknown naming convention kind '%s' (expected fk, uq, pk or ix)", kind);
}

static struct assoc_table *find_table(const assoc_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->tables.len; i++) {
		struct assoc_table *t = reg->tables.items[i];
		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

int assoc_table_new(assoc_table **out, assoc_registry *reg, const char *name)
{
	if (!out || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_table_new: NULL argument");
	*out = NULL;
	int rc = check_unfrozen(reg, "assoc_table_new");
	if (rc)
		return rc;
	if ((rc = ident_check(ASSOC_EINVAL, "assoc_table_new: the table name", name)))
		return rc;
	if (find_table(reg, name))
		return assoc_error_set(ASSOC_EEXISTS, "table '%s' is already defined", name);
	struct assoc_table *t = mem_calloc(1, sizeof *t);
	if (!t || !(t->name = xstrdup(name)) || pv_push(&reg->tables, t)) {
		if (t)
			mem_free(t->name);
		mem_free(t);
		return err_oom();
	}
	t->reg = reg;
	t->rowid_pk = -1;
	*out = t;
	return 0;
}

int assoc_registry_table(assoc_table **out, assoc_registry *reg, const char *name)
{
	if (!out || !reg || !name)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_table: NULL argument");
	*out = find_table(reg, name);
	return *out ? 0 : assoc_error_set(ASSOC_ENOTFOUND, "no table named '%s'", name);
}

struct column *table_column(struct assoc_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		struct column *c = t->columns.items[i];
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

int table_column_index(struct assoc_table *t, const char *name)
{
	struct column *c = table_column(t, name);
	return c ? c->index : -1;
}

static int valid_type(assoc_type type) { return type >= ASSOC_TYPE_INFER && type <= ASSOC_TYPE_DATETIME; }

/* Split "table.column" into its two parts (owned). */
static int split_ref(const char *ref, char **table, char **column)
{
	const char *dot = strrchr(ref, '.');
	if (!dot || dot == ref || !dot[1])
		return assoc_error_set(ASSOC_EINVAL, "foreign key target '%s' is not of the form table.column", ref);
	*table = mem_alloc((size_t)(dot - ref) + 1);
	*column = xstrdup(dot + 1);
	if (!*table || !*column) {
		mem_free(*table);
		mem_free(*column);
		*table = *column = NULL;
		return err_oom();
	}
	memcpy(*table, ref, (size_t)(dot - ref));
	(*table)[dot - ref] = 0;
	return 0;
}

static int add_fk(struct assoc_table *t, size_t n, const int *cols, const char *ref_table,
                  char **ref_cols_owned, const assoc_fk_options *o, int from_column)
{
	struct foreign_key *fk = mem_calloc(1, sizeof *fk);
	if (!fk) {
		for (size_t i = 0; i < n; i++)
			mem_free(ref_cols_owned[i]);
		mem_free(ref_cols_owned);
		return err_oom();
	}
	fk->n = n;
	fk->cols = mem_alloc(n * sizeof *fk->cols);
	fk->ref_col_names = ref_cols_owned;
	fk->ref_table_name = xstrdup(ref_table);
	fk->from_column = from_column;
	if (o) {
		fk->on_delete = o->on_delete;
		fk->on_update = o->on_update;
		fk->name = xstrdup(o->name);
	}
	if (!fk->cols || !fk->ref_table_name || (o && o->name && !fk->name) || pv_push(&t->fks, fk)) {
		fk_free(fk);
		return err_oom();
	}
	memcpy(fk->cols, cols, n * sizeof *cols);
	return 0;
}

static int column_options_ok(const assoc_column_options *o, const char *table, const char *name)
{
	if (o->version != ASSOC_COLUMN_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "column '%s.%s': assoc_column_options version %u is not supported", table, name, o->version);
	if (o->has_default && o->default_value.kind == ASSOC_OBJECT)
		return assoc_error_set(ASSOC_ETYPE, "column '%s.%s': a default cannot be an object", table, name);
	if (o->on_delete < ASSOC_FK_NO_ACTION || o->on_delete > ASSOC_FK_RESTRICT ||
	    o->on_update < ASSOC_FK_NO_ACTION || o->on_update > ASSOC_FK_RESTRICT)
		return assoc_error_set(ASSOC_EINVAL, "column '%s.%s': unknown foreign key action", table, name);
	return 0;
}

int assoc_table_add_column(assoc_table *t, const char *name, assoc_type type,
                           const assoc_column_options *opts)
{
	if (!t)
		return assoc_error_set(ASSOC_EINVAL, "assoc_table_add_column: table is NULL");
	int rc = check_unfrozen(t->reg, "assoc_table_add_column");
	if (rc)
		return rc;
	assoc_column_options defaults = ASSOC_COLUMN_OPTIONS_INIT;
	const assoc_column_options *o = opts ? opts : &defaults;
	if (!name || !*name)
		return assoc_error_set(ASSOC_EINVAL, "table '%s': the column name is %s: an identifier needs at least one character",
		                       t->name, name ? "empty" : "NULL");
	if (table_column(t, name))
		return assoc_error_set(ASSOC_EEXISTS, "table '%s' already has a column '%s'", t->name, name);
	if (!valid_type(type))
		return assoc_error_set(ASSOC_EINVAL, "column '%s.%s': unknown type %d", t->name, name, (int)type);
	if (type == ASSOC_TYPE_INFER && !o->foreign_key)
		return assoc_error_set(ASSOC_EINVAL, "column '%s.%s': ASSOC_TYPE_INFER needs a foreign_key to take the type from", t->name, name);
	if ((rc = column_options_ok(o, t->name, name)))
		return rc;

	struct column *c = mem_calloc(1, sizeof *c);
	if (!c)
		return err_oom();
	c->name = xstrdup(name);
	c->type = type;
	c->primary_key = o->primary_key != 0;
	c->nullable = o->nullable < 0 ? !c->primary_key : o->nullable != 0;
	c->autoincrement = o->autoincrement;
	c->unique = o->unique != 0;
	c->indexed = o->index != 0;
	c->on_delete = o->on_delete;
	c->on_update = o->on_update;
	c->table = t;
	c->index = (int)t->columns.len;
	char *ref_table = NULL, *ref_col = NULL;
	if (!c->name)
		rc = err_oom();
	else if (o->has_default)
		rc = value_copy(&c->default_value, &o->default_value); /* ENOMEM, or EINVAL for a bad value */
	if (rc)
		goto fail;
	c->has_default = o->has_default != 0;
	if ((rc = check_column_default(c, t->name)))
		goto fail;
	if (o->foreign_key) {
		if ((rc = split_ref(o->foreign_key, &ref_table, &ref_col)))
			goto fail;
		if (!(c->fk_target = xstrdup(o->foreign_key))) {
			rc = err_oom();
			goto fail;
		}
	}
	if (c->primary_key) {
		int *pk = mem_realloc(t->pk, (t->npk + 1) * sizeof *pk);
		if (!pk) {
			rc = err_oom();
			goto fail;
		}
		t->pk = pk;
	}
	if (pv_push(&t->columns, c)) {
		rc = err_oom();
		goto fail;
	}
	if (c->primary_key)
		t->pk[t->npk++] = c->index;
	if (ref_table) {
		char **refs = mem_alloc(sizeof *refs);
		if (!refs) {
			rc = err_oom();
			goto undo;
		}
		refs[0] = ref_col;
		ref_col = NULL;
		assoc_fk_options fo = ASSOC_FK_OPTIONS_INIT;
		fo.on_delete = o->on_delete;
		fo.on_update = o->on_update;
		if ((rc = add_fk(t, 1, &c->index, ref_table, refs, &fo, 1)))
			goto undo;
	}
	mem_free(ref_table);
	return 0;
undo:
	t->columns.len--;
	if (c->primary_key)
		t->npk--;
fail:
	mem_free(ref_table);
	mem_free(ref_col);
	mem_free(c->name);
	mem_free(c->fk_target);
	value_clear(&c->default_value);
	mem_free(c);
	return rc;
}

static int resolve_columns(struct assoc_table *t, size_t n, const char *const *names, int *out)
{
	if (!n || !names)
		return assoc_error_set(ASSOC_EINVAL, "table '%s': a constraint needs at least one column", t->name);
	for (size_t i = 0; i < n; i++) {
		if (!names[i] || (out[i] = table_column_index(t, names[i])) < 0)
			return assoc_error_set(ASSOC_ENOTFOUND, "table '%s' has no column '%s'", t->name,
			                       names[i] ? names[i] : "(null)");
	}
	return 0;
}

int assoc_table_add_foreign_key(assoc_table *t, size_t n, const char *const *columns,
                                const char *ref_table, const char *const *ref_columns,
                                const assoc_fk_options *opts)
{
	if (!t || !ref_table || !ref_columns)
		return assoc_error_set(ASSOC_EINVAL, "assoc_table_add_foreign_key: NULL argument");
	int rc = check_unfrozen(t->reg, "assoc_table_add_foreign_key");
	if (rc)
		return rc;
	if (opts && opts->version != ASSOC_FK_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "table '%s': assoc_fk_options version %u is not supported", t->name, opts->version);
	if (opts && opts->name && !*opts->name)
		return assoc_error_set(ASSOC_EINVAL, "table '%s': the foreign key name is empty: an identifier needs at least one character", t->name);
	int *cols = mem_alloc((n ? n : 1) * sizeof *cols);
	char **refs = mem_calloc(n ? n : 1, sizeof *refs);
	if (!cols || !refs) {
		mem_free(cols);
		mem_free(refs);
		return err_oom();
	}
	if ((rc = resolve_columns(t, n, columns, cols)))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (!ref_columns[i] || !(refs[i] = xstrdup(ref_columns[i]))) {
			rc = ref_columns[i] ? err_oom() : assoc_error_set(ASSOC_EINVAL, "table '%s': NULL referenced column", t->name);
			goto fail;
		}
	rc = add_fk(t, n, cols, ref_table, refs, opts, 0); /* takes refs, also on failure */
	mem_free(cols);
	return rc;
fail:
	for (size_t i = 0; i < n; i++)
		mem_free(refs[i]);
	mem_free(refs);
	mem_free(cols);
	return rc;
}

int assoc_table_add_unique(assoc_table *t, size_t n, const char *const *columns, const char *name)
{
	if (!t)
		return assoc_error_set(ASSOC_EINVAL, "assoc_table_add_unique: table is NULL");
	int rc = check_unfrozen(t->reg, "assoc_table_add_unique");
	if (rc)
		return rc;
	if (name && !*name)
		return assoc_error_set(ASSOC_EINVAL, "table '%s': the unique constraint name is empty: an identifier needs at least one character", t->name);
	struct unique_constraint *u = mem_calloc(1, sizeof *u);
	if (!u || !(u->cols = mem_alloc((n ? n : 1) * sizeof *u->cols))) {
		mem_free(u);
		return err_oom();
	}
	u->n = n;
	if ((rc = resolve_columns(t, n, columns, u->cols)) ||
	    (name && !(u->name = xstrdup(name)) && (rc = err_oom())) ||
	    (pv_push(&t->uniques, u) && (rc = err_oom()))) {
		mem_free(u->cols);
		mem_free(u->name);
		mem_free(u);
		return rc;
	}
	return 0;
}

const char *assoc_table_name(const assoc_table *t) { return t ? t->name : NULL; }
size_t assoc_table_column_count(const assoc_table *t) { return t ? t->columns.len : 0; }

const char *assoc_table_column_name(const assoc_table *t, size_t i)
{
	if (!t || i >= t->columns.len)
		return NULL;
	return ((struct column *)t->columns.items[i])->name;
}

/* Expand a naming convention pattern for a constraint over cols of t. */
char *constraint_name_expand(const char *pattern, const struct assoc_table *t, const int *cols,
                             const struct foreign_key *fk)
{
	strbuf sb;
	sb_init(&sb);
	for (const char *p = pattern; *p;) {
		if (p[0] == '%' && p[1] == '(') {
			const char *end = strstr(p, ")s");
			if (end) {
				size_t n = (size_t)(end - p - 2);
				const char *key = p + 2;
				const char *val = NULL;
				if (n == 10 && !strncmp(key, "table_name", n))
					val = t->name;
				else if (n == 13 && !strncmp(key, "column_0_name", n))
					val = ((struct column *)t->columns.items[cols[0]])->name;
				else if (n == 14 && !strncmp(key, "column_0_label", n)) {
					sb_addf(&sb, "%s_%s", t->name, ((struct column *)t->columns.items[cols[0]])->name);
					p = end + 2;
					continue;
				} else if (fk && n == 19 && !strncmp(key, "referred_table_name", n))
					val = fk->ref_table_name;
				else if (fk && n == 22 && !strncmp(key, "referred_column_0_name", n))
					val = fk->ref_col_names[0];
				if (val) {
					sb_add(&sb, val);
					p = end + 2;
					continue;
				}
			}
		}
		sb_addn(&sb, p, 1);
		p++;
	}
	return sb_take(&sb);
}

int assoc_table_constraint_name(const char **out, const assoc_table *t, const char *kind,
                                const char *column)
{
	static _Thread_local char *buf; /* the last name made, kept until the next call on the thread */
	if (!out || !t || !kind || !column)
		return assoc_error_set(ASSOC_EINVAL, "assoc_table_constraint_name: NULL argument");
	*out = NULL;
	int col = table_column_index((struct assoc_table *)t, column);
	if (col < 0)
		return assoc_error_set(ASSOC_ENOTFOUND, "table '%s' has no column '%s'", t->name, column);
	int k = -1;
	for (int i = 0; i < NAMING_KINDS; i++)
		if (!strcmp(kind, naming_kinds[i]))
			k = i;
	if (k < 0)
		return assoc_error_set(ASSOC_ENOTFOUND, "unknown constraint kind '%s'", kind);
	const struct foreign_key *fk = NULL;
	const char *explicit_name = NULL;
	if (k == 0) {
		for (size_t i = 0; i < t->fks.len && !fk; i++) {
			const struct foreign_key *f = t->fks.items[i];
			if (f->cols[0] == col)
				fk = f;
		}
		if (!fk)
			return assoc_error_set(ASSOC_ENOTFOUND, "column '%s.%s' has no foreign key", t->name, column);
		explicit_name = fk->name;
	} else if (k == 1) {
		const struct column *c = t->columns.items[col];
		int found = c->unique;
		for (size_t i = 0; i < t->uniques.len && !found; i++) {
			const struct unique_constraint *u = t->uniques.items[i];
			if (u->cols[0] == col) {
				found = 1;
				explicit_name = u->name;
			}
		}
		if (!found)
			return assoc_error_set(ASSOC_ENOTFOUND, "column '%s.%s' has no unique constraint", t->name, column);
	}
	if (explicit_name) {
		*out = explicit_name;
		return 0;
	}
	if (!t->reg->naming[k])
		return 0;
	char *name = constraint_name_expand(t->reg->naming[k], t, &col, fk);
	if (!name)
		return err_oom();
	mem_free(buf);
	*out = buf = name;
	return 0;
}

/* Check and convert a value for a column: ASSOC_ETYPE names owner.column. */
static int check_value_for(const struct column *col, const char *owner, assoc_value *v)
{
	const char *what = NULL;
	int rc = value_check(v, owner);
	if (rc)
		return rc;
	switch (v->kind) {
	case ASSOC_NULL: return 0;
	case ASSOC_OBJECT: what = "an object"; break;
	default: break;
	}
	if (!what) {
		switch (col->type) {
		case ASSOC_TYPE_INTEGER:
		case ASSOC_TYPE_INFER:
			if (v->kind == ASSOC_INTEGER || col->type == ASSOC_TYPE_INFER)
				return 0;
			break;
		case ASSOC_TYPE_REAL:
			if (v->kind == ASSOC_INTEGER) {
				*v = assoc_value_real((double)v->u.integer);
				return 0;
			}
			if (v->kind == ASSOC_REAL)
				return 0;
			break;
		case ASSOC_TYPE_TEXT:
			if (v->kind == ASSOC_TEXT)
				return 0;
			break;
		case ASSOC_TYPE_BLOB:
			if (v->kind == ASSOC_BLOB)
				return 0;
			break;
		case ASSOC_TYPE_BOOLEAN:
			if (v->kind == ASSOC_INTEGER && (v->u.integer == 0 || v->u.integer == 1))
				return 0;
			if (v->kind == ASSOC_INTEGER)
				return assoc_error_set(ASSOC_ETYPE, "%s.%s is BOOLEAN: %lld is neither 0 nor 1",
				                       owner, col->name, (long long)v->u.integer);
			break;
		case ASSOC_TYPE_NUMERIC:
			if (v->kind == ASSOC_INTEGER || v->kind == ASSOC_REAL)
				return 0;
			if (v->kind == ASSOC_TEXT) {
				if (v->u.bytes.len > 0) {
					char *buf = mem_alloc(v->u.bytes.len + 1), *end; /* strtod wants a terminated copy */
					if (!buf)
						return err_oom();
					memcpy(buf, v->u.bytes.data, v->u.bytes.len);
					buf[v->u.bytes.len] = 0;
					strtod(buf, &end);
					int ok = *end == 0;
					mem_free(buf);
					if (ok)
						return 0;
				}
				return assoc_error_set(ASSOC_ETYPE, "%s.%s is NUMERIC: '%.*s' is not a number",
				                       owner, col->name, (int)v->u.bytes.len, v->u.bytes.data);
			}
			break;
		case ASSOC_TYPE_DATETIME:
			if (v->kind == ASSOC_TEXT) {
				/* YYYY-MM-DD, optionally followed by [T ]HH:MM[:SS[.fff]] */
				const char *s = v->u.bytes.data;
				size_t n = v->u.bytes.len;
				const char *shape = "dddd-dd-dd";
				int ok = n >= 10;
				for (size_t i = 0; ok && i < 10; i++)
					ok = shape[i] == 'd' ? isdigit((unsigned char)s[i]) : s[i] == shape[i];
				if (ok && n > 10) {
					ok = n >= 16 && (s[10] == ' ' || s[10] == 'T') && isdigit((unsigned char)s[11]) &&
					     isdigit((unsigned char)s[12]) && s[13] == ':' &&
					     isdigit((unsigned char)s[14]) && isdigit((unsigned char)s[15]);
					for (size_t i = 16; ok && i < n; i++)
						ok = isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.';
				}
				if (ok)
					return 0;
				return assoc_error_set(ASSOC_ETYPE, "%s.%s is DATETIME: '%.*s' is not ISO-8601 (YYYY-MM-DD[ HH:MM:SS])",
				                       owner, col->name, (int)n, s);
			}
			break;
		}
		what = assoc_value_kind_name(v->kind);
	}
	return assoc_error_set(ASSOC_ETYPE, "%s.%s is %s: cannot take %s", owner, col->name,
	                       type_sql_name(col->type), what);
}

int check_column_value(const struct column *col, const assoc_mapper *m, assoc_value *v)
{
	return check_value_for(col, m->name, v);
}

int check_column_default(struct column *c, const char *table)
{
	if (!c->has_default || c->type == ASSOC_TYPE_INFER) /* an inferred type is checked at configure */
		return 0;
	assoc_value v = c->default_value;
	int rc = check_value_for(c, table, &v);
	if (rc) {
		char *msg = xstrdup(assoc_error_last()->message);
		rc = assoc_error_set(rc, "the default of column '%s.%s' does not fit its type: %s", table, c->name,
		                     msg ? msg : "");
		mem_free(msg);
		return rc;
	}
	if (v.kind != c->default_value.kind) /* converted (an INTEGER default of a REAL column): no bytes owned */
		c->default_value = v;
	return 0;
}
