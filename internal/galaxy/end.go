package galaxy

import (
	"fmt"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// boundEnd bounds the end of the run: a signal that comes before the
// returned func is called starts the watch (StopLimit) instead of a stop,
// and calling it ends the watch.
func (r *runner) boundEnd() (ended func()) {
	done := make(chan struct{})
	go func() {
		select {
		case s := <-r.sigs:
			defer r.watch(fmt.Sprint(s)).Stop()
			<-done
		case <-done:
		}
	}()
	return func() { close(done) }
}

// end finishes the rank's part once the loop is over, t0 being when it
// began: the reports, then the file completed or, with particles left,
// kept partial. Collective.
func (r *runner) end(t0 time.Time) error {
	all, err := r.tally()
	if err != nil {
		return err
	}
	wall := time.Since(t0)
	if r.watchdog != nil {
		defer r.watchdog.Stop()
	}
	if err := r.report(wall); err != nil {
		return err
	}
	complete, err := r.complete(all)
	if err != nil {
		return err
	}
	if !complete {
		return r.suspend(all)
	}
	return r.finish()
}

// tally is how many particles of the file are done, on rank 0, and
// shows it. Collective.
func (r *runner) tally() (int, error) {
	done, err := mpi.World.SumFloat64(float64(r.done))
	if err != nil {
		return 0, err
	}
	all := r.prior + int(done) // rank 0's prior; the others' is wrong and unused
	r.meter.Update(all)        // the ranks' last chunks, which no ask reported
	return all, nil
}

// complete reports whether every particle of the file is done, all on
// rank 0 being how many are. Collective.
func (r *runner) complete(all int) (bool, error) {
	// Rank 0's to say: only it knows prior.
	v := 0.0
	if r.rank == 0 && all == r.total {
		v = 1
	}
	complete, err := mpi.World.MaxFloat64(v)
	return complete != 0, err
}

// suspend keeps the file partial, all particles done, after the last
// checkpoint: everything written is durable and recorded. (A complete
// file needs no record: it is renamed into place, as every program's
// output is.) It returns the *StoppedError. Collective.
func (r *runner) suspend(all int) error {
	if err := r.checkpoint(); err != nil {
		return err
	}
	if err := r.f.Suspend(); err != nil {
		return err
	}
	return &StoppedError{Done: all, N: r.total}
}

// finish completes the file and puts it in place. Collective.
func (r *runner) finish() error {
	// The record says so too, though nothing will read it. (That every
	// particle was integrated follows from the count: the record trusted
	// at the start was checked (galaxyfile.Resume), and each particle not
	// done was handed out once and written.)
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
