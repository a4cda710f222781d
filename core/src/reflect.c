/*
 * reflect.c - tables, mappers and relationships from an existing database
 * (assoc_registry_reflect), and the check that a registry fits a database
 * (assoc_engine_check_schema). The catalog itself is read by the dialect's
 * reader (catalog.h); this file turns its neutral description into registry
 * definitions through the same calls a program makes.
 */
#include "catalog.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int assoc_reflect_options_init(assoc_reflect_options *opts, unsigned int version)
{
	if (!opts || version != ASSOC_REFLECT_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_reflect_options_init: unsupported version %u", version);
	assoc_reflect_options init = ASSOC_REFLECT_OPTIONS_INIT;
	*opts = init;
	return 0;
}

int engine_has_catalog(const assoc_engine *e)
{
	int unused = 0;
	const struct catalog_reader *rd = catalog_reader_for(e, "", &unused);
	if (!rd)
		assoc_error_clear();
	return rd != NULL;
}

const struct catalog_reader *catalog_reader_for(const assoc_engine *e, const char *what, int *rc)
{
	static const struct catalog_reader *const readers[] = { &catalog_reader_sqlite };
	const char *dialect = db_dialect_of(e)->name;
	for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
		if (!strcmp(readers[i]->dialect, dialect))
			return readers[i];
	*rc = assoc_error_set(ASSOC_EINVAL, "%s: no catalog reader for the %s dialect", what, dialect);
	return NULL;
}

/* ---- declared types ------------------------------------------------------- */

/* Whether the declared type's name (up to "(") is word, ignoring case and spaces around. */
static int type_is(const char *decl, const char *word)
{
	size_t n = strlen(word);
	while (isspace((unsigned char)*decl))
		decl++;
	if (strncasecmp(decl, word, n))
		return 0;
	decl += n;
	while (isspace((unsigned char)*decl))
		decl++;
	return !*decl || *decl == '(';
}

static int type_has(const char *decl, const char *part)
{
	size_t n = strlen(part);
	for (; *decl; decl++)
		if (!strncasecmp(decl, part, n))
			return 1;
	return 0;
}

/* The type of a declared type: 1 when assoc knows the name, 0 when SQLite's affinity rules chose it. */
static int map_type(const char *decl, assoc_type *out)
{
	static const struct { const char *name; assoc_type type; } known[] = {
		{ "INTEGER", ASSOC_TYPE_INTEGER }, { "INT", ASSOC_TYPE_INTEGER }, { "BIGINT", ASSOC_TYPE_INTEGER },
		{ "SMALLINT", ASSOC_TYPE_INTEGER }, { "REAL", ASSOC_TYPE_REAL }, { "FLOAT", ASSOC_TYPE_REAL },
		{ "DOUBLE", ASSOC_TYPE_REAL }, { "DOUBLE PRECISION", ASSOC_TYPE_REAL }, { "TEXT", ASSOC_TYPE_TEXT },
		{ "VARCHAR", ASSOC_TYPE_TEXT }, { "CHAR", ASSOC_TYPE_TEXT }, { "CLOB", ASSOC_TYPE_TEXT },
		{ "BLOB", ASSOC_TYPE_BLOB }, { "BOOLEAN", ASSOC_TYPE_BOOLEAN }, { "BOOL", ASSOC_TYPE_BOOLEAN },
		{ "NUMERIC", ASSOC_TYPE_NUMERIC }, { "DECIMAL", ASSOC_TYPE_NUMERIC },
		{ "DATETIME", ASSOC_TYPE_DATETIME }, { "DATE", ASSOC_TYPE_DATETIME }, { "TIMESTAMP", ASSOC_TYPE_DATETIME },
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (type_is(decl, known[i].name)) {
			*out = known[i].type;
			return 1;
		}
	/* https://sqlite.org/datatype3.html#determination_of_column_affinity, in its order */
	if (type_has(decl, "INT"))
		*out = ASSOC_TYPE_INTEGER;
	else if (type_has(decl, "CHAR") || type_has(decl, "CLOB") || type_has(decl, "TEXT"))
		*out = ASSOC_TYPE_TEXT;
	else if (type_has(decl, "BLOB") || !decl[strspn(decl, " \t\n")])
		*out = ASSOC_TYPE_BLOB;
	else if (type_has(decl, "REAL") || type_has(decl, "FLOA") || type_has(decl, "DOUB"))
		*out = ASSOC_TYPE_REAL;
	else
		*out = ASSOC_TYPE_NUMERIC;
	return 0;
}

/* ---- the catalog read ------------------------------------------------------- */

struct reflection {
	assoc_registry *reg;
	db_conn *db;
	const struct catalog_reader *rd;
	const assoc_reflect_options *opts;
	ptrvec tables;        /* struct cat_table *, to add */
	assoc_type **types;   /* per table, per column */
};

static struct cat_table *cat_find(const struct reflection *r, const char *name)
{
	for (size_t i = 0; i < r->tables.len; i++) {
		struct cat_table *t = r->tables.items[i];
		if (!strcasecmp(t->name, name)) /* SQLite's names are case-insensitive (ASCII) */
			return t;
	}
	return NULL;
}

static struct assoc_table *reg_find(const assoc_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->tables.len; i++) {
		struct assoc_table *t = reg->tables.items[i];
		if (!strcasecmp(t->name, name))
			return t;
	}
	return NULL;
}

/* Read table name unless the registry or the reflection has it; *found 0 when the database lacks it. */
static int read_one(struct reflection *r, const char *name, int *found)
{
	*found = 1;
	if (reg_find(r->reg, name) || cat_find(r, name))
		return 0;
	struct cat_table *t;
	int rc = r->rd->read_table(r->db, name, &t);
	if (rc)
		return rc;
	if (!t) {
		*found = 0;
		return 0;
	}
	if (pv_push(&r->tables, t)) {
		cat_table_free(t);
		return err_oom();
	}
	return 0;
}

static int read_catalog(struct reflection *r)
{
	const assoc_reflect_options *o = r->opts;
	int rc = 0, found;
	if (o->tables) {
		for (size_t i = 0; i < o->ntables && !rc; i++) {
			const char *name = o->tables[i];
			if (!name || !*name)
				return assoc_error_set(ASSOC_EINVAL, "assoc_registry_reflect: tables[%zu] is %s", i,
				                       name ? "empty" : "NULL");
			if (!(rc = read_one(r, name, &found)) && !found)
				rc = assoc_error_set(ASSOC_ENOTFOUND, "assoc_registry_reflect: the database has no table '%s'", name);
		}
	} else {
		ptrvec names = { 0 };
		rc = r->rd->list_tables(r->db, &names);
		for (size_t i = 0; i < names.len && !rc; i++)
			rc = read_one(r, names.items[i], &found);
		for (size_t i = 0; i < names.len; i++)
			mem_free(names.items[i]);
		pv_free(&names);
	}
	/* The tables their foreign keys refer to, each named as the database spells it. */
	for (size_t i = 0; i < r->tables.len && !rc; i++) {
		struct cat_table *t = r->tables.items[i];
		for (size_t j = 0; j < t->fks.len && !rc; j++) {
			struct cat_fk *fk = t->fks.items[j];
			if ((rc = read_one(r, fk->ref_table, &found)) || !found)
				continue; /* a missing one: assoc_registry_configure names it */
			struct cat_table *ct = cat_find(r, fk->ref_table);
			const char *canon = ct ? ct->name : reg_find(r->reg, fk->ref_table)->name;
			if (strcmp(canon, fk->ref_table)) {
				char *copy = xstrdup(canon);
				if (!copy)
					return err_oom();
				mem_free(fk->ref_table);
				fk->ref_table = copy;
			}
		}
	}
	return rc;
}

/* A key with no column list refers to its table's primary key, in key order. */
static int resolve_implicit_refs(struct reflection *r, struct cat_table *t, struct cat_fk *fk)
{
	if (fk->n == 0 || fk->ref_cols[0])
		return 0;
	struct cat_table *ct = cat_find(r, fk->ref_table);
	struct assoc_table *rt = ct ? NULL : reg_find(r->reg, fk->ref_table);
	size_t npk = 0;
	if (ct) {
		for (size_t i = 0; i < ct->columns.len; i++)
			npk += ((struct cat_column *)ct->columns.items[i])->pk > 0;
	} else if (rt)
		npk = rt->npk;
	if (npk != fk->n)
		return assoc_error_set(ASSOC_ECONFIG, "table '%s': a foreign key of %zu column(s) refers to the primary key of '%s', "
		                       "which has %zu", t->name, fk->n, fk->ref_table, npk);
	for (size_t k = 0; k < fk->n; k++) {
		const char *name = NULL;
		if (ct) {
			for (size_t i = 0; i < ct->columns.len; i++) {
				struct cat_column *c = ct->columns.items[i];
				if (c->pk == (int)k + 1)
					name = c->name;
			}
		} else
			name = ((struct column *)rt->columns.items[rt->pk[k]])->name;
		if (!name || !(fk->ref_cols[k] = xstrdup(name)))
			return name ? err_oom() : assoc_error_set(ASSOC_ECONFIG, "table '%s': the primary key of '%s' is not in order",
			                                          t->name, fk->ref_table);
	}
	return 0;
}

static struct cat_column *cat_column(const struct cat_table *t, const char *name, size_t *index)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		struct cat_column *c = t->columns.items[i];
		if (!strcasecmp(c->name, name)) {
			if (index)
				*index = i;
			return c;
		}
	}
	return NULL;
}

