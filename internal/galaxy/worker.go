package galaxy

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/sched"
)

// worker integrates the chunks a rank is handed, in a goroutine of its
// own, while the rank's main thread talks MPI and writes: MPI and HDF5 are
// called from the main thread only.
//
// The particles of every chunk in hand form one stream, in the order the
// chunks came, that nbody's lanes take particles from as lanes become
// free (nbody.Lanes): a chunk's particles share the lanes with the end
// of the chunk before and the start of the next, so the lanes stay full
// across chunks, and a chunk goes to the writer when all its particles
// are complete, whichever chunk completes first. A chunk's trajectories
// go straight into a slab, slabs of them in all (a slab holds a chunk of
// the largest size, or several smaller ones), so a rank holds at most
// that many chunks' worth of trajectories: being integrated, waiting to
// be written, and being written.
type worker struct {
	lanes *nbody.Lanes
	row   int // floats in a particle's row of positions (or velocities)
	start func(i int32) nbody.State

	jobs    chan []int32 // chunks to integrate
	results chan *result // integrated chunks
	free    chan *result // chunks written: their room in the slab is free
	hungry  chan struct{}
	stop    atomic.Bool  // set: finish the particles in the lanes, start no more
	waiting atomic.Int64 // particles handed to the worker, not started yet
	running atomic.Int64 // particles started, not yet complete

	slabs   []*slab
	open    []*result // chunks received, not yet sent back, in order
	serial  int       // of the next chunk received
	closed  bool      // jobs is closed
	halted  bool      // stopped, or a particle failed: no more starts
	markAt  time.Time // start of the integration time not yet counted
	busyAcc time.Duration
}

// chunkBits is the bits of a particle's id (nbody.Stream's) that give
// its place in its chunk; the bits above give the chunk. A chunk holds at
// most MaxChunk particles, which the array's length checks at compile
// time.
const chunkBits = 12

var _ [1<<chunkBits - MaxChunk]struct{}

// slabs is how many slabs of trajectories a worker holds: one chunk
// being written, one finishing in the lanes, one starting in them and
// the next in hand.
const slabs = 4

// slab is room for the trajectories of chunk particles, shared by the
// chunks placed in it until all of them have been written.
type slab struct {
	galaxyfile.Chunk
	used int // particles placed since the slab was last empty
	refs int // chunks placed and not yet written
}

// newSlab returns an empty slab for n particles of row floats each.
func newSlab(n, row int) *slab {
	return &slab{Chunk: galaxyfile.Chunk{
		Rows: make([]int32, n),
		Pos:  make([]float64, n*row), Vel: make([]float64, n*row),
		Evals: make([]int64, n), Steps: make([]int32, n), Rejected: make([]int32, n),
	}}
}

// result is an integrated chunk, in increasing particle order.
type result struct {
	galaxyfile.Chunk
	busy  time.Duration // time spent integrating
	evals int64
	err   error

	job     []int32
	serial  int
	slab    *slab
	off     int // its first particle's place in the slab
	started int // particles of job started (job[:started])
	done    int // and complete
}

// newWorker starts a worker integrating in lanes, which write each
// particle's state at the samples the file keeps: DOP853's steps depend
// on the end time alone, never on the times between (their values come
// from each step's dense output), so a particle's state at a time is the
// same bits whatever other times are asked for, and the samples not
// written are never computed. T is the number of samples; chunk is the
// most particles a chunk handed to it holds (sched.MaxChunk), which sizes
// its slabs: slabs the size of the chunk setting would touch memory that
// a run of smaller chunks never uses, and each page's first touch is a
// fault that costs the integration its time (BENCHMARKS.md, lanes).
func newWorker(lanes *nbody.Lanes, T, chunk int, start func(int32) nbody.State) *worker {
	w := &worker{
		lanes: lanes, row: 3 * T, start: start,
		// The main thread asks for work while fewer than four lane
		// widths of particles wait (runner.ask), so a chunk waits in
		// jobs for each of them at most; the results and written chunks
		// are at most as many as the slabs hold, and those.
		jobs:    make(chan []int32, 4*lanes.Width()+2),
		results: make(chan *result, slabs*chunk+4*lanes.Width()+2),
		free:    make(chan *result, slabs*chunk+4*lanes.Width()+2),
		hungry:  make(chan struct{}, 1),
	}
	for i := 0; i < slabs; i++ {
		w.slabs = append(w.slabs, newSlab(chunk, w.row))
	}
	go w.run()
	return w
}

// short is how few particles waiting to start make the main thread ask
// for the next chunk (runner.ask): sched.Short of the lanes' width.
func (w *worker) short(ahead bool) int64 {
	return int64(sched.Short(w.lanes.Width(), ahead))
}

// wants reports whether the main thread should ask for the next chunk
// (sched.Wants): fewer particles wait to start than short, or none wait
// and none run. The main thread is woken for the first by hungry, for
// the second by the chunk that completes.
func (w *worker) wants(ahead bool) bool {
	return sched.Wants(int(w.waiting.Load()), int(w.running.Load()), w.lanes.Width(), ahead)
}

// give hands the worker a chunk; the main thread's.
func (w *worker) give(job []int32) {
	w.waiting.Add(int64(len(job)))
	w.jobs <- job
}

