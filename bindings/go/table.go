package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Type is a column type.
type Type int

// Column types. Infer takes the type of the column a foreign key
// references; Boolean holds 0 or 1; DateTime is ISO-8601 text.
const (
	Infer    Type = 0
	Integer  Type = 1
	Real     Type = 2
	Text     Type = 3
	Blob     Type = 4
	Boolean  Type = 5
	Numeric  Type = 6
	DateTime Type = 7
)

// FKAction is an ON DELETE / ON UPDATE action.
type FKAction int

// Foreign key actions.
const (
	NoAction   FKAction = 0
	Cascade    FKAction = 1
	SetNull    FKAction = 2
	SetDefault FKAction = 3
	Restrict   FKAction = 4
)

// Table is a table of a registry.
type Table struct {
	c   core.Table
	reg *Registry
}

// Name is the table's name.
func (t *Table) Name() string {
	n := core.Table_name(t.c)
	runtime.KeepAlive(t)
	return n
}

// Columns are the names of the table's columns, in order.
func (t *Table) Columns() []string {
	n := int(core.Table_column_count(t.c))
	names := make([]string, n)
	for i := range names {
		names[i] = core.Table_column_name(t.c, int64(i))
	}
	runtime.KeepAlive(t)
	return names
}

// ColumnOptions describe a column. The zero value (or nil) is a plain
// nullable column.
type ColumnOptions struct {
	PrimaryKey      bool
	NotNull         bool   // NOT NULL (a primary key is NOT NULL anyway)
	NoAutoincrement bool   // a lone INTEGER primary key autoincrements unless set
	Unique          bool   // a one-column UNIQUE constraint
	Index           bool   // a one-column index
	ForeignKey      string // "table.column"
	OnDelete        FKAction
	OnUpdate        FKAction
	Default         any // used when nothing was set; nil for none
}

// AddColumn adds a column; opts may be nil.
func (t *Table) AddColumn(name string, typ Type, opts *ColumnOptions) error {
	if err := t.reg.check(); err != nil {
		return err
	}
	var o core.Column_options
	if opts != nil {
		o = core.NewColumn_options()
		defer core.DeleteColumn_options(o)
		if opts.PrimaryKey {
			o.SetPrimary_key(1)
		}
		if opts.NotNull {
			o.SetNullable(0)
		}
		if opts.NoAutoincrement {
			o.SetAutoincrement(0)
		}
		o.SetUnique(flag(opts.Unique))
		o.SetIndex(flag(opts.Index))
		setString(o.SetForeign_key, opts.ForeignKey)
		o.SetOn_delete(core.FKAction(opts.OnDelete))
		o.SetOn_update(core.FKAction(opts.OnUpdate))
		if opts.Default != nil {
			v, err := toValue(opts.Default)
			if err != nil {
				return err
			}
			if err := o.Set_default(v); err != nil {
				return err
			}
		}
	}
	err := core.Table_add_column(t.c, name, core.Type(typ), o)
	runtime.KeepAlive(t)
	return err
}

// ForeignKeyOptions describe a (composite) foreign key; nil for the defaults.
type ForeignKeyOptions struct {
	OnDelete FKAction
	OnUpdate FKAction
	Name     string // "": from the naming convention, if any
}

// AddForeignKey adds a (possibly composite) foreign key: columns[i]
// references refColumns[i] of refTable.
func (t *Table) AddForeignKey(columns []string, refTable string, refColumns []string, opts *ForeignKeyOptions) error {
	if err := t.reg.check(); err != nil {
		return err
	}
	if len(columns) != len(refColumns) || len(columns) == 0 {
		return errorf(ErrInvalid, "foreign key on %s: %d columns reference %d columns of %s",
			t.Name(), len(columns), len(refColumns), refTable)
	}
	var o core.Fk_options
	if opts != nil {
		o = core.NewFk_options()
		defer core.DeleteFk_options(o)
		o.SetOn_delete(core.FKAction(opts.OnDelete))
		o.SetOn_update(core.FKAction(opts.OnUpdate))
		setString(o.SetName, opts.Name)
	}
	err := core.Table_add_foreign_key(t.c, columns, refTable, refColumns, o)
	runtime.KeepAlive(t)
	return err
}

// AddUnique adds a (possibly composite) UNIQUE constraint; name may be "".
func (t *Table) AddUnique(columns []string, name string) error {
	if err := t.reg.check(); err != nil {
		return err
	}
	if len(columns) == 0 {
		return errorf(ErrInvalid, "unique constraint on %s: no columns", t.Name())
	}
	err := core.Table_add_unique(t.c, columns, name)
	runtime.KeepAlive(t)
	return err
}

// ConstraintName is the name a constraint of kind ("fk", "uq", "pk", "ix")
// on column got from the naming convention or explicitly; "" when it has
// none.
func (t *Table) ConstraintName(kind, column string) (string, error) {
	var name string
	err := core.Table_constraint_name(&name, t.c, kind, column)
	runtime.KeepAlive(t)
	return name, err
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}
