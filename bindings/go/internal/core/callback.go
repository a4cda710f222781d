package core

/*
#include "assoc.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"runtime/cgo"
	"unsafe"
)

// The Go side of the callbacks, installed by the assoc package. hostRef is
// what was given to Go_callback_new or Go_engine_set_log: an id of that
// package's, not a pointer, so that nothing the C side holds keeps Go
// values reachable.
var (
	// CreatorHook makes the intermediary object for value (and key, for
	// dict proxies; nil otherwise) added through a proxy of owner, which
	// belongs to session (0 when the owner is detached).
	CreatorHook func(hostRef uintptr, session Session, owner Object, key *Value, value Value) (Object, error)

	// LogHook receives each statement an engine runs.
	LogHook func(hostRef uintptr, sql string, params []Value, seconds float64)
)

//export assocGoCreate
func assocGoCreate(hostRef C.uintptr_t, session *C.assoc_session, owner *C.assoc_object, key, value *C.assoc_value,
	out **C.assoc_object) (rc C.int) {
	// A panic must not unwind through the C frames below: it becomes the
	// failing call's error.
	defer func() {
		if r := recover(); r != nil {
			rc = callbackFailed(&PanicError{Value: r})
		}
	}()
	var k *Value
	if key != nil {
		kv := valueFromC(key)
		k = &kv
	}
	obj, err := CreatorHook(uintptr(hostRef), Session(uintptr(unsafe.Pointer(session))),
		Object(uintptr(unsafe.Pointer(owner))), k, valueFromC(value))
	if err != nil {
		return callbackFailed(err)
	}
	if obj == 0 {
		return callbackFailed(errors.New("the creator returned no object"))
	}
	*(*uintptr)(unsafe.Pointer(out)) = uintptr(obj)
	return 0
}

// callbackFailed records ASSOC_ECALLBACK with err's message for the core,
// and leaves err for the failing call's error (see takeFailure).
func callbackFailed(err error) C.int { return callbackFailedAs("creator", err) }

// callbackFailedAs is callbackFailed for the callback named what.
func callbackFailedAs(what string, err error) C.int {
	msg := err.Error()
	if p, ok := err.(*PanicError); ok {
		msg = "the " + what + " panicked: " + fmt.Sprint(p.Value)
	}
	old := Go_callback_failed(int(C.ASSOC_ECALLBACK), msg, uint(cgo.NewHandle(err)))
	if old != 0 {
		cgo.Handle(old).Delete() // a cause no failing call took
	}
	return C.ASSOC_ECALLBACK
}

//export assocGoLog
func assocGoLog(hostRef C.uintptr_t, sql *C.char, params *C.assoc_value, n C.size_t, seconds C.double) {
	// The statement has run and nothing can fail now: a panic is reported.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "assoc: the statement log function panicked: %v\n", r)
		}
	}()
	vs := make([]Value, int(n))
	if n > 0 {
		for i, cv := range unsafe.Slice(params, int(n)) {
			vs[i] = valueFromC(&cv)
		}
	}
	LogHook(uintptr(hostRef), C.GoString(sql), vs, float64(seconds))
}
