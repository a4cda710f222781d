/*
 * rb_model.c - registries, tables, mappers and attributes as Ruby TypedData
 * objects.
 *
 * A registry is reference-counted by the core: its wrapper's free function
 * releases the program's reference, and sessions or detached objects may
 * keep it a while longer. Tables, mappers and attributes are borrowed from
 * the registry: their wrappers mark the registry's (attributes their
 * mapper's), so it outlives them. A registry's wrapper also keeps (pins) the
 * one wrapper of each of its tables and mappers, so that a pointer the core
 * hands out (assoc_attr_target, assoc_object_mapper, ...) finds it; and it
 * keeps the Ruby callables its callbacks run (rb_callbacks.c).
 */
#include "assoc_rb.h"
#include "assoc_rb_api.h"

#include <ruby/st.h>
#include <ruby/util.h>

static st_table *children; /* assoc_table * / assoc_mapper * -> its pinned wrapper */

#define FLAGS RUBY_TYPED_FREE_IMMEDIATELY

/* ---- registries ------------------------------------------------------------ */

struct child {
	const void *ptr;
	VALUE wrapper;
};

struct registry {
	assoc_registry *reg;
	struct child *children;
	size_t nchildren, capchildren;
	struct assoc_rb_slot **slots; /* the Ruby callables its callbacks run */
	size_t nslots, capslots;
};

static void registry_mark(void *p)
{
	struct registry *w = p;
	for (size_t i = 0; i < w->nchildren; i++)
		rb_gc_mark(w->children[i].wrapper); /* pinned: the children table holds the VALUE */
	for (size_t i = 0; i < w->nslots; i++)
		assoc_rb_slot_mark(w->slots[i]);
}

static void registry_compact(void *p)
{
	struct registry *w = p;
	for (size_t i = 0; i < w->nslots; i++)
		assoc_rb_slot_compact(w->slots[i]);
}

static void forget_child(const void *ptr, VALUE wrapper)
{
	st_data_t key = (st_data_t)ptr, val;
	if (st_lookup(children, key, &val) && (VALUE)val == wrapper)
		st_delete(children, &key, NULL);
}

static void registry_free(void *p)
{
	struct registry *w = p;
	for (size_t i = 0; i < w->nchildren; i++)
		forget_child(w->children[i].ptr, w->children[i].wrapper);
	xfree(w->children);
	for (size_t i = 0; i < w->nslots; i++)
		assoc_rb_slot_free(w->slots[i]);
	xfree(w->slots);
	assoc_registry_free(w->reg); /* sessions and detached objects may keep it a while longer */
	xfree(w);
}

