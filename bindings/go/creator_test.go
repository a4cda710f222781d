package assoc_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func TestCreatorIsCalledWithOwnerAndValue(t *testing.T) {
	var Keyword *assoc.Mapper
	var calls []string
	var owners []*assoc.Object
	m := newModel(t, modelOptions{creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		calls = append(calls, fmt.Sprintf("%v:%#v", key, value))
		owners = append(owners, owner)
		return keywordCreator(&Keyword)(owner, key, strings.ToUpper(value.(string)))
	}})
	Keyword = m.Keyword
	u := m.user(t, "jek")
	keywords := coll(t, u, "keywords")
	must(t, keywords.Append("cheese-inspector"))
	must(t, keywords.Extend("snack-ninja", "x"))
	must(t, m.s.Commit())

	if strings.Join(calls, " ") != `<nil>:"cheese-inspector" <nil>:"snack-ninja" <nil>:"x"` {
		t.Errorf("calls %v", calls)
	}
	for _, o := range owners {
		if o != u {
			t.Errorf("the creator's owner %v is not the user's wrapper", o)
		}
	}
	if v := view(t, keywords); v != "['CHEESE-INSPECTOR', 'SNACK-NINJA', 'X']" {
		t.Errorf("view %s", v)
	}
	if n := count(t, m.eng, "keyword"); n != 3 {
		t.Errorf("%d keyword rows", n)
	}
}

// panicky makes a creator that panics or fails on certain values.
func panicky(Keyword **assoc.Mapper, sentinel error) assoc.Creator {
	return func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		switch value {
		case "panic":
			panic("creator exploded")
		case "panic-error":
			panic(sentinel)
		case "error":
			return nil, fmt.Errorf("refusing %v: %w", value, sentinel)
		case "nil":
			return nil, nil
		case "bad-attr":
			k, err := owner.Session().New(*Keyword)
			if err != nil {
				return nil, err
			}
			return k, k.Set("no_such_attr", value)
		}
		return keywordCreator(Keyword)(owner, key, value)
	}
}

func TestCreatorFailuresLeaveTheProxyUnchanged(t *testing.T) {
	sentinel := errors.New("the creator's own error")
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: panicky(&Keyword, sentinel)})
	Keyword = m.Keyword
	u := m.user(t, "jek")
	keywords := coll(t, u, "keywords")
	must(t, keywords.Append("fine"))

	// a panic: recovered in the dispatcher, never unwinding through C
	err := keywords.Append("panic")
	wantError(t, err, assoc.ErrCallback, "creator exploded")
	var perr *assoc.PanicError
	if !errors.As(err, &perr) || perr.Value != "creator exploded" {
		t.Errorf("the panic is not the error's cause: %#v", err)
	}
	if got := fmt.Sprintf("%T", errors.Unwrap(err)); got != "*assoc.PanicError" {
		t.Errorf("the panic prints as a %s, want *assoc.PanicError", got)
	}

	// a panic with an error value: errors.Is reaches it through the PanicError
	err = keywords.Append("panic-error")
	wantError(t, err, assoc.ErrCallback, "the creator's own error")
	if !errors.Is(err, sentinel) || !errors.As(err, &perr) {
		t.Errorf("errors.Is/As through a panicked error: %#v", err)
	}

	// a returned error, wrapped: errors.Is reaches the creator's own error
	err = keywords.Append("error")
	wantError(t, err, assoc.ErrCallback, "refusing error")
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(err, sentinel) is false for %v", err)
	}
	if errors.As(err, &perr) {
		t.Error("a returned error is not a panic")
	}

	// no object at all
	wantError(t, keywords.Append("nil"), assoc.ErrCallback, "no object")

	// the library's own error inside the creator, passed on
	err = keywords.Append("bad-attr")
	wantError(t, err, assoc.ErrCallback, "no_such_attr")
	if !errors.Is(err, assoc.ErrNotFound) {
		t.Errorf("the inner ErrNotFound is not reachable: %v", err)
	}

	// a bulk operation failing on its last value changes nothing
	wantError(t, keywords.Extend("ok-1", "ok-2", "panic"), assoc.ErrCallback)
	wantError(t, keywords.Assign("ok-3", "panic"), assoc.ErrCallback)

	if v := view(t, keywords); v != "['fine']" {
		t.Fatalf("the proxy changed: %s", v)
	}
	must(t, m.s.Commit())
	if v := view(t, keywords); v != "['fine']" {
		t.Errorf("after commit: %s", v)
	}
	if n := count(t, m.eng, "user_keyword"); n != 1 {
		t.Errorf("%d association rows", n)
	}
	// and the creator still works
	must(t, keywords.Append("later"))
	must(t, m.s.Commit())
	if v := view(t, keywords); v != "['fine', 'later']" {
		t.Errorf("after a later append: %s", v)
	}
}

