package core

/*
#include <stdlib.h>
#include "assoc.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

// The Go side of a proxy's getset_factory (swig/go.i: assoc_go_getset_factory
// and the getter and setter trampolines it installs). hostRef is the id the
// assoc package gave Proxy_options.Set_getset_factory_id.
var (
	// GetsetFactoryHook is called once at configure with the proxy's
	// kind; it reports which of a getter and a setter it has.
	GetsetFactoryHook func(hostRef uintptr, kind int) (getter, setter bool, err error)

	// GetterHook reads the proxied value off target, which belongs to
	// session.
	GetterHook func(hostRef uintptr, session Session, target Object) (Value, error)

	// SetterHook writes value (and a dict proxy's key, nil otherwise)
	// onto target.
	SetterHook func(hostRef uintptr, session Session, target Object, key *Value, value Value) error

	// BulkSetHook assigns a whole proxy view (just cleared): values, and a
	// dict's keys (nil otherwise).
	BulkSetHook func(hostRef uintptr, session Session, view Collection, keys, values []Value) error
)

//export assocGoBulkSet
func assocGoBulkSet(hostRef C.uintptr_t, session *C.assoc_session, view *C.assoc_collection, keys, values *C.assoc_value,
	n C.size_t) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			rc = callbackFailedAs("bulk setter", &PanicError{Value: r})
		}
	}()
	vs := make([]Value, int(n))
	var ks []Value
	if keys != nil {
		ks = make([]Value, int(n))
	}
	if n > 0 {
		for i, cv := range unsafe.Slice(values, int(n)) {
			vs[i] = valueFromC(&cv)
		}
		if keys != nil {
			for i, cv := range unsafe.Slice(keys, int(n)) {
				ks[i] = valueFromC(&cv)
			}
		}
	}
	err := BulkSetHook(uintptr(hostRef), Session(uintptr(unsafe.Pointer(session))),
		Collection(uintptr(unsafe.Pointer(view))), ks, vs)
	if err != nil {
		return callbackFailedAs("bulk setter", err)
	}
	return 0
}

//export assocGoGetsetFactory
func assocGoGetsetFactory(hostRef C.uintptr_t, kind C.int, has *C.int) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			rc = callbackFailedAs("getset factory", &PanicError{Value: r})
		}
	}()
	g, s, err := GetsetFactoryHook(uintptr(hostRef), int(kind))
	if err != nil {
		return callbackFailedAs("getset factory", err)
	}
	*has = 0
	if g {
		*has |= 1
	}
	if s {
		*has |= 2
	}
	return 0
}

//export assocGoGet
func assocGoGet(hostRef C.uintptr_t, session *C.assoc_session, target *C.assoc_object, out *C.assoc_value) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			rc = callbackFailedAs("getter", &PanicError{Value: r})
		}
	}()
	v, err := GetterHook(uintptr(hostRef), Session(uintptr(unsafe.Pointer(session))),
		Object(uintptr(unsafe.Pointer(target))))
	if err != nil {
		return callbackFailedAs("getter", err)
	}
	*out = internValue(uintptr(hostRef), &v)
	return 0
}

//export assocGoSet
func assocGoSet(hostRef C.uintptr_t, session *C.assoc_session, target *C.assoc_object, key, value *C.assoc_value) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			rc = callbackFailedAs("setter", &PanicError{Value: r})
		}
	}()
	var k *Value
	if key != nil {
		kv := valueFromC(key)
		k = &kv
	}
	err := SetterHook(uintptr(hostRef), Session(uintptr(unsafe.Pointer(session))),
		Object(uintptr(unsafe.Pointer(target))), k, valueFromC(value))
	if err != nil {
		return callbackFailedAs("setter", err)
	}
	return 0
}

// A getter's value is borrowed by the library, as a C getter's from its
// object's state, and may be held while other members are read: the bytes
// of TEXT and BLOB values are kept in C memory, one copy per distinct value
// and getter, until FreeGetset.
var interned = struct {
	sync.Mutex
	m map[uintptr]map[string]unsafe.Pointer
}{m: map[uintptr]map[string]unsafe.Pointer{}}

func internValue(hostRef uintptr, v *Value) C.assoc_value {
	cv := v.c()
	if v.Kind != KindText && v.Kind != KindBlob {
		return cv
	}
	interned.Lock()
	defer interned.Unlock()
	byValue := interned.m[hostRef]
	if byValue == nil {
		byValue = map[string]unsafe.Pointer{}
		interned.m[hostRef] = byValue
	}
	p := byValue[v.Bytes]
	if p == nil {
		p = C.CBytes([]byte(v.Bytes + "\x00")) // NUL-terminated, as the library's own text
		byValue[v.Bytes] = p
	}
	*(*uintptr)(unsafe.Pointer(&cv.u[0])) = uintptr(p)
	return cv
}

// FreeGetset frees what the getter behind hostRef returned; no call may
// reach it any more.
func FreeGetset(hostRef uintptr) {
	interned.Lock()
	defer interned.Unlock()
	for _, p := range interned.m[hostRef] {
		C.free(p)
	}
	delete(interned.m, hostRef)
}
