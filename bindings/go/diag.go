package assoc

import (
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// BenchmarkCreator is a diagnostic for benchmarks (bench/go): it calls fn n
// times from C, for owner and value, the way the core calls a proxy's
// creator: through a libffi closure, the binding's C dispatcher and a cgo
// callback into Go. The time it takes, less that of calling fn n times from
// Go, is what a Go creator costs beyond its own work. Not needed otherwise.
func BenchmarkCreator(fn Creator, owner *Object, value any, n int) error {
	s := owner.s
	if err := s.enter(); err != nil {
		return err
	}
	v, err := toValue(value)
	if err != nil {
		return err
	}
	cb, id, err := s.reg.creatorCallback(fn)
	if err != nil {
		return err
	}
	defer s.reg.removeCreator(id)
	defer core.Callback_free(cb)
	var last core.Object
	err = core.Go_bench_creator_loop(&last, cb, owner.c, v, int64(n))
	runtime.KeepAlive(owner)
	runtime.KeepAlive(value)
	return err
}
