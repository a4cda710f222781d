package assoc_test

import (
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// docs maps doc(id, title, body, summary, notes) with body deferred alone
// and summary and notes deferred in group "text", and stores one doc.
func docs(t *testing.T) (*assoc.Engine, *assoc.Registry, *assoc.Mapper) {
	t.Helper()
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	tab := get[*assoc.Table](t)(reg.NewTable("doc"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	for _, c := range []string{"title", "body", "summary", "notes"} {
		must(t, tab.AddColumn(c, assoc.Text, nil))
	}
	Doc := get[*assoc.Mapper](t)(reg.NewMapper("Doc", "doc"))
	must(t, Doc.MapColumn("body", assoc.ColumnMapping{Deferred: true}))
	must(t, Doc.MapColumn("summary", assoc.ColumnMapping{Deferred: true, Group: "text"}))
	must(t, Doc.MapColumn("notes", assoc.ColumnMapping{Deferred: true, Group: "text"}))
	eng := get[*assoc.Engine](t)(assoc.Open(fileURL(t)))
	t.Cleanup(func() { eng.Close(); reg.Close() })
	must(t, eng.CreateAll(reg))
	must(t, eng.Exec(`INSERT INTO "doc" VALUES (1, 'T', 'B', 'S', 'N')`))
	return eng, reg, Doc
}

// logged collects the SELECTs the engine runs (sessions opened after logSQL).
type logged struct{ sql []string }

func logSQL(t *testing.T, eng *assoc.Engine) *logged {
	l := &logged{}
	must(t, eng.SetLog(func(st assoc.Statement) {
		if strings.HasPrefix(st.SQL, "SELECT") {
			l.sql = append(l.sql, st.SQL)
		}
	}))
	t.Cleanup(func() { eng.SetLog(nil) })
	return l
}

// read gets col of o and checks its value and how many statements that ran.
func (l *logged) read(t *testing.T, o *assoc.Object, col, want string, statements int) {
	t.Helper()
	before := len(l.sql)
	if got := get[any](t)(o.Get(col)); got != want {
		t.Errorf("%s = %v, want %q", col, got, want)
	}
	if n := len(l.sql) - before; n != statements {
		t.Errorf("reading %s ran %d statements, want %d: %q", col, n, statements, l.sql[before:])
	}
}

// selects runs q, checks it ran one statement, and reports which of cols it selected.
func (l *logged) selects(t *testing.T, q *assoc.Query, cols ...string) (*assoc.Object, map[string]bool) {
	t.Helper()
	before := len(l.sql)
	o := get[*assoc.Object](t)(q.One())
	if n := len(l.sql) - before; n != 1 {
		t.Fatalf("the query ran %d statements: %q", n, l.sql[before:])
	}
	got := map[string]bool{}
	for _, c := range cols {
		got[c] = strings.Contains(l.sql[before], " AS doc_"+c)
	}
	return o, got
}

func TestDeferredColumnLoadsOnRead(t *testing.T) {
	eng, reg, Doc := docs(t)
	l := logSQL(t, eng)
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()
	o, sel := l.selects(t, s.Query(Doc), "title", "body", "summary", "notes")
	if !sel["title"] || sel["body"] || sel["summary"] || sel["notes"] {
		t.Errorf("selected %v: want only title of these", sel)
	}
	l.read(t, o, "title", "T", 0)
	l.read(t, o, "body", "B", 1)
	l.read(t, o, "body", "B", 0)
	l.read(t, o, "summary", "S", 1) // loads notes with it: one group
	l.read(t, o, "notes", "N", 0)
}

func TestUndeferAndDefer(t *testing.T) {
	eng, reg, Doc := docs(t)
	l := logSQL(t, eng)
	cols := []string{"title", "body", "summary", "notes"}

	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	o, sel := l.selects(t, s.Query(Doc).Undefer("body"), cols...)
	if !sel["title"] || !sel["body"] || sel["summary"] {
		t.Errorf("Undefer(body) selected %v", sel)
	}
	l.read(t, o, "body", "B", 0)
	must(t, s.Close())

	s = get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	o, sel = l.selects(t, s.Query(Doc).UndeferGroup("text"), cols...)
	if sel["body"] || !sel["summary"] || !sel["notes"] {
		t.Errorf("UndeferGroup(text) selected %v", sel)
	}
	l.read(t, o, "summary", "S", 0)
	l.read(t, o, "notes", "N", 0)
	must(t, s.Close())

	s = get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()
	o, sel = l.selects(t, s.Query(Doc).Defer("title"), cols...)
	if sel["title"] {
		t.Errorf("Defer(title) selected %v", sel)
	}
	l.read(t, o, "title", "T", 1)
}

func TestDeferredErrors(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	defer reg.Close()
	tab := get[*assoc.Table](t)(reg.NewTable("doc"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, tab.AddColumn("body", assoc.Text, nil))
	Doc := get[*assoc.Mapper](t)(reg.NewMapper("Doc", "doc"))
	wantError(t, Doc.MapColumn("id", assoc.ColumnMapping{Deferred: true}), assoc.ErrInvalid, "Mapper.MapColumn")
	wantError(t, Doc.MapColumn("nope", assoc.ColumnMapping{Deferred: true}), assoc.ErrNotFound, "nope")
	wantError(t, Doc.MapColumn("body", assoc.ColumnMapping{Group: "g"}), assoc.ErrInvalid, "Mapper.MapColumn")
	must(t, Doc.MapColumn("body", assoc.ColumnMapping{Deferred: true}))
	must(t, reg.Configure())
	wantError(t, Doc.MapColumn("body", assoc.ColumnMapping{}), assoc.ErrState)

	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	defer eng.Close()
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()
	_, err := s.Query(Doc).UndeferGroup("nosuch").All()
	wantError(t, err, assoc.ErrInvalid, "Query.UndeferGroup", "nosuch")
	_, err = s.Query(Doc).Defer("id").All()
	wantError(t, err, assoc.ErrInvalid, "Query.Defer", "id")
	_, err = s.Query(Doc).Undefer("nope").All()
	wantError(t, err, assoc.ErrInvalid, "Query.Undefer", "nope")
	// an error stops the chain: later steps do not run, the query does not
	_, err = s.Query(Doc).Defer("nope").Undefer("body").Count()
	wantError(t, err, assoc.ErrInvalid, "Query.Defer")
}
