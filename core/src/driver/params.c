/*
 * params.c - placeholders: the core writes "?" everywhere; dialects that
 * number their parameters ("$1", "$2", ...) get them renumbered here, once,
 * when a statement is prepared (and when assoc_query_sql() prints it).
 */
#include "driver.h"

#include <string.h>

#include "../util.h"

/* Where the quoted string, identifier or comment that starts at p ends (past it); p itself if none starts. */
static const char *skip_quoted(const char *p)
{
	if (*p == '\'' || *p == '"') {
		char q = *p++;
		for (; *p; p++)
			if (*p == q) {
				if (p[1] != q)
					return p + 1;
				p++; /* a doubled quote stands for one */
			}
		return p;
	}
	if (p[0] == '-' && p[1] == '-') {
		const char *e = strchr(p, '\n');
		return e ? e + 1 : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");
		return e ? e + 2 : p + strlen(p);
	}
	return p;
}

char *db_numbered_params(const char *sql, int *count)
{
	strbuf sb;
	sb_init(&sb);
	int n = 0;
	const char *p = sql, *run = sql;
	while (*p) {
		const char *q = skip_quoted(p);
		if (q != p) {
			p = q;
			continue;
		}
		if (*p == '?') {
			sb_addn(&sb, run, (size_t)(p - run));
			sb_addf(&sb, "$%d", ++n);
			run = ++p;
			continue;
		}
		p++;
	}
	sb_addn(&sb, run, (size_t)(p - run));
	if (count)
		*count = n;
	return sb_take(&sb);
}
