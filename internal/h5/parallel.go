package h5

// The parallel HDF5 calls that take no MPI type (those that do are
// package mpi's).

/*
#include "gh5.h"
*/
import "C"

import "fmt"

// NewTransferList makes a transfer list for independent or collective
// MPI-IO transfers.
func NewTransferList(independent bool) (ID, error) {
	defer Quiet()()
	dxpl := C.gh5_dxpl_mpio(cbool(independent))
	if dxpl < 0 {
		return -1, Errorf("set MPI-IO transfer mode")
	}
	return ID(dxpl), nil
}

// SetCollMetadata makes the metadata reads and writes of files opened
// with fapl collective, or not.
func SetCollMetadata(fapl ID, on bool) error {
	defer Quiet()()
	if C.gh5_coll_metadata(fapl.c(), cbool(on)) < 0 {
		return Errorf("set collective metadata %v", on)
	}
	return nil
}

// NotCollective reports whether the last transfer made with dxpl, asked
// to be collective, ran without collective I/O, and the causes HDF5
// gives (of all ranks together: the same on every rank).
func NotCollective(dxpl ID) (bool, []string, error) {
	defer Quiet()()
	var local, global C.uint32_t
	mode := C.gh5_actual_io(dxpl.c(), &local, &global)
	if mode < 0 {
		return false, nil, Errorf("read the actual MPI-IO transfer mode")
	}
	if mode != C.GH5_NO_COLLECTIVE || global == 0 {
		return false, nil, nil
	}
	var causes []string
	for _, c := range []struct {
		bit  C.uint32_t
		text string
	}{
		{C.GH5_CAUSE_INDEPENDENT, "independent I/O was asked for"},
		{C.GH5_CAUSE_CONVERSION, "a datatype conversion (the buffer's type is not the dataset's)"},
		{C.GH5_CAUSE_TRANSFORMS, "a data transform"},
		{C.GH5_CAUSE_ENV, "HDF5_MPI_OPT_TYPES is off"},
		{C.GH5_CAUSE_SPACES, "a dataspace neither simple nor scalar"},
		{C.GH5_CAUSE_LAYOUT, "a layout neither contiguous nor chunked"},
		{C.GH5_CAUSE_FILTERS, "a filter, which this HDF5 cannot write collectively"},
		{C.GH5_CAUSE_CHECK, "an error while checking whether it could be collective"},
	} {
		if global&c.bit != 0 {
			causes = append(causes, c.text)
		}
	}
	if len(causes) == 0 {
		causes = []string{fmt.Sprintf("cause bits %#x", uint32(global))}
	}
	return true, causes, nil
}
