package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Query selects objects of one mapper. Its methods return a new Query with
// one more step (a Query can be reused); All, First, One, Count, Exists
// and SQL build it in the library and run it. Queries autoflush the session
// first unless it was made with NoAutoflush, and rows come back through the
// identity map.
type Query struct {
	s     *Session
	m     *Mapper
	steps []func(q core.Query) error
}

// Query starts a query over mapper m.
func (s *Session) Query(m *Mapper) *Query { return &Query{s: s, m: m} }

func (q *Query) then(step func(core.Query) error) *Query {
	steps := make([]func(core.Query) error, len(q.steps), len(q.steps)+1)
	copy(steps, q.steps)
	return &Query{s: q.s, m: q.m, steps: append(steps, step)}
}

// FilterBy adds attr = value (for a scalar relationship, value is an
// object or nil).
func (q *Query) FilterBy(attr string, value any) *Query {
	return q.then(func(cq core.Query) error {
		v, err := toValue(value)
		if err != nil {
			return err
		}
		err = core.Query_filter_by(cq, attr, v)
		runtime.KeepAlive(value)
		return err
	})
}

// Where adds a condition. Mappers it names outside EXISTS must be the
// query's or joined before.
func (q *Query) Where(e Expr) *Query {
	return q.then(func(cq core.Query) error {
		x, err := e.build()
		if err != nil {
			return err
		}
		return core.Query_where(cq, x) // owns x, also on failure
	})
}

// Join joins along the relationship or proxy attr of mapper m (the query's
// mapper or one joined before); a proxy joins both its hops.
func (q *Query) Join(m *Mapper, attr string) *Query {
	return q.then(func(cq core.Query) error {
		err := core.Query_join(cq, m.c, attr)
		runtime.KeepAlive(m)
		return err
	})
}

// JoinAttr joins along a resolved attribute (a proxy's LocalAttr and
// RemoteAttr, say).
func (q *Query) JoinAttr(a *Attr) *Query { return q.Join(a.mapper, a.name) }

// SelectInLoad loads the relationship attr of mapper m (or both hops of a
// proxy) by selectin for the objects this query loads.
func (q *Query) SelectInLoad(m *Mapper, attr string) *Query {
	return q.then(func(cq core.Query) error {
		err := core.Query_selectinload(cq, m.c, attr)
		runtime.KeepAlive(m)
		return err
	})
}

// OrderBy orders by a column attribute, ascending.
func (q *Query) OrderBy(attr string) *Query { return q.order(attr, false) }

// OrderByDesc orders by a column attribute, descending.
func (q *Query) OrderByDesc(attr string) *Query { return q.order(attr, true) }

func (q *Query) order(attr string, desc bool) *Query {
	return q.then(func(cq core.Query) error { return core.Query_order_by(cq, attr, flag(desc)) })
}

// Limit returns at most n objects.
func (q *Query) Limit(n int64) *Query {
	return q.then(func(cq core.Query) error { return core.Query_limit(cq, n) })
}

// Offset skips n objects.
func (q *Query) Offset(n int64) *Query {
	return q.then(func(cq core.Query) error { return core.Query_offset(cq, n) })
}

// run builds the query in the library, runs f on it and frees it.
func (q *Query) run(f func(cq core.Query) error) error {
	if err := q.s.enter(); err != nil {
		return err
	}
	var cq core.Query
	if err := core.Query_new(&cq, q.s.c, q.m.c); err != nil {
		return err
	}
	defer core.Query_free(cq)
	for _, step := range q.steps {
		if err := step(cq); err != nil {
			return err
		}
	}
	err := f(cq)
	runtime.KeepAlive(q)
	return err
}

// All is every matching object.
func (q *Query) All() ([]*Object, error) {
	var out []*Object
	err := q.run(func(cq core.Query) error {
		var r core.Result
		if err := core.Query_all(&r, cq); err != nil {
			return err
		}
		defer core.Result_free(r)
		out = make([]*Object, core.Result_count(r))
		for i := range out {
			out[i] = q.s.wrap(core.Result_get(r, int64(i)))
		}
		return nil
	})
	return out, err
}

// First is the first matching object, or nil when there is none.
func (q *Query) First() (*Object, error) { return q.single(core.Query_first) }

// One is the one matching object: ErrNoResult for none, ErrMultiple for several.
func (q *Query) One() (*Object, error) { return q.single(core.Query_one) }

func (q *Query) single(f func(*core.Object, core.Query) error) (*Object, error) {
	var out *Object
	err := q.run(func(cq core.Query) error {
		var c core.Object
		if err := f(&c, cq); err != nil {
			return err
		}
		out = q.s.wrap(c)
		return nil
	})
	return out, err
}

// Count is how many objects All would return.
func (q *Query) Count() (int64, error) {
	var n int64
	err := q.run(func(cq core.Query) error { return core.Query_count(&n, cq) })
	return n, err
}

// Exists reports whether any object matches.
func (q *Query) Exists() (bool, error) {
	var b bool
	err := q.run(func(cq core.Query) error { return core.Query_exists(&b, cq) })
	return b, err
}

// SQL is the SELECT text All runs, as SQLAlchemy prints it (named
// parameters; values never appear in it).
func (q *Query) SQL() (string, error) {
	var s string
	err := q.run(func(cq core.Query) error {
		s = core.Query_sql(cq)
		return nil
	})
	return s, err
}
