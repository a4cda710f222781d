package assoc_test

import (
	"errors"
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func TestErrorValues(t *testing.T) {
	e := &assoc.Error{Code: assoc.ErrClosed.Code, Message: "session is closed"}
	if !errors.Is(e, assoc.ErrClosed) || errors.Is(e, assoc.ErrType) {
		t.Error("errors.Is must match by code")
	}
	if e.Error() != "ASSOC_ECLOSED: session is closed" {
		t.Errorf("Error() = %q", e.Error())
	}
	if assoc.CodeName(-5) != "ASSOC_ETYPE" || assoc.CodeName(0) != "ASSOC_OK" {
		t.Errorf("code names %q %q", assoc.CodeName(-5), assoc.CodeName(0))
	}
	codes := []*assoc.Error{assoc.ErrGeneric, assoc.ErrNoMemory, assoc.ErrInvalid, assoc.ErrNotFound,
		assoc.ErrType, assoc.ErrConstraint, assoc.ErrConfig, assoc.ErrClosed, assoc.ErrDetached,
		assoc.ErrState, assoc.ErrDB, assoc.ErrNoResult, assoc.ErrMultiple, assoc.ErrCallback,
		assoc.ErrRange, assoc.ErrExists}
	for i, s := range codes {
		if s.Code != -(i+1) || !strings.HasPrefix(assoc.CodeName(s.Code), "ASSOC_E") {
			t.Errorf("sentinel %d has code %d (%s)", i, s.Code, assoc.CodeName(s.Code))
		}
	}
}

func TestUnknownNames(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")

	_, err := m.reg.Table("nope")
	wantError(t, err, assoc.ErrNotFound, "nope")
	_, err = m.reg.Mapper("Nobody")
	wantError(t, err, assoc.ErrNotFound, "Nobody")
	_, err = m.User.Attr("shoe_size")
	wantError(t, err, assoc.ErrNotFound, "shoe_size")
	_, err = u.Get("shoe_size")
	wantError(t, err, assoc.ErrNotFound, "shoe_size")
	wantError(t, u.Set("shoe_size", 44), assoc.ErrNotFound, "shoe_size")
	_, err = u.Collection("shoes")
	wantError(t, err, assoc.ErrNotFound, "shoes")
	_, err = m.s.Query(m.User).FilterBy("shoe_size", 44).All()
	wantError(t, err, assoc.ErrNotFound, "shoe_size")
	_, err = m.s.Query(m.User).Where(m.User.Field("shoe_size").Eq(44)).All()
	wantError(t, err, assoc.ErrNotFound, "shoe_size")
	// the session is still fine
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user"); n != 1 {
		t.Errorf("%d users", n)
	}
}

func TestDefinitionErrors(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	defer reg.Close()
	tab := get[*assoc.Table](t)(reg.NewTable("t"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))

	_, err := reg.NewTable("t")
	wantError(t, err, assoc.ErrExists, "t")
	wantError(t, tab.AddColumn("id", assoc.Text, nil), assoc.ErrExists, "id")
	wantError(t, tab.AddForeignKey([]string{"id"}, "other", []string{"a", "b"}, nil), assoc.ErrInvalid, "1 columns", "2 columns")
	wantError(t, tab.AddUnique(nil, ""), assoc.ErrInvalid, "no columns")
	wantError(t, tab.AddUnique([]string{"missing"}, ""), assoc.ErrNotFound, "missing")
	_, err = reg.NewMapper("T", "no_such_table")
	wantError(t, err, assoc.ErrNotFound, "no_such_table")

	T := get[*assoc.Mapper](t)(reg.NewMapper("T", "t"))
	must(t, T.AddRelationship("friends", assoc.RelationshipOptions{Target: "Nobody"}))
	wantError(t, reg.Configure(), assoc.ErrConfig, "friends", "Nobody")
	if reg.Configured() {
		t.Fatal("a failed configure must not freeze the registry")
	}
	_, err = assoc.NewSession(get[*assoc.Engine](t)(assoc.Open("sqlite://")), reg)
	wantError(t, err, assoc.ErrConfig, "Nobody")

	// correct it: a mapper Nobody over a table with a key to t
	nob := get[*assoc.Table](t)(reg.NewTable("nobody"))
	must(t, nob.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, nob.AddColumn("t_id", assoc.Integer, &assoc.ColumnOptions{ForeignKey: "t.id"}))
	_ = get[*assoc.Mapper](t)(reg.NewMapper("Nobody", "nobody"))
	must(t, reg.Configure())
	if !reg.Configured() {
		t.Fatal("not configured")
	}
	// a configured registry is frozen
	_, err = reg.NewTable("late")
	wantError(t, err, assoc.ErrState, "configured")
}

