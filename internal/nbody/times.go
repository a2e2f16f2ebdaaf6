package nbody

import (
	"fmt"
	"math"
)

// Default time grid of the original: 2200 samples from 0 to 35000 s.
const (
	DefaultSamples = 2200
	DefaultEnd     = 35000.0
)

// TimeGrid returns n times evenly spaced from 0 to tEnd, both included
// exactly. It panics if n < 2 or tEnd is not positive and finite: its
// callers validate those settings first (galaxy.Config.Validate), so a
// panic is a programmer's error, not a user's.
func TimeGrid(tEnd float64, n int) []float64 {
	if n < 2 {
		panic(fmt.Sprintf("nbody: TimeGrid needs at least 2 samples, got %d", n))
	}
	if !(tEnd > 0) || math.IsInf(tEnd, 0) {
		panic(fmt.Sprintf("nbody: TimeGrid end time %v is not positive and finite", tEnd))
	}
	// The same arithmetic as numpy.linspace, so our times match the
	// original's bit for bit.
	step := tEnd / float64(n-1)
	t := make([]float64, n)
	for i := range t {
		t[i] = float64(i) * step
	}
	t[n-1] = tEnd
	return t
}

// checkTimes reports whether times can drive an integration.
func checkTimes(times []float64) error {
	if len(times) < 2 {
		return fmt.Errorf("nbody: need at least 2 output times, got %d", len(times))
	}
	for i, t := range times {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("nbody: output time %d is %v", i, t)
		}
		if i > 0 && !(t > times[i-1]) {
			return fmt.Errorf("nbody: output times not increasing: times[%d]=%v, times[%d]=%v", i-1, times[i-1], i, t)
		}
	}
	return nil
}
