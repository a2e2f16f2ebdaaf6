package galaxy

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/progress"
	"github.com/h5mpi/h5mpi/internal/sched"
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

// StoppedStatus is the exit status of a run that stopped on a signal
// and can be resumed: scripts resubmit on it (slurm/submit-galaxy.sh).
const StoppedStatus = 3

// StoppedError is a run that stopped before every particle was done, on
// a signal: its partial file holds what was done, for -resume. Every rank
// returns it.
type StoppedError struct {
	Done, N int
}

func (e *StoppedError) Error() string {
	return fmt.Sprintf("stopped: %d of %d particles done; run again with -resume to finish", e.Done, e.N)
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
	if err := pio.OnRoot(func() error { return outfile.CheckTarget(c.Flags.Of("Out"), c.Out, c.IC) }); err != nil {
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
		if s, err = readIC(c.IC, c.Flags.Of("IC"), opt); err != nil {
			return err
		}
		if c.N != 0 && c.N != s.n {
			return fmt.Errorf("%s %d, but %s %s holds %d particles", c.Flags.Of("N"), c.N, c.Flags.Of("IC"), c.IC, s.n)
		}
	}
	need := pio.Needs{
		Memory:        c.memory(s.n),
		MemoryFor:     fmt.Sprintf("%s %d, %s %d: time grid, nucleus track, two chunks of trajectories, the particles' order", c.Flags.Of("Steps"), c.Steps, c.Flags.Of("Chunk"), c.Chunk),
		MemorySetting: c.Flags.List("Steps", "Chunk"),
	}
	if !c.Resume {
		need.Out, need.Data, need.Datasets = c.Out, galaxyfile.Bytes(s.n, c.Steps), galaxyfile.Datasets
		need.DiskSetting = c.Flags.List("N", "Steps", "Out")
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
	sigs, release := pio.Intercept()
	defer release()
	f, todo, err := c.open(s.n, track, attrs, opt)
	if err != nil {
		return err
	}
	r := newRunner(&c, f, newWorker(m, track, c.Opt, c.Chunk, func(i int) nbody.State { return s.particle(m, uint64(c.Seed), i) }))
	r.total, r.prior, r.sigs = s.n, s.n-len(todo), sigs
	if mpi.World.Rank() == 0 {
		order := sched.Order(todo, func(i int) float64 { return m.Difficulty(s.particle(m, uint64(c.Seed), i), s.nucleus) })
		r.disp = newDispatcher(sched.NewDispenser(order, mpi.World.Size(), c.Chunk), mpi.World.Size(), c.Chunk, c.Checkpoint)
		r.disp.stopAfter, r.disp.pauseAfter = c.StopAfter, c.PauseAfter
	}
	return r.run()
}

// open creates the file, or opens the partial file to resume, and
// returns the particles still to do: on rank 0, which hands them out.
// Once it returns, the file is durable and Kept: a failure leaves it, for
// a resumed run.
func (c *Config) open(n int, track *nbody.Track, a galaxyfile.Attrs, opt pio.Options) (*galaxyfile.File, []int32, error) {
	if !c.Resume {
		f, err := galaxyfile.Create(c.Out, opt, n, len(track.Times()), a)
		if err != nil {
			return nil, nil, err
		}
		if err := writeShared(f, mpi.World.Rank() == 0, track); err != nil {
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
			return nil, nil, &pio.SharedError{Err: c.mismatch(mis), Print: mpi.World.Rank() == 0}
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
			err = fmt.Errorf("resume %s: %w: refused, %s%s left as it is; run without -resume to start again", c.Out, err, c.Out, pio.PartialSuffix)
		}
	}
	if err := pio.Agree(err); err != nil {
		return nil, nil, errors.Join(err, f.Suspend())
	}
	return f, todo, nil
}

// resumeSettings are the settings behind the attributes a resumed run
// must share with the partial file.
var resumeSettings = map[string]string{
	"n_particles": "N", "seed": "Seed", "steps": "Steps",
	"t_end": "TEnd", "rtol": "Rtol", "atol": "Atol",
}

// mismatch says which setting differs, as the user calls it.
func (c *Config) mismatch(e *galaxyfile.MismatchError) error {
	name, ok := resumeSettings[e.Attr]
	if !ok {
		return e
	}
	return fmt.Errorf("resume %s: %s %v, but %s%s was started with %s %v (its attribute %s): run with the same settings, or without -resume to start again",
		c.Out, c.Flags.Of(name), e.Run, c.Out, pio.PartialSuffix, c.Flags.Of(name), e.File, e.Attr)
}

// memory is what a rank allocates for a run of n particles, in bytes:
// per output time, the time grid (8), the nucleus's samples and its
// dense track (96), rank 0's nucleus rows (48), and two chunks of
// trajectories (2·48 per particle); per particle, rank 0's hand-out order
// (16) and, with IC, the starts (48).
func (c *Config) memory(n int) int64 {
	perParticle := 16
	if c.IC != "" {
		perParticle += 48
	}
	return pio.SizeOf(8, c.Steps, 19+12*c.Chunk) + pio.SizeOf(perParticle, n)
}

// particle returns the start of particle i: from the file's first sample
// with IC, otherwise from the seed.
func (s *start) particle(m nbody.Model, seed uint64, i int) nbody.State {
	if s.particles != nil {
		return s.particles[i]
	}
	return m.ParticleStart(seed, i, s.nucleus)
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
		Ranks: ranks, Chunk: c.Chunk, Program: "h5mpi galaxy", Version: c.Version,
		EnergyDrift: de, AngularMomentumDrift: dl,
	}
}

