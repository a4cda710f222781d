package assoc

import (
	"math"
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Collection is the list, set or dict view of a relationship (members are
// *Objects) or of a proxy (members are the proxied attribute's values).
// Every change keeps the reverse side of back_populates in step at once and
// is flushed with the session; a failed operation changes nothing. The view
// keeps its owner reachable, and belongs to the owner's session's goroutine.
//
// List operations: Len, At, Append, Insert, SetAt, Remove, Pop, Index,
// Contains, Count, Extend, Clear, Slice, SetSlice, DeleteSlice. Sets add
// Discard and the set algebra (collection_set.go); dicts Get, Put, Delete,
// Keys, Items, SetDefault, PopKey and Update (collection_dict.go). An
// operation the kind lacks fails with ErrType.
type Collection struct {
	c     core.Collection
	owner *Object
}

// End stands for the end of the collection in slices: c.Slice(2, End).
const End = math.MaxInt

// Owner is the object the collection belongs to.
func (c *Collection) Owner() *Object { return c.owner }

// Kind is List, Set or Dict.
func (c *Collection) Kind() CollectionKind {
	k := CollectionKind(core.Collection_kind_of(c.c))
	runtime.KeepAlive(c)
	return k
}

// IsProxy reports whether the view is a proxy's rather than a relationship's.
func (c *Collection) IsProxy() bool {
	p := core.Collection_is_proxy(c.c) != 0
	runtime.KeepAlive(c)
	return p
}

func (c *Collection) enter() error { return c.owner.enter() }

func (c *Collection) value(v core.Value) any { return c.owner.s.fromValue(v) }

// with runs f with v converted, keeping c (and so its owner) alive.
func (c *Collection) with(v any, f func(core.Value) error) error {
	if err := c.enter(); err != nil {
		return err
	}
	cv, err := toValue(v)
	if err != nil {
		return err
	}
	err = f(cv)
	runtime.KeepAlive(c)
	runtime.KeepAlive(v)
	return err
}

// out runs f, which fills a value, and converts it.
func (c *Collection) out(f func(*core.Value) error) (any, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	var v core.Value
	err := f(&v)
	runtime.KeepAlive(c)
	if err != nil {
		return nil, err
	}
	return c.value(v), nil
}

func (c *Collection) values(vs []any, f func([]core.Value) error) error {
	if err := c.enter(); err != nil {
		return err
	}
	cvs, err := toValues(vs)
	if err != nil {
		return err
	}
	err = f(cvs)
	runtime.KeepAlive(c)
	runtime.KeepAlive(vs)
	return err
}

// Len is the number of members.
func (c *Collection) Len() (int, error) {
	if err := c.enter(); err != nil {
		return 0, err
	}
	var n int
	err := core.Collection_len(&n, c.c)
	runtime.KeepAlive(c)
	return n, err
}

// At is the member at position i (for a dict, the value at that position,
// in insertion order). Negative positions count from the end.
func (c *Collection) At(i int) (any, error) { return c.outAt(i, core.Collection_get) }

// AtObject is the object at position i of a relationship collection.
func (c *Collection) AtObject(i int) (*Object, error) {
	v, err := c.At(i)
	if err != nil {
		return nil, err
	}
	o, ok := v.(*Object)
	if !ok {
		return nil, errorf(ErrType, "member %d of %s is %s, not an object", i, c.describe(), describe(v))
	}
	return o, nil
}

// outAt runs f, which fills a value, at position i.
func (c *Collection) outAt(i int, f func(*core.Value, core.Collection, int64) error) (any, error) {
	return c.out(func(v *core.Value) error {
		i, err := c.position(i)
		if err != nil {
			return err
		}
		return f(v, c.c, int64(i))
	})
}

// withAt runs f with v converted, at position i.
func (c *Collection) withAt(i int, v any, f func(core.Collection, int64, core.Value) error) error {
	return c.with(v, func(cv core.Value) error {
		i, err := c.position(i)
		if err != nil {
			return err
		}
		return f(c.c, int64(i), cv)
	})
}

// position turns a negative position into one from the start.
func (c *Collection) position(i int) (int, error) {
	if i >= 0 {
		return i, nil
	}
	var n int
	if err := core.Collection_len(&n, c.c); err != nil {
		return 0, err
	}
	if i+n < 0 {
		return 0, errorf(ErrRange, "position %d of %s, which has %d members", i, c.describe(), n)
	}
	return i + n, nil
}

// Append appends to a list, adds to a set (no effect when present), or puts
// a member under its key attribute in a dict. Through a proxy the creator
// makes the intermediary object.
func (c *Collection) Append(v any) error {
	return c.with(v, func(cv core.Value) error { return core.Collection_append(c.c, cv) })
}

// Insert inserts into a list before position i (i == Len appends).
func (c *Collection) Insert(i int, v any) error { return c.withAt(i, v, core.Collection_insert) }

// SetAt replaces the member at position i of a list.
func (c *Collection) SetAt(i int, v any) error { return c.withAt(i, v, core.Collection_set) }

// Remove removes the first occurrence of v (ErrNotFound when absent).
func (c *Collection) Remove(v any) error {
	return c.with(v, func(cv core.Value) error { return core.Collection_remove(c.c, cv) })
}

// Pop removes and returns the member at position i of a list (-1: the
// last). On a set it removes and returns the member at position i of its
// order, so Pop(-1) is Python's set.pop() (any member); an empty set is
// ErrNotFound (KeyError).
func (c *Collection) Pop(i int) (any, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	if c.Kind() == Set {
		return c.popSet(i)
	}
	return c.outAt(i, core.Collection_pop)
}

// Contains reports whether v is a member.
func (c *Collection) Contains(v any) (bool, error) {
	var in bool
	err := c.with(v, func(cv core.Value) error { return core.Collection_contains(&in, c.c, cv) })
	return in, err
}

// Index is the position of the first occurrence of v (ErrNotFound when absent).
func (c *Collection) Index(v any) (int, error) {
	var i int
	err := c.with(v, func(cv core.Value) error { return core.Collection_index(&i, c.c, cv) })
	return i, err
}

// Count is how many members equal v.
func (c *Collection) Count(v any) (int, error) {
	var n int
	err := c.with(v, func(cv core.Value) error { return core.Collection_count_of(&n, c.c, cv) })
	return n, err
}

// Clear removes every member.
func (c *Collection) Clear() error {
	if err := c.enter(); err != nil {
		return err
	}
	err := core.Collection_clear(c.c)
	runtime.KeepAlive(c)
	return err
}

// Extend appends each value in turn to a list.
func (c *Collection) Extend(vs ...any) error {
	return c.values(vs, func(cvs []core.Value) error { return core.Collection_extend(c.c, cvs) })
}

// Assign replaces every member at once (SQLAlchemy's whole-collection
// assignment, user.keywords = [...]). For a dict use AssignItems.
func (c *Collection) Assign(vs ...any) error {
	return c.values(vs, func(cvs []core.Value) error { return core.Collection_assign(c.c, nil, cvs) })
}

// Slice is the members from start to stop with Python's rules: negative
// positions count from the end, positions past either end are clamped; End
// is the end.
func (c *Collection) Slice(start, stop int) ([]any, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	var l core.Valuelist
	if err := core.Collection_get_slice(&l, c.c, start, stop); err != nil {
		return nil, err
	}
	runtime.KeepAlive(c)
	return c.takeList(l), nil
}

// SetSlice replaces the members from start to stop with vs.
func (c *Collection) SetSlice(start, stop int, vs ...any) error {
	return c.values(vs, func(cvs []core.Value) error { return core.Collection_set_slice(c.c, start, stop, cvs) })
}

// DeleteSlice removes the members from start to stop.
func (c *Collection) DeleteSlice(start, stop int) error {
	if err := c.enter(); err != nil {
		return err
	}
	err := core.Collection_delete_slice(c.c, start, stop)
	runtime.KeepAlive(c)
	return err
}

// takeList converts and frees a value list from the library.
func (c *Collection) takeList(l core.Valuelist) []any {
	defer core.Valuelist_free(l)
	n := int(core.Valuelist_count(l))
	out := make([]any, n)
	for i := range out {
		out[i] = c.value(core.Valuelist_get(l, int64(i)))
	}
	return out
}

// All is every member in order (a dict's values).
func (c *Collection) All() ([]any, error) { return c.readAll(core.Collection_get) }

// readAll is what get reads at each position, in order.
func (c *Collection) readAll(get func(*core.Value, core.Collection, int64) error) ([]any, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	var n int
	if err := core.Collection_len(&n, c.c); err != nil {
		return nil, err
	}
	out := make([]any, n)
	for i := range out {
		var v core.Value
		if err := get(&v, c.c, int64(i)); err != nil {
			return nil, err
		}
		out[i] = c.value(v)
	}
	runtime.KeepAlive(c)
	return out, nil
}

// Each calls fn with each position and member until it returns false. The
// members are read first, so fn may change the collection.
func (c *Collection) Each(fn func(i int, v any) bool) error {
	vs, err := c.All()
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

// Objects are the members of a relationship collection.
func (c *Collection) Objects() ([]*Object, error) {
	vs, err := c.All()
	if err != nil {
		return nil, err
	}
	out := make([]*Object, len(vs))
	for i, v := range vs {
		o, ok := v.(*Object)
		if !ok {
			return nil, errorf(ErrType, "member %d of %s is %s, not an object", i, c.describe(), describe(v))
		}
		out[i] = o
	}
	return out, nil
}

// Strings are the members of a proxy of a TEXT attribute.
func (c *Collection) Strings() ([]string, error) {
	vs, err := c.All()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		s, ok := v.(string)
		if !ok {
			return nil, errorf(ErrType, "member %d of %s is %s, not text", i, c.describe(), describe(v))
		}
		out[i] = s
	}
	return out, nil
}

func (c *Collection) describe() string {
	return "the " + c.Kind().String() + " of " + c.owner.String()
}