func TestDictCreatorGetsTheKey(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	defer reg.Close()
	user := get[*assoc.Table](t)(reg.NewTable("user"))
	must(t, user.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	note := get[*assoc.Table](t)(reg.NewTable("note"))
	must(t, note.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, note.AddColumn("user_id", assoc.Integer, &assoc.ColumnOptions{ForeignKey: "user.id"}))
	must(t, note.AddColumn("topic", assoc.Text, nil))
	must(t, note.AddColumn("body", assoc.Text, nil))
	User := get[*assoc.Mapper](t)(reg.NewMapper("User", "user"))
	Note := get[*assoc.Mapper](t)(reg.NewMapper("Note", "note"))
	must(t, User.AddRelationship("notes_by_topic", assoc.RelationshipOptions{Target: "Note",
		Collection: assoc.Dict, DictKey: "topic", Cascade: "all, delete-orphan"}))
	var keys []any
	must(t, User.AddProxy("notes", assoc.ProxyOptions{TargetCollection: "notes_by_topic", Attr: "body",
		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			keys = append(keys, key)
			n, err := owner.Session().New(Note)
			if err == nil {
				err = n.Set("topic", key)
			}
			if err == nil {
				err = n.Set("body", value)
			}
			return n, err
		}}))
	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	defer eng.Close()
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()

	u := get[*assoc.Object](t)(s.New(User))
	must(t, s.Add(u))
	notes := coll(t, u, "notes")
	must(t, notes.Put("go", "cgo is not Go"))
	must(t, notes.Update(assoc.Item{Key: "c", Value: "K&R"}, assoc.Item{Key: "lua", Value: "tables"}))
	must(t, s.Commit())
	if fmt.Sprint(keys) != "[go c lua]" {
		t.Errorf("keys %v", keys)
	}
	if v := view(t, notes); v != "{'go': 'cgo is not Go', 'c': 'K&R', 'lua': 'tables'}" {
		t.Errorf("view %s", v)
	}
}

// A creator cannot close the session whose operation called it: Close
// reports ErrState and the session goes on working.
func TestCreatorCannotCloseItsSession(t *testing.T) {
	var Keyword *assoc.Mapper
	var closeErr error
	m := newModel(t, modelOptions{creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		closeErr = owner.Session().Close()
		return keywordCreator(&Keyword)(owner, key, value)
	}})
	Keyword = m.Keyword
	u := m.user(t, "jek")
	must(t, coll(t, u, "keywords").Append("x"))
	if !errors.Is(closeErr, assoc.ErrState) {
		t.Fatalf("Close inside the creator: %v, want ErrState", closeErr)
	}
	if m.s.Closed() {
		t.Fatal("the session reports closed after a refused Close")
	}
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user_keyword"); n != 1 {
		t.Errorf("%d association rows", n)
	}
}

func TestBenchmarkCreatorCallsThroughTheClosure(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	token := m.keyword(t, "token")
	calls := 0
	must(t, assoc.BenchmarkCreator(func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		if owner != u || key != nil || value != "keyword" {
			return nil, fmt.Errorf("called with %v %v %v", owner, key, value)
		}
		calls++
		return token, nil
	}, u, "keyword", 1000))
	if calls != 1000 {
		t.Errorf("%d calls", calls)
	}
	err := assoc.BenchmarkCreator(func(*assoc.Object, any, any) (*assoc.Object, error) { panic("in the loop") }, u, "x", 5)
	wantError(t, err, assoc.ErrCallback, "in the loop")
}
