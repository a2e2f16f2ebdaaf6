package galaxy

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/sched"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// StopLimit bounds a stop: from the signal (or the stop a rank hears of)
// to the partial file closed. A rank still stopping then quits, keeping
// the last checkpoint: a dead rank must not make the others wait in a
// collective until Slurm's SIGKILL.
var StopLimit = 60 * time.Second

// ReplyLimit bounds how long a rank waits for rank 0's answer to its ask
// before it takes its job for lost (its node cut off from rank 0's, or
// rank 0 gone without the launcher noticing) and quits, writing nothing
// more: rank 0 answers within milliseconds, even while it writes (it
// answers between pieces of at most servePiece particles), so only a
// file system that holds one such write for this long ends a healthy
// job. Once the rank is stopping, StopReplyLimit is the bound: a stop
// that rank 0 cannot hear of is no reason to wait for StopLimit.
var (
	ReplyLimit     = 30 * time.Second
	StopReplyLimit = 10 * time.Second
)

// StopAfterEnv and PauseAfterEnv name the environment variables that
// set StopAfter and PauseAfter in cmd/galaxy.
const (
	StopAfterEnv  = "H5MPI_STOP_AFTER"
	PauseAfterEnv = "H5MPI_PAUSE_AFTER"
)

// GroupSizeEnv and GroupFanEnv name the environment variables that set
// Group and Fan in cmd/galaxy: to try the tree of dispensers on few
// ranks, in tests, and other shapes of it.
const (
	GroupSizeEnv = "H5MPI_GROUP_SIZE"
	GroupFanEnv  = "H5MPI_GROUP_FAN"
)

// StoppedStatus is the exit status of a run that stopped on a signal
// and can be resumed: scripts resubmit on it (slurm/submit-galaxy.sh).
const StoppedStatus = 3

// StoppedError is a run that stopped before every particle was done, on
// a signal: its partial file holds what was done, for -resume. Every rank
// returns it.
type StoppedError struct {
	Done, N int
}

func (e *StoppedError) Error() string { return e.Unwrap().Error() }

// Unwrap is e's message, which names the setting Resume: a command
// renders it (setting.Render) as its flag.
func (e *StoppedError) Unwrap() error {
	return setting.Errorf("stopped: %d of %d particles done; run again with %v to finish", e.Done, e.N, setting.Name("Resume"))
}

