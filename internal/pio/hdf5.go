package pio

// This file is pio's cgo layer for the HDF5 calls shared by the MPI build
// and the one-rank stand-in, their C in hdf5.c (declared in pio_hdf5.h).
// The MPI-IO specific calls live in mpi.go.
// Everything here takes and returns Go types, bar the hid_t handles that
// the rest of the package keeps as the hid type.

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include "pio_hdf5.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// hid is an HDF5 identifier.
type hid = C.hid_t

// Type is the element type of a dataset.
type Type int

// Element types pio creates, reads and writes. Files always hold the
// little-endian form.
const (
	Float64 Type = C.PIO_F64
	Float32 Type = C.PIO_F32
	Int64   Type = C.PIO_I64
	Int32   Type = C.PIO_I32
	Uint8   Type = C.PIO_U8
	Uint64  Type = C.PIO_U64
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
	Op    string   // what pio was doing, with the file or dataset it concerned
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

// h5err reads and clears HDF5's error stack into an *Error for op,
// keeping each level's description once.
func h5err(format string, args ...any) error {
	var b C.pio_errbuf
	C.pio_error_stack(&b)
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

func hsizes(v []int) []C.hsize_t {
	out := make([]C.hsize_t, len(v))
	for i, x := range v {
		out[i] = C.hsize_t(x)
	}
	return out
}

func createDataset(file hid, name string, t Type, shape []int) (hid, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	dims := hsizes(shape)
	d := C.pio_create_dataset(file, cs, C.int(t), C.int(len(dims)), &dims[0], nil)
	if d < 0 {
		return -1, h5err("create dataset %q %s%v", name, t, shape)
	}
	return d, nil
}

// openDataset opens a dataset and returns its kind (0 if not numeric) and
// shape.
func openDataset(file hid, name string) (hid, Type, []int, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	if C.pio_exists(file, cs) <= 0 {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1, 0, nil, fmt.Errorf("no dataset %q", name)
	}
	d := C.pio_open_dataset(file, cs)
	if d < 0 {
		return -1, 0, nil, h5err("open dataset %q", name)
	}
	k := C.pio_kind(d)
	var dims [32]C.hsize_t
	n := C.pio_shape(d, &dims[0], C.int(len(dims)))
	if k < 0 || n < 0 {
		err := h5err("dataset %q: read type and shape", name)
		C.H5Dclose(d)
		return -1, 0, nil, err
	}
	shape := make([]int, n)
	for i := range shape {
		shape[i] = int(dims[i])
	}
	return d, Type(k), shape, nil
}

// sliceOf returns the element type and first-element pointer of a
// supported slice; the pointer is nil for an empty slice.
func sliceOf(data any) (Type, unsafe.Pointer, int, error) {
	switch s := data.(type) {
	case []float64:
		return Float64, ptr(s), len(s), nil
	case []float32:
		return Float32, ptr(s), len(s), nil
	case []int64:
		return Int64, ptr(s), len(s), nil
	case []int32:
		return Int32, ptr(s), len(s), nil
	case []uint8:
		return Uint8, ptr(s), len(s), nil
	case []uint64:
		return Uint64, ptr(s), len(s), nil
	}
	return 0, nil, 0, fmt.Errorf("unsupported buffer type %T", data)
}

func ptr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

// xfer transfers one block; stride nil means contiguous.
func xfer(write bool, dset hid, t Type, off, stride, cnt []int, buf unsafe.Pointer, dxpl hid) bool {
	defer quiet()()
	w := C.int(0)
	if write {
		w = 1
	}
	o, c := hsizes(off), hsizes(cnt)
	var s *C.hsize_t
	if stride != nil {
		s = &hsizes(stride)[0]
	}
	return C.pio_xfer(w, dset, C.int(t), C.int(len(o)), &o[0], s, &c[0], buf, dxpl) >= 0
}

// setAttr writes a scalar, 1-D or string attribute on obj. where names
// obj in errors.
func setAttr(obj hid, where, name string, value any) error {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	num := func(t Type, n int, scalar bool, p unsafe.Pointer) C.herr_t {
		sc := C.int(0)
		if scalar {
			sc = 1
		}
		return C.pio_attr_num(obj, cs, C.int(t), C.hsize_t(n), sc, p)
	}
	var rc C.herr_t
	switch v := value.(type) {
	case string:
		s := C.CString(v)
		defer C.free(unsafe.Pointer(s))
		rc = C.pio_attr_str(obj, cs, s)
	case float64:
		rc = num(Float64, 1, true, unsafe.Pointer(&v))
	case int:
		x := int64(v)
		rc = num(Int64, 1, true, unsafe.Pointer(&x))
	case int64:
		rc = num(Int64, 1, true, unsafe.Pointer(&v))
	case []float64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Float64, len(v), false, unsafe.Pointer(&v[0]))
	case []int64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Int64, len(v), false, unsafe.Pointer(&v[0]))
	default:
		return fmt.Errorf("%s: attribute %q: unsupported type %T", where, name, value)
	}
	if rc < 0 {
		return h5err("%s: write attribute %q", where, name)
	}
	return nil
}

