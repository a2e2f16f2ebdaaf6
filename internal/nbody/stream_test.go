package nbody

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"
)

// chunkStream hands out particles in chunks, as galaxy's worker does: a
// chunk's particles become available only when the previous chunk's
// have all been taken and avail allows it (avail nil: always).
type chunkStream struct {
	p0       []State
	row      int
	pos, vel []float64
	st       []Stats
	errs     []error
	done     []bool
	taken    int
	avail    func(taken int) bool
}

func newChunkStream(p0 []State, T int) *chunkStream {
	row := 3 * T
	n := len(p0)
	return &chunkStream{p0: p0, row: row, pos: make([]float64, row*n), vel: make([]float64, row*n),
		st: make([]Stats, n), errs: make([]error, n), done: make([]bool, n)}
}

func (s *chunkStream) Next() (int, State, []float64, []float64, bool) {
	if s.taken == len(s.p0) || (s.avail != nil && !s.avail(s.taken)) {
		return 0, State{}, nil, nil, false
	}
	k := s.taken
	s.taken++
	return k, s.p0[k], s.pos[k*s.row : (k+1)*s.row], s.vel[k*s.row : (k+1)*s.row], true
}

func (s *chunkStream) Done(id int, st Stats, err error) {
	if s.done[id] {
		panic(fmt.Sprintf("particle %d done twice", id))
	}
	s.done[id], s.st[id], s.errs[id] = true, st, err
}

// check compares the particles done with ParticleRows's bits.
func (s *chunkStream) check(t *testing.T, name string, pos, vel []float64, st []Stats) {
	t.Helper()
	for k := range s.p0 {
		if !s.done[k] {
			continue
		}
		a, b := k*s.row, (k+1)*s.row
		if i := sameBits(pos[a:b], s.pos[a:b]); i >= 0 {
			t.Errorf("%s: particle %d sample %d: position %v, alone %v", name, k, i/3, s.pos[a+i], pos[a+i])
		}
		if i := sameBits(vel[a:b], s.vel[a:b]); i >= 0 {
			t.Errorf("%s: particle %d sample %d: velocity %v, alone %v", name, k, i/3, s.vel[a+i], vel[a+i])
		}
		if st[k] != s.st[k] || s.errs[k] != nil {
			t.Errorf("%s: particle %d: stats %+v error %v, alone %+v", name, k, s.st[k], s.errs[k], st[k])
		}
	}
}

func TestLanesStreamMatchScalar(t *testing.T) {
	// A stream that starves the lanes at times and particles moved from
	// lane to lane between steps, at random moments (as the tail
	// compacts them): every particle gets the bits it gets alone.
	m, times, opt, tr := defaultRun(t, 200)
	n := 40
	if testing.Short() {
		n = 20
	}
	idx := make([]int, n)
	for k := range idx {
		idx[k] = (k * 13) % 97
	}
	p0 := defaultStarts(m, idx)
	pos, vel, st, _ := scalarRows(t, m, tr, p0, times, opt)
	defer func() { laneMoves = nil }()
	withKernels(t, func(t *testing.T) {
		for _, seed := range []uint64{1, 2, 3} {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := newChunkStream(p0, len(times))
			// Starved for a while after every few starts.
			starve := 0
			s.avail = func(taken int) bool {
				if starve > 0 {
					starve--
					return false
				}
				if rng.IntN(6) == 0 {
					starve = rng.IntN(400)
				}
				return true
			}
			moves := 0
			laneMoves = func(li *laneIntegrator) {
				if rng.IntN(int(seed)*20) != 0 {
					return
				}
				var busy, idle []int
				for l := range li.lane {
					if li.lane[l].k >= 0 {
						busy = append(busy, l)
					} else {
						idle = append(idle, l)
					}
				}
				if len(busy) > 0 && len(idle) > 0 {
					li.move(busy[rng.IntN(len(busy))], idle[rng.IntN(len(idle))])
					moves++
				}
			}
			l, err := m.Lanes(tr, times, opt)
			if err != nil {
				t.Fatal(err)
			}
			for runs := 0; s.taken < n; runs++ {
				if l.Run(s, nil) {
					t.Fatalf("seed %d: a particle failed", seed)
				}
				if runs > 100*n {
					t.Fatal("the stream never ends")
				}
			}
			if moves == 0 {
				t.Errorf("seed %d: no particle moved", seed)
			}
			for k := range s.done {
				if !s.done[k] {
					t.Errorf("seed %d: particle %d not done", seed, k)
				}
			}
			s.check(t, fmt.Sprintf("seed %d", seed), pos, vel, st)
		}
	})
}

