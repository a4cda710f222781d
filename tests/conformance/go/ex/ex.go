// Package ex holds the small shared helpers of the Go conformance programs:
// the Go counterpart of examples/example_util.h.
package ex

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// Check exits with the error (and where it happened) when err is not nil.
func Check(err error) {
	if err != nil {
		fail(err)
	}
}

// Must returns v, or exits with err.
func Must[T any](v T, err error) T {
	if err != nil {
		fail(err)
	}
	return v
}

func fail(err error) {
	_, file, line, _ := runtime.Caller(2)
	os.Stdout.Sync()
	fmt.Fprintf(os.Stderr, "%s:%d: %v\n", file, line, err)
	os.Exit(1)
}

// Expect exits unless cond holds: for what a program relies on rather than prints.
func Expect(cond bool, what string) {
	if !cond {
		_, file, line, _ := runtime.Caller(1)
		fmt.Fprintf(os.Stderr, "%s:%d: expected %s\n", file, line, what)
		os.Exit(1)
	}
}

// Header prints "== title ==".
func Header(title string) { fmt.Printf("== %s ==\n", title) }

// Prompt prints a REPL line, as the seeds show them: ">>> t1.students".
func Prompt(code string) { fmt.Printf(">>> %s\n", code) }

// PrintBool prints True or False.
func PrintBool(b bool) { fmt.Println(assoc.Str(b)) }

func Table(reg *assoc.Registry, name string) *assoc.Table { return Must(reg.NewTable(name)) }

// PrimaryKey is Column(type, primary_key=True).
func PrimaryKey(t *assoc.Table, name string, typ assoc.Type) {
	Check(t.AddColumn(name, typ, &assoc.ColumnOptions{PrimaryKey: true}))
}

// Column is a plain nullable Column(type).
func Column(t *assoc.Table, name string, typ assoc.Type) { Check(t.AddColumn(name, typ, nil)) }

// ForeignKey is Column(type, ForeignKey(ref), primary_key=pk).
func ForeignKey(t *assoc.Table, name string, typ assoc.Type, ref string, pk bool) {
	Check(t.AddColumn(name, typ, &assoc.ColumnOptions{PrimaryKey: pk, ForeignKey: ref}))
}

func Mapper(reg *assoc.Registry, name, table string) *assoc.Mapper {
	return Must(reg.NewMapper(name, table))
}

// Relationship is relationship(target, back_populates=backPopulates).
func Relationship(m *assoc.Mapper, name, target, backPopulates string) {
	Check(m.AddRelationship(name, assoc.RelationshipOptions{Target: target, BackPopulates: backPopulates}))
}

// Proxy is association_proxy(targetCollection, attr, creator=creator).
func Proxy(m *assoc.Mapper, name, targetCollection, attr string, creator assoc.Creator) {
	Check(m.AddProxy(name, assoc.ProxyOptions{TargetCollection: targetCollection, Attr: attr, Creator: creator}))
}

// Open configures reg, opens an in-memory database, creates its tables and
// starts a session.
func Open(reg *assoc.Registry) (*assoc.Engine, *assoc.Session) {
	Check(reg.Configure())
	eng := Must(assoc.Open("sqlite://"))
	Check(eng.CreateAll(reg))
	return eng, Must(assoc.NewSession(eng, reg))
}

// Close closes the session, the engine and the registry.
func Close(reg *assoc.Registry, eng *assoc.Engine, s *assoc.Session) {
	Check(s.Close())
	Check(eng.Close())
	Check(reg.Close())
}

func New(s *assoc.Session, m *assoc.Mapper) *assoc.Object { return Must(s.New(m)) }

func Get(o *assoc.Object, name string) any { return Must(o.Get(name)) }

func GetObject(o *assoc.Object, name string) *assoc.Object { return Must(o.GetObject(name)) }

func Set(o *assoc.Object, name string, v any) { Check(o.Set(name, v)) }

func Coll(o *assoc.Object, name string) *assoc.Collection { return Must(o.Collection(name)) }

func Len(o *assoc.Object, name string) int { return Must(Coll(o, name).Len()) }

// At is the i-th member of a relationship collection.
func At(o *assoc.Object, name string, i int) *assoc.Object { return Must(Coll(o, name).AtObject(i)) }

func Append(o *assoc.Object, name string, member any) { Check(Coll(o, name).Append(member)) }

// FirstBy is Model.query.filter_by(attr=value).first(); attr "" for no filter.
func FirstBy(s *assoc.Session, m *assoc.Mapper, attr string, value any) *assoc.Object {
	q := s.Query(m)
	if attr != "" {
		q = q.FilterBy(attr, value)
	}
	return Must(q.First())
}

// PrintObject prints "<Teacher 1>" (or None).
func PrintObject(o *assoc.Object) { fmt.Println(assoc.Str(o)) }

// PrintCollection prints a relationship collection: "[<Student 1>, <Student 3>]".
func PrintCollection(o *assoc.Object, name string) {
	fmt.Println(Must(Coll(o, name).Format(assoc.Str)))
}

// PrintCollectionAttr prints [m.attr for m in o.name].
func PrintCollectionAttr(o *assoc.Object, name, attr string) {
	objs := Must(Coll(o, name).Objects())
	parts := make([]string, len(objs))
	for i, m := range objs {
		parts[i] = assoc.Repr(Get(m, attr))
	}
	fmt.Println("[" + strings.Join(parts, ", ") + "]")
}

// PrintView prints a list, set or dict view with pr for members (nil: Repr).
func PrintView(c *assoc.Collection, pr func(any) string) {
	if pr == nil {
		pr = assoc.Repr
	}
	fmt.Println(Must(c.Format(pr)))
}

// CountRows is SELECT count(*) FROM table.
func CountRows(eng *assoc.Engine, table string) int64 {
	v := Must(eng.Scalar(fmt.Sprintf("SELECT count(*) FROM \"%s\"", table)))
	n, ok := v.(int64)
	Expect(ok, "an integer count")
	return n
}

// ShowQuery prints the query's SQL, then runs it and prints each object
// found with pr: "-> ['jek', 'log']".
func ShowQuery(q *assoc.Query, pr func(*assoc.Object) string) {
	fmt.Println(Must(q.SQL()))
	objs := Must(q.All())
	parts := make([]string, len(objs))
	for i, o := range objs {
		parts[i] = pr(o)
	}
	fmt.Println("-> [" + strings.Join(parts, ", ") + "]")
}

// Name prints an object's name as the REPL does: 'jek'.
func Name(o *assoc.Object) string { return assoc.Repr(Get(o, "name")) }
