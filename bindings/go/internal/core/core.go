// Package core is the low-level Go binding of libassoc: the C API as SWIG
// generates it from swig/go.i (core_swig.go and core_wrap.c, committed; see
// cmake/go_wrapper.cmake), plus the Go halves of its typemaps: values (value.go), errors
// (errors.go) and the callbacks the core calls back into Go (callback.go).
//
// Names follow the C ones without the assoc_ prefix: assoc_object_get_attr
// is Object_get_attr. Status codes come back as error (NewError), out-
// parameters are pointers the wrapper fills, and assoc_value is Value.
//
// The idiomatic package (bindings/go, package assoc) is built on this one;
// programs use that.
package core

/*
#cgo pkg-config: assoc
*/
import "C"
