/*
 * multi_owner.c - test/ext/test_associationproxy.py::MultiOwnerTest: one
 * proxy (A.d_values, D.c_data) served by several subclasses of a
 * polymorphic hierarchy (B, C, C1, C2 under A, with polymorphic_on), each
 * with its own relationship or column of the same name. The library has no
 * mapper inheritance, so every test is skipped.
 */
#include "later2_model.h"

#define MO_MISSING "no mapper inheritance (polymorphic_on, joined-table subclasses B, C, C1, C2 of A)"

// test/ext/test_associationproxy.py::MultiOwnerTest::test_column_collection_expressions
void multi_owner_column_collection_expressions(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_none
void multi_owner_subclass_only_owner_none(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_assign
void multi_owner_subclass_only_owner_assign(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_get
void multi_owner_subclass_only_owner_get(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_none_raise
void multi_owner_subclass_only_owner_none_raise(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_delete
void multi_owner_subclass_only_owner_delete(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_assign_passes
void multi_owner_subclass_only_owner_assign_passes(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_get_raises
void multi_owner_subclass_only_owner_get_raises(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclass_only_owner_delete_raises
void multi_owner_subclass_only_owner_delete_raises(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_subclasses_conflicting_types
void multi_owner_subclasses_conflicting_types(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_col_expressions_not_available
void multi_owner_col_expressions_not_available(void) { CHECK_SKIP(MO_MISSING); }

// test/ext/test_associationproxy.py::MultiOwnerTest::test_rel_expressions_not_available
void multi_owner_rel_expressions_not_available(void) { CHECK_SKIP(MO_MISSING); }
