package assoc

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"strings"
	"time"
)

// Typed access: an object read into a struct of the program's and written
// back from one, as database/sql's Scan and GORM's models do.
//
// A struct field maps to the attribute its `assoc:"name"` tag names, or
// else to the attribute whose name matches the field's ignoring case and
// underscores (UserID is user_id); `assoc:"-"` and unexported fields are
// skipped, and so is an untagged field no attribute matches. Embedded
// structs are walked. Columns, scalar relationships and scalar proxies map;
// collections do not (use Object.Collection). The tag option omitzero
// (`assoc:"id,omitzero"`) leaves the attribute alone in Assign when the
// field is its type's zero value, so that a new object still gets its
// generated key.
//
// Field types: string, []byte, bool, any integer or float kind (and named
// types of them), time.Time (from a DATETIME), *Object (a scalar
// relationship), any (the value as Object.Get gives it), a pointer to one
// of these (nil for NULL; a nil []byte, *Object or any is NULL too), and sql.NullString, sql.NullInt64, sql.NullTime
// and the other types that implement sql.Scanner (Scan) and
// driver.Valuer (Assign). NULL into a field that cannot hold it is an
// ErrType error naming the field: NULL stays distinguishable from zero.

// fieldMap is how one struct type maps onto one mapper's attributes.
type fieldMap struct {
	fields []mappedField
}

type mappedField struct {
	index    []int // reflect.Value.FieldByIndex
	name     string
	attr     *Attr
	omitzero bool
}

var (
	objectType   = reflect.TypeOf((*Object)(nil))
	timeType     = reflect.TypeOf(time.Time{})
	nullTimeType = reflect.TypeOf(sql.NullTime{})
	scannerType  = reflect.TypeOf((*sql.Scanner)(nil)).Elem()
	valuerType   = reflect.TypeOf((*driver.Valuer)(nil)).Elem()
)

// foldName is a name compared ignoring case and underscores.
func foldName(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

// structOf is the struct a pointer argument points at (what names the method in errors).
func structOf(what string, p any) (reflect.Value, error) {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, errorf(ErrInvalid, "%s: want a non-nil pointer to a struct, not %T", what, p)
	}
	return v.Elem(), nil
}

// mapFields is the cached field map of t onto m.
func mapFields(what string, t reflect.Type, m *Mapper) (*fieldMap, error) {
	if fm, ok := m.fieldMaps.Load(t); ok {
		return fm.(*fieldMap), nil
	}
	byFold := map[string]*Attr{}
	for _, a := range m.Attrs() {
		if a.kind == ColumnAttr || a.shape == Scalar {
			byFold[foldName(a.name)] = a
		}
	}
	fm := &fieldMap{}
	if err := fm.walk(what, t, nil, m, byFold); err != nil {
		return nil, err
	}
	m.fieldMaps.Store(t, fm)
	return fm, nil
}

