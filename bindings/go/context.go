package assoc

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// The ...Context forms of the session's operations take a context.Context
// as database/sql's do: when ctx is cancelled or its deadline passes while
// the operation runs, the statement it is running is interrupted
// (sqlite3_interrupt, or a PostgreSQL cancel request) and the operation
// returns an error that matches both ErrInterrupt and ctx.Err()
// (errors.Is(err, context.Canceled) or context.DeadlineExceeded). A context
// already done fails the call before it starts.
//
// An interrupted operation leaves the session as any failed statement does
// (see assoc_session_interrupt in assoc/session.h): a flush is undone whole
// (on SQLite with the whole transaction: then Rollback); an interrupted read
// aborts a PostgreSQL transaction (Rollback before going on). The
// goroutine that interrupts is the one exception to a session belonging to
// one goroutine: it only asks the database to stop, and has ended when the
// ...Context call returns. Lazy loads through objects and collections have
// no Context form; run them inside TransactionContext to bound them.

// interruptEvery is how often a cancelled context interrupts again while the
// operation runs: a statement that starts after one interrupt is not stopped
// by it.
const interruptEvery = 5 * time.Millisecond

// withContext runs op (the method named what) so that ctx can interrupt it.
func (s *Session) withContext(ctx context.Context, what string, op func() error) error {
	if ctx == nil {
		return errorf(ErrInvalid, "%s: nil context", what)
	}
	if err := ctx.Err(); err != nil {
		return &Error{Code: ErrInterrupt.Code, Message: what + ": " + err.Error() + " before the call", Err: err}
	}
	if ctx.Done() == nil { // never cancelled (context.Background)
		return op()
	}
	if err := s.enter(); err != nil {
		return err
	}
	stop := make(chan struct{})
	var fired atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-stop:
			return
		case <-ctx.Done():
		}
		fired.Store(true)
		t := time.NewTicker(interruptEvery)
		defer t.Stop()
		for {
			_ = core.Session_interrupt(s.c) // fails only when the cancel request cannot be sent
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	err := op()
	close(stop)
	wg.Wait() // no interrupt outlives the operation
	if err == nil || !fired.Load() {
		return err
	}
	return interrupted(err, ctx.Err())
}

// interrupted is err, the failure of an operation whose context was done,
// made to match cause (ctx.Err()) too.
func interrupted(err, cause error) error {
	var e *Error
	if !errors.As(err, &e) || e.Err != nil {
		return err
	}
	return &Error{Code: e.Code, Message: e.Message + " (" + cause.Error() + ")", Err: cause}
}

// FlushContext is Flush, interrupted when ctx is done.
func (s *Session) FlushContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.FlushContext", s.Flush)
}

// CommitContext is Commit, interrupted when ctx is done.
func (s *Session) CommitContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.CommitContext", s.Commit)
}

// RollbackContext is Rollback, interrupted when ctx is done.
func (s *Session) RollbackContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.RollbackContext", s.Rollback)
}

// BeginNestedContext is BeginNested, interrupted when ctx is done.
func (s *Session) BeginNestedContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.BeginNestedContext", s.BeginNested)
}

// CommitNestedContext is CommitNested, interrupted when ctx is done.
func (s *Session) CommitNestedContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.CommitNestedContext", s.CommitNested)
}

// RollbackNestedContext is RollbackNested, interrupted when ctx is done.
func (s *Session) RollbackNestedContext(ctx context.Context) error {
	return s.withContext(ctx, "Session.RollbackNestedContext", s.RollbackNested)
}

// AddContext is Add (whose cascades may load relationships), interrupted when ctx is done.
func (s *Session) AddContext(ctx context.Context, objs ...*Object) error {
	return s.withContext(ctx, "Session.AddContext", func() error { return s.Add(objs...) })
}

// DeleteContext is Delete (whose cascades may load relationships), interrupted when ctx is done.
func (s *Session) DeleteContext(ctx context.Context, o *Object) error {
	return s.withContext(ctx, "Session.DeleteContext", func() error { return s.Delete(o) })
}

// RefreshContext is Refresh, interrupted when ctx is done.
func (s *Session) RefreshContext(ctx context.Context, o *Object) error {
	return s.withContext(ctx, "Session.RefreshContext", func() error { return s.Refresh(o) })
}

// GetContext is Get, interrupted when ctx is done.
func (s *Session) GetContext(ctx context.Context, m *Mapper, pk ...any) (*Object, error) {
	var o *Object
	err := s.withContext(ctx, "Session.GetContext", func() (err error) {
		o, err = s.Get(m, pk...)
		return err
	})
	return o, err
}

// AllContext is All, interrupted when ctx is done.
func (q *Query) AllContext(ctx context.Context) ([]*Object, error) {
	var out []*Object
	err := q.s.withContext(ctx, "Query.AllContext", func() (err error) {
		out, err = q.All()
		return err
	})
	return out, err
}

// FirstContext is First, interrupted when ctx is done.
func (q *Query) FirstContext(ctx context.Context) (*Object, error) {
	var o *Object
	err := q.s.withContext(ctx, "Query.FirstContext", func() (err error) {
		o, err = q.First()
		return err
	})
	return o, err
}

// OneContext is One, interrupted when ctx is done.
func (q *Query) OneContext(ctx context.Context) (*Object, error) {
	var o *Object
	err := q.s.withContext(ctx, "Query.OneContext", func() (err error) {
		o, err = q.One()
		return err
	})
	return o, err
}

// CountContext is Count, interrupted when ctx is done.
func (q *Query) CountContext(ctx context.Context) (int64, error) {
	var n int64
	err := q.s.withContext(ctx, "Query.CountContext", func() (err error) {
		n, err = q.Count()
		return err
	})
	return n, err
}

// ExistsContext is Exists, interrupted when ctx is done.
func (q *Query) ExistsContext(ctx context.Context) (bool, error) {
	var b bool
	err := q.s.withContext(ctx, "Query.ExistsContext", func() (err error) {
		b, err = q.Exists()
		return err
	})
	return b, err
}
