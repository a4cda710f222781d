/*
 * rb_objects.c - assoc objects and collections as Ruby objects.
 *
 * An object has one wrapper at a time, found through an identity cache (an
 * ObjectSpace::WeakMap from the object's address), so the same row always
 * gives the same Ruby object (equal?). The wrapper pins the object with
 * assoc_object_ref() and unpins it in its free function; it marks its
 * session's wrapper, so the session stays open while its objects are used. A
 * session closed meanwhile leaves them detached, still readable.
 *
 * A wrapper may also be made without an object (Keyword.new(keyword: "x"),
 * with no session): the core makes objects only in a session, so the Ruby
 * layer keeps its attributes until it joins one (Core.object_bind), when
 * added to a session or to an object that is in one. Until then every call
 * that needs the object raises Assoc::NotInSessionError.
 *
 * A collection (a relationship's or a proxy view) belongs to its object:
 * its wrapper marks the owner's wrapper, which keeps the object pinned. The
 * owner's wrapper keeps its collections' wrappers in turn (the core hands
 * out the same collection each time), so that an attribute reads as the same
 * Ruby object each time (user.keywords.equal?(user.keywords)).
 */
#include <stdint.h>

#include "assoc_rb.h"
#include "assoc_rb_api.h"

VALUE assoc_rb_cObject, assoc_rb_cCollection, assoc_rb_cList, assoc_rb_cSet, assoc_rb_cDict;

static VALUE identity = Qnil; /* object address -> its wrapper (assoc_rb_weakmap_new) */

/* ---- objects --------------------------------------------------------------- */

struct object {
	assoc_object *o; /* NULL until an unbound wrapper joins a session */
	VALUE session; /* the session's wrapper, or nil once detached */
	VALUE collections; /* nil, or a Hash: collection address -> its one wrapper */
};

static void object_mark(void *p)
{
	struct object *w = p;
	rb_gc_mark_movable(w->session);
	rb_gc_mark_movable(w->collections);
}

static void object_compact(void *p)
{
	struct object *w = p;
	w->session = rb_gc_location(w->session);
	w->collections = rb_gc_location(w->collections);
}

static void object_free(void *p)
{
	struct object *w = p;
	assoc_object_unref(w->o); /* a detached object goes now; else its session keeps it */
	xfree(w);
}

static const rb_data_type_t object_type = {
	"Assoc::Object",
	{ object_mark, object_free, NULL, object_compact, { 0 } },
	NULL,
	NULL,
	RUBY_TYPED_FREE_IMMEDIATELY | RUBY_TYPED_WB_PROTECTED
};

int assoc_rb_is_object(VALUE v)
{
	return rb_typeddata_is_kind_of(v, &object_type);
}

VALUE assoc_rb_object_wrap(assoc_object *o)
{
	return assoc_rb_object_wrap_in(o, Qundef);
}

VALUE assoc_rb_object_wrap_in(assoc_object *o, VALUE session)
{
	if (!o)
		return Qnil;
	VALUE v = assoc_rb_weakmap_get(identity, o);
	if (!NIL_P(v) && ((struct object *)DATA_PTR(v))->o == o)
		return v;
	VALUE mapper = assoc_rb_mapper_lookup(assoc_object_mapper(o));
	VALUE klass = NIL_P(mapper) ? assoc_rb_cObject : assoc_rb_class_of(mapper);
	struct object *w;
	v = TypedData_Make_Struct(klass, struct object, &object_type, w);
	w->o = o;
	w->session = Qnil;
	w->collections = Qnil;
	assoc_object_ref(o);
	if (session == Qundef || assoc_object_session(o) != assoc_rb_session_ptr(session))
		session = assoc_rb_session_lookup(assoc_object_session(o));
	RB_OBJ_WRITE(v, &w->session, session);
	assoc_rb_weakmap_set(identity, o, v);
	return v;
}

NORETURN(static void raise_unbound(VALUE v));
static void raise_unbound(VALUE v)
{
	VALUE klass = rb_const_get(assoc_rb_mAssoc, rb_intern("NotInSessionError"));
	VALUE msg = rb_sprintf("this %" PRIsVALUE " is in no session yet: add it to one (Session#add), or to a "
	                       "collection or relationship of an object that is in one",
	                       rb_obj_as_string(rb_obj_class(v)));
	rb_exc_raise(rb_class_new_instance(1, &msg, klass));
}

