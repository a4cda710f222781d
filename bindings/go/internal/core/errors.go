package core

import (
	"fmt"
	"runtime/cgo"
	"strings"
)

// NewError makes the error a failing call returns from a code, the message
// the library recorded and the Go error behind an ASSOC_ECALLBACK (nil, or
// what the callback returned, or a *PanicError). Package assoc installs it,
// so that every error a program sees is its *assoc.Error, never a type of
// this internal package.
var NewError = func(code int, message string, cause error) error {
	return fmt.Errorf("%s: %s", CodeName(code), message)
}

// PanicError is the cause of an ASSOC_ECALLBACK error whose Go callback
// panicked: the panic was recovered before it could unwind through C.
// NewError turns it into package assoc's PanicError.
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
// assoc_go_fail in swig/go.i) into an error (see NewError), and frees it.
func takeFailure(f int64) error {
	var err error
	if cause := Go_failure_cause(f); cause != 0 {
		h := cgo.Handle(cause)
		err, _ = h.Value().(error)
		h.Delete()
	}
	e := NewError(Go_failure_code(f), goNames.Replace(Go_failure_message(f)), err)
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