/* A column declared with no type in a foreign key takes the type of the column it refers to. */
static int fk_type(struct reflection *r, const struct cat_table *t, const char *col, int depth, assoc_type *out);

static int column_type(struct reflection *r, const struct cat_table *t, const struct cat_column *c, int depth,
                       assoc_type *out)
{
	int known = map_type(c->decl_type, out);
	if (!c->decl_type[strspn(c->decl_type, " \t\n")] && depth < 32 && fk_type(r, t, c->name, depth + 1, out))
		return 0;
	if (!known && r->opts->strict_types && depth == 0)
		return assoc_error_set(ASSOC_ETYPE, "assoc_registry_reflect: column '%s.%s' has the declared type '%s', "
		                       "which assoc does not know (strict_types)", t->name, c->name, c->decl_type);
	return 0;
}

/* 1 when col is in a foreign key of t whose referenced column's type is known (*out set). */
static int fk_type(struct reflection *r, const struct cat_table *t, const char *col, int depth, assoc_type *out)
{
	for (size_t i = 0; i < t->fks.len; i++) {
		const struct cat_fk *fk = t->fks.items[i];
		for (size_t k = 0; k < fk->n; k++) {
			if (strcasecmp(fk->cols[k], col) || !fk->ref_cols[k])
				continue;
			const struct cat_table *ct = cat_find(r, fk->ref_table);
			const struct cat_column *ref = ct ? cat_column(ct, fk->ref_cols[k], NULL) : NULL;
			if (ref) {
				assoc_type saved = *out;
				if (column_type(r, ct, ref, depth, out) == 0 && (*out != ASSOC_TYPE_BLOB || ref->decl_type[0]))
					return 1;
				*out = saved;
				continue;
			}
			struct assoc_table *rt = ct ? NULL : reg_find(r->reg, fk->ref_table);
			struct column *rcol = rt ? table_column(rt, fk->ref_cols[k]) : NULL;
			if (rcol && rcol->type != ASSOC_TYPE_INFER) {
				*out = rcol->type;
				return 1;
			}
		}
	}
	return 0;
}

