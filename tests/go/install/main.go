// A program using the Go module against an installed libassoc: seed 001's
// User.keywords with a Go creator, on a file database.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	reg, err := assoc.NewRegistry()
	if err != nil {
		return err
	}
	defer reg.Close()
	for _, t := range []struct {
		name    string
		columns func(*assoc.Table) error
	}{
		{"user", func(t *assoc.Table) error {
			if err := t.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}); err != nil {
				return err
			}
			return t.AddColumn("name", assoc.Text, nil)
		}},
		{"keyword", func(t *assoc.Table) error {
			if err := t.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}); err != nil {
				return err
			}
			return t.AddColumn("keyword", assoc.Text, nil)
		}},
		{"user_keyword", func(t *assoc.Table) error {
			if err := t.AddColumn("user_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "user.id"}); err != nil {
				return err
			}
			return t.AddColumn("keyword_id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true, ForeignKey: "keyword.id"})
		}},
	} {
		table, err := reg.NewTable(t.name)
		if err != nil {
			return err
		}
		if err := t.columns(table); err != nil {
			return err
		}
	}
	User, err := reg.NewMapper("User", "user")
	if err != nil {
		return err
	}
	Keyword, err := reg.NewMapper("Keyword", "keyword")
	if err != nil {
		return err
	}
	// a failure is the public *assoc.Error, whatever the layer that found it
	if _, err := reg.NewMapper("User", "user"); err == nil || !errors.Is(err, assoc.ErrExists) {
		return fmt.Errorf("mapping User twice: %v", err)
	} else {
		fmt.Printf("%T %s\n", err, assoc.CodeName(err.(*assoc.Error).Code))
	}
	if err := User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword"}); err != nil {
		return err
	}
	err = User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword",
		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
			k, err := owner.Session().New(Keyword)
			if err != nil {
				return nil, err
			}
			return k, k.Set("keyword", value)
		}})
	if err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "assoc-go-install")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	eng, err := assoc.Open("sqlite:///" + filepath.Join(dir, "check.db"))
	if err != nil {
		return err
	}
	defer eng.Close()
	if err := eng.CreateAll(reg); err != nil {
		return err
	}
	s, err := assoc.NewSession(eng, reg)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.New(User)
	if err != nil {
		return err
	}
	if err := u.Set("name", "jek"); err != nil {
		return err
	}
	if err := s.Add(u); err != nil {
		return err
	}
	keywords, err := u.Collection("keywords")
	if err != nil {
		return err
	}
	if err := keywords.Extend("cheese-inspector", "snack-ninja"); err != nil {
		return err
	}
	if err := s.Commit(); err != nil {
		return err
	}
	rows, err := eng.Scalar("SELECT count(*) FROM user_keyword")
	if err != nil {
		return err
	}
	fmt.Printf("assoc %s: %s, %v association rows\n", assoc.Version(), keywords, rows)
	return nil
}
