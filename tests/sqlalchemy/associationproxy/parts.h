/*
 * parts.h - the parts of test_associationproxy.c, the port of SQLAlchemy's
 * test/ext/test_associationproxy.py.
 */
#ifndef ASSOC_SQLA_AP_PARTS_H
#define ASSOC_SQLA_AP_PARTS_H

#include "check.h"

/* part 1: AutoFlushTest to ReconstitutionTest */
extern const check_part associationproxy_autoflush_part, associationproxy_collections_list_part,
	associationproxy_collections_set_part, associationproxy_collections_dict_part, associationproxy_scalar_part,
	associationproxy_lazyload_part, associationproxy_reconstitution_part;

#endif
