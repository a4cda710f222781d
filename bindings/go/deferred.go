package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// ColumnMapping is how a mapper maps one of its table's columns
// (SQLAlchemy's deferred()); the zero value loads it with the row.
type ColumnMapping struct {
	// Deferred leaves the column out of every query, relationship load and
	// refresh of the mapper's rows: the first read of it on a persistent
	// object loads it (with the other unloaded columns of its Group) in one
	// SELECT by primary key. Setting it loads nothing; expiring it defers it
	// again. Query.Undefer and Query.UndeferGroup load it with a query's rows.
	Deferred bool
	// Group names the deferred columns that load together ("": alone).
	Group string
}

// MapColumn sets how the mapper maps column of its table, before the
// registry is configured; a later call for the same column replaces it. A
// primary key cannot be deferred (ErrInvalid), nor a column that keys a
// relationship (Configure fails with ErrConfig).
func (m *Mapper) MapColumn(column string, mapping ColumnMapping) error {
	if err := m.reg.check(); err != nil {
		return err
	}
	o := core.NewMapper_column_options()
	defer core.DeleteMapper_column_options(o)
	o.SetDeferred(flag(mapping.Deferred))
	setString(o.SetGroup, mapping.Group)
	err := core.Mapper_set_column_options(m.c, column, o)
	runtime.KeepAlive(m)
	return renamed(err, "assoc_mapper_set_column_options", "Mapper.MapColumn")
}

// Defer leaves column out of the query's rows (SQLAlchemy's defer()): the
// first read of it on an object loaded now loads it, as a deferred column.
// A later Defer or Undefer of the same column replaces this one.
func (q *Query) Defer(column string) *Query {
	return q.then(func(cq core.Query) error {
		return renamed(core.Query_defer(cq, column), "assoc_query_defer", "Query.Defer")
	})
}

// Undefer loads a deferred column with the query's rows (SQLAlchemy's
// undefer()); objects already loaded with it unloaded get it too.
func (q *Query) Undefer(column string) *Query {
	return q.then(func(cq core.Query) error {
		return renamed(core.Query_undefer(cq, column), "assoc_query_undefer", "Query.Undefer")
	})
}

// UndeferGroup loads every column of the deferred group with the query's
// rows (SQLAlchemy's undefer_group()).
func (q *Query) UndeferGroup(group string) *Query {
	return q.then(func(cq core.Query) error {
		return renamed(core.Query_undefer_group(cq, group), "assoc_query_undefer_group", "Query.UndeferGroup")
	})
}
