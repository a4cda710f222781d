/*
 * test_expire.c - SQLAlchemy's test/orm/test_expire.py: expiring and
 * refreshing objects, and what loads when they are next read.
 */
#include "check.h"

extern const check_part expire_part_expire;
extern const check_part expire_part_other;

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &expire_part_expire, &expire_part_other };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
