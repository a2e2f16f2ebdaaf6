package galaxyfile

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// Attrs are the root attributes of our files.
type Attrs struct {
	G, K, K1, Alpha float64 // the model's constants
	Rn, R           float64 // start radius of the nucleus, and of the particles' ball
	N               int     // particles
	TEnd            float64 // s
	Steps           int
	Seed            uint64
	IC              string // where the initial conditions came from
	Rtol, Atol      float64
	Integrator      string
	Ranks, Batch    int
	Program         string
	Version         string
}

// Create creates path with the layout's datasets for n particles and t
// samples, and writes the attributes. Collective; the file appears under
// its name when Close succeeds (pio.Create).
func Create(path string, o pio.Options, n, t int, a Attrs) (*File, error) {
	f, err := pio.Create(path, o)
	if err != nil {
		return nil, err
	}
	g := &File{f: f, n: n, t: t}
	for _, d := range []struct {
		p     **pio.Dataset
		name  string
		shape []int
	}{
		{&g.posPt, PosPt, []int{n, t, 3}},
		{&g.velPt, VelPt, []int{n, t, 3}},
		{&g.posNuc, PosNuc, []int{1, t, 3}},
		{&g.velNuc, VelNuc, []int{1, t, 3}},
		{&g.time, Time, []int{t}},
	} {
		if *d.p, err = f.CreateDataset(d.name, pio.Float64, d.shape); err != nil {
			return nil, err
		}
	}
	for _, v := range []struct {
		name string
		v    any
	}{
		{"G", a.G}, {"k", a.K}, {"k1", a.K1}, {"alpha", a.Alpha},
		{"R_n", a.Rn}, {"R", a.R},
		{"n_particles", a.N}, {"t_end", a.TEnd}, {"steps", a.Steps},
		// A string: pio's integer attributes are int64.
		{"seed", fmt.Sprint(a.Seed)}, {"initial_conditions", a.IC},
		{"rtol", a.Rtol}, {"atol", a.Atol}, {"integrator", a.Integrator},
		{"ranks", a.Ranks}, {"batch", a.Batch},
		{"program", a.Program}, {"version", a.Version},
	} {
		if err := f.SetAttr(v.name, v.v); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// WriteShared writes the nucleus's rows (t, 3) and the times if mine;
// the other ranks join the collective writes with empty selections
// (and nil slices).
func (g *File) WriteShared(mine bool, pos, vel, times []float64) error {
	k := 0
	if mine {
		k = 1
	}
	if err := g.posNuc.Write([]int{0, 0, 0}, []int{k, g.t, 3}, pos); err != nil {
		return err
	}
	if err := g.velNuc.Write([]int{0, 0, 0}, []int{k, g.t, 3}, vel); err != nil {
		return err
	}
	return g.time.Write([]int{0}, []int{k * g.t}, times)
}

// WriteParticles writes k particles' rows (k, t, 3) as particles
// [first, first+k). k may be 0: the rank still joins the collective
// writes. Collective.
func (g *File) WriteParticles(first, k int, pos, vel []float64) error {
	if err := g.posPt.Write([]int{first, 0, 0}, []int{k, g.t, 3}, pos); err != nil {
		return err
	}
	return g.velPt.Write([]int{first, 0, 0}, []int{k, g.t, 3}, vel)
}
