package assoc_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// gcUntil collects garbage (running finalizers) until cond holds, or fails.
func gcUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if cond() {
			return
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("garbage collection never got to: %s", what)
}

func gc() {
	for i := 0; i < 3; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// fill makes n users with two proxied keywords each, and commits.
func fill(t testing.TB, m *model, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		u := m.user(t, fmt.Sprintf("u%d", i))
		must(t, coll(t, u, "keywords").Extend(fmt.Sprintf("k%d.a", i), fmt.Sprintf("k%d.b", i)))
	}
	must(t, m.s.Commit())
}

func TestIdentityOneWrapperPerRow(t *testing.T) {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword)})
	Keyword = m.Keyword
	fill(t, m, 3)
	a := get[[]*assoc.Object](t)(m.s.Query(m.User).OrderBy("id").All())
	b := get[*assoc.Object](t)(m.s.Query(m.User).FilterBy("name", "u1").One())
	c := get[*assoc.Object](t)(m.s.Get(m.User, 2))
	if a[1] != b || b != c {
		t.Fatalf("one row, several wrappers: %p %p %p", a[1], b, c)
	}
	k := get[*assoc.Object](t)(coll(t, b, "kw").AtObject(0))
	if again := get[*assoc.Object](t)(coll(t, b, "kw").AtObject(0)); again != k {
		t.Error("a collection member has two wrappers")
	}
	byWrapper := map[*assoc.Object]string{b: "u1"}
	if byWrapper[c] != "u1" {
		t.Error("wrappers do not work as map keys")
	}
}

func TestDropWrappersInAnyOrder(t *testing.T) {
	orders := [][]string{
		{"objects", "session", "engine", "registry"},
		{"registry", "engine", "session", "objects"},
		{"engine", "objects", "registry", "session"},
		{"session", "registry", "objects", "engine"},
	}
	for _, order := range orders {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			url := fileURL(t)
			func() {
				var Keyword *assoc.Mapper
				reg, User, kw := defineKeywords(t, modelOptions{creator: keywordCreator(&Keyword)})
				Keyword = kw
				eng := get[*assoc.Engine](t)(assoc.Open(url))
				must(t, eng.CreateAll(reg))
				s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
				m := &model{reg: reg, eng: eng, s: s, User: User, Keyword: Keyword}
				fill(t, m, 20)
				objs := get[[]*assoc.Object](t)(s.Query(User).All())
				views := make([]*assoc.Collection, len(objs))
				for i, o := range objs {
					views[i] = coll(t, o, "keywords")
					_ = get[int](t)(views[i].Len()) // load them
				}
				drop := map[string]func(){
					"objects":  func() { objs, views = nil, nil },
					"session":  func() { s = nil; m.s = nil },
					"engine":   func() { eng = nil; m.eng = nil },
					"registry": func() { reg, User, Keyword, m.User, m.Keyword, m.reg = nil, nil, nil, nil, nil, nil },
				}
				for _, what := range order {
					drop[what]()
					gc()
					// whatever is left still works
					if objs != nil {
						if v := get[string](t)(objs[3].GetString("name")); v != "u3" {
							t.Fatalf("after dropping the %s: name %q", what, v)
						}
						if v := view(t, views[3]); v != "['k3.a', 'k3.b']" {
							t.Fatalf("after dropping the %s: view %s", what, v)
						}
					}
				}
			}()
			gc()
			// the data is all there for a new model on the same file
			reg, User, _ := defineKeywords(t, modelOptions{})
			eng := get[*assoc.Engine](t)(assoc.Open(url))
			s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
			defer func() { s.Close(); eng.Close(); reg.Close() }()
			if n := get[int64](t)(s.Query(User).Count()); n != 20 {
				t.Errorf("%d users in the file", n)
			}
		})
	}
}

