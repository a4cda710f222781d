package assoc

import (
	"runtime"
	"testing"
	"time"
)

// internalModel is a session over a one-table model.
func internalModel(t *testing.T) (*Session, *Mapper) {
	reg, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	tab, _ := reg.NewTable("thing")
	if err := tab.AddColumn("id", Integer, &ColumnOptions{PrimaryKey: true}); err != nil {
		t.Fatal(err)
	}
	Thing, err := reg.NewMapper("Thing", "thing")
	if err != nil {
		t.Fatal(err)
	}
	eng, _ := Open("sqlite://")
	if err := eng.CreateAll(reg); err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(eng, reg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); eng.Close(); reg.Close() })
	return s, Thing
}

func (s *Session) counts() (objects, releases int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.objects), len(s.releases)
}

func TestCollectedWrappersReleaseTheirPins(t *testing.T) {
	s, Thing := internalModel(t)
	func() {
		for i := 0; i < 100; i++ {
			o, err := s.New(Thing)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Add(o); err != nil {
				t.Fatal(err)
			}
		}
	}()
	if objects, _ := s.counts(); objects != 100 {
		t.Fatalf("%d wrappers", objects)
	}
	for i := 0; i < 100; i++ {
		if objects, _ := s.counts(); objects == 0 {
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	objects, releases := s.counts()
	if objects != 0 || releases != 100 {
		t.Fatalf("after collection: %d wrappers, %d pins queued", objects, releases)
	}
	// the session's next call releases them, on its own goroutine
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, releases := s.counts(); releases != 0 || s.pending.Load() {
		t.Fatalf("%d pins still queued", releases)
	}
	// the objects live on in the session: a query wraps them again
	all, err := s.Query(Thing).All()
	if err != nil || len(all) != 100 {
		t.Fatalf("%d objects, %v", len(all), err)
	}
}

func TestFinalizerStandsDownForAResurrectedWrapper(t *testing.T) {
	s, Thing := internalModel(t)
	o, err := s.New(Thing)
	if err != nil {
		t.Fatal(err)
	}
	if again := s.wrap(o.c); again != o { // found in the map: marked resurrected
		t.Fatal("two wrappers")
	}
	// as if o had become unreachable before the lookup above handed it out
	// (the runtime clears a finalizer before running it)
	runtime.SetFinalizer(o, nil)
	finalizeObject(o)
	if objects, releases := s.counts(); objects != 1 || releases != 0 {
		t.Fatalf("a resurrected wrapper was released: %d wrappers, %d pins queued", objects, releases)
	}
	// the next time it is finalized it is really gone
	runtime.SetFinalizer(o, nil)
	finalizeObject(o)
	if objects, releases := s.counts(); objects != 0 || releases != 1 {
		t.Fatalf("%d wrappers, %d pins queued", objects, releases)
	}
	// a later lookup makes a new wrapper with a pin of its own
	o2 := s.wrap(o.c)
	if o2 == o {
		t.Fatal("a released wrapper came back")
	}
	s.drain()
	if o2.State() != Transient {
		t.Errorf("state %v", o2.State())
	}
}

func TestDetachedPinsReleasedByFinalizers(t *testing.T) {
	s, Thing := internalModel(t)
	func() {
		for i := 0; i < 10; i++ {
			o, _ := s.New(Thing)
			s.Add(o)
		}
	}()
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// the wrappers outlived the close: their objects are detached, and the
	// finalizers release them directly (under detachedMu), queueing nothing
	for i := 0; i < 100; i++ {
		if objects, _ := s.counts(); objects == 0 {
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if objects, releases := s.counts(); objects != 0 || releases != 0 {
		t.Fatalf("%d wrappers, %d pins queued", objects, releases)
	}
}
