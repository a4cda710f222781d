/*
 * test_unitofworkv2.c - SQLAlchemy's test/orm/test_unitofworkv2.py: the
 * statements a flush runs and their order. The parts are in unitofworkv2/.
 */
#include "check.h"

extern const check_part uow_rudimentary, uow_rowswitch, uow_cycles;

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &uow_rudimentary, &uow_rowswitch, &uow_cycles };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
