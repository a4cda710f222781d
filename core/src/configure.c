/*
 * configure.c - freezing a registry: foreign keys, table order, relationships, SQL.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int mapper_add_relationship(struct assoc_mapper *m, const char *name,
                            const assoc_relationship_options *o, int from_backref);

static struct assoc_table *reg_table(assoc_registry *reg, const char *name)
{
	struct assoc_table *t = NULL;
	if (assoc_registry_table(&t, reg, name))
		assoc_error_clear();
	return t;
}

/* Resolve every foreign key's referenced table and columns, and inferred column types. */
static int resolve_foreign_keys(assoc_registry *reg)
{
	for (int pass = 0; pass < 2; pass++) /* a second pass settles INFER chains */
		for (size_t i = 0; i < reg->tables.len; i++) {
			struct assoc_table *t = reg->tables.items[i];
			for (size_t j = 0; j < t->fks.len; j++) {
				struct foreign_key *fk = t->fks.items[j];
				struct column *first = t->columns.items[fk->cols[0]];
				fk->ref_table = reg_table(reg, fk->ref_table_name);
				if (!fk->ref_table)
					return assoc_error_set(ASSOC_ECONFIG, "foreign key on '%s.%s' references table '%s', which is not defined",
					                       t->name, first->name, fk->ref_table_name);
				if (!fk->ref_cols && !(fk->ref_cols = mem_alloc(fk->n * sizeof *fk->ref_cols)))
					return err_oom();
				for (size_t k = 0; k < fk->n; k++) {
					struct column *c = t->columns.items[fk->cols[k]];
					struct column *ref = table_column(fk->ref_table, fk->ref_col_names[k]);
					if (!ref)
						return assoc_error_set(ASSOC_ECONFIG, "foreign key on '%s.%s' references '%s.%s', which is not defined",
						                       t->name, c->name, fk->ref_table_name, fk->ref_col_names[k]);
					fk->ref_cols[k] = ref->index;
					if (c->type == ASSOC_TYPE_INFER && ref->type != ASSOC_TYPE_INFER)
						c->type = ref->type;
				}
			}
		}
	for (size_t i = 0; i < reg->tables.len; i++) {
		struct assoc_table *t = reg->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) { /* the defaults of inferred types, now known */
			int rc = check_column_default(t->columns.items[j], t->name);
			if (rc)
				return rc;
		}
		t->rowid_pk = -1;
		if (t->npk == 1) {
			struct column *c = t->columns.items[t->pk[0]];
			if (c->type == ASSOC_TYPE_INTEGER && c->autoincrement != 0)
				t->rowid_pk = c->index;
		}
	}
	return 0;
}

/* Order tables so that referenced tables come first (self references ignored). */
static int sort_tables(assoc_registry *reg)
{
	size_t n = reg->tables.len;
	struct assoc_table **out = mem_alloc((n ? n : 1) * sizeof *out);
	char *done = mem_calloc(n ? n : 1, 1);
	if (!out || !done) {
		mem_free(out);
		mem_free(done);
		return err_oom();
	}
	size_t k = 0;
	while (k < n) {
		int progress = 0;
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			struct assoc_table *t = reg->tables.items[i];
			int ready = 1;
			for (size_t j = 0; j < t->fks.len && ready; j++) {
				struct foreign_key *fk = t->fks.items[j];
				if (fk->ref_table == t || fk->post_update)
					continue;
				for (size_t x = 0; x < n; x++)
					if (reg->tables.items[x] == fk->ref_table && !done[x])
						ready = 0;
			}
			if (ready) {
				done[i] = 1;
				t->rank = (int)k;
				out[k++] = t;
				progress = 1;
			}
		}
		if (!progress) /* a cycle: take the next table as is */
			for (size_t i = 0; i < n; i++)
				if (!done[i]) {
					done[i] = 1;
					((struct assoc_table *)reg->tables.items[i])->rank = (int)k;
					out[k++] = reg->tables.items[i];
					break;
				}
	}
	mem_free(done);
	mem_free(reg->sorted);
	reg->sorted = out;
	return 0;
}

