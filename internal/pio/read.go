package pio

// Reading without MPI and strided reads. Their cgo, with that of the
// error-printing setting pio's calls keep to themselves, is in hdf5.go.

import (
	"errors"
	"fmt"
	"os"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/outfile"
)

// OpenSerial opens an existing file read-only in this process alone,
// through HDF5's default file driver, whether or not MPI runs: for serial
// programs such as animate. Nothing on it is collective and no MPI call is
// made: its Dataset reads are independent, and Close only closes.
func OpenSerial(path string) (*File, error) {
	releaseSignals()
	fapl, err := serialAccess()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer releasePlist(fapl)
	return openRead(path, fapl, h5.Default)
}

// openRead opens path read-only with the given access and transfer lists,
// which the File then owns.
func openRead(path string, fapl, dxpl h5.ID) (*File, error) {
	if _, err := os.Stat(path); err != nil {
		// HDF5's own message for a missing file is a page of stack.
		releasePlist(dxpl)
		return nil, fmt.Errorf("open %s: %w", path, errors.Unwrap(err))
	}
	if err := inputKind(path); err != nil {
		releasePlist(dxpl)
		return nil, err
	}
	id, ok := h5.OpenFile(path, fapl, false)
	if !ok {
		err := lockAdvice(h5.Errorf("open %s", path))
		releasePlist(dxpl)
		if !h5.IsHDF5(path) {
			return nil, fmt.Errorf("open %s: not an HDF5 file", path)
		}
		return nil, err
	}
	openFiles.Add(1)
	return &File{id: id, dxpl: dxpl, path: path}, nil
}

// inputKind refuses an input that is not a regular file (through any
// links): HDF5's open(2) of a FIFO without a writer blocks for ever, and
// a directory or a device is no HDF5 file. It stats, never opens. A path
// that cannot be stat'ed is left to the open, which says why.
func inputKind(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("open %s: is %s, not an HDF5 file", path, outfile.Kind(fi.Mode()))
}
