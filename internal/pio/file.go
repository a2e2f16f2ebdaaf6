package pio

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
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
	// Knobs: alignment, collective metadata, strict collective
	// transfers, hints shown (props.go).
	Knobs
}

// File is an HDF5 file opened by every rank together. Every method that
// changes the file's structure (datasets, attributes, Close) is
// collective: all ranks call it, in the same order, with the same
// arguments.
type File struct {
	id     h5.ID
	dxpl   h5.ID
	path   string         // final name
	end    int64          // the largest file address of a dataset's storage
	attrs  int64          // bytes of attribute values written
	claim  *outfile.Claim // this run's hold on path; nil for a file opened to read
	knobs  knobs          // as resolved when the file was opened (props.go)
	own    bool           // this rank's alone (own.go)
	open   []*Dataset     // in opening order, the same on every rank
	closed bool
}

// driverLists makes the MPI-IO driver's access list with o's hints (and,
// at create, those of the striping in k) and the transfer list.
func driverLists(o Options, k knobs, create bool) (fapl, dxpl h5.ID, err error) {
	s := k.stripes
	if !create {
		s = stripes{} // Lustre sets a layout at create only
	}
	hints, err := stripeHints(o.Hints, s)
	if err != nil {
		return -1, -1, err
	}
	if fapl, err = mpi.FileAccess(hints); err != nil {
		return -1, -1, err
	}
	if !mpi.Real {
		return fapl, h5.Default, nil // HDF5's default driver: no transfer mode
	}
	if dxpl, err = h5.NewTransferList(o.Independent); err != nil {
		releasePlist(fapl)
		return -1, -1, err
	}
	return fapl, dxpl, nil
}

// releasePlist closes a property list made by the driver; the stand-in's
// are H5P_DEFAULT, which is not closed.
func releasePlist(p h5.ID) {
	if p > 0 {
		h5.ClosePlist(p)
	}
}

// Create creates path collectively. Rank 0 first claims path for this run
// (package outfile): while another live run writes path, Create refuses,
// naming it; a partial file left by a dead run is replaced. The data goes
// to path+".partial" until Close renames it to path, so path itself is
// replaced only by a complete file, and only by this run's.
func Create(path string, o Options) (*File, error) {
	return createOrResume(path, o, false, nil)
}

// Resume opens the partial file that an earlier run of path left
// (path+".partial") read-write, to finish it. Rank 0 claims path as for
// Create, but keeps the partial file, which must exist; if the run fails
// again, the partial file stays (the claim is Kept). Close renames it into
// place; Suspend leaves it for a later Resume. Collective.
func Resume(path string, o Options) (*File, error) {
	return createOrResume(path, o, true, nil)
}

// ResumeChecked is Resume that first has check judge the partial file,
// opened read-only on every rank, and opens it read-write only if check
// returns nil. A refusal (check's error, returned as it is) leaves the
// file byte for byte as it was, with the claim released: HDF5 may write
// to a file it closes after opening it read-write, even unchanged (it
// truncated a damaged one to the end it could account for). check is
// collective: every rank calls it on the same file.
func ResumeChecked(path string, o Options, check func(*File) error) (*File, error) {
	return createOrResume(path, o, true, check)
}

// precheck opens c's partial file read-only, has check judge it and
// closes it. Collective.
func precheck(c *outfile.Claim, o Options, check func(*File) error) error {
	fapl, dxpl, k, err := fileLists(o, false, false)
	if err != nil {
		return fmt.Errorf("resume %s: %w", c.Path, err)
	}
	defer releasePlist(fapl)
	id, ok := h5.OpenFile(c.Partial, fapl, false)
	if !ok {
		err := lockAdvice(h5.Errorf("resume %s", c.Partial))
		if !h5.IsHDF5(c.Partial) {
			err = fmt.Errorf("resume %s: %s is not an HDF5 file", c.Path, c.Partial)
		}
		releasePlist(dxpl)
		return err
	}
	openFiles.Add(1)
	f := &File{id: id, dxpl: dxpl, path: c.Path, knobs: k}
	err = check(f)
	return errors.Join(err, f.Close())
}

