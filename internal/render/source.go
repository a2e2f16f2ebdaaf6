package render

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/bits"
	"os"

	"gonum.org/v1/hdf5"
)

// Dataset names of the galaxy layout (internal/galaxy writes them; the
// Python original writes the first two too).
const (
	posPt  = "pos_pt"
	posNuc = "pos_nuc"
	timeDS = "time"
)

// Memory limits, checked against the shapes the file declares before
// anything is allocated. A frame is all particles at one time sample.
const maxFrameBytes = 512 << 20 // one frame of pos_pt: 22 million particles

// slabBytes is how much is read at once, when frames are small (a
// variable so tests can cross slab boundaries).
var slabBytes = 16 << 20

// source is an open galaxy file. HDF5 is not thread-safe: one goroutine
// at a time uses a source.
type source struct {
	path      string
	f         *hdf5.File
	pt, nuc   *hdf5.Dataset
	time      *hdf5.Dataset // nil: the file has none
	n, t      int           // particles, time samples
	swap      bool          // big-endian floats: bytes swapped after reading
	swapTime  bool
	closeList []interface{ Close() error }
}

// openSource opens path and checks pos_pt (N, T, 3), pos_nuc (1, T, 3)
// and, if present, time (T), all 64-bit floats, and that a frame fits
// the memory limit.
func openSource(path string) (*source, error) {
	// HDF5's own message for a missing file is a generic error code.
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, err
	}
	if !hdf5.IsHDF5(path) {
		return nil, fmt.Errorf("%s: not an HDF5 file", path)
	}
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot open as HDF5: %v", path, err)
	}
	s := &source{path: path, f: f}
	s.closeList = append(s.closeList, f)
	if err := s.check(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *source) check() error {
	var err error
	var ptDims, nucDims []uint
	var swapNuc bool
	if s.pt, ptDims, s.swap, err = s.dataset(posPt); err != nil {
		return err
	}
	if s.nuc, nucDims, swapNuc, err = s.dataset(posNuc); err != nil {
		return err
	}
	if len(ptDims) != 3 || ptDims[2] != 3 || ptDims[0] < 1 || ptDims[1] < 1 {
		return fmt.Errorf("%s: dataset %s has shape %v, want (N, T, 3) with N, T >= 1", s.path, posPt, ptDims)
	}
	if len(nucDims) != 3 || nucDims[0] != 1 || nucDims[2] != 3 || nucDims[1] != ptDims[1] {
		return fmt.Errorf("%s: dataset %s has shape %v, want (1, %d, 3) like %s %v", s.path, posNuc, nucDims, ptDims[1], posPt, ptDims)
	}
	if swapNuc != s.swap {
		return fmt.Errorf("%s: datasets %s and %s differ in byte order", s.path, posPt, posNuc)
	}
	if ptDims[0] > maxFrameBytes/24 {
		hi, lo := bits.Mul64(uint64(ptDims[0]), 24)
		size := float64(hi)*math.Pow(2, 64) + float64(lo)
		return fmt.Errorf("%s: dataset %s declares %d particles: one frame would need %.3g GiB, more than the %d MiB animate allows",
			s.path, posPt, ptDims[0], size/(1<<30), maxFrameBytes>>20)
	}
	if ptDims[1] > math.MaxInt32 {
		return fmt.Errorf("%s: dataset %s declares %d time samples: more than animate handles", s.path, posPt, ptDims[1])
	}
	s.n, s.t = int(ptDims[0]), int(ptDims[1])
	if s.f.LinkExists(timeDS) {
		d, dims, swap, err := s.dataset(timeDS)
		if err != nil {
			return err
		}
		if len(dims) != 1 || dims[0] != ptDims[1] {
			return fmt.Errorf("%s: dataset %s has shape %v, want (%d)", s.path, timeDS, dims, ptDims[1])
		}
		s.time, s.swapTime = d, swap
	}
	return nil
}

