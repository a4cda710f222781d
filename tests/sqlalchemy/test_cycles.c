/*
 * test_cycles.c - SQLAlchemy's test/orm/test_cycles.py: rows that depend on
 * rows of their own table, and cycles broken with post_update. The parts are
 * in cycles/: selfref.c (SelfReferentialTest, SelfReferentialNoPKTest,
 * InheritTestOne/Two, BiDirectional*), person_ball.c (OneToManyManyToOneTest)
 * and post_update.c (the SelfReferentialPostUpdate tests, PostUpdateBatchingTest
 * and the rest of the file).
 */
#include "check.h"

extern const check_part cycles_selfref, cycles_person_ball, cycles_post_update;

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &cycles_selfref, &cycles_person_ball, &cycles_post_update };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
