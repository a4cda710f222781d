/*
 * rb_handles.c - engines, sessions, queries and expressions as Ruby
 * TypedData objects, and the classes of every handle.
 *
 * Lifetimes follow the core's: engines and sessions are reference-counted
 * there, so each wrapper's free function just releases its reference, in
 * whatever order the garbage collector runs them. What is borrowed is kept
 * alive by marking its owner's wrapper: sessions mark their engine and
 * registry, queries their session. Registries, tables, mappers and
 * attributes are in rb_model.c. The weak caches that find the one wrapper of
 * a session or an object are here too.
 */
#include <stdint.h>

#include "assoc_rb.h"
#include "assoc_rb_api.h"

VALUE assoc_rb_mAssoc, assoc_rb_mCore;
VALUE assoc_rb_cEngine, assoc_rb_cRegistry, assoc_rb_cTable, assoc_rb_cMapper, assoc_rb_cAttribute;
VALUE assoc_rb_cSession, assoc_rb_cQuery, assoc_rb_cExpr;
int assoc_rb_in_free;

static VALUE sessions = Qnil; /* session address -> its wrapper (assoc_rb_weakmap_new) */
static ID id_aref, id_aset;

#define FLAGS RUBY_TYPED_FREE_IMMEDIATELY

void *assoc_rb_checked(VALUE v, const rb_data_type_t *type, const char *what)
{
	if (!rb_typeddata_is_kind_of(v, type))
		assoc_rb_raise(ASSOC_ETYPE, "expected %s, got %s", what, rb_obj_classname(v));
	return DATA_PTR(v);
}

/* ---- weak caches ------------------------------------------------------------ */

/* An ObjectSpace::WeakMap, kept for the life of the process. */
VALUE assoc_rb_weakmap_new(void)
{
	id_aref = rb_intern("[]");
	id_aset = rb_intern("[]=");
	VALUE weakmap = rb_const_get(rb_const_get(rb_cObject, rb_intern("ObjectSpace")), rb_intern("WeakMap"));
	VALUE map = rb_class_new_instance(0, NULL, weakmap);
	rb_gc_register_mark_object(map);
	return map;
}

static VALUE address_key(const void *p)
{
	return ULL2NUM((unsigned long long)(uintptr_t)p);
}

VALUE assoc_rb_weakmap_get(VALUE map, const void *p)
{
	return rb_funcall(map, id_aref, 1, address_key(p));
}

void assoc_rb_weakmap_set(VALUE map, const void *p, VALUE wrapper)
{
	rb_funcall(map, id_aset, 2, address_key(p), wrapper);
}

/* ---- engines --------------------------------------------------------------- */

struct engine {
	assoc_engine *e;
	VALUE on_statement; /* the statement log block, or nil */
};

static void engine_mark(void *p)
{
	rb_gc_mark_movable(((struct engine *)p)->on_statement);
}

static void engine_compact(void *p)
{
	struct engine *w = p;
	w->on_statement = rb_gc_location(w->on_statement);
}

/* Let go of the program's reference (and the log hook, whose userdata is this struct). */
static void engine_release(struct engine *w)
{
	if (!NIL_P(w->on_statement))
		assoc_engine_set_log(w->e, NULL, NULL); /* its sessions may outlive this wrapper */
	w->on_statement = Qnil;
	assoc_engine_free(w->e);
	w->e = NULL;
}

static void engine_free(void *p)
{
	struct engine *w = p;
	if (w->e)
		engine_release(w);
	xfree(w);
}

