package h5

/*
#include <stdlib.h>
#include "gh5.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// AttrValue is what an attribute holds: a scalar number or string, or a
// one-dimensional array of numbers. Strings are stored as variable-length
// UTF-8, which h5py reads as str.
type AttrValue interface {
	string | float64 | int64 | []float64 | []int64
}

// SetAttr writes the attribute name of obj (a file's root group, a
// dataset). where names obj in errors.
func SetAttr[T AttrValue](obj ID, where, name string, value T) error {
	defer Quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	num := func(t Type, n int, scalar bool, p unsafe.Pointer) C.herr_t {
		return C.gh5_attr_num(obj.c(), cs, C.int(t), C.hsize_t(n), cbool(scalar), p)
	}
	var rc C.herr_t
	switch v := any(value).(type) {
	case string:
		s := C.CString(v)
		defer C.free(unsafe.Pointer(s))
		rc = C.gh5_attr_str(obj.c(), cs, s)
	case float64:
		rc = num(Float64, 1, true, unsafe.Pointer(&v))
	case int64:
		rc = num(Int64, 1, true, unsafe.Pointer(&v))
	case []float64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Float64, len(v), false, ptr(v))
	case []int64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Int64, len(v), false, ptr(v))
	}
	if rc < 0 {
		return Errorf("%s: write attribute %q", where, name)
	}
	return nil
}

// Attr reads the scalar attribute name of obj: a float64, an int64 or a
// string; nil if obj has none of that name.
func Attr(obj ID, where, name string) (any, error) {
	defer Quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var (
		f C.double
		i C.longlong
		s *C.char
	)
	switch C.gh5_attr_get(obj.c(), cs, &f, &i, &s) {
	case 0:
		return nil, nil
	case 1:
		return float64(f), nil
	case 2:
		return int64(i), nil
	case 3:
		defer C.free(unsafe.Pointer(s))
		return C.GoString(s), nil
	case 4:
		return nil, fmt.Errorf("%s: attribute %q is not a scalar number or string", where, name)
	}
	return nil, Errorf("%s: read attribute %q", where, name)
}

// Attribute is a named attribute value, of one of the AttrValue types
// (NewAttr makes it): a list of them describes what an object carries.
type Attribute struct {
	Name  string
	Value any // a string, float64, int64, []float64 or []int64
	set   func(obj ID, where string) error
}

// NewAttr is the attribute name holding value.
func NewAttr[T AttrValue](name string, value T) Attribute {
	return Attribute{Name: name, Value: value, set: func(obj ID, where string) error {
		return SetAttr(obj, where, name, value)
	}}
}

// Write writes a on obj; where names obj in errors.
func (a Attribute) Write(obj ID, where string) error {
	if a.set == nil {
		return fmt.Errorf("%s: attribute %q: no value (made without NewAttr)", where, a.Name)
	}
	return a.set(obj, where)
}
