/**
 * @file assoc.h
 * @brief Association tables, association objects and association proxies
 * over SQLite, as a C library. The whole public ABI: include this one header.
 */
#ifndef ASSOC_H
#define ASSOC_H

#include "assoc/common.h"
#include "assoc/error.h"
#include "assoc/alloc.h"
#include "assoc/value.h"
#include "assoc/schema.h"
#include "assoc/mapper.h"
#include "assoc/engine.h"
#include "assoc/session.h"
#include "assoc/object.h"
#include "assoc/collection.h"
#include "assoc/callback.h"
#include "assoc/proxy.h"
#include "assoc/query.h"
#include "assoc/diagram.h"
#include "assoc/reflect.h"
#include "assoc/transaction.h"

#endif