assoc_object *assoc_rb_object_ptr(VALUE v)
{
	if (NIL_P(v))
		return NULL;
	assoc_object *o = ((struct object *)assoc_rb_checked(v, &object_type, "an Assoc::Object"))->o;
	if (!o)
		raise_unbound(v);
	return o;
}

int assoc_rb_is_unbound(VALUE v)
{
	return rb_typeddata_is_kind_of(v, &object_type) && !((struct object *)DATA_PTR(v))->o;
}

/* Core.object_new_unbound(mapper): a wrapper of mapper's class with no object yet. */
static VALUE object_new_unbound(VALUE self, VALUE mapper)
{
	(void)self;
	assoc_rb_mapper_ptr(mapper); /* checks it is one */
	struct object *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_class_of(mapper), struct object, &object_type, w);
	w->o = NULL;
	w->session = Qnil;
	w->collections = Qnil;
	return v;
}

/* Core.object_bind(obj, session): an unbound wrapper gets a new object of its mapper in session. */
static VALUE object_bind(VALUE self, VALUE obj, VALUE session)
{
	(void)self;
	struct object *w = assoc_rb_checked(obj, &object_type, "an Assoc::Object");
	if (w->o)
		assoc_rb_raise(ASSOC_ESTATE, "%s is in a session already", assoc_object_repr(w->o));
	assoc_session *s = assoc_rb_session_ptr(session);
	VALUE mapper = rb_funcall(rb_obj_class(obj), rb_intern("mapper"), 0);
	assoc_object *o = NULL;
	ASSOC_RB_CHECK(assoc_object_new(&o, s, assoc_rb_mapper_ptr(mapper)));
	w->o = o;
	assoc_object_ref(o);
	RB_OBJ_WRITE(obj, &w->session, session);
	assoc_rb_weakmap_set(identity, o, obj);
	return obj;
}

/* Assoc::Object#unbound?: made without a session, and in none yet. */
static VALUE object_unbound_p(VALUE self)
{
	return ((struct object *)DATA_PTR(self))->o ? Qfalse : Qtrue;
}

/* Assoc::Object#session: the session it belongs to, nil once detached. */
static VALUE object_session(VALUE self)
{
	struct object *w = DATA_PTR(self);
	return assoc_object_session(w->o) ? w->session : Qnil;
}

/* Equal when they wrap the same object (one wrapper each makes this identity). */
static VALUE object_eq(VALUE self, VALUE other)
{
	if (self == other)
		return Qtrue;
	if (!rb_typeddata_is_kind_of(other, &object_type))
		return Qfalse;
	assoc_object *o = ((struct object *)DATA_PTR(self))->o;
	return o && o == ((struct object *)DATA_PTR(other))->o ? Qtrue : Qfalse;
}

/* By the wrapper's struct, which stays put (compaction moves the VALUE) and
 * does not change when an unbound wrapper joins a session. */
static VALUE object_hash(VALUE self)
{
	return ST2FIX(rb_hash_start((st_index_t)(uintptr_t)DATA_PTR(self)));
}

/* ---- collections ----------------------------------------------------------- */

struct collection {
	assoc_collection *c;
	VALUE owner; /* the owner object's wrapper: it keeps the object, and so the collection */
};

static void collection_mark(void *p)
{
	rb_gc_mark_movable(((struct collection *)p)->owner);
}

static void collection_compact(void *p)
{
	struct collection *w = p;
	w->owner = rb_gc_location(w->owner);
}

static const rb_data_type_t collection_type = {
	"Assoc::Collection",
	{ collection_mark, RUBY_TYPED_DEFAULT_FREE, NULL, collection_compact, { 0 } },
	NULL,
	NULL,
	RUBY_TYPED_FREE_IMMEDIATELY | RUBY_TYPED_WB_PROTECTED
};

VALUE assoc_rb_collection_wrap(assoc_collection *c, VALUE owner)
{
	if (!c)
		return Qnil;
	VALUE klass;
	switch (assoc_collection_kind_of(c)) {
	case ASSOC_COLLECTION_SET: klass = assoc_rb_cSet; break;
	case ASSOC_COLLECTION_DICT: klass = assoc_rb_cDict; break;
	default: klass = assoc_rb_cList; break;
	}
	if (NIL_P(owner))
		owner = assoc_rb_object_wrap(assoc_collection_owner(c));
	struct object *ow = DATA_PTR(owner);
	VALUE key = ULL2NUM((uintptr_t)c);
	VALUE v;
	if (NIL_P(ow->collections))
		RB_OBJ_WRITE(owner, &ow->collections, rb_hash_new());
	else if (!NIL_P(v = rb_hash_lookup2(ow->collections, key, Qnil)))
		return v;
	struct collection *w;
	v = TypedData_Make_Struct(klass, struct collection, &collection_type, w);
	w->c = c;
	w->owner = Qnil;
	RB_OBJ_WRITE(v, &w->owner, owner);
	rb_hash_aset(ow->collections, key, v);
	return v;
}