func rootGroup(file hid) (hid, error) {
	defer quiet()()
	g := C.pio_root(file)
	if g < 0 {
		return -1, h5err("open root group")
	}
	return g, nil
}

func closeGroup(g hid) bool   { defer quiet()(); return C.H5Gclose(g) >= 0 }
func closeDataset(d hid) bool { defer quiet()(); return C.H5Dclose(d) >= 0 }
func closeFile(f hid) bool    { defer quiet()(); return C.H5Fclose(f) >= 0 }
func closePlist(p hid) bool   { defer quiet()(); return C.H5Pclose(p) >= 0 }

// createFile and openFile use a file access property list from the
// driver (mpi.go or standin.go).
func createFile(path string, fapl hid) (hid, bool) {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	f := C.H5Fcreate(cs, C.H5F_ACC_TRUNC, C.H5P_DEFAULT, fapl)
	return f, f >= 0
}

func openFile(path string, fapl hid, write bool) (hid, bool) {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	mode := C.uint(C.H5F_ACC_RDONLY)
	if write {
		mode = C.H5F_ACC_RDWR
	}
	f := C.H5Fopen(cs, mode, fapl)
	return f, f >= 0
}

// flushFile writes out everything HDF5 holds for f and, through the
// MPI-IO driver, syncs it to storage (MPI_File_sync). Collective.
func flushFile(f hid) bool {
	defer quiet()()
	return C.H5Fflush(f, C.H5F_SCOPE_GLOBAL) >= 0
}

// xferRows transfers whole rows (increasing indices) of dset.
func xferRows(write bool, dset hid, t Type, rows []int, buf unsafe.Pointer, dxpl hid) bool {
	defer quiet()()
	w := C.int(0)
	if write {
		w = 1
	}
	r := make([]C.longlong, len(rows))
	for i, x := range rows {
		r[i] = C.longlong(x)
	}
	return C.pio_xfer_rows(w, dset, C.int(t), (*C.longlong)(ptr(r)), C.int(len(r)), buf, dxpl) >= 0
}

