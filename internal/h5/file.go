package h5

/*
#include <stdlib.h>
#include "gh5.h"
*/
import "C"

import "unsafe"

// CreateFile creates (truncating) the file at path with the file access
// list fapl. On failure the error is Errorf's to read.
func CreateFile(path string, fapl ID) (ID, bool) {
	defer Quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	f := C.H5Fcreate(cs, C.H5F_ACC_TRUNC, C.H5P_DEFAULT, fapl.c())
	return ID(f), f >= 0
}

// OpenFile opens the file at path, read-write if write, with fapl.
func OpenFile(path string, fapl ID, write bool) (ID, bool) {
	defer Quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	mode := C.uint(C.H5F_ACC_RDONLY)
	if write {
		mode = C.H5F_ACC_RDWR
	}
	f := C.H5Fopen(cs, mode, fapl.c())
	return ID(f), f >= 0
}

// Flush writes out everything HDF5 holds for file f and, through the
// MPI-IO driver, syncs it to storage (MPI_File_sync). Collective there.
func Flush(f ID) bool {
	defer Quiet()()
	return C.H5Fflush(f.c(), C.H5F_SCOPE_GLOBAL) >= 0
}

// IsHDF5 reports whether path holds an HDF5 file's signature.
func IsHDF5(path string) bool {
	defer Quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	ok := C.H5Fis_hdf5(cs) > 0
	C.H5Eclear2(C.H5E_DEFAULT)
	return ok
}

// Exists reports whether file holds an object called name (a path such
// as "grp/x" needs its groups to exist). where names the file in errors.
func Exists(file ID, where, name string) (bool, error) {
	defer Quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	switch rc := C.H5Lexists(file.c(), cs, C.H5P_DEFAULT); {
	case rc > 0:
		return true, nil
	case rc == 0:
		return false, nil
	}
	return false, Errorf("%s: look up %q", where, name)
}

// RootGroup opens the root group of file.
func RootGroup(file ID) (ID, error) {
	defer Quiet()()
	g := C.gh5_root(file.c())
	if g < 0 {
		return -1, Errorf("open root group")
	}
	return ID(g), nil
}

// The closes of each kind of identifier.
func CloseGroup(g ID) bool   { defer Quiet()(); return C.H5Gclose(g.c()) >= 0 }
func CloseDataset(d ID) bool { defer Quiet()(); return C.H5Dclose(d.c()) >= 0 }
func CloseFile(f ID) bool    { defer Quiet()(); return C.H5Fclose(f.c()) >= 0 }
func ClosePlist(p ID) bool   { defer Quiet()(); return C.H5Pclose(p.c()) >= 0 }

// NewAccessList makes a file access list of HDF5's defaults.
func NewAccessList() (ID, error) {
	defer Quiet()()
	p := C.gh5_fapl_new()
	if p < 0 {
		return -1, Errorf("create a file access property list")
	}
	return ID(p), nil
}

// SetAlignment makes objects of at least threshold bytes start on
// multiples of align in files made with fapl.
func SetAlignment(fapl ID, threshold, align int64) error {
	defer Quiet()()
	if C.gh5_set_alignment(fapl.c(), C.hsize_t(threshold), C.hsize_t(align)) < 0 {
		return Errorf("set alignment %d (threshold %d)", align, threshold)
	}
	return nil
}

// SetFileLocking sets HDF5's file locks on or off (use), or to be tried
// but not required (bestEffort), for files opened with fapl.
func SetFileLocking(fapl ID, use, bestEffort bool) error {
	defer Quiet()()
	if C.gh5_file_locking(fapl.c(), cbool(use), cbool(bestEffort)) < 0 {
		return Errorf("set file locking")
	}
	return nil
}