/* Rebuild each mapper's column attributes (columns first, then relationships). */
static int build_column_attrs(assoc_registry *reg)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		ptrvec attrs = { 0 };
		for (size_t j = 0; j < m->table->columns.len; j++) {
			struct column *c = m->table->columns.items[j];
			struct assoc_attr *a = mem_calloc(1, sizeof *a);
			if (!a || !(a->name = xstrdup(c->name)) || pv_push(&attrs, a)) {
				if (a)
					mem_free(a->name);
				mem_free(a);
				goto oom;
			}
			a->mapper = m;
			a->kind = ASSOC_ATTR_COLUMN;
			a->slot = c->index;
			a->col = c;
			continue;
		oom:
			for (size_t x = 0; x < attrs.len; x++) {
				mem_free(((struct assoc_attr *)attrs.items[x])->name);
				mem_free(attrs.items[x]);
			}
			pv_free(&attrs);
			return err_oom();
		}
		for (size_t j = 0; j < m->attrs.len; j++) {
			struct assoc_attr *a = m->attrs.items[j];
			if (a->kind == ASSOC_ATTR_COLUMN) {
				mem_free(a->name);
				mem_free(a);
			} else if (pv_push(&attrs, a)) {
				/* keep the old vector intact on failure */
				for (size_t x = 0; x < m->table->columns.len; x++) {
					mem_free(((struct assoc_attr *)attrs.items[x])->name);
					mem_free(attrs.items[x]);
				}
				pv_free(&attrs);
				return err_oom();
			}
		}
		pv_free(&m->attrs);
		m->attrs = attrs;
		m->ncols = m->table->columns.len;
	}
	return 0;
}

static int make_backrefs(assoc_registry *reg)
{
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->rels.len; j++) {
			struct relationship *r = m->rels.items[j];
			if (!r->backref)
				continue;
			struct assoc_mapper *target;
			if (assoc_registry_mapper(&target, reg, r->target_name))
				return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': no mapper named '%s'",
				                       m->name, r->attr->name, r->target_name);
			struct assoc_attr *existing = mapper_find_attr(target, r->backref);
			if (existing) {
				if (existing->rel && existing->rel->from_backref &&
				    !strcmp(existing->rel->target_name, m->name))
					continue; /* made by an earlier configure attempt */
				return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': backref '%s' clashes with an existing attribute of '%s'",
				                       m->name, r->attr->name, r->backref, target->name);
			}
			assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
			if (r->backref_opts)
				o = r->backref_opts->opts;
			else /* as SQLAlchemy's backref(): the forward side's passive_updates */
				o.passive_updates = r->passive_updates;
			o.target = m->name;
			o.secondary = r->secondary_name;
			if (!o.secondary_owner_keys && !o.secondary_target_keys) { /* the other way through the secondary */
				o.secondary_owner_keys = r->sec_target_keys;
				o.secondary_target_keys = r->sec_owner_keys;
			}
			if (!o.foreign_keys)
				o.foreign_keys = r->foreign_keys;
			/* self-referential: the backref runs the other way (SQLAlchemy sets its remote_side) */
			if (target == m && !r->secondary_name && o.uselist < 0)
				o.uselist = r->uselist_opt == 0;
			o.back_populates = r->attr->name;
			o.backref = NULL;
			o.backref_options = NULL;
			int rc = mapper_add_relationship(target, r->backref, &o, 1);
			if (rc)
				return rc;
			mem_free(r->back_populates);
			if (!(r->back_populates = xstrdup(r->backref)))
				return err_oom();
		}
	}
	return 0;
}

static int parse_cascade(struct relationship *r, const char *owner)
{
	const char *text = r->cascade_text ? r->cascade_text : "save-update, merge";
	unsigned flags = 0;
	const char *p = text;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && *p != ',' && !isspace((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - start);
		if (!n)
			break;
#define IS(word) (n == sizeof(word) - 1 && !strncmp(start, word, n))
		if (IS("all"))
			flags |= CASCADE_SAVE_UPDATE | CASCADE_MERGE | CASCADE_DELETE | CASCADE_EXPUNGE | CASCADE_REFRESH;
		else if (IS("save-update"))
			flags |= CASCADE_SAVE_UPDATE;
		else if (IS("merge"))
			flags |= CASCADE_MERGE;
		else if (IS("delete"))
			flags |= CASCADE_DELETE;
		else if (IS("delete-orphan"))
			flags |= CASCADE_DELETE_ORPHAN;
		else if (IS("expunge"))
			flags |= CASCADE_EXPUNGE;
		else if (IS("refresh-expire"))
			flags |= CASCADE_REFRESH;
		else if (!IS("none"))
			return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': unknown cascade '%.*s' in \"%s\"",
			                       owner, r->attr->name, (int)n, start, text);
#undef IS
	}
	r->cascade = flags;
	return 0;
}

