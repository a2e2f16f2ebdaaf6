package pio

// Reading without MPI, strided reads, and the error-printing setting that
// pio's calls keep to themselves.

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include <hdf5.h>

// The automatic error printing in force outside pio, saved while one of
// pio's calls runs with it off. A setting made through HDF5's old (v1)
// interface cannot be read back through v2: it is then left alone.
typedef struct { H5E_auto2_t func; void *data; int saved; } pio_auto;

static void pio_quiet_enter(pio_auto *a) {
	a->saved = H5Eget_auto2(H5E_DEFAULT, &a->func, &a->data) >= 0;
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
static void pio_quiet_leave(pio_auto *a) {
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, a->func, a->data);
}

// For tests: whether HDF5 prints errors by itself, and turning that on
// (HDF5's default) or off.
static int pio_printing(void) {
	H5E_auto2_t f = NULL;
	void *d = NULL;
	H5Eget_auto2(H5E_DEFAULT, &f, &d);
	return f != NULL;
}
static void pio_set_printing(int on) {
	if (on) H5Eset_auto2(H5E_DEFAULT, (H5E_auto2_t)H5Eprint2, stderr);
	else H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

// pio_stored gives the class and byte size of a dataset's stored type.
static int pio_stored(hid_t dset, size_t *size) {
	hid_t t = H5Dget_type(dset);
	if (t < 0) return -1;
	H5T_class_t c = H5Tget_class(t);
	*size = H5Tget_size(t);
	H5Tclose(t);
	return c;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"unsafe"
)

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

// OpenSerial opens an existing file read-only in this process alone,
// through HDF5's default file driver, whether or not MPI runs: for serial
// programs such as animate. Nothing on it is collective and no MPI call is
// made: its Dataset reads are independent, and Close only closes.
func OpenSerial(path string) (*File, error) {
	releaseSignals()
	return openRead(path, hid(C.H5P_DEFAULT), hid(C.H5P_DEFAULT))
}

// openRead opens path read-only with the given access and transfer lists,
// which the File then owns.
func openRead(path string, fapl, dxpl hid) (*File, error) {
	if _, err := os.Stat(path); err != nil {
		// HDF5's own message for a missing file is a page of stack.
		releasePlist(dxpl)
		return nil, fmt.Errorf("open %s: %w", path, errors.Unwrap(err))
	}
	id, ok := openFile(path, fapl)
	if !ok {
		err := h5err("open %s", path)
		releasePlist(dxpl)
		if !isHDF5(path) {
			return nil, fmt.Errorf("open %s: not an HDF5 file", path)
		}
		return nil, err
	}
	openFiles.Add(1)
	return &File{id: id, dxpl: dxpl, path: path}, nil
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

// ReadStrided reads count elements along each dimension from offset,
// every stride-th (stride 1 is Read), into data, converting from the
// dataset's type. Collective on a file opened with Open, like Read.
func (d *Dataset) ReadStrided(offset, stride, count []int, data any) error {
	return d.transfer(false, offset, stride, count, data)
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
