package assoc_test

import (
	"context"
	"errors"
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// slowModel is newModel plus Slow over "slow": a table to the registry, a
// view in the database whose every read counts to a billion.
func slowModel(t *testing.T) (*model, *assoc.Mapper) {
	t.Helper()
	reg, User, Keyword := defineKeywords(t, modelOptions{})
	slow := get[*assoc.Table](t)(reg.NewTable("slow"))
	must(t, slow.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, slow.AddColumn("n", assoc.Integer, nil))
	Slow := get[*assoc.Mapper](t)(reg.NewMapper("Slow", "slow"))
	m := openModel(t, reg, User, Keyword, fileURL(t))
	must(t, m.eng.Exec(`DROP TABLE slow`))
	must(t, m.eng.Exec(`CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL `+
		`SELECT x + 1 FROM c WHERE x < 1000000000) SELECT x AS id, x AS n FROM c`))
	return m, Slow
}

// wantInterrupted checks that err matches ErrInterrupt and the context's own error.
func wantInterrupted(t *testing.T, err, ctxErr error, took time.Duration) {
	t.Helper()
	wantError(t, err, assoc.ErrInterrupt)
	if !errors.Is(err, ctxErr) {
		t.Errorf("error %v does not match %v", err, ctxErr)
	}
	if took > 20*time.Second { // counting a billion rows takes minutes
		t.Errorf("took %v", took)
	}
}

func TestContextCancelInterruptsTheRunningStatement(t *testing.T) {
	m, Slow := slowModel(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := m.s.Query(Slow).CountContext(ctx)
	wantInterrupted(t, err, context.Canceled, time.Since(start))

	// the session goes on: the interrupt did not outlive the call
	m.user(t, "jek")
	must(t, m.s.CommitContext(context.Background()))
	if n := get[int64](t)(m.s.Query(m.User).CountContext(context.Background())); n != 1 {
		t.Errorf("count %d", n)
	}
}

func TestContextDeadlineInterruptsEveryQueryForm(t *testing.T) {
	m, Slow := slowModel(t)
	forms := map[string]func(ctx context.Context) error{
		"All": func(ctx context.Context) error { _, err := m.s.Query(Slow).AllContext(ctx); return err },
		"First": func(ctx context.Context) error {
			_, err := m.s.Query(Slow).OrderByDesc("n").FirstContext(ctx)
			return err
		},
		"One": func(ctx context.Context) error {
			_, err := m.s.Query(Slow).FilterBy("n", 0).OneContext(ctx)
			return err
		},
		"Exists": func(ctx context.Context) error {
			_, err := m.s.Query(Slow).FilterBy("n", 0).ExistsContext(ctx)
			return err
		},
		"Get": func(ctx context.Context) error { _, err := m.s.GetContext(ctx, Slow, 0); return err },
	}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			wantInterrupted(t, form(ctx), context.DeadlineExceeded, time.Since(start))
			must(t, m.s.Rollback())
		})
	}
}

func TestContextDoneBeforeTheCall(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := m.s.FlushContext(ctx)
	wantError(t, err, assoc.ErrInterrupt, "Session.FlushContext", "context canceled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("%v does not match context.Canceled", err)
	}
	if u.State() != assoc.Pending {
		t.Errorf("state %v: the flush ran", u.State())
	}
	wantError(t, m.s.CommitContext(nil), assoc.ErrInvalid, "nil context")
	must(t, m.s.CommitContext(context.Background()))
	if u.State() != assoc.Persistent {
		t.Errorf("state %v", u.State())
	}
}

func TestContextFormsRunAsThePlainOnes(t *testing.T) {
	m := newModel(t, modelOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u := get[*assoc.Object](t)(m.s.New(m.User))
	must(t, u.Set("name", "jek"))
	must(t, m.s.AddContext(ctx, u))
	must(t, m.s.FlushContext(ctx))
	must(t, m.s.BeginNestedContext(ctx))
	m.user(t, "inner")
	must(t, m.s.RollbackNestedContext(ctx))
	must(t, m.s.BeginNestedContext(ctx))
	must(t, u.Set("name", "ed"))
	must(t, m.s.CommitNestedContext(ctx))
	must(t, m.s.CommitContext(ctx))
	must(t, u.Set("name", "unsaved"))
	must(t, m.s.RefreshContext(ctx, u))
	if n := get[string](t)(u.GetString("name")); n != "ed" {
		t.Errorf("name %q", n)
	}
	id := get[int64](t)(u.GetInt("id"))
	if got := get[*assoc.Object](t)(m.s.GetContext(ctx, m.User, id)); got != u {
		t.Errorf("GetContext %v", got)
	}
	_, err := m.s.GetContext(ctx, m.User, 99)
	wantError(t, err, assoc.ErrNotFound)
	if all := get[[]*assoc.Object](t)(m.s.Query(m.User).AllContext(ctx)); len(all) != 1 || all[0] != u {
		t.Errorf("AllContext %v", all)
	}
	if one := get[*assoc.Object](t)(m.s.Query(m.User).OneContext(ctx)); one != u {
		t.Errorf("OneContext %v", one)
	}
	if first := get[*assoc.Object](t)(m.s.Query(m.User).FirstContext(ctx)); first != u {
		t.Errorf("FirstContext %v", first)
	}
	if ok := get[bool](t)(m.s.Query(m.User).FilterBy("name", "ed").ExistsContext(ctx)); !ok {
		t.Error("ExistsContext")
	}
	must(t, u.Set("name", "x"))
	must(t, m.s.RollbackContext(ctx))
	if n := get[string](t)(u.GetString("name")); n != "ed" {
		t.Errorf("name after RollbackContext %q", n)
	}
	must(t, m.s.DeleteContext(ctx, u))
	must(t, m.s.CommitContext(ctx))
	if count(t, m.eng, "user") != 0 {
		t.Errorf("DeleteContext: rows %d", count(t, m.eng, "user"))
	}
}
