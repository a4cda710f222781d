#include "cascade.h"
static const check_test tests[] = { { NULL, NULL } };
const check_part cascade_nosave_part = { "nosave", tests };
