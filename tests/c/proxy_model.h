/*
 * proxy_model.h - the model the association proxy tests share, and checked
 * shorthands for reading proxy views.
 *
 *   users(id, name)
 *   keywords(id, keyword TEXT, weight INTEGER)          Keyword
 *   user_kw(user_id, keyword_id), user_tags(user_id, keyword_id)
 *   notes(id, key TEXT, body TEXT, user_id)              Note
 *
 *   User.kw    LIST, secondary user_kw, order_by id      -> Keyword
 *   User.tags  SET, secondary user_tags, order_by id     -> Keyword
 *   User.notes DICT keyed by key, cascade "all, delete-orphan",
 *              back_populates Note.user                  -> Note
 *
 * pm_model() builds that; the tests add their proxies and then pm_open().
 * pm_standard() adds, with no creators:
 *   User.keywords    = proxy("kw", "keyword")    list of TEXT
 *   User.weights     = proxy("kw", "weight")     list of INTEGER
 *   User.tag_names   = proxy("tags", "keyword")  set of TEXT
 *   User.note_bodies = proxy("notes", "body")    dict TEXT -> TEXT
 */
#ifndef ASSOC_TEST_PROXY_MODEL_H
#define ASSOC_TEST_PROXY_MODEL_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

static inline void pm_link_table(assoc_registry *reg, const char *name)
{
	assoc_table *t = fx_table(reg, name);
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "users.id";
	CHECK_OK(assoc_table_add_column(t, "user_id", ASSOC_TYPE_INTEGER, &o));
	o.foreign_key = "keywords.id";
	CHECK_OK(assoc_table_add_column(t, "keyword_id", ASSOC_TYPE_INTEGER, &o));
}

/* The registry, tables, mappers and relationships above; no proxies yet. */
static inline assoc_mapper *pm_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *users = fx_table_id(f->reg, "users");
	fx_col(users, "name", ASSOC_TYPE_TEXT);
	assoc_table *kw = fx_table_id(f->reg, "keywords");
	fx_col(kw, "keyword", ASSOC_TYPE_TEXT);
	fx_col(kw, "weight", ASSOC_TYPE_INTEGER);
	pm_link_table(f->reg, "user_kw");
	pm_link_table(f->reg, "user_tags");
	assoc_table *notes = fx_table_id(f->reg, "notes");
	fx_col(notes, "key", ASSOC_TYPE_TEXT);
	fx_col(notes, "body", ASSOC_TYPE_TEXT);
	fx_fk(notes, "user_id", "users.id");

	assoc_mapper *user = fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_mapper *note = fx_mapper(f->reg, "Note", "notes");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_kw";
	r.order_by = "id";
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	r.secondary = "user_tags";
	r.collection = ASSOC_COLLECTION_SET;
	CHECK_OK(assoc_mapper_add_relationship(user, "tags", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Note";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = "key";
	r.cascade = "all, delete-orphan";
	r.back_populates = "user";
	CHECK_OK(assoc_mapper_add_relationship(user, "notes", &r));
	fx_rel(note, "user", "User", "notes", NULL);
	return user;
}

/* association_proxy(target_collection, attr, creator=creator) on m. */
static inline void pm_proxy(assoc_mapper *m, const char *name, const char *target_collection,
                            const char *attr, assoc_creator_fn creator, void *creator_data)
{
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = target_collection;
	p.attr = attr;
	p.creator = creator;
	p.creator_data = creator_data;
	CHECK_OK(assoc_mapper_add_proxy(m, name, &p));
}

static inline void pm_standard(assoc_mapper *user)
{
	pm_proxy(user, "keywords", "kw", "keyword", NULL, NULL);
	pm_proxy(user, "weights", "kw", "weight", NULL, NULL);
	pm_proxy(user, "tag_names", "tags", "keyword", NULL, NULL);
	pm_proxy(user, "note_bodies", "notes", "body", NULL, NULL);
}

/* pm_model + pm_standard + open, and a user "ann" (added) in *u. */
static inline void pm_open_standard(fx *f, assoc_object **u)
{
	pm_standard(pm_model(f));
	fx_open(f);
	*u = fx_add(f, "User", "name", "ann");
}

/* ---- reading values -------------------------------------------------------- */

static inline void pm_append_value(char *buf, size_t cap, const assoc_value *v)
{
	size_t len = strlen(buf);
	switch (v->kind) {
	case ASSOC_NULL: snprintf(buf + len, cap - len, "None"); break;
	case ASSOC_INTEGER: snprintf(buf + len, cap - len, "%" PRId64, v->u.integer); break;
	case ASSOC_TEXT:
		snprintf(buf + len, cap - len, "%.*s", (int)v->u.bytes.len, v->u.bytes.data);
		break;
	case ASSOC_OBJECT: snprintf(buf + len, cap - len, "%s", assoc_object_repr(v->u.object)); break;
	default: snprintf(buf + len, cap - len, "?"); break;
	}
}

static inline char *pm_buffer(void)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ & 3];
	b[0] = '\0';
	return b;
}

