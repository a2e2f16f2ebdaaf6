package nbody

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Constants of the galaxy-collision model (SI units).
const (
	GravConst    = 6.673e-11 // G
	HostK        = 1.59e15   // host enclosed-mass coefficient k
	HostAlpha    = 1.0       // enclosed-mass exponent α
	NucleusRatio = 25.0      // k / k₁
	StartRadius  = 254840.0  // R_n: initial distance of the nucleus from the host, m
	BallRatio    = 20.0      // R_n / R: the particles start within R of the nucleus
)

// Model holds the force law: a centre of enclosed mass K·r^Alpha (host, at
// the origin) or K1·r^Alpha (nucleus) pulls a body at distance r with
// acceleration G·K·r^(Alpha−2).
type Model struct {
	G     float64 // gravitational constant
	K     float64 // host enclosed-mass coefficient
	K1    float64 // nucleus enclosed-mass coefficient
	Alpha float64 // enclosed-mass exponent
}

// Default returns the model of the original hands-on.
func Default() Model {
	return Model{G: GravConst, K: HostK, K1: HostK / NucleusRatio, Alpha: HostAlpha}
}

// State is the position (m) and velocity (m/s) of a body.
type State struct {
	Pos, Vel r3.Vec
}

// V0 returns the speed scale of the start: a tenth of the circular speed
// about the host at StartRadius, sqrt(G·K·R_n^(Alpha−1)) / 10.
func (m Model) V0() float64 {
	return 0.1 * math.Sqrt(m.G*m.K*math.Pow(StartRadius, m.Alpha-1))
}

// NucleusStart returns the nucleus's initial state: at (R_n, 0, 0), moving
// along +y at V0.
func (m Model) NucleusStart() State {
	return State{Pos: r3.Vec{X: StartRadius}, Vel: r3.Vec{Y: m.V0()}}
}

// validate reports whether the model's constants are usable.
func (m Model) validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"G", m.G}, {"K", m.K}, {"K1", m.K1}, {"Alpha", m.Alpha}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("nbody: model constant %s = %v is not finite", c.name, c.v)
		}
	}
	if m.G < 0 || m.K < 0 || m.K1 < 0 {
		return fmt.Errorf("nbody: model constants must not be negative: G=%g K=%g K1=%g", m.G, m.K, m.K1)
	}
	return nil
}

// field evaluates the pull of one kind of centre, with the constants
// folded for the hot loop.
type field struct {
	gk      float64 // G·k of the centre
	alpha1  bool    // Alpha == 1: the pull is gk·d/r², no power needed
	halfExp float64 // (Alpha−3)/2: the pull is gk·(r²)^halfExp·d
}

func (m Model) fields() (host, nucleus field) {
	one := m.Alpha == 1
	e := (m.Alpha - 3) / 2
	return field{gk: m.G * m.K, alpha1: one, halfExp: e}, field{gk: m.G * m.K1, alpha1: one, halfExp: e}
}

// pull returns the acceleration of a body at offset (x, y, z) from the
// centre. At exactly zero distance the force direction is undefined and
// its size infinite; we return zero there, and also where the size would
// overflow (distances below about 1e-150 m), so no NaN or Inf can enter.
func (f field) pull(x, y, z float64) (ax, ay, az float64) {
	r2 := x*x + y*y + z*z
	if r2 == 0 {
		return 0, 0, 0
	}
	var s float64
	if f.alpha1 {
		s = f.gk / r2
	} else {
		s = f.gk * math.Pow(r2, f.halfExp)
	}
	if !(s <= math.MaxFloat64) {
		return 0, 0, 0
	}
	return -s * x, -s * y, -s * z
}

// accel returns the acceleration of a particle at p when the nucleus is
// at n (the host is at the origin). It is the readable form of what the
// integrators evaluate, for tests and diagnostics.
func (m Model) accel(p, n r3.Vec) r3.Vec {
	host, nuc := m.fields()
	ax, ay, az := host.pull(p.X, p.Y, p.Z)
	bx, by, bz := nuc.pull(p.X-n.X, p.Y-n.Y, p.Z-n.Z)
	return r3.Vec{X: ax + bx, Y: ay + by, Z: az + bz}
}

func finiteState(s State) bool {
	for _, v := range [6]float64{s.Pos.X, s.Pos.Y, s.Pos.Z, s.Vel.X, s.Vel.Y, s.Vel.Z} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func toArray(s State) [6]float64 {
	return [6]float64{s.Pos.X, s.Pos.Y, s.Pos.Z, s.Vel.X, s.Vel.Y, s.Vel.Z}
}

func fromArray(y *[6]float64) State {
	return State{Pos: r3.Vec{X: y[0], Y: y[1], Z: y[2]}, Vel: r3.Vec{X: y[3], Y: y[4], Z: y[5]}}
}