func (fm *fieldMap) walk(what string, t reflect.Type, prefix []int, m *Mapper, byFold map[string]*Attr) error {
	tname := t.Name()
	if tname == "" {
		tname = "struct" // an anonymous struct type
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		tag, hasTag := f.Tag.Lookup("assoc")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct && f.Type != timeType &&
			!reflect.PointerTo(f.Type).Implements(scannerType) {
			if err := fm.walk(what, f.Type, index, m, byFold); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		var a *Attr
		if name != "" {
			if a = m.lookup(name); a == nil {
				return errorf(ErrNotFound, "%s: field %s.%s names %q, which %s does not have", what, tname,
					f.Name, name, m.Name())
			}
			if a.kind != ColumnAttr && a.shape != Scalar {
				return errorf(ErrType, "%s: field %s.%s names the %s collection %s; read it with Object.Collection",
					what, tname, f.Name, a.shape, a)
			}
		} else if a = byFold[foldName(f.Name)]; a == nil {
			continue
		}
		fm.fields = append(fm.fields, mappedField{index: index, name: tname + "." + f.Name, attr: a,
			omitzero: opts == "omitzero"})
	}
	return nil
}

// Scan reads the object's mapped attributes into the struct dest points
// at (see the field rules above), as database/sql's Rows.Scan does for a
// row. Reading may load (lazy attributes, expired objects).
func (o *Object) Scan(dest any) error {
	if err := o.enter(); err != nil {
		return err
	}
	v, err := structOf("Object.Scan", dest)
	if err != nil {
		return err
	}
	fm, err := mapFields("Object.Scan", v.Type(), o.Mapper())
	if err != nil {
		return err
	}
	for _, f := range fm.fields {
		val, err := o.GetAttr(f.attr)
		if err != nil {
			return err
		}
		if err := setField(v.FieldByIndex(f.index), val); err != nil {
			return errorf(ErrType, "Object.Scan: %s into field %s: %s", f.attr, f.name, err.(*Error).Message)
		}
	}
	return nil
}

// Assign writes the struct src points at (or src itself) into the
// object's mapped attributes, checked as Set checks them; fields tagged
// omitzero are left alone while zero. Nothing is flushed.
func (o *Object) Assign(src any) error {
	if err := o.enter(); err != nil {
		return err
	}
	v := reflect.ValueOf(src)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return errorf(ErrInvalid, "Object.Assign: want a struct or a pointer to one, not %T", src)
	}
	fm, err := mapFields("Object.Assign", v.Type(), o.Mapper())
	if err != nil {
		return err
	}
	for _, f := range fm.fields {
		fv := v.FieldByIndex(f.index)
		if f.omitzero && fv.IsZero() {
			continue
		}
		val, err := fieldValue(fv)
		if err != nil {
			return errorf(ErrType, "Object.Assign: field %s into %s: %s", f.name, f.attr, err.(*Error).Message)
		}
		if err := o.SetAttr(f.attr, val); err != nil {
			return err
		}
	}
	return nil
}

// NewFrom makes a transient object of m from the struct src (Assign); Add
// makes it pending.
func (s *Session) NewFrom(m *Mapper, src any) (*Object, error) {
	o, err := s.New(m)
	if err != nil {
		return nil, err
	}
	if err := o.Assign(src); err != nil {
		return nil, err
	}
	return o, nil
}

// Get is Session.Get read into a new T (a struct type; see Object.Scan):
// nil and an error matching ErrNotFound when there is no such row.
func Get[T any](s *Session, m *Mapper, pk ...any) (*T, error) {
	o, err := s.Get(m, pk...)
	if err != nil {
		return nil, err
	}
	return ScanObject[T](o)
}

// GetContext is Get with Session.GetContext: interrupted when ctx is done.
func GetContext[T any](ctx context.Context, s *Session, m *Mapper, pk ...any) (*T, error) {
	o, err := s.GetContext(ctx, m, pk...)
	if err != nil {
		return nil, err
	}
	return ScanObject[T](o)
}

// All is Query.All read into a slice of T (a struct type; see Object.Scan).
func All[T any](q *Query) ([]T, error) {
	objs, err := q.All()
	return scanAll[T](objs, err)
}

// AllContext is All with Query.AllContext: interrupted when ctx is done.
func AllContext[T any](ctx context.Context, q *Query) ([]T, error) {
	objs, err := q.AllContext(ctx)
	return scanAll[T](objs, err)
}

