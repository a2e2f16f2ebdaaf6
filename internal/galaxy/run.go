package galaxy

import (
	"fmt"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/progress"
)

// Run simulates and writes one galaxy file. Collective: every rank calls
// it with the same Config, which Validate accepted: Run checks only what
// depends on the files (the output's place, IC's particle count) and on
// the machine (memory and disk). On success the file is complete under
// c.Out; on error nothing is left under c.Out that was not there before.
func Run(c Config) error {
	if err := pio.OnRoot(func() error { return outfile.CheckTarget(c.Flags.Of("Out"), c.Out, c.IC) }); err != nil {
		return err
	}
	m := nbody.Default()
	opt := pio.Options{Hints: c.Hints}
	rank, size := pio.Rank(), pio.Size()

	s := &start{n: c.N, nucleus: m.NucleusStart()}
	if c.IC != "" {
		var err error
		if s, err = readIC(c.IC, c.Flags.Of("IC"), opt); err != nil {
			return err
		}
		if c.N != 0 && c.N != s.n {
			return fmt.Errorf("%s %d, but %s %s holds %d particles", c.Flags.Of("N"), c.N, c.Flags.Of("IC"), c.IC, s.n)
		}
	}
	err := pio.Preflight(pio.Needs{
		Memory:        c.memory(),
		MemoryFor:     fmt.Sprintf("%s %d, %s %d: time grid, nucleus track, trajectories in flight", c.Flags.Of("Steps"), c.Steps, c.Flags.Of("Batch"), c.Batch),
		MemorySetting: c.Flags.List("Steps", "Batch"),
		Out:           c.Out,
		Data:          galaxyfile.Bytes(s.n, c.Steps),
		Datasets:      galaxyfile.Datasets,
		DiskSetting:   c.Flags.List("N", "Steps", "Out"),
	})
	if err != nil {
		return err
	}
	track, err := m.Nucleus(s.nucleus, nbody.TimeGrid(c.TEnd, c.Steps), c.Opt)
	if err != nil {
		return fmt.Errorf("nucleus: %w", err)
	}
	// The track's own times: the particles need not check them again.
	times := track.Times()

	f, err := galaxyfile.Create(c.Out, opt, s.n, len(times), c.attrs(m, s.n, size))
	if err != nil {
		return err
	}
	w := &writer{f: f, t: len(times)}
	// The nucleus and the time grid are the same on every rank; rank 0
	// writes them, the others join with empty selections.
	if err := w.writeShared(rank == 0, track.Samples(), times); err != nil {
		return err
	}

	off, cnt := pio.Split(s.n, size, rank)
	_, most := pio.Split(s.n, size, 0) // rank 0 owns the most particles
	batches := (most + c.Batch - 1) / c.Batch
	meter := progress.New(c.Progress, c.Terminal, "galaxy", "particles", s.n)
	var busy time.Duration
	for b := 0; b < batches; b++ {
		lo := min(b*c.Batch, cnt)
		hi := min(lo+c.Batch, cnt)
		t0 := time.Now()
		for i := lo; i < hi; i++ {
			p0 := s.particle(m, uint64(c.Seed), off, i)
			pos, vel := w.slot(i - lo)
			if _, err := m.ParticleRows(track, p0, times, c.Opt, pos, vel); err != nil {
				return fmt.Errorf("particle %d: %w", off+i, err)
			}
		}
		busy += time.Since(t0)
		if err := w.writeBatch(off+lo, hi-lo); err != nil {
			return err
		}
		// Every rank takes part, so the count is global; rank 0 shows it.
		done, err := pio.SumFloat64(float64(hi))
		if err != nil {
			return err
		}
		meter.Update(int(done))
	}
	meter.Finish()
	fmt.Fprintf(c.Stdout, "MPI Rank %d : Simulating my particles took %v s\n", rank, busy.Seconds())
	if err := f.Close(); err != nil {
		return err
	}
	if rank == 0 {
		fmt.Fprintln(c.Stdout, "Success!")
	}
	return nil
}

// memory is what a rank allocates for a run, in bytes: per output time,
// the time grid (8), the nucleus's samples and its dense track (96),
// rank 0's nucleus rows (48), and a batch of trajectories, integrated
// straight into their rows (48 per particle).
func (c *Config) memory() int64 {
	return pio.SizeOf(8, c.Steps, 19+6*c.Batch)
}

// particle returns the start of this rank's particle i (global index
// off+i): from the file's first sample with IC, otherwise from the seed.
func (s *start) particle(m nbody.Model, seed uint64, off, i int) nbody.State {
	if s.particles != nil {
		return s.particles[i]
	}
	return m.ParticleStart(seed, off+i, s.nucleus)
}

// attrs are the file's attributes for a run of n particles on ranks
// ranks.
func (c *Config) attrs(m nbody.Model, n, ranks int) galaxyfile.Attrs {
	ic := fmt.Sprintf("seed %d", c.Seed)
	if c.IC != "" {
		ic = "first sample of " + c.IC
	}
	return galaxyfile.Attrs{
		G: m.G, K: m.K, K1: m.K1, Alpha: m.Alpha,
		Rn: nbody.StartRadius, R: nbody.StartRadius / nbody.BallRatio,
		N: n, TEnd: c.TEnd, Steps: c.Steps, Seed: uint64(c.Seed), IC: ic,
		Rtol: c.Opt.Rtol, Atol: c.Opt.Atol, Integrator: "DOP853, shared dense nucleus track",
		Ranks: ranks, Batch: c.Batch, Program: "h5mpi galaxy", Version: c.Version,
	}
}
