package assoc

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Creator makes the intermediary object for a value added through a proxy
// (SQLAlchemy's creator): key is nil except for dict proxies. Make the
// object in owner's session (owner.Session().New(...)) and set it up. An
// error or a panic makes the proxy operation fail with ErrCallback (the
// error wrapped, or a *PanicError) and change nothing.
type Creator func(owner *Object, key, value any) (*Object, error)

// Getter reads the proxied value off an intermediary object, or gets nil for a
// scalar proxy with no intermediary (SQLAlchemy's get(None)) (in place of
// reading Attr).
type Getter func(target *Object) (any, error)

// Setter writes the proxied value onto an intermediary object (in place of
// setting Attr); key is a dict proxy's key, nil otherwise.
type Setter func(target *Object, key, value any) error

// GetSetFactory is SQLAlchemy's getset_factory: called once, when the
// registry is configured, with the kind the proxy turned out to be (List,
// Set, Dict or Scalar), it returns the getter and setter to use. An error,
// a panic or a nil function fails Configure. A getter's TEXT and BLOB
// results are kept, one copy per distinct value, as long as the registry.
type GetSetFactory func(kind CollectionKind) (Getter, Setter, error)

// BulkSet is SQLAlchemy's proxy_bulk_set: a whole-collection assignment
// through the proxy (Assign, AssignItems) clears the view, then calls it
// with the values assigned, and a dict's keys (nil otherwise), to add them
// to c (e.g. c.Extend(values...)). An error or a panic fails the
// assignment with ErrCallback.
type BulkSet func(c *Collection, keys, values []any) error

// ProxyOptions mirror association_proxy().
type ProxyOptions struct {
	TargetCollection string  // a relationship of this mapper (required)
	Attr             string  // an attribute of its target: column, relationship or proxy (required)
	Creator          Creator // nil: a new target object with Attr (and a dict's key) set
	// CascadeScalarDeletes: on a scalar proxy, assigning nil removes the
	// intermediary object too.
	CascadeScalarDeletes bool
	// CreateOnNoneAssignment: on a scalar proxy, assigning nil with no
	// intermediary object creates one.
	CreateOnNoneAssignment bool
	// Unique reuses the target whose Attr already equals the value (from
	// the session, then the database) before creating one.
	Unique bool
	// GetSetFactory: nil reads and writes Attr.
	GetSetFactory GetSetFactory
	// BulkSet: nil assigns by matching values to the members (see Assign).
	BulkSet BulkSet
}

// AddProxy adds an association proxy attribute; the registry checks it
// when it is configured. A Go creator is called through a closure the
// registry keeps, and stays reachable as long as the registry.
func (m *Mapper) AddProxy(name string, opts ProxyOptions) error {
	if err := m.reg.check(); err != nil {
		return err
	}
	p := core.NewProxy_options()
	defer core.DeleteProxy_options(p)
	setString(p.SetTarget_collection, opts.TargetCollection)
	setString(p.SetAttr, opts.Attr)
	p.SetCascade_scalar_deletes(flag(opts.CascadeScalarDeletes))
	p.SetCreate_on_none_assignment(flag(opts.CreateOnNoneAssignment))
	p.SetUnique(flag(opts.Unique))

	if opts.GetSetFactory != nil {
		p.Set_getset_factory_id(uint(m.reg.addProxyCallback(&getset{factory: opts.GetSetFactory})))
	}
	if opts.BulkSet != nil {
		p.Set_bulk_set_id(uint(m.reg.addProxyCallback(opts.BulkSet)))
	}

	var cb core.Callback
	var id uintptr
	if opts.Creator != nil {
		var err error
		if cb, id, err = m.reg.creatorCallback(opts.Creator); err != nil {
			return err
		}
		p.Set_creator_callback(cb)
	}
	err := core.Mapper_add_proxy(m.c, name, p)
	runtime.KeepAlive(m)
	if cb == 0 {
		return err
	}
	if err != nil {
		core.Callback_free(cb)
		m.reg.removeCreator(id)
		return err
	}
	// The proxy holds the function pointer now: the closure stays, even if
	// the registry cannot adopt it.
	return core.Registry_adopt_callback(m.reg.c, cb)
}

// creatorCallback keeps fn in the registry and makes the closure that calls
// it. The closure carries fn's id, not a Go pointer: the creator is found
// through the session of the object it is called for.
func (r *Registry) creatorCallback(fn Creator) (cb core.Callback, id uintptr, err error) {
	id = r.addCreator(fn)
	if err = core.Go_callback_new(&cb, core.CALLBACK_CREATOR, uint(id)); err != nil {
		r.removeCreator(id)
		return 0, 0, err
	}
	return cb, id, nil
}

func init() {
	core.CreatorHook = callCreator
	core.GetsetFactoryHook = callGetsetFactory
	core.GetterHook = callGetter
	core.SetterHook = callSetter
	core.BulkSetHook = callBulkSet
}

