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

// Elem is an element type that datasets are read into and written from;
// HDF5 converts between it and the dataset's stored type.
type Elem interface {
	float64 | float32 | int64 | int32 | uint8 | uint64
}

// TypeOf is the Type of the element type T.
func TypeOf[T Elem]() Type {
	var z T
	switch any(z).(type) {
	case float64:
		return Float64
	case float32:
		return Float32
	case int64:
		return Int64
	case int32:
		return Int32
	case uint8:
		return Uint8
	}
	return Uint64
}

// Block selects, along each dimension, Count elements from Offset, every
// Stride-th (Stride nil: contiguous). A zero count selects nothing, yet
// still takes part in a collective transfer.
type Block struct {
	Offset, Stride, Count []int
}

// CreateDataset creates the dataset name of type t and shape in file,
// stored contiguously (chunk nil) or in chunks of chunk.
func CreateDataset(file ID, name string, t Type, shape, chunk []int) (ID, error) {
	defer Quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	dims := hsizes(shape)
	var ch *C.hsize_t
	if chunk != nil {
		ch = &hsizes(chunk)[0]
	}
	d := C.gh5_create_dataset(file.c(), cs, C.int(t), C.int(len(dims)), &dims[0], ch)
	if d < 0 {
		if chunk != nil {
			return -1, Errorf("create dataset %q %s%v in chunks of %v", name, t, shape, chunk)
		}
		return -1, Errorf("create dataset %q %s%v", name, t, shape)
	}
	return ID(d), nil
}

// OpenDataset opens the dataset name of file and returns its type (0 if
// not numeric) and shape.
func OpenDataset(file ID, name string) (ID, Type, []int, error) {
	defer Quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	if C.gh5_exists(file.c(), cs) <= 0 {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1, 0, nil, fmt.Errorf("no dataset %q", name)
	}
	d := C.gh5_open_dataset(file.c(), cs)
	if d < 0 {
		return -1, 0, nil, Errorf("open dataset %q", name)
	}
	k := C.gh5_kind(d)
	var dims [32]C.hsize_t
	n := C.gh5_shape(d, &dims[0], C.int(len(dims)))
	if k < 0 || n < 0 {
		err := Errorf("dataset %q: read type and shape", name)
		C.H5Dclose(d)
		return -1, 0, nil, err
	}
	shape := make([]int, n)
	for i := range shape {
		shape[i] = int(dims[i])
	}
	return ID(d), Type(k), shape, nil
}

// Transfer writes data to (write) or reads it into data from the block b
// of dset, with the transfer list dxpl. data holds exactly the block's
// elements. On failure the error is Errorf's to read.
func Transfer[T Elem](write bool, dset ID, b Block, data []T, dxpl ID) bool {
	defer Quiet()()
	o, c := hsizes(b.Offset), hsizes(b.Count)
	var s *C.hsize_t
	if b.Stride != nil {
		s = &hsizes(b.Stride)[0]
	}
	return C.gh5_xfer(cbool(write), dset.c(), C.int(TypeOf[T]()), C.int(len(o)), &o[0], s, &c[0], ptr(data), dxpl.c()) >= 0
}

// TransferRows writes or reads whole rows of dset, those of the
// increasing indices rows along the first dimension, data holding them in
// that order.
func TransferRows[T Elem](write bool, dset ID, rows []int, data []T, dxpl ID) bool {
	defer Quiet()()
	r := make([]C.longlong, len(rows))
	for i, x := range rows {
		r[i] = C.longlong(x)
	}
	return C.gh5_xfer_rows(cbool(write), dset.c(), C.int(TypeOf[T]()), (*C.longlong)(ptr(r)), C.int(len(r)), ptr(data), dxpl.c()) >= 0
}

// Stored describes the type dset holds in the file: its class
// ("integer", "float", "string", "compound", or "other") and element
// size in bytes.
func Stored(dset ID) (class string, size int, ok bool) {
	defer Quiet()()
	var sz C.size_t
	c := C.gh5_stored(dset.c(), &sz)
	if c < 0 {
		return "", 0, false
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
	return class, int(sz), true
}

// DatasetEnd is the file address just past dset's storage, or 0 if it
// has none in one piece.
func DatasetEnd(dset ID) int64 {
	off := DatasetOffset(dset)
	if off < 0 {
		return 0
	}
	return off + StorageSize(dset)
}

// DatasetOffset is the file address of dset's storage, or -1 when it is
// not in one piece (chunked).
func DatasetOffset(dset ID) int64 {
	defer Quiet()()
	off := C.H5Dget_offset(dset.c())
	if off == C.HADDR_UNDEF {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1
	}
	return int64(off)
}

// StorageSize is the bytes of file storage allocated to dset.
func StorageSize(dset ID) int64 { defer Quiet()(); return int64(C.gh5_storage_size(dset.c())) }
