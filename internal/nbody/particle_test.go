package nbody

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// mustTrack integrates the default nucleus or fails the test.
// defaultRun is the default model, samples output times over the default
// run's span, the default options and the nucleus's track for them.
func defaultRun(t testing.TB, samples int) (Model, []float64, Options, *Track) {
	t.Helper()
	m, opt := Default(), DefaultOptions()
	times := TimeGrid(DefaultEnd, samples)
	return m, times, opt, mustTrack(t, m, times, opt)
}

func mustTrack(t testing.TB, m Model, times []float64, opt Options) *Track {
	t.Helper()
	tr, err := m.Nucleus(m.NucleusStart(), times, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestHostOnlyOrbits(t *testing.T) {
	// With K1 = 0 a particle feels the host alone. Energy
	// v²/2 + G·k·ln r (α = 1) and angular momentum r×v are conserved, and
	// a circular orbit (speed sqrt(G·k) at any radius) keeps its radius.
	// Energy errors are relative to v_c² = G·k, which, unlike E itself,
	// does not depend on the unit of length. Errors are the worst over all
	// 2200 samples, most of them from the dense output.
	m := Default()
	m.K1 = 0
	times := TimeGrid(DefaultEnd, DefaultSamples)
	vc := math.Sqrt(m.G * m.K)
	energy := func(s State) float64 { return 0.5*r3.Norm2(s.Vel) + m.G*m.K*math.Log(r3.Norm(s.Pos)) }
	tight := Options{Rtol: 1e-11, Atol: 1e-12, MaxSteps: DefaultMaxSteps}
	tilt := r3.NewRotation(0.7, r3.Vec{X: 1, Y: 1})
	for _, tc := range []struct {
		name     string
		r0       float64 // start radius, m
		speed    float64 // start speed in units of vc, perpendicular to r
		tilted   bool    // orbit plane rotated out of x-y
		opt      Options
		circular bool
		tol      float64
	}{
		{"circular R_n", StartRadius, 1, false, DefaultOptions(), true, 1e-9},
		// At the default tolerances a circular orbit drifts by about 5e-11
		// per turn: 3.8e-10 over the 7 turns at R_n, 1.1e-9 over the 36
		// turns at 50 km. Faster orbits are tested at Rtol 1e-11.
		{"circular 50 km tilted", 5e4, 1, true, tight, true, 1e-9},
		{"circular 10 km, 181 turns", 1e4, 1, false, tight, true, 1e-9},
		{"eccentric 0.5 vc", 1e5, 0.5, true, tight, false, 1e-9},
		{"eccentric 0.1 vc", StartRadius, 0.1, false, tight, false, 1e-9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p0 := State{Pos: r3.Vec{X: tc.r0}, Vel: r3.Vec{Y: tc.speed * vc}}
			if tc.tilted {
				p0 = State{Pos: tilt.Rotate(p0.Pos), Vel: tilt.Rotate(p0.Vel)}
			}
			tr := mustTrack(t, m, times, tc.opt)
			out := make([]State, len(times))
			if err := m.Particle(tr, p0, times, tc.opt, out); err != nil {
				t.Fatal(err)
			}
			e0, l0 := energy(p0), r3.Cross(p0.Pos, p0.Vel)
			var dr, de, dl float64
			for _, s := range out {
				dr = max(dr, math.Abs(r3.Norm(s.Pos)/tc.r0-1))
				de = max(de, math.Abs(energy(s)-e0)/(vc*vc))
				dl = max(dl, r3.Norm(r3.Sub(r3.Cross(s.Pos, s.Vel), l0))/r3.Norm(l0))
			}
			t.Logf("max relative drift: radius %.2g, energy %.2g, angular momentum %.2g", dr, de, dl)
			if tc.circular && dr > tc.tol {
				t.Errorf("radius drifts by %.3g relative, want < %g", dr, tc.tol)
			}
			if de > tc.tol || dl > tc.tol {
				t.Errorf("energy drifts by %.3g, angular momentum by %.3g relative, want < %g", de, dl, tc.tol)
			}
		})
	}
}

func TestNucleusConvergence(t *testing.T) {
	// The nucleus's error against a tight reference falls steadily with
	// the tolerance, and tightening the default tenfold moves its end by
	// far less than the 1.4 m budget.
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	ref := mustTrack(t, m, times, Options{Rtol: 1e-13, Atol: 1e-12, MaxSteps: DefaultMaxSteps}).Samples()
	end := func(tr *Track) r3.Vec { return tr.Samples()[len(times)-1].Pos }
	prev := math.Inf(1)
	for _, rtol := range []float64{1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11} {
		tr := mustTrack(t, m, times, Options{Rtol: rtol, Atol: 10 * rtol, MaxSteps: DefaultMaxSteps})
		var worst float64
		for i, s := range tr.Samples() {
			worst = max(worst, r3.Norm(r3.Sub(s.Pos, ref[i].Pos)))
		}
		t.Logf("rtol %g: %d steps, max position error %.3g m", rtol, tr.Steps(), worst)
		if !(worst < prev/3) {
			t.Errorf("rtol %g: error %.3g m did not fall well below %.3g m", rtol, worst, prev)
		}
		prev = worst
	}
	def := DefaultOptions()
	tighter := def
	tighter.Rtol /= 10
	tighter.Atol /= 10
	d := r3.Norm(r3.Sub(end(mustTrack(t, m, times, def)), end(mustTrack(t, m, times, tighter))))
	if d > 1.4 {
		t.Errorf("tightening the default tolerances tenfold moves the nucleus end by %.3g m, want < 1.4 m", d)
	}
}

func TestTrackInterpolation(t *testing.T) {
	m := Default()
	times := TimeGrid(DefaultEnd, 50)
	tr := mustTrack(t, m, times, DefaultOptions())
	// Position at the output times agrees with the samples (both come
	// from the same dense output, by different arithmetic).
	for i, s := range tr.Samples() {
		if d := r3.Norm(r3.Sub(tr.Position(times[i]), s.Pos)); d > 1e-6 {
			t.Errorf("Position(%g) is %.3g m from the sample", times[i], d)
		}
	}
	// The power-basis form used for lookups matches the nested form.
	for _, th := range []float64{0, 0.25, 0.5, 0.999, 1} {
		r := [8]float64{1e5, -3e3, 20, -4, 0.5, -0.06, 0.007, -0.0008}
		p := monomial(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
		var got float64
		for j := 7; j >= 0; j-- {
			got = got*th + p[j]
		}
		want := interp8(th, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
		if math.Abs(got-want) > 1e-10 {
			t.Errorf("theta %v: power basis gives %.17g, nested form %.17g", th, got, want)
		}
	}
	// The search hint never changes the answer.
	for _, tt := range []float64{0, 1234.5, times[7], 20000, DefaultEnd} {
		want := tr.Position(tt)
		for _, hint := range []int{0, 3, len(tr.segs) - 1} {
			j := hint
			x, y, z := tr.position(tt, &j)
			if (r3.Vec{X: x, Y: y, Z: z}) != want {
				t.Errorf("position(%g) with hint %d differs from Position", tt, hint)
			}
		}
	}
}

func TestParticleReproducible(t *testing.T) {
	// A particle's result depends on nothing else computed in the process:
	// alone, after others, or concurrently with others, the bits agree.
	m, times, opt, tr := defaultRun(t, DefaultSamples)
	run := func(i int) []State {
		out := make([]State, len(times))
		if err := m.Particle(tr, m.ParticleStart(DefaultSeed, i, m.NucleusStart()), times, opt, out); err != nil {
			t.Error(err)
		}
		return out
	}
	alone := run(5)
	for i := 0; i < 5; i++ {
		run(i)
	}
	equal := func(a, b []State) bool {
		for k := range a {
			if a[k] != b[k] {
				return false
			}
		}
		return true
	}
	if !equal(alone, run(5)) {
		t.Error("particle 5 differs when integrated after particles 0-4")
	}
	// A fresh track from the same inputs is the same track.
	tr2 := mustTrack(t, m, times, opt)
	out := make([]State, len(times))
	if err := m.Particle(tr2, m.ParticleStart(DefaultSeed, 5, m.NucleusStart()), times, opt, out); err != nil || !equal(alone, out) {
		t.Errorf("particle 5 differs with a recomputed track (err %v)", err)
	}
	var wg sync.WaitGroup
	res := make([][]State, 8)
	for g := range res {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			res[g] = run(5 + g%2)
		}(g)
	}
	wg.Wait()
	for g, r := range res {
		if g%2 == 0 && !equal(alone, r) {
			t.Errorf("particle 5 differs when integrated concurrently (goroutine %d)", g)
		}
	}
}

// within runs f and fails the test if it takes longer than d, so that a
// hang shows up as a failure rather than a test timeout.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func TestSingularStarts(t *testing.T) {
	// A particle exactly at the host's centre or exactly on the nucleus
	// starts where the force is infinite. The answer must be finite
	// output or a clear error, and come quickly.
	m, times, opt, tr := defaultRun(t, DefaultSamples)
	nuc := m.NucleusStart()
	for _, tc := range []struct {
		name string
		p0   State
	}{
		{"at origin, moving", State{Vel: r3.Vec{X: 10, Y: 20}}},
		{"at origin, at rest", State{}},
		{"on nucleus, moving with it", nuc},
		{"on nucleus, moving", State{Pos: nuc.Pos, Vel: r3.Vec{X: 30}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := make([]State, len(times))
			var err error
			within(t, 10*time.Second, func() { err = m.Particle(tr, tc.p0, times, opt, out) })
			if err != nil {
				t.Logf("error: %v", err)
				if !errors.Is(err, ErrStepUnderflow) && !errors.Is(err, ErrMaxSteps) {
					t.Errorf("error %v is neither ErrStepUnderflow nor ErrMaxSteps", err)
				}
				return
			}
			for k, s := range out {
				if !finiteState(s) {
					t.Fatalf("sample %d is %v", k, s)
				}
			}
			t.Logf("finite output, ends at %v", out[len(out)-1].Pos)
		})
	}
}

func TestMaxSteps(t *testing.T) {
	m, times, opt, tr := defaultRun(t, DefaultSamples)
	opt.MaxSteps = 50
	out := make([]State, len(times))
	err := m.Particle(tr, m.ParticleStart(DefaultSeed, 0, m.NucleusStart()), times, opt, out)
	if !errors.Is(err, ErrMaxSteps) {
		t.Errorf("particle with MaxSteps 50: error %v, want ErrMaxSteps", err)
	}
	if _, err := m.Nucleus(m.NucleusStart(), times, opt); !errors.Is(err, ErrMaxSteps) {
		t.Errorf("nucleus with MaxSteps 50: error %v, want ErrMaxSteps", err)
	}
}

func TestValidation(t *testing.T) {
	m := Default()
	times := TimeGrid(100, 11)
	opt := DefaultOptions()
	tr := mustTrack(t, m, times, opt)
	good := m.ParticleStart(1, 0, m.NucleusStart())
	out := make([]State, len(times))
	nan := math.NaN()
	type call struct {
		m     Model
		tr    *Track
		p0    State
		times []float64
		opt   Options
		out   []State
	}
	base := call{m, tr, good, times, opt, out}
	for _, tc := range []struct {
		name string
		edit func(*call)
		want string
	}{
		{"ok", func(*call) {}, ""},
		{"zero rtol", func(c *call) { c.opt.Rtol = 0 }, "Rtol"},
		{"tiny rtol", func(c *call) { c.opt.Rtol = 1e-17 }, "Rtol"},
		{"NaN atol", func(c *call) { c.opt.Atol = nan }, "Atol"},
		{"no steps", func(c *call) { c.opt.MaxSteps = 0 }, "MaxSteps"},
		{"one time", func(c *call) { c.times = times[:1] }, "at least 2"},
		{"decreasing times", func(c *call) { c.times = []float64{0, 50, 40} }, "not increasing"},
		{"times beyond track", func(c *call) { c.times = []float64{0, 200} }, "outside the nucleus track"},
		{"short output", func(c *call) { c.out = out[:3] }, "room for 3"},
		{"NaN start", func(c *call) { c.p0.Vel.Y = nan }, "not finite"},
		{"no track", func(c *call) { c.tr = nil }, "no nucleus track"},
		{"negative K", func(c *call) { c.m.K = -1 }, "negative"},
		{"infinite alpha", func(c *call) { c.m.Alpha = math.Inf(1) }, "Alpha"},
	} {
		c := base
		tc.edit(&c)
		err := c.m.Particle(c.tr, c.p0, c.times, c.opt, c.out)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: Particle: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: Particle error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := m.Nucleus(State{Pos: r3.Vec{X: math.Inf(1)}}, times, opt); err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Errorf("Nucleus with infinite start: error %v", err)
	}
	if _, err := m.Nucleus(m.NucleusStart(), []float64{3, 2}, opt); err == nil {
		t.Error("Nucleus with decreasing times: no error")
	}
	if _, err := m.Nucleus(m.NucleusStart(), times, Options{Rtol: 0, Atol: 1, MaxSteps: 1}); err == nil || !strings.Contains(err.Error(), "Rtol 0") {
		t.Errorf("Nucleus with Rtol 0: error %v", err)
	}
	// With the track's own model, options and times, nothing is checked
	// again (see Model.particle): the same results as with equal copies.
	got, want := make([]State, len(times)), make([]State, len(times))
	if err := m.Particle(tr, good, tr.Times(), opt, got); err != nil {
		t.Fatal(err)
	}
	if err := m.Particle(tr, good, append([]float64(nil), times...), opt, want); err != nil {
		t.Fatal(err)
	}
	if got[len(got)-1] != want[len(want)-1] {
		t.Errorf("with the track's times %v, with a copy %v", got[len(got)-1], want[len(want)-1])
	}
}

// Options.Validate is the one check of the options: the settings go by
// their field names, for the commands to map to flags.
func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		opt  Options
		want string // "" for valid
	}{
		{DefaultOptions(), ""},
		{Options{Rtol: 0, Atol: 1, MaxSteps: 1}, "Rtol 0: want a positive tolerance"},
		{Options{Rtol: math.Inf(1), Atol: 1, MaxSteps: 1}, "Rtol +Inf: want a positive tolerance"},
		{Options{Rtol: 1e-17, Atol: 1, MaxSteps: 1}, "Rtol 1e-17: below what float64 arithmetic can deliver"},
		{Options{Rtol: 1e-6, Atol: math.NaN(), MaxSteps: 1}, "Atol NaN: want a positive tolerance"},
		{Options{Rtol: 1e-6, Atol: 1, MaxSteps: 0}, "MaxSteps 0: want a positive step limit"},
	} {
		err := tc.opt.Validate()
		var se *setting.Error
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.opt, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.As(err, &se)):
			t.Errorf("%+v: error %v, want a *setting.Error starting %q", tc.opt, err, tc.want)
		}
	}
}