func TestLanesStreamStop(t *testing.T) {
	// Once stop says so no particle starts; those started finish, each
	// with its bits.
	m, times, opt, tr := defaultRun(t, 30)
	p0 := defaultStarts(m, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
	pos, vel, st, _ := scalarRows(t, m, tr, p0, times, opt)
	for _, after := range []int{0, 3, 16, 21} {
		s := newChunkStream(p0, len(times))
		l, err := m.Lanes(tr, times, opt)
		if err != nil {
			t.Fatal(err)
		}
		if l.Run(s, func() bool { return s.taken >= after }) {
			t.Fatal("a particle failed")
		}
		if s.taken != after {
			t.Errorf("stop after %d: %d started", after, s.taken)
		}
		for k := range s.done {
			if s.done[k] != (k < after) {
				t.Errorf("stop after %d: particle %d done %v", after, k, s.done[k])
			}
		}
		s.check(t, fmt.Sprintf("stop after %d", after), pos, vel, st)
	}
}

func TestLanesStreamErrors(t *testing.T) {
	// A particle that fails stops the starts; its error is ParticleRows's.
	// Rows too short fail their particle.
	m, times, opt, tr := defaultRun(t, 30)
	p0 := defaultStarts(m, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
	p0[9].Pos.Y = math.NaN()
	_, _, _, errs := scalarRows(t, m, tr, p0, times, opt)
	s := newChunkStream(p0, len(times))
	l, err := m.Lanes(tr, times, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Run(s, nil) {
		t.Error("NaN start: no failure reported")
	}
	if s.taken != 10 || !s.done[9] || s.errs[9] == nil || s.errs[9].Error() != errs[9].Error() {
		t.Errorf("NaN start: %d taken, error %v; want 10, %v", s.taken, s.errs[9], errs[9])
	}
	for k := 0; k < 9; k++ {
		if !s.done[k] || s.errs[k] != nil {
			t.Errorf("NaN start: particle %d done %v error %v", k, s.done[k], s.errs[k])
		}
	}

	short := &shortStream{chunkStream: newChunkStream(p0[:3], len(times))}
	if !l.Run(short, nil) || short.errs[1] == nil || short.taken != 2 {
		t.Errorf("short rows: %d taken, error %v; want 2 and an error", short.taken, short.errs[1])
	}
}

// shortStream gives particle 1 rows one sample short.
type shortStream struct{ *chunkStream }

func (s *shortStream) Next() (int, State, []float64, []float64, bool) {
	id, p0, pos, vel, ok := s.chunkStream.Next()
	if id == 1 {
		pos = pos[:len(pos)-3]
	}
	return id, p0, pos, vel, ok
}

// BenchmarkLanesFew integrates k copies of one particle of the default
// run in lanes and, for comparison, one at a time (Scalar): what a step
// of the lanes costs when few are busy, as in the tail of a stream, in
// ns per particle-sample. It chose the tail's treatment: compacting the
// busy lanes into one group against handing them to the one-particle
// integrator (BENCHMARKS.md).
func BenchmarkLanesFew(b *testing.B) {
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	opt := DefaultOptions()
	tr := mustTrack(b, m, times, opt)
	row := 3 * len(times)
	one := m.ParticleStart(DefaultSeed, 3, m.NucleusStart())
	for _, k := range []int{2, 3, 4, 6, 8, 9, 16} {
		p0 := make([]State, k)
		for i := range p0 {
			p0[i] = one
		}
		pos, vel, st := make([]float64, k*row), make([]float64, k*row), make([]Stats, k)
		b.Run(fmt.Sprintf("lanes%d", k), func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				if _, err := m.ParticlesRows(tr, p0, times, opt, pos, vel, st, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*k*len(times)), "ns/particle-sample")
		})
	}
	b.Run("scalar", func(b *testing.B) {
		pos, vel := make([]float64, row), make([]float64, row)
		for n := 0; n < b.N; n++ {
			if _, err := m.ParticleRows(tr, one, times, opt, pos, vel); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(times)), "ns/particle-sample")
	})
}

// BenchmarkStream integrates particles 0..255 of the default run hardest
// first, in chunks as galaxy's scheduler cuts them for one rank of two
// (1, 2, 4, … up to 64, then shrinking to an eighth of what is left):
// each chunk a batch of its own (ParticlesRows per chunk), or every chunk
// through one Lanes as a stream. It reports ns per particle-sample and
// the process's CPU time per particle-sample (cpu-ns), which a machine
// shared with other work disturbs less.
func BenchmarkStream(b *testing.B) {
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	opt := DefaultOptions()
	tr := mustTrack(b, m, times, opt)
	const np = 256
	p0 := defaultStarts(m, make([]int, np))
	for k := range p0 {
		p0[k] = m.ParticleStart(DefaultSeed, k, m.NucleusStart())
	}
	nuc := m.NucleusStart()
	slices.SortStableFunc(p0, func(a, c State) int { return cmp.Compare(m.Difficulty(c, nuc), m.Difficulty(a, nuc)) })
	var chunks [][2]int
	for lo, last := 0, 0; lo < np; {
		k := max(1, min(64, 2*last, (np-lo+7)/8))
		if last == 0 {
			k = 1
		}
		chunks = append(chunks, [2]int{lo, lo + k})
		lo, last = lo+k, k
	}
	row := 3 * len(times)
	pos, vel, st := make([]float64, np*row), make([]float64, np*row), make([]Stats, np)
	for i := range pos {
		pos[i], vel[i] = 1, 1 // the pages touched before the clock starts
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	report := func(b *testing.B, c0 time.Duration) {
		n := float64(b.N * np * len(times))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/particle-sample")
		b.ReportMetric(float64((cpu()-c0).Nanoseconds())/n, "cpu-ns/particle-sample")
	}
	b.Run("chunks", func(b *testing.B) {
		b.ResetTimer()
		c0 := cpu()
		for n := 0; n < b.N; n++ {
			for _, c := range chunks {
				if _, err := m.ParticlesRows(tr, p0[c[0]:c[1]], times, opt, pos[c[0]*row:], vel[c[0]*row:], st[c[0]:], nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		report(b, c0)
	})
	b.Run("stream", func(b *testing.B) {
		l, err := m.Lanes(tr, times, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		c0 := cpu()
		for n := 0; n < b.N; n++ {
			s := &chunkStream{p0: p0, row: row, pos: pos, vel: vel, st: st, errs: make([]error, np), done: make([]bool, np)}
			if l.Run(s, nil) {
				b.Fatal("a particle failed")
			}
		}
		report(b, c0)
	})
}
