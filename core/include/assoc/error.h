/**
 * @file assoc/error.h
 * @brief Error codes and the thread's last error.
 *
 * A function that can fail returns 0 or one of the negative codes below and
 * records a message naming the table, attribute or value involved; read it
 * with assoc_error_last() on the same thread. As in libgit2, a call that
 * succeeds leaves the last error as it was: look at it only after a failure.
 * A message is kept whole however long (cut short only when memory for it
 * runs out); a long one is held until the thread's next error or
 * assoc_error_clear(), which a thread about to end may call to release it.
 */
#ifndef ASSOC_ERROR_H
#define ASSOC_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The codes a function that can fail returns: 0 or one of the negative values. */
typedef enum assoc_error_code {
	ASSOC_OK = 0,           /**< success */
	ASSOC_ERROR = -1,       /**< an error with no better code */
	ASSOC_ENOMEM = -2,      /**< out of memory */
	ASSOC_EINVAL = -3,      /**< a NULL handle, a bad option struct, a bad argument */
	ASSOC_ENOTFOUND = -4,   /**< unknown table, column, mapper, attribute, key or member */
	ASSOC_ETYPE = -5,       /**< a value of the wrong type, or an operation the attribute's kind lacks */
	ASSOC_ECONSTRAINT = -6, /**< NOT NULL, UNIQUE, PRIMARY KEY or FOREIGN KEY violated */
	ASSOC_ECONFIG = -7,     /**< a registry that cannot be configured: missing or ambiguous keys */
	ASSOC_ECLOSED = -8,     /**< use of a closed session */
	ASSOC_EDETACHED = -9,   /**< a load on an object that has no session any more */
	ASSOC_ESTATE = -10,     /**< the handle is in the wrong state for the call */
	ASSOC_EDB = -11,        /**< the database failed for another reason */
	ASSOC_ENORESULT = -12,  /**< a query that needed a row found none */
	ASSOC_EMULTIPLE = -13,  /**< a query that needed one row found several */
	ASSOC_ECALLBACK = -14,  /**< a callback (creator, getter, ...) failed */
	ASSOC_ERANGE = -15,     /**< an index out of range */
	ASSOC_EEXISTS = -16,    /**< a name that is already defined */
	ASSOC_ERETRY = -17,     /**< a conflict with another transaction (a lock not granted in time, a
	                         *   serialization failure, a deadlock): roll back and run the transaction
	                         *   again, as assoc_session_run() does */
	ASSOC_EINTERRUPT = -18  /**< the statement was interrupted by assoc_session_interrupt() (a cancelled
	                         *   context, a timeout, a user's Ctrl-C) */
} assoc_error_code;

/** The lowest error code: the codes run from ASSOC_OK down to it, without gaps
 *  (for a binding's table of one entry per code). */
#define ASSOC_ERROR_CODE_MIN ASSOC_EINTERRUPT

/** The thread's last error, as assoc_error_last() returns it. */
typedef struct assoc_error {
	int code;            /**< one of assoc_error_code */
	const char *message; /**< never NULL; "" when no error was recorded */
} assoc_error;

/**
 * The last error recorded on this thread (code 0 and "" if none since
 * assoc_error_clear()).
 *
 * @return a pointer to thread-local storage, never NULL, owned by the library:
 *         it and its message stay valid until this thread's next error or
 *         assoc_error_clear(); copy the message to keep it longer.
 */
ASSOC_API const assoc_error *assoc_error_last(void);

/**
 * Forget the last error of this thread and release its message; a thread
 * about to end may call it so that no message outlives it.
 */
ASSOC_API void assoc_error_clear(void);

/**
 * The symbolic name of an error code, e.g. "ASSOC_ETYPE".
 *
 * @param code one of assoc_error_code (any int is accepted).
 * @return a static string, never NULL, never to be freed; "ASSOC_UNKNOWN" for
 *         a value that is not an assoc_error_code.
 */
ASSOC_API const char *assoc_error_name(int code);

/**
 * Record an error for this thread, printf-style, and return code. For
 * callbacks written in C that want their failure reported with a message.
 *
 * The message is formatted whole, however long; only when memory for it runs
 * out is it cut short (the code is recorded all the same).
 *
 * @param code the error code to record, normally one of the negative
 *             assoc_error_code values.
 * @param fmt  a printf format (borrowed for the call), then its arguments.
 * @return code, unchanged, so that `return assoc_error_set(ASSOC_EINVAL, ...)`
 *         reports and fails in one statement.
 */
ASSOC_API int assoc_error_set(int code, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

#ifdef __cplusplus
}
#endif
#endif
