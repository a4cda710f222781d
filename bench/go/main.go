// bench/go: the Go binding against C, in one run (figures only; nothing
// passes or fails on time).
//
//  1. The proxy-append job of bench_append, driven from Go with a Go
//     creator: for each of N users make the User, set its name, get the
//     User.keywords proxy view, append 10 keyword strings (the Go creator
//     makes each Keyword), add the user; then commit. Best of R runs, each
//     on a fresh database; then bench_append (C) with the same N and R.
//  2. The cost of one creator call: a trivial Go creator called M times
//     from C through its libffi closure (assoc.BenchmarkCreator), less the
//     same func called M times from Go; beside it bench_callback's direct C
//     call and C-dispatched closure.
//
// usage: go-bench -append <bench_append> -callback <bench_callback> [N [file|memory [R]]]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

const keywordsPerUser = 10

func main() {
	appendC := flag.String("append", "", "the bench_append executable (the C job)")
	callbackC := flag.String("callback", "", "the bench_callback executable")
	calls := flag.Int("calls", 2_000_000, "creator calls in each loop of the call benchmark")
	flag.Parse()
	n, memory, reps := args(flag.Args())

	fmt.Printf("bench/go: %d users x %d keywords appended through User.keywords with a Go creator, "+
		"then one commit; assoc %s, %s\n", n, keywordsPerUser, assoc.Version(), goVersion())
	db := "files in " + os.TempDir()
	if memory {
		db = "in memory"
	}
	fmt.Printf("databases: %s; best of %d runs\n\n", db, reps)

	goJob := appendJob(n, memory, reps)
	fmt.Printf("  %-40s %8.3f s\n", "Go append job (Go creator)", goJob)
	if *appendC != "" {
		cJob := runAppendC(*appendC, n, memory, reps)
		fmt.Printf("  %-40s %8.3f s\n", "C append job (bench_append, C creator)", cJob)
		fmt.Printf("  %-40s %8.2fx  (target: within 3x)\n", "Go / C", goJob/cJob)
	}
	fmt.Println()

	direct, viaC := creatorCalls(*calls)
	fmt.Printf("creator calls: %d in each loop, best of 5\n", *calls)
	fmt.Printf("  %-40s %8.1f ns per call\n", "Go creator called from Go", direct)
	fmt.Printf("  %-40s %8.1f ns per call\n", "Go creator called from C (closure+cgo)", viaC)
	fmt.Printf("  %-40s %8.1f ns per call  (target: under 1000 ns)\n", "the closure and cgo callback add", viaC-direct)
	if *callbackC != "" {
		cDirect, cClosure := runCallbackC(*callbackC)
		fmt.Printf("  %-40s %8.1f ns per call\n", "C creator, direct pointer (bench_callback)", cDirect)
		fmt.Printf("  %-40s %8.1f ns per call\n", "C creator, closure + C dispatcher", cClosure)
	}
	fmt.Printf("go_creator_overhead_ns=%.1f\n", viaC-direct)
	fmt.Println("(figures only: this benchmark does not pass or fail on time)")
}

func args(a []string) (n int, memory bool, reps int) {
	n, reps = 100000, 3
	usage := func() {
		fmt.Fprintln(os.Stderr, "usage: go-bench [-append exe] [-callback exe] [N [file|memory [R]]]")
		os.Exit(2)
	}
	var err error
	if len(a) > 3 {
		usage()
	}
	if len(a) > 0 {
		if n, err = strconv.Atoi(a[0]); err != nil || n <= 0 {
			usage()
		}
	}
	if len(a) > 1 {
		if a[1] != "file" && a[1] != "memory" {
			usage()
		}
		memory = a[1] == "memory"
	}
	if len(a) > 2 {
		if reps, err = strconv.Atoi(a[2]); err != nil || reps <= 0 {
			usage()
		}
	}
	return
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/go:", err)
		os.Exit(1)
	}
}

func must[T any](v T, err error) T {
	check(err)
	return v
}

// model is bench_append's: User.kw to Keyword through user_keyword, and
// User.keywords = association_proxy("kw", "keyword", creator=<Go>).
type model struct {
	reg                    *assoc.Registry
	User, Keyword          *assoc.Mapper
	userName, userKeywords *assoc.Attr
	keywordKeyword         *assoc.Attr
	creatorCalls           int
}

