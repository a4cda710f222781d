package assoc_test

import (
	"database/sql"
	"reflect"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func TestListView(t *testing.T) {
	m := newCollectionsModel(t, assoc.List)
	p := m.parent(t, "P")
	l := get[*assoc.ListView[string]](t)(assoc.ListOf[string](p, "children"))
	if l.Len() != 0 {
		t.Errorf("len %d", l.Len())
	}
	must(t, l.Append("a"))
	must(t, l.Extend("b", "c"))
	must(t, l.Insert(0, "z"))
	must(t, l.SetAt(-1, "d"))
	if all := get[[]string](t)(l.All()); !reflect.DeepEqual(all, []string{"z", "a", "b", "d"}) || l.Len() != 4 {
		t.Errorf("all %v len %d", all, l.Len())
	}
	if v := get[string](t)(l.At(1)); v != "a" {
		t.Errorf("At(1) %q", v)
	}
	if i := get[int](t)(l.Index("b")); i != 2 {
		t.Errorf("Index %d", i)
	}
	if in := get[bool](t)(l.Contains("d")); !in {
		t.Error("Contains")
	}
	if v := get[string](t)(l.Pop(-1)); v != "d" {
		t.Errorf("Pop %q", v)
	}
	must(t, l.Remove("z"))
	wantError(t, l.Remove("nope"), assoc.ErrNotFound)
	var seen []string
	must(t, l.Each(func(i int, v string) bool { seen = append(seen, v); return i < 0 }))
	if !reflect.DeepEqual(seen, []string{"a"}) {
		t.Errorf("Each stopped after %v", seen)
	}
	if l.String() != l.Collection().String() || l.String() == "" {
		t.Errorf("printed %q", l.String())
	}
	must(t, l.Assign("x"))
	if l.Len() != 1 || l.Collection().Kind() != assoc.List {
		t.Errorf("after Assign: len %d", l.Len())
	}

	// NULL members: a pointer or sql.Null type tells them apart; a plain string refuses them
	must(t, l.Append(""))
	kid := m.child(t, "", "n")
	must(t, kid.Set("name", nil))
	must(t, coll(t, p, "_children").Append(kid))
	if _, err := l.All(); err == nil {
		t.Error("a NULL member read into a string")
	} else {
		wantError(t, err, assoc.ErrType, "NULL", "the list of")
	}
	ns := get[*assoc.ListView[sql.NullString]](t)(assoc.ListOf[sql.NullString](p, "children"))
	got := get[[]sql.NullString](t)(ns.All())
	if len(got) != 3 || !got[1].Valid || got[1].String != "" || got[2].Valid {
		t.Errorf("NullString members %+v", got)
	}
	ps := get[*assoc.ListView[*string]](t)(assoc.ListOf[*string](p, "children"))
	must(t, ps.Append(nil))
	if l := ps.Len(); l != 4 {
		t.Errorf("len %d", l)
	}

	// the relationship itself, as objects; the wrong kind is refused
	objs := get[*assoc.ListView[*assoc.Object]](t)(assoc.ListOf[*assoc.Object](p, "_children"))
	if o := get[*assoc.Object](t)(objs.At(2)); o != kid {
		t.Errorf("At(2) %v", o)
	}
	_, err := assoc.SetOf[string](p, "children")
	wantError(t, err, assoc.ErrType, "SetOf", "Parent.children is a list, not a set")
	_, err = assoc.ListOf[string](p, "nope")
	wantError(t, err, assoc.ErrNotFound)
	_, err = assoc.ListOf[string](nil, "children")
	wantError(t, err, assoc.ErrInvalid, "ListOf")
}

func TestSetView(t *testing.T) {
	m := newCollectionsModel(t, assoc.Set)
	p := m.parent(t, "P")
	s := get[*assoc.SetView[string]](t)(assoc.SetOf[string](p, "children"))
	must(t, s.Add("a"))
	must(t, s.Add("a"))
	must(t, s.Update("b", "c"))
	if s.Len() != 3 {
		t.Errorf("len %d", s.Len())
	}
	must(t, s.Discard("nope"))
	wantError(t, s.Remove("nope"), assoc.ErrNotFound)
	must(t, s.Remove("c"))
	v := get[string](t)(s.Pop()) // Pop takes no position on a set
	if v != "a" && v != "b" {
		t.Errorf("Pop %q", v)
	}
	if in := get[bool](t)(s.Contains(v)); in {
		t.Error("popped member still in")
	}
	_ = get[string](t)(s.Pop())
	_, err := s.Pop()
	wantError(t, err, assoc.ErrNotFound, "empty")
	must(t, s.Assign("x", "y"))
	n := 0
	must(t, s.Each(func(string) bool { n++; return true }))
	if all := get[[]string](t)(s.All()); len(all) != 2 || n != 2 {
		t.Errorf("all %v", all)
	}
	must(t, s.Clear())
	if s.Len() != 0 {
		t.Errorf("len after Clear %d", s.Len())
	}
}

func TestDictView(t *testing.T) {
	m := newCollectionsModel(t, assoc.Dict)
	p := m.parent(t, "P")
	d := get[*assoc.DictView[string, string]](t)(assoc.DictOf[string, string](p, "children"))
	must(t, d.Put("a", "one"))
	must(t, d.Put("b", "two"))
	if v := get[string](t)(d.Get("a")); v != "one" {
		t.Errorf("Get %q", v)
	}
	if _, ok, err := d.Lookup("zz"); ok || err != nil {
		t.Errorf("Lookup of a missing key: %v %v", ok, err)
	}
	if v, ok, _ := d.Lookup("b"); !ok || v != "two" {
		t.Errorf("Lookup %q %v", v, ok)
	}
	_, err := d.Get("zz")
	wantError(t, err, assoc.ErrNotFound)
	if ks := get[[]string](t)(d.Keys()); !reflect.DeepEqual(ks, []string{"a", "b"}) {
		t.Errorf("keys %v", ks)
	}
	if vs := get[[]string](t)(d.Values()); !reflect.DeepEqual(vs, []string{"one", "two"}) {
		t.Errorf("values %v", vs)
	}
	got := map[string]string{}
	must(t, d.Each(func(k, v string) bool { got[k] = v; return true }))
	if !reflect.DeepEqual(got, map[string]string{"a": "one", "b": "two"}) {
		t.Errorf("each %v", got)
	}
	if v := get[string](t)(d.PopKey("a")); v != "one" || d.Len() != 1 {
		t.Errorf("PopKey %q, len %d", v, d.Len())
	}
	must(t, d.Delete("b"))
	if d.Len() != 0 {
		t.Errorf("len %d", d.Len())
	}
	must(t, m.s.Add(p))
	must(t, m.s.Commit())
	// members of the wrong Go type are an error naming the view
	must(t, d.Put("n", "not a number"))
	bad := get[*assoc.DictView[string, int64]](t)(assoc.DictOf[string, int64](p, "children"))
	_, err = bad.Get("n")
	wantError(t, err, assoc.ErrType, "the dict of", "int64")
	// a closed session: Len is 0 without an error, Load says why
	must(t, m.s.Close())
	if d.Len() != 0 {
		t.Errorf("len on a closed session %d", d.Len())
	}
	wantError(t, d.Load(), assoc.ErrDetached)
}