/* A view's values joined by ',' (a dict's as key=value), for CHECK_STR. */
static inline const char *pm_texts_(FX_AT, assoc_collection *c)
{
	char *b = pm_buffer();
	size_t n = 0;
	int rc = assoc_collection_len(&n, c);
	if (rc)
		check_fail_at(file, line, "assoc_collection_len: %s", check_last_error_());
	int dict = assoc_collection_kind_of(c) == ASSOC_COLLECTION_DICT;
	for (size_t i = 0; i < n; i++) {
		assoc_value v;
		if (i)
			strcat(b, ",");
		if (dict) {
			if ((rc = assoc_collection_key_at(&v, c, i)))
				check_fail_at(file, line, "assoc_collection_key_at: %s", check_last_error_());
			pm_append_value(b, 512, &v);
			strcat(b, "=");
		}
		if ((rc = assoc_collection_get(&v, c, i)))
			check_fail_at(file, line, "assoc_collection_get(%zu): %s", i, check_last_error_());
		pm_append_value(b, 512, &v);
	}
	return b;
}
#define pm_texts(c) pm_texts_(FX_HERE, (c))

/* [m.attr for m in o.rel] joined by ',' (a dict relationship: in key order of insertion). */
static inline const char *pm_rel_texts_(FX_AT, assoc_object *o, const char *rel, const char *attr)
{
	assoc_collection *c = fx_coll_(file, line, o, rel);
	char *b = pm_buffer();
	size_t n = fx_len_(file, line, c);
	for (size_t i = 0; i < n; i++) {
		assoc_value v;
		if (assoc_object_get(fx_at_(file, line, c, i), attr, &v))
			check_fail_at(file, line, "get %s: %s", attr, check_last_error_());
		if (i)
			strcat(b, ",");
		pm_append_value(b, 512, &v);
	}
	return b;
}
#define pm_rel_texts(o, rel, attr) pm_rel_texts_(FX_HERE, (o), (rel), (attr))

/* A value list's values joined by ','; frees the list. */
static inline const char *pm_list_texts(assoc_valuelist *l)
{
	char *b = pm_buffer();
	for (size_t i = 0; i < assoc_valuelist_count(l); i++) {
		assoc_value v = assoc_valuelist_get(l, i);
		if (i)
			strcat(b, ",");
		pm_append_value(b, 512, &v);
	}
	assoc_valuelist_free(l);
	return b;
}

/* One TEXT value, for comparing with CHECK_STR ("None" for NULL). */
static inline const char *pm_text(assoc_value v)
{
	char *b = pm_buffer();
	pm_append_value(b, 512, &v);
	return b;
}

/* A fresh session, and the User with this id in it. */
static inline assoc_object *pm_reload_user_(FX_AT, fx *f, int64_t id)
{
	fx_new_session_(file, line, f);
	assoc_object *u = NULL;
	assoc_value pk = assoc_value_integer(id);
	int rc = assoc_session_get(&u, f->s, fx_m_(file, line, f, "User"), &pk, 1);
	if (rc || !u)
		check_fail_at(file, line, "no User %" PRId64 ": %s", id, check_last_error_());
	return u;
}
#define pm_reload_user(f, id) pm_reload_user_(FX_HERE, (f), (id))

#define T(s) assoc_value_text(s)
#define I(i) assoc_value_integer(i)
#define O(o) assoc_value_object(o)

#endif
