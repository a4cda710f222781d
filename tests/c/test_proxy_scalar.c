/*
 * test_proxy_scalar.c - proxies over scalar relationships: seed 001's
 * Step.recipe_name (a column across a many-to-one) and A.b (an object
 * across a one-to-one, with cascade_scalar_deletes). Reading, writing,
 * creating the intermediary when there is none, create_on_none_assignment,
 * unset, creators, and type errors.
 */
#include <string.h>

#include "fixtures.h"

#define T(s) assoc_value_text(s)
#define I(i) assoc_value_integer(i)
#define O(o) assoc_value_object(o)

struct opts {
	int cascade_scalar_deletes;
	int create_on_none_assignment;
	const char *ab_cascade; /* cascade of A.ab */
	assoc_creator_fn recipe_creator;
	void *recipe_creator_data;
};

/*
 * recipe(id, name), step(id, description, recipe_id): Recipe.steps <->
 * Step.recipe, Step.recipe_name = proxy("recipe", "name").
 * test_a(id), test_b(id, name), test_ab(a_id, b_id): A.ab (uselist false),
 * AB.b, A.b = proxy("ab", "b").
 */
static void open_model(fx *f, const struct opts *o)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *recipe = fx_table_id(f->reg, "recipe");
	fx_col(recipe, "name", ASSOC_TYPE_TEXT);
	assoc_table *step = fx_table_id(f->reg, "step");
	fx_col(step, "description", ASSOC_TYPE_TEXT);
	fx_fk(step, "recipe_id", "recipe.id");
	fx_table_id(f->reg, "test_a");
	fx_col(fx_table_id(f->reg, "test_b"), "name", ASSOC_TYPE_TEXT);
	assoc_table *ab = fx_table(f->reg, "test_ab");
	assoc_column_options c = ASSOC_COLUMN_OPTIONS_INIT;
	c.primary_key = 1;
	c.foreign_key = "test_a.id";
	CHECK_OK(assoc_table_add_column(ab, "a_id", ASSOC_TYPE_INTEGER, &c));
	c.foreign_key = "test_b.id";
	CHECK_OK(assoc_table_add_column(ab, "b_id", ASSOC_TYPE_INTEGER, &c));

	assoc_mapper *Recipe = fx_mapper(f->reg, "Recipe", "recipe");
	assoc_mapper *Step = fx_mapper(f->reg, "Step", "step");
	fx_rel(Recipe, "steps", "Step", "recipe", NULL);
	fx_rel(Step, "recipe", "Recipe", "steps", NULL);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "recipe";
	p.attr = "name";
	p.create_on_none_assignment = o->create_on_none_assignment;
	p.creator = o->recipe_creator;
	p.creator_data = o->recipe_creator_data;
	CHECK_OK(assoc_mapper_add_proxy(Step, "recipe_name", &p));

	assoc_mapper *A = fx_mapper(f->reg, "A", "test_a");
	fx_mapper(f->reg, "B", "test_b");
	assoc_mapper *AB = fx_mapper(f->reg, "AB", "test_ab");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "AB";
	r.uselist = 0;
	r.cascade = o->ab_cascade;
	CHECK_OK(assoc_mapper_add_relationship(A, "ab", &r));
	fx_rel(AB, "b", "B", NULL, NULL);
	p = (assoc_proxy_options)ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "ab";
	p.attr = "b";
	p.cascade_scalar_deletes = o->cascade_scalar_deletes;
	CHECK_OK(assoc_mapper_add_proxy(A, "b", &p));
	fx_open(f);
}

static void test_get_set_existing(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *r = fx_add(&f, "Recipe", "name", "afternoon snack");
	assoc_object *s = fx_add(&f, "Step", "description", "slice bread");
	fx_set_obj(s, "recipe", r);
	CHECK_STR(fx_get_text(s, "recipe_name"), "afternoon snack");
	fx_set_text(s, "recipe_name", "late snack"); /* writes the Recipe's name */
	CHECK(fx_get_obj(s, "recipe") == r);
	CHECK_STR(fx_get_text(r, "name"), "late snack");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT name FROM recipe"), "late snack");
	CHECK_INT(fx_count(f.eng, "recipe"), 1);
	/* after a reload the proxy loads the relationship first */
	fx_new_session(&f);
	assoc_object *s2 = NULL;
	assoc_value pk = I(1);
	CHECK_OK(assoc_session_get(&s2, f.s, fx_m(&f, "Step"), &pk, 1));
	CHECK_STR(fx_get_text(s2, "recipe_name"), "late snack");
	fx_close(&f);
}

