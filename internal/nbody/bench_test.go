package nbody

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// pairRHS is the original's formulation, kept to measure the choice of a
// shared nucleus track against it: nucleus and particle as one
// 12-variable system, y = (nucleus pos, particle pos, nucleus vel,
// particle vel).
type pairRHS struct{ host, nuc field }

func (f *pairRHS) eval(_ float64, y, dy *[12]float64) {
	copy(dy[0:6], y[6:12])
	dy[6], dy[7], dy[8] = f.host.pull(y[0], y[1], y[2])
	ax, ay, az := f.host.pull(y[3], y[4], y[5])
	bx, by, bz := f.nuc.pull(y[3]-y[0], y[4]-y[1], y[5]-y[2])
	dy[9], dy[10], dy[11] = ax+bx, ay+by, az+bz
}

// particle12 integrates a particle together with the nucleus, as the
// original does, and returns the number of steps taken.
func (m Model) particle12(n0, p0 State, times []float64, opt Options, out []State) (int, error) {
	host, nuc := m.fields()
	d := dop853[[12]float64, *pairRHS]{f: &pairRHS{host, nuc}, rtol: opt.Rtol, atol: opt.Atol, maxSteps: opt.MaxSteps}
	y0 := [12]float64{n0.Pos.X, n0.Pos.Y, n0.Pos.Z, p0.Pos.X, p0.Pos.Y, p0.Pos.Z, n0.Vel.X, n0.Vel.Y, n0.Vel.Z, p0.Vel.X, p0.Vel.Y, p0.Vel.Z}
	err := d.run(&y0, times, func(i int, y *[12]float64) {
		out[i] = State{Pos: r3.Vec{X: y[3], Y: y[4], Z: y[5]}, Vel: r3.Vec{X: y[9], Y: y[10], Z: y[11]}}
	}, nil)
	return d.steps, err
}

func BenchmarkNucleus(b *testing.B) {
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		if _, err := m.Nucleus(m.NucleusStart(), times, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParticle is one particle's full integration at the default
// options, cycling through the first 200 particles of the default run.
func BenchmarkParticle(b *testing.B) {
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	tr := mustTrack(b, m, times, DefaultOptions())
	out := make([]State, len(times))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		p0 := m.ParticleStart(DefaultSeed, n%200, m.NucleusStart())
		if err := m.Particle(tr, p0, times, DefaultOptions(), out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParticle12 integrates the same particles as the original does,
// with the nucleus alongside (12 variables), at Rtol 1e-9: the tolerance
// at which its median error matches the shared track's at the default
// 1e-10 (about 0.2 m; the 12-variable system steps where the nucleus
// needs it too, so it is more accurate at equal tolerance).
func BenchmarkParticle12(b *testing.B) {
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	opt := Options{Rtol: 1e-9, Atol: 1e-8, MaxSteps: DefaultMaxSteps}
	out := make([]State, len(times))
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		p0 := m.ParticleStart(DefaultSeed, n%200, m.NucleusStart())
		if _, err := m.particle12(m.NucleusStart(), p0, times, opt, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun1000 is the whole default run on one core: the nucleus
// track, 1000 initial states and 1000 particle integrations into one
// (N, T) block of samples.
func BenchmarkRun1000(b *testing.B) {
	const np = 1000
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	all := make([]State, np*len(times))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		tr, err := m.Nucleus(m.NucleusStart(), times, DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < np; i++ {
			p0 := m.ParticleStart(DefaultSeed, i, m.NucleusStart())
			if err := m.Particle(tr, p0, times, DefaultOptions(), all[i*len(times):(i+1)*len(times)]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchParticles integrates particles 0..199 of the default run, as
// many rounds as b.N asks, one at a time (lanes false) or in one batch
// of lanes, and reports the time per particle-sample.
func benchParticles(b *testing.B, lanes, asm, w512 bool) {
	if asm && !asmAvailable() || w512 && !avx512Available() {
		b.Skip("no such assembly kernels on this CPU or build")
	}
	saved, saved512 := useAsm, useAVX512
	useAsm, useAVX512 = asm, w512
	defer func() { useAsm, useAVX512 = saved, saved512 }()
	const np = 200
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	tr := mustTrack(b, m, times, DefaultOptions())
	p0 := defaultStarts(m, make([]int, np))
	for k := range p0 {
		p0[k] = m.ParticleStart(DefaultSeed, k, m.NucleusStart())
	}
	row := 3 * len(times)
	pos, vel, st := make([]float64, np*row), make([]float64, np*row), make([]Stats, np)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if lanes {
			if _, err := m.ParticlesRows(tr, p0, times, DefaultOptions(), pos, vel, st, nil); err != nil {
				b.Fatal(err)
			}
			continue
		}
		for k := range p0 {
			if _, err := m.ParticleRows(tr, p0[k], times, DefaultOptions(), pos[k*row:(k+1)*row], vel[k*row:(k+1)*row]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*np*len(times)), "ns/particle-sample")
}

// The BenchmarkIntegrate benchmarks integrate the same 200 particles of
// the default run: one at a time (Scalar), and in lanes with the AVX-512
// kernels, the AVX2 ones and their Go twins (what -tags noasm builds).
// Compare ns/particle-sample (run with -cpu 1).
func BenchmarkIntegrateScalar(b *testing.B)      { benchParticles(b, false, false, false) }
func BenchmarkIntegrateLanesAVX512(b *testing.B) { benchParticles(b, true, true, true) }
func BenchmarkIntegrateLanesAVX2(b *testing.B)   { benchParticles(b, true, true, false) }
func BenchmarkIntegrateLanesGo(b *testing.B)     { benchParticles(b, true, false, false) }
