#include "cascade.h"
static const check_test tests[] = { { NULL, NULL } };
const check_part cascade_orphan_part = { "orphan", tests };