/* Does the foreign_keys option name every column of fk (on table t)? */
/*
 * One part of a name list: as is up to stop characters, or in double quotes
 * ("" for a quote) when it holds them. Returns where the part ends.
 */
static const char *list_name(const char *p, const char *stops, strbuf *out)
{
	if (*p != '"') {
		const char *start = p;
		while (*p && !strchr(stops, *p) && !isspace((unsigned char)*p))
			p++;
		sb_addn(out, start, (size_t)(p - start));
		return p;
	}
	for (p++; *p && (*p != '"' || p[1] == '"'); p++) {
		sb_addn(out, p, 1);
		if (*p == '"')
			p++; /* the second of a doubled quote */
	}
	return *p == '"' ? p + 1 : p;
}

/* 1 when every column of fk is in list ("col" or "table.col", either part may be quoted); -1 on OOM. */
static int fk_listed(const char *list, const struct assoc_table *t, const struct foreign_key *fk)
{
	for (size_t k = 0; k < fk->n; k++) {
		const char *col = ((struct column *)t->columns.items[fk->cols[k]])->name;
		int found = 0;
		const char *p = list;
		while (*p && !found) {
			while (*p == ',' || isspace((unsigned char)*p))
				p++;
			if (!*p)
				break;
			strbuf a, b;
			sb_init(&a);
			sb_init(&b);
			p = list_name(p, ",.", &a);
			int qualified = *p == '.';
			if (qualified)
				p = list_name(p + 1, ",", &b);
			if (a.oom || b.oom)
				found = -1;
			else if (qualified)
				found = !strcmp(sb_str(&a), t->name) && !strcmp(sb_str(&b), col);
			else
				found = a.len && !strcmp(sb_str(&a), col);
			sb_free(&a);
			sb_free(&b);
			while (*p && *p != ',')
				p++; /* anything else up to the next comma is not part of the name */
		}
		if (found <= 0)
			return found;
	}
	return 1;
}

/* The foreign keys of `from` that reference `to`, filtered by foreign_keys when given. */
static size_t find_fks(struct foreign_key **out, size_t max, struct assoc_table *from,
                       struct assoc_table *to, const char *listed)
{
	size_t n = 0;
	for (size_t i = 0; i < from->fks.len; i++) {
		struct foreign_key *fk = from->fks.items[i];
		if (fk->ref_table != to || (listed && fk_listed(listed, from, fk) != 1))
			continue;
		if (n < max)
			out[n] = fk;
		n++;
	}
	return n;
}

static int *dup_ints(const int *src, size_t n)
{
	int *p = mem_alloc((n ? n : 1) * sizeof *p);
	if (p)
		memcpy(p, src, n * sizeof *p);
	return p;
}

/* The one foreign key of S to table to that keys names ("col, ..." of S), or an error naming opt. */
static int named_secondary_fk(struct foreign_key **out, struct relationship *r, struct assoc_mapper *m,
                              struct assoc_table *to, const char *keys, const char *opt)
{
	struct foreign_key *fks[2];
	struct assoc_table *S = r->secondary;
	size_t n = find_fks(fks, 2, S, to, keys);
	if (n == 1) {
		*out = fks[0];
		return 0;
	}
	return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': %s \"%s\" names %s foreign key of secondary table '%s' to table '%s'",
	                       m->name, r->attr->name, opt, keys, n ? "more than one" : "no", S->name, to->name);
}

