package assoc

import "reflect"

// Typed views of a collection: ListView[T], SetView[T] and DictView[K, V]
// give a list, set or dict relationship or proxy the operations of its kind
// only, with members of a Go type (Pop on a set takes no position; a dict
// has no Append), checked at compile time. Members convert as struct fields
// do in Object.Scan: T may be string, []byte, bool, an integer or float kind,
// time.Time, *Object, a pointer of one of these or a sql.Null type (to hold
// NULL), or any. Each view is made by ListOf, SetOf or DictOf, which load
// the collection, so Len needs no error; the untyped *Collection stays
// reachable through Collection().

// view is what the typed views share.
type view struct{ c *Collection }

// Collection is the untyped view underneath.
func (v view) Collection() *Collection { return v.c }

// Len is the number of members (0 when the collection can no longer be
// loaded, its session closed say: Load then says why).
func (v view) Len() int {
	n, err := v.c.Len()
	if err != nil {
		return 0
	}
	return n
}

// Load loads the collection now (if it is not loaded) and reports a failure.
func (v view) Load() error {
	_, err := v.c.Len()
	return err
}

// Clear removes every member.
func (v view) Clear() error { return v.c.Clear() }

// String is the view printed like a Go slice or map of its members.
func (v view) String() string { return v.c.String() }

// typedView opens the collection name of o, checks its kind and loads it.
func typedView(what string, o *Object, name string, want CollectionKind) (*Collection, error) {
	if o == nil {
		return nil, errorf(ErrInvalid, "%s: nil object", what)
	}
	c, err := o.Collection(name)
	if err != nil {
		return nil, err
	}
	if k := c.Kind(); k != want {
		return nil, errorf(ErrType, "%s: %s.%s is a %s, not a %s", what, o.Mapper().Name(), name, k, want)
	}
	if _, err := c.Len(); err != nil {
		return nil, err
	}
	return c, nil
}

// member converts a value of the library to T (as Object.Scan does a field).
func member[T any](c *Collection, v any) (T, error) {
	var out T
	if t, ok := v.(T); ok {
		return t, nil
	}
	if err := setField(reflect.ValueOf(&out).Elem(), v); err != nil {
		e := err.(*Error)
		return out, &Error{Code: e.Code, Message: "a member of " + c.describe() + ": " + e.Message}
	}
	return out, nil
}

