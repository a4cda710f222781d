package assoc

import (
	"runtime"
	"sync"
	"unsafe"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// The identity of objects: a session keeps one wrapper per C object, so
// that one row is one *Object (== compares). Its map holds the wrappers
// weakly (as uintptrs), so the garbage collector can take a wrapper nobody
// holds; the wrapper's finalizer then drops the map entry and releases the
// wrapper's pin on the C object.
//
// The pin (assoc_object_ref/unref) is not atomic, and a session belongs to
// one goroutine: so a finalizer only queues the release while the session
// is open, and the session's own goroutine releases the queue at its next
// call (or at Close). Once the session is closed its objects are detached,
// and pins on them are taken and released under detachedMu.
//
// A wrapper found in the map may have become unreachable a moment before,
// with its finalizer queued or running: it is still valid memory (an object
// with a finalizer is not freed before the finalizer has run), and
// "resurrected" tells its finalizer to stand down and re-arm. This is the
// scheme of go4.org/intern.

var detachedMu sync.Mutex

// wrap is the session's wrapper for a C object (nil for 0), made and
// pinned the first time.
func (s *Session) wrap(c core.Object) *Object {
	if c == 0 {
		return nil
	}
	s.mu.Lock()
	if p, ok := s.objects[c]; ok {
		o := objectAt(p)
		o.resurrected = true
		s.mu.Unlock()
		return o
	}
	o := s.add(c)
	closed := s.closed
	s.mu.Unlock()
	if closed {
		detachedMu.Lock()
		defer detachedMu.Unlock()
	}
	core.Object_ref(c)
	return o
}

// adopt is wrap for an object that has no wrapper yet and comes pinned
// (from Object_new).
func (s *Session) adopt(c core.Object) *Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(c)
}

// add makes the wrapper of c; s.mu is held.
func (s *Session) add(c core.Object) *Object {
	o := &Object{c: c, s: s}
	s.objects[c] = weakRef(o)
	runtime.SetFinalizer(o, finalizeObject)
	return o
}

func finalizeObject(o *Object) {
	s := o.s
	s.mu.Lock()
	if o.resurrected { // handed out again after it became unreachable
		o.resurrected = false
		s.mu.Unlock()
		runtime.SetFinalizer(o, finalizeObject)
		return
	}
	if s.objects[o.c] == weakRef(o) {
		delete(s.objects, o.c)
	}
	if !s.closed {
		s.releases = append(s.releases, uintptr(o.c))
		s.pending.Store(true)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	detachedMu.Lock()
	core.Object_unref(o.c)
	detachedMu.Unlock()
}

// drain releases the queued pins, on the session's goroutine.
func (s *Session) drain() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	batch := s.releases
	s.releases = nil
	s.pending.Store(false)
	s.mu.Unlock()
	core.Go_unref_objects(batch)
}

func weakRef[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

// objectAt and sessionAt turn a weak reference back into a pointer; the
// callers know it is still valid (see above).
func objectAt(p uintptr) *Object { return (*Object)(*(*unsafe.Pointer)(unsafe.Pointer(&p))) }

func sessionAt(p uintptr) *Session { return (*Session)(*(*unsafe.Pointer)(unsafe.Pointer(&p))) }