// runner is one rank's part of the work: its main thread's loop, which
// asks for work (or, on rank 0, hands it out), writes what the worker
// finishes, and joins the checkpoints.
type runner struct {
	c          *Config
	f          *galaxyfile.File
	w          *worker
	disp       *dispatcher // rank 0's
	rank, size int
	total      int // particles in the file
	prior      int // done before this run (rank 0 knows)

	sigs     <-chan os.Signal
	stopping bool // this rank stops: it was signalled or told
	tellStop bool // rank 0 has yet to hear of this rank's signal
	watchdog *time.Timer

	asked     *mpi.Receive // the answer awaited (ranks other than 0)
	askedAt   time.Time    // when it was asked for
	waitUntil time.Time    // told to wait: ask again then
	inHand    int          // chunks with the worker
	ahead     bool         // the last reply said to ask ahead
	noMore    bool         // told there is no more work
	pauseSaid bool         // rank 0 said the hand-out paused

	written []int // rows written since the last checkpoint's record
	done    int   // particles this rank wrote in this run
	busy    time.Duration
	evals   int64
	meter   *progress.Meter
}

func newRunner(c *Config, f *galaxyfile.File, w *worker) *runner {
	return &runner{c: c, f: f, w: w, rank: mpi.World.Rank(), size: mpi.World.Size()}
}

