/*
 * scalar_remove.c - test/ext/test_associationproxy.py::ScalarRemoveTest and
 * its ten configurations: A.b = proxy("ab", "b", creator=AB(b=b)) over a
 * list or a scalar A.ab, proxying an object (AB.b -> B) or a column (AB.b
 * INTEGER), with and without cascade_scalar_deletes and
 * create_on_none_assignment; what removing, assigning None and del do to
 * A.ab.
 *
 * Where ScalarRemoveTest's method returns at once for a configuration (the
 * scalar-only and list-only ones) nothing is ported for it. The scalar
 * test_del_already_nonpresent expects Python's AttributeError for an
 * attribute never set: C objects have no such state (a new object's
 * relationship reads NULL), so it is not ported; see README.part2.md.
 * ScalarRemoveListScalarNoCascadeNoneAssign derives, in SQLAlchemy, from
 * ScalarRemoveScalarObjectNoCascade, so it is that configuration again.
 */
#include <string.h>

#include "later2_model.h"
#include "later_parts.h"

typedef struct sr_cfg {
	int useobject, cascade_scalar_deletes, uselist, create_on_none_assignment;
} sr_cfg;

/* AB(b=b) */
static int sr_creator(void *ud, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                      assoc_object **out)
{
	(void)ud, (void)key;
	assoc_attr *ab = NULL;
	int rc;
	if ((rc = assoc_mapper_attr(&ab, assoc_object_mapper(owner), "ab")) ||
	    (rc = assoc_object_new(out, assoc_object_session(owner), assoc_attr_target(ab))))
		return rc;
	return assoc_object_set(*out, "b", *value);
}

static void sr_open(fx *f, const sr_cfg *c)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_table_id(f->reg, "test_a");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.autoincrement = 0;
	assoc_table *ab = fx_table(f->reg, "test_ab");
	if (c->useobject) {
		fx_table_id(f->reg, "test_b");
		o.foreign_key = "test_a.id";
		CHECK_OK(assoc_table_add_column(ab, "a_id", ASSOC_TYPE_INTEGER, &o));
		o.foreign_key = "test_b.id";
		CHECK_OK(assoc_table_add_column(ab, "b_id", ASSOC_TYPE_INTEGER, &o));
	} else {
		fx_col(ab, "b", ASSOC_TYPE_INTEGER);
		o.foreign_key = "test_a.id";
		CHECK_OK(assoc_table_add_column(ab, "a_id", ASSOC_TYPE_INTEGER, &o));
	}
	assoc_mapper *a = fx_mapper(f->reg, "A", "test_a");
	fx_mapper(f->reg, "AB", "test_ab");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "AB";
	r.backref = "a";
	r.uselist = c->uselist;
	CHECK_OK(assoc_mapper_add_relationship(a, "ab", &r));
	if (c->useobject) {
		r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
		r.target = "AB";
		r.backref = "b";
		CHECK_OK(assoc_mapper_add_relationship(fx_mapper(f->reg, "B", "test_b"), "ab", &r));
	}
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "ab";
	p.attr = "b";
	p.creator = sr_creator;
	p.cascade_scalar_deletes = c->cascade_scalar_deletes;
	p.create_on_none_assignment = c->create_on_none_assignment;
	CHECK_OK(assoc_mapper_add_proxy(a, "b", &p));
	fx_open(f);
}

static int sr_is_ab(fx *f, assoc_object *o)
{
	return o && assoc_object_mapper(o) == fx_m(f, "AB");
}

/* B() if useobject else 5 */
static assoc_value sr_b1(fx *f, const sr_cfg *c)
{
	return c->useobject ? assoc_value_object(fx_new(f, "B")) : assoc_value_integer(5);
}

/* a1.b.append(b1) or a1.b = b1, and a1.ab then holds an AB */
static void sr_give_b(fx *f, const sr_cfg *c, assoc_object *a1, assoc_value b1)
{
	if (c->uselist) {
		CHECK_OK(assoc_collection_append(fx_coll(a1, "b"), b1));
		CHECK(sr_is_ab(f, fx_at(fx_coll(a1, "ab"), 0)));
	} else {
		fx_set(a1, "b", b1);
		CHECK(sr_is_ab(f, fx_get_obj(a1, "ab")));
	}
}

static void sr_set_nonnone_to_none(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	assoc_value b1 = sr_b1(&f, c);
	sr_give_b(&f, c, a1, b1);
	if (c->uselist) {
		CHECK_OK(assoc_collection_remove(fx_coll(a1, "b"), b1));
		CHECK_INT(fx_len(fx_coll(a1, "ab")), 0);
	} else {
		fx_set(a1, "b", assoc_value_null());
		if (c->cascade_scalar_deletes) {
			CHECK(fx_get_obj(a1, "ab") == NULL);
		} else {
			assoc_object *ab = fx_get_obj(a1, "ab");
			CHECK(sr_is_ab(&f, ab));
			CHECK(fx_is_null(ab, "b"));
		}
	}
	fx_close(&f);
}

