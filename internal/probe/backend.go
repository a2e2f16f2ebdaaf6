package probe

import (
	"unsafe"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// The APIs the probe writes and reads its file through (Config.API).
const (
	APIHDF5  = "hdf5"  // an HDF5 dataset, through HDF5's MPI-IO driver
	APIMPIIO = "mpiio" // the same bytes through MPI-IO alone, in Config.Out+MPIIOSuffix
	APIBoth  = "both"  // each repetition through both, the first alternating (apiOrder)
)

// MPIIOSuffix is appended to Config.Out to name the raw MPI-IO file: a
// file of its own, never an HDF5 file under an HDF5 name.
const MPIIOSuffix = ".mpiio"

// apis are the APIs of a run, in the order each repetition runs them.
func (c *Config) apis() []string {
	switch c.API {
	case APIMPIIO:
		return []string{APIMPIIO}
	case APIBoth:
		return []string{APIHDF5, APIMPIIO}
	}
	return []string{APIHDF5}
}

// apiOrder is the order of the APIs in repetition rep: with both, HDF5
// first in even repetitions and MPI-IO first in odd ones, so that a
// cost that falls on whichever runs first (the job's first write pays
// for the page cache's first pages) is shared between them rather than
// charged to HDF5 in every repetition.
func (c *Config) apiOrder(rep int) []string {
	apis := c.apis()
	if rep%2 == 1 && len(apis) == 2 {
		apis[0], apis[1] = apis[1], apis[0]
	}
	return apis
}

// target is the probe's file, open for one phase through one API.
type target interface {
	// transfer writes or reads buf at element off of the data: the
	// dataset's element, or the raw file's float64 at byte 8·off.
	transfer(write bool, off int, buf []float64) error
	flush() error // to storage; collective
	close() error // collective
	hints() (map[string]string, error)
}

// create creates the file of this rank's write phase through api.
// Collective.
func (b *bench) create(api string) (target, error) {
	if api == APIMPIIO {
		f, err := pio.CreateRaw(b.path(api, b.r), b.c.Options)
		if err != nil {
			return nil, err
		}
		return rawTarget{f}, nil
	}
	var f *pio.File
	var err error
	if b.c.FPP {
		f, err = pio.CreateOwn(b.file(b.r), b.c.Options)
	} else {
		f, err = pio.Create(b.c.Out, b.c.Options)
	}
	if err != nil {
		return nil, err
	}
	d, err := b.dataset(f)
	if err != nil {
		return nil, err
	}
	return h5Target{f, d}, nil
}

// open opens the file holding rank src's block for the read phase
// through api. Collective.
func (b *bench) open(api string, src int) (target, error) {
	if api == APIMPIIO {
		f, err := pio.OpenRaw(b.path(api, src), b.c.Options)
		if err != nil {
			return nil, err
		}
		return rawTarget{f}, nil
	}
	var f *pio.File
	var err error
	if b.c.FPP {
		f, err = pio.OpenOwn(b.file(src), b.c.Options)
	} else {
		f, err = pio.Open(b.c.Out, b.c.Options)
	}
	if err != nil {
		return nil, err
	}
	d, err := f.Dataset(b.c.Dataset)
	if err != nil {
		return nil, err
	}
	return h5Target{f, d}, nil
}

// path is the file holding rank r's block through api.
func (b *bench) path(api string, r int) string {
	if api == APIMPIIO {
		return b.c.Out + MPIIOSuffix // Validate refuses FPP with it
	}
	return b.file(r)
}

// h5Target is the HDF5 file and its one dataset.
type h5Target struct {
	f *pio.File
	d *pio.Dataset
}

func (t h5Target) transfer(write bool, off int, buf []float64) error {
	if write {
		return pio.Write(t.d, []int{off}, []int{len(buf)}, buf)
	}
	return pio.Read(t.d, []int{off}, []int{len(buf)}, buf)
}

func (t h5Target) flush() error                      { return t.f.Flush() }
func (t h5Target) close() error                      { return t.f.Close() }
func (t h5Target) hints() (map[string]string, error) { return t.f.AppliedHints() }

// rawTarget is the raw MPI-IO file: the float64 of the data in the
// machine's byte order (little-endian on x86-64 and arm64, as HDF5 stores
// the dataset's), element i at byte 8·i, with no header: the bytes of the
// HDF5 dataset's data, without the HDF5 file around them.
type rawTarget struct{ f *pio.RawFile }

func (t rawTarget) transfer(write bool, off int, buf []float64) error {
	var bytes []byte
	if len(buf) > 0 {
		bytes = unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), 8*len(buf))
	}
	if write {
		return t.f.WriteAt(bytes, 8*int64(off))
	}
	return t.f.ReadAt(bytes, 8*int64(off))
}

func (t rawTarget) flush() error                      { return t.f.Flush() }
func (t rawTarget) close() error                      { return t.f.Close() }
func (t rawTarget) hints() (map[string]string, error) { return t.f.AppliedHints() }
