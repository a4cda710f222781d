/*
 * model.c - schemas and helpers for the ports of test_associationproxy.py.
 */
#include "model.h"

const int ap_custom_proxy_tag = 1;

void ap_autoflush_model(fx *f, assoc_collection_kind kind)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_table_id(f->reg, "parent");
	assoc_table *assoc = fx_table(f->reg, "association");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "parent.id";
	CHECK_OK(assoc_table_add_column(assoc, "parent_id", ASSOC_TYPE_INFER, &o));
	o.foreign_key = "child.id";
	CHECK_OK(assoc_table_add_column(assoc, "child_id", ASSOC_TYPE_INFER, &o));
	fx_col(assoc, "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f->reg, "child"), "name", ASSOC_TYPE_TEXT);

	assoc_mapper *parent = fx_mapper(f->reg, "Parent", "parent");
	assoc_mapper *a = fx_mapper(f->reg, "Association", "association");
	fx_mapper(f->reg, "Child", "child");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Association";
	r.collection = kind;
	r.dict_key = kind == ASSOC_COLLECTION_DICT ? "name" : NULL;
	r.backref = "parent";
	CHECK_OK(assoc_mapper_add_relationship(parent, "_collection", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Child";
	r.backref = "association";
	CHECK_OK(assoc_mapper_add_relationship(a, "child", &r));
	pm_proxy(parent, "collection", "_collection", "child", NULL, NULL);
	fx_open(f);
}

/* CustomProxy: a view of the program's own kind, known by what it stores. */
static int custom_proxy(void *userdata, assoc_collection *view, void **custom)
{
	(void)view;
	*custom = userdata;
	return 0;
}

/* proxy_bulk_set=CustomProxy.extend: the view is cleared first. */
static int extend_bulk_set(void *userdata, assoc_collection *view, const assoc_value *keys, const assoc_value *values,
                           size_t n)
{
	(void)userdata;
	(void)keys;
	return assoc_collection_extend(view, values, n);
}

assoc_mapper *ap_children_model(fx *f, assoc_collection_kind kind, assoc_lazy lazy, int flags)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_col(fx_table_id(f->reg, "Parent"), "name", ASSOC_TYPE_TEXT);
	assoc_table *ch = fx_table_id(f->reg, "Children");
	fx_fk(ch, "parent_id", "Parent.id");
	fx_col(ch, "foo", ASSOC_TYPE_TEXT);
	fx_col(ch, "name", ASSOC_TYPE_TEXT);
	assoc_mapper *parent = fx_mapper(f->reg, "Parent", "Parent");
	fx_mapper(f->reg, "Child", "Children");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Child";
	r.lazy = lazy;
	r.collection = kind;
	r.dict_key = kind == ASSOC_COLLECTION_DICT ? "foo" : NULL;
	r.backref = flags & (AP_FACTORY | AP_NO_BACKREF) ? NULL : "parent";
	r.uselist = kind == ASSOC_COLLECTION_SCALAR ? 0 : -1;
	if (kind == ASSOC_COLLECTION_SCALAR)
		r.collection = ASSOC_COLLECTION_LIST;
	CHECK_OK(assoc_mapper_add_relationship(parent, "_children", &r));
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "_children";
	p.attr = "name";
	if (flags & AP_FACTORY) {
		p.proxy_factory = custom_proxy;
		p.proxy_factory_data = AP_CUSTOM_PROXY;
		p.proxy_bulk_set = extend_bulk_set;
	}
	CHECK_OK(assoc_mapper_add_proxy(parent, "children", &p));
	return parent;
}

assoc_object *ap_parent(fx *f, const char *name)
{
	assoc_object *p = fx_new(f, "Parent");
	fx_set_text(p, "name", name);
	return p;
}

assoc_object *ap_child(fx *f, const char *foo, const char *name)
{
	assoc_object *c = fx_new(f, "Child");
	if (foo)
		fx_set_text(c, "foo", foo);
	fx_set_text(c, "name", name);
	return c;
}

assoc_object *ap_roundtrip_(FX_AT, fx *f, assoc_object *obj)
{
	assoc_mapper *m = assoc_object_mapper(obj);
	int rc = 0;
	if (!assoc_session_contains(f->s, obj))
		rc = assoc_session_add(f->s, obj);
	if (rc || (rc = assoc_session_commit(f->s)))
		check_fail_at(file, line, "roundtrip: %s", check_last_error_());
	assoc_value id = assoc_value_integer(fx_get_int_(file, line, obj, "id"));
	fx_new_session_(file, line, f);
	assoc_object *again = NULL;
	if ((rc = assoc_session_get(&again, f->s, m, &id, 1)) || !again)
		check_fail_at(file, line, "roundtrip: no %s %lld: %s", assoc_mapper_name(m), (long long)id.u.integer,
		              check_last_error_());
	return again;
}

static unsigned letter_bit_(FX_AT, const assoc_value *v)
{
	if (v->kind != ASSOC_TEXT || v->u.bytes.len != 1 || v->u.bytes.data[0] < 'a' || v->u.bytes.data[0] > 'z')
		check_fail_at(file, line, "value %s is not one letter", pm_text(*v));
	return 1u << (v->u.bytes.data[0] - 'a');
}

unsigned ap_letters_(FX_AT, assoc_collection *c)
{
	unsigned set = 0;
	size_t n = fx_len_(file, line, c);
	for (size_t i = 0; i < n; i++) {
		assoc_value v;
		if (assoc_collection_get(&v, c, i))
			check_fail_at(file, line, "get %zu: %s", i, check_last_error_());
		unsigned bit = letter_bit_(file, line, &v);
		if (set & bit)
			check_fail_at(file, line, "%s twice in a set", pm_text(v));
		set |= bit;
	}
	return set;
}

unsigned ap_list_letters(assoc_valuelist *l)
{
	unsigned set = 0;
	for (size_t i = 0; i < assoc_valuelist_count(l); i++) {
		assoc_value v = assoc_valuelist_get(l, i);
		set |= letter_bit_(FX_HERE, &v);
	}
	assoc_valuelist_free(l);
	return set;
}

size_t ap_letter_values(unsigned set, assoc_value *vals)
{
	static const char letters[] = "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";
	size_t n = 0;
	for (int i = 0; i < 26; i++)
		if (set & (1u << i))
			vals[n++] = assoc_value_text(&letters[2 * i]);
	return n;
}