func TestParticleSubInterval(t *testing.T) {
	// A particle may start later than the track (a restart from a file):
	// integrating [0, T] in one go or [0, T/2] then [T/2, T] agrees to
	// within the tolerance-level error of a restart.
	m, times, opt, tr, p0 := defaultParticle(t, 42)
	whole := make([]State, len(times))
	if err := m.Particle(tr, p0, times, opt, whole); err != nil {
		t.Fatal(err)
	}
	first, second := make([]State, 51), make([]State, 51)
	if err := m.Particle(tr, p0, times[:51], opt, first); err != nil {
		t.Fatal(err)
	}
	if err := m.Particle(tr, first[50], times[50:], opt, second); err != nil {
		t.Fatal(err)
	}
	d := r3.Norm(r3.Sub(second[50].Pos, whole[100].Pos))
	t.Logf("restart at T/2 moves particle 42's end by %.3g m", d)
	if d > 3 {
		t.Errorf("restart at T/2 moves the end by %.3g m, want < 3 m", d)
	}
}

// defaultParticle is the default model, 101 samples over the default
// run, its nucleus track, and the start of particle i.
func defaultParticle(t *testing.T, i int) (Model, []float64, Options, *Track, State) {
	m := Default()
	times := TimeGrid(DefaultEnd, 101)
	opt := DefaultOptions()
	return m, times, opt, mustTrack(t, m, times, opt), m.ParticleStart(DefaultSeed, i, m.NucleusStart())
}

