/*
 * params.c - placeholders: the core writes "?" (and the query compiler
 * SQLAlchemy's named ":name_1", each name once); dialects that
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

static int ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

char *db_numbered_params(const char *sql, int *count)
{
	strbuf sb;
	sb_init(&sb);
	int n = 0;
	/* Named parameters seen (":name_1"), each numbered once as SQLite numbers them: where, how long. */
	const char **names = NULL;
	size_t *lens = NULL, nnames = 0, cap = 0;
	int oom = 0;
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
		if (*p == ':' && p[1] != ':' && (p == sql || (p[-1] != ':' && !ident_char(p[-1]))) && ident_char(p[1]) &&
		    !(p[1] >= '0' && p[1] <= '9')) {
			const char *name = p + 1;
			size_t len = 0;
			while (ident_char(name[len]))
				len++;
			int num = 0;
			for (size_t i = 0; i < nnames; i++)
				if (lens[i] == len && !memcmp(names[i], name, len))
					num = (int)i + 1;
			if (!num) {
				if (nnames == cap) {
					size_t c = cap ? cap * 2 : 8;
					const char **nn = mem_realloc(names, c * sizeof *nn);
					size_t *nl = nn ? mem_realloc(lens, c * sizeof *nl) : NULL;
					if (nn)
						names = nn;
					if (!nl) {
						oom = 1;
						break;
					}
					lens = nl;
					cap = c;
				}
				names[nnames] = name;
				lens[nnames++] = len;
				num = ++n;
			}
			sb_addn(&sb, run, (size_t)(p - run));
			sb_addf(&sb, "$%d", num);
			p = name + len;
			run = p;
			continue;
		}
		p++;
	}
	mem_free(names);
	mem_free(lens);
	if (oom) {
		sb_free(&sb);
		return NULL;
	}
	sb_addn(&sb, run, (size_t)(p - run));
	if (count)
		*count = n;
	return sb_take(&sb);
}
