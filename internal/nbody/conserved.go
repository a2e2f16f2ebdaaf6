package nbody

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Energy is the specific energy of a body moving in the host's field
// alone, as the nucleus does: v²/2 + Φ(r), with Φ(r) = G·K·ln r for
// Alpha = 1 (r in metres) and G·K·r^(Alpha−1)/(Alpha−1) otherwise, the
// potential whose pull is G·K·r^(Alpha−2).
func (m Model) Energy(s State) float64 {
	r := r3.Norm(s.Pos)
	var phi float64
	if m.Alpha == 1 {
		phi = m.G * m.K * math.Log(r)
	} else {
		phi = m.G * m.K * math.Pow(r, m.Alpha-1) / (m.Alpha - 1)
	}
	return r3.Norm2(s.Vel)/2 + phi
}

// AngularMomentum is the specific angular momentum |x × v| of a body
// about the host's centre.
func (m Model) AngularMomentum(s State) float64 {
	return r3.Norm(r3.Cross(s.Pos, s.Vel))
}

// Drift returns the largest relative change of the energy and of the
// angular momentum over samples of the nucleus, against the first: both
// are conserved exactly in the host's central field, so any change is the
// integration's error.
func (m Model) Drift(samples []State) (energy, angular float64) {
	if len(samples) == 0 {
		return 0, 0
	}
	e0, l0 := m.Energy(samples[0]), m.AngularMomentum(samples[0])
	for _, s := range samples[1:] {
		energy = max(energy, math.Abs(m.Energy(s)-e0)/math.Abs(e0))
		angular = max(angular, math.Abs(m.AngularMomentum(s)-l0)/math.Abs(l0))
	}
	return energy, angular
}