/* No intermediary: reading gives NULL; writing a value creates one. */
static void test_create_when_none(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *s = fx_add(&f, "Step", "description", "boil water");
	CHECK(fx_is_null(s, "recipe_name"));
	fx_set_text(s, "recipe_name", "tea");
	assoc_object *r = fx_get_obj(s, "recipe");
	CHECK(r != NULL);
	CHECK(assoc_object_mapper(r) == fx_m(&f, "Recipe"));
	CHECK_STR(fx_get_text(r, "name"), "tea");
	CHECK(fx_contains(fx_coll(r, "steps"), s)); /* back_populates */
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_sql_text(f.eng, "SELECT r.name FROM step s JOIN recipe r ON r.id = s.recipe_id"),
	          "tea");
	fx_close(&f);
}

static void test_assign_none(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *s = fx_add(&f, "Step", "description", "rest");
	/* None with no intermediary: nothing is created */
	fx_set(s, "recipe_name", assoc_value_null());
	CHECK(fx_get_obj(s, "recipe") == NULL);
	/* None with one: its attribute becomes None, it stays */
	fx_set_text(s, "recipe_name", "nap");
	assoc_object *r = fx_get_obj(s, "recipe");
	fx_set(s, "recipe_name", assoc_value_null());
	CHECK(fx_get_obj(s, "recipe") == r);
	CHECK(fx_is_null(r, "name"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "recipe"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM recipe WHERE name IS NULL"), 1);
	fx_close(&f);

	/* create_on_none_assignment: None with no intermediary creates one */
	o.create_on_none_assignment = 1;
	open_model(&f, &o);
	s = fx_add(&f, "Step", "description", "rest");
	fx_set(s, "recipe_name", assoc_value_null());
	r = fx_get_obj(s, "recipe");
	CHECK(r != NULL);
	CHECK(fx_is_null(r, "name"));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "recipe"), 1);
	fx_close(&f);
}

static void scalar_deletes(int cascade, const char *ab_cascade)
{
	fx f;
	struct opts o = { 0 };
	o.cascade_scalar_deletes = cascade;
	o.ab_cascade = ab_cascade;
	open_model(&f, &o);
	assoc_object *a = fx_add(&f, "A", NULL, NULL);
	assoc_object *b = fx_new(&f, "B");
	fx_set_obj(a, "b", b); /* the default creator: AB(b=b) */
	assoc_object *ab = fx_get_obj(a, "ab");
	CHECK(ab != NULL);
	CHECK(assoc_object_mapper(ab) == fx_m(&f, "AB"));
	CHECK(fx_get_obj(ab, "b") == b);
	CHECK(fx_get_obj(a, "b") == b);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "test_ab"), 1);

	fx_set(a, "b", assoc_value_null());
	CHECK(fx_get_obj(a, "b") == NULL);
	if (cascade) {
		CHECK(fx_get_obj(a, "ab") == NULL); /* the AB is removed as well */
	} else {
		CHECK(fx_get_obj(a, "ab") == ab); /* the AB stays, without a B */
		CHECK(fx_get_obj(ab, "b") == NULL);
	}
	if (ab_cascade) {
		CHECK_OK(assoc_session_commit(f.s));
		CHECK_INT(fx_count(f.eng, "test_ab"), 0);
		CHECK_INT(fx_count(f.eng, "test_b"), 1);
	}
	fx_close(&f);
}

static void test_cascade_scalar_deletes(void)
{
	scalar_deletes(1, NULL);
	scalar_deletes(1, "all, delete-orphan");
	scalar_deletes(0, NULL);
}

/* del step.recipe_name: the Recipe's name is cleared and the Recipe let go. */
static void test_unset(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *s = fx_add(&f, "Step", "description", "eat");
	CHECK_OK(assoc_object_unset(s, "recipe_name")); /* nothing there: no effect */
	fx_set_text(s, "recipe_name", "lunch");
	assoc_object *r = fx_get_obj(s, "recipe");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_OK(assoc_object_unset(s, "recipe_name"));
	CHECK(fx_get_obj(s, "recipe") == NULL);
	CHECK(fx_is_null(s, "recipe_name"));
	CHECK(fx_is_null(r, "name"));
	CHECK(!fx_contains(fx_coll(r, "steps"), s));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM step WHERE recipe_id IS NULL"), 1);
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM recipe WHERE name IS NULL"), 1);
	fx_close(&f);
}

