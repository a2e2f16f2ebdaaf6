package galaxy

import (
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// writer holds the datasets of a galaxy file and one batch of staged
// trajectories, so a rank's memory is bounded by the batch, not by its
// share of the particles.
type writer struct {
	posPt, velPt, posNuc, velNuc, time *pio.Dataset
	t                                  int
	pos, vel                           []float64 // staged batch, (particles, T, 3)
}

func newWriter(f *pio.File, n, t int) (*writer, error) {
	w := &writer{t: t}
	for _, d := range []struct {
		p     **pio.Dataset
		name  string
		shape []int
	}{
		{&w.posPt, PosPt, []int{n, t, 3}},
		{&w.velPt, VelPt, []int{n, t, 3}},
		{&w.posNuc, PosNuc, []int{1, t, 3}},
		{&w.velNuc, VelNuc, []int{1, t, 3}},
		{&w.time, Time, []int{t}},
	} {
		ds, err := f.CreateDataset(d.name, pio.Float64, d.shape)
		if err != nil {
			return nil, err
		}
		*d.p = ds
	}
	return w, nil
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
	k := 0
	if mine {
		k = 1
	}
	pos, vel := make([]float64, 3*w.t*k), make([]float64, 3*w.t*k)
	if mine {
		flatten(nuc, pos, vel)
	}
	if err := w.posNuc.Write([]int{0, 0, 0}, []int{k, w.t, 3}, pos); err != nil {
		return err
	}
	if err := w.velNuc.Write([]int{0, 0, 0}, []int{k, w.t, 3}, vel); err != nil {
		return err
	}
	return w.time.Write([]int{0}, []int{k * w.t}, times[:k*w.t])
}

// stage copies one particle's trajectory into slot i of the batch.
func (w *writer) stage(i int, samples []nbody.State) {
	row := 3 * w.t
	if need := (i + 1) * row; need > len(w.pos) {
		w.pos = append(w.pos, make([]float64, need-len(w.pos))...)
		w.vel = append(w.vel, make([]float64, need-len(w.vel))...)
	}
	flatten(samples[:w.t], w.pos[i*row:(i+1)*row], w.vel[i*row:(i+1)*row])
}

// writeBatch writes the k staged particles as particles [first,
// first+k). k may be 0: the rank still joins the collective writes.
func (w *writer) writeBatch(first, k int) error {
	n := 3 * w.t * k
	if err := w.posPt.Write([]int{first, 0, 0}, []int{k, w.t, 3}, w.pos[:n]); err != nil {
		return err
	}
	return w.velPt.Write([]int{first, 0, 0}, []int{k, w.t, 3}, w.vel[:n])
}
