package assoc_test

import (
	"bytes"
	"context"
	"database/sql"
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// people(id, name, age, score, active, born, photo, nick, manager_id) as
// Person, with the many-to-one Person.manager and the one-to-many reports.
func peopleModel(t *testing.T) (*assoc.Session, *assoc.Engine, *assoc.Mapper) {
	t.Helper()
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	p := get[*assoc.Table](t)(reg.NewTable("people"))
	must(t, p.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, p.AddColumn("name", assoc.Text, &assoc.ColumnOptions{NotNull: true}))
	must(t, p.AddColumn("age", assoc.Integer, nil))
	must(t, p.AddColumn("score", assoc.Real, nil))
	must(t, p.AddColumn("active", assoc.Boolean, nil))
	must(t, p.AddColumn("born", assoc.DateTime, nil))
	must(t, p.AddColumn("photo", assoc.Blob, nil))
	must(t, p.AddColumn("nick", assoc.Text, nil))
	must(t, p.AddColumn("manager_id", assoc.Integer, &assoc.ColumnOptions{ForeignKey: "people.id"}))
	Person := get[*assoc.Mapper](t)(reg.NewMapper("Person", "people"))
	must(t, Person.AddRelationship("manager", assoc.RelationshipOptions{Target: "Person", UseList: assoc.Bool(false),
		ForeignKeys: "people.manager_id", Backref: "reports"}))
	eng := get[*assoc.Engine](t)(assoc.Open(fileURL(t)))
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	t.Cleanup(func() {
		s.Close()
		eng.Close()
		reg.Close()
	})
	return s, eng, Person
}

type Base struct {
	ID int64 `assoc:"id,omitzero"`
}

type Level int

// Person is the struct a program keeps: tags, field-name fallback, an embedded key, NULL-aware fields.
type Person struct {
	Base
	Name     string        // by field name
	Years    Level         `assoc:"age"` // a named integer type
	Score    float64       `assoc:"score"`
	Active   bool          `assoc:"active"`
	Born     time.Time     `assoc:"born"`
	Photo    []byte        `assoc:"photo"`
	Nick     *string       `assoc:"nick"`
	Manager  *assoc.Object `assoc:"manager"`
	Ignored  string        `assoc:"-"`
	internal int
}

// NullPerson reads the same row through database/sql's types.
type NullPerson struct {
	ID        int64
	Name      sql.NullString
	Age       sql.NullInt64
	Score     sql.NullFloat64
	Active    sql.NullBool
	Born      sql.NullTime
	Nick      sql.NullString
	ManagerID *int64
	Photo     any
}

func TestAssignAndScanRoundTrip(t *testing.T) {
	s, eng, PersonM := peopleModel(t)
	est := time.FixedZone("EST", -5*3600)
	born := time.Date(1990, 5, 17, 8, 30, 15, 250000000, est)
	boss := get[*assoc.Object](t)(s.New(PersonM))
	must(t, boss.Set("name", "boss"))
	in := Person{Name: "jek", Years: 42, Score: 9.5, Active: true, Born: born, Photo: []byte{0, 1, 2}, Manager: boss,
		Ignored: "never stored"}
	o := get[*assoc.Object](t)(s.NewFrom(PersonM, &in))
	must(t, s.Add(o, boss))
	must(t, s.Commit())
	if got := get[int64](t)(o.GetInt("id")); got == 0 {
		t.Fatal("omitzero: the zero ID was written over the generated key")
	}

	var out Person
	must(t, o.Scan(&out))
	if out.ID == 0 || out.Name != "jek" || out.Years != 42 || out.Score != 9.5 || !out.Active ||
		!out.Born.Equal(born) || !bytes.Equal(out.Photo, []byte{0, 1, 2}) || out.Nick != nil ||
		out.Manager != boss || out.Ignored != "" {
		t.Errorf("scanned %+v", out)
	}

	// Get[T]: a new *T from the identity map or the database
	s2 := get[*assoc.Session](t)(assoc.NewSession(eng, o.Session().Registry()))
	defer s2.Close()
	p := get[*Person](t)(assoc.Get[Person](s2, PersonM, out.ID))
	if p.Name != "jek" || !p.Born.Equal(born) || p.Manager == nil || get[string](t)(p.Manager.GetString("name")) != "boss" {
		t.Errorf("Get[Person] %+v", p)
	}
	_, err := assoc.Get[Person](s2, PersonM, 999)
	wantError(t, err, assoc.ErrNotFound, "Person")
	ctx := context.Background()
	if p := get[*Person](t)(assoc.GetContext[Person](ctx, s2, PersonM, out.ID)); p.Name != "jek" {
		t.Errorf("GetContext[Person] %+v", p)
	}
	if ps := get[[]Person](t)(assoc.AllContext[Person](ctx, s2.Query(PersonM).FilterBy("name", "jek"))); len(ps) != 1 {
		t.Errorf("AllContext[Person] %+v", ps)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = assoc.GetContext[Person](cancelled, s2, PersonM, out.ID)
	wantError(t, err, assoc.ErrInterrupt, "Session.GetContext")

	// NULL-aware: sql.Null* and pointers tell NULL from zero
	var np NullPerson
	must(t, get[*assoc.Object](t)(s2.Get(PersonM, out.ID)).Scan(&np))
	if !np.Name.Valid || np.Name.String != "jek" || np.Age.Int64 != 42 || !np.Active.Bool || !np.Born.Valid ||
		!np.Born.Time.Equal(born) || np.Nick.Valid || np.ManagerID == nil || np.Score.Float64 != 9.5 {
		t.Errorf("scanned %+v", np)
	}
	if b, ok := np.Photo.([]byte); !ok || !bytes.Equal(b, []byte{0, 1, 2}) {
		t.Errorf("any field %#v", np.Photo)
	}
	var nb NullPerson
	must(t, boss.Scan(&nb))
	if nb.Age.Valid || nb.Born.Valid || nb.Active.Valid || nb.ManagerID != nil || nb.Photo != nil {
		t.Errorf("NULLs scanned as values: %+v", nb)
	}

	// writing back: Assign changes what differs, a nil pointer writes NULL
	nick := "j"
	out.Nick, out.Years, out.Manager = &nick, 43, nil
	must(t, o.Assign(&out))
	must(t, s.Commit())
	if v := get[any](t)(eng.Scalar(`SELECT nick || age FROM people WHERE id = ?`, out.ID)); v != "j43" {
		t.Errorf("row after Assign: %v", v)
	}
	if m := get[*assoc.Object](t)(o.GetObject("manager")); m != nil {
		t.Errorf("manager %v after Assign of nil", m)
	}
	must(t, o.Assign(NullPerson{ID: out.ID, Name: sql.NullString{String: "jek2", Valid: true}}))
	must(t, s.Commit())
	if v := get[any](t)(eng.Scalar(`SELECT coalesce(age, 'null') || name FROM people WHERE id = ?`, out.ID)); v != "nulljek2" {
		t.Errorf("row after Assign of Null types: %v", v)
	}
	all := get[[]NullPerson](t)(assoc.All[NullPerson](s.Query(PersonM).OrderBy("name")))
	if len(all) != 2 || all[0].Name.String != "boss" || all[1].Name.String != "jek2" || all[1].Age.Valid {
		t.Errorf("All[NullPerson] %+v", all)
	}
	// age is NULL now: a plain int field refuses it rather than read 0
	_, err = assoc.All[Person](s.Query(PersonM))
	wantError(t, err, assoc.ErrType, "Person.age", "Person.Years", "NULL")
}

func TestScanErrors(t *testing.T) {
	s, _, PersonM := peopleModel(t)
	o := get[*assoc.Object](t)(s.New(PersonM))
	must(t, o.Set("name", "jek"))
	var p Person
	wantError(t, o.Scan(p), assoc.ErrInvalid, "Object.Scan", "pointer to a struct")
	wantError(t, o.Scan((*Person)(nil)), assoc.ErrInvalid, "Object.Scan")
	wantError(t, o.Assign(42), assoc.ErrInvalid, "Object.Assign")

	// NULL into a field that cannot hold it names the field and the way out
	var strict struct{ Age int }
	wantError(t, o.Scan(&strict), assoc.ErrType, "Person.age", "field struct.Age", "NULL", "*int")
	type Unknown struct {
		X string `assoc:"nope"`
	}
	wantError(t, o.Scan(&Unknown{}), assoc.ErrNotFound, "Unknown.X", "nope", "Person")
	type Coll struct {
		R []*assoc.Object `assoc:"reports"`
	}
	wantError(t, o.Scan(&Coll{}), assoc.ErrType, "collection", "Object.Collection")
	type Wrong struct {
		Name int64
	}
	wantError(t, o.Scan(&Wrong{}), assoc.ErrType, "Person.name", "text does not fit a int64")
	type Small struct {
		Age int8 `assoc:"age"`
	}
	must(t, o.Set("age", 300))
	wantError(t, o.Scan(&Small{}), assoc.ErrType, "300", "int8")
	// a value the column refuses, through Assign, is Set's own error
	type BadAge struct {
		Age string `assoc:"age"`
	}
	wantError(t, o.Assign(BadAge{Age: "old"}), assoc.ErrType, "age")
}
