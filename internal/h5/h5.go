package h5

// The cgo side of every call, its C in gh5.c (declared in gh5.h).

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include "gh5.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// ID is an HDF5 identifier (hid_t): of a file, a dataset, a group or a
// property list.
type ID int64

func (id ID) c() C.hid_t { return C.hid_t(id) }

// Default is HDF5's default property list (H5P_DEFAULT).
const Default = ID(C.H5P_DEFAULT)

// Type is the element type of a dataset.
type Type int

// Element types h5 creates, reads and writes. Files always hold the
// little-endian form.
const (
	Float64 Type = C.GH5_F64
	Float32 Type = C.GH5_F32
	Int64   Type = C.GH5_I64
	Int32   Type = C.GH5_I32
	Uint8   Type = C.GH5_U8
	Uint64  Type = C.GH5_U64
)

func (t Type) String() string {
	switch t {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	case Int64:
		return "int64"
	case Int32:
		return "int32"
	case Uint8:
		return "uint8"
	case Uint64:
		return "uint64"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Error is an HDF5 failure, with the messages HDF5 pushed on its error
// stack, outermost first.
type Error struct {
	Op    string   // what was being done, with the file or dataset it concerned
	Stack []string // HDF5's descriptions, outermost call first
}

func (e *Error) Error() string {
	if len(e.Stack) == 0 {
		return e.Op + ": HDF5 call failed"
	}
	// The outermost message says what failed, the innermost two say why;
	// the levels between mostly repeat them.
	msgs := e.Stack
	if len(msgs) > 3 {
		msgs = append([]string{msgs[0]}, msgs[len(msgs)-2:]...)
	}
	return e.Op + ": " + strings.Join(msgs, ": ")
}

// Errorf reads and clears HDF5's error stack into an *Error for the
// operation the format names, keeping each level's description once: the
// error of the call that just failed.
func Errorf(format string, args ...any) error {
	var b C.gh5_errbuf
	C.gh5_error_stack(&b)
	e := &Error{Op: fmt.Sprintf(format, args...)}
	seen := map[string]bool{}
	for _, rec := range strings.Split(C.GoStringN(&b.buf[0], C.int(b.len)), "\x1e") {
		desc, minor, _ := strings.Cut(rec, "\x1f")
		m := strings.Join(strings.Fields(desc), " ")
		if m == "" {
			m = strings.TrimSpace(minor)
		}
		if i := strings.Index(m, "MPI error string is "); i >= 0 {
			m = m[:i] + strings.Trim(m[i+len("MPI error string is "):], "'")
		}
		if m == "" || seen[strings.ToLower(m)] {
			continue
		}
		seen[strings.ToLower(m)] = true
		e.Stack = append(e.Stack, m)
	}
	return e
}

// Version is the version of the HDF5 library linked in.
func Version() string {
	var maj, min, rel C.uint
	C.H5get_libversion(&maj, &min, &rel)
	return fmt.Sprintf("%d.%d.%d", maj, min, rel)
}

// Quiet turns HDF5's automatic error printing off for one call and
// returns what restores the setting found, so that failures come back as
// Go errors without changing how HDF5 behaves for other code in the
// process (gonum/hdf5 in the tests, say). Use: defer Quiet()(). HDF5
// keeps the error stack across the setting's change, so Errorf may read
// it after the restore.
func Quiet() func() {
	var a C.gh5_auto
	C.gh5_quiet_enter(&a)
	return func() { C.gh5_quiet_leave(&a) }
}

// ErrorPrinting reports whether HDF5 prints errors by itself.
func ErrorPrinting() bool { return C.gh5_printing() != 0 }

// SetErrorPrinting turns HDF5's own error printing on (its default) or
// off.
func SetErrorPrinting(on bool) { C.gh5_set_printing(cbool(on)) }

func cbool(v bool) C.int {
	if v {
		return 1
	}
	return 0
}

func hsizes(v []int) []C.hsize_t {
	out := make([]C.hsize_t, len(v))
	for i, x := range v {
		out[i] = C.hsize_t(x)
	}
	return out
}

func ptr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}