/* ---- literal defaults --------------------------------------------------------- */

/* A default SQL text that is a plain literal, as a value (1), or 0 when it is an expression or NULL. */
static int parse_default(const char *s, assoc_type type, assoc_value *out, char **text)
{
	*text = NULL;
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		char *t = mem_alloc(n), *p = t;
		if (!t)
			return -1;
		for (size_t i = 1; i + 1 < n; i++) {
			*p++ = s[i];
			if (s[i] == '\'' && s[i + 1] == '\'')
				i++;
		}
		*p = 0;
		*text = t;
		*out = assoc_value_text(t);
		return type == ASSOC_TYPE_TEXT || type == ASSOC_TYPE_DATETIME || type == ASSOC_TYPE_NUMERIC;
	}
	char *end;
	errno = 0;
	long long i = strtoll(s, &end, 10);
	if (end != s && !*end && !errno) {
		*out = assoc_value_integer(i);
		return type == ASSOC_TYPE_INTEGER || type == ASSOC_TYPE_NUMERIC || type == ASSOC_TYPE_REAL ||
		       (type == ASSOC_TYPE_BOOLEAN && (i == 0 || i == 1));
	}
	double d = strtod(s, &end);
	if (end != s && !*end && !errno) {
		*out = assoc_value_real(d);
		return type == ASSOC_TYPE_REAL || type == ASSOC_TYPE_NUMERIC;
	}
	return 0;
}