func TestCloseSessionWhileWrappersLive(t *testing.T) {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword)})
	Keyword = m.Keyword
	fill(t, m, 2)
	u := get[*assoc.Object](t)(m.s.Query(m.User).FilterBy("name", "u1").One())
	_ = get[string](t)(u.GetString("name")) // loaded before the close
	kw := coll(t, u, "kw")
	k := get[*assoc.Object](t)(kw.AtObject(0)) // loaded too
	never := get[*assoc.Object](t)(m.s.Query(m.User).FilterBy("name", "u0").One())
	must(t, m.s.Expire(never))
	must(t, m.s.Close())

	if u.State() != assoc.Detached || k.State() != assoc.Detached {
		t.Fatalf("states %v %v", u.State(), k.State())
	}
	if v := get[string](t)(u.GetString("name")); v != "u1" {
		t.Errorf("a detached object's column: %q", v)
	}
	if v := get[string](t)(k.GetString("keyword")); v != "k1.a" {
		t.Errorf("a detached member's column: %q", v)
	}
	_, err := never.Get("name") // expired: would need a load
	wantError(t, err, assoc.ErrDetached)
	_, err = coll(t, never, "kw").Len()
	wantError(t, err, assoc.ErrDetached)
	if u.Session() != m.s || !u.Session().Closed() {
		t.Error("a detached object's session")
	}
	if u.String() != "<User 2>" {
		t.Errorf("repr %s", u)
	}
	// concurrent readers of detached objects, while others are collected
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if v, err := u.GetString("name"); err != nil || v != "u1" {
					t.Errorf("%q %v", v, err)
					return
				}
				if i%25 == 0 {
					runtime.GC()
				}
			}
		}()
	}
	wg.Wait()
	u, k, never, kw = nil, nil, nil, nil
	gc()
}

func TestCreatorCollectedWhileProxyLives(t *testing.T) {
	var m *model
	var creatorState atomic.Int64
	func() {
		// the creator's closure and what it captures exist only in the registry
		prefix := fmt.Sprintf("p%d-", 7)
		var Keyword *assoc.Mapper
		m = newModel(t, modelOptions{creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			creatorState.Add(1)
			return keywordCreator(&Keyword)(owner, key, prefix+value.(string))
		}})
		Keyword = m.Keyword
	}()
	gc()
	u := m.user(t, "jek")
	keywords := coll(t, u, "keywords")
	for i := 0; i < 50; i++ {
		must(t, keywords.Append(fmt.Sprint(i)))
		if i%10 == 0 {
			runtime.GC()
		}
	}
	must(t, m.s.Commit())
	if creatorState.Load() != 50 {
		t.Errorf("creator ran %d times", creatorState.Load())
	}
	if v := get[any](t)(keywords.At(49)); v != "p7-49" {
		t.Errorf("last keyword %#v", v)
	}
}

func TestDroppedModelIsCollected(t *testing.T) {
	// Nothing is closed: the finalizers close the session and release the
	// engine and the registry, and no global table keeps the creator (which
	// captures its mapper) or the statement log reachable.
	var collected atomic.Int32
	canary := func() *[64]byte { // not a tiny allocation, whose finalizer may never run
		c := new([64]byte)
		runtime.SetFinalizer(c, func(*[64]byte) { collected.Add(1) })
		return c
	}
	func() {
		creatorCanary, logCanary := canary(), canary()
		var Keyword *assoc.Mapper
		reg, User, kw := defineKeywords(t, modelOptions{creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			_ = creatorCanary[0]
			return keywordCreator(&Keyword)(owner, key, value)
		}})
		Keyword = kw
		eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
		must(t, eng.SetLog(func(assoc.Statement) { _ = logCanary[0] }))
		must(t, eng.CreateAll(reg))
		s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
		m := &model{reg: reg, eng: eng, s: s, User: User, Keyword: Keyword}
		fill(t, m, 3)
	}()
	gcUntil(t, "the model's creator and log collected", func() bool { return collected.Load() == 2 })
	if n, objects, releases := assoc.LiveSessions(); n != 0 || objects != 0 || releases != 0 {
		t.Errorf("%d sessions still open (%d wrappers, %d pins to release)", n, objects, releases)
	}
}

func TestSessionDroppedWithoutCloseIsClosed(t *testing.T) {
	url := fileURL(t)
	reg, User, _ := defineKeywords(t, modelOptions{})
	defer reg.Close()
	eng := get[*assoc.Engine](t)(assoc.Open(url))
	defer eng.Close()
	must(t, eng.CreateAll(reg))
	var rolledBack atomic.Bool
	must(t, eng.SetLog(func(st assoc.Statement) {
		if strings.HasPrefix(st.SQL, "ROLLBACK") {
			rolledBack.Store(true)
		}
	}))
	func() {
		s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
		u := get[*assoc.Object](t)(s.New(User))
		must(t, u.Set("name", "uncommitted"))
		must(t, s.Add(u))
		must(t, s.Flush()) // its write transaction stays open, holding the file's write lock
	}()
	gcUntil(t, "the dropped session closed by its finalizer", rolledBack.Load)

	// the lock is free: another session writes at once, and the dropped
	// session's flush is gone
	s2 := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s2.Close()
	u := get[*assoc.Object](t)(s2.New(User))
	must(t, u.Set("name", "committed"))
	must(t, s2.Add(u))
	start := time.Now()
	must(t, s2.Commit())
	if time.Since(start) > time.Second {
		t.Errorf("the commit waited %v for a lock", time.Since(start))
	}
	if names := get[[]*assoc.Object](t)(s2.Query(User).All()); len(names) != 1 {
		t.Errorf("%d users", len(names))
	}
}

