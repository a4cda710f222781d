/*
 * mapper.c - mappers and their attributes; identifier quoting.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *type_sql_name(assoc_type t)
{
	switch (t) {
	case ASSOC_TYPE_INTEGER: return "INTEGER";
	case ASSOC_TYPE_REAL: return "REAL";
	case ASSOC_TYPE_TEXT: return "TEXT";
	case ASSOC_TYPE_BLOB: return "BLOB";
	case ASSOC_TYPE_BOOLEAN: return "BOOLEAN";
	case ASSOC_TYPE_NUMERIC: return "NUMERIC";
	case ASSOC_TYPE_DATETIME: return "DATETIME";
	default: return "INTEGER";
	}
}

/* Words SQLAlchemy quotes although SQLite would not need it. */
static const char *const extra_reserved[] = { "user", "order", "group", "table", "select", NULL };

/*
 * The one way an identifier (table, column, constraint, index, alias, label)
 * reaches SQL: appended plain where SQLAlchemy would print it so, else in
 * double quotes with each quote inside doubled, so no name can end the
 * identifier early. Names are checked with ident_check() where they come in;
 * an empty one here fails the statement (as an incomplete buffer) rather than
 * reach SQLite.
 */
void sb_ident(strbuf *sb, const char *name)
{
	if (!name || !*name) {
		sb->oom = 1;
		return;
	}
	int plain = (islower((unsigned char)name[0]) || name[0] == '_');
	for (const char *p = name; plain && *p; p++)
		plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	if (plain && (db_driver_sqlite.dialect->is_keyword(name, strlen(name)) ||
	              db_pg_is_keyword(name, strlen(name)))) /* quoted for every dialect alike */
		plain = 0;
	for (int i = 0; plain && extra_reserved[i]; i++)
		if (!strcmp(name, extra_reserved[i]))
			plain = 0;
	if (plain) {
		sb_add(sb, name);
		return;
	}
	sb_add(sb, "\"");
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			sb_addn(sb, p, 1); /* doubled */
		sb_addn(sb, p, 1);
	}
	sb_add(sb, "\"");
}

/* A name that will be an identifier: any text but the empty one (C strings hold no NUL). */
int ident_check(int code, const char *what, const char *name)
{
	if (name && *name)
		return 0;
	return assoc_error_set(code, "%s is %s: an identifier needs at least one character", what,
	                       name ? "empty" : "NULL");
}

/* The size of each version's struct: a program built against version 1 passes a shorter one. */
static size_t rel_options_size(unsigned int version)
{
	switch (version) {
	case 1: return offsetof(assoc_relationship_options, secondary_owner_keys);
	case 2: return sizeof(assoc_relationship_options);
	default: return 0;
	}
}

int assoc_relationship_options_init(assoc_relationship_options *opts, unsigned int version)
{
	size_t size = rel_options_size(version);
	if (!opts || !size)
		return assoc_error_set(ASSOC_EINVAL, "assoc_relationship_options_init: unsupported version %u", version);
	assoc_relationship_options init = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	init.version = version;
	memcpy(opts, &init, size);
	return 0;
}

/* src, of any supported version, as the current version (defaults for the fields it lacks); -1 if unsupported. */
static int rel_options_upgrade(assoc_relationship_options *dst, const assoc_relationship_options *src)
{
	size_t size = rel_options_size(src->version);
	if (!size)
		return -1;
	assoc_relationship_options init = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	*dst = init;
	memcpy(dst, src, size);
	dst->version = ASSOC_RELATIONSHIP_OPTIONS_VERSION;
	return 0;
}

static struct assoc_mapper *find_mapper(const assoc_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		if (!strcmp(m->name, name))
			return m;
	}
	return NULL;
}

int assoc_mapper_new(assoc_mapper **out, assoc_registry *reg, const char *name, const char *table_name)
{
	if (!out || !reg || !name || !table_name)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_new: NULL argument");
	*out = NULL;
	if (reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_mapper_new: the registry is configured and can no longer change");
	if (!*name)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_new: empty mapper name");
	if (find_mapper(reg, name))
		return assoc_error_set(ASSOC_EEXISTS, "mapper '%s' is already defined", name);
	struct assoc_table *t;
	if (assoc_registry_table(&t, reg, table_name))
		return assoc_error_set(ASSOC_ENOTFOUND, "mapper '%s': no table named '%s'", name, table_name);
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *other = reg->mappers.items[i];
		if (other->table == t)
			return assoc_error_set(ASSOC_EEXISTS, "mapper '%s': table '%s' is already mapped by '%s'",
			                       name, table_name, other->name);
	}
	struct assoc_mapper *m = mem_calloc(1, sizeof *m);
	if (!m || !(m->name = xstrdup(name)) || !(m->table_name = xstrdup(table_name)) ||
	    pv_push(&reg->mappers, m)) {
		if (m) {
			mem_free(m->name);
			mem_free(m->table_name);
		}
		mem_free(m);
		return err_oom();
	}
	m->reg = reg;
	m->table = t;
	m->index = (int)reg->mappers.len - 1;
	*out = m;
	return 0;
}

