package pio

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/outfile"
)

// Files of one rank: a file per process, as IOR's -F makes them. They go
// through the MPI-IO driver on MPI_COMM_SELF, with the same hints and
// knobs as shared files, and follow the same output rules: claimed,
// written as NAME.partial, renamed when complete. Nothing on them is
// collective across ranks.

// CreateOwn creates path for this rank alone. As with Create, the data
// goes to path+".partial" until Close renames it to path; a failure is
// this rank's own, not shared.
func CreateOwn(path string, o Options) (*File, error) {
	releaseSignals()
	fapl, dxpl, k, err := fileLists(o, true, true)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer releasePlist(fapl)
	c, err := outfile.Take(path)
	if err != nil {
		releasePlist(dxpl)
		return nil, err
	}
	id, ok := h5.CreateFile(c.Partial, fapl)
	if !ok {
		err := lockAdvice(h5.Errorf("create %s", c.Partial))
		c.Abandon()
		releasePlist(dxpl)
		return nil, err
	}
	openFiles.Add(1)
	f := &File{id: id, dxpl: dxpl, path: path, claim: c, knobs: k, own: true}
	f.opened(true)
	return f, nil
}

// OpenOwn opens an existing file read-only for this rank alone.
func OpenOwn(path string, o Options) (*File, error) { return openKnobs(path, o, true) }

// openKnobs opens path read-only with o's hints and knobs, on every rank
// together or (self) on this one.
func openKnobs(path string, o Options, self bool) (*File, error) {
	releaseSignals()
	fapl, dxpl, k, err := fileLists(o, self, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer releasePlist(fapl)
	f, err := openRead(path, fapl, dxpl)
	if err != nil {
		return nil, err
	}
	f.knobs, f.own = k, self
	f.opened(false)
	return f, nil
}

// commitOwn renames the closed partial file of this rank into place.
func (f *File) commitOwn() error {
	holdSignals()
	if err := f.claim.Commit(); err != nil {
		return err
	}
	f.claim.Forget()
	return nil
}
