package galaxyfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// Dataset names: fixed, since the Python animation reads them.
const (
	PosPt  = "pos_pt"
	VelPt  = "vel_pt"
	PosNuc = "pos_nuc"
	VelNuc = "vel_nuc"
	Time   = "time"

	// Ours only: what integrating each particle took, and the record of
	// which particles are complete (galaxy -resume trusts only it).
	EvalsPt    = "evals_pt"
	StepsPt    = "steps_pt"
	RejectedPt = "rejected_pt"
	DonePt     = "done_pt"
)

// Layout is the version of our layout, recorded in the "layout"
// attribute: 2 added the per-particle datasets and done_pt, which made
// files resumable. Files without the attribute are version 1 (or the
// original's); they read the same.
const Layout = 2

// Datasets is how many datasets Create makes.
const Datasets = 9

// Bytes is the size of the data of a file of n particles and t samples:
// positions and velocities of the particles and the nucleus, 8 bytes a
// value or 4 if single (Attrs.Float32), the times, and per particle 17
// bytes of diagnostics and record.
func Bytes(n, t int, single bool) int64 {
	elem := 8
	if single {
		elem = 4
	}
	return pio.SumSizes(pio.SizeOf(elem, 2*3*(n+1), t), pio.SizeOf(8, t), pio.SizeOf(17, n, 1))
}

// File is an open galaxy file.
type File struct {
	f                            *pio.File
	n, t                         int
	posPt, velPt, posNuc, velNuc *pio.Dataset // velPt and velNuc nil if absent
	time                         *pio.Dataset // nil if absent (the original's files)
	// Layout 2 on; opened only for writing (Create, Resume).
	evals, steps, rejected, done *pio.Dataset
	resumed                      bool  // opened by Resume: the data is in the partial file
	rows                         []int // pioRows's buffer

	single bool      // positions and velocities stored as float32
	f32    []float32 // round's buffer, when single
}

// Open opens path and checks that it is a galaxy file. Collective: every
// rank reads through MPI-IO.
func Open(path string, o pio.Options) (*File, error) {
	f, err := pio.Open(path, o)
	if err != nil {
		return nil, err
	}
	return check(f)
}

// OpenSerial is Open for one process alone, without MPI (animate).
func OpenSerial(path string) (*File, error) {
	f, err := pio.OpenSerial(path)
	if err != nil {
		return nil, err
	}
	return check(f)
}

// check opens the layout's datasets in f and checks their types and
// shapes; on failure it closes f.
func check(f *pio.File) (*File, error) {
	g := &File{f: f}
	err := g.check()
	if err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return g, nil
}

func (g *File) check() error {
	var err error
	if g.posPt, err = g.dataset(PosPt, true); err != nil {
		return err
	}
	sh := g.posPt.Shape()
	if len(sh) != 3 || sh[2] != 3 || sh[0] < 1 || sh[1] < 1 {
		return fmt.Errorf("%s: dataset %s has shape %v, want (N, T, 3) with N, T >= 1", g.Path(), PosPt, sh)
	}
	g.n, g.t = sh[0], sh[1]
	_, size, err := g.posPt.Stored()
	if err != nil {
		return err
	}
	g.single = size == 4
	// pos_pt's shape sets the others'.
	for _, d := range []struct {
		p        **pio.Dataset
		name     string
		required bool
		shape    []int
	}{
		{&g.posNuc, PosNuc, true, []int{1, g.t, 3}},
		{&g.velPt, VelPt, false, []int{g.n, g.t, 3}},
		{&g.velNuc, VelNuc, false, []int{1, g.t, 3}},
		{&g.time, Time, false, []int{g.t}},
	} {
		if *d.p, err = g.dataset(d.name, d.required); err != nil {
			return err
		}
		if err := g.shaped(*d.p, d.shape...); err != nil {
			return err
		}
	}
	return nil
}

// dataset opens name, which must hold 64-bit or 32-bit floats (read
// as float64 either way); a missing dataset is an error if required,
// else nil.
func (g *File) dataset(name string, required bool) (*pio.Dataset, error) {
	has, err := g.f.Has(name)
	if err != nil {
		return nil, err
	}
	if !has {
		if required {
			return nil, fmt.Errorf("%s: no dataset %s (not a galaxy file?)", g.Path(), name)
		}
		return nil, nil
	}
	d, err := g.f.Dataset(name)
	if err != nil {
		return nil, err
	}
	class, size, err := d.Stored()
	if err != nil {
		return nil, err
	}
	if class != "float" || (size != 8 && size != 4) {
		return nil, fmt.Errorf("%s: dataset %s holds %d-byte %s values, want 64-bit or 32-bit floats", g.Path(), name, size, class)
	}
	return d, nil
}

// shaped checks that d, if present, has the shape want, described in
// the error with pos_pt's shape it derives from.
func (g *File) shaped(d *pio.Dataset, want ...int) error {
	if d == nil || fmt.Sprint(d.Shape()) == fmt.Sprint(want) {
		return nil
	}
	dims := make([]string, len(want))
	for i, n := range want {
		dims[i] = strconv.Itoa(n)
	}
	return fmt.Errorf("%s: dataset %s has shape %v, want (%s) like %s %v",
		g.Path(), d.Name(), d.Shape(), strings.Join(dims, ", "), PosPt, g.posPt.Shape())
}

// Path is the file's name.
func (g *File) Path() string { return g.f.Path() }

// N is the number of particles.
func (g *File) N() int { return g.n }

// T is the number of time samples.
func (g *File) T() int { return g.t }

// Float32 reports whether the particles' positions are stored as 32-bit
// floats (galaxy -float32); they read as float64 all the same.
func (g *File) Float32() bool { return g.single }

// HasTime reports whether the file holds its times (ours do, the
// original's do not).
func (g *File) HasTime() bool { return g.time != nil }

// Close closes the file; for one made by Create, collectively, and it
// then appears under its name (pio.File.Close).
func (g *File) Close() error { return g.f.Close() }
