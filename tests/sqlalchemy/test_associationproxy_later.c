/*
 * TEMPORARY (delete at merge): runs the later parts of the
 * test/ext/test_associationproxy.py port on their own, until they are folded
 * into test_associationproxy.c, which CMake builds with every file under
 * associationproxy/. Until then this file includes them, since CMake only
 * globs associationproxy_later/ for it.
 */
#include "associationproxy/later2_model.c"
#include "associationproxy/comparator.c"
#include "associationproxy/scalar_remove.c"
#include "associationproxy/attribute_access.c"
#include "associationproxy/multi_owner.c"
#include "associationproxy/misc.c"

int main(int argc, char **argv)
{
	static const check_part *const parts[] = { &associationproxy_comparator_part, &associationproxy_scalar_remove_part,
	                                           &associationproxy_misc_part };
	return check_run_parts(parts, sizeof parts / sizeof parts[0], argc, argv);
}