static int resolve_secondary(struct relationship *r, struct assoc_mapper *m)
{
	struct foreign_key *own[2], *tgt[2];
	struct assoc_table *S = r->secondary, *L = m->table, *R = r->target->table;
	int rc;
	size_t no = find_fks(own, 2, S, L, NULL), nt = find_fks(tgt, 2, S, R, NULL);
	if (r->post_update)
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': post_update is for a foreign key of a mapped table, not a many-to-many through '%s'",
		                       m->name, r->attr->name, S->name);
	if (L == R && (!r->sec_owner_keys || !r->sec_target_keys))
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': self-referential many-to-many through '%s': "
		                       "name the secondary's columns to the owner and to the target with secondary_owner_keys and secondary_target_keys",
		                       m->name, r->attr->name, S->name);
	if (r->sec_owner_keys) {
		if ((rc = named_secondary_fk(own, r, m, L, r->sec_owner_keys, "secondary_owner_keys")))
			return rc;
		no = 1;
	} else if (no > 1 && r->foreign_keys)
		no = find_fks(own, 2, S, L, r->foreign_keys);
	if (r->sec_target_keys) {
		if ((rc = named_secondary_fk(tgt, r, m, R, r->sec_target_keys, "secondary_target_keys")))
			return rc;
		nt = 1;
	} else if (nt > 1 && r->foreign_keys)
		nt = find_fks(tgt, 2, S, R, r->foreign_keys);
	if (no != 1 || nt != 1) {
		const char *which = no != 1 ? L->name : R->name;
		return assoc_error_set(ASSOC_ECONFIG,
		                       "relationship '%s.%s': secondary table '%s' has %s foreign key to table '%s'%s",
		                       m->name, r->attr->name, S->name, (no != 1 ? no : nt) ? "more than one" : "no",
		                       which, (no != 1 ? no : nt) ? "; name the ones to use with foreign_keys" : "");
	}
	if (own[0] == tgt[0])
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': secondary_owner_keys and secondary_target_keys name the same foreign key of '%s'",
		                       m->name, r->attr->name, S->name);
	r->dir = REL_MANYTOMANY;
	r->nsec_owner = own[0]->n;
	r->nsec_target = tgt[0]->n;
	r->sec_owner_cols = dup_ints(own[0]->cols, own[0]->n);
	r->owner_cols = dup_ints(own[0]->ref_cols, own[0]->n);
	r->sec_target_cols = dup_ints(tgt[0]->cols, tgt[0]->n);
	r->target_cols = dup_ints(tgt[0]->ref_cols, tgt[0]->n);
	if (!r->sec_owner_cols || !r->owner_cols || !r->sec_target_cols || !r->target_cols)
		return err_oom();
	return 0;
}

static int resolve_direct(struct relationship *r, struct assoc_mapper *m)
{
	struct foreign_key *o2m[4], *m2o[4];
	struct assoc_table *L = m->table, *R = r->target->table;
	size_t n_o2m = find_fks(o2m, 4, R, L, r->foreign_keys);
	size_t n_m2o = L == R ? 0 : find_fks(m2o, 4, L, R, r->foreign_keys);
	if (L == R && r->uselist_opt == 0) { /* self-referential scalar: many-to-one */
		n_m2o = n_o2m;
		memcpy(m2o, o2m, sizeof o2m);
		n_o2m = 0;
	}
	if (n_o2m + n_m2o == 0)
		return assoc_error_set(ASSOC_ECONFIG,
		                       "relationship '%s.%s': no foreign key links tables '%s' and '%s'%s",
		                       m->name, r->attr->name, L->name, R->name,
		                       r->foreign_keys ? " among the given foreign_keys" : "; add one, or name it with foreign_keys");
	if (n_o2m + n_m2o > 1)
		return assoc_error_set(ASSOC_ECONFIG,
		                       "relationship '%s.%s': several foreign key paths link tables '%s' and '%s'; name the ones to use with foreign_keys",
		                       m->name, r->attr->name, L->name, R->name);
	struct foreign_key *fk = n_o2m ? o2m[0] : m2o[0];
	r->dir = n_o2m ? REL_ONETOMANY : REL_MANYTOONE;
	if (r->post_update)
		fk->post_update = 1; /* the rows it links need no order: sort_tables skips it */
	r->nkeys = fk->n;
	r->child_cols = dup_ints(fk->cols, fk->n);
	r->parent_cols = dup_ints(fk->ref_cols, fk->n);
	if (!r->child_cols || !r->parent_cols)
		return err_oom();
	return 0;
}

