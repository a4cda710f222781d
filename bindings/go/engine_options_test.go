package assoc_test

import (
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// pragma is PRAGMA name on the engine's own connection.
func pragma(t *testing.T, eng *assoc.Engine, name string) any {
	t.Helper()
	return get[any](t)(eng.Scalar("PRAGMA " + name))
}

func TestOpenWithOptionsTakeEffect(t *testing.T) {
	def := get[*assoc.Engine](t)(assoc.Open(fileURL(t)))
	defer def.Close()
	if got := pragma(t, def, "journal_mode"); got != "wal" {
		t.Errorf("default journal_mode %v", got)
	}
	if got := pragma(t, def, "busy_timeout"); got != int64(5000) {
		t.Errorf("default busy_timeout %v", got)
	}

	eng := get[*assoc.Engine](t)(assoc.OpenWith(fileURL(t), assoc.EngineOptions{
		JournalMode: "DELETE", BusyTimeout: 100 * time.Millisecond, PoolSize: 2, ConnectTimeout: 5 * time.Second}))
	defer eng.Close()
	if got := pragma(t, eng, "journal_mode"); got != "delete" {
		t.Errorf("journal_mode %v, want delete", got)
	}
	if got := pragma(t, eng, "busy_timeout"); got != int64(100) {
		t.Errorf("busy_timeout %v, want 100", got)
	}

	// a duration below the unit rounds up rather than becoming "none"
	tiny := get[*assoc.Engine](t)(assoc.OpenWith(fileURL(t), assoc.EngineOptions{BusyTimeout: time.Microsecond}))
	defer tiny.Close()
	if got := pragma(t, tiny, "busy_timeout"); got != int64(1) {
		t.Errorf("busy_timeout of 1µs: %v, want 1", got)
	}
	none := get[*assoc.Engine](t)(assoc.OpenWith(fileURL(t), assoc.EngineOptions{NoBusyTimeout: true, BusyTimeout: time.Second}))
	defer none.Close()
	if got := pragma(t, none, "busy_timeout"); got != int64(0) {
		t.Errorf("NoBusyTimeout: busy_timeout %v, want 0", got)
	}
}

// sessions opens n sessions on eng for a registry with one table.
func sessions(t *testing.T, eng *assoc.Engine, n int) []*assoc.Session {
	t.Helper()
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	t.Cleanup(func() { reg.Close() })
	tab := get[*assoc.Table](t)(reg.NewTable("t"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	M := get[*assoc.Mapper](t)(reg.NewMapper("T", "t"))
	must(t, eng.CreateAll(reg))
	var ss []*assoc.Session
	for i := 0; i < n; i++ {
		s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
		get[int64](t)(s.Query(M).Count()) // the session's connection is in use
		ss = append(ss, s)
	}
	return ss
}

func wantPool(t *testing.T, eng *assoc.Engine, want assoc.PoolStatus, when string) {
	t.Helper()
	if got := get[assoc.PoolStatus](t)(eng.PoolStatus()); got != want {
		t.Errorf("%s: pool %+v, want %+v", when, got, want)
	}
}

func TestPoolStatus(t *testing.T) {
	eng := get[*assoc.Engine](t)(assoc.OpenWith(fileURL(t), assoc.EngineOptions{PoolSize: 2}))
	defer eng.Close()
	start := get[assoc.PoolStatus](t)(eng.PoolStatus())
	ss := sessions(t, eng, 3)
	wantPool(t, eng, assoc.PoolStatus{Idle: start.Idle, InUse: 3, Opened: start.Opened + 3}, "3 sessions open")
	for _, s := range ss {
		must(t, s.Close())
	}
	wantPool(t, eng, assoc.PoolStatus{Idle: 2, InUse: 0, Opened: start.Opened + 3}, "closed, pool of 2")
	ss = sessions(t, eng, 1) // reuses an idle connection
	wantPool(t, eng, assoc.PoolStatus{Idle: 1, InUse: 1, Opened: start.Opened + 3}, "one reused")
	must(t, ss[0].Close())

	nopool := get[*assoc.Engine](t)(assoc.OpenWith(fileURL(t), assoc.EngineOptions{NoPool: true, PoolSize: 4}))
	defer nopool.Close()
	start = get[assoc.PoolStatus](t)(nopool.PoolStatus())
	ss = sessions(t, nopool, 2)
	for _, s := range ss {
		must(t, s.Close())
	}
	wantPool(t, nopool, assoc.PoolStatus{Idle: 0, InUse: 0, Opened: start.Opened + 2}, "NoPool")

	must(t, eng.Close())
	_, err := eng.PoolStatus()
	wantError(t, err, assoc.ErrClosed)
}

func TestOpenWithBadOptions(t *testing.T) {
	for _, c := range []struct {
		opts  assoc.EngineOptions
		parts []string
	}{
		{assoc.EngineOptions{JournalMode: "BOGUS"}, []string{"assoc.OpenWith", "BOGUS"}},
		{assoc.EngineOptions{PoolSize: -1}, []string{"assoc.OpenWith", "pool_size"}},
		{assoc.EngineOptions{PoolSize: 1025}, []string{"assoc.OpenWith", "1025"}},
		{assoc.EngineOptions{PoolSize: 1 << 40}, []string{"assoc.OpenWith", "PoolSize"}},
		{assoc.EngineOptions{BusyTimeout: -time.Second}, []string{"assoc.OpenWith", "BusyTimeout"}},
		{assoc.EngineOptions{BusyTimeout: 1000 * time.Hour}, []string{"assoc.OpenWith", "BusyTimeout"}},
		{assoc.EngineOptions{ConnectTimeout: -time.Second}, []string{"assoc.OpenWith", "ConnectTimeout"}},
	} {
		eng, err := assoc.OpenWith(fileURL(t), c.opts)
		if eng != nil {
			t.Errorf("%+v opened an engine", c.opts)
			eng.Close()
		}
		wantError(t, err, assoc.ErrInvalid, c.parts...)
	}
}
