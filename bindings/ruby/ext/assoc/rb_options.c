/*
 * rb_options.c - the core's option structs filled from Ruby hashes.
 *
 * lib/assoc turns keyword arguments into a Hash of Symbol keys with plain
 * values (strings, integers, booleans, callables); these functions copy it
 * into assoc_column_options, assoc_relationship_options, ... and make the
 * call. Strings are borrowed for the call only: the core copies them.
 */
#include <stdio.h>

#include "assoc_rb.h"
#include "assoc_rb_api.h"

/* Every option lookup keeps the strings it hands out alive until the call is made. */
struct opts {
	VALUE hash; /* nil for none */
	VALUE keep; /* an Array holding converted strings */
};

static VALUE opt(const struct opts *o, const char *key)
{
	if (NIL_P(o->hash))
		return Qundef;
	return rb_hash_lookup2(o->hash, ID2SYM(rb_intern(key)), Qundef);
}

static const char *opt_str(const struct opts *o, const char *key)
{
	VALUE v = opt(o, key);
	if (v == Qundef || NIL_P(v))
		return NULL;
	volatile VALUE keep = Qnil;
	const char *s = assoc_rb_cstr(v, &keep);
	rb_ary_push(o->keep, keep);
	return s;
}

static int opt_int(const struct opts *o, const char *key, int dflt)
{
	VALUE v = opt(o, key);
	if (v == Qundef || NIL_P(v))
		return dflt;
	if (v == Qtrue)
		return 1;
	if (v == Qfalse)
		return 0;
	return NUM2INT(v);
}

static struct opts opts_of(VALUE hash)
{
	struct opts o = { hash, rb_ary_new() };
	if (!NIL_P(hash) && !RB_TYPE_P(hash, T_HASH))
		assoc_rb_raise(ASSOC_EINVAL, "expected a Hash of options, got %s", rb_obj_classname(hash));
	return o;
}

/* ---- engines --------------------------------------------------------------- */

VALUE assoc_rb_open_engine(VALUE url, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE keep_url = Qnil;
	const char *curl = assoc_rb_cstr(url, &keep_url);
	assoc_engine_options eo = ASSOC_ENGINE_OPTIONS_INIT;
	eo.journal_mode = opt_str(&o, "journal_mode");
	eo.busy_timeout_ms = opt_int(&o, "busy_timeout_ms", eo.busy_timeout_ms);
	eo.pool_size = opt_int(&o, "pool_size", eo.pool_size);
	eo.connect_timeout_s = opt_int(&o, "connect_timeout_s", eo.connect_timeout_s);
	assoc_engine *e = NULL;
	ASSOC_RB_CHECK(assoc_engine_open_ext(&e, curl, &eo));
	RB_GC_GUARD(o.keep);
	return assoc_rb_engine_wrap(e);
}

/* ---- sessions -------------------------------------------------------------- */

VALUE assoc_rb_open_session(VALUE engine, VALUE registry, VALUE options)
{
	struct opts o = opts_of(options);
	assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
	so.autoflush = opt_int(&o, "autoflush", 1);
	so.expire_on_commit = opt_int(&o, "expire_on_commit", 1);
	assoc_session *s = NULL;
	ASSOC_RB_CHECK(assoc_session_new(&s, assoc_rb_engine_ptr(engine), assoc_rb_registry_ptr(registry), &so));
	return assoc_rb_session_wrap(s, engine, registry);
}

/* ---- tables ---------------------------------------------------------------- */

/* A list of column names (Strings or Symbols) as C strings; o->keep holds them. */
static const char **names(const struct opts *o, VALUE list, size_t *n, volatile VALUE *store)
{
	if (!RB_TYPE_P(list, T_ARRAY))
		assoc_rb_raise(ASSOC_ETYPE, "expected an Array of column names, got %s", rb_obj_classname(list));
	long len = RARRAY_LEN(list);
	const char **out = rb_alloc_tmp_buffer(store, (len ? len : 1) * (long)sizeof *out);
	for (long i = 0; i < len; i++) {
		volatile VALUE keep = Qnil;
		out[i] = assoc_rb_cstr(RARRAY_AREF(list, i), &keep);
		if (!out[i])
			assoc_rb_raise(ASSOC_EINVAL, "a column name is nil");
		rb_ary_push(o->keep, keep);
	}
	*n = (size_t)len;
	return out;
}

