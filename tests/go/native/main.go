// Command native exercises the Go binding's native forms in one plain
// program, so that they run under valgrind as the conformance programs do
// (a test binary's many goroutines confuse valgrind's view of Go stacks):
// Session.Transaction (commit, rollback on an error and on a panic, a retry),
// a cancelled context interrupting a statement, Object.Scan / Assign /
// assoc.Get[T], and the typed collection views. It prints one line per
// check and exits 1 on the first failure. On $ASSOC_TEST_URL when set (pg_go_native).
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func check(what string, ok bool, detail ...any) {
	if !ok {
		fmt.Printf("FAIL %s %v\n", what, detail)
		os.Exit(1)
	}
	fmt.Println("ok  ", what)
}

func must(err error) {
	if err != nil {
		fmt.Println("FAIL", err)
		os.Exit(1)
	}
}

func get[T any](v T, err error) T {
	must(err)
	return v
}

// UserRow is the program's own struct for a user row.
type UserRow struct {
	ID       int64   `assoc:"id,omitzero"`
	Name     string  `assoc:"name"`
	Nickname *string `assoc:"nickname"`
	Age      sql.NullInt64
}

func main() {
	dir := get(os.MkdirTemp("", "assoc-native"))
	defer os.RemoveAll(dir)

	reg := get(assoc.NewRegistry())
	defer reg.Close()
	user := get(reg.NewTable("user"))
	must(user.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(user.AddColumn("name", assoc.Text, nil))
	must(user.AddColumn("nickname", assoc.Text, nil))
	must(user.AddColumn("age", assoc.Integer, nil))
	kw := get(reg.NewTable("keyword"))
	must(kw.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(kw.AddColumn("user_id", assoc.Integer, &assoc.ColumnOptions{ForeignKey: "user.id"}))
	must(kw.AddColumn("keyword", assoc.Text, nil))
	slow := get(reg.NewTable("slow"))
	must(slow.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	User := get(reg.NewMapper("User", "user"))
	get(reg.NewMapper("Keyword", "keyword"))
	Slow := get(reg.NewMapper("Slow", "slow"))
	must(User.AddRelationship("kws", assoc.RelationshipOptions{Target: "Keyword", Collection: assoc.Set}))
	must(User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "kws", Attr: "keyword"}))

	url := os.Getenv("ASSOC_TEST_URL") // a PostgreSQL database of its own in the postgres-labelled run
	if url == "" || url == "sqlite://" {
		url = "sqlite:///" + filepath.Join(dir, "native.db")
	}
	fmt.Println("on  ", strings.SplitN(url, ":", 2)[0])
	eng := get(assoc.Open(url))
	defer eng.Close()
	must(eng.CreateAll(reg))
	must(eng.Exec(`DROP TABLE slow`))
	must(eng.Exec(`CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c ` +
		`WHERE x < 1000000000) SELECT x AS id FROM c`))
	s := get(assoc.NewSession(eng, reg))
	defer s.Close()

	// transactions
	var jek *assoc.Object
	must(s.Transaction(func() error {
		jek = get(s.NewFrom(User, UserRow{Name: "jek"}))
		return s.Add(jek)
	}))
	check("Transaction commits", jek.State() == assoc.Persistent)
	mine := errors.New("mine")
	var ed *assoc.Object
	err := s.Transaction(func() error {
		ed = get(s.NewFrom(User, UserRow{Name: "ed"}))
		must(s.Add(ed))
		must(s.Flush())
		return mine
	})
	check("Transaction returns fn's error and rolls back", err == mine && ed.State() == assoc.Transient, err)
	runs := 0
	must(s.Transaction(func() error {
		runs++
		if runs < 2 {
			return &assoc.Error{Code: assoc.ErrRetry.Code, Message: "again"}
		}
		return nil
	}))
	check("Transaction runs again on ErrRetry", runs == 2, runs)
	func() {
		defer func() { check("Transaction panics again after the rollback", recover() == "boom") }()
		_ = s.Transaction(func() error { panic("boom") })
	}()

	// a cancelled context interrupts the running statement
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	_, err = s.Query(Slow).CountContext(ctx)
	cancel()
	check("CountContext interrupted", errors.Is(err, assoc.ErrInterrupt) && errors.Is(err, context.DeadlineExceeded), err)
	must(s.Rollback())

	// typed access
	id := get(jek.GetInt("id"))
	row := get(assoc.Get[UserRow](s, User, id))
	check("Get[UserRow]", row.Name == "jek" && row.Nickname == nil && !row.Age.Valid, *row)
	nick := "j"
	row.Nickname, row.Age = &nick, sql.NullInt64{Int64: 40, Valid: true}
	must(jek.Assign(row))
	must(s.Commit())
	var back UserRow
	must(jek.Scan(&back))
	check("Assign then Scan", back.Nickname != nil && *back.Nickname == "j" && back.Age.Int64 == 40, back)
	_, err = assoc.Get[UserRow](s, User, 999)
	check("Get[UserRow] of a missing row", errors.Is(err, assoc.ErrNotFound), err)

	// typed views
	kws := get(assoc.SetOf[string](jek, "keywords"))
	must(kws.Add("cheese"))
	must(kws.Update("wine", "bread"))
	must(s.Commit())
	check("SetOf Len", kws.Len() == 3, kws.Len())
	popped := get(kws.Pop())
	check("SetOf Pop", popped != "" && kws.Len() == 2, popped)
	all := get(kws.All())
	check("SetOf All", len(all) == 2, all)
	must(s.Commit())
}
