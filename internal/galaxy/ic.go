package galaxy

import (
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// start is a run's initial state: the nucleus and the particles.
type start struct {
	n         int // particles in the whole run
	nucleus   nbody.State
	particles []nbody.State // in index order; nil: draw from the seed
}

// readIC reads the first time sample of a galaxy file, ours or the
// Python original's: the nucleus and every particle, since any rank may
// be handed any particle. Its errors name the file by its setting, IC.
// Collective.
func readIC(path string, o pio.Options) (*start, error) {
	f, err := galaxyfile.Open(path, o)
	if err != nil {
		return nil, setting.Errorf("%v: %w", setting.Name("IC"), err)
	}
	defer f.Close()
	cnt := f.N()
	first, err := f.ReadFirst(0, cnt)
	if err != nil {
		return nil, setting.Errorf("%v: %w", setting.Name("IC"), err)
	}
	s := &start{n: f.N(), nucleus: nbody.State{Pos: vec(first.NucPos[:]), Vel: vec(first.NucVel[:])}}
	s.particles = make([]nbody.State, cnt)
	for i := range s.particles {
		s.particles[i] = nbody.State{Pos: vec(first.Pos[3*i:]), Vel: vec(first.Vel[3*i:])}
	}
	return s, f.Close()
}

func vec(v []float64) r3.Vec { return r3.Vec{X: v[0], Y: v[1], Z: v[2]} }
