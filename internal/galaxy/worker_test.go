package galaxy

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/nbody"
)

// workerSetup is a worker over a short run, and each particle's rows as
// nbody.ParticleRows integrates it alone.
func workerSetup(t *testing.T, n, chunk int) (*worker, func(int32) nbody.State, [][2][]float64) {
	t.Helper()
	m, opt, times, tr := shortRun(t, 40)
	start := func(i int32) nbody.State { return m.ParticleStart(5, int(i), m.NucleusStart()) }
	alone := make([][2][]float64, n)
	for i := range alone {
		pos, vel := make([]float64, 3*len(times)), make([]float64, 3*len(times))
		if _, err := m.ParticleRows(tr, start(int32(i)), times, opt, pos, vel); err != nil {
			t.Fatal(err)
		}
		alone[i] = [2][]float64{pos, vel}
	}
	lanes, err := m.Lanes(tr, times, opt)
	if err != nil {
		t.Fatal(err)
	}
	return newWorker(lanes, len(times), chunk, start), start, alone
}

// shortRun is the default model and options over samples samples, and
// the nucleus's track.
func shortRun(t *testing.T, samples int) (nbody.Model, nbody.Options, []float64, *nbody.Track) {
	t.Helper()
	m := nbody.Default()
	opt := nbody.DefaultOptions()
	times := nbody.TimeGrid(nbody.DefaultEnd, samples)
	tr, err := m.Nucleus(m.NucleusStart(), times, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m, opt, times, tr
}

// checkChunk checks that res's rows are a sorted prefix of its job, each
// with the bits the particle gets alone, and returns them.
func checkChunk(t *testing.T, res *result, alone [][2][]float64, row int) []int32 {
	t.Helper()
	if res.err != nil {
		t.Fatal(res.err)
	}
	if !slices.Equal(res.Rows, res.job[:len(res.Rows)]) || !slices.IsSorted(res.job) {
		t.Errorf("chunk %v: rows %v, not a prefix of the sorted job", res.job, res.Rows)
	}
	for k, i := range res.Rows {
		for c, got := range [2][]float64{res.Pos[k*row : (k+1)*row], res.Vel[k*row : (k+1)*row]} {
			for j, v := range got {
				if math.Float64bits(v) != math.Float64bits(alone[i][c][j]) {
					t.Fatalf("particle %d, row %d value %d: %v, alone %v", i, c, j, v, alone[i][c][j])
				}
			}
		}
	}
	return res.Rows
}

func TestWorkerStream(t *testing.T) {
	// Chunks of every size, more than the slabs hold at once, given
	// while the lanes run: every particle comes back once, in its
	// chunk, with the bits it gets alone.
	const n, chunk = 120, 16
	w, _, alone := workerSetup(t, n, chunk)
	defer w.close()
	sizes := []int{1, 2, 4, 8, 16, 16, 3, 16, 9, 1, 1, 5, 16, 7, 2, 1, 12}
	var jobs [][]int32
	next := int32(0)
	for _, s := range sizes {
		job := make([]int32, s)
		for k := range job {
			job[k] = next
			next = (next + 7) % n // not in order

		}
		jobs = append(jobs, job)
	}
	seen := make(map[int32]bool)
	given, back := 0, 0
	row := 3 * 40
	for back < len(jobs) {
		// Keep the worker fed as the main thread does.
		for given < len(jobs) && w.waiting.Load() < int64(2*w.lanes.Width()) {
			w.give(slices.Clone(jobs[given]))
			given++
		}
		select {
		case res := <-w.results:
			back++
			if len(res.Rows) != len(res.job) {
				t.Errorf("chunk %v: %d rows done", res.job, len(res.Rows))
			}
			for _, i := range checkChunk(t, res, alone, row) {
				if seen[i] {
					t.Errorf("particle %d came back twice", i)
				}
				seen[i] = true
			}
			w.free <- res
		case <-w.hungry:
		}
	}
	total := 0
	for _, s := range sizes {
		total += s
	}
	if len(seen) != total {
		t.Errorf("%d particles back, want %d", len(seen), total)
	}
}

func TestWorkerStop(t *testing.T) {
	// Stopped part way: the particles started finish, no other starts,
	// and every chunk comes back with the particles done, a prefix of
	// it, including chunks given after the stop.
	const n, chunk = 80, 16
	w, _, alone := workerSetup(t, n, chunk)
	defer w.close()
	var jobs [][]int32
	for lo := 0; lo < 64; lo += 16 {
		jobs = append(jobs, span(lo, lo+16))
	}
	for _, j := range jobs[:3] {
		w.give(j)
	}
	row := 3 * 40
	res := <-w.results // the first chunk complete: stop now
	done := len(checkChunk(t, res, alone, row))
	w.stop.Store(true)
	w.give(jobs[3])
	for back := 1; back < len(jobs); back++ {
		res := <-w.results
		rows := checkChunk(t, res, alone, row)
		if res.job[0] == jobs[3][0] && len(rows) > 0 {
			t.Errorf("chunk given after the stop: %d particles done", len(rows))
		}
		done += len(rows)
	}
	if done < 16 {
		t.Errorf("%d particles done, fewer than the first chunk", done)
	}
	if w.waiting.Load() != 0 {
		t.Errorf("%d particles still waiting after the stop", w.waiting.Load())
	}
}

// span is the particles lo..hi-1.
func span(lo, hi int) []int32 {
	v := make([]int32, 0, hi-lo)
	for i := lo; i < hi; i++ {
		v = append(v, int32(i))
	}
	return v
}

func TestWorkerChunkLargerThanSlabs(t *testing.T) {
	// Slabs made for chunks of 4, then chunks of 10 and 3: the larger
	// takes a slab made anew for it rather than waiting for room that
	// never comes, and both come back whole, with the bits the particles
	// get alone.
	const n = 13
	w, _, alone := workerSetup(t, n, 4)
	defer w.close()
	w.give(span(0, 10))
	w.give(span(10, 13))
	row := 3 * 40
	seen := 0
	for back := 0; back < 2; back++ {
		select {
		case res := <-w.results:
			if len(res.Rows) != len(res.job) {
				t.Errorf("chunk %v: %d rows done", res.job, len(res.Rows))
			}
			seen += len(checkChunk(t, res, alone, row))
			w.free <- res
		case <-time.After(time.Minute):
			t.Fatalf("%d of 2 chunks back after a minute: a chunk larger than the slabs is held and never integrated", back)
		}
	}
	if seen != n {
		t.Errorf("%d particles back, want %d", seen, n)
	}
}

// A worker wants a chunk while fewer particles wait to start than
// sched.Short allows, or when none wait and none run: with lanes, two
// widths (four when told to ask ahead); one particle at a time, only
// once idle, or, told to ask ahead, as it starts its last.
func TestWorkerWants(t *testing.T) {
	m, opt, times, tr := shortRun(t, 4)
	lanes, err := m.Lanes(tr, times, opt)
	if err != nil {
		t.Fatal(err)
	}
	one := m
	one.Alpha = 0.9 // no lanes for it: one particle at a time
	single, err := one.Lanes(tr, times, opt)
	if err != nil {
		t.Fatal(err)
	}
	if single.Width() != 1 || lanes.Width() == 1 {
		t.Fatalf("widths %d and %d, want 1 and more", single.Width(), lanes.Width())
	}
	wide := int64(lanes.Width())
	for _, tc := range []struct {
		lanes            *nbody.Lanes
		waiting, running int64
		ahead, want      bool
	}{
		{lanes, 0, 0, false, true},
		{lanes, 0, wide, false, true},
		{lanes, 2*wide - 1, wide, false, true},
		{lanes, 2 * wide, wide, false, false},
		{lanes, 2 * wide, wide, true, true},
		{lanes, 4*wide - 1, wide, true, true},
		{lanes, 4 * wide, wide, true, false},
		{single, 0, 0, false, true},
		{single, 0, 1, false, false},
		{single, 0, 1, true, true},
		{single, 1, 1, true, false},
		{single, 1, 0, true, false},
	} {
		w := &worker{lanes: tc.lanes}
		w.waiting.Store(tc.waiting)
		w.running.Store(tc.running)
		if got := w.wants(tc.ahead); got != tc.want {
			t.Errorf("width %d, %d waiting, %d running, ahead %v: wants %v, want %v", tc.lanes.Width(), tc.waiting, tc.running, tc.ahead, got, tc.want)
		}
	}
}