assoc_collection *assoc_rb_collection_ptr(VALUE v)
{
	return ((struct collection *)assoc_rb_checked(v, &collection_type, "an Assoc::Collection"))->c;
}

/* Assoc::Collection#owner */
static VALUE collection_owner(VALUE self)
{
	return ((struct collection *)DATA_PTR(self))->owner;
}

enum { MEMBERS, KEYS, PAIRS };

/* Every member, key or [key, value] pair of a collection, in order, in one call. */
static VALUE collection_array(VALUE self, int what)
{
	assoc_collection *c = assoc_rb_collection_ptr(self);
	size_t n = 0;
	ASSOC_RB_CHECK(assoc_collection_len(&n, c));
	VALUE a = rb_ary_new_capa((long)n);
	for (size_t i = 0; i < n; i++) {
		assoc_value k, v;
		VALUE key = Qnil;
		if (what != MEMBERS) {
			ASSOC_RB_CHECK(assoc_collection_key_at(&k, c, i));
			key = assoc_rb_from_value(&k);
		}
		if (what == KEYS) {
			rb_ary_push(a, key);
			continue;
		}
		ASSOC_RB_CHECK(assoc_collection_get(&v, c, i));
		VALUE member = assoc_rb_from_value(&v);
		rb_ary_push(a, what == PAIRS ? rb_assoc_new(key, member) : member);
	}
	return a;
}

/* Assoc::Collection#to_a: every member (a dict's values). */
static VALUE collection_to_a(VALUE self) { return collection_array(self, MEMBERS); }
/* Assoc::DictCollection#keys */
static VALUE collection_keys(VALUE self) { return collection_array(self, KEYS); }
/* Assoc::DictCollection#to_a: [key, value] pairs. */
static VALUE collection_pairs(VALUE self) { return collection_array(self, PAIRS); }

VALUE assoc_rb_result_to_array(assoc_result *r)
{
	size_t n = assoc_result_count(r);
	VALUE a = rb_ary_new_capa((long)n);
	for (size_t i = 0; i < n; i++)
		rb_ary_push(a, assoc_rb_object_wrap(assoc_result_get(r, i)));
	assoc_result_free(r);
	return a;
}

void assoc_rb_init_objects(void)
{
	assoc_rb_cObject = rb_define_class_under(assoc_rb_mAssoc, "Object", rb_cObject);
	rb_undef_alloc_func(assoc_rb_cObject);
	rb_define_method(assoc_rb_cObject, "session", object_session, 0);
	rb_define_method(assoc_rb_cObject, "==", object_eq, 1);
	rb_define_method(assoc_rb_cObject, "eql?", object_eq, 1);
	rb_define_method(assoc_rb_cObject, "hash", object_hash, 0);
	rb_define_method(assoc_rb_cObject, "unbound?", object_unbound_p, 0);
	rb_define_module_function(assoc_rb_mCore, "object_new_unbound", object_new_unbound, 1);
	rb_define_module_function(assoc_rb_mCore, "object_bind", object_bind, 2);

	assoc_rb_cCollection = rb_define_class_under(assoc_rb_mAssoc, "Collection", rb_cObject);
	rb_undef_alloc_func(assoc_rb_cCollection);
	assoc_rb_cList = rb_define_class_under(assoc_rb_mAssoc, "ListCollection", assoc_rb_cCollection);
	assoc_rb_cSet = rb_define_class_under(assoc_rb_mAssoc, "SetCollection", assoc_rb_cCollection);
	assoc_rb_cDict = rb_define_class_under(assoc_rb_mAssoc, "DictCollection", assoc_rb_cCollection);
	rb_define_method(assoc_rb_cCollection, "owner", collection_owner, 0);
	rb_define_method(assoc_rb_cCollection, "to_a", collection_to_a, 0);
	rb_define_method(assoc_rb_cDict, "values", collection_to_a, 0);
	rb_define_method(assoc_rb_cDict, "keys", collection_keys, 0);
	rb_define_method(assoc_rb_cDict, "to_a", collection_pairs, 0);

	identity = assoc_rb_weakmap_new();
}
