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

	var cb core.SwigcptrCallback
	if opts.Creator != nil {
		// The closure carries an id, not a Go pointer: the creator is found
		// through the session of the object it is called for.
		id := m.reg.addCreator(opts.Creator)
		if err := core.Go_callback_new(&cb, core.CALLBACK_CREATOR, uint(id)); err != nil {
			return err
		}
		p.Set_creator_callback(cb)
	}
	err := core.Mapper_add_proxy(m.c, name, p)
	if err == nil && cb != 0 {
		err = core.Registry_adopt_callback(m.reg.c, cb)
		if err != nil {
			// The proxy holds the function pointer now: keep the closure.
			return err
		}
	} else if cb != 0 {
		core.Callback_free(cb)
	}
	runtime.KeepAlive(m)
	return err
}

func init() {
	core.CreatorHook = callCreator
}

// callCreator runs the Go creator with id for owner, on the goroutine of
// the call that needed it (its session's).
func callCreator(id uintptr, session core.SwigcptrSession, owner core.SwigcptrObject, key *core.Value,
	value core.Value) (core.SwigcptrObject, error) {
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
	if err != nil {
		return 0, err
	}
	if obj == nil {
		return 0, errorf(ErrCallback, "the creator returned no object")
	}
	c := obj.c
	runtime.KeepAlive(obj) // its session holds it now (pending or transient, owned)
	return c, nil
}
