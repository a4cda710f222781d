package assoc_test

import (
	"bytes"
	"database/sql"
	"math"
	"testing"
	"time"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

// typesModel has one column of each type.
func typesModel(t *testing.T) (*assoc.Session, *assoc.Mapper, *assoc.Engine) {
	t.Helper()
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	tab := get[*assoc.Table](t)(reg.NewTable("thing"))
	must(t, tab.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	for _, c := range []struct {
		name string
		typ  assoc.Type
	}{{"i", assoc.Integer}, {"r", assoc.Real}, {"s", assoc.Text}, {"b", assoc.Blob},
		{"flag", assoc.Boolean}, {"n", assoc.Numeric}, {"at", assoc.DateTime}} {
		must(t, tab.AddColumn(c.name, c.typ, nil))
	}
	must(t, tab.AddColumn("dflt", assoc.Text, &assoc.ColumnOptions{Default: "fallback"}))
	Thing := get[*assoc.Mapper](t)(reg.NewMapper("Thing", "thing"))
	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	t.Cleanup(func() { s.Close(); eng.Close(); reg.Close() })
	return s, Thing, eng
}

func TestValuesRoundTripThroughTheDatabase(t *testing.T) {
	s, Thing, _ := typesModel(t)
	when := time.Date(2024, 2, 29, 13, 45, 7, 250000000, time.UTC)
	blob := []byte{0, 1, 2, 0xff, 0}
	o := get[*assoc.Object](t)(s.New(Thing))
	sets := map[string]any{"i": int32(-7), "r": 2.5, "s": "héllo\x00world", "b": blob,
		"flag": true, "n": "12.50", "at": when}
	for name, v := range sets {
		must(t, o.Set(name, v))
	}
	must(t, s.Add(o))
	must(t, s.Commit()) // expires o: every value below is read back from the row
	if o.State() != assoc.Persistent {
		t.Fatalf("state %v", o.State())
	}

	if v := get[any](t)(o.Get("i")); v != int64(-7) {
		t.Errorf("i = %#v", v)
	}
	if v := get[any](t)(o.Get("r")); v != 2.5 {
		t.Errorf("r = %#v", v)
	}
	if v := get[string](t)(o.GetString("s")); v != "héllo\x00world" {
		t.Errorf("s = %q (a NUL inside TEXT must survive)", v)
	}
	if v := get[[]byte](t)(o.GetBytes("b")); !bytes.Equal(v, blob) {
		t.Errorf("b = %v", v)
	}
	if v := get[bool](t)(o.GetBool("flag")); !v {
		t.Errorf("flag = %v", v)
	}
	if v := get[any](t)(o.Get("n")); v != "12.50" && v != 12.5 {
		t.Errorf("n = %#v", v)
	}
	if v := get[time.Time](t)(o.GetTime("at")); !v.Equal(when) {
		t.Errorf("at = %v, want %v", v, when)
	}
	if v := get[string](t)(o.GetString("dflt")); v != "fallback" {
		t.Errorf("default = %q", v)
	}
	if v := get[float64](t)(o.GetFloat("i")); v != -7 {
		t.Errorf("GetFloat of an INTEGER = %v", v)
	}
}

func TestValuesNullAndEmpty(t *testing.T) {
	s, Thing, _ := typesModel(t)
	o := get[*assoc.Object](t)(s.New(Thing))
	must(t, o.Set("s", ""))
	must(t, o.Set("b", []byte{}))
	must(t, s.Add(o))
	must(t, s.Commit())
	if v := get[any](t)(o.Get("s")); v != "" {
		t.Errorf("empty TEXT = %#v", v)
	}
	if v := get[any](t)(o.Get("b")); v == nil || len(v.([]byte)) != 0 {
		t.Errorf("empty BLOB = %#v", v)
	}
	must(t, o.Set("s", nil))
	must(t, o.Set("b", []byte(nil))) // a nil slice is NULL
	must(t, o.Set("i", (*assoc.Object)(nil)))
	for _, name := range []string{"s", "b", "i", "r", "at"} {
		if v := get[any](t)(o.Get(name)); v != nil {
			t.Errorf("%s = %#v, want nil", name, v)
		}
	}
	// typed getters give zero values for NULL
	if v, err := o.GetString("s"); v != "" || err != nil {
		t.Errorf("GetString of NULL = %q, %v", v, err)
	}
	if v, err := o.GetInt("i"); v != 0 || err != nil {
		t.Errorf("GetInt of NULL = %d, %v", v, err)
	}
	if v, err := o.GetTime("at"); !v.IsZero() || err != nil {
		t.Errorf("GetTime of NULL = %v, %v", v, err)
	}
	// the Null forms tell NULL from zero and empty
	if v, err := o.GetNullString("s"); v.Valid || err != nil {
		t.Errorf("GetNullString of NULL = %v, %v", v, err)
	}
	if v, err := o.GetNullInt("i"); v.Valid || err != nil {
		t.Errorf("GetNullInt of NULL = %v, %v", v, err)
	}
	if v, err := o.GetNullFloat("r"); v.Valid || err != nil {
		t.Errorf("GetNullFloat of NULL = %v, %v", v, err)
	}
	if v, err := o.GetNullBool("flag"); v.Valid || err != nil {
		t.Errorf("GetNullBool of NULL = %v, %v", v, err)
	}
	if v, err := o.GetNullTime("at"); v.Valid || err != nil {
		t.Errorf("GetNullTime of NULL = %v, %v", v, err)
	}
	must(t, o.Set("i", 0))
	must(t, o.Set("s", ""))
	must(t, o.Set("flag", false))
	if v := get[sql.NullInt64](t)(o.GetNullInt("i")); !v.Valid || v.Int64 != 0 {
		t.Errorf("GetNullInt of 0 = %v", v)
	}
	if v := get[sql.NullString](t)(o.GetNullString("s")); !v.Valid || v.String != "" {
		t.Errorf("GetNullString of \"\" = %v", v)
	}
	if v := get[sql.NullBool](t)(o.GetNullBool("flag")); !v.Valid || v.Bool {
		t.Errorf("GetNullBool of false = %v", v)
	}
	if _, err := o.GetNullInt("s"); err == nil {
		t.Error("GetNullInt of TEXT gave no error")
	}
}

// A time in another zone is stored as its instant: read back it is Equal, not hours off.
func TestDateTimeKeepsTheInstant(t *testing.T) {
	s, Thing, _ := typesModel(t)
	est := time.FixedZone("EST", -5*3600)
	when := time.Date(2026, 12, 2, 9, 30, 0, 0, est)
	o := get[*assoc.Object](t)(s.New(Thing))
	must(t, o.Set("at", when))
	must(t, s.Add(o))
	must(t, s.Commit())
	got := get[time.Time](t)(o.GetTime("at"))
	if !got.Equal(when) {
		t.Errorf("at = %v, want the instant %v", got, when)
	}
	if text := get[string](t)(o.GetString("at")); text != "2026-12-02 14:30:00" {
		t.Errorf("stored as %q, want UTC text", text)
	}
	if v := get[sql.NullTime](t)(o.GetNullTime("at")); !v.Valid || !v.Time.Equal(when) {
		t.Errorf("GetNullTime = %v", v)
	}
}

func TestValuesEveryGoIntegerKind(t *testing.T) {
	s, Thing, _ := typesModel(t)
	o := get[*assoc.Object](t)(s.New(Thing))
	cases := []struct {
		v    any
		want int64
	}{{int(1), 1}, {int8(-2), -2}, {int16(3), 3}, {int32(-4), -4}, {int64(5), 5}, {uint(6), 6},
		{uint8(7), 7}, {uint16(8), 8}, {uint32(9), 9}, {uint64(10), 10}, {false, 0}, {true, 1},
		{int64(math.MaxInt64), math.MaxInt64}, {int64(math.MinInt64), math.MinInt64}}
	for _, c := range cases {
		must(t, o.Set("i", c.v))
		if got := get[int64](t)(o.GetInt("i")); got != c.want {
			t.Errorf("%T %v read back as %d", c.v, c.v, got)
		}
	}
	must(t, o.Set("r", float32(0.5)))
	if got := get[float64](t)(o.GetFloat("r")); got != 0.5 {
		t.Errorf("float32 read back as %v", got)
	}
}

func TestValuesRefused(t *testing.T) {
	s, Thing, _ := typesModel(t)
	o := get[*assoc.Object](t)(s.New(Thing))
	must(t, o.Set("s", "kept"))

	// a Go type the library has no kind for
	wantError(t, o.Set("s", make(chan int)), assoc.ErrType, "Thing.s", "chan int")
	wantError(t, o.Set("s", struct{}{}), assoc.ErrType, "Thing.s", "struct {}")
	// an unsigned value past int64
	wantError(t, o.Set("i", uint64(math.MaxUint64)), assoc.ErrRange, "18446744073709551615")
	// the library's own type checks name the attribute
	wantError(t, o.Set("s", 3.5), assoc.ErrType, "s")
	wantError(t, o.Set("flag", 2), assoc.ErrType, "flag", "BOOLEAN")
	wantError(t, o.Set("n", "twelve"), assoc.ErrType, "NUMERIC", "twelve")
	wantError(t, o.Set("at", "yesterday"), assoc.ErrType, "at")
	// typed getters refuse other kinds
	wantError(t, func() error { _, err := o.GetInt("s"); return err }(), assoc.ErrType, "Thing.s", "text")
	wantError(t, func() error { _, err := o.GetObject("s"); return err }(), assoc.ErrType, "Thing.s")
	must(t, o.Set("at", "2024-01-01"))
	must(t, o.Set("s", "2024-13-99 garbage"))
	wantError(t, func() error { _, err := o.GetTime("s"); return err }(), assoc.ErrType, "DATETIME")

	// nothing was changed by the refusals
	if v := get[string](t)(o.GetString("s")); v != "2024-13-99 garbage" {
		t.Errorf("s = %q", v)
	}
}

func TestStrAndRepr(t *testing.T) {
	cases := []struct {
		v         any
		str, repr string
	}{
		{nil, "None", "None"},
		{"jek", "jek", "'jek'"},
		{int64(3), "3", "3"},
		{2.5, "2.5", "2.5"},
		{1e21, "1e+21", "1e+21"},
		{true, "True", "True"},
		{false, "False", "False"},
		{[]byte("ab"), "ab", "ab"},
		{(*assoc.Object)(nil), "None", "None"},
	}
	for _, c := range cases {
		if got := assoc.Str(c.v); got != c.str {
			t.Errorf("Str(%#v) = %q, want %q", c.v, got, c.str)
		}
		if got := assoc.Repr(c.v); got != c.repr {
			t.Errorf("Repr(%#v) = %q, want %q", c.v, got, c.repr)
		}
	}
}

func TestEngineScalarParameters(t *testing.T) {
	_, _, eng := typesModel(t)
	v := get[any](t)(eng.Scalar("SELECT ?1 || '-' || ?2 || '-' || typeof(?3) || '-' || ?4",
		"a", int64(2), nil, 1.5))
	if v != "a-2-null-1.5" {
		t.Errorf("scalar = %#v", v)
	}
	if v := get[any](t)(eng.Scalar("SELECT x'00ff'")); !bytes.Equal(v.([]byte), []byte{0, 0xff}) {
		t.Errorf("blob scalar = %#v", v)
	}
	wantError(t, func() error { _, err := eng.Scalar("SELECT ?1", make(chan int)); return err }(), assoc.ErrType)
	wantError(t, func() error { _, err := eng.Scalar("SELEKT 1"); return err }(), assoc.ErrDB)
}