// dataset opens name and checks that it holds 64-bit IEEE floats
// (gonum/hdf5 reads with the file's type as the memory type, so any
// other type would be misread or overrun the buffer). It returns the
// shape and whether the floats are big-endian.
func (s *source) dataset(name string) (*hdf5.Dataset, []uint, bool, error) {
	if !s.f.LinkExists(name) {
		return nil, nil, false, fmt.Errorf("%s: no dataset %s (not a galaxy file?)", s.path, name)
	}
	d, err := s.f.OpenDataset(name)
	if err != nil {
		return nil, nil, false, fmt.Errorf("%s: %s is not a dataset", s.path, name)
	}
	s.closeList = append(s.closeList, d)
	dt, err := d.Datatype()
	if err != nil {
		return nil, nil, false, fmt.Errorf("%s: dataset %s: cannot read its type", s.path, name)
	}
	defer dt.Close()
	var swap bool
	switch {
	case dt.Equal(hdf5.T_IEEE_F64LE):
	case dt.Equal(hdf5.T_IEEE_F64BE):
		swap = true
	default:
		return nil, nil, false, fmt.Errorf("%s: dataset %s holds %d-byte %s values, want 64-bit floats", s.path, name, dt.Size(), className(dt.Class()))
	}
	sp := d.Space()
	if sp == nil {
		return nil, nil, false, fmt.Errorf("%s: dataset %s: cannot read its shape", s.path, name)
	}
	defer sp.Close()
	if !sp.IsSimple() || sp.SimpleExtentNDims() < 1 {
		return nil, nil, false, fmt.Errorf("%s: dataset %s is a scalar or empty, want an array", s.path, name)
	}
	dims, _, err := sp.SimpleExtentDims()
	if err != nil {
		return nil, nil, false, fmt.Errorf("%s: dataset %s: cannot read its shape", s.path, name)
	}
	return d, dims, swap, nil
}

func className(c hdf5.TypeClass) string {
	switch c {
	case hdf5.T_INTEGER:
		return "integer"
	case hdf5.T_FLOAT:
		return "float"
	case hdf5.T_STRING:
		return "string"
	case hdf5.T_COMPOUND:
		return "compound"
	}
	return "non-numeric"
}

func (s *source) Close() error {
	var first error
	for i := len(s.closeList) - 1; i >= 0; i-- {
		if err := s.closeList[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	s.closeList = nil
	return first
}

// slab is frames [first, first+count) of a plan, read at once.
type slab struct {
	first, count int
	pt           []float64 // (n, count, 3): particle i at frame j is pt[(i*count+j)*3:]
	nuc          []float64 // (count, 3)
	time         []float64 // (count)
	n            int
}

// at returns particle i's position at the slab's frame j.
func (sl *slab) at(i, j int) []float64 {
	k := (i*sl.count + j) * 3
	return sl.pt[k : k+3 : k+3]
}

// slabFrames is how many frames a slab holds for n particles.
func slabFrames(n int) int {
	return max(1, slabBytes/(24*n))
}

// read reads the frames [first, first+count) of p, tEnd giving the times
// of a file without a time dataset.
func (s *source) read(p Plan, first, count int, tEnd float64) (*slab, error) {
	sl := &slab{first: first, count: count, n: s.n,
		pt:   make([]float64, s.n*count*3),
		nuc:  make([]float64, count*3),
		time: make([]float64, count)}
	t0 := uint(p.Sample(first))
	if err := s.readSel(s.pt, posPt, sl.pt, []uint{0, t0, 0}, []uint{1, uint(p.Stride), 1}, []uint{uint(s.n), uint(count), 3}, s.swap); err != nil {
		return nil, err
	}
	if err := s.readSel(s.nuc, posNuc, sl.nuc, []uint{0, t0, 0}, []uint{1, uint(p.Stride), 1}, []uint{1, uint(count), 3}, s.swap); err != nil {
		return nil, err
	}
	if s.time != nil {
		if err := s.readSel(s.time, timeDS, sl.time, []uint{t0}, []uint{uint(p.Stride)}, []uint{uint(count)}, s.swapTime); err != nil {
			return nil, err
		}
	} else {
		// The original's grid: T samples evenly from 0 to tEnd inclusive.
		dt := 0.0
		if s.t > 1 {
			dt = tEnd / float64(s.t-1)
		}
		for j := range sl.time {
			sl.time[j] = float64(p.Sample(first+j)) * dt
		}
	}
	return sl, nil
}

// readSel reads the hyperslab (offset, stride, count) of d into buf.
func (s *source) readSel(d *hdf5.Dataset, name string, buf []float64, off, stride, count []uint, swap bool) error {
	fail := func(what string) error {
		return fmt.Errorf("%s: dataset %s: %s at offset %v, stride %v, count %v", s.path, name, what, off, stride, count)
	}
	fsp := d.Space()
	if fsp == nil {
		return fail("cannot get the file space")
	}
	defer fsp.Close()
	if err := fsp.SelectHyperslab(off, stride, count, nil); err != nil {
		return fail("cannot select")
	}
	msp, err := hdf5.CreateSimpleDataspace(count, nil)
	if err != nil {
		return fail("cannot make the memory space")
	}
	defer msp.Close()
	if err := d.ReadSubset(&buf, msp, fsp); err != nil {
		return fail("read failed")
	}
	if swap {
		for i, v := range buf {
			buf[i] = math.Float64frombits(bits.ReverseBytes64(math.Float64bits(v)))
		}
	}
	return nil
}