func scanAll[T any](objs []*Object, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, len(objs))
	for i, o := range objs {
		if err := o.Scan(&out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ScanObject is o read into a new T (a struct type; see Object.Scan).
func ScanObject[T any](o *Object) (*T, error) {
	t := new(T)
	if err := o.Scan(t); err != nil {
		return nil, err
	}
	return t, nil
}

// setField stores val (as Object.Get gives it) in the field f.
func setField(f reflect.Value, val any) error {
	t := f.Type()
	if t.Kind() == reflect.Interface && t.NumMethod() == 0 {
		if val == nil {
			f.Set(reflect.Zero(t))
		} else {
			f.Set(reflect.ValueOf(val))
		}
		return nil
	}
	if t == nullTimeType { // sql.NullTime scans time.Time, not the stored text
		var nt sql.NullTime
		if val != nil {
			tm, err := timeOf(val)
			if err != nil {
				return err
			}
			nt = sql.NullTime{Time: tm, Valid: true}
		}
		f.Set(reflect.ValueOf(nt))
		return nil
	}
	if reflect.PointerTo(t).Implements(scannerType) {
		dv := val
		if o, ok := val.(*Object); ok {
			return errorf(ErrType, "%v is an object; a %s cannot scan it", o, t)
		}
		if err := f.Addr().Interface().(sql.Scanner).Scan(dv); err != nil {
			return errorf(ErrType, "%v", err)
		}
		return nil
	}
	if t.Kind() == reflect.Pointer && t != objectType {
		if val == nil {
			f.Set(reflect.Zero(t))
			return nil
		}
		p := reflect.New(t.Elem())
		if err := setField(p.Elem(), val); err != nil {
			return err
		}
		f.Set(p)
		return nil
	}
	if val == nil {
		if t == objectType || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8) {
			f.Set(reflect.Zero(t))
			return nil
		}
		return errorf(ErrType, "NULL does not fit a %s; use *%s or a sql.Null type", t, t)
	}
	switch {
	case t == objectType:
		o, ok := val.(*Object)
		if !ok {
			return mismatch(val, t)
		}
		f.Set(reflect.ValueOf(o))
		return nil
	case t == timeType:
		tm, err := timeOf(val)
		if err != nil {
			return err
		}
		f.Set(reflect.ValueOf(tm))
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		switch x := val.(type) {
		case string:
			f.SetString(x)
		case []byte:
			f.SetString(string(x))
		default:
			return mismatch(val, t)
		}
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 {
			return mismatch(val, t)
		}
		switch x := val.(type) {
		case []byte:
			f.SetBytes(append([]byte(nil), x...))
		case string:
			f.SetBytes([]byte(x))
		default:
			return mismatch(val, t)
		}
	case reflect.Bool:
		i, ok := val.(int64)
		if !ok {
			return mismatch(val, t)
		}
		f.SetBool(i != 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, ok := val.(int64)
		if !ok {
			return mismatch(val, t)
		}
		if f.OverflowInt(i) {
			return errorf(ErrRange, "%d does not fit a %s", i, t)
		}
		f.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, ok := val.(int64)
		if !ok {
			return mismatch(val, t)
		}
		if i < 0 || f.OverflowUint(uint64(i)) {
			return errorf(ErrRange, "%d does not fit a %s", i, t)
		}
		f.SetUint(uint64(i))
	case reflect.Float32, reflect.Float64:
		switch x := val.(type) {
		case float64:
			f.SetFloat(x)
		case int64:
			f.SetFloat(float64(x))
		default:
			return mismatch(val, t)
		}
	default:
		return mismatch(val, t)
	}
	return nil
}

func mismatch(val any, t reflect.Type) error {
	return errorf(ErrType, "%s does not fit a %s", describe(val), t)
}

// timeOf reads a DATETIME value (the stored text) as a time.Time.
func timeOf(val any) (time.Time, error) {
	s, ok := val.(string)
	if !ok {
		return time.Time{}, errorf(ErrType, "%s is not a DATETIME text", describe(val))
	}
	if tm, ok := parseDateTime(s); ok {
		return tm, nil
	}
	return time.Time{}, errorf(ErrType, "%q is not a DATETIME", s)
}

// fieldValue is the field's value for Object.Set.
func fieldValue(f reflect.Value) (any, error) {
	t := f.Type()
	if t.Implements(valuerType) && (t.Kind() != reflect.Pointer || !f.IsNil()) {
		v, err := f.Interface().(driver.Valuer).Value()
		if err != nil {
			return nil, errorf(ErrType, "%v", err)
		}
		return v, nil
	}
	switch {
	case t == objectType, t == timeType:
		return f.Interface(), nil
	case t.Kind() == reflect.Interface:
		if f.IsNil() {
			return nil, nil
		}
		return f.Interface(), nil
	case t.Kind() == reflect.Pointer:
		if f.IsNil() {
			return nil, nil
		}
		return fieldValue(f.Elem())
	}
	switch t.Kind() {
	case reflect.String:
		return f.String(), nil
	case reflect.Bool:
		return f.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return f.Uint(), nil
	case reflect.Float32, reflect.Float64:
		return f.Float(), nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return f.Bytes(), nil
		}
	}
	return nil, errorf(ErrType, "a %s is not an assoc value", t)
}