// run is the rank's whole part, from the first chunk to the file closed.
func (r *runner) run() error {
	// The main thread must run while the worker integrates: launchers
	// bind each rank to a core, and Go then runs one thread at a time,
	// so that the main thread would answer only when the worker is
	// preempted, every 10 ms or more.
	if runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
	defer r.w.close()
	if r.rank == 0 {
		r.meter = progress.New(r.c.Progress, r.c.Terminal, "galaxy", "particles", r.total)
		if w := r.c.Progress; w != nil {
			if r.prior > 0 {
				fmt.Fprintf(w, "galaxy: resuming: %d of %d particles left, on %d ranks\n", r.total-r.prior, r.total, r.size)
			} else {
				fmt.Fprintf(w, "galaxy: %d particles on %d ranks\n", r.total, r.size)
			}
		}
	}
	t0 := time.Now()
	if err := r.loop(); err != nil {
		return err
	}
	// From here every rank finishes in step with the others: a signal
	// now only bounds how long that may take.
	ended := make(chan struct{})
	defer close(ended)
	go func() {
		select {
		case s := <-r.sigs:
			defer watch(fmt.Sprint(s)).Stop()
			<-ended
		case <-ended:
		}
	}()
	done, err := mpi.World.SumFloat64(float64(r.done))
	if err != nil {
		return err
	}
	all := r.prior + int(done) // rank 0's prior; the others' is wrong and unused
	r.meter.Update(all)        // the ranks' last chunks, which no ask reported
	wall := time.Since(t0)
	if r.watchdog != nil {
		defer r.watchdog.Stop()
	}
	if err := r.report(wall); err != nil {
		return err
	}
	// Whether all are done is rank 0's to say: only it knows prior.
	v := 0.0
	if r.rank == 0 && all == r.total {
		v = 1
	}
	complete, err := mpi.World.MaxFloat64(v)
	if err != nil {
		return err
	}
	if complete == 0 {
		// The last checkpoint: everything written is durable and
		// recorded. (A complete file needs no record: it is renamed
		// into place, as every program's output is.)
		if err := r.checkpoint(); err != nil {
			return err
		}
		if err := r.f.Suspend(); err != nil {
			return err
		}
		return &StoppedError{Done: all, N: r.total}
	}
	// Complete: the record says so too, though nothing will read it.
	// (That every particle was integrated follows from the count: the
	// record trusted at the start was checked (galaxyfile.Resume), and
	// each particle not done was handed out once and written.)
	if err := r.markDone(); err != nil {
		return err
	}
	if err := r.f.Close(); err != nil {
		return err
	}
	if r.rank == 0 {
		fmt.Fprintln(r.c.Stdout, "Success!")
	}
	return nil
}

