package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Expr is a condition for Query.Where: comparisons on a mapper's
// attributes (Field), combined with And, Or and Not. It is plain data,
// built into the library's expression when the query runs, so it can be
// reused and shared.
type Expr interface {
	build() (core.Expr, error)
}

// Field is an attribute of a mapper, to build expressions on: columns
// compare with values, scalar relationships with objects, proxies compile
// to EXISTS as SQLAlchemy does (User.special_keys == "jek").
type Field struct {
	m    *Mapper
	name string
}

// Field is the attribute name of m, for expressions:
// User.Field("name").Eq("jek").
func (m *Mapper) Field(name string) Field { return Field{m, name} }

// Op is a comparison operator.
type Op int

// Comparison operators.
const (
	OpEq        Op = 0
	OpNe        Op = 1
	OpLt        Op = 2
	OpLe        Op = 3
	OpGt        Op = 4
	OpGe        Op = 5
	OpLike      Op = 6
	OpNotLike   Op = 7
	OpIsNull    Op = 8
	OpIsNotNull Op = 9
)

type compareExpr struct {
	f     Field
	op    Op
	value any
}

func (e compareExpr) build() (core.Expr, error) {
	v, err := toValue(e.value)
	if err != nil {
		return 0, err
	}
	var x core.Expr
	err = core.Expr_compare(&x, e.f.m.c, e.f.name, core.Op(e.op), v)
	runtime.KeepAlive(e.value)
	runtime.KeepAlive(e.f.m)
	return x, err
}

// Compare is f op value; Eq with nil is IS NULL, Ne with nil IS NOT NULL.
func (f Field) Compare(op Op, value any) Expr { return compareExpr{f, op, value} }

// Eq is f == value (IS NULL for nil).
func (f Field) Eq(value any) Expr { return f.Compare(OpEq, value) }

// Ne is f != value (IS NOT NULL for nil).
func (f Field) Ne(value any) Expr { return f.Compare(OpNe, value) }

// Lt is f < value.
func (f Field) Lt(value any) Expr { return f.Compare(OpLt, value) }

// Le is f <= value.
func (f Field) Le(value any) Expr { return f.Compare(OpLe, value) }

// Gt is f > value.
func (f Field) Gt(value any) Expr { return f.Compare(OpGt, value) }

// Ge is f >= value.
func (f Field) Ge(value any) Expr { return f.Compare(OpGe, value) }

// Like is f LIKE pattern.
func (f Field) Like(pattern string) Expr { return f.Compare(OpLike, pattern) }

// NotLike is f NOT LIKE pattern.
func (f Field) NotLike(pattern string) Expr { return f.Compare(OpNotLike, pattern) }

// IsNull is f IS NULL (for a proxy: also where there is no intermediary).
func (f Field) IsNull() Expr { return f.Compare(OpIsNull, nil) }

// IsNotNull is f IS NOT NULL.
func (f Field) IsNotNull() Expr { return f.Compare(OpIsNotNull, nil) }

type inExpr struct {
	f      Field
	values []any
}

func (e inExpr) build() (core.Expr, error) {
	vs, err := toValues(e.values)
	if err != nil {
		return 0, err
	}
	var x core.Expr
	err = core.Expr_in(&x, e.f.m.c, e.f.name, vs)
	runtime.KeepAlive(e.values)
	runtime.KeepAlive(e.f.m)
	return x, err
}

// In is f IN (values...) for a column; with no values it is never true.
func (f Field) In(values ...any) Expr { return inExpr{f, values} }

type existsExpr struct {
	f         Field
	kind      int // 0 any, 1 has, 2 contains
	criterion Expr
	value     any
}

func (e existsExpr) build() (core.Expr, error) {
	var x core.Expr
	var err error
	if e.kind == 2 {
		v, verr := toValue(e.value)
		if verr != nil {
			return 0, verr
		}
		err = core.Expr_contains(&x, e.f.m.c, e.f.name, v)
		runtime.KeepAlive(e.value)
	} else {
		var crit core.Expr
		if e.criterion != nil {
			if crit, err = e.criterion.build(); err != nil {
				return 0, err
			}
		}
		// The criterion is the new expression's now, also on failure.
		if e.kind == 0 {
			err = core.Expr_any(&x, e.f.m.c, e.f.name, crit)
		} else {
			err = core.Expr_has(&x, e.f.m.c, e.f.name, crit)
		}
	}
	runtime.KeepAlive(e.f.m)
	return x, err
}

// Any is EXISTS for a collection relationship or proxy: some member
// matches criterion (an expression over the related mapper; nil: any
// member at all), as User.keywords.any(Keyword.keyword == "jek").
func (f Field) Any(criterion Expr) Expr { return existsExpr{f: f, criterion: criterion} }

// Has is Any for a scalar relationship or proxy.
func (f Field) Has(criterion Expr) Expr { return existsExpr{f: f, kind: 1, criterion: criterion} }

// Contains is a collection relationship holding the object value, or a
// collection proxy holding the value.
func (f Field) Contains(value any) Expr { return existsExpr{f: f, kind: 2, value: value} }

type logicExpr struct {
	or    bool
	terms []Expr
}

func (e logicExpr) build() (core.Expr, error) {
	if len(e.terms) == 0 {
		return 0, errorf(ErrInvalid, "And/Or of no expressions")
	}
	acc, err := e.terms[0].build()
	if err != nil {
		return 0, err
	}
	for _, t := range e.terms[1:] {
		next, err := t.build()
		if err != nil {
			core.Expr_free(acc)
			return 0, err
		}
		var x core.Expr
		// and/or own their operands from here on, also on failure.
		if e.or {
			err = core.Expr_or(&x, acc, next)
		} else {
			err = core.Expr_and(&x, acc, next)
		}
		if err != nil {
			return 0, err
		}
		acc = x
	}
	return acc, nil
}

// And is every expression.
func And(exprs ...Expr) Expr { return logicExpr{terms: exprs} }

// Or is any of the expressions.
func Or(exprs ...Expr) Expr { return logicExpr{or: true, terms: exprs} }

type notExpr struct{ e Expr }

func (n notExpr) build() (core.Expr, error) {
	inner, err := n.e.build()
	if err != nil {
		return 0, err
	}
	var x core.Expr
	err = core.Expr_not(&x, inner) // owns inner, also on failure
	return x, err
}

// Not is the negation of e.
func Not(e Expr) Expr { return notExpr{e} }
