package pio

import (
	"fmt"
	"sync/atomic"

	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// PartialSuffix is appended to a file's name while it is being written.
const PartialSuffix = outfile.PartialSuffix

// Options tune how a file is opened. The zero value is what programs want:
// collective transfers, hints from the environment only.
type Options struct {
	// Hints are MPI-IO hints as comma-separated key=value pairs; they
	// override those of the H5MPI_HINTS environment variable.
	Hints string
	// Independent selects independent instead of collective transfers.
	Independent bool
}

// File is an HDF5 file opened by every rank together. Every method that
// changes the file's structure (datasets, attributes, Close) is
// collective: all ranks call it, in the same order, with the same
// arguments.
type File struct {
	id     hid
	dxpl   hid
	path   string         // final name
	end    int64          // the largest file address of a dataset's storage
	attrs  int64          // bytes of attribute values written
	claim  *outfile.Claim // this run's hold on path; nil for a file opened to read
	open   []*Dataset     // in opening order, the same on every rank
	closed bool
}

func driverLists(o Options) (fapl, dxpl hid, err error) {
	hints, err := mergeHints(o.Hints)
	if err != nil {
		return -1, -1, err
	}
	if fapl, err = newFapl(hints); err != nil {
		return -1, -1, err
	}
	if dxpl, err = newDxpl(o.Independent); err != nil {
		releasePlist(fapl)
		return -1, -1, err
	}
	return fapl, dxpl, nil
}

// releasePlist closes a property list made by the driver; the stand-in's
// are H5P_DEFAULT, which is not closed.
func releasePlist(p hid) {
	if p > 0 {
		closePlist(p)
	}
}

// Create creates path collectively. Rank 0 first claims path for this run
// (package outfile): while another live run writes path, Create refuses,
// naming it; a partial file left by a dead run is replaced. The data goes
// to path+".partial" until Close renames it to path, so path itself is
// replaced only by a complete file, and only by this run's.
func Create(path string, o Options) (*File, error) {
	releaseSignals()
	fapl, dxpl, err := driverLists(o)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer releasePlist(fapl)
	c, err := claim(path)
	if err != nil {
		releasePlist(dxpl)
		return nil, err
	}
	if err := checkCreated(c); err != nil { // shared.go
		c.Abandon()
		releasePlist(dxpl)
		return nil, err
	}
	id, ok := createFile(c.Partial, fapl)
	if !ok {
		err := h5err("create %s", c.Partial)
		c.Abandon()
		releasePlist(dxpl)
		return nil, err
	}
	openFiles.Add(1)
	return &File{id: id, dxpl: dxpl, path: path, claim: c}, nil
}

// openFiles counts the HDF5 files this process has open: MPI_Finalize
// would close them, collectively, so Fatal aborts instead while any are.
var openFiles atomic.Int32

// reserve allocates on disk the file's datasets and room for its
// metadata, so that no later write, H5Fclose's included, can fail for want
// of space. H5Fclose is collective, and ranks that meet different errors
// inside it deadlock (one in MPI_Barrier, one in MPI_Bcast): a full disk
// must be found before it, with the verdict shared. HDF5's own end of
// allocation cannot be read through the MPI-IO driver, so the metadata's
// room is an allowance (metaRoom); HDF5 trims the file to its true end at
// close. Rank 0 reserves; collective.
func (f *File) reserve() error {
	need := satAdd(f.end, satAdd(metaRoom(len(f.open)), f.attrs))
	return OnRoot(func() error { return sysres.Reserve(f.claim.Partial, need) })
}

// metaRoom is the disk reserved for the metadata of a file of n
// datasets, besides the attributes' values: h5mpi's files hold 2 to 8
// KiB per dataset.
func metaRoom(n int) int64 { return 64<<10 + int64(n)*16<<10 }

// claim takes path for this run on rank 0 and tells the other ranks the
// lock's token, so that any rank can abandon the files on a signal.
// Collective.
func claim(path string) (*outfile.Claim, error) {
	var c *outfile.Claim
	var cerr error
	v := []int{0, 0} // failed, token
	if rank() == 0 {
		if c, cerr = outfile.Take(path); cerr != nil {
			v[0] = 1
		} else {
			v[1], _ = outfile.TokenInt(c.Token)
		}
	}
	if err := bcastInts(v); err != nil {
		if c != nil {
			c.Abandon()
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if v[0] != 0 {
		if cerr == nil {
			cerr = fmt.Errorf("create %s: rank 0 could not claim it", path)
		}
		return nil, &SharedError{Err: cerr, Print: rank() == 0}
	}
	if c == nil {
		c = outfile.Join(path, outfile.TokenFromInt(v[1]))
	}
	return c, nil
}

// Open opens an existing file collectively, read-only.
func Open(path string, o Options) (*File, error) {
	releaseSignals()
	if err := checkVisible(path); err != nil { // shared.go
		return nil, err
	}
	fapl, dxpl, err := driverLists(o)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer releasePlist(fapl)
	return openRead(path, fapl, dxpl)
}

// Path is the file's final name.
func (f *File) Path() string { return f.path }

// Hints returns the MPI-IO hints HDF5 handed to MPI for the file, as set
// by $H5MPI_HINTS and Options.Hints (empty in the one-rank stand-in). The
// MPI library may still ignore hints it does not know.
func (f *File) Hints() (map[string]string, error) {
	h, err := fileHints(f.id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	return h, nil
}

// SetAttr writes an attribute on the file's root group: a string,
// float64, int, int64, []float64 or []int64. Collective.
func (f *File) SetAttr(name string, value any) error {
	g, err := rootGroup(f.id)
	if err != nil {
		return err
	}
	defer closeGroup(g)
	f.attrs += attrSize(value)
	return setAttr(g, f.path, name, value)
}

// Close closes the file on every rank. For a file made by Create, it then
// renames the partial file to the final name once all ranks have closed
// it, and reports the same result on every rank. Collective.
func (f *File) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	releasePlist(f.dxpl)
	// The MPI-IO driver closes files only when nothing in them is open.
	// H5Dclose is collective, so they close in the order they were
	// opened, which is the same on every rank.
	var derr error
	for _, d := range append([]*Dataset(nil), f.open...) {
		if err := d.Close(); err != nil && derr == nil {
			derr = err
		}
	}
	if derr != nil {
		return derr
	}
	if f.claim != nil {
		if err := f.reserve(); err != nil {
			return err
		}
	}
	if !closeFile(f.id) {
		return h5err("close %s", f.path)
	}
	openFiles.Add(-1)
	if f.claim == nil {
		return nil
	}
	// From here the outcome is being decided: a signal waits for it.
	holdSignals()
	if err := barrier(); err != nil {
		return fmt.Errorf("close %s: %w", f.path, err)
	}
	var cerr error
	v := []int{0}
	if rank() == 0 {
		if cerr = f.claim.Commit(); cerr != nil {
			v[0] = 1
		}
	}
	if err := bcastInts(v); err != nil {
		return fmt.Errorf("close %s: %w", f.path, err)
	}
	if v[0] != 0 {
		if cerr == nil {
			cerr = fmt.Errorf("close %s: rank 0 could not commit it", f.path)
		}
		return &SharedError{Err: cerr, Print: rank() == 0}
	}
	f.claim.Forget()
	return nil
}

// attrSize is the room an attribute's value takes in the file, roughly.
func attrSize(v any) int64 {
	switch x := v.(type) {
	case string:
		return int64(len(x)) + 64
	case []float64:
		return int64(8*len(x)) + 64
	case []int64:
		return int64(8*len(x)) + 64
	}
	return 64
}
