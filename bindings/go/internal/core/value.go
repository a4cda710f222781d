package core

/*
#include "assoc.h"
*/
import "C"

import (
	"reflect"
	"strings"
	"unsafe"
)

// ValueKind is the kind of a Value (assoc_value_kind).
type ValueKind int

// The value kinds, as in assoc/value.h.
const (
	KindNull    ValueKind = 0
	KindInteger ValueKind = 1
	KindReal    ValueKind = 2
	KindText    ValueKind = 3
	KindBlob    ValueKind = 4
	KindObject  ValueKind = 5
)

// Value is assoc_value on the Go side. Bytes holds TEXT and BLOB (a Go
// string: values handed out are copies); Object an object handle.
type Value struct {
	Kind   ValueKind
	Int    int64
	Real   float64
	Bytes  string
	Object Object
}

// c is the C value for one call. TEXT and BLOB point into v.Bytes: the
// typemap keeps v reachable (and so on the heap) until the call returns,
// as SWIG does for the strings it passes.
func (v *Value) c() (cv C.assoc_value) {
	cv.kind = C.assoc_value_kind(v.Kind)
	word := unsafe.Pointer(&cv.u[0])
	switch v.Kind {
	case KindInteger:
		*(*int64)(word) = v.Int
	case KindReal:
		*(*float64)(word) = v.Real
	case KindText, KindBlob:
		*(*uintptr)(word) = (*reflect.StringHeader)(unsafe.Pointer(&v.Bytes)).Data
		*(*uintptr)(unsafe.Pointer(&cv.u[unsafe.Sizeof(uintptr(0))])) = uintptr(len(v.Bytes))
	case KindObject:
		*(*uintptr)(word) = uintptr(v.Object)
	}
	return cv
}

// cValues converts values for one call (see c).
func cValues(vs []Value) []C.assoc_value {
	if len(vs) == 0 {
		return nil
	}
	out := make([]C.assoc_value, len(vs))
	for i := range vs {
		out[i] = vs[i].c()
	}
	return out
}

// cKeys is cValues for dict keys: nil stays nil (no keys), but an empty
// slice gets a backing array, so that C sees a pointer for no items.
func cKeys(vs []Value) []C.assoc_value {
	if vs == nil {
		return nil
	}
	n := len(vs)
	if n == 0 {
		n = 1
	}
	out := make([]C.assoc_value, len(vs), n)
	for i := range vs {
		out[i] = vs[i].c()
	}
	return out
}

// valueFromC copies a C value: TEXT and BLOB bytes into a Go string.
func valueFromC(cv *C.assoc_value) Value {
	word := unsafe.Pointer(&cv.u[0])
	v := Value{Kind: ValueKind(cv.kind)}
	switch v.Kind {
	case KindInteger:
		v.Int = *(*int64)(word)
	case KindReal:
		v.Real = *(*float64)(word)
	case KindText, KindBlob:
		data := *(*unsafe.Pointer)(word)
		n := *(*uintptr)(unsafe.Pointer(&cv.u[unsafe.Sizeof(uintptr(0))]))
		if n > 0 {
			v.Bytes = string(unsafe.Slice((*byte)(data), n))
		}
	case KindObject:
		v.Object = Object(*(*uintptr)(word))
	}
	return v
}

// joinNames passes a list of names as one NUL-separated string.
func joinNames(names []string) string { return strings.Join(names, "\x00") }
