/*
 * pg_keywords.c - PostgreSQL's reserved key words, without libpq: the one
 * quoting function (sb_ident) quotes them in every build and dialect alike,
 * so that SQL text does not depend on whether the driver was built.
 */
#include "driver.h"

#include <string.h>

/* PostgreSQL's reserved key words (and those that cannot be a table or column name), sorted. */
static const char *const reserved[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
	"both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
	"cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
	"current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
	"in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
	"limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
	"order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
	"session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
	"trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
	"with",
};

int db_pg_is_keyword(const char *name, size_t len)
{
	char low[32];
	if (len >= sizeof low)
		return 0; /* no key word is that long */
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	low[len] = '\0';
	size_t lo = 0, hi = sizeof reserved / sizeof *reserved;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(low, reserved[mid]);
		if (!cmp)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