static int parse_order_by(struct relationship *r, struct assoc_mapper *m)
{
	mem_free(r->order_by);
	r->order_by = NULL;
	r->norder = 0;
	if (!r->order_by_text)
		return 0;
	const char *p = r->order_by_text;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		/* a name as is, or in double quotes ("" for a quote) when it has spaces or commas */
		strbuf nb;
		sb_init(&nb);
		if (*p == '"') {
			for (p++; *p && (*p != '"' || p[1] == '"'); p++) {
				sb_addn(&nb, p, 1);
				if (*p == '"')
					p++; /* the second of a doubled quote */
			}
			if (*p == '"')
				p++;
		} else {
			const char *start = p;
			while (*p && *p != ',' && !isspace((unsigned char)*p))
				p++;
			sb_addn(&nb, start, (size_t)(p - start));
		}
		if (nb.oom) {
			sb_free(&nb);
			return err_oom();
		}
		const char *name = sb_str(&nb);
		while (isspace((unsigned char)*p))
			p++;
		int desc = 0;
		if (!strncasecmp(p, "desc", 4) && (p[4] == 0 || p[4] == ',' || isspace((unsigned char)p[4]))) {
			desc = 1;
			p += 4;
		} else if (!strncasecmp(p, "asc", 3) && (p[3] == 0 || p[3] == ',' || isspace((unsigned char)p[3])))
			p += 3;
		int col = table_column_index(r->target->table, name);
		if (col < 0)
			assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': order_by column '%s' is not a column of '%s'",
			                m->name, r->attr->name, name, r->target->table->name);
		sb_free(&nb);
		if (col < 0)
			return ASSOC_ECONFIG;
		struct order_term *o = mem_realloc(r->order_by, (r->norder + 1) * sizeof *o);
		if (!o)
			return err_oom();
		r->order_by = o;
		o[r->norder].col = col;
		o[r->norder].desc = desc;
		r->norder++;
	}
	return 0;
}

static int resolve_relationship(assoc_registry *reg, struct assoc_mapper *m, struct relationship *r)
{
	int rc;
	const char *mn = m->name, *rn = r->attr->name;
	relationship_clear_keys(r);
	r->reverse = NULL;
	r->dict_key = NULL;
	struct assoc_mapper *target = NULL;
	if (assoc_registry_mapper(&target, reg, r->target_name))
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': no mapper named '%s'", mn, rn, r->target_name);
	r->target = target;
	r->secondary = NULL;
	if (r->secondary_name) {
		if (!(r->secondary = reg_table(reg, r->secondary_name)))
			return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': secondary table '%s' is not defined",
			                       mn, rn, r->secondary_name);
		rc = resolve_secondary(r, m);
	} else
		rc = resolve_direct(r, m);
	if (rc)
		return rc;
	r->uselist = r->uselist_opt < 0 ? r->dir != REL_MANYTOONE : r->uselist_opt != 0;
	if ((rc = parse_cascade(r, mn)) || (rc = parse_order_by(r, m)))
		return rc;
	if (r->uselist && r->collection == ASSOC_COLLECTION_SCALAR)
		r->uselist = 0;
	if (r->uselist && r->collection == ASSOC_COLLECTION_DICT) {
		if (!r->dict_key_name)
			return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': a DICT collection needs dict_key", mn, rn);
		struct assoc_attr *k = mapper_find_attr(target, r->dict_key_name);
		if (!k || k->kind != ASSOC_ATTR_COLUMN)
			return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': dict_key '%s' is not a column attribute of '%s'",
			                       mn, rn, r->dict_key_name, target->name);
		r->dict_key = k;
	}
	return 0;
}

static int link_back_populates(struct assoc_mapper *m, struct relationship *r)
{
	if (!r->back_populates)
		return 0;
	struct assoc_attr *a = mapper_find_attr(r->target, r->back_populates);
	if (!a || a->kind != ASSOC_ATTR_RELATIONSHIP)
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': back_populates '%s' is not a relationship of '%s'",
		                       m->name, r->attr->name, r->back_populates, r->target->name);
	struct relationship *rev = a->rel;
	if (rev->target != m)
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': back_populates '%s.%s' targets '%s', not '%s'",
		                       m->name, r->attr->name, r->target->name, a->name, rev->target->name, m->name);
	int complementary = (r->dir == REL_MANYTOMANY && rev->dir == REL_MANYTOMANY) ||
	                    (r->dir == REL_ONETOMANY && rev->dir == REL_MANYTOONE) ||
	                    (r->dir == REL_MANYTOONE && rev->dir == REL_ONETOMANY);
	if (!complementary)
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': back_populates '%s.%s' does not run the other way over the same keys",
		                       m->name, r->attr->name, r->target->name, a->name);
	if (r->dir == REL_MANYTOMANY && r->secondary == rev->secondary &&
	    (r->nsec_owner != rev->nsec_target ||
	     memcmp(r->sec_owner_cols, rev->sec_target_cols, r->nsec_owner * sizeof *r->sec_owner_cols)))
		return assoc_error_set(ASSOC_ECONFIG, "relationship '%s.%s': back_populates '%s.%s' uses the same columns of '%s' for its owner; "
		                       "its secondary_owner_keys must be this one's secondary_target_keys",
		                       m->name, r->attr->name, r->target->name, a->name, r->secondary->name);
	r->reverse = rev;
	rev->reverse = r;
	return 0;
}