static const rb_data_type_t engine_type = {
	"Assoc::Engine", { engine_mark, engine_free, NULL, engine_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_engine_wrap(assoc_engine *e)
{
	struct engine *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cEngine, struct engine, &engine_type, w);
	w->e = e;
	w->on_statement = Qnil;
	return v;
}

assoc_engine *assoc_rb_engine_ptr(VALUE v)
{
	struct engine *w = assoc_rb_checked(v, &engine_type, "an Assoc::Engine");
	if (!w->e)
		assoc_rb_raise(ASSOC_ECLOSED, "the engine was disposed");
	return w->e;
}

/* Release the program's reference now; sessions still open keep the engine until they close. */
VALUE assoc_rb_dispose_engine(VALUE v)
{
	struct engine *w = assoc_rb_checked(v, &engine_type, "an Assoc::Engine");
	if (w->e)
		engine_release(w);
	return Qnil;
}

VALUE assoc_rb_on_statement(VALUE v, VALUE block)
{
	assoc_engine *e = assoc_rb_engine_ptr(v);
	struct engine *w = DATA_PTR(v);
	ASSOC_RB_CHECK(assoc_engine_set_log(e, NIL_P(block) ? NULL : assoc_rb_log_hook, w));
	w->on_statement = block;
	return Qnil;
}

VALUE assoc_rb_pool_status(VALUE v)
{
	size_t idle = 0, in_use = 0;
	uint64_t opened = 0;
	ASSOC_RB_CHECK(assoc_engine_pool_status(assoc_rb_engine_ptr(v), &idle, &in_use, &opened));
	return rb_ary_new_from_args(3, SIZET2NUM(idle), SIZET2NUM(in_use), ULL2NUM((unsigned long long)opened));
}

/* The hook's userdata is the engine wrapper's struct: the block to call. */
VALUE assoc_rb_engine_statement_block(void *userdata)
{
	return ((struct engine *)userdata)->on_statement;
}

/* ---- sessions -------------------------------------------------------------- */

struct session {
	assoc_session *s;
	VALUE engine, registry;
};

static void session_mark(void *p)
{
	struct session *w = p;
	rb_gc_mark_movable(w->engine);
	rb_gc_mark_movable(w->registry);
}

static void session_compact(void *p)
{
	struct session *w = p;
	w->engine = rb_gc_location(w->engine);
	w->registry = rb_gc_location(w->registry);
}

static void session_free(void *p)
{
	struct session *w = p;
	assoc_rb_in_free++;
	assoc_session_free(w->s); /* rolls back; pinned objects live on detached */
	assoc_rb_in_free--;
	xfree(w);
}

static const rb_data_type_t session_type = {
	"Assoc::Session", { session_mark, session_free, NULL, session_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_session_wrap(assoc_session *s, VALUE engine, VALUE registry)
{
	struct session *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cSession, struct session, &session_type, w);
	w->s = s;
	w->engine = engine;
	w->registry = registry;
	assoc_rb_weakmap_set(sessions, s, v);
	return v;
}

VALUE assoc_rb_session_lookup(const assoc_session *s)
{
	if (!s)
		return Qnil;
	VALUE v = assoc_rb_weakmap_get(sessions, s);
	if (NIL_P(v) || !rb_typeddata_is_kind_of(v, &session_type) || ((struct session *)DATA_PTR(v))->s != s)
		return Qnil;
	return v;
}

assoc_session *assoc_rb_session_ptr(VALUE v)
{
	return ((struct session *)assoc_rb_checked(v, &session_type, "an Assoc::Session"))->s;
}

/* ---- queries --------------------------------------------------------------- */

struct query {
	assoc_query *q;
	VALUE session;
};

static void query_mark(void *p)
{
	rb_gc_mark_movable(((struct query *)p)->session);
}

static void query_compact(void *p)
{
	struct query *w = p;
	w->session = rb_gc_location(w->session);
}

static void query_free(void *p)
{
	struct query *w = p;
	assoc_query_free(w->q); /* touches only the query */
	xfree(w);
}

static const rb_data_type_t query_type = {
	"Assoc::Query", { query_mark, query_free, NULL, query_compact, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_query_wrap(assoc_query *q, VALUE session)
{
	struct query *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cQuery, struct query, &query_type, w);
	w->q = q;
	w->session = session;
	return v;
}

assoc_query *assoc_rb_query_ptr(VALUE v)
{
	return ((struct query *)assoc_rb_checked(v, &query_type, "an Assoc::Query"))->q;
}

/* ---- expressions ----------------------------------------------------------- */

struct expr {
	assoc_expr *e;
};

static void expr_free(void *p)
{
	struct expr *w = p;
	assoc_rb_in_free++;
	assoc_expr_free(w->e); /* unpins the objects it compared with */
	assoc_rb_in_free--;
	xfree(w);
}

static const rb_data_type_t expr_type = {
	"Assoc::Core::Expr", { NULL, expr_free, NULL, NULL, { 0 } }, NULL, NULL, FLAGS
};

VALUE assoc_rb_expr_wrap(assoc_expr *e)
{
	struct expr *w;
	VALUE v = TypedData_Make_Struct(assoc_rb_cExpr, struct expr, &expr_type, w);
	w->e = e;
	return v;
}

assoc_expr *assoc_rb_expr_take(VALUE v)
{
	if (NIL_P(v))
		return NULL;
	struct expr *w = assoc_rb_checked(v, &expr_type, "an expression handle");
	if (!w->e)
		assoc_rb_raise(ASSOC_ESTATE, "this expression handle was already used by a query or another expression");
	assoc_expr *e = w->e;
	w->e = NULL; /* the call takes it over, also when it fails */
	return e;
}

/* ---- classes --------------------------------------------------------------- */

static VALUE handle_class(const char *name, VALUE under)
{
	VALUE klass = rb_define_class_under(under, name, rb_cObject);
	rb_undef_alloc_func(klass);
	return klass;
}

void assoc_rb_init_handles(void)
{
	assoc_rb_mAssoc = rb_define_module("Assoc");
	assoc_rb_mCore = rb_define_module_under(assoc_rb_mAssoc, "Core");
	assoc_rb_cEngine = handle_class("Engine", assoc_rb_mAssoc);
	assoc_rb_cRegistry = handle_class("Registry", assoc_rb_mAssoc);
	assoc_rb_cTable = handle_class("Table", assoc_rb_mAssoc);
	assoc_rb_cMapper = handle_class("Mapper", assoc_rb_mAssoc);
	assoc_rb_cAttribute = handle_class("Attribute", assoc_rb_mAssoc);
	assoc_rb_cSession = handle_class("Session", assoc_rb_mAssoc);
	assoc_rb_cQuery = handle_class("Query", assoc_rb_mAssoc);
	assoc_rb_cExpr = handle_class("Expr", assoc_rb_mCore);

	assoc_rb_init_model();
	sessions = assoc_rb_weakmap_new();
}
