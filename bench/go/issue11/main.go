// bench/go/issue11: issue 11's workload (seed 001, "Simplifying Association
// Objects") through the Go binding, with the creator a Go func, against the
// C API's same jobs (bench_issue11 --jobs) measured in the same run. Figures
// only: it exits non-zero only when something does not work, never on time.
//
// The jobs are bench/bench_issue11.c's: W (create N users and append K = 10
// strings "kw{i}_{j}" each through User.keywords, whose Go creator makes a
// Keyword and a UserKeywordAssociation; one transaction, a fresh file), then
// in a fresh session load every user and copy its K strings read through the
// proxy into Go strings: R default (no loading options: the library batches
// each hop), R LazySelect (both hops one by one), R LazySelectIn (both hops).
// Each repetition runs in a child process of its own (this program run again
// with -child), so its peak RSS (wait4's ru_maxrss) is its own.
//
// Printed per job: seconds (best of R), the ratio to the C job, statements
// (Engine.SetLog), peak RSS, and bytes per object above the hand-written
// sqlite3 job of the same kind (W or R) that bench_issue11 ran in this run,
// as the C program prints them (the Go runtime's footprint is in it).
// Self-checks: the strings read back are the ones written, the rows are
// there, the creator ran N * K times, and every job ran the statements the C
// API's same job ran.
//
// usage: go-bench-issue11 -c <bench_issue11> [N [R]]   (defaults 20000 3)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

const k = 10

var jobs = []struct {
	key, name string
	lazy      assoc.Lazy
}{
	{"lib_w", "W  Go, Go creator", assoc.LazyDefault},
	{"lib_r_default", "R  Go, default (batched)", assoc.LazyDefault},
	{"lib_r_select", "R  Go, LazySelect", assoc.LazySelect},
	{"lib_r_eager", "R  Go, LazySelectIn both hops", assoc.LazySelectIn},
}

func fail(format string, args ...any) {
	os.Stdout.Sync()
	fmt.Fprintf(os.Stderr, "bench/go/issue11: "+format+"\n", args...)
	os.Exit(1)
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func must[T any](v T, err error) T {
	check(err)
	return v
}

type model struct {
	reg                      *assoc.Registry
	User, Keyword, UKA       *assoc.Mapper
	userName, userKeywords   *assoc.Attr
	keywordKeyword, ukaKwAtt *assoc.Attr
	creatorCalls             int
}

func defineModel(lazy assoc.Lazy) *model {
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
	check(uk.AddColumn("special_key", assoc.Text, nil))

	m.User = must(m.reg.NewMapper("User", "user"))
	m.Keyword = must(m.reg.NewMapper("Keyword", "keyword"))
	m.UKA = must(m.reg.NewMapper("UserKeywordAssociation", "user_keyword"))
	check(m.User.AddRelationship("user_keyword_associations", assoc.RelationshipOptions{
		Target: "UserKeywordAssociation", Cascade: "all, delete-orphan", BackPopulates: "user", Lazy: lazy}))
	// creator: UserKeywordAssociation(keyword=Keyword(keyword=value)), in the owner's session
	check(m.User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "user_keyword_associations", Attr: "keyword",
		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			m.creatorCalls++
			s := owner.Session()
			kw, err := s.New(m.Keyword)
			if err != nil {
				return nil, err
			}
			if err = kw.SetAttr(m.keywordKeyword, value); err != nil {
				return nil, err
			}
			a, err := s.New(m.UKA)
			if err != nil {
				return nil, err
			}
			return a, a.SetAttr(m.ukaKwAtt, kw)
		}}))
	check(m.UKA.AddRelationship("user", assoc.RelationshipOptions{Target: "User", BackPopulates: "user_keyword_associations"}))
	check(m.UKA.AddRelationship("keyword", assoc.RelationshipOptions{Target: "Keyword", Lazy: lazy}))
	check(m.reg.Configure())
	m.userName = m.User.MustAttr("name")
	m.userKeywords = m.User.MustAttr("keywords")
	m.keywordKeyword = m.Keyword.MustAttr("keyword")
	m.ukaKwAtt = m.UKA.MustAttr("keyword")
	return m
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-journal"} {
		os.Remove(path + suffix)
	}
}