// getset is a proxy's getset factory and what it returned at configure.
type getset struct {
	factory GetSetFactory
	mu      sync.RWMutex
	getter  Getter
	setter  Setter
}

// proxyCallbacks are the getset factories (*getset) and bulk setters
// (BulkSet) of every registry, by id: a factory runs at configure, when no
// session leads to the registry. Entries go with their registry's wrappers
// (registryRef.finalize).
var (
	proxyCallbacks sync.Map // uintptr -> *getset or BulkSet
	lastCallbackID atomic.Uintptr
)

// addProxyCallback keeps fn for r's lifetime, and returns its id.
func (r *Registry) addProxyCallback(fn any) uintptr {
	id := lastCallbackID.Add(1)
	proxyCallbacks.Store(id, fn)
	r.ref.mu.Lock()
	r.ref.callbacks = append(r.ref.callbacks, id)
	r.ref.mu.Unlock()
	return id
}

func findGetset(id uintptr) (*getset, error) {
	g, _ := proxyCallbacks.Load(id)
	if g, ok := g.(*getset); ok {
		return g, nil
	}
	return nil, errorf(ErrCallback, "no Go getset factory %d", id)
}

func callBulkSet(id uintptr, session core.Session, view core.Collection, keys, values []core.Value) error {
	fn, _ := proxyCallbacks.Load(id)
	bulk, ok := fn.(BulkSet)
	if !ok {
		return errorf(ErrCallback, "no Go bulk setter %d", id)
	}
	s := sessions.get(session)
	if s == nil {
		return errorf(ErrDetached, "the proxy's owner has no session")
	}
	c := &Collection{c: view, owner: s.wrap(core.Collection_owner(view))}
	var ks []any
	if keys != nil {
		ks = make([]any, len(keys))
		for i, k := range keys {
			ks[i] = s.fromValue(k)
		}
	}
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = s.fromValue(v)
	}
	return bulk(c, ks, vs)
}

func callGetsetFactory(id uintptr, kind int) (getter, setter bool, err error) {
	g, err := findGetset(id)
	if err != nil {
		return false, false, err
	}
	get, set, err := g.factory(CollectionKind(kind))
	if err != nil {
		return false, false, err
	}
	g.mu.Lock()
	g.getter, g.setter = get, set
	g.mu.Unlock()
	return get != nil, set != nil, nil
}

// target is the session and wrapper of an intermediary object.
func getsetTarget(session core.Session, target core.Object) (*Session, *Object, error) {
	s := sessions.get(session)
	if s == nil {
		return nil, nil, errorf(ErrDetached, "the proxy's object %s has no session", core.Object_repr(target))
	}
	return s, s.wrap(target), nil
}

func callGetter(id uintptr, session core.Session, target core.Object) (core.Value, error) {
	g, err := findGetset(id)
	if err != nil {
		return core.Value{}, err
	}
	var t *Object // nil: a scalar proxy with no intermediary (SQLAlchemy's get(None))
	if target != 0 {
		if _, t, err = getsetTarget(session, target); err != nil {
			return core.Value{}, err
		}
	}
	g.mu.RLock()
	get := g.getter
	g.mu.RUnlock()
	v, err := get(t)
	if err != nil {
		return core.Value{}, err
	}
	cv, err := toValue(v)
	runtime.KeepAlive(v) // an object stays in its session
	return cv, err
}

func callSetter(id uintptr, session core.Session, target core.Object, key *core.Value, value core.Value) error {
	g, err := findGetset(id)
	if err != nil {
		return err
	}
	s, t, err := getsetTarget(session, target)
	if err != nil {
		return err
	}
	var k any
	if key != nil {
		k = s.fromValue(*key)
	}
	g.mu.RLock()
	set := g.setter
	g.mu.RUnlock()
	return set(t, k, s.fromValue(value))
}

// callCreator runs the Go creator with id for owner, on the goroutine of
// the call that needed it (its session's).
func callCreator(id uintptr, session core.Session, owner core.Object, key *core.Value,
	value core.Value) (core.Object, error) {
	s := sessions.get(session)
	if s == nil {
		return 0, errorf(ErrDetached, "the proxy's owner %s has no session to create objects in",
			core.Object_repr(owner))
	}
	fn := s.reg.creator(id)
	if fn == nil {
		return 0, errorf(ErrCallback, "no Go creator %d in the registry", id)
	}
	var k any
	if key != nil {
		k = s.fromValue(*key)
	}
	obj, err := fn(s.wrap(owner), k, s.fromValue(value))
	if err != nil || obj == nil {
		return 0, err // no object: the core package reports it
	}
	c := obj.c
	runtime.KeepAlive(obj) // its session holds it now (pending or transient, owned)
	return c, nil
}
