package nbody

import (
	"math"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// Default integration settings. With these tolerances the default run
// ends with the nucleus about 1 mm and the median particle about 0.2 m
// from a converged solution, against 14 m and 30 m for the Python
// original (see TestDefaultAccuracy). BenchmarkTolerances is the table:
// the cost falls slowly with the tolerance (an 8th-order method), 8% fewer
// evaluations at Rtol 3e-10 for a median particle 3 times farther off
// (0.56 m), 20% fewer at 1e-9 for 1.2 m, too close to the 3 m goal.
// MaxSteps is over 30 times what the hardest of the 1000 particles of the
// default run needs (about 30000; the median needs about 1000).
const (
	DefaultRtol     = 1e-10
	DefaultAtol     = 1e-9
	DefaultMaxSteps = 1_000_000
)

// MinRtol is the smallest relative tolerance float64 arithmetic can
// deliver: four units of roundoff.
const MinRtol = 4 * uround

// Options controls an integration.
type Options struct {
	// Rtol and Atol are the relative and absolute local error
	// tolerances: the error estimate of each 3-vector of the state
	// (position, velocity) over a step must stay below
	// Atol + Rtol·|vector|. Atol is in m for positions and m/s for
	// velocities, and matters only for vectors near zero length.
	Rtol, Atol float64
	// MaxSteps bounds the number of attempted steps of one integration
	// (rejected ones included), so a body caught at a singular point
	// returns ErrMaxSteps instead of running for ever.
	MaxSteps int
}

// DefaultOptions returns DefaultRtol, DefaultAtol and DefaultMaxSteps.
func DefaultOptions() Options {
	return Options{Rtol: DefaultRtol, Atol: DefaultAtol, MaxSteps: DefaultMaxSteps}
}

// Validate reports the first of the options that cannot work, as a
// *setting.Error naming the field ("Rtol"). Nucleus checks it; Particle
// relies on the options its track was made with being valid.
func (o Options) Validate() error {
	switch {
	case !(o.Rtol > 0) || math.IsInf(o.Rtol, 0):
		return setting.Bad("Rtol", o.Rtol, "want a positive tolerance")
	case o.Rtol < MinRtol:
		return setting.Bad("Rtol", o.Rtol, "below what float64 arithmetic can deliver (%v)", MinRtol)
	case !(o.Atol > 0) || math.IsInf(o.Atol, 0):
		return setting.Bad("Atol", o.Atol, "want a positive tolerance")
	case o.MaxSteps <= 0:
		return setting.Bad("MaxSteps", o.MaxSteps, "want a positive step limit")
	}
	return nil
}
