package assoc_test

import (
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// people: jek (keywords a, b), log (b, c), ann (none), bob (a).
func people(t *testing.T, url string) *model {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword), url: url})
	Keyword = m.Keyword
	for _, p := range []struct {
		name string
		kws  []any
	}{{"jek", []any{"a", "b"}}, {"log", []any{"b2", "c"}}, {"ann", nil}, {"bob", []any{"a2"}}} {
		u := m.user(t, p.name)
		must(t, coll(t, u, "keywords").Extend(p.kws...))
	}
	must(t, m.s.Commit())
	return m
}

func names(t *testing.T, q *assoc.Query) string {
	t.Helper()
	var out []string
	for _, o := range get[[]*assoc.Object](t)(q.All()) {
		out = append(out, get[string](t)(o.GetString("name")))
	}
	return strings.Join(out, " ")
}

func TestQueryExpressions(t *testing.T) {
	m := people(t, "")
	name, id := m.User.Field("name"), m.User.Field("id")
	kw := m.Keyword.Field("keyword")
	q := m.s.Query(m.User).OrderBy("name")
	cases := []struct {
		e    assoc.Expr
		want string
	}{
		{name.Eq("jek"), "jek"},
		{name.Ne("jek"), "ann bob log"},
		{id.Lt(2), "jek"},
		{id.Le(2), "jek log"},
		{id.Gt(3), "bob"},
		{id.Ge(3), "ann bob"},
		{name.Like("%o%"), "bob log"},
		{name.NotLike("%o%"), "ann jek"},
		{name.In("ann", "bob", "zed"), "ann bob"},
		{name.In(), ""},
		{assoc.And(name.Like("%o%"), id.Gt(2)), "bob"},
		{assoc.Or(name.Eq("ann"), name.Eq("jek"), name.Eq("zed")), "ann jek"},
		{assoc.Not(name.In("ann", "jek")), "bob log"},
		{m.User.Field("keywords").Contains("a"), "jek"},
		{m.User.Field("keywords").Eq("c"), "log"},
		{m.User.Field("keywords").Like("a%"), "bob jek"},
		{m.User.Field("kw").Any(kw.Like("b%")), "jek log"},
		{m.User.Field("kw").Any(nil), "bob jek log"},
		{assoc.Not(m.User.Field("kw").Any(nil)), "ann"},
		{name.IsNull(), ""},
		{name.IsNotNull(), "ann bob jek log"},
		{name.Eq(nil), ""},
	}
	for _, c := range cases {
		if got := names(t, q.Where(c.e)); got != c.want {
			sql, _ := q.Where(c.e).SQL()
			t.Errorf("%s\n  found %q, want %q", sql, got, c.want)
		}
	}
	// a contains() over the relationship takes an object
	a := get[*assoc.Object](t)(m.s.Query(m.Keyword).FilterBy("keyword", "a").One())
	if got := names(t, q.Where(m.User.Field("kw").Contains(a))); got != "jek" {
		t.Errorf("kw contains <a>: %q", got)
	}
	// errors surface when the query runs, and name what was wrong
	_, err := q.Where(m.User.Field("kw").Eq("x")).All()
	wantError(t, err, assoc.ErrType, "kw")
	_, err = q.Where(name.Eq(make(chan int))).All()
	wantError(t, err, assoc.ErrType, "chan int")
	_, err = q.Where(assoc.And()).All()
	wantError(t, err, assoc.ErrInvalid)
	_, err = q.Where(assoc.And(name.Eq("jek"), m.User.Field("nope").Eq(1))).All()
	wantError(t, err, assoc.ErrNotFound, "nope")
	_, err = q.Where(kw.Eq("a")).All() // Keyword is not joined
	wantError(t, err, assoc.ErrInvalid)
}

