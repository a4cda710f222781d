/*
 * error.c - the thread's last error.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most messages fit the inline buffer; a longer one goes to the heap, whole. */
static _Thread_local char last_message[1024];
static _Thread_local char *long_message; /* the heap copy, or NULL */
static _Thread_local assoc_error last_error = { 0, "" };

const char *assoc_version(void) { return ASSOC_VERSION; }

const assoc_error *assoc_error_last(void)
{
	last_error.message = long_message ? long_message : last_message;
	return &last_error;
}

void assoc_error_clear(void)
{
	last_error.code = 0;
	last_message[0] = 0;
	mem_free(long_message);
	long_message = NULL;
}

int assoc_error_set(int code, const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	/* an argument may be the current long message: it is freed only once the new one is made */
	int n = vsnprintf(last_message, sizeof last_message, fmt, ap);
	char *p = n >= (int)sizeof last_message ? mem_alloc((size_t)n + 1) : NULL;
	if (p) /* without memory the text stays cut to the inline buffer */
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	va_end(ap);
	mem_free(long_message);
	long_message = p;
	last_error.code = code;
	return code;
}

const char *assoc_error_name(int code)
{
	switch (code) {
	case ASSOC_OK: return "ASSOC_OK";
	case ASSOC_ERROR: return "ASSOC_ERROR";
	case ASSOC_ENOMEM: return "ASSOC_ENOMEM";
	case ASSOC_EINVAL: return "ASSOC_EINVAL";
	case ASSOC_ENOTFOUND: return "ASSOC_ENOTFOUND";
	case ASSOC_ETYPE: return "ASSOC_ETYPE";
	case ASSOC_ECONSTRAINT: return "ASSOC_ECONSTRAINT";
	case ASSOC_ECONFIG: return "ASSOC_ECONFIG";
	case ASSOC_ECLOSED: return "ASSOC_ECLOSED";
	case ASSOC_EDETACHED: return "ASSOC_EDETACHED";
	case ASSOC_ESTATE: return "ASSOC_ESTATE";
	case ASSOC_EDB: return "ASSOC_EDB";
	case ASSOC_ENORESULT: return "ASSOC_ENORESULT";
	case ASSOC_EMULTIPLE: return "ASSOC_EMULTIPLE";
	case ASSOC_ECALLBACK: return "ASSOC_ECALLBACK";
	case ASSOC_ERANGE: return "ASSOC_ERANGE";
	case ASSOC_EEXISTS: return "ASSOC_EEXISTS";
	case ASSOC_ERETRY: return "ASSOC_ERETRY";
	case ASSOC_EINTERRUPT: return "ASSOC_EINTERRUPT";
	default: return "ASSOC_UNKNOWN";
	}
}

int err_oom(void) { return assoc_error_set(ASSOC_ENOMEM, "out of memory"); }
