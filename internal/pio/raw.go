package pio

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
)

// RawFile is a file written and read through MPI-IO without HDF5, by
// every rank together, under the rules of File: claimed, written as
// NAME.partial, renamed into place by Close. It gets the MPI-IO hints an
// HDF5 file made with the same Options gets ($H5MPI_HINTS, Options.Hints,
// the striping asked for at create), and its transfers are collective
// unless Options.Independent: the same I/O as HDF5's MPI-IO driver does
// for a contiguous dataset, without HDF5, so that one can be weighed
// against the other. Its open files count in OpenFiles.
type RawFile struct {
	f          *mpi.File
	path       string         // final name
	claim      *outfile.Claim // nil for a file opened to read
	collective bool
	closed     bool
}

// rawHints are the hints HDF5's MPI-IO driver would hand MPI for a file
// opened with o (driverLists).
func rawHints(o Options, create bool) ([]mpi.Hint, error) {
	k, err := o.Knobs.resolve()
	if err != nil {
		return nil, err
	}
	s := k.stripes
	if !create {
		s = stripes{}
	}
	return stripeHints(o.Hints, s)
}

// CreateRaw creates path collectively, as Create does: rank 0 claims it,
// every rank checks that it sees the claim, and the data goes to
// path+".partial" until Close.
func CreateRaw(path string, o Options) (*RawFile, error) {
	releaseSignals()
	hints, err := rawHints(o, true)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	c, err := claim(path, outfile.Take)
	if err != nil {
		return nil, err
	}
	if err := checkCreated(c); err != nil { // shared.go
		c.Abandon()
		return nil, err
	}
	f, err := openRaw(c.Partial, mpi.Create, hints)
	if err != nil {
		c.Abandon()
		return nil, err
	}
	return &RawFile{f: f, path: path, claim: c, collective: !o.Independent}, nil
}

// OpenRaw opens an existing file collectively, read-only.
func OpenRaw(path string, o Options) (*RawFile, error) {
	releaseSignals()
	hints, err := rawHints(o, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := checkVisible(path); err != nil { // shared.go
		return nil, err
	}
	f, err := openRaw(path, mpi.ReadOnly, hints)
	if err != nil {
		return nil, err
	}
	return &RawFile{f: f, path: path, collective: !o.Independent}, nil
}

// openRaw opens path on every rank. A failure is an error on every rank
// (mpi.OpenFile agrees on the outcome), shared, printed once; but a rank
// whose own open succeeded where another's failed holds a file it cannot
// close, counted in OpenFiles, so that the job aborts.
func openRaw(path string, flag mpi.OpenFlag, hints []mpi.Hint) (*mpi.File, error) {
	before := mpi.OpenFiles()
	f, err := mpi.OpenFile(mpi.World, path, flag, hints)
	if err == nil {
		openFiles.Add(1)
		return f, nil
	}
	shared := Agree(err)
	if mpi.OpenFiles() > before {
		openFiles.Add(1)
		return nil, err
	}
	return nil, shared
}

// Path is the file's final name.
func (f *RawFile) Path() string { return f.path }

// WriteAt writes b at byte offset off: collectively (every rank calls it
// as often) unless the file was opened with Options.Independent.
func (f *RawFile) WriteAt(b []byte, off int64) error {
	if f.collective {
		return f.f.WriteAtAll(b, off)
	}
	return f.f.WriteAt(b, off)
}

// ReadAt reads len(b) bytes at byte offset off into b, as WriteAt
// writes.
func (f *RawFile) ReadAt(b []byte, off int64) error {
	if f.collective {
		return f.f.ReadAtAll(b, off)
	}
	return f.f.ReadAt(b, off)
}

// Flush makes what every rank wrote durable (MPI_File_sync). Collective.
func (f *RawFile) Flush() error { return f.f.Sync() }

// AppliedHints are the hints MPI applied to the file, with its defaults
// (MPI_File_get_info). Not collective.
func (f *RawFile) AppliedHints() (map[string]string, error) { return f.f.Hints() }

// Close closes the file on every rank and, for a file made by CreateRaw,
// renames the partial file into place once all have closed it, with the
// same result on every rank. Collective.
func (f *RawFile) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.f.Close()
	openFiles.Add(-1) // its handle is gone, closed or not
	if err != nil {
		return err
	}
	if f.claim == nil {
		return nil
	}
	if err := f.Held(); err != nil {
		return err
	}
	return commitClaim(f.path, f.claim, false) // file.go
}

// Held is File.Held for a raw file: the claim is still this run's.
// Collective for a file written.
func (f *RawFile) Held() error {
	if f.claim == nil {
		return nil
	}
	return OnRoot(f.claim.Lost)
}