func createOrResume(path string, o Options, resume bool, check func(*File) error) (*File, error) {
	releaseSignals()
	fapl, dxpl, k, err := fileLists(o, false, !resume)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer releasePlist(fapl)
	take, verb := outfile.Take, "create"
	if resume {
		take, verb = outfile.Resume, "resume"
	}
	c, err := claim(path, take)
	if err != nil {
		releasePlist(dxpl)
		return nil, err
	}
	if resume {
		c.Keep() // a failed resume leaves its checkpoint
	}
	if err := checkCreated(c); err != nil { // shared.go
		c.Abandon()
		releasePlist(dxpl)
		return nil, err
	}
	if check != nil {
		if err := precheck(c, o, check); err != nil {
			c.Abandon() // Kept: the partial file stays
			releasePlist(dxpl)
			return nil, err
		}
	}
	var id h5.ID
	var ok bool
	if resume {
		id, ok = h5.OpenFile(c.Partial, fapl, true)
	} else {
		id, ok = h5.CreateFile(c.Partial, fapl)
	}
	if !ok {
		err := lockAdvice(h5.Errorf("%s %s", verb, c.Partial))
		if resume && !h5.IsHDF5(c.Partial) {
			err = fmt.Errorf("resume %s: %s is not an HDF5 file", path, c.Partial)
		}
		c.Abandon()
		releasePlist(dxpl)
		return nil, err
	}
	openFiles.Add(1)
	f := &File{id: id, dxpl: dxpl, path: path, claim: c, knobs: k}
	f.opened(!resume)
	return f, nil
}

// Keep makes the partial file a checkpoint: if the run fails from now on,
// the partial file stays, for Resume, instead of being removed. Call it on
// every rank once the file holds what a resumed run needs, made durable
// with Flush.
func (f *File) Keep() {
	if f.claim != nil {
		f.claim.Keep()
	}
}

// Flush makes everything written to the file so far durable: HDF5 writes
// out its metadata and syncs the file through MPI-IO (MPI_File_sync).
// Collective.
func (f *File) Flush() error {
	if !h5.Flush(f.id) {
		return h5.Errorf("flush %s", f.path)
	}
	return nil
}

// Attr reads a scalar attribute of the file's root group: a float64, an
// int64 or a string; nil if there is none of that name.
func (f *File) Attr(name string) (any, error) {
	g, err := h5.RootGroup(f.id)
	if err != nil {
		return nil, err
	}
	defer h5.CloseGroup(g)
	return h5.Attr(g, f.path, name)
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
	need := SumSizes(f.end, metaRoom(len(f.open)), f.attrs)
	if f.own {
		return sysres.Reserve(f.claim.Partial, need)
	}
	return OnRoot(func() error { return sysres.Reserve(f.claim.Partial, need) })
}

// Held checks that this run still holds the claim on the file it
// writes: a run held up beyond outfile.StaleAfter may have had its lock
// taken over, and its partial file replaced by the new holder's, which it
// must then never touch (the reservation before the close would grow
// it). The error names the run that took over. Collective for a shared
// file; a file read, not written, is always held.
func (f *File) Held() error {
	switch {
	case f.claim == nil:
		return nil
	case f.own:
		return f.claim.Lost()
	}
	return OnRoot(f.claim.Lost)
}

// metaRoom is the disk reserved for the metadata of a file of n
// datasets, besides the attributes' values: h5mpi's files hold 2 to 8
// KiB per dataset.
func metaRoom(n int) int64 { return 64<<10 + int64(n)*16<<10 }