// report prints each rank's integration time and, on rank 0, the load
// balance line. Collective.
func (r *runner) report(wall time.Duration) error {
	busy, evals := r.busy.Seconds(), float64(r.evals)
	wait := max(0, (wall - r.busy).Seconds())
	var v [5]float64
	var err error
	for i, x := range []struct {
		f func(float64) (float64, error)
		x float64
	}{{mpi.World.MaxFloat64, busy}, {mpi.World.SumFloat64, busy}, {mpi.World.MaxFloat64, evals}, {mpi.World.SumFloat64, evals}, {mpi.World.MaxFloat64, wait}} {
		if v[i], err = x.f(x.x); err != nil {
			return err
		}
	}
	r.meter.Finish()
	fmt.Fprintf(r.c.Stdout, "MPI Rank %d : Simulating my particles took %v s\n", r.rank, busy)
	if r.rank == 0 {
		n := float64(r.size)
		fmt.Fprintf(r.c.Stdout, "load balance: %d ranks, busy max/mean %.2f, evaluations max/mean %.2f, waiting max %.2f s\n",
			r.size, ratio(v[0], v[1]/n), ratio(v[2], v[3]/n), v[4])
	}
	return nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

// loop hands out or asks for work, writes what the worker finishes, and
// answers signals, until this rank has no more work and, on rank 0, every
// rank has been told so.
func (r *runner) loop() error {
	for {
		if err := r.step(); err != nil {
			return err
		}
		if r.over() {
			return nil
		}
		var poll *time.Timer
		var tick <-chan time.Time
		switch {
		case r.rank == 0 || r.asked != nil:
			poll = time.NewTimer(pollEvery)
		case !r.waitUntil.IsZero():
			poll = time.NewTimer(max(time.Until(r.waitUntil), pollEvery))
		}
		if poll != nil {
			tick = poll.C
		}
		var err error
		select {
		case res := <-r.w.results:
			err = r.collect(res)
		case s := <-r.sigs:
			r.stop(fmt.Sprint(s))
		case <-tick:
		}
		if poll != nil {
			poll.Stop()
		}
		if err != nil {
			return err
		}
	}
}

// step does the message work that is due: on rank 0, answering asks and
// joining a checkpoint round once all are told; elsewhere, taking an
// answer that came; everywhere, asking when there is nothing in hand.
func (r *runner) step() error {
	if r.rank == 0 {
		ckpt, err := r.disp.serve()
		if err != nil {
			return err
		}
		if ckpt {
			if err := r.checkpoint(); err != nil {
				return err
			}
		}
		r.disp.progress[0] = r.done
		r.meter.Update(r.prior + r.disp.done())
		if r.disp.stop && !r.stopping {
			r.stop("stop") // another rank's signal, or StopAfter
		}
		if r.disp.paused() && !r.pauseSaid {
			r.pauseSaid = true
			if w := r.c.Progress; w != nil {
				fmt.Fprintf(w, "galaxy: paused after %d particles (%s): waiting for a signal\n", r.disp.handed, PauseAfterEnv)
			}
		}
	} else if r.asked != nil {
		v, ok, err := r.asked.Test()
		if err != nil {
			return err
		}
		if ok {
			r.asked = nil
			if err := r.take(decodeReply(v)); err != nil {
				return err
			}
		} else {
			r.checkContact()
		}
	}
	return r.ask()
}

// checkContact quits this rank if rank 0 has left its ask unanswered
// beyond ReplyLimit (StopReplyLimit once stopping): the job is lost to
// it, and nothing it writes from now on would be recorded. What the last
// checkpoint recorded stays in the partial file, for -resume.
func (r *runner) checkContact() {
	limit := ReplyLimit
	if r.stopping {
		limit = StopReplyLimit
	}
	if waited := time.Since(r.askedAt); waited > limit {
		pio.Quit(fmt.Errorf("rank 0 has not answered for %v (the limit is %v): this rank has lost its job (its node cut off, or rank 0 gone); quitting, the partial file keeps the last checkpoint",
			waited.Round(time.Second), limit))
	}
}

// ask asks for the next chunk when there is none in hand (or one, when
// told to ask ahead), or to tell rank 0 of a stop. Rank 0 asks itself,
// and only when it has nothing in hand: its answers come at once.
func (r *runner) ask() error {
	if r.noMore || r.asked != nil {
		return nil
	}
	if r.rank == 0 {
		if r.inHand > 0 {
			return nil
		}
		kind, chunk := r.disp.next(0)
		if kind == replyWait {
			return nil
		}
		// The worker keeps the chunk: not the dispenser's own slice.
		return r.take(reply{kind: kind, particles: append([]int32(nil), chunk...)})
	}
	if !(r.inHand == 0 || (r.inHand == 1 && r.ahead) || r.tellStop) {
		return nil
	}
	if !r.tellStop && time.Now().Before(r.waitUntil) {
		return nil
	}
	r.waitUntil, r.askedAt = time.Time{}, time.Now()
	var err error
	if r.asked, err = mpi.World.Irecv(0, tagReply, replyHead+r.c.Chunk); err != nil {
		return err
	}
	a := ask{stop: r.tellStop, done: r.done}
	r.tellStop = false
	return mpi.World.Send(0, tagAsk, a.encode(nil))
}

// take acts on an answer.
func (r *runner) take(m reply) error {
	r.ahead = m.ahead
	if len(m.particles) > 0 {
		r.inHand++
		r.w.jobs <- m.particles // holds one: the worker has at most one other
	}
	switch m.kind {
	case replyNone:
		r.noMore = true
	case replyWait:
		r.waitUntil = time.Now().Add(waitAgain)
	case replyStop:
		r.noMore = true
		r.stop("stop")
	}
	if m.checkpoint {
		return r.checkpoint()
	}
	return nil
}

// collect writes a chunk the worker finished, after asking for the next
// so that the answer travels while the chunk is written.
func (r *runner) collect(res *result) error {
	defer func() { r.w.free <- res }()
	r.inHand--
	if res.err != nil {
		return res.err
	}
	if err := r.ask(); err != nil {
		return err
	}
	if err := r.write(&res.Chunk); err != nil {
		return err
	}
	r.written = append(r.written, res.Rows...)
	r.done += len(res.Rows)
	r.busy += res.busy
	r.evals += res.evals
	return nil
}

// servePiece is how many particles rank 0 writes between looking for
// asks: writing a whole chunk can take 10 ms, and the asks would wait.
const servePiece = 8

// write writes a finished chunk. Rank 0 writes it in pieces and answers
// asks between them.
func (r *runner) write(c *galaxyfile.Chunk) error {
	if r.rank != 0 {
		return r.f.WriteChunk(c)
	}
	row := 3 * r.f.T()
	for lo := 0; lo < len(c.Rows); lo += servePiece {
		hi := min(lo+servePiece, len(c.Rows))
		piece := galaxyfile.Chunk{
			Rows: c.Rows[lo:hi], Pos: c.Pos[lo*row : hi*row], Vel: c.Vel[lo*row : hi*row],
			Evals: c.Evals[lo:hi], Steps: c.Steps[lo:hi], Rejected: c.Rejected[lo:hi],
		}
		if err := r.f.WriteChunk(&piece); err != nil {
			return err
		}
		if err := r.disp.answerAll(); err != nil {
			return err
		}
	}
	return nil
}

// stop stops this rank's work: the worker finishes the particle at hand
// and takes no more, rank 0 hands out no more, and the others tell it.
func (r *runner) stop(why string) {
	if r.stopping {
		return
	}
	r.stopping = true
	r.w.stop.Store(true)
	if r.rank == 0 {
		r.disp.halt()
	} else if !r.noMore {
		r.tellStop = true
	}
	r.watchdog = watch(why)
}

// watch quits this rank if it has not ended StopLimit from now: a stop
// must not wait on a rank that is gone.
func watch(why string) *time.Timer {
	return time.AfterFunc(StopLimit, func() {
		pio.Quit(fmt.Errorf("%s: the ranks did not finish stopping within %v: quitting with the last checkpoint", why, StopLimit))
	})
}

// over reports whether this rank's loop is done: no more work, none in
// hand and, on rank 0, every other rank told so.
func (r *runner) over() bool {
	if !r.noMore || r.inHand > 0 || r.asked != nil {
		return false
	}
	return r.rank != 0 || r.disp.finished()
}

// checkpoint makes the rows written so far durable and only then records
// them as done, durably: after a crash a resumed run redoes at most what
// came since. A run whose lock was taken over meanwhile fails here,
// naming the run that took it. Collective.
func (r *runner) checkpoint() error {
	if err := r.f.Held(); err != nil {
		return err
	}
	if err := r.f.Flush(); err != nil {
		return err
	}
	if err := r.markDone(); err != nil {
		return err
	}
	if err := r.f.Flush(); err != nil {
		return err
	}
	// What the file's record holds now, for the progress lines.
	done, err := mpi.World.SumFloat64(float64(r.done))
	if err != nil {
		return err
	}
	if w := r.c.Progress; w != nil {
		fmt.Fprintf(w, "galaxy: checkpoint: %d of %d particles recorded\n", r.prior+int(done), r.total)
	}
	return nil
}

// markDone records the rows written since the last record as done.
func (r *runner) markDone() error {
	if len(r.written) == 0 {
		return nil
	}
	slices.Sort(r.written)
	if err := r.f.MarkDone(r.written); err != nil {
		return err
	}
	r.written = r.written[:0]
	return nil
}

// writeShared writes the nucleus and the time grid if mine, and otherwise
// joins with empty selections.
func writeShared(f *galaxyfile.File, mine bool, track *nbody.Track) error {
	if !mine {
		return f.WriteShared(false, nil, nil, nil)
	}
	t := len(track.Times())
	pos, vel := make([]float64, 3*t), make([]float64, 3*t)
	for j, s := range track.Samples() {
		pos[3*j], pos[3*j+1], pos[3*j+2] = s.Pos.X, s.Pos.Y, s.Pos.Z
		vel[3*j], vel[3*j+1], vel[3*j+2] = s.Vel.X, s.Vel.Y, s.Vel.Z
	}
	return f.WriteShared(true, pos, vel, track.Times())
}
