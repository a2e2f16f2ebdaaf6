package galaxyfile

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// First is the first time sample of a file: the nucleus, and a block of
// particles as rows of 3.
type First struct {
	NucPos, NucVel [3]float64
	Pos, Vel       []float64 // particle off+i is row i
}

// ReadFirst reads the first time sample of the nucleus and of particles
// [off, off+cnt); it needs the velocities. Collective on a file from
// Open: a rank with no particles passes cnt 0.
func (g *File) ReadFirst(off, cnt int) (*First, error) {
	for _, v := range []struct {
		d    *pio.Dataset
		name string
	}{{g.velPt, VelPt}, {g.velNuc, VelNuc}} {
		if v.d == nil {
			return nil, fmt.Errorf("%s: no dataset %s: positions alone cannot start a run", g.Path(), v.name)
		}
	}
	// The nucleus goes through a buffer of its own: cgo refuses a pointer
	// into First, which holds pointers.
	nuc := make([]float64, 6)
	s := &First{Pos: make([]float64, 3*cnt), Vel: make([]float64, 3*cnt)}
	for _, r := range []struct {
		d        *pio.Dataset
		off, cnt int
		dst      []float64
	}{
		{g.posNuc, 0, 1, nuc[:3]},
		{g.velNuc, 0, 1, nuc[3:]},
		{g.posPt, off, cnt, s.Pos},
		{g.velPt, off, cnt, s.Vel},
	} {
		if err := pio.Read(r.d, []int{r.off, 0, 0}, []int{r.cnt, 1, 3}, r.dst); err != nil {
			return nil, err
		}
	}
	copy(s.NucPos[:], nuc[:3])
	copy(s.NucVel[:], nuc[3:])
	return s, nil
}

// ReadFrames reads the positions at count samples from first, every
// stride-th: pt gets every particle, (N, count, 3), particle i at frame
// j in row i·count+j; nuc gets the nucleus, (count, 3).
func (g *File) ReadFrames(first, stride, count int, pt, nuc []float64) error {
	if err := pio.ReadStrided(g.posPt, []int{0, first, 0}, []int{1, stride, 1}, []int{g.n, count, 3}, pt); err != nil {
		return err
	}
	return pio.ReadStrided(g.posNuc, []int{0, first, 0}, []int{1, stride, 1}, []int{1, count, 3}, nuc)
}

// ReadTimes reads the times of count samples from first, every
// stride-th, into dst. A file without times (the original's) gets the
// original's grid: T samples evenly from 0 to tEnd.
func (g *File) ReadTimes(first, stride, count int, tEnd float64, dst []float64) error {
	if g.time != nil {
		return pio.ReadStrided(g.time, []int{first}, []int{stride}, []int{count}, dst)
	}
	dt := 0.0
	if g.t > 1 {
		dt = tEnd / float64(g.t-1)
	}
	for j := range dst[:count] {
		dst[j] = float64(first+j*stride) * dt
	}
	return nil
}
