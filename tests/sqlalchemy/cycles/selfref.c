/*
 * selfref.c - test/orm/test_cycles.py SelfReferentialTest,
 * SelfReferentialNoPKTest, InheritTestOne/Two and the BiDirectional tests.
 */
#include "../orm_fixtures.h"

static const check_test tests[] = {
	{ NULL, NULL },
};

const check_part cycles_selfref = { "selfref", tests };