// child runs one repetition of one job and prints its figures.
func child(job string, n int, path string) {
	lazy := assoc.LazyDefault
	for _, j := range jobs {
		if j.key == job {
			lazy = j.lazy
		}
	}
	m := defineModel(lazy)
	if job == "lib_w" {
		removeDB(path)
	}
	eng := must(assoc.Open("sqlite:///" + path))
	if job == "lib_w" {
		check(eng.CreateAll(m.reg))
	}
	statements := 0
	check(eng.SetLog(func(assoc.Statement) { statements++ }))

	var seconds, cpu float64
	var ran int
	if job == "lib_w" {
		c0, t0 := cpuNow(), time.Now()
		s := must(assoc.NewSession(eng, m.reg))
		for i := 0; i < n; i++ {
			u := must(s.New(m.User))
			check(u.SetAttr(m.userName, "u"+strconv.Itoa(i)))
			check(s.Add(u))
			kw := must(u.CollectionAttr(m.userKeywords))
			prefix := "kw" + strconv.Itoa(i) + "_"
			for j := 0; j < k; j++ {
				check(kw.Append(prefix + strconv.Itoa(j)))
			}
		}
		check(s.Commit())
		seconds, ran, cpu = time.Since(t0).Seconds(), statements, cpuNow()-c0
		check(s.Close())
		if m.creatorCalls != n*k {
			fail("W: the creator ran %d times; expected %d", m.creatorCalls, n*k)
		}
		check(eng.SetLog(nil))
		for i, sql := range []string{`SELECT count(*) FROM "user"`, "SELECT count(*) FROM keyword",
			"SELECT count(*) FROM user_keyword"} {
			want := int64(n * k)
			if i == 0 {
				want = int64(n)
			}
			if got := must(eng.Scalar(sql)); got != want {
				fail("W: %q gave %v; expected %d", sql, got, want)
			}
		}
	} else {
		names := make([]string, 0, n)
		keywords := make([][]string, 0, n)
		c0, t0 := cpuNow(), time.Now()
		s := must(assoc.NewSession(eng, m.reg))
		users := must(s.Query(m.User).All())
		if len(users) != n {
			fail("%s: the query gave %d users; expected %d", job, len(users), n)
		}
		for _, u := range users {
			name := must(u.GetAttr(m.userName))
			str, ok := name.(string)
			if !ok {
				fail("%s: User.name is %T, not a string", job, name)
			}
			names = append(names, str)
			kw := must(u.CollectionAttr(m.userKeywords))
			if nk := must(kw.Len()); nk != k {
				fail("%s: user %s has %d keywords", job, str, nk)
			}
			mine := make([]string, k)
			for j := 0; j < k; j++ {
				kwo := must(kw.AtObject(j))
				v := must(kwo.GetAttr(m.keywordKeyword))
				if mine[j], ok = v.(string); !ok {
					fail("%s: a Keyword.keyword is %T, not a string", job, v)
				}
			}
			keywords = append(keywords, mine)
		}
		seconds, ran, cpu = time.Since(t0).Seconds(), statements, cpuNow()-c0
		seen := make([]bool, n)
		for u, name := range names {
			i, err := strconv.Atoi(strings.TrimPrefix(name, "u"))
			if !strings.HasPrefix(name, "u") || err != nil || i < 0 || i >= n || seen[i] {
				fail("%s: unexpected or repeated user name %q", job, name)
			}
			seen[i] = true
			for j := 0; j < k; j++ {
				if want := fmt.Sprintf("kw%d_%d", i, j); keywords[u][j] != want {
					fail("%s: user %s keyword %d is %q; expected %q", job, name, j, keywords[u][j], want)
				}
			}
		}
		check(s.Close())
	}
	check(eng.Close())
	check(m.reg.Close())
	fmt.Printf("seconds=%.6f statements=%d cpu=%.6f\n", seconds, ran, cpu)
}

// cpuNow is this process's CPU time (user + system, every thread: the
// collector's too), in seconds.
func cpuNow() float64 {
	var ru syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)*1e-6
}

type figures struct {
	seconds    float64
	statements int64
	maxrssKB   int64
	cpu        float64 // best CPU seconds, user + system
}

var lineRE = regexp.MustCompile(`(?m)^job=(\S+) seconds=([0-9.]+) statements=(\d+) maxrss_kb=(\d+) cpu=([0-9.]+)$`)

