#include "cascade.h"
static const check_test tests[] = { { NULL, NULL } };
const check_part cascade_m2m_part = { "m2m", tests };