// Run simulates and writes one galaxy file. Collective: every rank calls
// it with the same Config, which Validate accepted: Run checks only what
// depends on the files (the output's place, IC's particle count, the
// partial file to resume) and on the machine (memory and disk). On
// success the file is complete under c.Out. Otherwise nothing is left
// under c.Out that was not there before; once the work has begun, the
// partial file c.Out+".partial" stays, with a record of the particles
// done, and c.Resume finishes it (a *StoppedError when stopped by a
// signal).
func Run(c Config) error {
	if err := pio.OnRoot(func() error { return outfile.CheckTarget("Out", c.Out, c.IC) }); err != nil {
		return err
	}
	m := nbody.Default()
	// Independent transfers: each rank writes each chunk when it is
	// done, without waiting for the others. The layout is fixed at
	// creation, so no write changes the file's metadata.
	opt := pio.Options{Hints: c.Hints, Independent: true, Knobs: c.Knobs}

	s := &start{n: c.N, nucleus: m.NucleusStart()}
	if c.IC != "" {
		var err error
		if s, err = readIC(c.IC, opt); err != nil {
			return err
		}
		if c.N != 0 && c.N != s.n {
			return setting.Errorf("%v %d, but %v %s holds %d particles", setting.Name("N"), c.N, setting.Name("IC"), c.IC, s.n)
		}
	}
	kept := c.samples()
	need := pio.Needs{
		Memory: c.memory(s.n, len(kept)),
		MemoryFor: setting.Textf("%v %d, %v %d: time grid, nucleus track, %d chunks of trajectories, the particles' order",
			setting.Name("Steps"), c.Steps, setting.Name("Chunk"), c.Chunk, slabs),
		MemorySetting: setting.Either("Steps", "Chunk"),
	}
	if !c.Resume {
		need.Out, need.Data, need.Datasets = c.Out, galaxyfile.Bytes(s.n, len(kept), c.Float32), galaxyfile.Datasets
		need.DiskSetting = setting.Either("N", "Steps", "Every", "Float32", "Out")
	}
	if err := pio.Preflight(need); err != nil {
		return err
	}
	track, err := m.Nucleus(s.nucleus, nbody.TimeGrid(c.TEnd, c.Steps), c.Opt)
	if err != nil {
		return fmt.Errorf("nucleus: %w", err)
	}
	attrs := c.attrs(m, s.n, mpi.World.Size(), track)

	// Signals stop the run in order from the moment the file exists on
	// every rank: one that comes while it is being made is taken by the
	// first step of the loop.
	sigs, release := c.stops()
	defer release()
	out := written(track, kept)
	lanes, err := m.Lanes(track, out.times, c.Opt)
	if err != nil {
		return err
	}
	f, todo, err := c.open(s.n, out, attrs, opt)
	if err != nil {
		return err
	}
	r := newRunner(&c, f, newWorker(lanes, len(out.times), sched.MaxChunk(len(todo), mpi.World.Size(), c.Chunk), func(i int32) nbody.State { return s.particle(m, uint64(c.Seed), i) }))
	r.total, r.prior, r.sigs = s.n, s.n-len(todo), sigs
	order := func(todo []int32) []int32 {
		return sched.Order(todo, func(i int32) float64 { return m.Difficulty(s.particle(m, uint64(c.Seed), i), s.nucleus) })
	}
	if err := r.dispatch(todo, order); err != nil {
		return err
	}
	return r.run()
}

// open creates the file, or opens the partial file to resume, and
// returns the particles still to do: on rank 0, which hands them out.
// Once it returns, the file is durable and Kept: a failure leaves it, for
// a resumed run.
func (c *Config) open(n int, out *samples, a galaxyfile.Attrs, opt pio.Options) (*galaxyfile.File, []int32, error) {
	if !c.Resume {
		f, err := galaxyfile.Create(c.Out, opt, n, len(out.times), a)
		if err != nil {
			return nil, nil, err
		}
		if err := writeShared(f, mpi.World.Rank() == 0, out); err != nil {
			return nil, nil, err
		}
		// The layout on disk before any particle: from now on the
		// partial file can be resumed.
		if err := f.Flush(); err != nil {
			return nil, nil, err
		}
		f.Keep()
		return f, sched.All(n), nil
	}
	f, err := galaxyfile.Resume(c.Out, opt, a)
	if err != nil {
		var mis *galaxyfile.MismatchError
		if errors.As(err, &mis) {
			return nil, nil, &pio.SharedError{Err: mis, Print: mpi.World.Rank() == 0}
		}
		return nil, nil, err
	}
	var todo []int32
	if mpi.World.Rank() == 0 {
		var done []uint8
		if done, err = f.Done(); err == nil {
			for i, d := range done {
				if d == 0 {
					todo = append(todo, int32(i))
				}
			}
		} else {
			err = setting.Errorf("resume %s: %w: refused, %s%s left as it is; run without %v to start again", c.Out, err, c.Out, pio.PartialSuffix, setting.Name("Resume"))
		}
	}
	if err := pio.Agree(err); err != nil {
		return nil, nil, errors.Join(err, f.Suspend())
	}
	return f, todo, nil
}

