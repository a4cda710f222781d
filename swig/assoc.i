/*
 * swig/assoc.i - the part of the interface every binding shares: the public
 * headers, less what no binding calls directly. A language's .i defines its
 * typemaps (assoc_value to and from native values, out-parameters to return
 * values, error codes to host errors, callables to callbacks) and then
 * %includes this file.
 */
%{
#include "assoc.h"
%}

#define ASSOC_API

/* printf-style: bindings report callback failures with their own message helper. */
%ignore assoc_error_set;

%include "assoc/common.h"
%include "assoc/error.h"
%include "assoc/value.h"
%include "assoc/schema.h"
%include "assoc/mapper.h"
%include "assoc/engine.h"
%include "assoc/session.h"
%include "assoc/object.h"
%include "assoc/collection.h"
%include "assoc/callback.h"
%include "assoc/proxy.h"
/* Query aliases (assoc_query_alias and its family): not wrapped in the bindings yet. */
%ignore assoc_query_alias;
%ignore assoc_alias_name;
%ignore assoc_alias_mapper;
%ignore assoc_query_join_alias;
%ignore assoc_query_order_by_alias;
%ignore assoc_expr_alias_compare;
%ignore assoc_expr_alias_in;
%ignore assoc_expr_alias_any;
%ignore assoc_expr_alias_has;
%ignore assoc_expr_alias_contains;
%include "assoc/query.h"
