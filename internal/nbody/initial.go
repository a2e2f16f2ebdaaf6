package nbody

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// DefaultSeed is the seed of the default run.
const DefaultSeed uint64 = 1

// ParticleStart returns the initial state of particle i (i >= 0) of a run
// with the given seed, around the nucleus state nuc: the position is nuc's
// plus a point uniform in the ball of radius R = StartRadius/BallRatio, the
// velocity nuc's plus a point uniform in the ball of radius m.V0().
//
// The draw depends on (seed, i) only, so it is the same whatever the
// number of particles or ranks. Files record the seed and must stay
// reproducible, so this scheme is fixed; changing it is a format change:
//
//	γ       = 0x9E3779B97F4A7C15
//	mix(z)  = SplitMix64 finaliser: z ^= z>>30; z *= 0xBF58476D1CE4E5B9;
//	          z ^= z>>27; z *= 0x94D049BB133111EB; z ^= z>>31
//	key     = mix(mix(seed + γ) + uint64(i)·γ)             (mod 2^64)
//	x_j     = key + j·γ,  draw_j = mix(x_j)               (j = 1, 2, …, 6)
//	u_j     = float64(draw_j >> 11) · 2^−53               (uniform in [0, 1))
//
// Draws 1–3 place the position offset and draws 4–6 the velocity offset,
// each as radius = scale·cbrt(u₁), cos θ = 2u₂ − 1, φ = 2π·u₃, offset =
// radius·(sin θ cos φ, sin θ sin φ, cos θ) with sin θ = sqrt(1 − cos²θ).
// The floating-point part uses math.Cbrt, math.Sincos and math.Sqrt.
//
// ParticleStart panics if i < 0.
func (m Model) ParticleStart(seed uint64, i int, nuc State) State {
	if i < 0 {
		panic("nbody: negative particle index")
	}
	g := splitmix{x: mix64(mix64(seed+golden) + uint64(i)*golden)}
	dp := g.ball(StartRadius / BallRatio)
	dv := g.ball(m.V0())
	return State{Pos: r3.Add(nuc.Pos, dp), Vel: r3.Add(nuc.Vel, dv)}
}

const golden = 0x9E3779B97F4A7C15

// mix64 is the SplitMix64 output function (Steele, Lea & Flood 2014).
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// splitmix is the SplitMix64 generator: a Weyl sequence through mix64.
type splitmix struct{ x uint64 }

// float64 returns a uniform number in [0, 1) with 53 random bits.
func (g *splitmix) float64() float64 {
	g.x += golden
	return float64(mix64(g.x)>>11) * 0x1p-53
}

// ball returns a point uniform in the ball of the given radius, drawn as
// the original does: radius·u^(1/3), cos θ uniform, φ uniform.
func (g *splitmix) ball(radius float64) r3.Vec {
	r := radius * math.Cbrt(g.float64())
	cos := 2*g.float64() - 1
	sin := math.Sqrt(1 - cos*cos)
	sp, cp := math.Sincos(2 * math.Pi * g.float64())
	return r3.Vec{X: r * sin * cp, Y: r * sin * sp, Z: r * cos}
}

// Difficulty scores how costly a particle starting at p is likely to be
// to integrate, beside a nucleus starting at nuc: higher is costlier. It
// is the inverse of the particle's angular momentum about the nucleus:
// particles on plunging orbits pass close to the nucleus again and again,
// where the steps must be small. Measured on 20000 particles of seed 1,
// the 1% of particles it ranks hardest cost 3 times the median, and they
// include most of the 30 costliest. Schedulers use it to start the
// costliest particles first.
func (m Model) Difficulty(p, nuc State) float64 {
	l := r3.Norm(r3.Cross(r3.Sub(p.Pos, nuc.Pos), r3.Sub(p.Vel, nuc.Vel)))
	return 1 / (l + 1e-300)
}