// memory is what a rank allocates for a run of n particles writing kept
// of the samples, in bytes: per output time, the time grid (8), the
// nucleus's samples and its dense track (96); per sample written, the
// times and the nucleus's states picked (56), rank 0's nucleus rows (48)
// and their float32 copy (24), the worker's slabs of trajectories (48
// per particle of a chunk, each) and, with Float32, the copy of a piece
// of one (12 per particle); per particle, the hand-out order of rank 0
// and of every dispenser (16) and, with IC, the starts (48).
func (c *Config) memory(n, kept int) int64 {
	perParticle := 16
	if c.IC != "" {
		perParticle += 48
	}
	perSample := 128 + slabs*48*c.Chunk
	if c.Float32 {
		perSample += 12 * min(c.Chunk, galaxyfile.Piece)
	}
	return pio.SumSizes(pio.SizeOf(104, c.Steps), pio.SizeOf(perSample, kept), pio.SizeOf(perParticle, n))
}

// particle returns the start of particle i: from the file's first sample
// with IC, otherwise from the seed.
func (s *start) particle(m nbody.Model, seed uint64, i int32) nbody.State {
	if s.particles != nil {
		return s.particles[i]
	}
	return m.ParticleStart(seed, int(i), s.nucleus)
}

// attrs are the file's attributes for a run of n particles on ranks
// ranks, with the nucleus's track.
func (c *Config) attrs(m nbody.Model, n, ranks int, track *nbody.Track) galaxyfile.Attrs {
	ic := fmt.Sprintf("seed %d", c.Seed)
	if c.IC != "" {
		ic = "first sample of " + c.IC
	}
	de, dl := m.Drift(track.Samples())
	return galaxyfile.Attrs{
		G: m.G, K: m.K, K1: m.K1, Alpha: m.Alpha,
		Rn: nbody.StartRadius, R: nbody.StartRadius / nbody.BallRatio,
		N: n, TEnd: c.TEnd, Steps: c.Steps, Seed: uint64(c.Seed), IC: ic,
		Rtol: c.Opt.Rtol, Atol: c.Opt.Atol, Integrator: "DOP853, shared dense nucleus track",
		Ranks: ranks, Chunk: c.Chunk, Every: c.Every, Float32: c.Float32,
		Program: "h5mpi galaxy", Version: c.Version,
		EnergyDrift: de, AngularMomentumDrift: dl,
	}
}

// samples are the output times the file holds and the nucleus's state
// at each.
type samples struct {
	times   []float64
	nucleus []nbody.State
}

// written picks the samples kept (Config.samples) of the track's. Every
// sample kept is the track's own: the same time, bit for bit.
func written(track *nbody.Track, kept []int) *samples {
	if len(kept) == len(track.Times()) {
		// All of them: the track's own slice, which its particles
		// integrate through without checking the times again.
		return &samples{times: track.Times(), nucleus: track.Samples()}
	}
	s := &samples{times: make([]float64, len(kept)), nucleus: make([]nbody.State, len(kept))}
	for i, j := range kept {
		s.times[i], s.nucleus[i] = track.Times()[j], track.Samples()[j]
	}
	return s
}

// writeShared writes the nucleus and the times if mine, and otherwise
// joins with empty selections.
func writeShared(f *galaxyfile.File, mine bool, out *samples) error {
	if !mine {
		return f.WriteShared(false, nil, nil, nil)
	}
	t := len(out.times)
	pos, vel := make([]float64, 3*t), make([]float64, 3*t)
	for j, s := range out.nucleus {
		pos[3*j], pos[3*j+1], pos[3*j+2] = s.Pos.X, s.Pos.Y, s.Pos.Z
		vel[3*j], vel[3*j+1], vel[3*j+2] = s.Vel.X, s.Vel.Y, s.Vel.Z
	}
	return f.WriteShared(true, pos, vel, out.times)
}

// stops takes the job's stop requests (Config.Stops).
func (c *Config) stops() (<-chan os.Signal, func()) {
	if c.Stops == nil {
		return nil, func() {}
	}
	return c.Stops()
}

// lost ends this rank at once (Config.Lost).
func (c *Config) lost(err error) {
	if c.Lost == nil {
		panic(err)
	}
	c.Lost(err)
}