/* ---- into the registry ------------------------------------------------------- */

static int add_table(struct reflection *r, const struct cat_table *ct, const assoc_type *types)
{
	assoc_table *t;
	int rc = assoc_table_new(&t, r->reg, ct->name);
	size_t npk = 0;
	for (size_t i = 0; i < ct->columns.len; i++)
		npk += ((struct cat_column *)ct->columns.items[i])->pk > 0;
	for (size_t i = 0; i < ct->columns.len && !rc; i++) {
		const struct cat_column *c = ct->columns.items[i];
		assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
		o.primary_key = c->pk > 0;
		o.nullable = c->notnull ? 0 : c->pk ? -1 : 1;
		/* the rowid alias: a lone column declared exactly INTEGER in a rowid table */
		o.autoincrement = npk == 1 && c->pk && ct->rowid && type_is(c->decl_type, "INTEGER");
		char *text = NULL;
		int lit = parse_default(c->dflt, types[i], &o.default_value, &text);
		if (lit < 0)
			return err_oom();
		o.has_default = lit;
		rc = assoc_table_add_column(t, c->name, types[i], &o);
		mem_free(text);
	}
	for (size_t i = 0; i < ct->fks.len && !rc; i++) {
		const struct cat_fk *fk = ct->fks.items[i];
		assoc_fk_options o = ASSOC_FK_OPTIONS_INIT;
		o.on_delete = fk->on_delete;
		o.on_update = fk->on_update;
		rc = assoc_table_add_foreign_key(t, fk->n, (const char *const *)fk->cols, fk->ref_table,
		                                 (const char *const *)fk->ref_cols, &o);
	}
	for (size_t i = 0; i < ct->uniques.len && !rc; i++) {
		const struct cat_unique *u = ct->uniques.items[i];
		rc = assoc_table_add_unique(t, u->n, (const char *const *)u->cols, u->name);
	}
	return rc;
}

/* ---- proposed mappers and relationships -------------------------------------- */

/* An association table: every column belongs to one of exactly two foreign keys, and each to one. */
static int is_association(const struct cat_table *t)
{
	if (t->fks.len != 2)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < 2; i++)
		n += ((struct cat_fk *)t->fks.items[i])->n;
	if (n != t->columns.len)
		return 0;
	for (size_t i = 0; i < t->columns.len; i++) {
		const char *name = ((struct cat_column *)t->columns.items[i])->name;
		int uses = 0;
		for (size_t j = 0; j < 2; j++) {
			const struct cat_fk *fk = t->fks.items[j];
			for (size_t k = 0; k < fk->n; k++)
				uses += !strcmp(fk->cols[k], name);
		}
		if (uses != 1)
			return 0;
	}
	return 1;
}