struct seen {
	int calls;
	assoc_object *owner;
	int key_was_null;
	char value[32];
	assoc_mapper *recipe;
	int fail;
};

static int recipe_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                          const assoc_value *value, assoc_object **out)
{
	struct seen *seen = userdata;
	seen->calls++;
	seen->owner = owner;
	seen->key_was_null = key == NULL;
	if (value->kind == ASSOC_TEXT)
		snprintf(seen->value, sizeof seen->value, "%s", value->u.bytes.data);
	if (seen->fail)
		return assoc_error_set(ASSOC_ECALLBACK, "no recipe called %s", seen->value);
	int rc = assoc_object_new(out, assoc_object_session(owner), seen->recipe);
	return rc ? rc : assoc_object_set(*out, "name", *value);
}

static void test_creator(void)
{
	fx f;
	struct seen seen = { 0 };
	struct opts o = { 0 };
	o.recipe_creator = recipe_creator;
	o.recipe_creator_data = &seen;
	open_model(&f, &o);
	seen.recipe = fx_m(&f, "Recipe");
	assoc_object *s = fx_add(&f, "Step", "description", "mix");
	fx_set_text(s, "recipe_name", "cake");
	CHECK_INT(seen.calls, 1);
	CHECK(seen.owner == s);
	CHECK(seen.key_was_null);
	CHECK_STR(seen.value, "cake");
	CHECK_STR(fx_get_text(fx_get_obj(s, "recipe"), "name"), "cake");
	/* with an intermediary present the creator is not called */
	fx_set_text(s, "recipe_name", "pie");
	CHECK_INT(seen.calls, 1);

	/* a failing creator: its error reaches the caller, nothing changes */
	assoc_object *s2 = fx_add(&f, "Step", "description", "bake");
	seen.fail = 1;
	CHECK_ERR(assoc_object_set(s2, "recipe_name", T("bread")), ASSOC_ECALLBACK);
	CHECK_STR(assoc_error_last()->message, "no recipe called bread");
	CHECK(fx_get_obj(s2, "recipe") == NULL);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "recipe"), 1);
	fx_close(&f);
}

static void test_type_errors(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *s = fx_add(&f, "Step", "description", "x");
	CHECK_ERR(assoc_object_set(s, "recipe_name", I(5)), ASSOC_ETYPE);
	CHECK_MSG_CONTAINS("name");
	CHECK(fx_get_obj(s, "recipe") == NULL); /* no Recipe was made */
	assoc_object *a = fx_add(&f, "A", NULL, NULL);
	CHECK_ERR(assoc_object_set(a, "b", O(s)), ASSOC_ETYPE); /* a Step is not a B */
	CHECK_ERR(assoc_object_set(a, "b", T("b")), ASSOC_ETYPE);
	CHECK(fx_get_obj(a, "ab") == NULL);
	assoc_collection *c = NULL;
	CHECK_ERR(assoc_object_collection(&c, s, "recipe_name"), ASSOC_ETYPE);
	fx_set_text(s, "recipe_name", "r");
	CHECK_ERR(assoc_object_set(s, "recipe_name", I(5)), ASSOC_ETYPE);
	CHECK_STR(fx_get_text(s, "recipe_name"), "r");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "recipe"), 1);
	CHECK_INT(fx_count(f.eng, "test_ab"), 0);
	fx_close(&f);
}

/* Changing the relationship, or the intermediary, shows through the proxy. */
static void test_relationship_shows_through(void)
{
	fx f;
	struct opts o = { 0 };
	open_model(&f, &o);
	assoc_object *r1 = fx_add(&f, "Recipe", "name", "one");
	assoc_object *r2 = fx_add(&f, "Recipe", "name", "two");
	assoc_object *s = fx_add(&f, "Step", "description", "x");
	fx_set_obj(s, "recipe", r1);
	CHECK_STR(fx_get_text(s, "recipe_name"), "one");
	CHECK_OK(assoc_collection_append(fx_coll(r2, "steps"), O(s))); /* moves it */
	CHECK_STR(fx_get_text(s, "recipe_name"), "two");
	fx_set_text(r2, "name", "deux");
	CHECK_STR(fx_get_text(s, "recipe_name"), "deux");
	fx_set(s, "recipe", assoc_value_null());
	CHECK(fx_is_null(s, "recipe_name"));
	fx_close(&f);
}

