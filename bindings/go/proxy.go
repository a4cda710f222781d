package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Creator makes the intermediary object for a value added through a proxy
// (SQLAlchemy's creator): key is nil except for dict proxies. Make the
// object in owner's session (owner.Session().New(...)) and set it up. An
// error or a panic makes the proxy operation fail with ErrCallback (the
// error wrapped, or a *PanicError) and change nothing.
type Creator func(owner *Object, key, value any) (*Object, error)

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