func (w *worker) run() {
	for {
		w.reclaim()
		if w.halted {
			w.flush()
		}
		// Idle: wait for a chunk, or for room in the slabs for the one
		// in hand.
		if r := w.startable(); r == nil || (r.slab == nil && !w.place(r)) {
			if r == nil && w.closed {
				return
			}
			jobs := w.jobs
			if r != nil || w.closed {
				jobs = nil
			}
			select {
			case job, ok := <-jobs:
				w.receive(job, ok)
			case res := <-w.free:
				w.release(res)
			}
			continue
		}
		w.markAt = time.Now()
		if w.lanes.Run(w, w.stop.Load) || w.stop.Load() {
			w.halted = true
		}
		w.busyAcc += time.Since(w.markAt)
		w.markAt = time.Time{}
	}
}

// receive takes a chunk from jobs (ok false: jobs is closed).
func (w *worker) receive(job []int32, ok bool) {
	if !ok {
		w.closed = true
		return
	}
	slices.Sort(job) // the file's order: rows go out as one selection
	w.open = append(w.open, &result{job: job, serial: w.serial})
	w.serial++
}

// startable is the first chunk in hand with a particle not started,
// or nil.
func (w *worker) startable() *result {
	for _, r := range w.open {
		if r.started < len(r.job) {
			return r
		}
	}
	return nil
}

// Next is nbody.Stream's: the next particle of the chunks in hand, in
// their order, taking a chunk from jobs when those are all started. A
// chunk's first particle waits for room in the slabs.
func (w *worker) Next() (id int, p0 nbody.State, pos, vel []float64, ok bool) {
	if w.halted || w.stop.Load() {
		return 0, p0, nil, nil, false
	}
	r := w.startable()
	if r == nil {
		select {
		case job, ok := <-w.jobs:
			w.receive(job, ok)
		default:
		}
		if r = w.startable(); r == nil {
			return 0, p0, nil, nil, false
		}
	}
	if r.slab == nil && !w.place(r) {
		w.reclaim()
		if !w.place(r) {
			return 0, p0, nil, nil, false
		}
	}
	k := r.started
	r.started++
	w.running.Add(1)
	// The main thread looks again at what waits after every answer, so
	// it need only be woken when the count falls below where it asks.
	if v := w.waiting.Add(-1); v == w.short(false)-1 || v == w.short(true)-1 {
		select {
		case w.hungry <- struct{}{}:
		default:
		}
	}
	j := (r.off + k) * w.row
	return r.serial<<chunkBits | k, w.start(r.job[k]), r.slab.Pos[j : j+w.row], r.slab.Vel[j : j+w.row], true
}

// Done is nbody.Stream's: particle k of a chunk is complete. A chunk
// whose particles are all complete goes to the main thread.
func (w *worker) Done(id int, st nbody.Stats, err error) {
	serial, k := id>>chunkBits, id&(1<<chunkBits-1)
	var r *result
	for _, o := range w.open {
		if o.serial == serial {
			r = o
			break
		}
	}
	w.running.Add(-1)
	j := r.off + k
	r.slab.Evals[j], r.slab.Steps[j], r.slab.Rejected[j] = st.Evals, st.Steps, st.Rejected
	r.evals += st.Evals
	r.done++
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("particle %d: %w", r.job[k], err)
	}
	if r.done == len(r.job) {
		w.send(r)
	}
}

// send hands chunk r, with its particles started and complete, to the
// main thread, with the integration time since the last chunk sent.
func (w *worker) send(r *result) {
	w.open = slices.DeleteFunc(w.open, func(o *result) bool { return o == r })
	r.busy, w.busyAcc = w.busyAcc, 0
	if !w.markAt.IsZero() {
		now := time.Now()
		r.busy += now.Sub(w.markAt)
		w.markAt = now
	}
	n := r.started
	if s := r.slab; s != nil {
		r.Chunk = galaxyfile.Chunk{
			Rows: s.Rows[r.off : r.off+n], Pos: s.Pos[r.off*w.row : (r.off+n)*w.row], Vel: s.Vel[r.off*w.row : (r.off+n)*w.row],
			Evals: s.Evals[r.off : r.off+n], Steps: s.Steps[r.off : r.off+n], Rejected: s.Rejected[r.off : r.off+n],
		}
		copy(r.Rows, r.job[:n])
	}
	w.results <- r
}

// flush sends every chunk in hand once halted (nothing in the lanes):
// with the particles started, all complete, and jobs that come after
// with none.
func (w *worker) flush() {
	for len(w.open) > 0 {
		r := w.open[0]
		w.waiting.Add(-int64(len(r.job) - r.started))
		w.send(r)
	}
}

// place puts chunk r in a slab with room for it, the fullest in use
// first, and reports whether there was one.
func (w *worker) place(r *result) bool {
	var best *slab
	for _, s := range w.slabs {
		if len(s.Evals)-s.used >= len(r.job) && (best == nil || s.used > best.used) {
			best = s
		}
	}
	if best == nil {
		// A chunk larger than the slabs were made for takes an empty
		// slab made anew for it, rather than waiting for room that
		// never comes.
		for i, s := range w.slabs {
			if s.refs == 0 && len(r.job) > len(s.Evals) {
				best = newSlab(len(r.job), w.row)
				w.slabs[i] = best
				break
			}
		}
	}
	if best == nil {
		return false
	}
	r.slab, r.off = best, best.used
	best.used += len(r.job)
	best.refs++
	return true
}

// reclaim takes back the room of the chunks written.
func (w *worker) reclaim() {
	for {
		select {
		case r := <-w.free:
			w.release(r)
		default:
			return
		}
	}
}

func (w *worker) release(r *result) {
	if s := r.slab; s != nil {
		if s.refs--; s.refs == 0 {
			s.used = 0
		}
	}
}

// close ends the goroutine once its last chunk is out.
func (w *worker) close() { close(w.jobs) }
