#include "cascade.h"
static const check_test tests[] = { { NULL, NULL } };
const check_part cascade_m2o_part = { "m2o", tests };
