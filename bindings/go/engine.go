package assoc

import (
	"runtime"
	"sync"
	"time"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Engine is a database URL and its connection: "sqlite://" is an in-memory
// database (one connection, shared by its sessions), "sqlite:///rel.db" and
// "sqlite:////abs/path.db" are files (a connection per session, so sessions
// on other goroutines work in parallel). An Engine may be shared by
// goroutines.
type Engine struct {
	c      core.Engine
	url    string
	mu     sync.RWMutex // held for reading by every call, so Close waits for them
	closed bool
	ref    *engineRef
}

// engineRef holds the caller's reference to the C engine; its finalizer
// releases it if Close was not called. It points at nothing else, so that
// nothing it reaches can keep it alive.
type engineRef struct {
	c     core.Engine
	once  sync.Once
	logID uintptr // the engine's entry in logs, or 0; guarded by Engine.mu
}

// release forgets the log function and releases the caller's reference.
// The C engine keeps the log's id (sessions on other goroutines may be
// running statements: changing it now would race with them); an id that is
// gone from logs calls nothing.
func (r *engineRef) release() {
	r.once.Do(func() {
		logs.remove(r.logID)
		r.logID = 0
		core.Engine_free(r.c)
	})
}

// Open opens an engine for url.
func Open(url string) (*Engine, error) {
	var c core.Engine
	if err := core.Engine_open(&c, url); err != nil {
		return nil, err
	}
	e := &Engine{c: c, url: url, ref: &engineRef{c: c}}
	runtime.SetFinalizer(e.ref, (*engineRef).release)
	return e, nil
}

// Close releases the engine (idempotent). Sessions still open keep the
// database connection until they close; the statement log stops at once.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	e.ref.release()
	return nil
}

// use runs f unless the engine is closed; Close waits until f returns.
func (e *Engine) use(f func() error) error {
	if e == nil {
		return errorf(ErrInvalid, "nil engine")
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return closedError("engine " + e.url)
	}
	err := f()
	runtime.KeepAlive(e)
	return err
}

// URL is the URL the engine was opened with.
func (e *Engine) URL() string { return e.url }

// CreateAll creates every table of the registry not yet in the database
// (configuring the registry first if needed).
func (e *Engine) CreateAll(r *Registry) error { return e.schema(r, core.Engine_create_all) }

// DropAll drops every table of the registry that is in the database.
func (e *Engine) DropAll(r *Registry) error { return e.schema(r, core.Engine_drop_all) }

// schema runs f, which creates or drops r's tables, once r is configured.
func (e *Engine) schema(r *Registry, f func(core.Engine, core.Registry) error) error {
	return e.use(func() error {
		if err := r.Configure(); err != nil {
			return err
		}
		err := f(e.c, r.c)
		runtime.KeepAlive(r)
		return err
	})
}

// Exec runs SQL with no parameters on the engine's own connection (DDL,
// fixtures).
func (e *Engine) Exec(sql string) error {
	return e.use(func() error { return core.Engine_exec(e.c, sql) })
}

// Scalar runs a one-row, one-column query with bound parameters (?1, ?2,
// ...) and returns its value: nil, int64, float64, string or []byte. For
// checks and tools; sessions and queries are the way to objects.
func (e *Engine) Scalar(sql string, params ...any) (any, error) {
	ps, err := toValues(params)
	if err != nil {
		return nil, err
	}
	var out core.Value
	err = e.use(func() error { return core.Engine_scalar(&out, e.c, sql, ps) })
	if err != nil {
		return nil, err
	}
	return plainValue(out), nil
}

// Statement is one statement an engine ran, as its log sees it.
type Statement struct {
	SQL      string
	Params   []any // bound parameters, in order
	Duration time.Duration
}

// SetLog calls fn after each statement the engine's connections run
// (SQLAlchemy's echo): its own (Exec, Scalar, CreateAll) and those of the
// sessions opened after the call; nil turns it off. Set it before sessions on other
// goroutines use the engine. fn runs on the goroutine of the session that
// ran the statement, so with sessions on several goroutines it must be
// safe for concurrent use; it stops at Close. A panic in fn is reported on
// stderr; it cannot undo the statement.
func (e *Engine) SetLog(fn func(Statement)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return closedError("engine " + e.url)
	}
	old := e.ref.logID
	var id uintptr
	if fn != nil {
		id = logs.add(fn)
	}
	if err := core.Go_engine_set_log(e.c, uint(id)); err != nil {
		logs.remove(id)
		return err
	}
	e.ref.logID = id
	logs.remove(old)
	return nil
}

// logs holds the engines' log functions by id: the C side holds only the
// id, and Close or SetLog removes the entry.
var logs = &logTable{fns: map[uintptr]func(Statement){}}

type logTable struct {
	mu   sync.RWMutex
	next uintptr
	fns  map[uintptr]func(Statement)
}

func (t *logTable) add(fn func(Statement)) uintptr {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.fns[t.next] = fn
	return t.next
}

func (t *logTable) remove(id uintptr) {
	if id == 0 {
		return
	}
	t.mu.Lock()
	delete(t.fns, id)
	t.mu.Unlock()
}

func (t *logTable) get(id uintptr) func(Statement) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.fns[id]
}

func init() {
	core.LogHook = func(id uintptr, sql string, params []core.Value, seconds float64) {
		fn := logs.get(id)
		if fn == nil {
			return
		}
		ps := make([]any, len(params))
		for i, p := range params {
			ps[i] = plainValue(p)
		}
		fn(Statement{SQL: sql, Params: ps, Duration: time.Duration(seconds * float64(time.Second))})
	}
}
