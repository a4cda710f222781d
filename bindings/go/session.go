package assoc

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Session is an identity map, a unit of work and a transaction: objects
// made or loaded in it, changes buffered until a flush (explicit, before
// queries when autoflush is on, and at commit). A flush is atomic: on
// failure the database and every object are as they were.
//
// A session and its objects belong to one goroutine at a time. Close it
// when done (a finalizer closes one that is dropped).
type Session struct {
	c   core.Session
	eng *Engine
	reg *Registry

	// Guarded by mu, which the finalizers of its objects take too.
	mu       sync.Mutex
	closed   bool
	objects  map[core.Object]uintptr // weak: the one wrapper per object (see identity.go)
	releases []uintptr               // pins of collected wrappers, released on this session's goroutine
	pending  atomic.Bool             // releases is not empty
}

// SessionOptions change a session's defaults; the zero value is them.
type SessionOptions struct {
	NoAutoflush      bool // do not flush before queries and lazy loads
	NoExpireOnCommit bool // keep loaded values across a commit
}

// NewSession starts a session on e for the model r (configuring r first if
// needed).
func NewSession(e *Engine, r *Registry) (*Session, error) {
	return NewSessionWith(e, r, SessionOptions{})
}

// NewSessionWith starts a session with options.
func NewSessionWith(e *Engine, r *Registry, opts SessionOptions) (*Session, error) {
	var c core.Session
	err := e.use(func() error {
		if err := r.Configure(); err != nil {
			return err
		}
		var o core.Session_options
		if opts != (SessionOptions{}) {
			o = core.NewSession_options()
			defer core.DeleteSession_options(o)
			o.SetAutoflush(flag(!opts.NoAutoflush))
			o.SetExpire_on_commit(flag(!opts.NoExpireOnCommit))
		}
		err := core.Session_new(&c, e.c, r.c, o)
		runtime.KeepAlive(r)
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &Session{c: c, eng: e, reg: r, objects: map[core.Object]uintptr{}}
	sessions.add(s)
	runtime.SetFinalizer(s, (*Session).Close)
	return s, nil
}

// Engine is the session's engine.
func (s *Session) Engine() *Engine { return s.eng }

// Registry is the session's registry.
func (s *Session) Registry() *Registry { return s.reg }

// Close rolls back what is not committed and frees the session
// (idempotent). Objects whose wrappers live on become detached: their
// columns stay readable, and loads fail with ErrDetached. Later calls on
// the session fail with ErrClosed.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	// Refused (ErrState) inside one of the session's own creators: the
	// operation that called the creator is still using the session.
	if err := core.Session_close(s.c); err != nil {
		s.mu.Unlock()
		return err
	}
	core.Go_unref_objects(s.releases)
	s.releases = nil
	s.pending.Store(false)
	core.Session_free(s.c)
	s.closed = true
	s.mu.Unlock()
	sessions.remove(s)
	runtime.SetFinalizer(s, nil)
	return nil
}

// Closed reports whether Close was called.
func (s *Session) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// enter checks that the session is open and releases the pins of
// collected wrappers; every session call starts with it.
func (s *Session) enter() error {
	if s == nil {
		return errorf(ErrInvalid, "nil session")
	}
	if s.pending.Load() {
		s.drain()
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return closedError("session")
	}
	return nil
}

// New makes a transient object of mapper m; Add makes it pending.
func (s *Session) New(m *Mapper) (*Object, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	if m.reg != s.reg {
		return nil, errorf(ErrInvalid, "mapper %s is not of this session's registry", m.Name())
	}
	var c core.Object
	if err := core.Object_new(&c, s.c, m.c); err != nil { // pins it, for the wrapper
		return nil, err
	}
	o := s.adopt(c)
	o.setMapper(m)
	return o, nil
}

// Add makes transient objects pending, with what cascades from them
// along save-update relationships.
func (s *Session) Add(objs ...*Object) error {
	for _, o := range objs {
		if err := s.objectCall(o, core.Session_add); err != nil {
			return err
		}
	}
	return nil
}

// Delete marks a persistent object deleted (a pending one is expunged),
// cascading along delete relationships.
func (s *Session) Delete(o *Object) error { return s.objectCall(o, core.Session_delete) }

// Expire forgets an object's loaded values; the next access reloads them.
func (s *Session) Expire(o *Object) error { return s.objectCall(o, core.Session_expire) }

// Refresh reloads an object's columns now, discarding unflushed changes.
func (s *Session) Refresh(o *Object) error { return s.objectCall(o, core.Session_refresh) }

// Expunge detaches an object (and what cascades from it) from the session.
func (s *Session) Expunge(o *Object) error { return s.objectCall(o, core.Session_expunge) }

func (s *Session) objectCall(o *Object, f func(core.Session, core.Object) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	if o == nil {
		return errorf(ErrInvalid, "nil object")
	}
	err := f(s.c, o.c)
	runtime.KeepAlive(o)
	return err
}

func (s *Session) call(f func(core.Session) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	return f(s.c)
}

// Flush writes the pending changes, atomically.
func (s *Session) Flush() error { return s.call(core.Session_flush) }

// Commit flushes, then commits the transaction (all nested levels).
func (s *Session) Commit() error { return s.call(core.Session_commit) }

// Rollback rolls the whole transaction back: pending objects become
// transient, the rest are expired.
func (s *Session) Rollback() error { return s.call(core.Session_rollback) }

// BeginNested flushes, then opens a SAVEPOINT.
func (s *Session) BeginNested() error { return s.call(core.Session_begin_nested) }

// CommitNested flushes, then releases the innermost SAVEPOINT.
func (s *Session) CommitNested() error { return s.call(core.Session_commit_nested) }

// RollbackNested rolls back to the innermost SAVEPOINT.
func (s *Session) RollbackNested() error { return s.call(core.Session_rollback_nested) }

// ExpireAll expires every object of the session.
func (s *Session) ExpireAll() error { return s.call(core.Session_expire_all) }

// Nesting is the number of open SAVEPOINTs.
func (s *Session) Nesting() int {
	if s.enter() != nil {
		return 0
	}
	return core.Session_nesting(s.c)
}

// Contains reports whether o is pending, persistent or deleted in s.
func (s *Session) Contains(o *Object) bool {
	if o == nil || s.enter() != nil {
		return false
	}
	in := core.Session_contains(s.c, o.c) != 0
	runtime.KeepAlive(o)
	return in
}

// Get is the object of mapper m with this primary key (its values in the
// table's primary key column order), from the identity map or else the
// database. When there is none the error matches ErrNotFound
// (errors.Is(err, assoc.ErrNotFound)), as GORM's First gives
// ErrRecordNotFound.
func (s *Session) Get(m *Mapper, pk ...any) (*Object, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	vs, err := toValues(pk)
	if err != nil {
		return nil, err
	}
	var c core.Object
	if err := core.Session_get(&c, s.c, m.c, vs); err != nil {
		return nil, err
	}
	runtime.KeepAlive(m)
	if c == 0 {
		return nil, errorf(ErrNotFound, "Session.Get: %s has no row with primary key %v", m.Name(), pk)
	}
	return s.wrap(c), nil
}

// Stats counts the session's objects.
type Stats struct {
	Identity int // in the identity map
	New      int // pending, to be INSERTed
	Dirty    int // persistent with unflushed changes
	Deleted  int // to be DELETEd
}

// Stats counts the session's objects now.
func (s *Session) Stats() Stats {
	if s.enter() != nil {
		return Stats{}
	}
	return Stats{
		Identity: int(core.Session_identity_count(s.c)),
		New:      int(core.Session_new_count(s.c)),
		Dirty:    int(core.Session_dirty_count(s.c)),
		Deleted:  int(core.Session_deleted_count(s.c)),
	}
}

// sessions finds the Go session of a C session for the creator dispatch.
// Its entries are weak (the session is reachable from the call in progress
// whenever a creator runs); Close removes them.
var sessions sessionTable

type sessionTable struct{ m sync.Map } // core.Session -> uintptr

func (t *sessionTable) add(s *Session) { t.m.Store(s.c, weakRef(s)) }

func (t *sessionTable) remove(s *Session) { t.m.Delete(s.c) }

// get is the open session of a C session handle, or nil.
func (t *sessionTable) get(c core.Session) *Session {
	p, ok := t.m.Load(c)
	if !ok {
		return nil
	}
	return sessionAt(p.(uintptr))
}
