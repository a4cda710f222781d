package assoc_test

import (
	"context"
	"errors"
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func TestTransactionCommitsOnNil(t *testing.T) {
	m := newModel(t, modelOptions{})
	var u *assoc.Object
	must(t, m.s.Transaction(func() error {
		u = m.user(t, "jek")
		return nil
	}))
	if u.State() != assoc.Persistent || count(t, m.eng, "user") != 1 {
		t.Errorf("state %v, rows %d", u.State(), count(t, m.eng, "user"))
	}
}

func TestTransactionRollsBackOnErrorAndReturnsIt(t *testing.T) {
	m := newModel(t, modelOptions{})
	mine := errors.New("mine")
	runs := 0
	var u *assoc.Object
	err := m.s.Transaction(func() error {
		runs++
		u = m.user(t, "jek")
		must(t, m.s.Flush())
		return mine
	})
	if err != mine || runs != 1 {
		t.Fatalf("err %v after %d runs; want fn's own error once", err, runs)
	}
	if u.State() != assoc.Transient || count(t, m.eng, "user") != 0 {
		t.Errorf("state %v, rows %d", u.State(), count(t, m.eng, "user"))
	}
	// an *assoc.Error the function returns comes back unchanged too
	_, gerr := m.s.Get(m.User, 42)
	err = m.s.Transaction(func() error { return gerr })
	if err != gerr {
		t.Errorf("err %v, want %v", err, gerr)
	}
}

func TestTransactionRunsAgainOnErrRetry(t *testing.T) {
	m := newModel(t, modelOptions{})
	runs := 0
	must(t, m.s.Transaction(func() error {
		runs++
		m.user(t, "jek")
		if runs < 3 {
			return &assoc.Error{Code: assoc.ErrRetry.Code, Message: "try again"}
		}
		return nil
	}))
	if runs != 3 || count(t, m.eng, "user") != 1 {
		t.Errorf("%d runs, %d rows; want 3 runs and one row", runs, count(t, m.eng, "user"))
	}

	// bounded by MaxAttempts: the error matches ErrRetry and counts the runs
	runs = 0
	err := m.s.TransactionWith(assoc.TransactionOptions{MaxAttempts: 2, Backoff: time.Microsecond},
		func() error {
			runs++
			return &assoc.Error{Code: assoc.ErrRetry.Code, Message: "still conflicting"}
		})
	wantError(t, err, assoc.ErrRetry, "gave up after 2 attempt", "still conflicting")
	if runs != 2 {
		t.Errorf("%d runs", runs)
	}
	wantError(t, m.s.TransactionWith(assoc.TransactionOptions{MaxAttempts: -1}, func() error { return nil }),
		assoc.ErrInvalid, "Session.Transaction")
}

// A real conflict: another session commits between this one's read and write (SQLite WAL, no busy wait).
func TestTransactionRetriesARealConflict(t *testing.T) {
	url := fileURL(t) + "?journal_mode=WAL&busy_timeout=0"
	m := newModel(t, modelOptions{url: url})
	u := m.user(t, "n0")
	must(t, m.s.Commit())
	id := get[int64](t)(u.GetInt("id"))
	other := get[*assoc.Session](t)(assoc.NewSession(m.eng, m.reg))
	defer other.Close()
	runs := 0
	err := m.s.Transaction(func() error {
		runs++
		mine, err := m.s.Get(m.User, id)
		if err != nil {
			return err
		}
		name, _ := mine.GetString("name")
		if runs == 1 {
			theirs := get[*assoc.Object](t)(other.Get(m.User, id))
			must(t, theirs.Set("name", name+"+other"))
			must(t, other.Commit())
		}
		return mine.Set("name", name+"+mine")
	})
	if err != nil && errors.Is(err, assoc.ErrInvalid) {
		t.Skipf("engine options in the URL not supported here: %v", err)
	}
	must(t, err)
	if runs != 2 {
		t.Errorf("%d runs, want 2 (one conflict)", runs)
	}
	if n := get[any](t)(m.eng.Scalar(`SELECT name FROM "user"`)); n != "n0+other+mine" {
		t.Errorf("name %v: an update was lost", n)
	}
}

func TestTransactionPanicRollsBackAndPanicsAgain(t *testing.T) {
	m := newModel(t, modelOptions{})
	var u *assoc.Object
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v", r)
			}
		}()
		_ = m.s.Transaction(func() error {
			u = m.user(t, "jek")
			must(t, m.s.Flush())
			panic("boom")
		})
		t.Error("Transaction returned after a panic")
	}()
	if u.State() != assoc.Transient || count(t, m.eng, "user") != 0 {
		t.Errorf("state %v, rows %d", u.State(), count(t, m.eng, "user"))
	}
	must(t, m.s.Transaction(func() error { m.user(t, "after"); return nil }))
}

func TestTransactionRefusedStates(t *testing.T) {
	m := newModel(t, modelOptions{})
	m.user(t, "unflushed")
	wantError(t, m.s.Transaction(func() error { return nil }), assoc.ErrState, "unflushed")
	must(t, m.s.Rollback())
	wantError(t, m.s.Transaction(nil), assoc.ErrInvalid, "Session.Transaction", "nil function")
	err := m.s.Transaction(func() error { return m.s.Transaction(func() error { return nil }) })
	wantError(t, err, assoc.ErrState, "inside a run")
	must(t, m.s.Close())
	wantError(t, m.s.Transaction(func() error { return nil }), assoc.ErrClosed)
}

func TestTransactionContext(t *testing.T) {
	m, Slow := slowModel(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var u *assoc.Object
	runs := 0
	start := time.Now()
	err := m.s.TransactionContext(ctx, func() error {
		runs++
		u = m.user(t, "jek")
		must(t, m.s.Flush())
		_, err := m.s.Query(Slow).Count()
		return err
	})
	wantInterrupted(t, err, context.DeadlineExceeded, time.Since(start))
	if runs != 1 || u.State() != assoc.Transient || count(t, m.eng, "user") != 0 {
		t.Errorf("%d runs, state %v, rows %d", runs, u.State(), count(t, m.eng, "user"))
	}
	must(t, m.s.TransactionContext(context.Background(), func() error { m.user(t, "ok"); return nil }))

	// a context done before the call: fn never runs
	done, stop := context.WithCancel(context.Background())
	stop()
	runs = 0
	err = m.s.TransactionContext(done, func() error { runs++; return nil })
	wantError(t, err, assoc.ErrInterrupt, "Session.TransactionContext", "before the call")
	if !errors.Is(err, context.Canceled) || runs != 0 {
		t.Errorf("err %v after %d runs", err, runs)
	}
	if count(t, m.eng, "user") != 1 {
		t.Errorf("rows %d", count(t, m.eng, "user"))
	}
}