// ParticleRows writes what Particle returns, bit for bit, as rows.
func TestParticleRows(t *testing.T) {
	m, times, opt, tr, p0 := defaultParticle(t, 7)
	states := make([]State, len(times))
	if err := m.Particle(tr, p0, times, opt, states); err != nil {
		t.Fatal(err)
	}
	pos, vel := make([]float64, 3*len(times)), make([]float64, 3*len(times))
	st, err := m.ParticleRows(tr, p0, times, opt, pos, vel)
	if err != nil {
		t.Fatal(err)
	}
	// Every trial step evaluates 11 new stages, every accepted one more
	// for the next step's first stage.
	if st.Steps < 1 || st.Rejected < 0 || st.Evals < 11*int64(st.Steps+st.Rejected)+int64(st.Steps) {
		t.Errorf("stats %+v: too few evaluations for the steps", st)
	}
	if again, _ := m.ParticleRows(tr, p0, times, opt, pos, vel); again != st {
		t.Errorf("stats of a second run %+v, first %+v: want the same", again, st)
	}
	for k, s := range states {
		want := toArray(s)
		got := [6]float64{pos[3*k], pos[3*k+1], pos[3*k+2], vel[3*k], vel[3*k+1], vel[3*k+2]}
		for c := range want {
			if math.Float64bits(got[c]) != math.Float64bits(want[c]) {
				t.Fatalf("sample %d component %d: %v, want %v", k, c, got[c], want[c])
			}
		}
	}
	if _, err := m.ParticleRows(tr, p0, times, opt, pos[:30], vel); err == nil || !strings.Contains(err.Error(), "room for 10 and 101 samples, need 101") {
		t.Errorf("short rows: error %v", err)
	}
}
