package assoc

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Registry holds the tables, mappers, relationships and proxies of one
// model. Build it, then Configure it (NewSession and Engine.CreateAll do
// that when needed); a configured registry is read-only and may be shared
// by sessions on any goroutine.
type Registry struct {
	c           core.Registry
	ref         *registryRef
	configured  atomic.Bool
	configuring sync.Mutex // one Configure at a time

	mu       sync.RWMutex
	closed   bool
	mappers  map[core.Mapper]*Mapper
	tables   map[core.Table]*Table
	creators atomic.Pointer[[]Creator] // by id - 1, copied on write: read by every creator call
}

// registryRef holds the C references of a Registry: the caller's, released
// by Close, and one for the Go wrappers of its tables, mappers and
// attributes (borrowed pointers into the registry), released with the last
// of them by the finalizer. It points at nothing else, so nothing it
// reaches keeps it alive.
type registryRef struct {
	c        core.Registry
	user     sync.Once
	wrappers sync.Once

	mu        sync.Mutex
	callbacks []uintptr // ids of the proxies' getset factories and bulk setters
}

func (r *registryRef) releaseUser() { r.user.Do(func() { core.Registry_free(r.c) }) }

func (r *registryRef) finalize() {
	r.releaseUser()
	r.wrappers.Do(func() {
		core.Registry_free(r.c)
		// No Go wrapper reaches the registry now, so no getter runs.
		r.mu.Lock()
		for _, id := range r.callbacks {
			proxyCallbacks.Delete(id)
			core.FreeGetset(id)
		}
		r.callbacks = nil
		r.mu.Unlock()
	})
}

// NewRegistry makes an empty registry.
func NewRegistry() (*Registry, error) {
	var c core.Registry
	if err := core.Registry_new(&c); err != nil {
		return nil, err
	}
	core.Registry_ref(c) // the wrappers' reference
	r := &Registry{c: c, ref: &registryRef{c: c},
		mappers: map[core.Mapper]*Mapper{}, tables: map[core.Table]*Table{}}
	runtime.SetFinalizer(r.ref, (*registryRef).finalize)
	return r, nil
}

// Close releases the registry (idempotent). Sessions still open, and
// objects that outlive them, keep using it until they are done; definitions
// on it fail with ErrClosed from now on.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		r.ref.releaseUser()
	}
	return nil
}

// check fails when the registry is closed; for definitions and lookups.
func (r *Registry) check() error {
	if r == nil {
		return errorf(ErrInvalid, "nil registry")
	}
	r.mu.RLock()
	closed := r.closed
	r.mu.RUnlock()
	if closed {
		return closedError("registry")
	}
	return nil
}

// SetNamingConvention names unnamed constraints, as SQLAlchemy's
// MetaData(naming_convention=...) does: kind is "fk", "uq", "pk" or "ix";
// the pattern may use %(table_name)s, %(column_0_name)s,
// %(referred_table_name)s, %(referred_column_0_name)s, %(constraint_name)s.
func (r *Registry) SetNamingConvention(kind, pattern string) error {
	if err := r.check(); err != nil {
		return err
	}
	err := core.Registry_set_naming_convention(r.c, kind, pattern)
	runtime.KeepAlive(r)
	return err
}

// Configure resolves every relationship and proxy and freezes the registry
// (nothing happens when it is configured already). On error nothing is
// frozen: correct the definitions and configure again.
func (r *Registry) Configure() error {
	if err := r.check(); err != nil {
		return err
	}
	if r.configured.Load() {
		return nil
	}
	r.configuring.Lock()
	defer r.configuring.Unlock()
	if r.configured.Load() {
		return nil
	}
	err := core.Registry_configure(r.c)
	runtime.KeepAlive(r)
	if err == nil {
		r.configured.Store(true)
	}
	return err
}

// Configured reports whether Configure has succeeded.
func (r *Registry) Configured() bool { return r.configured.Load() }

// NewTable adds a table.
func (r *Registry) NewTable(name string) (*Table, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	var c core.Table
	if err := core.Table_new(&c, r.c, name); err != nil {
		return nil, err
	}
	return r.table(c), nil
}

// Table is the table of that name.
func (r *Registry) Table(name string) (*Table, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	var c core.Table
	if err := core.Registry_table(&c, r.c, name); err != nil {
		return nil, err
	}
	return r.table(c), nil
}

// NewMapper maps a new entity type (the seeds' "class") named name onto
// the table tableName; each column becomes an attribute of the same name.
func (r *Registry) NewMapper(name, tableName string) (*Mapper, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	var c core.Mapper
	if err := core.Mapper_new(&c, r.c, name, tableName); err != nil {
		return nil, err
	}
	return r.mapper(c), nil
}

// Mapper is the mapper of that name.
func (r *Registry) Mapper(name string) (*Mapper, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	var c core.Mapper
	if err := core.Registry_mapper(&c, r.c, name); err != nil {
		return nil, err
	}
	return r.mapper(c), nil
}

// table is the one wrapper of a table of this registry.
func (r *Registry) table(c core.Table) *Table {
	if c == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.tables[c]
	if t == nil {
		t = &Table{c: c, reg: r}
		r.tables[c] = t
	}
	return t
}

// mapper is the one wrapper of a mapper of this registry.
func (r *Registry) mapper(c core.Mapper) *Mapper {
	if c == 0 {
		return nil
	}
	r.mu.RLock()
	m := r.mappers[c]
	r.mu.RUnlock()
	if m != nil {
		return m
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if m = r.mappers[c]; m == nil {
		m = &Mapper{c: c, reg: r}
		r.mappers[c] = m
	}
	return m
}

// addCreator keeps fn for the closure that will call it, and returns its id.
func (r *Registry) addCreator(fn Creator) uintptr {
	r.mu.Lock()
	defer r.mu.Unlock()
	var creators []Creator
	if old := r.creators.Load(); old != nil {
		creators = append(creators, *old...)
	}
	creators = append(creators, fn)
	r.creators.Store(&creators)
	return uintptr(len(creators))
}

// removeCreator forgets a creator no closure calls any more.
func (r *Registry) removeCreator(id uintptr) {
	r.mu.Lock()
	defer r.mu.Unlock()
	creators := append([]Creator(nil), *r.creators.Load()...)
	creators[id-1] = nil
	r.creators.Store(&creators)
}

func (r *Registry) creator(id uintptr) Creator {
	creators := r.creators.Load()
	if creators == nil || id == 0 || id > uintptr(len(*creators)) {
		return nil
	}
	return (*creators)[id-1]
}
