package nbody

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

func TestParticleStartGolden(t *testing.T) {
	// Files record only the seed, so these draws must never change. The
	// values were also reproduced from the documented scheme alone, in
	// another language. The tolerance allows last-bit differences of
	// math.Cbrt/Sincos between architectures, nothing more.
	m := Default()
	for _, tc := range []struct {
		seed uint64
		i    int
		want State
	}{
		{1, 0, State{Pos: r3.Vec{X: 245603.82950146342, Y: -2350.9589256350246, Z: -1433.4965568140112}, Vel: r3.Vec{X: 13.854145259887817, Y: 50.65551650196656, Z: -20.212237494426454}}},
		{1, 999, State{Pos: r3.Vec{X: 259516.93366203632, Y: 10589.69665022203, Z: -1480.5067787898136}, Vel: r3.Vec{X: -2.5275380158825227, Y: 28.410302835896445, Z: 6.374836278600789}}},
		{0xDEADBEEF, 123456789, State{Pos: r3.Vec{X: 243737.4905771238, Y: -3831.1098159735307, Z: -4120.781589402298}, Vel: r3.Vec{X: -18.073604730732253, Y: 31.847917162927764, Z: 0.6674742716300811}}},
	} {
		got := m.ParticleStart(tc.seed, tc.i, m.NucleusStart())
		if r3.Norm(r3.Sub(got.Pos, tc.want.Pos)) > 1e-9 || r3.Norm(r3.Sub(got.Vel, tc.want.Vel)) > 1e-12 {
			t.Errorf("ParticleStart(%d, %d) = %+v, want %+v", tc.seed, tc.i, got, tc.want)
		}
	}
}

func TestParticleStartIndependent(t *testing.T) {
	// A particle's draw depends on (seed, index) only: not on the order of
	// calls or on which other particles were drawn.
	m := Default()
	nuc := m.NucleusStart()
	const n = 1000
	forward := make([]State, n)
	for i := range forward {
		forward[i] = m.ParticleStart(7, i, nuc)
	}
	for i := n - 1; i >= 0; i -= 3 {
		if got := m.ParticleStart(7, i, nuc); got != forward[i] {
			t.Fatalf("particle %d drawn in another order: %v, want %v", i, got, forward[i])
		}
	}
	seen := make(map[State]bool)
	for i, s := range forward {
		if seen[s] {
			t.Fatalf("particle %d repeats an earlier draw", i)
		}
		seen[s] = true
		if s == m.ParticleStart(8, i, nuc) {
			t.Fatalf("particle %d: seeds 7 and 8 draw the same", i)
		}
	}
}

func TestParticleStartStatistics(t *testing.T) {
	// Offsets lie in the balls of radius R and v0, and are uniform there:
	// (r/R)³ is uniform on [0, 1) (mean 1/2, variance 1/12), each
	// direction cosine has mean 0 and variance 1/3.
	m := Default()
	nuc := State{Pos: r3.Vec{X: 1, Y: 2, Z: 3}, Vel: r3.Vec{X: -4, Y: 5, Z: -6}}
	R, v0 := StartRadius/BallRatio, m.V0()
	const n = 20000
	for _, tc := range []struct {
		name   string
		radius float64
		off    func(State) r3.Vec
	}{
		{"position", R, func(s State) r3.Vec { return r3.Sub(s.Pos, nuc.Pos) }},
		{"velocity", v0, func(s State) r3.Vec { return r3.Sub(s.Vel, nuc.Vel) }},
	} {
		var u, u2 float64
		var mean, sq r3.Vec
		for i := 0; i < n; i++ {
			d := tc.off(m.ParticleStart(DefaultSeed, i, nuc))
			r := r3.Norm(d)
			if !(r < tc.radius) {
				t.Fatalf("%s offset of particle %d has length %g, want < %g", tc.name, i, r, tc.radius)
			}
			x := math.Pow(r/tc.radius, 3)
			u += x
			u2 += x * x
			c := r3.Scale(1/r, d)
			mean = r3.Add(mean, c)
			sq = r3.Add(sq, r3.Vec{X: c.X * c.X, Y: c.Y * c.Y, Z: c.Z * c.Z})
		}
		u /= n
		v := u2/n - u*u
		// Bounds are about 5 standard errors.
		if math.Abs(u-0.5) > 0.011 || math.Abs(v-1.0/12) > 0.005 {
			t.Errorf("%s: (r/R)^3 has mean %.4f, variance %.4f; want 1/2, 1/12", tc.name, u, v)
		}
		mean = r3.Scale(1.0/n, mean)
		sq = r3.Scale(1.0/n, sq)
		for _, c := range []float64{mean.X, mean.Y, mean.Z} {
			if math.Abs(c) > 0.021 {
				t.Errorf("%s: mean direction %v, want 0", tc.name, mean)
			}
		}
		for _, c := range []float64{sq.X, sq.Y, sq.Z} {
			if math.Abs(c-1.0/3) > 0.011 {
				t.Errorf("%s: mean squared direction cosines %v, want 1/3 each", tc.name, sq)
			}
		}
	}
}

func TestParticleStartNegativeIndex(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ParticleStart with index -1 did not panic")
		}
	}()
	Default().ParticleStart(1, -1, State{})
}
