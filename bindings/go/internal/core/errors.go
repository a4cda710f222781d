package core

import (
	"fmt"
	"runtime/cgo"
	"strings"
)

// Error is a failed call: a negative ASSOC_E... code and the message the
// library recorded, naming what was wrong. Err is the Go error behind an
// ASSOC_ECALLBACK (what a creator returned, or a *PanicError), or nil.
type Error struct {
	Code    int
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Message == "" {
		return CodeName(e.Code)
	}
	return CodeName(e.Code) + ": " + e.Message
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, assoc.ErrNotFound) holds for any not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap gives the Go error behind a callback failure.
func (e *Error) Unwrap() error { return e.Err }

// PanicError is the cause of an ASSOC_ECALLBACK error whose Go callback
// panicked: the panic was recovered before it could unwind through C.
type PanicError struct {
	Value any // what the callback panicked with
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap gives the panic value when it was an error.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

var codeNames = func() map[int]string {
	m := map[int]string{}
	for code := 0; code >= -16; code-- {
		m[code] = Error_name(code)
	}
	return m
}()

// CodeName is the symbolic name of a code, e.g. "ASSOC_ETYPE".
func CodeName(code int) string {
	if name, ok := codeNames[code]; ok {
		return name
	}
	return Error_name(code)
}

// takeFailure turns what a failing call's wrapper handed back (see
// assoc_go_fail in swig/go.i) into an *Error, and frees it.
func takeFailure(f int64) error {
	e := &Error{Code: Go_failure_code(f), Message: goNames.Replace(Go_failure_message(f))}
	if cause := Go_failure_cause(f); cause != 0 {
		h := cgo.Handle(cause)
		e.Err, _ = h.Value().(error)
		h.Delete()
	}
	Go_failure_free(f)
	return e
}

// goNames turns the C functions the library's messages point to ("change it
// through assoc_object_collection") into the Go methods a Go program calls.
// Longer names first: the replacer tries them in this order.
var goNames = strings.NewReplacer(
	"assoc_object_collection_attr", "Object.CollectionAttr",
	"assoc_object_collection", "Object.Collection",
	"assoc_engine_create_all", "Engine.CreateAll",
	"assoc_engine_drop_all", "Engine.DropAll",
	"assoc_engine_exec", "Engine.Exec",
)
