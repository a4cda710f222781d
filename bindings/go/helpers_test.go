package assoc_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// must fails the test on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// get returns v or fails the test on an error.
func get[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantError checks that err is an *assoc.Error with the sentinel's code and
// a message containing each of parts.
func wantError(t testing.TB, err error, sentinel *assoc.Error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s", assoc.CodeName(sentinel.Code))
	}
	var e *assoc.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not an *assoc.Error", err, err)
	}
	// the public type, as a program printing it sees it, never internal/core's
	if got := fmt.Sprintf("%T", err); got != "*assoc.Error" {
		t.Fatalf("error %v prints as a %s, want *assoc.Error", err, got)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("error %v: code %s, want %s", err, assoc.CodeName(e.Code), assoc.CodeName(sentinel.Code))
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// model is seed 001's User and Keyword, many-to-many through user_keyword,
// with the User.keywords proxy of kw.keyword (creator given, or none).
type model struct {
	reg           *assoc.Registry
	eng           *assoc.Engine
	s             *assoc.Session
	User, Keyword *assoc.Mapper
}

type modelOptions struct {
	creator assoc.Creator
	kind    assoc.CollectionKind // of User.kw: List (default) or Set
	url     string               // default "sqlite://"
}

// keywordTables defines the tables user(id, name), keyword(id, keyword) and
// user_keyword(user_id, keyword_id[, special_key]) and maps User and Keyword.
func keywordTables(t testing.TB, reg *assoc.Registry, specialKey bool) (User, Keyword *assoc.Mapper) {
	t.Helper()
	user := get[*assoc.Table](t)(reg.NewTable("user"))
	must(t, user.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, user.AddColumn("name", assoc.Text, nil))
	kw := get[*assoc.Table](t)(reg.NewTable("keyword"))
	must(t, kw.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, kw.AddColumn("keyword", assoc.Text, nil))
	uk := get[*assoc.Table](t)(reg.NewTable("user_keyword"))
	must(t, uk.AddColumn("user_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "user.id"}))
	must(t, uk.AddColumn("keyword_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "keyword.id"}))
	if specialKey {
		must(t, uk.AddColumn("special_key", assoc.Text, nil))
	}
	return get[*assoc.Mapper](t)(reg.NewMapper("User", "user")), get[*assoc.Mapper](t)(reg.NewMapper("Keyword", "keyword"))
}

func defineKeywords(t testing.TB, o modelOptions) (*assoc.Registry, *assoc.Mapper, *assoc.Mapper) {
	t.Helper()
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	User, Keyword := keywordTables(t, reg, false)
	must(t, User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword",
		Collection: o.kind}))
	must(t, User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword", Creator: o.creator}))
	return reg, User, Keyword
}

func newModel(t testing.TB, o modelOptions) *model {
	t.Helper()
	reg, User, Keyword := defineKeywords(t, o)
	return openModel(t, reg, User, Keyword, o.url)
}

// openModel creates reg's tables in the database at url ("": in memory)
// and starts a session; the test's cleanup closes them and reg.
func openModel(t testing.TB, reg *assoc.Registry, User, Keyword *assoc.Mapper, url string) *model {
	t.Helper()
	if url == "" {
		url = "sqlite://"
	}
	m := &model{reg: reg, User: User, Keyword: Keyword}
	m.eng = get[*assoc.Engine](t)(assoc.Open(url))
	must(t, m.eng.CreateAll(m.reg))
	m.s = get[*assoc.Session](t)(assoc.NewSession(m.eng, m.reg))
	t.Cleanup(func() {
		m.s.Close()
		m.eng.Close()
		m.reg.Close()
	})
	return m
}

// fileURL is a file database in the test's temporary directory.
func fileURL(t testing.TB) string {
	return "sqlite:///" + filepath.Join(t.TempDir(), "test.db")
}

// user makes a pending User named name.
func (m *model) user(t testing.TB, name string) *assoc.Object {
	t.Helper()
	u := get[*assoc.Object](t)(m.s.New(m.User))
	must(t, u.Set("name", name))
	must(t, m.s.Add(u))
	return u
}

// keyword makes a transient Keyword.
func (m *model) keyword(t testing.TB, word string) *assoc.Object {
	t.Helper()
	k := get[*assoc.Object](t)(m.s.New(m.Keyword))
	must(t, k.Set("keyword", word))
	return k
}

// keywordCreator is creator=lambda kw: Keyword(keyword=kw).
func keywordCreator(Keyword **assoc.Mapper) assoc.Creator {
	return func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		k, err := owner.Session().New(*Keyword)
		if err != nil {
			return nil, err
		}
		return k, k.Set("keyword", value)
	}
}

// coll is o's collection name.
func coll(t testing.TB, o *assoc.Object, name string) *assoc.Collection {
	t.Helper()
	return get[*assoc.Collection](t)(o.Collection(name))
}

// count is SELECT count(*) FROM table.
func count(t testing.TB, eng *assoc.Engine, table string) int64 {
	t.Helper()
	v := get[any](t)(eng.Scalar(`SELECT count(*) FROM "` + table + `"`))
	return v.(int64)
}

// view is the collection printed as Python prints it.
func view(t testing.TB, c *assoc.Collection) string {
	t.Helper()
	return get[string](t)(c.Format(assoc.Repr))
}