static void sr_set_none_to_none(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	fx_set(a1, "b", assoc_value_null());
	if (c->create_on_none_assignment) {
		assoc_object *ab = fx_get_obj(a1, "ab");
		CHECK(sr_is_ab(&f, ab));
		CHECK(fx_is_null(ab, "b"));
	} else {
		CHECK(fx_get_obj(a1, "ab") == NULL);
	}
	fx_close(&f);
}

/* uselist only (see the top of the file) */
static void sr_del_already_nonpresent(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	CHECK_OK(assoc_object_unset(a1, "b"));
	CHECK_INT(fx_len(fx_coll(a1, "ab")), 0);
	fx_close(&f);
}

static void sr_del(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_value b1 = sr_b1(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	sr_give_b(&f, c, a1, b1);
	CHECK_OK(assoc_object_unset(a1, "b"));
	if (c->uselist)
		CHECK_INT(fx_len(fx_coll(a1, "ab")), 0);
	else
		CHECK(fx_get_obj(a1, "ab") == NULL);
	fx_close(&f);
}

static void sr_del_no_proxy(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_value b1 = sr_b1(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	CHECK_OK(assoc_collection_append(fx_coll(a1, "b"), b1));
	CHECK_OK(assoc_object_unset(a1, "ab"));
	/* "this is what it does for now, so maintain that w/ assoc proxy" */
	CHECK_INT(fx_len(fx_coll(a1, "ab")), 0);
	fx_close(&f);
}

static void sr_del_already_nonpresent_no_proxy(const sr_cfg *c)
{
	fx f;
	sr_open(&f, c);
	assoc_object *a1 = fx_new(&f, "A");
	CHECK_OK(assoc_object_unset(a1, "ab"));
	CHECK_INT(fx_len(fx_coll(a1, "ab")), 0);
	fx_close(&f);
}

/* ScalarRemoveListObjectCascade: useobject True, cascade_scalar_deletes True, uselist True */
static const sr_cfg ScalarRemoveListObjectCascade_cfg = { 1, 1, 1, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveListObjectCascade::test_set_nonnone_to_none
static void ScalarRemoveListObjectCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveListObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectCascade::test_del_already_nonpresent
static void ScalarRemoveListObjectCascade_test_del_already_nonpresent(void) { sr_del_already_nonpresent(&ScalarRemoveListObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectCascade::test_del
static void ScalarRemoveListObjectCascade_test_del(void) { sr_del(&ScalarRemoveListObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectCascade::test_del_no_proxy
static void ScalarRemoveListObjectCascade_test_del_no_proxy(void) { sr_del_no_proxy(&ScalarRemoveListObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectCascade::test_del_already_nonpresent_no_proxy
static void ScalarRemoveListObjectCascade_test_del_already_nonpresent_no_proxy(void) { sr_del_already_nonpresent_no_proxy(&ScalarRemoveListObjectCascade_cfg); }

/* ScalarRemoveScalarObjectCascade: useobject True, cascade_scalar_deletes True, uselist False */
static const sr_cfg ScalarRemoveScalarObjectCascade_cfg = { 1, 1, 0, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectCascade::test_set_nonnone_to_none
static void ScalarRemoveScalarObjectCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveScalarObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectCascade::test_set_none_to_none
static void ScalarRemoveScalarObjectCascade_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveScalarObjectCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectCascade::test_del
static void ScalarRemoveScalarObjectCascade_test_del(void) { sr_del(&ScalarRemoveScalarObjectCascade_cfg); }

/* ScalarRemoveListScalarCascade: useobject False, cascade_scalar_deletes True, uselist True */
static const sr_cfg ScalarRemoveListScalarCascade_cfg = { 0, 1, 1, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveListScalarCascade::test_set_nonnone_to_none
static void ScalarRemoveListScalarCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveListScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarCascade::test_del_already_nonpresent
static void ScalarRemoveListScalarCascade_test_del_already_nonpresent(void) { sr_del_already_nonpresent(&ScalarRemoveListScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarCascade::test_del
static void ScalarRemoveListScalarCascade_test_del(void) { sr_del(&ScalarRemoveListScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarCascade::test_del_no_proxy
static void ScalarRemoveListScalarCascade_test_del_no_proxy(void) { sr_del_no_proxy(&ScalarRemoveListScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarCascade::test_del_already_nonpresent_no_proxy
static void ScalarRemoveListScalarCascade_test_del_already_nonpresent_no_proxy(void) { sr_del_already_nonpresent_no_proxy(&ScalarRemoveListScalarCascade_cfg); }

/* ScalarRemoveScalarScalarCascade: useobject False, cascade_scalar_deletes True, uselist False */
static const sr_cfg ScalarRemoveScalarScalarCascade_cfg = { 0, 1, 0, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarCascade::test_set_nonnone_to_none
static void ScalarRemoveScalarScalarCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveScalarScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarCascade::test_set_none_to_none
static void ScalarRemoveScalarScalarCascade_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveScalarScalarCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarCascade::test_del
static void ScalarRemoveScalarScalarCascade_test_del(void) { sr_del(&ScalarRemoveScalarScalarCascade_cfg); }

/* ScalarRemoveListObjectNoCascade: useobject True, cascade_scalar_deletes False, uselist True */
static const sr_cfg ScalarRemoveListObjectNoCascade_cfg = { 1, 0, 1, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveListObjectNoCascade::test_set_nonnone_to_none
static void ScalarRemoveListObjectNoCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveListObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectNoCascade::test_del_already_nonpresent
static void ScalarRemoveListObjectNoCascade_test_del_already_nonpresent(void) { sr_del_already_nonpresent(&ScalarRemoveListObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectNoCascade::test_del
static void ScalarRemoveListObjectNoCascade_test_del(void) { sr_del(&ScalarRemoveListObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectNoCascade::test_del_no_proxy
static void ScalarRemoveListObjectNoCascade_test_del_no_proxy(void) { sr_del_no_proxy(&ScalarRemoveListObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListObjectNoCascade::test_del_already_nonpresent_no_proxy
static void ScalarRemoveListObjectNoCascade_test_del_already_nonpresent_no_proxy(void) { sr_del_already_nonpresent_no_proxy(&ScalarRemoveListObjectNoCascade_cfg); }

/* ScalarRemoveScalarObjectNoCascade: useobject True, cascade_scalar_deletes False, uselist False */
static const sr_cfg ScalarRemoveScalarObjectNoCascade_cfg = { 1, 0, 0, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascade::test_set_nonnone_to_none
static void ScalarRemoveScalarObjectNoCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveScalarObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascade::test_set_none_to_none
static void ScalarRemoveScalarObjectNoCascade_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveScalarObjectNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascade::test_del
static void ScalarRemoveScalarObjectNoCascade_test_del(void) { sr_del(&ScalarRemoveScalarObjectNoCascade_cfg); }

/* ScalarRemoveScalarObjectNoCascadeNoneAssign: useobject True, cascade_scalar_deletes False, uselist False, create_on_none_assignment True */
static const sr_cfg ScalarRemoveScalarObjectNoCascadeNoneAssign_cfg = { 1, 0, 0, 1 };
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascadeNoneAssign::test_set_nonnone_to_none
static void ScalarRemoveScalarObjectNoCascadeNoneAssign_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveScalarObjectNoCascadeNoneAssign_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascadeNoneAssign::test_set_none_to_none
static void ScalarRemoveScalarObjectNoCascadeNoneAssign_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveScalarObjectNoCascadeNoneAssign_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarObjectNoCascadeNoneAssign::test_del
static void ScalarRemoveScalarObjectNoCascadeNoneAssign_test_del(void) { sr_del(&ScalarRemoveScalarObjectNoCascadeNoneAssign_cfg); }

/* ScalarRemoveListScalarNoCascade: useobject False, cascade_scalar_deletes False, uselist True */
static const sr_cfg ScalarRemoveListScalarNoCascade_cfg = { 0, 0, 1, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascade::test_set_nonnone_to_none
static void ScalarRemoveListScalarNoCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveListScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascade::test_del_already_nonpresent
static void ScalarRemoveListScalarNoCascade_test_del_already_nonpresent(void) { sr_del_already_nonpresent(&ScalarRemoveListScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascade::test_del
static void ScalarRemoveListScalarNoCascade_test_del(void) { sr_del(&ScalarRemoveListScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascade::test_del_no_proxy
static void ScalarRemoveListScalarNoCascade_test_del_no_proxy(void) { sr_del_no_proxy(&ScalarRemoveListScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascade::test_del_already_nonpresent_no_proxy
static void ScalarRemoveListScalarNoCascade_test_del_already_nonpresent_no_proxy(void) { sr_del_already_nonpresent_no_proxy(&ScalarRemoveListScalarNoCascade_cfg); }

/* ScalarRemoveListScalarNoCascadeNoneAssign: useobject True, cascade_scalar_deletes False, uselist False, create_on_none_assignment True */
static const sr_cfg ScalarRemoveListScalarNoCascadeNoneAssign_cfg = { 1, 0, 0, 1 };
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascadeNoneAssign::test_set_nonnone_to_none
static void ScalarRemoveListScalarNoCascadeNoneAssign_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveListScalarNoCascadeNoneAssign_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascadeNoneAssign::test_set_none_to_none
static void ScalarRemoveListScalarNoCascadeNoneAssign_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveListScalarNoCascadeNoneAssign_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveListScalarNoCascadeNoneAssign::test_del
static void ScalarRemoveListScalarNoCascadeNoneAssign_test_del(void) { sr_del(&ScalarRemoveListScalarNoCascadeNoneAssign_cfg); }

/* ScalarRemoveScalarScalarNoCascade: useobject False, cascade_scalar_deletes False, uselist False */
static const sr_cfg ScalarRemoveScalarScalarNoCascade_cfg = { 0, 0, 0, 0 };
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarNoCascade::test_set_nonnone_to_none
static void ScalarRemoveScalarScalarNoCascade_test_set_nonnone_to_none(void) { sr_set_nonnone_to_none(&ScalarRemoveScalarScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarNoCascade::test_set_none_to_none
static void ScalarRemoveScalarScalarNoCascade_test_set_none_to_none(void) { sr_set_none_to_none(&ScalarRemoveScalarScalarNoCascade_cfg); }
// test/ext/test_associationproxy.py::ScalarRemoveScalarScalarNoCascade::test_del
static void ScalarRemoveScalarScalarNoCascade_test_del(void) { sr_del(&ScalarRemoveScalarScalarNoCascade_cfg); }

static const check_test scalar_remove_tests[] = {
	TEST(ScalarRemoveListObjectCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveListObjectCascade_test_del_already_nonpresent),
	TEST(ScalarRemoveListObjectCascade_test_del),
	TEST(ScalarRemoveListObjectCascade_test_del_no_proxy),
	TEST(ScalarRemoveListObjectCascade_test_del_already_nonpresent_no_proxy),
	TEST(ScalarRemoveScalarObjectCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveScalarObjectCascade_test_set_none_to_none),
	TEST(ScalarRemoveScalarObjectCascade_test_del),
	TEST(ScalarRemoveListScalarCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveListScalarCascade_test_del_already_nonpresent),
	TEST(ScalarRemoveListScalarCascade_test_del),
	TEST(ScalarRemoveListScalarCascade_test_del_no_proxy),
	TEST(ScalarRemoveListScalarCascade_test_del_already_nonpresent_no_proxy),
	TEST(ScalarRemoveScalarScalarCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveScalarScalarCascade_test_set_none_to_none),
	TEST(ScalarRemoveScalarScalarCascade_test_del),
	TEST(ScalarRemoveListObjectNoCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveListObjectNoCascade_test_del_already_nonpresent),
	TEST(ScalarRemoveListObjectNoCascade_test_del),
	TEST(ScalarRemoveListObjectNoCascade_test_del_no_proxy),
	TEST(ScalarRemoveListObjectNoCascade_test_del_already_nonpresent_no_proxy),
	TEST(ScalarRemoveScalarObjectNoCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveScalarObjectNoCascade_test_set_none_to_none),
	TEST(ScalarRemoveScalarObjectNoCascade_test_del),
	TEST(ScalarRemoveScalarObjectNoCascadeNoneAssign_test_set_nonnone_to_none),
	TEST(ScalarRemoveScalarObjectNoCascadeNoneAssign_test_set_none_to_none),
	TEST(ScalarRemoveScalarObjectNoCascadeNoneAssign_test_del),
	TEST(ScalarRemoveListScalarNoCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveListScalarNoCascade_test_del_already_nonpresent),
	TEST(ScalarRemoveListScalarNoCascade_test_del),
	TEST(ScalarRemoveListScalarNoCascade_test_del_no_proxy),
	TEST(ScalarRemoveListScalarNoCascade_test_del_already_nonpresent_no_proxy),
	TEST(ScalarRemoveListScalarNoCascadeNoneAssign_test_set_nonnone_to_none),
	TEST(ScalarRemoveListScalarNoCascadeNoneAssign_test_set_none_to_none),
	TEST(ScalarRemoveListScalarNoCascadeNoneAssign_test_del),
	TEST(ScalarRemoveScalarScalarNoCascade_test_set_nonnone_to_none),
	TEST(ScalarRemoveScalarScalarNoCascade_test_set_none_to_none),
	TEST(ScalarRemoveScalarScalarNoCascade_test_del),
	{ NULL, NULL },
};

const check_part associationproxy_scalar_remove_part = { "scalar_remove", scalar_remove_tests };