func TestQueryShapeAndResults(t *testing.T) {
	m := people(t, "")
	q := m.s.Query(m.User)
	if n := get[int64](t)(q.Count()); n != 4 {
		t.Errorf("count %d", n)
	}
	if got := names(t, q.OrderByDesc("name").Limit(2)); got != "log jek" {
		t.Errorf("desc limit: %q", got)
	}
	if got := names(t, q.OrderBy("name").Limit(2).Offset(1)); got != "bob jek" {
		t.Errorf("limit offset: %q", got)
	}
	if n := get[int64](t)(q.Limit(3).Count()); n != 3 {
		t.Errorf("count with limit %d", n)
	}
	if ok := get[bool](t)(q.FilterBy("name", "ann").Exists()); !ok {
		t.Error("exists ann")
	}
	if ok := get[bool](t)(q.FilterBy("name", "zed").Exists()); ok {
		t.Error("exists zed")
	}
	first := get[*assoc.Object](t)(q.OrderBy("id").First())
	if first.String() != "<User 1>" {
		t.Errorf("first %v", first)
	}
	// a query is a value: adding a step makes a new one
	base := q.FilterBy("name", "jek")
	_ = base.FilterBy("name", "log")
	if got := names(t, base); got != "jek" {
		t.Errorf("base query changed: %q", got)
	}
	// join along the proxy, filter on the far side
	j := q.Join(m.User, "keywords").Where(m.Keyword.Field("keyword").Like("b%")).OrderBy("name")
	if got := names(t, j); got != "jek log" {
		t.Errorf("join: %q", got)
	}
	sql := get[string](t)(j.SQL())
	for _, part := range []string{"JOIN user_keyword", "JOIN keyword", "keyword.keyword LIKE :keyword_1", "ORDER BY"} {
		if !strings.Contains(sql, part) {
			t.Errorf("SQL %q lacks %q", sql, part)
		}
	}
	attr := get[*assoc.Attr](t)(m.User.Attr("keywords"))
	if attr.LocalAttr().String() != "User.kw" || attr.RemoteAttr().String() != "Keyword.keyword" {
		t.Errorf("hops %v %v", attr.LocalAttr(), attr.RemoteAttr())
	}
	j2 := q.JoinAttr(attr.LocalAttr())
	if got := names(t, j2.Where(m.Keyword.Field("keyword").Eq("c"))); got != "log" {
		t.Errorf("join along the local hop: %q", got)
	}
	_, err := q.JoinAttr(attr.RemoteAttr()).All()
	wantError(t, err, assoc.ErrType, "Keyword.keyword", "column")
}

func TestQueryAutoflushAndSelectIn(t *testing.T) {
	m := people(t, fileURL(t))
	u := m.user(t, "new") // pending: the query flushes it first
	if got := names(t, m.s.Query(m.User).FilterBy("name", "new")); got != "new" {
		t.Errorf("autoflush: %q", got)
	}
	if u.State() != assoc.Persistent {
		t.Errorf("state after autoflush %v", u.State())
	}

	var statements []string
	must(t, m.eng.SetLog(func(st assoc.Statement) { statements = append(statements, st.SQL) }))
	must(t, m.s.ExpireAll())
	users := get[[]*assoc.Object](t)(m.s.Query(m.User).SelectInLoad(m.User, "kw").All())
	before := len(statements)
	total := 0
	for _, u := range users {
		total += get[int](t)(coll(t, u, "kw").Len())
	}
	if total != 5 {
		t.Errorf("%d keywords", total)
	}
	if len(statements) != before {
		t.Errorf("selectinload: reading the collections ran %d more statements: %v",
			len(statements)-before, statements[before:])
	}
	must(t, m.eng.SetLog(nil))
	must(t, m.s.Commit())

	// without autoflush, a pending object is not found
	s2 := get[*assoc.Session](t)(assoc.NewSessionWith(m.eng, m.reg, assoc.SessionOptions{NoAutoflush: true}))
	defer s2.Close()
	p := get[*assoc.Object](t)(s2.New(m.User))
	must(t, p.Set("name", "pending"))
	must(t, s2.Add(p))
	if got := names(t, s2.Query(m.User).FilterBy("name", "pending")); got != "" {
		t.Errorf("no autoflush: %q", got)
	}
	must(t, s2.Flush())
	if got := names(t, s2.Query(m.User).FilterBy("name", "pending")); got != "pending" {
		t.Errorf("after flush: %q", got)
	}
}
