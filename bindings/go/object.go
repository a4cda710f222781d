package assoc

import (
	"database/sql"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Object is an instance of a mapper: one row. Within its session one
// object has one *Object, so == compares them. The wrapper pins the
// object; after its session closes it is detached: its columns stay
// readable and loads fail with ErrDetached.
type Object struct {
	c           core.Object
	s           *Session
	m           atomic.Pointer[Mapper] // cached on first use
	resurrected bool                   // guarded by s.mu; see identity.go
}

// State is an object's place in its session's unit of work.
type State int

// Object states.
const (
	Transient  State = 0 // in no session's unit of work yet
	Pending    State = 1 // added; INSERTed at the next flush
	Persistent State = 2 // has a row and is in the identity map
	Deleted    State = 3 // its row is deleted by a flush, not yet committed
	Detached   State = 4 // had a row, but no longer belongs to an open session
)

// String returns the state's name, e.g. "persistent".
func (st State) String() string {
	switch st {
	case Transient:
		return "transient"
	case Pending:
		return "pending"
	case Persistent:
		return "persistent"
	case Deleted:
		return "deleted"
	case Detached:
		return "detached"
	}
	return "State(" + itoa(int(st)) + ")"
}

// Session is the session the object was made or loaded in (closed, once
// the object is detached).
func (o *Object) Session() *Session { return o.s }

// Mapper is the object's mapper.
func (o *Object) Mapper() *Mapper {
	if m := o.m.Load(); m != nil {
		return m
	}
	m := o.s.reg.mapper(core.Object_mapper(o.c))
	runtime.KeepAlive(o)
	o.m.Store(m)
	return m
}

func (o *Object) setMapper(m *Mapper) { o.m.Store(m) }

// State is the object's state now.
func (o *Object) State() State {
	st := State(core.Object_state_of(o.c))
	runtime.KeepAlive(o)
	return st
}

// String is the object's repr, e.g. "<User 1>" (mapper name and primary key).
func (o *Object) String() string {
	if o == nil {
		return "None"
	}
	r := core.Object_repr(o.c)
	runtime.KeepAlive(o)
	return r
}

// enter releases the session's queued pins when the session is open; a
// detached object's columns stay readable, so a closed session is no error
// here (the library reports what it refuses).
func (o *Object) enter() error {
	if o == nil {
		return errorf(ErrInvalid, "nil object")
	}
	if o.s.pending.Load() {
		o.s.drain()
	}
	return nil
}

// attr resolves name through the mapper's cache; nil if unknown (the
// by-name call then reports it).
func (o *Object) attr(name string) *Attr { return o.Mapper().lookup(name) }

// Get reads an attribute: a column's value (nil, int64, float64, string or
// []byte), or a scalar relationship's or scalar proxy's value (an *Object
// or nil). Collections are read with Collection.
func (o *Object) Get(name string) (any, error) {
	if a := o.attr(name); a != nil {
		return o.GetAttr(a)
	}
	if err := o.enter(); err != nil {
		return nil, err
	}
	var v core.Value
	err := core.Object_get(o.c, name, &v)
	runtime.KeepAlive(o)
	if err != nil {
		return nil, err
	}
	return o.s.fromValue(v), nil
}

// GetAttr reads an attribute resolved with Mapper.Attr.
func (o *Object) GetAttr(a *Attr) (any, error) {
	if err := o.enter(); err != nil {
		return nil, err
	}
	var v core.Value
	err := core.Object_get_attr(o.c, a.c, &v)
	runtime.KeepAlive(o)
	runtime.KeepAlive(a)
	if err != nil {
		return nil, err
	}
	return o.s.fromValue(v), nil
}

// Set writes an attribute: a column (checked against its type; ErrType
// names the attribute) or a scalar relationship or proxy (an *Object or
// nil), keeping back_populates in step at once.
func (o *Object) Set(name string, value any) error {
	if a := o.attr(name); a != nil {
		return o.SetAttr(a, value)
	}
	if err := o.enter(); err != nil {
		return err
	}
	v, err := toValue(value)
	if err != nil {
		return o.typeError(name, err)
	}
	err = core.Object_set(o.c, name, v)
	runtime.KeepAlive(o)
	return err
}

// SetAttr writes an attribute resolved with Mapper.Attr.
func (o *Object) SetAttr(a *Attr, value any) error {
	if err := o.enter(); err != nil {
		return err
	}
	v, err := toValue(value)
	if err != nil {
		return o.typeError(a.name, err)
	}
	err = core.Object_set_attr(o.c, a.c, v)
	runtime.KeepAlive(o)
	runtime.KeepAlive(a)
	runtime.KeepAlive(value)
	return err
}

func (o *Object) typeError(name string, err error) error {
	e := err.(*Error)
	return &Error{Code: e.Code, Message: o.Mapper().Name() + "." + name + ": " + e.Message}
}

// Unset is Python's del: a column or scalar relationship becomes NULL; a
// scalar proxy clears the attribute on its intermediary object and detaches
// that object.
func (o *Object) Unset(name string) error {
	if err := o.enter(); err != nil {
		return err
	}
	err := core.Object_unset(o.c, name)
	runtime.KeepAlive(o)
	return err
}

// IsModified reports whether the attribute has changes not yet flushed.
func (o *Object) IsModified(name string) bool {
	m := core.Object_is_modified(o.c, name) != 0
	runtime.KeepAlive(o)
	return m
}

// Collection is the list, set or dict view of a relationship or proxy.
func (o *Object) Collection(name string) (*Collection, error) {
	if a := o.attr(name); a != nil {
		return o.CollectionAttr(a)
	}
	if err := o.enter(); err != nil {
		return nil, err
	}
	var c core.Collection
	err := core.Object_collection(&c, o.c, name)
	runtime.KeepAlive(o)
	if err != nil {
		return nil, err
	}
	return &Collection{c: c, owner: o}, nil
}

// CollectionAttr is Collection for an attribute resolved with Mapper.Attr.
func (o *Object) CollectionAttr(a *Attr) (*Collection, error) {
	if err := o.enter(); err != nil {
		return nil, err
	}
	var c core.Collection
	err := core.Object_collection_attr(&c, o.c, a.c)
	runtime.KeepAlive(o)
	runtime.KeepAlive(a)
	if err != nil {
		return nil, err
	}
	return &Collection{c: c, owner: o}, nil
}

// GetObject reads a scalar relationship or proxy: the object, or nil.
func (o *Object) GetObject(name string) (*Object, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return nil, err
	}
	obj, ok := v.(*Object)
	if !ok {
		return nil, o.kindError(name, v, "an object")
	}
	return obj, nil
}

