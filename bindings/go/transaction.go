package assoc

import (
	"context"
	"errors"
	"time"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// TransactionOptions say how often and how patiently Transaction runs its
// function again after a conflict; the zero value is the library's defaults.
type TransactionOptions struct {
	MaxAttempts int           // runs of the function at most (0: 10)
	Backoff     time.Duration // wait before the first retry, doubled before each next (0: 5ms; under 1ms: none)
	MaxBackoff  time.Duration // the longest wait between two runs (0: 1s)
}

// Transaction runs fn in a new transaction of the session and commits it,
// as database/sql users write a transaction helper: when fn returns nil the
// transaction commits; when fn returns an error or panics it rolls back
// (objects added in it become transient again, the rest are expired) and
// Transaction returns fn's error unchanged, or panics again with the same
// value.
//
// When fn, its flushes or the commit conflict with another transaction (an
// error matching ErrRetry: a serialization failure, a deadlock, a busy
// SQLite database), the transaction is rolled back and fn runs again, after a
// short wait, up to 10 times; fn may return an ErrRetry error itself to ask
// for that. So fn must be safe to run more than once: everything it does
// goes through the session, and it keeps no effect of its own from a failed
// run. When every attempt conflicts, the error matches ErrRetry and says how
// many ran.
//
// The session must have nothing unflushed and no SAVEPOINT open (ErrState
// otherwise). fn may flush, query and commit; it may not close the session
// nor call Transaction on it again.
func (s *Session) Transaction(fn func() error) error {
	return s.TransactionWith(TransactionOptions{}, fn)
}

// TransactionWith is Transaction with retry options.
func (s *Session) TransactionWith(opts TransactionOptions, fn func() error) error {
	return s.transaction(nil, "Session.Transaction", opts, fn)
}

// TransactionContext is Transaction, interrupted when ctx is done: the
// running statement fails, the transaction rolls back and no further attempt
// starts; the error then matches ctx.Err() (see FlushContext).
func (s *Session) TransactionContext(ctx context.Context, fn func() error) error {
	return s.TransactionContextWith(ctx, TransactionOptions{}, fn)
}

// TransactionContextWith is TransactionContext with retry options.
func (s *Session) TransactionContextWith(ctx context.Context, opts TransactionOptions, fn func() error) error {
	return s.withContext(ctx, "Session.TransactionContext", func() error {
		return s.transaction(ctx, "Session.TransactionContext", opts, fn)
	})
}

func (s *Session) transaction(ctx context.Context, what string, opts TransactionOptions, fn func() error) error {
	if err := s.enter(); err != nil {
		return err
	}
	if fn == nil {
		return errorf(ErrInvalid, "%s: nil function", what)
	}
	if opts.MaxAttempts < 0 || opts.Backoff < 0 || opts.MaxBackoff < 0 {
		return errorf(ErrInvalid, "%s: negative TransactionOptions %+v", what, opts)
	}
	attempts, backoff, maxBackoff := uint(10), uint(5), uint(1000)
	if opts.MaxAttempts > 0 {
		attempts = uint(opts.MaxAttempts)
	}
	if opts.Backoff > 0 {
		backoff = uint(opts.Backoff / time.Millisecond)
	}
	if opts.MaxBackoff > 0 {
		maxBackoff = uint(opts.MaxBackoff / time.Millisecond)
	}
	r := &core.Run{Fn: func(int) (int, error) {
		if ctx != nil && ctx.Err() != nil { // cancelled between attempts: do not start another
			return ErrInterrupt.Code, &Error{Code: ErrInterrupt.Code, Message: what + ": " + ctx.Err().Error(),
				Err: ctx.Err()}
		}
		err := fn()
		if err == nil {
			return 0, nil
		}
		if errors.Is(err, ErrRetry) {
			return ErrRetry.Code, err
		}
		return ErrCallback.Code, err
	}}
	err := core.SessionRun(s.c, r, attempts, backoff, maxBackoff)
	if r.Panicked {
		panic(r.Panic)
	}
	var e *Error
	if err != nil && r.Err != nil && errors.As(err, &e) && (e.Code == ErrCallback.Code || e.Code == ErrInterrupt.Code) {
		return r.Err // fn's own error, unchanged, once the core has rolled back
	}
	return err
}
