/*
 * later_parts.h - the parts of test_associationproxy.c that port
 * test/ext/test_associationproxy.py from ComparatorTest to the end.
 */
#ifndef ASSOC_SQLA_LATER_PARTS_H
#define ASSOC_SQLA_LATER_PARTS_H

#include "check.h"

extern const check_part associationproxy_comparator_part, associationproxy_scalar_remove_part, associationproxy_misc_part;

#endif
