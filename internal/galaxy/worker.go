package galaxy

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
)

// worker integrates the chunks a rank is handed, in a goroutine of its
// own, while the rank's main thread talks MPI and writes: MPI and HDF5 are
// called from the main thread only. A chunk's trajectories go straight
// into one of two buffers, so a rank holds at most two chunks, one being
// integrated and one being written.
type worker struct {
	m     nbody.Model
	track *nbody.Track
	times []float64
	opt   nbody.Options
	start func(i int32) nbody.State

	jobs    chan []int32 // chunks to integrate
	results chan *result // integrated chunks
	free    chan *result // buffers for the next chunks
	stop    atomic.Bool  // set: finish the particles at hand, then no more

	p0 []nbody.State // the start states of a chunk
	st []nbody.Stats // and the work of its particles
}

// result is an integrated chunk, in increasing particle order.
type result struct {
	galaxyfile.Chunk
	busy  time.Duration // time spent integrating
	evals int64
	err   error
}

// newWorker starts a worker integrating through the nucleus's track and
// writing each particle's state at times, the samples the file keeps:
// DOP853's steps depend on the end time alone, never on the times
// between (their values come from each step's dense output), so a
// particle's state at a time is the same bits whatever other times are
// asked for, and the samples not written are never computed.
func newWorker(m nbody.Model, track *nbody.Track, times []float64, opt nbody.Options, chunk int, start func(int32) nbody.State) *worker {
	w := &worker{
		m: m, track: track, times: times, opt: opt, start: start,
		jobs: make(chan []int32, 1), results: make(chan *result, 2), free: make(chan *result, 2),
	}
	w.p0, w.st = make([]nbody.State, 0, chunk), make([]nbody.Stats, chunk)
	row := 3 * len(w.times)
	for i := 0; i < 2; i++ {
		w.free <- &result{Chunk: galaxyfile.Chunk{
			Rows: make([]int32, 0, chunk),
			Pos:  make([]float64, chunk*row), Vel: make([]float64, chunk*row),
			Evals: make([]int64, chunk), Steps: make([]int32, chunk), Rejected: make([]int32, chunk),
		}}
	}
	go w.run()
	return w
}

func (w *worker) run() {
	for job := range w.jobs {
		r := <-w.free
		w.integrate(job, r)
		w.results <- r
	}
}

// integrate integrates the particles of job into r, several at once (see
// nbody.Model.ParticlesRows), stopping early, with the leading particles
// done so far, if asked to stop or on an error.
func (w *worker) integrate(job []int32, r *result) {
	t0 := time.Now()
	slices.Sort(job) // the file's order: rows go out as one selection
	r.Rows, r.evals, r.err = r.Rows[:0], 0, nil
	w.p0 = w.p0[:0]
	for _, i := range job {
		w.p0 = append(w.p0, w.start(i))
	}
	n, err := w.m.ParticlesRows(w.track, w.p0, w.times, w.opt, r.Pos, r.Vel, w.st[:len(job)], w.stop.Load)
	for k, st := range w.st[:n] {
		r.Rows = append(r.Rows, job[k])
		r.Evals[k], r.Steps[k], r.Rejected[k] = st.Evals, st.Steps, st.Rejected
		r.evals += st.Evals
	}
	if err != nil {
		r.err = fmt.Errorf("particle %d: %w", job[n], err)
	}
	r.busy = time.Since(t0)
}

// close ends the goroutine once its last chunk is out.
func (w *worker) close() { close(w.jobs) }