/* ---- a custom getter with no intermediary (getset_factory) ---------------- */

static int getter_calls;
static int getter_fails;

/* "none" for no target, the child's name otherwise; fails when getter_fails. */
static int none_getter(void *userdata, assoc_object *target, assoc_value *out)
{
	(void)userdata;
	getter_calls++;
	if (getter_fails)
		return assoc_error_set(ASSOC_ECALLBACK, "getter refused");
	if (!target) {
		*out = T("none");
		return 0;
	}
	return assoc_object_get(target, "name", out);
}

static int none_setter(void *userdata, assoc_object *target, const assoc_value *key, const assoc_value *value)
{
	(void)userdata;
	(void)key;
	return assoc_object_set(target, "name", *value);
}

static int none_factory(void *userdata, assoc_collection_kind kind, const assoc_attr *proxy, assoc_getset *out)
{
	(void)userdata;
	(void)kind;
	(void)proxy;
	out->getter = none_getter;
	out->setter = none_setter;
	return 0;
}

/* parent(id, child_id -> child), child(id, name); Parent.child, Parent.name = proxy with the getter above. */
static void open_getter_model(fx *f, unsigned int version)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_fk(fx_table_id(f->reg, "parent"), "child_id", "child.id");
	fx_col(fx_table_id(f->reg, "child"), "name", ASSOC_TYPE_TEXT);
	assoc_mapper *parent = fx_mapper(f->reg, "Parent", "parent");
	fx_mapper(f->reg, "Child", "child");
	fx_rel(parent, "child", "Child", NULL, NULL);
	assoc_proxy_options p;
	CHECK_OK(assoc_proxy_options_init(&p, version));
	CHECK_INT(p.version, version);
	p.target_collection = "child";
	p.attr = "name";
	p.getset_factory = none_factory;
	CHECK_OK(assoc_mapper_add_proxy(parent, "name", &p));
	fx_open(f);
	getter_calls = getter_fails = 0;
}

/* Version 2: the getter is called with a NULL target and its value is what the proxy reads. */
static void test_getter_without_intermediary(void)
{
	fx f;
	open_getter_model(&f, ASSOC_PROXY_OPTIONS_VERSION);
	assoc_object *p = fx_new(&f, "Parent");
	CHECK_STR(fx_get_text(p, "name"), "none");
	CHECK_INT(getter_calls, 1);
	assoc_object *c = fx_new(&f, "Child");
	fx_set_text(c, "name", "kid");
	fx_set_obj(p, "child", c);
	CHECK_STR(fx_get_text(p, "name"), "kid");
	CHECK_INT(getter_calls, 2);
	/* a failing getter fails the read, with its error */
	fx_set(p, "child", assoc_value_null());
	getter_fails = 1;
	assoc_value v;
	CHECK_ERR(assoc_object_get(p, "name", &v), ASSOC_ECALLBACK);
	CHECK(strstr(assoc_error_last()->message, "getter refused") != NULL);
	fx_close(&f);
}

/* Version 1 options keep the old reading: NULL, and the getter is not called. */
static void test_getter_without_intermediary_version_1(void)
{
	fx f;
	open_getter_model(&f, ASSOC_PROXY_OPTIONS_VERSION_1);
	assoc_object *p = fx_new(&f, "Parent");
	CHECK(fx_is_null(p, "name"));
	CHECK_INT(getter_calls, 0);
	assoc_proxy_options o;
	CHECK_ERR(assoc_proxy_options_init(&o, 3), ASSOC_EINVAL);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_get_set_existing),
		TEST(test_create_when_none),
		TEST(test_assign_none),
		TEST(test_cascade_scalar_deletes),
		TEST(test_unset),
		TEST(test_creator),
		TEST(test_type_errors),
		TEST(test_relationship_shows_through),
		TEST(test_getter_without_intermediary),
		TEST(test_getter_without_intermediary_version_1),
	};
	return CHECK_RUN(tests, argc, argv);
}
