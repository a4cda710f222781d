/*
 * test_associationproxy.c - SQLAlchemy's test/ext/test_associationproxy.py,
 * ported; the tests are in the parts under associationproxy/.
 */
#include "associationproxy/parts.h"

#include "associationproxy/later_parts.h" /* ComparatorTest onwards */

int main(int argc, char **argv)
{
	static const check_part *const parts[] = {
		&associationproxy_autoflush_part,
		&associationproxy_collections_list_part,
		&associationproxy_collections_set_part,
		&associationproxy_collections_dict_part,
		&associationproxy_scalar_part,
		&associationproxy_lazyload_part,
		&associationproxy_reconstitution_part,
		&associationproxy_comparator_part,
		&associationproxy_scalar_remove_part,
		&associationproxy_misc_part,
	};
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
