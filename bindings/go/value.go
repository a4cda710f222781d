package assoc

import (
	"fmt"
	"math"
	"strconv"
	"time"
	"unsafe"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// DateTimeFormat is how a time.Time goes into a DATETIME column (ISO-8601,
// as the library stores it), always converted to UTC first so the stored text
// names the same instant whatever the time's zone; Object.GetTime reads it
// back as a UTC time.Time that is Equal to the one stored.
const DateTimeFormat = "2006-01-02 15:04:05.999999"

// toValue converts a Go value for the library: nil; any integer kind or
// bool (INTEGER); float32/64 (REAL); string (TEXT); []byte (BLOB);
// time.Time (TEXT in DateTimeFormat); *Object (OBJECT). The value only
// borrows the bytes of a string or []byte for the call it is made for.
func toValue(v any) (core.Value, error) {
	switch x := v.(type) {
	case nil:
		return core.Value{}, nil
	case string:
		return core.Value{Kind: core.KindText, Bytes: x}, nil
	case *Object:
		if x == nil {
			return core.Value{}, nil
		}
		return core.Value{Kind: core.KindObject, Object: x.c}, nil
	case int:
		return intValue(int64(x)), nil
	case int64:
		return intValue(x), nil
	case int32:
		return intValue(int64(x)), nil
	case int16:
		return intValue(int64(x)), nil
	case int8:
		return intValue(int64(x)), nil
	case uint:
		return uintValue(uint64(x))
	case uint64:
		return uintValue(x)
	case uint32:
		return intValue(int64(x)), nil
	case uint16:
		return intValue(int64(x)), nil
	case uint8:
		return intValue(int64(x)), nil
	case bool:
		if x {
			return intValue(1), nil
		}
		return intValue(0), nil
	case float64:
		return core.Value{Kind: core.KindReal, Real: x}, nil
	case float32:
		return core.Value{Kind: core.KindReal, Real: float64(x)}, nil
	case []byte:
		if x == nil {
			return core.Value{}, nil
		}
		// Borrowed for the call, like a string: the library copies it.
		return core.Value{Kind: core.KindBlob, Bytes: *(*string)(unsafe.Pointer(&x))}, nil
	case time.Time:
		// the instant, in UTC: the text alone cannot carry a zone, so a zone other than UTC would shift it
		return core.Value{Kind: core.KindText, Bytes: x.UTC().Format(DateTimeFormat)}, nil
	}
	return core.Value{}, errorf(ErrType, "a Go %T is not an assoc value (use nil, an integer, "+
		"a float, a string, []byte, time.Time or *assoc.Object)", v)
}

func intValue(i int64) core.Value { return core.Value{Kind: core.KindInteger, Int: i} }

func uintValue(u uint64) (core.Value, error) {
	if u > math.MaxInt64 {
		return core.Value{}, errorf(ErrRange, "%d does not fit an INTEGER (int64)", u)
	}
	return intValue(int64(u)), nil
}

// toValues converts several values (see toValue).
func toValues(vs []any) ([]core.Value, error) {
	out := make([]core.Value, len(vs))
	for i, v := range vs {
		cv, err := toValue(v)
		if err != nil {
			return nil, err
		}
		out[i] = cv
	}
	return out, nil
}

// fromValue converts a value from the library: nil, int64, float64,
// string, []byte, or *Object (the session's wrapper for that object).
func (s *Session) fromValue(v core.Value) any {
	switch v.Kind {
	case core.KindInteger:
		return v.Int
	case core.KindReal:
		return v.Real
	case core.KindText:
		return v.Bytes
	case core.KindBlob:
		return []byte(v.Bytes)
	case core.KindObject:
		return s.wrap(v.Object)
	}
	return nil
}

// plainValue converts a value that cannot be an object (engine results,
// statement parameters).
func plainValue(v core.Value) any {
	if v.Kind == core.KindObject {
		return fmt.Sprintf("<object %#x>", uintptr(v.Object))
	}
	return (*Session)(nil).fromValue(v)
}

// Str formats a value as Python's print() shows it: strings bare, nil as
// None, booleans as True/False, objects by their repr ("<User 1>").
func Str(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case []byte:
		return string(x)
	case *Object:
		return x.String()
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Repr formats a value as the Python REPL shows it: strings quoted.
func Repr(v any) string {
	if s, ok := v.(string); ok {
		return "'" + s + "'"
	}
	return Str(v)
}
