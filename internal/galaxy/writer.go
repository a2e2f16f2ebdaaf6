package galaxy

import (
	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
)

// writer stages one batch of trajectories for a galaxy file, so a rank's
// memory is bounded by the batch, not by its share of the particles.
type writer struct {
	f        *galaxyfile.File
	t        int
	pos, vel []float64 // staged batch, (particles, T, 3)
}

// flatten writes samples into pos and vel as (T, 3) rows.
func flatten(samples []nbody.State, pos, vel []float64) {
	for j, s := range samples {
		pos[3*j], pos[3*j+1], pos[3*j+2] = s.Pos.X, s.Pos.Y, s.Pos.Z
		vel[3*j], vel[3*j+1], vel[3*j+2] = s.Vel.X, s.Vel.Y, s.Vel.Z
	}
}

// writeShared writes the nucleus and the time grid if mine, and otherwise
// joins the collective writes with empty selections.
func (w *writer) writeShared(mine bool, nuc []nbody.State, times []float64) error {
	if !mine {
		return w.f.WriteShared(false, nil, nil, nil)
	}
	pos, vel := make([]float64, 3*w.t), make([]float64, 3*w.t)
	flatten(nuc, pos, vel)
	return w.f.WriteShared(true, pos, vel, times)
}

// slot returns the (T, 3) rows of slot i of the batch, where a
// particle's integration writes its trajectory (nbody.ParticleRows).
func (w *writer) slot(i int) (pos, vel []float64) {
	row := 3 * w.t
	if need := (i + 1) * row; need > len(w.pos) {
		w.pos = append(w.pos, make([]float64, need-len(w.pos))...)
		w.vel = append(w.vel, make([]float64, need-len(w.vel))...)
	}
	return w.pos[i*row : (i+1)*row], w.vel[i*row : (i+1)*row]
}

// writeBatch writes the k staged particles as particles [first,
// first+k). k may be 0: the rank still joins the collective writes.
func (w *writer) writeBatch(first, k int) error {
	n := 3 * w.t * k
	return w.f.WriteParticles(first, k, w.pos[:n], w.vel[:n])
}