func members[T any](c *Collection, vs []any, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, len(vs))
	for i, v := range vs {
		if out[i], err = member[T](c, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// plain converts a T for the library (as Object.Assign does a field).
func plain[T any](v T) (any, error) {
	return fieldValue(reflect.ValueOf(&v).Elem())
}

func plains[T any](vs []T) ([]any, error) {
	out := make([]any, len(vs))
	for i, v := range vs {
		var err error
		if out[i], err = plain(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// with1 converts v and runs f with it.
func with1[T any](v T, f func(any) error) error {
	p, err := plain(v)
	if err != nil {
		return err
	}
	return f(p)
}

// ---- lists ---------------------------------------------------------------------

// ListView is a list relationship or proxy with members of type T.
type ListView[T any] struct{ view }

// ListOf is the list view of o's relationship or proxy name, loaded;
// ErrType when it is a set or dict.
func ListOf[T any](o *Object, name string) (*ListView[T], error) {
	c, err := typedView("ListOf", o, name, List)
	if err != nil {
		return nil, err
	}
	return &ListView[T]{view{c}}, nil
}

// At is the member at position i (negative: from the end).
func (l *ListView[T]) At(i int) (T, error) {
	v, err := l.c.At(i)
	if err != nil {
		var zero T
		return zero, err
	}
	return member[T](l.c, v)
}

// All is every member, in order.
func (l *ListView[T]) All() ([]T, error) {
	vs, err := l.c.All()
	return members[T](l.c, vs, err)
}

// Each calls fn with each position and member until it returns false (the
// members are read first, so fn may change the list).
func (l *ListView[T]) Each(fn func(i int, v T) bool) error {
	vs, err := l.All()
	if err != nil {
		return err
	}
	for i, v := range vs {
		if !fn(i, v) {
			break
		}
	}
	return nil
}

// Append appends v (through a proxy, the creator makes its object).
func (l *ListView[T]) Append(v T) error { return with1(v, l.c.Append) }

// Extend appends each of vs, all or none.
func (l *ListView[T]) Extend(vs ...T) error {
	ps, err := plains(vs)
	if err != nil {
		return err
	}
	return l.c.Extend(ps...)
}

// Assign replaces the members with vs.
func (l *ListView[T]) Assign(vs ...T) error {
	ps, err := plains(vs)
	if err != nil {
		return err
	}
	return l.c.Assign(ps...)
}

// Insert inserts v before position i.
func (l *ListView[T]) Insert(i int, v T) error {
	return with1(v, func(p any) error { return l.c.Insert(i, p) })
}

// SetAt replaces the member at position i.
func (l *ListView[T]) SetAt(i int, v T) error {
	return with1(v, func(p any) error { return l.c.SetAt(i, p) })
}

// Remove removes the first occurrence of v (ErrNotFound when absent).
func (l *ListView[T]) Remove(v T) error { return with1(v, l.c.Remove) }

// Pop removes and returns the member at position i (-1: the last).
func (l *ListView[T]) Pop(i int) (T, error) {
	v, err := l.c.Pop(i)
	if err != nil {
		var zero T
		return zero, err
	}
	return member[T](l.c, v)
}

// Contains reports whether v is a member.
func (l *ListView[T]) Contains(v T) (bool, error) {
	var in bool
	err := with1(v, func(p any) (err error) { in, err = l.c.Contains(p); return err })
	return in, err
}

// Index is the position of the first occurrence of v (ErrNotFound when absent).
func (l *ListView[T]) Index(v T) (int, error) {
	i := -1
	err := with1(v, func(p any) (err error) { i, err = l.c.Index(p); return err })
	return i, err
}

// ---- sets ----------------------------------------------------------------------

// SetView is a set relationship or proxy with members of type T.
type SetView[T any] struct{ view }

// SetOf is the set view of o's relationship or proxy name, loaded;
// ErrType when it is a list or dict.
func SetOf[T any](o *Object, name string) (*SetView[T], error) {
	c, err := typedView("SetOf", o, name, Set)
	if err != nil {
		return nil, err
	}
	return &SetView[T]{view{c}}, nil
}

// All is every member, in the set's order.
func (s *SetView[T]) All() ([]T, error) {
	vs, err := s.c.All()
	return members[T](s.c, vs, err)
}

// Each calls fn with each member until it returns false (the members are
// read first, so fn may change the set).
func (s *SetView[T]) Each(fn func(v T) bool) error {
	vs, err := s.All()
	if err != nil {
		return err
	}
	for _, v := range vs {
		if !fn(v) {
			break
		}
	}
	return nil
}

// Add adds v (no effect when present).
func (s *SetView[T]) Add(v T) error { return with1(v, s.c.Append) }

// Update adds each of vs (set |= vs).
func (s *SetView[T]) Update(vs ...T) error {
	ps, err := plains(vs)
	if err != nil {
		return err
	}
	return s.c.UnionUpdate(ps...)
}

// Assign replaces the members with vs.
func (s *SetView[T]) Assign(vs ...T) error {
	ps, err := plains(vs)
	if err != nil {
		return err
	}
	return s.c.Assign(ps...)
}

// Remove removes v (ErrNotFound when absent, Python's KeyError).
func (s *SetView[T]) Remove(v T) error { return with1(v, s.c.Remove) }

// Discard removes v if present.
func (s *SetView[T]) Discard(v T) error { return with1(v, s.c.Discard) }

// Pop removes and returns a member (ErrNotFound when the set is empty).
func (s *SetView[T]) Pop() (T, error) {
	v, err := s.c.Pop(-1)
	if err != nil {
		var zero T
		return zero, err
	}
	return member[T](s.c, v)
}

// Contains reports whether v is a member.
func (s *SetView[T]) Contains(v T) (bool, error) {
	var in bool
	err := with1(v, func(p any) (err error) { in, err = s.c.Contains(p); return err })
	return in, err
}

// ---- dicts ---------------------------------------------------------------------

// DictView is a dict relationship or proxy with keys of type K and values
// of type V.
type DictView[K, V any] struct{ view }

// DictOf is the dict view of o's relationship or proxy name, loaded;
// ErrType when it is a list or set.
func DictOf[K, V any](o *Object, name string) (*DictView[K, V], error) {
	c, err := typedView("DictOf", o, name, Dict)
	if err != nil {
		return nil, err
	}
	return &DictView[K, V]{view{c}}, nil
}

// Get is the value under key (ErrNotFound when absent).
func (d *DictView[K, V]) Get(key K) (V, error) {
	var out V
	err := with1(key, func(p any) error {
		v, err := d.c.Get(p)
		if err == nil {
			out, err = member[V](d.c, v)
		}
		return err
	})
	return out, err
}

// Lookup is the value under key and whether there is one.
func (d *DictView[K, V]) Lookup(key K) (V, bool, error) {
	var out V
	var ok bool
	err := with1(key, func(p any) error {
		v, found, err := d.c.Lookup(p)
		if err == nil && found {
			ok = true
			out, err = member[V](d.c, v)
		}
		return err
	})
	return out, ok, err
}

// Put sets the value under key.
func (d *DictView[K, V]) Put(key K, v V) error {
	pk, err := plain(key)
	if err != nil {
		return err
	}
	return with1(v, func(pv any) error { return d.c.Put(pk, pv) })
}

// Delete removes key (ErrNotFound when absent).
func (d *DictView[K, V]) Delete(key K) error { return with1(key, d.c.Delete) }

// PopKey removes key and returns its value (ErrNotFound when absent).
func (d *DictView[K, V]) PopKey(key K) (V, error) {
	var out V
	err := with1(key, func(p any) error {
		v, err := d.c.PopKey(p)
		if err == nil {
			out, err = member[V](d.c, v)
		}
		return err
	})
	return out, err
}

// Keys are the keys, in insertion order.
func (d *DictView[K, V]) Keys() ([]K, error) {
	ks, err := d.c.Keys()
	return members[K](d.c, ks, err)
}

// Values are the values, in the keys' order.
func (d *DictView[K, V]) Values() ([]V, error) {
	vs, err := d.c.All()
	return members[V](d.c, vs, err)
}

// Each calls fn with each key and value, in insertion order, until it
// returns false (the items are read first, so fn may change the dict).
func (d *DictView[K, V]) Each(fn func(key K, v V) bool) error {
	ks, err := d.Keys()
	if err != nil {
		return err
	}
	vs, err := d.Values()
	if err != nil {
		return err
	}
	for i := range ks {
		if !fn(ks[i], vs[i]) {
			break
		}
	}
	return nil
}