// getAttr reads a scalar attribute of obj: float64, int64 or string; nil
// if obj has none of that name.
func getAttr(obj hid, where, name string) (any, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var (
		f C.double
		i C.longlong
		s *C.char
	)
	switch C.pio_attr_get(obj, cs, &f, &i, &s) {
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
	return nil, h5err("%s: read attribute %q", where, name)
}

// datasetEnd is the file address just past d's storage, or 0 if it has
// none in one piece.
func datasetEnd(d hid) int64 {
	defer quiet()()
	off := C.H5Dget_offset(d)
	if off == C.HADDR_UNDEF {
		C.H5Eclear2(C.H5E_DEFAULT)
		return 0
	}
	return int64(off) + int64(C.H5Dget_storage_size(d))
}

// HDF5Version is the version of the HDF5 library linked in.
func HDF5Version() string {
	var maj, min, rel C.uint
	C.H5get_libversion(&maj, &min, &rel)
	return fmt.Sprintf("%d.%d.%d", maj, min, rel)
}

// defaultPlist is HDF5's default property list (H5P_DEFAULT).
const defaultPlist = hid(C.H5P_DEFAULT)

// quiet turns HDF5's automatic error printing off for one of pio's calls
// and returns what restores the setting found, so that pio reports
// errors as Go errors without changing how HDF5 behaves for other code in
// the process (gonum/hdf5 in the tests, say). Use: defer quiet()().
// HDF5 keeps the error stack across the setting's change, so h5err may
// read it after the restore.
func quiet() func() {
	var a C.pio_auto
	C.pio_quiet_enter(&a)
	return func() { C.pio_quiet_leave(&a) }
}

// errorPrinting reports whether HDF5 prints errors by itself; for tests.
func errorPrinting() bool { return C.pio_printing() != 0 }

// setErrorPrinting turns HDF5's own error printing on or off; for tests.
func setErrorPrinting(on bool) {
	v := C.int(0)
	if on {
		v = 1
	}
	C.pio_set_printing(v)
}

// isHDF5 reports whether path holds an HDF5 file's signature.
func isHDF5(path string) bool {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	ok := C.H5Fis_hdf5(cs) > 0
	C.H5Eclear2(C.H5E_DEFAULT)
	return ok
}

// Stored describes the type the dataset holds in the file: its class
// ("integer", "float", "string", "compound", or "other") and element size
// in bytes. Read converts integers and floats of any size and byte order
// to the buffer's type; Stored is for checking that a file holds what a
// layout prescribes.
func (d *Dataset) Stored() (class string, size int, err error) {
	defer quiet()()
	var sz C.size_t
	c := C.pio_stored(d.id, &sz)
	if c < 0 {
		return "", 0, h5err("%s: dataset %s: read its type", d.f.path, d.name)
	}
	switch c {
	case C.H5T_INTEGER:
		class = "integer"
	case C.H5T_FLOAT:
		class = "float"
	case C.H5T_STRING:
		class = "string"
	case C.H5T_COMPOUND:
		class = "compound"
	default:
		class = "other"
	}
	return class, int(sz), nil
}

// Has reports whether the file holds an object called name (a path such
// as "grp/x" needs its groups to exist). Collective on a file opened with
// Open.
func (f *File) Has(name string) (bool, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	switch rc := C.H5Lexists(f.id, cs, C.H5P_DEFAULT); {
	case rc > 0:
		return true, nil
	case rc == 0:
		return false, nil
	}
	return false, h5err("%s: look up %q", f.path, name)
}

// The wrappers of props.go, own.go and chunked.go, from here to the end.

// newAccessList makes a file access list of HDF5's defaults, for the
// stand-in, whose driver hands out H5P_DEFAULT, when a knob needs a
// list of its own.
func newAccessList() (hid, error) {
	defer quiet()()
	p := C.pio_fapl_new()
	if p < 0 {
		return -1, h5err("create a file access property list")
	}
	return p, nil
}

func setAlignment(fapl hid, threshold, align int64) error {
	defer quiet()()
	if C.pio_set_alignment(fapl, C.hsize_t(threshold), C.hsize_t(align)) < 0 {
		return h5err("set alignment %d (threshold %d)", align, threshold)
	}
	return nil
}

func createChunked(file hid, name string, t Type, shape, chunk []int) (hid, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	dims, ch := hsizes(shape), hsizes(chunk)
	d := C.pio_create_dataset(file, cs, C.int(t), C.int(len(dims)), &dims[0], &ch[0])
	if d < 0 {
		return -1, h5err("create dataset %q %s%v in chunks of %v", name, t, shape, chunk)
	}
	return d, nil
}

// storageSize is the bytes of file storage allocated to d.
func storageSize(d hid) int64 { defer quiet()(); return int64(C.pio_storage_size(d)) }

// datasetOffset is the file address of d's storage, or -1 when it is
// not in one piece (chunked).
func datasetOffset(d hid) int64 {
	defer quiet()()
	off := C.H5Dget_offset(d)
	if off == C.HADDR_UNDEF {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1
	}
	return int64(off)
}

func setFileLocking(fapl hid, use, bestEffort bool) error {
	defer quiet()()
	b := func(v bool) C.int {
		if v {
			return 1
		}
		return 0
	}
	if C.pio_file_locking(fapl, b(use), b(bestEffort)) < 0 {
		return h5err("set file locking")
	}
	return nil
}