func TestConstraintViolationLosesNothing(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	tab := get[*assoc.Table](t)(reg.NewTable("person"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, tab.AddColumn("email", assoc.Text, &assoc.ColumnOptions{Unique: true, NotNull: true}))
	Person := get[*assoc.Mapper](t)(reg.NewMapper("Person", "person"))
	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer func() { s.Close(); eng.Close(); reg.Close() }()

	a := get[*assoc.Object](t)(s.New(Person))
	must(t, a.Set("email", "a@example.com"))
	must(t, s.Add(a))
	must(t, s.Commit())

	b := get[*assoc.Object](t)(s.New(Person))
	must(t, b.Set("email", "a@example.com"))
	must(t, s.Add(b))
	wantError(t, s.Flush(), assoc.ErrConstraint, "person")
	if n := count(t, eng, "person"); n != 1 {
		t.Fatalf("%d rows after a failed flush", n)
	}
	if b.State() != assoc.Pending {
		t.Errorf("b is %v after the failed flush; the flush must change nothing", b.State())
	}
	// fix it and go on in the same session
	must(t, b.Set("email", "b@example.com"))
	must(t, s.Commit())
	if n := count(t, eng, "person"); n != 2 {
		t.Fatalf("%d rows", n)
	}

	c := get[*assoc.Object](t)(s.New(Person))
	must(t, s.Add(c)) // email NOT NULL
	wantError(t, s.Commit(), assoc.ErrConstraint, "email")
	must(t, s.Rollback())
	if c.State() != assoc.Transient {
		t.Errorf("rolled back pending object is %v", c.State())
	}
}

func TestQueryCardinalityErrors(t *testing.T) {
	m := newModel(t, modelOptions{})
	m.user(t, "jek")
	m.user(t, "jek")
	m.user(t, "log")
	must(t, m.s.Commit())

	_, err := m.s.Query(m.User).FilterBy("name", "ann").One()
	wantError(t, err, assoc.ErrNoResult)
	_, err = m.s.Query(m.User).FilterBy("name", "jek").One()
	wantError(t, err, assoc.ErrMultiple)
	if o, err := m.s.Query(m.User).FilterBy("name", "ann").First(); o != nil || err != nil {
		t.Errorf("First with no rows = %v, %v; want nil, nil", o, err)
	}
	o, err := m.s.Get(m.User, 99)
	if o != nil {
		t.Errorf("Get of a missing key = %v", o)
	}
	wantError(t, err, assoc.ErrNotFound, "User has no row with primary key [99]")
	_, err = m.s.Get(m.User, "not", "a key")
	wantError(t, err, assoc.ErrInvalid)
}

func TestUseAfterClose(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	must(t, m.s.Commit())
	must(t, m.s.Close())
	must(t, m.s.Close()) // idempotent
	if !m.s.Closed() {
		t.Error("Closed() is false")
	}

	_, err := m.s.New(m.User)
	wantError(t, err, assoc.ErrClosed, "session")
	wantError(t, m.s.Add(u), assoc.ErrClosed)
	wantError(t, m.s.Commit(), assoc.ErrClosed)
	_, err = m.s.Query(m.User).All()
	wantError(t, err, assoc.ErrClosed)
	_, err = m.s.Get(m.User, 1)
	wantError(t, err, assoc.ErrClosed)
	if m.s.Contains(u) || m.s.Nesting() != 0 || m.s.Stats() != (assoc.Stats{}) {
		t.Error("a closed session reports contents")
	}

	must(t, m.eng.Close())
	must(t, m.eng.Close())
	_, err = assoc.NewSession(m.eng, m.reg)
	wantError(t, err, assoc.ErrClosed, "engine")
	wantError(t, m.eng.Exec("SELECT 1"), assoc.ErrClosed)
	wantError(t, m.eng.CreateAll(m.reg), assoc.ErrClosed)
	wantError(t, m.eng.SetLog(func(assoc.Statement) {}), assoc.ErrClosed)

	must(t, m.reg.Close())
	must(t, m.reg.Close())
	_, err = m.reg.NewTable("x")
	wantError(t, err, assoc.ErrClosed, "registry")
	_, err = m.reg.Mapper("User")
	wantError(t, err, assoc.ErrClosed)
	wantError(t, m.User.AddRelationship("x", assoc.RelationshipOptions{Target: "User"}), assoc.ErrClosed)
	// wrappers borrowed from the registry stay usable for reading
	if m.User.Name() != "User" || m.User.Table().Name() != "user" {
		t.Error("mapper wrapper after registry Close")
	}
}

func TestOperationTheKindLacks(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	kw := coll(t, u, "kw")
	must(t, kw.Append(m.keyword(t, "a")))
	wantError(t, kw.Put("k", m.keyword(t, "b")), assoc.ErrType)
	_, err := kw.Get("k")
	wantError(t, err, assoc.ErrType)
	_, err = kw.Union(m.keyword(t, "c"))
	wantError(t, err, assoc.ErrType)
	_, err = kw.At(5)
	wantError(t, err, assoc.ErrRange)
	_, err = kw.At(-5)
	wantError(t, err, assoc.ErrRange, "-5")
	_, err = u.Collection("name")
	wantError(t, err, assoc.ErrType, "name")
	// a member of the wrong mapper
	wantError(t, kw.Append(u), assoc.ErrType)
	if n := get[int](t)(kw.Len()); n != 1 {
		t.Errorf("failed operations changed the collection: %d members", n)
	}
}