VALUE assoc_rb_add_column(VALUE table, VALUE name, VALUE type, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE keep_name = Qnil;
	const char *cname = assoc_rb_cstr(name, &keep_name);
	assoc_column_options co = ASSOC_COLUMN_OPTIONS_INIT;
	co.primary_key = opt_int(&o, "primary_key", 0);
	co.nullable = opt_int(&o, "nullable", -1);
	co.autoincrement = opt_int(&o, "autoincrement", -1);
	co.unique = opt_int(&o, "unique", 0);
	co.index = opt_int(&o, "index", 0);
	co.foreign_key = opt_str(&o, "foreign_key");
	co.on_delete = (assoc_fk_action)opt_int(&o, "on_delete", ASSOC_FK_NO_ACTION);
	co.on_update = (assoc_fk_action)opt_int(&o, "on_update", ASSOC_FK_NO_ACTION);
	volatile VALUE keep_default = Qnil;
	VALUE dflt = opt(&o, "default");
	if (dflt != Qundef) {
		co.has_default = 1;
		co.default_value = assoc_rb_to_value(dflt, &keep_default);
	}
	ASSOC_RB_CHECK(assoc_table_add_column(assoc_rb_table_ptr(table), cname, (assoc_type)NUM2INT(type), &co));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

VALUE assoc_rb_add_foreign_key(VALUE table, VALUE columns, VALUE ref_table, VALUE ref_columns, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE store1 = 0, store2 = 0, keep_ref = Qnil;
	size_t n = 0, nref = 0;
	const char **cols = names(&o, columns, &n, &store1);
	const char **refs = names(&o, ref_columns, &nref, &store2);
	if (n != nref)
		assoc_rb_raise(ASSOC_EINVAL, "a foreign key of %zu columns names %zu referenced columns", n, nref);
	assoc_fk_options fo = ASSOC_FK_OPTIONS_INIT;
	fo.on_delete = (assoc_fk_action)opt_int(&o, "on_delete", ASSOC_FK_NO_ACTION);
	fo.on_update = (assoc_fk_action)opt_int(&o, "on_update", ASSOC_FK_NO_ACTION);
	fo.name = opt_str(&o, "name");
	ASSOC_RB_CHECK(assoc_table_add_foreign_key(assoc_rb_table_ptr(table), n, cols,
	                                           assoc_rb_cstr(ref_table, &keep_ref), refs, &fo));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

VALUE assoc_rb_add_unique(VALUE table, VALUE columns, VALUE name)
{
	struct opts o = opts_of(Qnil);
	volatile VALUE store = 0, keep_name = Qnil;
	size_t n = 0;
	const char **cols = names(&o, columns, &n, &store);
	ASSOC_RB_CHECK(assoc_table_add_unique(assoc_rb_table_ptr(table), n, cols, assoc_rb_cstr(name, &keep_name)));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

/* ---- mapped columns -------------------------------------------------------- */

VALUE assoc_rb_set_column_options(VALUE mapper, VALUE name, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE keep_name = Qnil;
	const char *cname = assoc_rb_cstr(name, &keep_name);
	assoc_mapper_column_options mo = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
	mo.deferred = opt_int(&o, "deferred", 0);
	mo.group = opt_str(&o, "group");
	ASSOC_RB_CHECK(assoc_mapper_set_column_options(assoc_rb_mapper_ptr(mapper), cname, &mo));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

/* ---- relationships --------------------------------------------------------- */

static void relationship_options(const struct opts *o, assoc_relationship_options *r)
{
	r->target = opt_str(o, "target");
	r->secondary = opt_str(o, "secondary");
	r->foreign_keys = opt_str(o, "foreign_keys");
	r->uselist = opt_int(o, "uselist", -1);
	r->collection = (assoc_collection_kind)opt_int(o, "collection", ASSOC_COLLECTION_LIST);
	r->dict_key = opt_str(o, "dict_key");
	r->order_by = opt_str(o, "order_by");
	r->cascade = opt_str(o, "cascade");
	r->back_populates = opt_str(o, "back_populates");
	r->backref = opt_str(o, "backref");
	r->passive_updates = opt_int(o, "passive_updates", 1);
	r->passive_deletes = opt_int(o, "passive_deletes", 0);
	r->lazy = (assoc_lazy)opt_int(o, "lazy", ASSOC_LAZY_DEFAULT);
}

VALUE assoc_rb_add_relationship(VALUE mapper, VALUE name, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE keep_name = Qnil;
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	relationship_options(&o, &r);
	VALUE backref_options = opt(&o, "backref_options");
	if (backref_options != Qundef && !NIL_P(backref_options)) {
		struct opts bo = opts_of(backref_options);
		bo.keep = o.keep;
		relationship_options(&bo, &back);
		r.backref_options = &back;
	}
	ASSOC_RB_CHECK(assoc_mapper_add_relationship(assoc_rb_mapper_ptr(mapper), assoc_rb_cstr(name, &keep_name), &r));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

/* ---- proxies --------------------------------------------------------------- */

/* The callable under key as a closure of kind (NULL when none), "the <key> of Mapper.name" in messages. */
static void *callback_opt(const struct opts *o, const char *key, VALUE mapper, const char *name,
                          assoc_callback_kind kind)
{
	VALUE callable = opt(o, key);
	if (callable == Qundef || NIL_P(callable))
		return NULL;
	char what[256];
	snprintf(what, sizeof what, "the %s of %s.%s", key, assoc_mapper_name(assoc_rb_mapper_ptr(mapper)),
	         name ? name : "?");
	return assoc_callback_function(assoc_rb_callback_new(assoc_rb_registry_of(mapper), kind, callable, what));
}

VALUE assoc_rb_add_proxy(VALUE mapper, VALUE name, VALUE options)
{
	struct opts o = opts_of(options);
	volatile VALUE keep_name = Qnil;
	const char *pname = assoc_rb_cstr(name, &keep_name);
	assoc_mapper *m = assoc_rb_mapper_ptr(mapper);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.version = ASSOC_PROXY_OPTIONS_VERSION; /* version 2: a getter would be called with a NULL target (proxy.h) */
	p.target_collection = opt_str(&o, "target_collection");
	p.attr = opt_str(&o, "attr");
	p.cascade_scalar_deletes = opt_int(&o, "cascade_scalar_deletes", 0);
	p.create_on_none_assignment = opt_int(&o, "create_on_none_assignment", 0);
	p.unique = opt_int(&o, "unique", 0);
	p.creator = (assoc_creator_fn)callback_opt(&o, "creator", mapper, pname, ASSOC_CALLBACK_CREATOR);
	p.proxy_bulk_set = (assoc_proxy_bulk_set_fn)callback_opt(&o, "proxy_bulk_set", mapper, pname,
	                                                          ASSOC_CALLBACK_BULK_SET);
	ASSOC_RB_CHECK(assoc_mapper_add_proxy(m, pname, &p));
	RB_GC_GUARD(o.keep);
	return Qnil;
}

/* ---- whole-dict and whole-collection changes ------------------------------- */

/* fn(collection, keys, values, n); keys: nil (not a dict), or one for each value. */
static VALUE change_whole(int (*fn)(assoc_collection *, const assoc_value *, const assoc_value *, size_t),
                          VALUE coll, VALUE keys, VALUE values)
{
	volatile VALUE vstore = 0, kstore = 0;
	size_t n = 0, nk = 0;
	const assoc_value *v = assoc_rb_to_values(values, &n, &vstore);
	const assoc_value *k = assoc_rb_to_values(keys, &nk, &kstore);
	if (k && nk != n)
		assoc_rb_raise(ASSOC_EINVAL, "%zu keys for %zu values", nk, n);
	ASSOC_RB_CHECK(fn(assoc_rb_collection_ptr(coll), k, v, n));
	return Qnil;
}

VALUE assoc_rb_collection_assign(VALUE coll, VALUE keys, VALUE values)
{
	return change_whole(assoc_collection_assign, coll, keys, values);
}

VALUE assoc_rb_collection_update(VALUE coll, VALUE keys, VALUE values)
{
	return change_whole(assoc_collection_update, coll, keys, values);
}