static void add_cols(strbuf *sb, const struct assoc_table *t)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		if (i)
			sb_add(sb, ", ");
		sb_ident(sb, ((struct column *)t->columns.items[i])->name);
	}
}

/* " AND "-joined "t.col = ?" over cols of t */
static void add_where(strbuf *sb, const struct assoc_table *t, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sb_add(sb, i ? " AND " : "");
		sb_ident(sb, t->name);
		sb_add(sb, ".");
		sb_ident(sb, ((struct column *)t->columns.items[cols[i]])->name);
		sb_add(sb, " = ?");
	}
}

/* "DELETE FROM t WHERE t.c1 = ? AND ..." */
static void add_delete_where(strbuf *sb, const struct assoc_table *t, const int *cols, size_t n)
{
	sb_add(sb, "DELETE FROM ");
	sb_ident(sb, t->name);
	sb_add(sb, " WHERE ");
	add_where(sb, t, cols, n);
}

static char *col_name(const struct assoc_table *t, int i) { return ((struct column *)t->columns.items[i])->name; }

static int build_mapper_sql(struct assoc_mapper *m)
{
	struct assoc_table *t = m->table;
	strbuf sb;
	sb_init(&sb);
	for (size_t i = 0, k = 0; i < t->columns.len; i++) { /* the columns a load selects: deferred ones stay out */
		if (m->selpos[i] < 0)
			continue;
		sb_add(&sb, k++ ? ", " : "");
		sb_ident(&sb, t->name);
		sb_add(&sb, ".");
		sb_ident(&sb, col_name(t, (int)i));
	}
	mem_free(m->select_cols);
	m->select_cols = sb_take(&sb);

	sb_add(&sb, "INSERT INTO ");
	sb_ident(&sb, t->name);
	sb_add(&sb, " (");
	add_cols(&sb, t);
	sb_add(&sb, ") VALUES (");
	for (size_t i = 0; i < t->columns.len; i++)
		sb_add(&sb, i ? ", ?" : "?");
	sb_add(&sb, ")");
	mem_free(m->insert_sql);
	m->insert_sql = sb_take(&sb);

	/* The same INSERT leaving out a generated key and reading it back (keys_by_returning dialects). */
	mem_free(m->insert_returning_sql);
	m->insert_returning_sql = NULL;
	if (t->rowid_pk >= 0) {
		sb_add(&sb, "INSERT INTO ");
		sb_ident(&sb, t->name);
		if (t->columns.len == 1)
			sb_add(&sb, " DEFAULT VALUES");
		else {
			sb_add(&sb, " (");
			for (size_t i = 0, k = 0; i < t->columns.len; i++)
				if ((int)i != t->rowid_pk) {
					sb_add(&sb, k++ ? ", " : "");
					sb_ident(&sb, col_name(t, (int)i));
				}
			sb_add(&sb, ") VALUES (");
			for (size_t k = 0; k + 1 < t->columns.len; k++)
				sb_add(&sb, k ? ", ?" : "?");
			sb_add(&sb, ")");
		}
		sb_add(&sb, " RETURNING ");
		sb_ident(&sb, col_name(t, t->rowid_pk));
		m->insert_returning_sql = sb_take(&sb);
		if (!m->insert_returning_sql)
			return err_oom();
	}

	sb_addf(&sb, "SELECT %s FROM ", m->select_cols ? m->select_cols : "");
	sb_ident(&sb, t->name);
	sb_add(&sb, " WHERE ");
	add_where(&sb, t, t->pk, t->npk);
	mem_free(m->select_pk_sql);
	m->select_pk_sql = sb_take(&sb);

	add_delete_where(&sb, t, t->pk, t->npk);
	mem_free(m->delete_sql);
	m->delete_sql = sb_take(&sb);
	return m->select_cols && m->insert_sql && m->select_pk_sql && m->delete_sql ? 0 : err_oom();
}

