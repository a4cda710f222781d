package assoc

import (
	"fmt"
	"strings"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Error is a failed call: Code is one of the library's negative ASSOC_E...
// codes, Message names the table, attribute or value involved, and Err is
// the Go error behind an ErrCallback (what a creator returned, or a
// *PanicError), if any.
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
// errors.Is(err, ErrNotFound) holds for any not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap gives the Go error behind a callback failure.
func (e *Error) Unwrap() error { return e.Err }

// PanicError is the cause of an ErrCallback error whose creator, getter,
// setter or getset factory panicked: the panic was recovered before it could
// unwind through C. Value is what it panicked with.
type PanicError struct {
	Value any
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap gives the panic value when it was an error.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// Every failure the core reports becomes an *Error of this package.
func init() {
	core.NewError = func(code int, message string, cause error) error {
		if p, ok := cause.(*core.PanicError); ok {
			cause = &PanicError{Value: p.Value}
		}
		return &Error{Code: code, Message: message, Err: cause}
	}
}

// The error codes, one sentinel each: errors.Is(err, ErrType) holds for
// every *Error with that code.
var (
	ErrGeneric    = sentinel(-1)  // ASSOC_ERROR
	ErrNoMemory   = sentinel(-2)  // ASSOC_ENOMEM
	ErrInvalid    = sentinel(-3)  // ASSOC_EINVAL: a bad argument
	ErrNotFound   = sentinel(-4)  // ASSOC_ENOTFOUND: unknown name, key or member
	ErrType       = sentinel(-5)  // ASSOC_ETYPE: wrong type, or an operation the kind lacks
	ErrConstraint = sentinel(-6)  // ASSOC_ECONSTRAINT
	ErrConfig     = sentinel(-7)  // ASSOC_ECONFIG
	ErrClosed     = sentinel(-8)  // ASSOC_ECLOSED: use after Close
	ErrDetached   = sentinel(-9)  // ASSOC_EDETACHED: a load on a detached object
	ErrState      = sentinel(-10) // ASSOC_ESTATE
	ErrDB         = sentinel(-11) // ASSOC_EDB
	ErrNoResult   = sentinel(-12) // ASSOC_ENORESULT
	ErrMultiple   = sentinel(-13) // ASSOC_EMULTIPLE
	ErrCallback   = sentinel(-14) // ASSOC_ECALLBACK: a creator failed
	ErrRange      = sentinel(-15) // ASSOC_ERANGE
	ErrExists     = sentinel(-16) // ASSOC_EEXISTS
	ErrRetry      = sentinel(-17) // ASSOC_ERETRY: a conflict with another transaction; run it again
	ErrInterrupt  = sentinel(-18) // ASSOC_EINTERRUPT: the statement was interrupted (a cancelled context)
)

func sentinel(code int) *Error { return &Error{Code: code} }

// CodeName is the symbolic name of an error code, e.g. "ASSOC_ETYPE".
func CodeName(code int) string { return core.CodeName(code) }

// errorf makes an *Error for a failure the binding itself detects.
func errorf(sentinel *Error, format string, args ...any) error {
	return &Error{Code: sentinel.Code, Message: fmt.Sprintf(format, args...)}
}

func closedError(what string) error { return errorf(ErrClosed, "%s is closed", what) }

// renamed gives err's message the binding's name of the call that failed
// in place of the C function's.
func renamed(err error, cname, goname string) error {
	if e, ok := err.(*Error); ok && strings.HasPrefix(e.Message, cname+":") {
		e.Message = goname + e.Message[len(cname):]
	}
	return err
}
