package assoc

import (
	"math"
	"runtime"
	"time"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// EngineOptions change an engine's defaults; the zero value is them. A zero
// field means "the default", so the settings whose zero is meaningful have
// a No... flag instead (NoPool, NoBusyTimeout, NoConnectTimeout), which
// wins over the field beside it.
type EngineOptions struct {
	// JournalMode is a file database's SQLite journal mode: "WAL" (""),
	// "DELETE", "TRUNCATE", "PERSIST", "MEMORY" or "OFF". In-memory
	// databases ignore it.
	JournalMode string
	// BusyTimeout is how long a connection waits for another's lock before
	// failing with "database is locked" (0: 5s), rounded up to milliseconds.
	BusyTimeout time.Duration
	// NoBusyTimeout makes a locked database fail at once.
	NoBusyTimeout bool
	// PoolSize is how many idle connections the engine keeps for its next
	// sessions (0: 5; at most 1024).
	PoolSize int
	// NoPool closes each session's connection with the session.
	NoPool bool
	// ConnectTimeout is how long a PostgreSQL connection attempt may take
	// (0: 10s), rounded up to seconds; a URL's own connect_timeout wins.
	ConnectTimeout time.Duration
	// NoConnectTimeout lets a PostgreSQL connection attempt take as long as
	// it takes.
	NoConnectTimeout bool
}

// OpenWith opens an engine for url with options; a negative or out-of-range
// duration or size, or an unknown journal mode, is ErrInvalid.
func OpenWith(url string, opts EngineOptions) (*Engine, error) {
	o := core.NewEngine_options()
	defer core.DeleteEngine_options(o)
	setString(o.SetJournal_mode, opts.JournalMode)
	if opts.NoBusyTimeout {
		o.SetBusy_timeout_ms(0)
	} else if opts.BusyTimeout != 0 {
		ms, err := roundUp("BusyTimeout", opts.BusyTimeout, time.Millisecond)
		if err != nil {
			return nil, err
		}
		o.SetBusy_timeout_ms(ms)
	}
	if opts.NoPool {
		o.SetPool_size(0)
	} else if opts.PoolSize != 0 {
		if opts.PoolSize < math.MinInt32 || opts.PoolSize > math.MaxInt32 {
			return nil, errorf(ErrInvalid, "assoc.OpenWith: PoolSize %d is out of range", opts.PoolSize)
		}
		o.SetPool_size(opts.PoolSize)
	}
	if opts.NoConnectTimeout {
		o.SetConnect_timeout_s(0)
	} else if opts.ConnectTimeout != 0 {
		s, err := roundUp("ConnectTimeout", opts.ConnectTimeout, time.Second)
		if err != nil {
			return nil, err
		}
		o.SetConnect_timeout_s(s)
	}
	var c core.Engine
	if err := core.Engine_open_ext(&c, url, o); err != nil {
		return nil, renamed(err, "assoc_engine_open_ext", "assoc.OpenWith")
	}
	e := &Engine{c: c, url: url, ref: &engineRef{c: c}}
	runtime.SetFinalizer(e.ref, (*engineRef).release)
	return e, nil
}

// roundUp is d in units, rounded up so that a small positive duration does
// not become 0 (which would mean "none"); negative or too long is ErrInvalid.
func roundUp(field string, d, unit time.Duration) (int, error) {
	if d < 0 {
		return 0, errorf(ErrInvalid, "assoc.OpenWith: %s is %v; 0 or more expected", field, d)
	}
	if d/unit >= math.MaxInt32 {
		return 0, errorf(ErrInvalid, "assoc.OpenWith: %s %v is too long", field, d)
	}
	return int((d + unit - 1) / unit), nil
}

// PoolStatus is a snapshot of an engine's connection pool.
type PoolStatus struct {
	Idle   int    // connections waiting in the pool
	InUse  int    // connections open sessions hold
	Opened uint64 // connections sessions have opened so far; reuses from the pool not counted
}

// PoolStatus reports the engine's connection pool. A session of a file or
// PostgreSQL engine takes an idle connection or opens one, and gives it
// back when it closes (unless the pool is full: then it is closed).
// In-memory engines share their one connection and have no pool.
func (e *Engine) PoolStatus() (PoolStatus, error) {
	var st PoolStatus
	err := e.use(func() error { return core.Engine_pool_status(e.c, &st.Idle, &st.InUse, &st.Opened) })
	return st, err
}