// claim takes path for this run on rank 0 and tells the other ranks the
// lock's token, so that any rank can abandon the files on a signal.
// Collective.
func claim(path string, take func(string) (*outfile.Claim, error)) (*outfile.Claim, error) {
	var c *outfile.Claim
	var cerr error
	v := []int{0, 0} // failed, token
	if mpi.World.Rank() == 0 {
		if c, cerr = take(path); cerr != nil {
			v[0] = 1
		} else {
			v[1], _ = outfile.TokenInt(c.Token)
		}
	}
	if err := mpi.World.BcastInts(v); err != nil {
		if c != nil {
			c.Abandon()
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if v[0] != 0 {
		if cerr == nil {
			cerr = fmt.Errorf("create %s: rank 0 could not claim it", path)
		}
		return nil, &SharedError{Err: cerr, Print: mpi.World.Rank() == 0}
	}
	if c == nil {
		c = outfile.Join(path, outfile.TokenFromInt(v[1]))
	}
	return c, nil
}

// Open opens an existing file collectively, read-only.
func Open(path string, o Options) (*File, error) {
	releaseSignals()
	// Rank 0's verdict on what path is, printed once: every rank would
	// refuse a FIFO, and say so, in openRead.
	if err := OnRoot(func() error { return inputKind(path) }); err != nil {
		return nil, err
	}
	if err := checkVisible(path); err != nil { // shared.go
		return nil, err
	}
	return openKnobs(path, o, false)
}

// Has reports whether the file holds an object called name (a path such
// as "grp/x" needs its groups to exist). Collective on a file opened with
// Open.
func (f *File) Has(name string) (bool, error) { return h5.Exists(f.id, f.path, name) }

// Path is the file's final name.
func (f *File) Path() string { return f.path }

// Hints returns the MPI-IO hints HDF5 handed to MPI for the file, as set
// by $H5MPI_HINTS and Options.Hints (empty in the one-rank stand-in). The
// MPI library may still ignore hints it does not know.
func (f *File) Hints() (map[string]string, error) {
	h, err := mpi.FileHints(f.id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	return h, nil
}

// SetAttrs writes attributes on the file's root group. Collective.
func (f *File) SetAttrs(attrs ...h5.Attribute) error {
	g, err := h5.RootGroup(f.id)
	if err != nil {
		return err
	}
	defer h5.CloseGroup(g)
	for _, a := range attrs {
		f.attrs += attrSize(a.Value)
		if err := a.Write(g, f.path); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the file on every rank. For a file made by Create, it then
// renames the partial file to the final name once all ranks have closed
// it, and reports the same result on every rank. Collective.
func (f *File) Close() error { return f.close(false) }

// Suspend closes a file made by Create or Resume without renaming it into
// place: the partial file stays, and the lock is released, for a later
// Resume. Collective.
func (f *File) Suspend() error { return f.close(true) }

func (f *File) close(suspend bool) error {
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
		if err := f.Held(); err != nil {
			return err
		}
		if err := f.reserve(); err != nil {
			return err
		}
	}
	if !h5.CloseFile(f.id) {
		return h5.Errorf("close %s", f.path)
	}
	openFiles.Add(-1)
	if f.claim == nil {
		return nil
	}
	if f.own {
		return f.commitOwn()
	}
	return commitClaim(f.path, f.claim, suspend)
}

// commitClaim ends a file's claim once every rank has closed the file:
// rank 0 renames the partial file into place (or, suspend, keeps it and
// releases the lock), and every rank gets the same verdict. From here the
// outcome is being decided, so a signal waits for it. Collective.
func commitClaim(path string, c *outfile.Claim, suspend bool) error {
	holdSignals()
	if err := mpi.World.Barrier(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	var cerr error
	v := []int{0}
	if mpi.World.Rank() == 0 {
		if suspend {
			cerr = c.Release()
		} else {
			cerr = c.Commit()
		}
		if cerr != nil {
			v[0] = 1
		}
	}
	if err := mpi.World.BcastInts(v); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if v[0] != 0 {
		if cerr == nil {
			cerr = fmt.Errorf("close %s: rank 0 could not commit it", path)
		}
		return &SharedError{Err: cerr, Print: mpi.World.Rank() == 0}
	}
	c.Forget()
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