static int has_pk(const struct cat_table *t)
{
	for (size_t i = 0; i < t->columns.len; i++)
		if (((struct cat_column *)t->columns.items[i])->pk)
			return 1;
	return 0;
}

/* Whether m has an attribute of that name, or will have (its table's columns become attributes at configure). */
static int name_taken(assoc_mapper *m, const char *name)
{
	return mapper_find_attr(m, name) || table_column(m->table, name);
}

/* The name base (the table's name in ASCII lower case, then suffix), made free on m by appending "_". */
static char *free_name(assoc_mapper *m, const char *table, const char *suffix)
{
	strbuf sb;
	sb_init(&sb);
	for (const char *p = table; *p; p++) {
		char ch = (char)tolower((unsigned char)*p);
		sb_addn(&sb, &ch, 1);
	}
	sb_add(&sb, suffix);
	while (!sb.oom && name_taken(m, sb_str(&sb)))
		sb_add(&sb, "_");
	return sb_take(&sb);
}

/* "\"table\".\"col\", ..." of the key's columns, for the foreign_keys options. */
static char *key_list(const char *table, char *const *cols, size_t n, int qualified)
{
	strbuf sb;
	sb_init(&sb);
	for (size_t k = 0; k < n; k++) {
		if (k)
			sb_add(&sb, ", ");
		const char *parts[2] = { table, cols[k] };
		for (int j = qualified ? 0 : 1; j < 2; j++) {
			if (j)
				sb_add(&sb, qualified ? "." : "");
			sb_add(&sb, "\"");
			for (const char *p = parts[j]; *p; p++)
				sb_add(&sb, *p == '"' ? "\"\"" : (char[]){ *p, 0 });
			sb_add(&sb, "\"");
		}
	}
	return sb_take(&sb);
}

static assoc_mapper *mapper_of(assoc_registry *reg, size_t from, const char *table)
{
	for (size_t i = from; i < reg->mappers.len; i++) {
		assoc_mapper *m = reg->mappers.items[i];
		if (!strcmp(m->table_name, table))
			return m;
	}
	return NULL;
}

/* A pair of relationships, each the other's back_populates. */
static int add_pair(assoc_mapper *a, const char *a_name, assoc_relationship_options *ao, assoc_mapper *b,
                    const char *b_name, assoc_relationship_options *bo)
{
	ao->target = b->name;
	ao->back_populates = b_name;
	bo->target = a->name;
	bo->back_populates = a_name;
	int rc = assoc_mapper_add_relationship(a, a_name, ao);
	return rc ? rc : assoc_mapper_add_relationship(b, b_name, bo);
}

static int propose_fk(assoc_registry *reg, size_t m0, const struct cat_table *ct, const struct cat_fk *fk)
{
	assoc_mapper *child = mapper_of(reg, m0, ct->name), *parent = mapper_of(reg, m0, fk->ref_table);
	if (!child || !parent)
		return 0;
	char *keys = key_list(ct->name, fk->cols, fk->n, 1);
	char *scalar = free_name(child, parent->table_name, "");
	char *coll = NULL;
	int rc = 0;
	if (!keys || !scalar)
		rc = err_oom();
	/* the two names must differ on a self-referential key */
	else if (!(coll = free_name(parent, ct->name, "_collection")))
		rc = err_oom();
	else {
		assoc_relationship_options so = ASSOC_RELATIONSHIP_OPTIONS_INIT, co = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		so.uselist = 0; /* many-to-one (for a key to its own table, SQLAlchemy's remote_side) */
		so.foreign_keys = co.foreign_keys = keys;
		rc = add_pair(child, scalar, &so, parent, coll, &co);
	}
	mem_free(keys);
	mem_free(scalar);
	mem_free(coll);
	return rc;
}

