package assoc_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// listModel is a user with the keyword proxy over a list, holding words.
func listModel(t *testing.T, words ...any) (*model, *assoc.Object, *assoc.Collection) {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword)})
	Keyword = m.Keyword
	u := m.user(t, "jek")
	c := coll(t, u, "keywords")
	must(t, c.Extend(words...))
	return m, u, c
}

func TestListOperations(t *testing.T) {
	m, u, c := listModel(t, "a", "b", "c")
	if !c.IsProxy() || c.Kind() != assoc.List || c.Owner() != u {
		t.Fatalf("kind %v proxy %v", c.Kind(), c.IsProxy())
	}
	check := func(want string) {
		t.Helper()
		if got := view(t, c); got != want {
			t.Fatalf("view %s, want %s", got, want)
		}
	}
	must(t, c.Append("d"))
	must(t, c.Insert(0, "start"))
	must(t, c.Insert(-1, "before-last"))
	check("['start', 'a', 'b', 'c', 'before-last', 'd']")
	must(t, c.SetAt(1, "A"))
	must(t, c.SetAt(-1, "D"))
	check("['start', 'A', 'b', 'c', 'before-last', 'D']")
	if v := get[any](t)(c.At(-2)); v != "before-last" {
		t.Errorf("At(-2) = %#v", v)
	}
	if v := get[any](t)(c.Pop(-1)); v != "D" {
		t.Errorf("Pop(-1) = %#v", v)
	}
	if v := get[any](t)(c.Pop(0)); v != "start" {
		t.Errorf("Pop(0) = %#v", v)
	}
	must(t, c.Remove("before-last"))
	check("['A', 'b', 'c']")
	wantError(t, c.Remove("zzz"), assoc.ErrNotFound)
	if i := get[int](t)(c.Index("c")); i != 2 {
		t.Errorf("Index = %d", i)
	}
	_, err := c.Index("zzz")
	wantError(t, err, assoc.ErrNotFound)
	must(t, c.Append("b"))
	if n := get[int](t)(c.Count("b")); n != 2 {
		t.Errorf("Count = %d", n)
	}
	if in := get[bool](t)(c.Contains("A")); !in {
		t.Error("Contains(A) is false")
	}
	if in := get[bool](t)(c.Contains("zzz")); in {
		t.Error("Contains(zzz) is true")
	}

	// slices with Python's rules
	if s := get[[]any](t)(c.Slice(1, assoc.End)); !reflect.DeepEqual(s, []any{"b", "c", "b"}) {
		t.Errorf("Slice(1, End) = %v", s)
	}
	if s := get[[]any](t)(c.Slice(-2, 100)); !reflect.DeepEqual(s, []any{"c", "b"}) {
		t.Errorf("Slice(-2, 100) = %v", s)
	}
	must(t, c.SetSlice(0, 2, "x", "y", "z"))
	check("['x', 'y', 'z', 'c', 'b']")
	must(t, c.DeleteSlice(-2, assoc.End))
	check("['x', 'y', 'z']")

	var seen []string
	must(t, c.Each(func(i int, v any) bool {
		seen = append(seen, fmt.Sprintf("%d:%v", i, v))
		return i < 1
	}))
	if fmt.Sprint(seen) != "[0:x 1:y]" {
		t.Errorf("Each saw %v", seen)
	}
	if s := get[[]string](t)(c.Strings()); !reflect.DeepEqual(s, []string{"x", "y", "z"}) {
		t.Errorf("Strings = %v", s)
	}

	// the relationship under the proxy changed with it, and so does the database
	must(t, m.s.Commit())
	kw := coll(t, u, "kw")
	if n := get[int](t)(kw.Len()); n != 3 {
		t.Errorf("kw has %d", n)
	}
	for i, k := range get[[]*assoc.Object](t)(kw.Objects()) {
		if w := get[string](t)(k.GetString("keyword")); w != []string{"x", "y", "z"}[i] {
			t.Errorf("kw[%d].keyword = %q", i, w)
		}
	}
	must(t, c.Assign("only"))
	must(t, m.s.Commit())
	check("['only']")
	if n := count(t, m.eng, "user_keyword"); n != 1 {
		t.Errorf("%d association rows", n)
	}
	must(t, c.Clear())
	must(t, m.s.Commit())
	check("[]")
	if n := count(t, m.eng, "user_keyword"); n != 0 {
		t.Errorf("%d association rows", n)
	}
	_, err = c.Strings()
	must(t, err)
	_, err = kw.Strings()
	must(t, err) // empty
}

