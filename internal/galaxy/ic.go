package galaxy

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"gonum.org/v1/gonum/spatial/r3"
)

// start is a run's initial state: the nucleus, and the particles this
// rank owns.
type start struct {
	n         int // particles in the whole run
	nucleus   nbody.State
	particles []nbody.State // this rank's, in index order; nil: draw from the seed
}

// readIC reads the first time sample of a galaxy-layout file, ours or the
// Python original's: the nucleus from pos_nuc[0,0,:] and vel_nuc[0,0,:],
// and this rank's particles from pos_pt[i,0,:] and vel_pt[i,0,:].
// Collective.
func readIC(path string, o pio.Options) (*start, error) {
	f, err := pio.Open(path, o)
	if err != nil {
		return nil, fmt.Errorf("-ic: %w", err)
	}
	defer f.Close()
	ds := map[string]*pio.Dataset{}
	for _, name := range []string{PosPt, VelPt, PosNuc, VelNuc} {
		d, err := f.Dataset(name)
		if err != nil {
			return nil, fmt.Errorf("-ic: %w (not a galaxy file?)", err)
		}
		if d.Type() == 0 {
			return nil, fmt.Errorf("-ic: %s: dataset %s is not numeric", path, name)
		}
		sh := d.Shape()
		if len(sh) != 3 || sh[2] != 3 || sh[1] < 1 || sh[0] < 1 {
			return nil, fmt.Errorf("-ic: %s: dataset %s has shape %v, want (N, T, 3) with N, T >= 1", path, name, sh)
		}
		ds[name] = d
	}
	n := ds[PosPt].Shape()[0]
	if v := ds[VelPt].Shape(); v[0] != n {
		return nil, fmt.Errorf("-ic: %s: %s has %d particles, %s has %d", path, PosPt, n, VelPt, v[0])
	}
	for _, name := range []string{PosNuc, VelNuc} {
		if k := ds[name].Shape()[0]; k != 1 {
			return nil, fmt.Errorf("-ic: %s: dataset %s holds %d bodies, want 1", path, name, k)
		}
	}
	s := &start{n: n}
	nuc := make([]float64, 6)
	if err := ds[PosNuc].Read([]int{0, 0, 0}, []int{1, 1, 3}, nuc[:3]); err != nil {
		return nil, fmt.Errorf("-ic: %w", err)
	}
	if err := ds[VelNuc].Read([]int{0, 0, 0}, []int{1, 1, 3}, nuc[3:]); err != nil {
		return nil, fmt.Errorf("-ic: %w", err)
	}
	s.nucleus = nbody.State{Pos: vec(nuc[0:3]), Vel: vec(nuc[3:6])}

	off, cnt := pio.Split(n, pio.Size(), pio.Rank())
	pos, vel := make([]float64, 3*cnt), make([]float64, 3*cnt)
	if err := ds[PosPt].Read([]int{off, 0, 0}, []int{cnt, 1, 3}, pos); err != nil {
		return nil, fmt.Errorf("-ic: %w", err)
	}
	if err := ds[VelPt].Read([]int{off, 0, 0}, []int{cnt, 1, 3}, vel); err != nil {
		return nil, fmt.Errorf("-ic: %w", err)
	}
	s.particles = make([]nbody.State, cnt)
	for i := range s.particles {
		s.particles[i] = nbody.State{Pos: vec(pos[3*i:]), Vel: vec(vel[3*i:])}
	}
	return s, f.Close()
}

func vec(v []float64) r3.Vec { return r3.Vec{X: v[0], Y: v[1], Z: v[2]} }