func TestRegistryAndEngineClosedWhileSessionOpen(t *testing.T) {
	var Keyword *assoc.Mapper
	m := newModel(t, modelOptions{creator: keywordCreator(&Keyword)})
	Keyword = m.Keyword
	var logged atomic.Int32
	must(t, m.eng.SetLog(func(assoc.Statement) { logged.Add(1) }))
	must(t, m.reg.Close())
	must(t, m.eng.Close())
	gc()
	// the session keeps both, and the creator still runs
	fill(t, m, 5)
	if n := get[int64](t)(m.s.Query(m.User).Count()); n != 5 {
		t.Errorf("%d users", n)
	}
	k := get[*assoc.Object](t)(m.s.Query(m.Keyword).FilterBy("keyword", "k4.b").One())
	if v := get[string](t)(k.GetString("keyword")); v != "k4.b" {
		t.Errorf("keyword %q", v)
	}
	if n := logged.Load(); n != 0 {
		t.Errorf("the log ran %d times after the engine's Close", n)
	}
	must(t, m.s.Close())
}

func TestSessionsOnManyGoroutines(t *testing.T) {
	url := fileURL(t)
	var Keyword *assoc.Mapper
	reg, User, kw := defineKeywords(t, modelOptions{creator: keywordCreator(&Keyword)})
	Keyword = kw
	defer reg.Close()
	eng := get[*assoc.Engine](t)(assoc.Open(url))
	defer eng.Close()
	must(t, eng.CreateAll(reg))

	const workers, users = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			errs <- work(eng, reg, User, w, users)
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()
	if n := get[int64](t)(s.Query(User).Count()); n != workers*users {
		t.Errorf("%d users", n)
	}
	if n := count(t, eng, "keyword"); n != workers*users*2 {
		t.Errorf("%d keywords", n)
	}
}

// work is one goroutine's share: its own session, objects made and
// dropped, garbage collected as it goes, commits retried while the
// database is busy with another writer.
func work(eng *assoc.Engine, reg *assoc.Registry, User *assoc.Mapper, w, users int) error {
	s, err := assoc.NewSession(eng, reg)
	if err != nil {
		return err
	}
	defer s.Close()
	for i := 0; i < users; i++ {
		u, err := s.New(User)
		if err != nil {
			return err
		}
		if err := u.Set("name", fmt.Sprintf("w%d-u%d", w, i)); err != nil {
			return err
		}
		if err := s.Add(u); err != nil {
			return err
		}
		c, err := u.Collection("keywords")
		if err != nil {
			return err
		}
		if err := c.Extend(fmt.Sprintf("w%d-%d-a", w, i), fmt.Sprintf("w%d-%d-b", w, i)); err != nil {
			return err
		}
		if i%5 == 0 {
			runtime.GC()
		}
	}
	for tries := 0; ; tries++ {
		err := s.Commit()
		if err == nil {
			break
		}
		if tries > 200 {
			return err
		}
		time.Sleep(5 * time.Millisecond)
	}
	mine, err := s.Query(User).Where(User.Field("name").Like(fmt.Sprintf("w%d-%%", w))).All()
	if err != nil {
		return err
	}
	if len(mine) != users {
		return fmt.Errorf("worker %d sees %d of its users", w, len(mine))
	}
	return nil
}

func TestConcurrentFirstSessionsConfigureOnce(t *testing.T) {
	url := fileURL(t)
	reg, _, _ := defineKeywords(t, modelOptions{})
	defer reg.Close()
	eng := get[*assoc.Engine](t)(assoc.Open(url))
	defer eng.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := assoc.NewSession(eng, reg) // the first ones configure the registry
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if !reg.Configured() {
		t.Error("not configured")
	}
}
