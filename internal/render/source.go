package render

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
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
	*galaxyfile.File
	n, t int // particles, time samples
}

// openSource opens path without MPI (animate is serial), checks that it
// is a galaxy file (galaxyfile) and that a frame fits the memory limit.
func openSource(path string) (*source, error) {
	f, err := galaxyfile.OpenSerial(path)
	if err != nil {
		return nil, err
	}
	s := &source{File: f, n: f.N(), t: f.T()}
	if err := s.check(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func (s *source) check() error {
	if s.n > maxFrameBytes/24 {
		hi, lo := bits.Mul64(uint64(s.n), 24)
		size := float64(hi)*math.Pow(2, 64) + float64(lo)
		return fmt.Errorf("%s: dataset %s declares %d particles: one frame would need %.3g GiB, more than the %d MiB animate allows",
			s.Path(), galaxyfile.PosPt, s.n, size/(1<<30), maxFrameBytes>>20)
	}
	if s.t > math.MaxInt32 {
		return fmt.Errorf("%s: dataset %s declares %d time samples: more than animate handles", s.Path(), galaxyfile.PosPt, s.t)
	}
	return nil
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
	t0 := p.Sample(first)
	if err := s.ReadFrames(t0, p.Stride, count, sl.pt, sl.nuc); err != nil {
		return nil, err
	}
	if err := s.ReadTimes(t0, p.Stride, count, tEnd, sl.time); err != nil {
		return nil, err
	}
	return sl, nil
}