static int propose_m2m(assoc_registry *reg, size_t m0, const struct cat_table *ct)
{
	const struct cat_fk *f0 = ct->fks.items[0], *f1 = ct->fks.items[1];
	assoc_mapper *a = mapper_of(reg, m0, f0->ref_table), *b = mapper_of(reg, m0, f1->ref_table);
	if (!a || !b)
		return 0;
	char *k0 = key_list(ct->name, f0->cols, f0->n, 0), *k1 = key_list(ct->name, f1->cols, f1->n, 0);
	char *an = free_name(a, b->table_name, "_collection"), *bn = NULL;
	int rc = 0;
	if (!k0 || !k1 || !an)
		rc = err_oom();
	else {
		/* on a self-referential one, a's name is taken before b's is chosen */
		assoc_relationship_options ao = ASSOC_RELATIONSHIP_OPTIONS_INIT, bo = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		ao.secondary = bo.secondary = ct->name;
		ao.secondary_owner_keys = bo.secondary_target_keys = k0;
		ao.secondary_target_keys = bo.secondary_owner_keys = k1;
		if (a == b) {
			strbuf sb;
			sb_init(&sb);
			sb_add(&sb, an);
			do
				sb_add(&sb, "_");
			while (!sb.oom && name_taken(b, sb_str(&sb)));
			bn = sb_take(&sb);
		} else
			bn = free_name(b, a->table_name, "_collection");
		rc = bn ? add_pair(a, an, &ao, b, bn, &bo) : err_oom();
	}
	mem_free(k0);
	mem_free(k1);
	mem_free(an);
	mem_free(bn);
	return rc;
}

static int propose(struct reflection *r, size_t m0)
{
	int rc = 0;
	for (size_t i = 0; i < r->tables.len && !rc; i++) {
		const struct cat_table *ct = r->tables.items[i];
		if (!has_pk(ct) || is_association(ct))
			continue;
		int taken = 0;
		for (size_t j = 0; j < r->reg->mappers.len; j++)
			taken |= !strcmp(((assoc_mapper *)r->reg->mappers.items[j])->name, ct->name);
		if (taken)
			return assoc_error_set(ASSOC_EEXISTS, "assoc_registry_reflect: the registry has a mapper named '%s' "
			                       "already; the mapper of table '%s' would take that name", ct->name, ct->name);
		assoc_mapper *m;
		rc = assoc_mapper_new(&m, r->reg, ct->name, ct->name);
	}
	for (size_t i = 0; i < r->tables.len && !rc; i++) {
		const struct cat_table *ct = r->tables.items[i];
		if (is_association(ct)) {
			rc = propose_m2m(r->reg, m0, ct);
			continue;
		}
		for (size_t j = 0; j < ct->fks.len && !rc; j++)
			rc = propose_fk(r->reg, m0, ct, ct->fks.items[j]);
	}
	return rc;
}