// GetString reads a TEXT attribute ("" for NULL).
func (o *Object) GetString(name string) (string, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", o.kindError(name, v, "a string")
	}
	return s, nil
}

// GetInt reads an INTEGER attribute (0 for NULL).
func (o *Object) GetInt(name string) (int64, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return 0, err
	}
	i, ok := v.(int64)
	if !ok {
		return 0, o.kindError(name, v, "an integer")
	}
	return i, nil
}

// GetFloat reads a REAL (or INTEGER) attribute (0 for NULL).
func (o *Object) GetFloat(name string) (float64, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	}
	return 0, o.kindError(name, v, "a number")
}

// GetBool reads a BOOLEAN attribute (false for NULL).
func (o *Object) GetBool(name string) (bool, error) {
	i, err := o.GetInt(name)
	return i != 0, err
}

// GetBytes reads a BLOB (or TEXT) attribute (nil for NULL).
func (o *Object) GetBytes(name string) ([]byte, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return nil, err
	}
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, o.kindError(name, v, "bytes")
}

// GetTime reads a DATETIME attribute (the zero time for NULL), in UTC
// unless the text carries no zone (then UTC too).
func (o *Object) GetTime(name string) (time.Time, error) {
	s, err := o.GetString(name)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	if t, ok := parseDateTime(s); ok {
		return t, nil
	}
	return time.Time{}, errorf(ErrType, "%s.%s: %q is not a DATETIME", o.Mapper().Name(), name, s)
}

// parseDateTime reads a DATETIME's text (UTC when it names no zone).
func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{DateTimeFormat, "2006-01-02T15:04:05.999999", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// GetNullString reads a TEXT attribute; Valid is false for NULL (database/sql's convention).
func (o *Object) GetNullString(name string) (sql.NullString, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return sql.NullString{}, err
	}
	s, err := o.GetString(name)
	return sql.NullString{String: s, Valid: err == nil}, err
}

// GetNullInt reads an INTEGER attribute; Valid is false for NULL.
func (o *Object) GetNullInt(name string) (sql.NullInt64, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return sql.NullInt64{}, err
	}
	i, err := o.GetInt(name)
	return sql.NullInt64{Int64: i, Valid: err == nil}, err
}

// GetNullFloat reads a REAL (or INTEGER) attribute; Valid is false for NULL.
func (o *Object) GetNullFloat(name string) (sql.NullFloat64, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return sql.NullFloat64{}, err
	}
	f, err := o.GetFloat(name)
	return sql.NullFloat64{Float64: f, Valid: err == nil}, err
}

// GetNullBool reads a BOOLEAN attribute; Valid is false for NULL.
func (o *Object) GetNullBool(name string) (sql.NullBool, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return sql.NullBool{}, err
	}
	b, err := o.GetBool(name)
	return sql.NullBool{Bool: b, Valid: err == nil}, err
}

// GetNullTime reads a DATETIME attribute; Valid is false for NULL.
func (o *Object) GetNullTime(name string) (sql.NullTime, error) {
	v, err := o.Get(name)
	if err != nil || v == nil {
		return sql.NullTime{}, err
	}
	t, err := o.GetTime(name)
	return sql.NullTime{Time: t, Valid: err == nil}, err
}

func (o *Object) kindError(name string, v any, want string) error {
	return errorf(ErrType, "%s.%s is %s, not %s", o.Mapper().Name(), name, describe(v), want)
}

// describe names a value's kind for messages.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case int64:
		return "an integer"
	case float64:
		return "a real"
	case string:
		return "text"
	case []byte:
		return "a blob"
	case *Object:
		return "an object"
	}
	return "a value"
}