static int dup_opt(char **dst, const char *src)
{
	if (!src) {
		*dst = NULL;
		return 0;
	}
	return (*dst = xstrdup(src)) ? 0 : -1;
}

void relationship_clear_keys(struct relationship *r)
{
	mem_free(r->parent_cols);
	mem_free(r->child_cols);
	mem_free(r->owner_cols);
	mem_free(r->sec_owner_cols);
	mem_free(r->target_cols);
	mem_free(r->sec_target_cols);
	r->parent_cols = r->child_cols = r->owner_cols = r->sec_owner_cols = NULL;
	r->target_cols = r->sec_target_cols = NULL;
}

void relationship_free(struct relationship *r)
{
	mem_free(r->target_name);
	mem_free(r->secondary_name);
	mem_free(r->foreign_keys);
	mem_free(r->order_by_text);
	mem_free(r->cascade_text);
	mem_free(r->back_populates);
	mem_free(r->backref);
	mem_free(r->dict_key_name);
	mem_free(r->sec_owner_keys);
	mem_free(r->sec_target_keys);
	if (r->backref_opts) {
		for (int i = 0; i < 6; i++)
			mem_free(r->backref_opts->strings[i]);
		mem_free(r->backref_opts);
	}
	relationship_clear_keys(r);
	mem_free(r->order_by);
	mem_free(r->lazy_sql);
	mem_free(r->secondary_insert_sql);
	mem_free(r->secondary_delete_sql);
	mem_free(r->secondary_delete_all_sql);
	mem_free(r);
}

static int copy_backref_options(struct relationship *r, const assoc_relationship_options *b)
{
	struct relationship_backref *bo = mem_calloc(1, sizeof *bo);
	if (!bo)
		return -1;
	bo->opts = *b;
	const char *src[6] = { b->foreign_keys, b->order_by, b->cascade, b->dict_key,
	                       b->secondary_owner_keys, b->secondary_target_keys };
	const char **dst[6] = { &bo->opts.foreign_keys, &bo->opts.order_by, &bo->opts.cascade,
	                        &bo->opts.dict_key, &bo->opts.secondary_owner_keys, &bo->opts.secondary_target_keys };
	r->backref_opts = bo;
	for (int i = 0; i < 6; i++) {
		if (dup_opt(&bo->strings[i], src[i]))
			return -1;
		*dst[i] = bo->strings[i];
	}
	bo->opts.backref = NULL;
	bo->opts.backref_options = NULL;
	bo->opts.back_populates = NULL;
	return 0;
}

/*
 * Give attribute a its name and list it: its item (relationship or proxy) goes
 * into vec, whose index becomes a->slot. On failure nothing is listed.
 */
int mapper_register_attr(struct assoc_mapper *m, struct assoc_attr *a, const char *name, ptrvec *vec, void *item)
{
	if (!(a->name = xstrdup(name)) || pv_push(vec, item))
		return -1;
	a->slot = (int)vec->len - 1;
	if (pv_push(&m->attrs, a)) {
		vec->len--;
		return -1;
	}
	return 0;
}

/* Add a relationship attribute (also used to make backrefs while configuring). */
int mapper_add_relationship(struct assoc_mapper *m, const char *name,
                            const assoc_relationship_options *o, int from_backref)
{
	if (mapper_find_attr(m, name) || table_column(m->table, name))
		return assoc_error_set(ASSOC_EEXISTS, "mapper '%s' already has an attribute '%s'", m->name, name);
	struct relationship *r = mem_calloc(1, sizeof *r);
	struct assoc_attr *a = mem_calloc(1, sizeof *a);
	if (!r || !a)
		goto oom;
	r->attr = a;
	r->uselist_opt = o->uselist;
	r->collection = o->collection;
	r->passive_updates = o->passive_updates;
	r->passive_deletes = o->passive_deletes;
	r->lazy = o->lazy;
	r->post_update = o->post_update;
	r->from_backref = from_backref;
	if (dup_opt(&r->target_name, o->target) || dup_opt(&r->secondary_name, o->secondary) ||
	    dup_opt(&r->foreign_keys, o->foreign_keys) || dup_opt(&r->order_by_text, o->order_by) ||
	    dup_opt(&r->cascade_text, o->cascade) || dup_opt(&r->back_populates, o->back_populates) ||
	    dup_opt(&r->backref, o->backref) || dup_opt(&r->dict_key_name, o->dict_key) ||
	    dup_opt(&r->sec_owner_keys, o->secondary_owner_keys) ||
	    dup_opt(&r->sec_target_keys, o->secondary_target_keys) ||
	    (o->backref_options && copy_backref_options(r, o->backref_options)))
		goto oom;
	a->mapper = m;
	a->kind = ASSOC_ATTR_RELATIONSHIP;
	a->rel = r;
	if (mapper_register_attr(m, a, name, &m->rels, r))
		goto oom;
	return 0;
oom:
	if (a)
		mem_free(a->name);
	mem_free(a);
	if (r)
		relationship_free(r);
	return err_oom();
}