static void add_order_by(strbuf *sb, const struct relationship *r)
{
	for (size_t i = 0; i < r->norder; i++) {
		sb_add(sb, i ? ", " : " ORDER BY ");
		sb_ident(sb, r->target->table->name);
		sb_add(sb, ".");
		sb_ident(sb, col_name(r->target->table, r->order_by[i].col));
		if (r->order_by[i].desc)
			sb_add(sb, " DESC");
	}
}

static int build_relationship_sql(struct relationship *r)
{
	struct assoc_table *T = r->target->table;
	strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "SELECT %s FROM ", r->target->select_cols);
	sb_ident(&sb, T->name);
	if (r->dir == REL_MANYTOMANY) {
		struct assoc_table *S = r->secondary;
		sb_add(&sb, ", ");
		sb_ident(&sb, S->name);
		sb_add(&sb, " WHERE ");
		add_where(&sb, S, r->sec_owner_cols, r->nsec_owner);
		for (size_t i = 0; i < r->nsec_target; i++) {
			sb_add(&sb, " AND ");
			sb_ident(&sb, T->name);
			sb_add(&sb, ".");
			sb_ident(&sb, col_name(T, r->target_cols[i]));
			sb_add(&sb, " = ");
			sb_ident(&sb, S->name);
			sb_add(&sb, ".");
			sb_ident(&sb, col_name(S, r->sec_target_cols[i]));
		}
	} else {
		sb_add(&sb, " WHERE ");
		add_where(&sb, T, r->dir == REL_ONETOMANY ? r->child_cols : r->parent_cols, r->nkeys);
	}
	add_order_by(&sb, r);
	mem_free(r->lazy_sql);
	r->lazy_sql = sb_take(&sb);
	if (!r->lazy_sql)
		return err_oom();
	if (r->dir != REL_MANYTOMANY)
		return 0;

	struct assoc_table *S = r->secondary;
	sb_add(&sb, "INSERT INTO ");
	sb_ident(&sb, S->name);
	sb_add(&sb, " (");
	for (size_t i = 0; i < r->nsec_owner + r->nsec_target; i++) {
		sb_add(&sb, i ? ", " : "");
		sb_ident(&sb, col_name(S, i < r->nsec_owner ? r->sec_owner_cols[i] : r->sec_target_cols[i - r->nsec_owner]));
	}
	sb_add(&sb, ") VALUES (");
	for (size_t i = 0; i < r->nsec_owner + r->nsec_target; i++)
		sb_add(&sb, i ? ", ?" : "?");
	sb_add(&sb, ")");
	mem_free(r->secondary_insert_sql);
	r->secondary_insert_sql = sb_take(&sb);

	add_delete_where(&sb, S, r->sec_owner_cols, r->nsec_owner);
	mem_free(r->secondary_delete_all_sql);
	r->secondary_delete_all_sql = xstrdup(sb_str(&sb));
	sb_add(&sb, " AND ");
	add_where(&sb, S, r->sec_target_cols, r->nsec_target);
	mem_free(r->secondary_delete_sql);
	r->secondary_delete_sql = sb_take(&sb);
	return r->secondary_insert_sql && r->secondary_delete_sql && r->secondary_delete_all_sql ? 0 : err_oom();
}

static int cmp_mapper_rank(const void *a, const void *b)
{
	const struct assoc_mapper *x = *(struct assoc_mapper *const *)a, *y = *(struct assoc_mapper *const *)b;
	return x->table->rank - y->table->rank;
}

/* One naming-convention result must be a usable identifier. */
static int check_convention(const struct assoc_table *t, const char *pattern, const char *kind, const int *cols,
                            const struct foreign_key *fk)
{
	char *name = constraint_name_expand(pattern, t, cols, fk);
	if (!name)
		return err_oom();
	int empty = !*name;
	mem_free(name);
	if (empty)
		return assoc_error_set(ASSOC_ECONFIG, "table '%s': the naming convention for %s gives an empty name ('%s')",
		                       t->name, kind, pattern);
	return 0;
}