func TestRelationshipCollection(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	kw := coll(t, u, "kw")
	a, b := m.keyword(t, "a"), m.keyword(t, "b")
	must(t, kw.Append(a))
	must(t, kw.Append(b))
	if kw.IsProxy() {
		t.Error("a relationship is not a proxy view")
	}
	if o := get[*assoc.Object](t)(kw.AtObject(1)); o != b {
		t.Errorf("AtObject(1) = %v", o)
	}
	if in := get[bool](t)(kw.Contains(a)); !in {
		t.Error("Contains(a)")
	}
	must(t, m.s.Commit())
	if got := get[string](t)(kw.Format(assoc.Str)); got != "[<Keyword 1>, <Keyword 2>]" {
		t.Errorf("kw = %s", got)
	}
	must(t, kw.Remove(a))
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user_keyword"); n != 1 {
		t.Errorf("%d association rows", n)
	}
	if n := count(t, m.eng, "keyword"); n != 2 {
		t.Errorf("the removed keyword row went too: %d", n)
	}
	_, err := coll(t, u, "keywords").Objects()
	wantError(t, err, assoc.ErrType, "not an object")
}

func TestSetOperations(t *testing.T) {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword), kind: assoc.Set})
	Keyword = m.Keyword
	u := m.user(t, "jek")
	c := coll(t, u, "keywords")
	if c.Kind() != assoc.Set {
		t.Fatalf("kind %v", c.Kind())
	}
	must(t, c.Extend("a", "b", "c"))
	must(t, c.Append("a")) // already there
	if n := get[int](t)(c.Len()); n != 3 {
		t.Errorf("a set of %d", n)
	}
	sorted := func(vs []any) string {
		t.Helper()
		ss := make([]string, len(vs))
		for i, v := range vs {
			ss[i] = v.(string)
		}
		return fmt.Sprint(sortStrings(ss))
	}
	if got := sorted(get[[]any](t)(c.Union("c", "d"))); got != "[a b c d]" {
		t.Errorf("union %s", got)
	}
	if got := sorted(get[[]any](t)(c.Intersection("c", "d", "a"))); got != "[a c]" {
		t.Errorf("intersection %s", got)
	}
	if got := sorted(get[[]any](t)(c.Difference("c"))); got != "[a b]" {
		t.Errorf("difference %s", got)
	}
	if got := sorted(get[[]any](t)(c.SymmetricDifference("c", "d"))); got != "[a b d]" {
		t.Errorf("symmetric difference %s", got)
	}
	for _, cmp := range []struct {
		name string
		f    func(...any) (bool, error)
		vs   []any
		want bool
	}{
		{"equal", c.SetEqual, []any{"c", "b", "a"}, true},
		{"equal", c.SetEqual, []any{"a", "b"}, false},
		{"subset", c.IsSubset, []any{"a", "b", "c", "d"}, true},
		{"subset", c.IsSubset, []any{"a"}, false},
		{"superset", c.IsSuperset, []any{"a", "b"}, true},
		{"proper subset", c.IsProperSubset, []any{"a", "b", "c"}, false},
		{"proper superset", c.IsProperSuperset, []any{"a", "b"}, true},
		{"disjoint", c.IsDisjoint, []any{"x", "y"}, true},
		{"disjoint", c.IsDisjoint, []any{"x", "a"}, false},
	} {
		if got := get[bool](t)(cmp.f(cmp.vs...)); got != cmp.want {
			t.Errorf("%s %v = %v", cmp.name, cmp.vs, got)
		}
	}
	// the results were new sets: the collection is as it was
	if got := sorted(get[[]any](t)(c.All())); got != "[a b c]" {
		t.Fatalf("set changed: %s", got)
	}
	must(t, c.UnionUpdate("d", "e"))
	must(t, c.DifferenceUpdate("a"))
	must(t, c.IntersectionUpdate("b", "c", "d", "e", "z"))
	must(t, c.SymmetricDifferenceUpdate("e", "f"))
	must(t, c.Discard("c"))
	must(t, c.Discard("never there"))
	if got := sorted(get[[]any](t)(c.All())); got != "[b d f]" {
		t.Errorf("after updates %s", got)
	}
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user_keyword"); n != 3 {
		t.Errorf("%d association rows", n)
	}
	if got := view(t, c); got[0] != '{' {
		t.Errorf("a set prints as {...}: %s", got)
	}
}

