/*
 * interrupt.c - assoc_session_interrupt: stop the running statement from
 * another thread (a cancelled context, a timeout, Ctrl-C).
 *
 * It reads only what does not change while the session is open (its
 * connection) and calls the driver's one thread-safe op; the failing
 * statement then reports ASSOC_EINTERRUPT on the session's own thread.
 */
#include "internal.h"

int assoc_session_interrupt(assoc_session *s)
{
	if (!s)
		return assoc_error_set(ASSOC_EINVAL, "assoc_session_interrupt: session is NULL");
	if (s->closed || !s->db)
		return assoc_error_set(ASSOC_ECLOSED, "assoc_session_interrupt: the session is closed");
	return s->db->drv->interrupt(s->db);
}