int assoc_mapper_add_relationship(assoc_mapper *m, const char *name, const assoc_relationship_options *given)
{
	if (!m || !name || !given)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_add_relationship: NULL argument");
	if (m->reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_mapper_add_relationship: the registry is configured and can no longer change");
	assoc_relationship_options opts, back;
	if (rel_options_upgrade(&opts, given))
		return assoc_error_set(ASSOC_EINVAL, "relationship '%s.%s': assoc_relationship_options version %u is not supported",
		                       m->name, name, given->version);
	if (opts.backref_options) {
		if (rel_options_upgrade(&back, opts.backref_options))
			return assoc_error_set(ASSOC_EINVAL, "relationship '%s.%s': backref_options version %u is not supported",
			                       m->name, name, opts.backref_options->version);
		opts.backref_options = &back;
	}
	const assoc_relationship_options *o = &opts;
	if ((o->post_update != 0 && o->post_update != 1) ||
	    (o->backref_options && o->backref_options->post_update != 0 && o->backref_options->post_update != 1))
		return assoc_error_set(ASSOC_EINVAL, "relationship '%s.%s': post_update must be 0 or 1", m->name, name);
	if (!o->target)
		return assoc_error_set(ASSOC_EINVAL, "relationship '%s.%s': no target mapper given", m->name, name);
	if (!*name)
		return assoc_error_set(ASSOC_EINVAL, "mapper '%s': empty relationship name", m->name);
	if (o->collection < ASSOC_COLLECTION_LIST || o->collection > ASSOC_COLLECTION_SCALAR ||
	    o->lazy < ASSOC_LAZY_DEFAULT || o->lazy > ASSOC_LAZY_SELECT)
		return assoc_error_set(ASSOC_EINVAL, "relationship '%s.%s': unknown collection kind or loading strategy", m->name, name);
	return mapper_add_relationship(m, name, o, 0);
}

int assoc_registry_mapper(assoc_mapper **out, assoc_registry *reg, const char *name)
{
	if (!out || !reg || !name)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_mapper: NULL argument");
	*out = find_mapper(reg, name);
	return *out ? 0 : assoc_error_set(ASSOC_ENOTFOUND, "no mapper named '%s'", name);
}

int assoc_registry_is_configured(const assoc_registry *reg) { return reg && reg->configured; }

const char *assoc_mapper_name(const assoc_mapper *m) { return m ? m->name : NULL; }
assoc_table *assoc_mapper_table(const assoc_mapper *m) { return m ? m->table : NULL; }

struct assoc_attr *mapper_find_attr(const assoc_mapper *m, const char *name)
{
	for (size_t i = 0; i < m->attrs.len; i++) {
		struct assoc_attr *a = m->attrs.items[i];
		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

int mapper_attr_or_error(struct assoc_attr **out, const assoc_mapper *m, const char *name)
{
	*out = name ? mapper_find_attr(m, name) : NULL;
	if (*out)
		return 0;
	return assoc_error_set(ASSOC_ENOTFOUND, "mapper '%s' has no attribute '%s'", m->name, name ? name : "(null)");
}

int assoc_mapper_attr(assoc_attr **out, assoc_mapper *m, const char *name)
{
	if (!out || !m)
		return assoc_error_set(ASSOC_EINVAL, "assoc_mapper_attr: NULL argument");
	*out = NULL;
	if (!m->reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "mapper '%s': attributes resolve once the registry is configured", m->name);
	return mapper_attr_or_error(out, m, name);
}

size_t assoc_mapper_attr_count(const assoc_mapper *m) { return m && m->reg->configured ? m->attrs.len : 0; }

assoc_attr *assoc_mapper_attr_at(const assoc_mapper *m, size_t i)
{
	return m && m->reg->configured && i < m->attrs.len ? m->attrs.items[i] : NULL;
}

const char *assoc_attr_name(const assoc_attr *a) { return a ? a->name : NULL; }
assoc_attr_kind assoc_attr_kind_of(const assoc_attr *a) { return a ? a->kind : ASSOC_ATTR_COLUMN; }
assoc_mapper *assoc_attr_mapper(const assoc_attr *a) { return a ? a->mapper : NULL; }
assoc_mapper *assoc_attr_target(const assoc_attr *a) { return a && a->rel ? a->rel->target : NULL; }

assoc_collection_kind assoc_attr_collection_kind(const assoc_attr *a)
{
	if (a && a->proxy && a->mapper->reg->configured)
		return a->proxy->kind;
	if (!a || !a->rel || !a->rel->uselist)
		return ASSOC_COLLECTION_SCALAR;
	return a->rel->collection;
}