func defineModel() *model {
	m := &model{reg: must(assoc.NewRegistry())}
	user := must(m.reg.NewTable("user"))
	check(user.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	check(user.AddColumn("name", assoc.Text, nil))
	keyword := must(m.reg.NewTable("keyword"))
	check(keyword.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	check(keyword.AddColumn("keyword", assoc.Text, nil))
	uk := must(m.reg.NewTable("user_keyword"))
	check(uk.AddColumn("user_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "user.id"}))
	check(uk.AddColumn("keyword_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "keyword.id"}))
	m.User = must(m.reg.NewMapper("User", "user"))
	check(m.User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword"}))
	// creator=lambda kw: Keyword(keyword=kw), with the attribute resolved once
	check(m.User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword",
		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			m.creatorCalls++
			k, err := owner.Session().New(m.Keyword)
			if err != nil {
				return nil, err
			}
			return k, k.SetAttr(m.keywordKeyword, value)
		}}))
	m.Keyword = must(m.reg.NewMapper("Keyword", "keyword"))
	check(m.reg.Configure())
	m.userName = m.User.MustAttr("name")
	m.userKeywords = m.User.MustAttr("keywords")
	m.keywordKeyword = m.Keyword.MustAttr("keyword")
	return m
}

// appendJob runs the job reps times on fresh databases and returns the
// best time.
func appendJob(n int, memory bool, reps int) float64 {
	m := defineModel()
	defer m.reg.Close()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("assoc_bench_go_%d.db", os.Getpid()))
	best := 0.0
	for r := 0; r < reps; r++ {
		url := "sqlite://"
		if !memory {
			removeDB(path)
			url = "sqlite:///" + path
		}
		eng := must(assoc.Open(url))
		check(eng.CreateAll(m.reg))
		callsBefore := m.creatorCalls

		t0 := time.Now()
		s := must(assoc.NewSession(eng, m.reg))
		for i := 0; i < n; i++ {
			u := must(s.New(m.User))
			check(u.SetAttr(m.userName, "user "+strconv.Itoa(i)))
			keywords := must(u.CollectionAttr(m.userKeywords))
			prefix := "keyword " + strconv.Itoa(i) + "."
			for j := 0; j < keywordsPerUser; j++ {
				check(keywords.Append(prefix + strconv.Itoa(j)))
			}
			check(s.Add(u))
		}
		t1 := time.Now()
		if got := s.Stats().New; got != n*(keywordsPerUser+1) {
			check(fmt.Errorf("%d objects pending before the commit; expected %d", got, n*(keywordsPerUser+1)))
		}
		check(s.Commit())
		t2 := time.Now()
		check(s.Close())

		if calls := m.creatorCalls - callsBefore; calls != n*keywordsPerUser {
			check(fmt.Errorf("the creator ran %d times; expected %d", calls, n*keywordsPerUser))
		}
		verifyRows(eng, n)
		check(eng.Close())
		total := t2.Sub(t0).Seconds()
		fmt.Printf("Go append job %8.3f s (build %.3f s, flush + commit %.3f s)\n",
			total, t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds())
		if r == 0 || total < best {
			best = total
		}
	}
	if !memory {
		removeDB(path)
	}
	return best
}

// verifyRows checks the counts, and that each association row joins a user
// to one of its own keywords (as bench_append does), outside the timing.
func verifyRows(eng *assoc.Engine, n int) {
	checks := []struct {
		sql  string
		want int64
	}{
		{`SELECT count(*) FROM "user"`, int64(n)},
		{`SELECT count(*) FROM keyword`, int64(n * keywordsPerUser)},
		{`SELECT count(*) FROM user_keyword`, int64(n * keywordsPerUser)},
		{`SELECT count(*) FROM user_keyword AS uk JOIN "user" AS u ON u.id = uk.user_id ` +
			`JOIN keyword AS k ON k.id = uk.keyword_id ` +
			`WHERE substr(k.keyword, 9, length(u.name) - 5 + 1) = substr(u.name, 6) || '.'`, int64(n * keywordsPerUser)},
	}
	for _, c := range checks {
		if got := must(eng.Scalar(c.sql)); got != c.want {
			check(fmt.Errorf("%q gave %v; expected %d", c.sql, got, c.want))
		}
	}
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// runAppendC runs bench_append with the same arguments and returns its
// append_job_seconds.
func runAppendC(exe string, n int, memory bool, reps int) float64 {
	db := "file"
	if memory {
		db = "memory"
	}
	out := run(exe, strconv.Itoa(n), db, strconv.Itoa(reps))
	return number(out, `append_job_seconds=([0-9.]+)`)
}

// runCallbackC runs bench_callback (1 million calls a loop) and returns its
// direct and closure figures in ns per call.
func runCallbackC(exe string) (direct, closure float64) {
	out := run(exe, "1")
	return number(out, `direct C function pointer\s+([0-9.]+) ns`),
		number(out, `libffi closure \+ C dispatcher\s+([0-9.]+) ns`)
}

func run(exe string, args ...string) string {
	var out bytes.Buffer
	cmd := exec.Command(exe, args...)
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	// show the C benchmark's own lines, indented
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	for sc.Scan() {
		fmt.Println("    | " + sc.Text())
	}
	return out.String()
}

func number(out, pattern string) float64 {
	m := regexp.MustCompile(pattern).FindStringSubmatch(out)
	if m == nil {
		check(fmt.Errorf("no %q in the output", pattern))
	}
	return must(strconv.ParseFloat(m[1], 64))
}

// creatorCalls times a trivial creator (count the call, hand back a given
// object) called m times from Go, then m times from C through its closure;
// best of 5 each, in ns per call.
func creatorCalls(calls int) (direct, viaC float64) {
	mod := defineModel()
	defer mod.reg.Close()
	eng := must(assoc.Open("sqlite://"))
	defer eng.Close()
	check(eng.CreateAll(mod.reg))
	s := must(assoc.NewSession(eng, mod.reg))
	defer s.Close()
	owner := must(s.New(mod.User))
	token := must(s.New(mod.Keyword))
	count := 0
	creator := assoc.Creator(func(o *assoc.Object, key, value any) (*assoc.Object, error) {
		count++
		return token, nil
	})
	var value any = "keyword"
	for r := 0; r < 5; r++ {
		t0 := time.Now()
		for i := 0; i < calls; i++ {
			if obj, err := creator(owner, nil, value); obj != token || err != nil {
				check(fmt.Errorf("the creator failed: %v", err))
			}
		}
		d := float64(time.Since(t0).Nanoseconds()) / float64(calls)
		t0 = time.Now()
		check(assoc.BenchmarkCreator(creator, owner, value, calls))
		c := float64(time.Since(t0).Nanoseconds()) / float64(calls)
		if r == 0 || d < direct {
			direct = d
		}
		if r == 0 || c < viaC {
			viaC = c
		}
	}
	if count != 10*calls {
		check(fmt.Errorf("the creator ran %d times; expected %d", count, 10*calls))
	}
	return direct, viaC
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "go"
	}
	return strings.TrimSpace(string(out))
}
