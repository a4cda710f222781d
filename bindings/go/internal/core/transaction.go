package core

/*
#include "assoc.h"
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
)

// Run is one Session.Transaction call: the Go function assoc_session_run
// runs, and what its last run left for the caller.
type Run struct {
	// Fn is the unit of work; it returns the error that ends the run (nil
	// to commit) and the ASSOC_E code to give the core for it (0 for nil;
	// ERETRY runs it again).
	Fn func(attempt int) (code int, err error)
	// Err is the error of the last run that failed, Panic what it panicked
	// with (a panic ends the transaction: the core rolls back, the caller
	// panics again).
	Err      error
	Panicked bool
	Panic    any
}

// SessionRun runs r through assoc_session_run on s.
func SessionRun(s Session, r *Run, maxAttempts, backoffMs, maxBackoffMs uint) error {
	h := cgo.NewHandle(r)
	defer h.Delete()
	return Go_session_run(s, uint(h), maxAttempts, backoffMs, maxBackoffMs)
}

//export assocGoTransaction
func assocGoTransaction(hostRef C.uintptr_t, attempt C.uint) (rc C.int) {
	r := cgo.Handle(hostRef).Value().(*Run)
	r.Err = nil
	defer func() {
		if p := recover(); p != nil {
			r.Panicked, r.Panic = true, p
			rc = setError(int(C.ASSOC_ECALLBACK), fmt.Sprintf("the transaction function panicked: %v", p))
		}
	}()
	code, err := r.Fn(int(attempt))
	if err == nil {
		return 0
	}
	r.Err = err
	return setError(code, err.Error())
}

// setError records code and message as the thread's error, as a C callback would; returns code.
func setError(code int, message string) C.int {
	if old := Go_callback_failed(code, message, 0); old != 0 {
		cgo.Handle(old).Delete() // a cause no failing call took
	}
	return C.int(code)
}
