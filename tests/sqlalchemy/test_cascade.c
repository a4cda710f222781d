/*
 * test_cascade.c - SQLAlchemy's test/orm/test_cascade.py: save-update,
 * delete, delete-orphan and expunge cascades along one-to-many, many-to-one
 * and many-to-many relationships. The tests are in the parts under cascade/.
 */
#include "cascade/cascade.h"

int main(int argc, char **argv)
{
	static const check_part *const parts[] = {
		&cascade_o2m_part, &cascade_nosave_part, &cascade_m2o_part, &cascade_m2m_part, &cascade_orphan_part,
		&cascade_skipped_part,
	};
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
