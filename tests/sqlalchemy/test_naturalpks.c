/*
 * test_naturalpks.c - SQLAlchemy's test/orm/test_naturalpks.py: primary keys
 * that change, and passive / non-passive cascading of the change.
 *
 * SQLAlchemy's tables use ON UPDATE CASCADE where the backend has it. Here the
 * passive_updates=True tests declare it (the database does the cascade), and
 * the passive_updates=False tests leave it out, as SQLAlchemy does on backends
 * without it: the session itself must carry every change.
 */
#include "check.h"

extern const check_part naturalpks_part_natural;
extern const check_part naturalpks_part_other;

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &naturalpks_part_natural, &naturalpks_part_other };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