func sortStrings(ss []string) []string {
	for i := range ss {
		for j := i + 1; j < len(ss); j++ {
			if ss[j] < ss[i] {
				ss[i], ss[j] = ss[j], ss[i]
			}
		}
	}
	return ss
}

// dictModel is seed 001's UserKeywordAssociation keyed by special_key,
// with the composite proxy User.keywords (special_key -> keyword string).
func dictModel(t *testing.T) (*model, *assoc.Object, *assoc.Collection) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	User, Keyword := keywordTables(t, reg, true)
	UKA := get[*assoc.Mapper](t)(reg.NewMapper("UserKeywordAssociation", "user_keyword"))
	must(t, User.AddRelationship("user_keyword_associations", assoc.RelationshipOptions{
		Target: "UserKeywordAssociation", Collection: assoc.Dict, DictKey: "special_key",
		Cascade: "all, delete-orphan", BackPopulates: "user"}))
	must(t, User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "user_keyword_associations", Attr: "keyword",
		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			a, err := owner.Session().New(UKA)
			if err == nil {
				err = a.Set("special_key", key)
			}
			if err == nil {
				err = a.Set("keyword", value)
			}
			return a, err
		}}))
	must(t, UKA.AddRelationship("user", assoc.RelationshipOptions{Target: "User", BackPopulates: "user_keyword_associations"}))
	must(t, UKA.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword"}))
	must(t, UKA.AddProxy("keyword", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword", Unique: true}))
	m := openModel(t, reg, User, Keyword, "")
	u := m.user(t, "log")
	return m, u, coll(t, u, "keywords")
}

func TestDictOperations(t *testing.T) {
	m, u, c := dictModel(t)
	if c.Kind() != assoc.Dict {
		t.Fatalf("kind %v", c.Kind())
	}
	check := func(want string) {
		t.Helper()
		if got := view(t, c); got != want {
			t.Fatalf("view %s, want %s", got, want)
		}
	}
	must(t, c.AssignItems(assoc.Item{Key: "sk1", Value: "kw1"}, assoc.Item{Key: "sk2", Value: "kw2"}))
	must(t, c.Put("sk3", "kw3"))
	check("{'sk1': 'kw1', 'sk2': 'kw2', 'sk3': 'kw3'}")
	if v := get[any](t)(c.Get("sk2")); v != "kw2" {
		t.Errorf("Get(sk2) = %#v", v)
	}
	_, err := c.Get("nope")
	wantError(t, err, assoc.ErrNotFound)
	if v, ok, err := c.Lookup("nope"); v != nil || ok || err != nil {
		t.Errorf("Lookup(nope) = %v %v %v", v, ok, err)
	}
	if v, ok, err := c.Lookup("sk1"); v != "kw1" || !ok || err != nil {
		t.Errorf("Lookup(sk1) = %v %v %v", v, ok, err)
	}
	must(t, c.Delete("sk2"))
	wantError(t, c.Delete("sk2"), assoc.ErrNotFound)
	must(t, c.Put("sk1", "kw1-again")) // replaces
	check("{'sk1': 'kw1-again', 'sk3': 'kw3'}")
	if v := get[any](t)(c.SetDefault("sk3", "ignored")); v != "kw3" {
		t.Errorf("SetDefault(present) = %#v", v)
	}
	if v := get[any](t)(c.SetDefault("sk4", "kw4")); v != "kw4" {
		t.Errorf("SetDefault(absent) = %#v", v)
	}
	if v := get[any](t)(c.PopKey("sk1")); v != "kw1-again" {
		t.Errorf("PopKey = %#v", v)
	}
	_, err = c.PopKey("sk1")
	wantError(t, err, assoc.ErrNotFound)
	must(t, c.Update(assoc.Item{Key: "sk5", Value: "kw5"}, assoc.Item{Key: "sk3", Value: "kw3b"}))
	check("{'sk3': 'kw3b', 'sk4': 'kw4', 'sk5': 'kw5'}")
	must(t, c.Update()) // update({}): no change
	check("{'sk3': 'kw3b', 'sk4': 'kw4', 'sk5': 'kw5'}")
	if keys := get[[]any](t)(c.Keys()); !reflect.DeepEqual(keys, []any{"sk3", "sk4", "sk5"}) {
		t.Errorf("Keys = %v", keys)
	}
	if k := get[any](t)(c.KeyAt(-1)); k != "sk5" {
		t.Errorf("KeyAt(-1) = %#v", k)
	}
	items := get[[]assoc.Item](t)(c.Items())
	if len(items) != 3 || items[1] != (assoc.Item{Key: "sk4", Value: "kw4"}) {
		t.Errorf("Items = %v", items)
	}
	must(t, m.s.Commit())
	check("{'sk3': 'kw3b', 'sk4': 'kw4', 'sk5': 'kw5'}")
	if n := count(t, m.eng, "user_keyword"); n != 3 {
		t.Errorf("%d association rows (delete-orphan)", n)
	}
	// the relationship under it is the dict of association objects
	assocs := coll(t, u, "user_keyword_associations")
	a := get[any](t)(assocs.Get("sk4")).(*assoc.Object)
	if w := get[any](t)(a.Get("keyword")); w != "kw4" {
		t.Errorf("sk4's keyword %#v", w)
	}
	if a2 := get[*assoc.Object](t)(a.GetObject("user")); a2 != u {
		t.Errorf("back_populates: %v", a2)
	}
	// unique: a second user's "kw4" is the same Keyword row
	before := count(t, m.eng, "keyword")
	u2 := m.user(t, "jek")
	must(t, coll(t, u2, "keywords").Put("other", "kw4"))
	must(t, coll(t, u2, "keywords").Put("new", "kw6"))
	must(t, m.s.Commit())
	if n := count(t, m.eng, "keyword"); n != before+1 {
		t.Errorf("%d keyword rows, %d before: unique proxies share them", n, before)
	}
	wantError(t, c.Append("no key"), assoc.ErrType)
}

// Python's set.pop(): any member, removed; KeyError on an empty set.
func TestSetPop(t *testing.T) {
	m := newModel(t, modelOptions{kind: assoc.Set})
	u := m.user(t, "jek")
	kws := coll(t, u, "keywords")
	must(t, kws.Extend("a", "b"))
	left := map[any]bool{"a": true, "b": true}
	for n := 1; n >= 0; n-- {
		v := get[any](t)(kws.Pop(-1))
		if !left[v] {
			t.Fatalf("popped %#v, want one of %v", v, left)
		}
		delete(left, v)
		if got := get[int](t)(kws.Len()); got != n {
			t.Errorf("%d members after a pop, want %d", got, n)
		}
	}
	_, err := kws.Pop(-1)
	wantError(t, err, assoc.ErrNotFound, "empty")

	// a relationship set pops its objects
	kw := coll(t, u, "kw")
	k := m.keyword(t, "c")
	must(t, kw.Append(k))
	if got := get[any](t)(kw.Pop(0)); got != k {
		t.Errorf("popped %v, want %v", got, k)
	}
	if got := get[int](t)(kw.Len()); got != 0 {
		t.Errorf("%d members after the pop", got)
	}
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user_keyword"); n != 0 {
		t.Errorf("%d user_keyword rows after the pop", n)
	}
}

// Messages name the Go method to use, not the C function.
func TestMessagesNameGoMethods(t *testing.T) {
	m := newModel(t, modelOptions{})
	u := m.user(t, "jek")
	for _, name := range []string{"kw", "keywords"} {
		err := u.Set(name, nil)
		wantError(t, err, assoc.ErrType, "Object.Collection")
		if strings.Contains(err.Error(), "assoc_") {
			t.Errorf("User.%s = nil: %v names a C function", name, err)
		}
	}
}

// user.keywords = {} clears a dict; user.keywords = [] (no keys) stays an error.
func TestDictAssignNoItems(t *testing.T) {
	m, u, c := dictModel(t)
	must(t, c.AssignItems(assoc.Item{Key: "sk1", Value: "kw1"}, assoc.Item{Key: "sk2", Value: "kw2"}))
	must(t, m.s.Commit())
	must(t, c.AssignItems())
	if n := get[int](t)(c.Len()); n != 0 {
		t.Errorf("%d members after AssignItems()", n)
	}
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user_keyword"); n != 0 {
		t.Errorf("%d association rows after AssignItems() (delete-orphan)", n)
	}
	wantError(t, coll(t, u, "user_keyword_associations").Assign(), assoc.ErrInvalid)
}
