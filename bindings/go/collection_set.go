package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Set algebra against a sequence of values (Python's set operators); the
// collection must be a set, or ErrType.

// popSet removes and returns the member at position i of a set (Pop). Remove
// finds it by value: a set holds it once.
func (c *Collection) popSet(i int) (any, error) {
	var n int
	if err := core.Collection_len(&n, c.c); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errorf(ErrNotFound, "pop from %s, which is empty", c.describe())
	}
	i, err := c.position(i)
	if err != nil {
		return nil, err
	}
	var v core.Value
	if err := core.Collection_get(&v, c.c, int64(i)); err != nil {
		return nil, err
	}
	out := c.value(v) // before removing: an object member keeps its wrapper
	err = core.Collection_remove(c.c, v)
	runtime.KeepAlive(c)
	runtime.KeepAlive(out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Discard removes v from a set if present (no error when absent).
func (c *Collection) Discard(v any) error {
	return c.with(v, func(cv core.Value) error { return core.Collection_discard(c.c, cv) })
}

func (c *Collection) setOp(op core.SetOp, vs []any) ([]any, error) {
	var out []any
	err := c.values(vs, func(cvs []core.Value) error {
		var l core.Valuelist
		if err := core.Collection_set_op(&l, c.c, op, cvs); err != nil {
			return err
		}
		out = c.takeList(l)
		return nil
	})
	return out, err
}

// Union is a new set: the members and vs (|).
func (c *Collection) Union(vs ...any) ([]any, error) { return c.setOp(core.SET_UNION, vs) }

// Intersection is a new set: the members also in vs (&).
func (c *Collection) Intersection(vs ...any) ([]any, error) {
	return c.setOp(core.SET_INTERSECTION, vs)
}

// Difference is a new set: the members not in vs (-).
func (c *Collection) Difference(vs ...any) ([]any, error) { return c.setOp(core.SET_DIFFERENCE, vs) }

// SymmetricDifference is a new set: what is in one side only (^).
func (c *Collection) SymmetricDifference(vs ...any) ([]any, error) {
	return c.setOp(core.SET_SYMMETRIC_DIFFERENCE, vs)
}

func (c *Collection) setUpdate(op core.SetOp, vs []any) error {
	return c.values(vs, func(cvs []core.Value) error { return core.Collection_set_update(c.c, op, cvs) })
}

// UnionUpdate adds vs to the set (|=, Python's update).
func (c *Collection) UnionUpdate(vs ...any) error { return c.setUpdate(core.SET_UNION, vs) }

// IntersectionUpdate keeps only the members also in vs (&=).
func (c *Collection) IntersectionUpdate(vs ...any) error {
	return c.setUpdate(core.SET_INTERSECTION, vs)
}

// DifferenceUpdate removes vs from the set (-=).
func (c *Collection) DifferenceUpdate(vs ...any) error { return c.setUpdate(core.SET_DIFFERENCE, vs) }

// SymmetricDifferenceUpdate keeps what is in one side only (^=).
func (c *Collection) SymmetricDifferenceUpdate(vs ...any) error {
	return c.setUpdate(core.SET_SYMMETRIC_DIFFERENCE, vs)
}

func (c *Collection) setCompare(cmp core.SetCmp, vs []any) (bool, error) {
	var r bool
	err := c.values(vs, func(cvs []core.Value) error { return core.Collection_set_compare(&r, c.c, cmp, cvs) })
	return r, err
}

// SetEqual reports whether the set has exactly the values vs (==).
func (c *Collection) SetEqual(vs ...any) (bool, error) { return c.setCompare(core.SET_EQUAL, vs) }

// IsSubset reports whether every member is in vs (<=).
func (c *Collection) IsSubset(vs ...any) (bool, error) { return c.setCompare(core.SET_SUBSET, vs) }

// IsSuperset reports whether every value of vs is a member (>=).
func (c *Collection) IsSuperset(vs ...any) (bool, error) {
	return c.setCompare(core.SET_SUPERSET, vs)
}

// IsProperSubset is IsSubset and not SetEqual (<).
func (c *Collection) IsProperSubset(vs ...any) (bool, error) {
	return c.setCompare(core.SET_PROPER_SUBSET, vs)
}

// IsProperSuperset is IsSuperset and not SetEqual (>).
func (c *Collection) IsProperSuperset(vs ...any) (bool, error) {
	return c.setCompare(core.SET_PROPER_SUPERSET, vs)
}

// IsDisjoint reports whether no member is in vs.
func (c *Collection) IsDisjoint(vs ...any) (bool, error) {
	return c.setCompare(core.SET_DISJOINT, vs)
}