static const rb_data_type_t registry_type = {
	"Assoc::Registry", { registry_mark, registry_free, NULL, registry_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_registry_wrap(assoc_registry *r)
{
	struct registry *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cRegistry, struct registry, &registry_type, w);
	w->reg = r;
	return v;
}

assoc_registry *assoc_rb_registry_ptr(VALUE v)
{
	return ((struct registry *)assoc_rb_checked(v, &registry_type, "an Assoc::Registry"))->reg;
}

static void registry_adopt_child(VALUE registry, const void *ptr, VALUE wrapper)
{
	struct registry *w = DATA_PTR(registry);
	if (w->nchildren == w->capchildren) {
		w->capchildren = w->capchildren ? 2 * w->capchildren : 8;
		REALLOC_N(w->children, struct child, w->capchildren);
	}
	w->children[w->nchildren].ptr = ptr;
	w->children[w->nchildren].wrapper = wrapper;
	w->nchildren++;
	st_insert(children, (st_data_t)ptr, (st_data_t)wrapper);
}

struct assoc_rb_slot *assoc_rb_registry_add_slot(VALUE registry, VALUE callable, const char *what)
{
	struct registry *w = assoc_rb_checked(registry, &registry_type, "an Assoc::Registry");
	struct assoc_rb_slot *slot = ALLOC(struct assoc_rb_slot);
	slot->callable = callable;
	slot->what = ruby_strdup(what);
	if (w->nslots == w->capslots) {
		w->capslots = w->capslots ? 2 * w->capslots : 4;
		REALLOC_N(w->slots, struct assoc_rb_slot *, w->capslots);
	}
	w->slots[w->nslots++] = slot;
	return slot;
}

static VALUE child_lookup(const void *ptr)
{
	st_data_t val;
	return ptr && st_lookup(children, (st_data_t)ptr, &val) ? (VALUE)val : Qnil;
}

/* ---- tables ---------------------------------------------------------------- */

struct table {
	assoc_table *t;
	VALUE registry;
};

static void table_mark(void *p)
{
	rb_gc_mark_movable(((struct table *)p)->registry);
}

static void table_compact(void *p)
{
	struct table *w = p;
	w->registry = rb_gc_location(w->registry);
}

static const rb_data_type_t table_type = {
	"Assoc::Table", { table_mark, RUBY_TYPED_DEFAULT_FREE, NULL, table_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_table_lookup(assoc_table *t)
{
	return child_lookup(t);
}

VALUE assoc_rb_table_wrapper(assoc_table *t, VALUE registry)
{
	VALUE v = child_lookup(t);
	if (!NIL_P(v) || !t)
		return v;
	struct table *w;
	v = TypedData_Make_Struct(assoc_rb_cTable, struct table, &table_type, w);
	w->t = t;
	w->registry = registry;
	registry_adopt_child(registry, t, v);
	return v;
}

assoc_table *assoc_rb_table_ptr(VALUE v)
{
	return ((struct table *)assoc_rb_checked(v, &table_type, "an Assoc::Table"))->t;
}

/* ---- mappers --------------------------------------------------------------- */

struct mapper {
	assoc_mapper *m;
	VALUE registry;
	VALUE klass; /* the Ruby class of its objects */
};

static void mapper_mark(void *p)
{
	struct mapper *w = p;
	rb_gc_mark_movable(w->registry);
	rb_gc_mark_movable(w->klass);
}

static void mapper_compact(void *p)
{
	struct mapper *w = p;
	w->registry = rb_gc_location(w->registry);
	w->klass = rb_gc_location(w->klass);
}

static const rb_data_type_t mapper_type = {
	"Assoc::Mapper", { mapper_mark, RUBY_TYPED_DEFAULT_FREE, NULL, mapper_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_mapper_lookup(const assoc_mapper *m)
{
	return child_lookup(m);
}

VALUE assoc_rb_mapper_wrapper(assoc_mapper *m, VALUE registry)
{
	VALUE v = child_lookup(m);
	if (!NIL_P(v) || !m)
		return v;
	struct mapper *w;
	v = TypedData_Make_Struct(assoc_rb_cMapper, struct mapper, &mapper_type, w);
	w->m = m;
	w->registry = registry;
	w->klass = Qnil;
	registry_adopt_child(registry, m, v);
	return v;
}

assoc_mapper *assoc_rb_mapper_ptr(VALUE v)
{
	return ((struct mapper *)assoc_rb_checked(v, &mapper_type, "an Assoc::Mapper"))->m;
}

VALUE assoc_rb_registry_of(VALUE v)
{
	return ((struct mapper *)assoc_rb_checked(v, &mapper_type, "an Assoc::Mapper"))->registry;
}

VALUE assoc_rb_bind_class(VALUE v, VALUE klass)
{
	struct mapper *w = assoc_rb_checked(v, &mapper_type, "an Assoc::Mapper");
	if (!RB_TYPE_P(klass, T_CLASS) || !RTEST(rb_class_inherited_p(klass, assoc_rb_cObject)))
		assoc_rb_raise(ASSOC_ETYPE, "a mapper's class must be a subclass of Assoc::Object");
	w->klass = klass;
	return Qnil;
}

VALUE assoc_rb_class_of(VALUE v)
{
	struct mapper *w = assoc_rb_checked(v, &mapper_type, "an Assoc::Mapper");
	return NIL_P(w->klass) ? assoc_rb_cObject : w->klass;
}

/* ---- attributes ------------------------------------------------------------ */

struct attribute {
	assoc_attr *a;
	VALUE mapper;
};

static void attribute_mark(void *p)
{
	rb_gc_mark_movable(((struct attribute *)p)->mapper);
}

static void attribute_compact(void *p)
{
	struct attribute *w = p;
	w->mapper = rb_gc_location(w->mapper);
}

static const rb_data_type_t attribute_type = {
	"Assoc::Attribute", { attribute_mark, RUBY_TYPED_DEFAULT_FREE, NULL, attribute_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_attr_wrap(assoc_attr *a, VALUE mapper)
{
	if (!a)
		return Qnil;
	if (NIL_P(mapper))
		mapper = assoc_rb_mapper_lookup(assoc_attr_mapper(a));
	if (NIL_P(mapper))
		assoc_rb_raise(ASSOC_ESTATE, "the mapper of attribute %s has no wrapper", assoc_attr_name(a));
	struct attribute *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cAttribute, struct attribute, &attribute_type, w);
	w->a = a;
	w->mapper = mapper;
	return v;
}

assoc_attr *assoc_rb_attr_ptr(VALUE v)
{
	return ((struct attribute *)assoc_rb_checked(v, &attribute_type, "an Assoc::Attribute"))->a;
}

void assoc_rb_init_model(void)
{
	children = st_init_numtable();
}