func main() {
	cBench := flag.String("c", "", "the bench_issue11 executable (the C API's jobs)")
	childJob := flag.String("child", "", "run one repetition of this job (internal)")
	db := flag.String("db", "", "the database file of -child (internal)")
	flag.Parse()
	a := flag.Args()
	if *childJob != "" {
		if len(a) != 1 || *db == "" {
			fail("usage: -child <job> -db <path> N")
		}
		child(*childJob, must(strconv.Atoi(a[0])), *db)
		return
	}
	n, reps := 20000, 3
	var err error
	if len(a) > 2 || *cBench == "" {
		fmt.Fprintln(os.Stderr, "usage: go-bench-issue11 -c <bench_issue11> [N [R]]")
		os.Exit(2)
	}
	if len(a) > 0 {
		if n, err = strconv.Atoi(a[0]); err != nil || n <= 0 {
			fail("bad N %q", a[0])
		}
	}
	if len(a) > 1 {
		if reps, err = strconv.Atoi(a[1]); err != nil || reps <= 0 {
			fail("bad R %q", a[1])
		}
	}
	self := must(os.Executable())
	path := filepath.Join(os.TempDir(), fmt.Sprintf("assoc_bench_issue11_go_%d.db", os.Getpid()))
	fmt.Printf("bench/go/issue11: seed 001 association objects, %d users x %d keywords through User.keywords "+
		"(creator in Go) = %d objects; best of %d; assoc %s; each repetition in a child process\n",
		n, k, 21*n, reps, assoc.Version())

	goFig := map[string]*figures{}
	for _, j := range jobs {
		for r := 0; r < reps; r++ {
			var out bytes.Buffer
			cmd := exec.Command(self, "-child", j.key, "-db", path, strconv.Itoa(n))
			cmd.Stdout, cmd.Stderr = &out, os.Stderr
			if err := cmd.Run(); err != nil {
				fail("%s failed (N=%d): %v", j.key, n, err)
			}
			var sec, cpu float64
			var st int64
			if _, err := fmt.Sscanf(out.String(), "seconds=%f statements=%d cpu=%f", &sec, &st, &cpu); err != nil {
				fail("%s: no figures in the child's output %q", j.key, out.String())
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
			f := goFig[j.key]
			if f == nil {
				goFig[j.key] = &figures{sec, st, rss, cpu}
				continue
			}
			if f.statements != st {
				fail("%s ran %d statements, then %d", j.key, f.statements, st)
			}
			if sec < f.seconds {
				f.seconds = sec
			}
			if cpu < f.cpu {
				f.cpu = cpu
			}
			if rss > f.maxrssKB {
				f.maxrssKB = rss
			}
		}
	}
	removeDB(path)

	// the C API's same jobs and the hand-written sqlite3 baselines, in this run
	out, err := exec.Command(*cBench, "--jobs", strconv.Itoa(n), strconv.Itoa(reps)).Output()
	if err != nil {
		fail("%s --jobs failed: %v", *cBench, err)
	}
	c := map[string]*figures{}
	for _, m := range lineRE.FindAllStringSubmatch(string(out), -1) {
		c[m[1]] = &figures{must(strconv.ParseFloat(m[2], 64)), must(strconv.ParseInt(m[3], 10, 64)),
			must(strconv.ParseInt(m[4], 10, 64)), must(strconv.ParseFloat(m[5], 64))}
	}
	for _, key := range []string{"base_w_fk", "base_r_fk", "lib_w", "lib_r_default", "lib_r_select", "lib_r_eager"} {
		if c[key] == nil {
			fail("no job=%s in the output of %s --jobs", key, *cBench)
		}
	}

	objects := float64(21 * n)
	fmt.Printf("  %-30s %10s %9s %10s %9s %11s %11s %14s\n", "job", "seconds", "vs C API", "CPU", "CPU vs C",
		"statements", "peak RSS", "bytes/object")
	row := func(name string, f, cf, base *figures) {
		fmt.Printf("  %-30s %8.3f s %8.2fx %8.3f s %8.2fx %11d %8.1f MB %14.1f\n", name, f.seconds, f.seconds/cf.seconds,
			f.cpu, f.cpu/cf.cpu, f.statements, float64(f.maxrssKB)/1024, float64(f.maxrssKB-base.maxrssKB)*1024/objects)
	}
	bad := false
	for _, j := range jobs {
		base := c["base_r_fk"]
		if j.key == "lib_w" {
			base = c["base_w_fk"]
		}
		g, cf := goFig[j.key], c[j.key]
		row(j.name, g, cf, base)
		row("   C API, same job", cf, cf, base)
		if g.statements != cf.statements {
			fmt.Fprintf(os.Stderr, "%s: %d statements; the C API's same job ran %d\n", j.key, g.statements, cf.statements)
			bad = true
		}
	}
	fmt.Println("(vs C API: against bench_issue11's same job in this run; CPU: user + system seconds of the timed part,")
	fmt.Println(" every thread (less sensitive than seconds to a loaded machine); bytes/object: above the sqlite3 job with FKs on")
	fmt.Println(" of the same kind, W or R; figures only: nothing fails on time)")
	for _, j := range jobs {
		fmt.Printf("go_%s_seconds=%.6f ratio=%.3f cpu_ratio=%.3f\n", strings.TrimPrefix(j.key, "lib_"), goFig[j.key].seconds,
			goFig[j.key].seconds/c[j.key].seconds, goFig[j.key].cpu/c[j.key].cpu)
	}
	if bad {
		os.Exit(1)
	}
}