/* Each table's size, and the names create_all will give its unnamed constraints and indexes, before any DDL runs. */
static int check_constraint_names(const assoc_registry *reg)
{
	int rc = 0;
	for (size_t i = 0; i < reg->tables.len && !rc; i++) {
		const struct assoc_table *t = reg->tables.items[i];
		if (t->columns.len > ASSOC_MAX_COLUMNS)
			return assoc_error_set(ASSOC_ECONFIG, "table '%s' has %zu columns; ASSOC_MAX_COLUMNS is %d",
			                       t->name, t->columns.len, ASSOC_MAX_COLUMNS);
		if (t->npk && reg->naming[2])
			rc = check_convention(t, reg->naming[2], "pk", t->pk, NULL);
		for (size_t j = 0; j < t->columns.len && !rc; j++) {
			const struct column *c = t->columns.items[j];
			if (c->unique && reg->naming[1])
				rc = check_convention(t, reg->naming[1], "uq", &c->index, NULL);
			if (!rc && c->indexed)
				rc = check_convention(t, reg->naming[3] ? reg->naming[3] : "ix_%(column_0_label)s", "ix",
				                      &c->index, NULL);
		}
		for (size_t j = 0; j < t->uniques.len && !rc; j++) {
			const struct unique_constraint *u = t->uniques.items[j];
			if (!u->name && reg->naming[1])
				rc = check_convention(t, reg->naming[1], "uq", u->cols, NULL);
		}
		for (size_t j = 0; j < t->fks.len && !rc; j++) {
			const struct foreign_key *fk = t->fks.items[j];
			if (!fk->name && reg->naming[0])
				rc = check_convention(t, reg->naming[0], "fk", fk->cols, fk);
		}
	}
	return rc;
}

int assoc_registry_configure(assoc_registry *reg)
{
	if (!reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_configure: registry is NULL");
	if (reg->configured)
		return 0;
	int rc;
	for (size_t i = 0; i < reg->mappers.len; i++) { /* identity needs a key; association tables may go without */
		struct assoc_mapper *m = reg->mappers.items[i];
		if (!m->table->npk)
			return assoc_error_set(ASSOC_ECONFIG, "mapper '%s': table '%s' has no primary key; a mapped table needs one",
			                       m->name, m->table->name);
	}
	if ((rc = resolve_foreign_keys(reg)) || (rc = check_constraint_names(reg)) || (rc = sort_tables(reg)) || (rc = make_backrefs(reg)) ||
	    (rc = build_column_attrs(reg)) || (rc = configure_deferred(reg)))
		return rc;
	for (size_t i = 0; i < reg->tables.len; i++) {
		struct assoc_table *t = reg->tables.items[i];
		for (size_t j = 0; j < t->fks.len; j++)
			((struct foreign_key *)t->fks.items[j])->post_update = 0;
	}
	int nrels = 0;
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		if ((rc = build_mapper_sql(m)))
			return rc;
		for (size_t j = 0; j < m->rels.len; j++) {
			struct relationship *r = m->rels.items[j];
			r->index = nrels++;
			if ((rc = resolve_relationship(reg, m, r)))
				return rc;
		}
	}
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->rels.len; j++)
			if ((rc = link_back_populates(m, m->rels.items[j])) ||
			    (rc = build_relationship_sql(m->rels.items[j])))
				return rc;
	}
	if ((rc = configure_proxies(reg)) || (rc = check_deferred_keys(reg)) ||
	    (rc = sort_tables(reg))) /* again: without post_update's keys */
		return rc;
	struct assoc_mapper **sorted = mem_alloc((reg->mappers.len + 1) * sizeof *sorted);
	if (!sorted)
		return err_oom();
	if (reg->mappers.len) {
		memcpy(sorted, reg->mappers.items, reg->mappers.len * sizeof *sorted);
		qsort(sorted, reg->mappers.len, sizeof *sorted, cmp_mapper_rank);
	}
	mem_free(reg->mappers_sorted);
	reg->mappers_sorted = sorted;
	reg->nrels = nrels;
	reg->has_many_to_many = reg->has_delete_orphan = reg->has_post_update = 0;
	for (size_t i = 0; i < reg->mappers.len; i++) {
		struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->rels.len; j++) {
			struct relationship *r = m->rels.items[j];
			reg->has_many_to_many |= r->dir == REL_MANYTOMANY;
			reg->has_delete_orphan |= (r->cascade & CASCADE_DELETE_ORPHAN) != 0;
			r->post = r->post_update || (r->reverse && r->reverse->post_update);
			reg->has_post_update |= r->post;
		}
	}
	reg->configured = 1;
	return 0;
}