int assoc_registry_reflect(assoc_registry *reg, assoc_engine *e, const assoc_reflect_options *opts)
{
	if (!reg || !e)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_reflect: NULL argument");
	assoc_reflect_options defaults = ASSOC_REFLECT_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != ASSOC_REFLECT_OPTIONS_VERSION)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_reflect: assoc_reflect_options version %u is not supported",
		                       opts->version);
	if (!opts->tables && opts->ntables)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_reflect: tables is NULL but ntables is %zu", opts->ntables);
	if (reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_registry_reflect: the registry is configured; reflect before assoc_registry_configure()");
	int rc = 0;
	struct reflection r = { reg, e->db, catalog_reader_for(e, "assoc_registry_reflect", &rc), opts, { 0 }, NULL };
	if (!r.rd)
		return rc;
	size_t t0 = reg->tables.len, m0 = reg->mappers.len;
	rc = read_catalog(&r);
	if (!rc && !(r.types = mem_calloc(r.tables.len ? r.tables.len : 1, sizeof *r.types)))
		rc = err_oom();
	for (size_t i = 0; i < r.tables.len && !rc; i++) {
		struct cat_table *t = r.tables.items[i];
		for (size_t j = 0; j < t->fks.len && !rc; j++)
			rc = resolve_implicit_refs(&r, t, t->fks.items[j]);
	}
	for (size_t i = 0; i < r.tables.len && !rc; i++) {
		struct cat_table *t = r.tables.items[i];
		if (!(r.types[i] = mem_alloc((t->columns.len ? t->columns.len : 1) * sizeof **r.types)))
			rc = err_oom();
		for (size_t j = 0; j < t->columns.len && !rc; j++)
			rc = column_type(&r, t, t->columns.items[j], 0, &r.types[i][j]);
	}
	for (size_t i = 0; i < r.tables.len && !rc; i++)
		rc = add_table(&r, r.tables.items[i], r.types[i]);
	if (!rc && opts->propose_relationships)
		rc = propose(&r, m0);
	if (rc) {
		char *msg = xstrdup(assoc_error_last()->message);
		registry_truncate(reg, t0, m0);
		if (msg)
			assoc_error_set(rc, "%s", msg);
		mem_free(msg);
	}
	for (size_t i = 0; i < r.tables.len; i++) {
		if (r.types)
			mem_free(r.types[i]);
		cat_table_free(r.tables.items[i]);
	}
	mem_free(r.types);
	pv_free(&r.tables);
	return rc;
}

/* ---- schema drift ------------------------------------------------------------ */

/* Every table of reg exists on c with every column reg declares; ASSOC_ECONFIG naming the first that does not. */
static int check_tables(db_conn *c, const struct catalog_reader *rd, const assoc_registry *reg, const char *url)
{
	int rc = 0;
	for (size_t i = 0; i < reg->tables.len && !rc; i++) {
		const struct assoc_table *t = reg->tables.items[i];
		struct cat_table *ct;
		if ((rc = rd->read_table(c, t->name, &ct)))
			break;
		if (!ct) {
			rc = assoc_error_set(ASSOC_ECONFIG, "schema drift: the registry declares table '%s', which the database (%s) lacks",
			                     t->name, url);
			break;
		}
		for (size_t j = 0; j < t->columns.len && !rc; j++) {
			const struct column *col = t->columns.items[j];
			if (!cat_column(ct, col->name, NULL))
				rc = assoc_error_set(ASSOC_ECONFIG, "schema drift: table '%s' of the database (%s) has no column '%s', "
				                     "which the registry declares", t->name, url, col->name);
		}
		cat_table_free(ct);
	}
	return rc;
}

int assoc_engine_check_schema(assoc_engine *e, assoc_registry *reg)
{
	if (!e || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_engine_check_schema: NULL argument");
	int rc = 0;
	const struct catalog_reader *rd = catalog_reader_for(e, "assoc_engine_check_schema", &rc);
	return rd ? check_tables(e->db, rd, reg, e->url) : rc;
}

int schema_drift_explain(assoc_session *s, int rc)
{
	if (rc != ASSOC_EDB)
		return rc;
	int unused = 0;
	const struct catalog_reader *rd = NULL;
	char *msg = xstrdup(assoc_error_last()->message);
	if (msg)
		rd = catalog_reader_for(s->engine, "", &unused);
	int drc = msg && rd ? check_tables(s->db, rd, s->reg, s->engine->url) : 0;
	if (drc == ASSOC_ECONFIG) {
		char *drift = xstrdup(assoc_error_last()->message);
		if (drift)
			assoc_error_set(drc, "%s (found when the database refused: %s)", drift, msg);
		mem_free(drift);
		rc = drc;
	} else if (msg)
		assoc_error_set(rc, "%s", msg); /* no drift found: the database's own message stands */
	mem_free(msg);
	return rc;
}
