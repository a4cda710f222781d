/*
 * post_update.c - test/orm/test_cycles.py SelfReferentialPostUpdateTest(2, 3),
 * PostUpdateBatchingTest and the post_update tests after them.
 */
#include "../orm_fixtures.h"

static const check_test tests[] = {
	{ NULL, NULL },
};

const check_part cycles_post_update = { "post_update", tests };
