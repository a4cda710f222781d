/*
 * test_unitofwork.c - SQLAlchemy's test/orm/test_unitofwork.py, its
 * relationship and ordering parts. The parts are in unitofwork/.
 */
#include "check.h"

extern const check_part uow1_one_to_many, uow1_many_to_many, uow1_misc;

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &uow1_one_to_many, &uow1_many_to_many, &uow1_misc };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
