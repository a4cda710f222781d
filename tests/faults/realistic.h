/*
 * realistic.h - the program the fault sweeps run: users with keywords (a
 * list proxy with a creator) and notes (a dict proxy with a creator, notes
 * cascading "all, delete-orphan"), over five transactions - appends, dict
 * puts, removes, deletes, flushes, an update, a rolled-back transaction,
 * queries and a reload - on a file database.
 */
#ifndef ASSOC_TEST_FAULT_REALISTIC_H
#define ASSOC_TEST_FAULT_REALISTIC_H

#include "program.h"

extern const fp_program fp_realistic;

#endif
