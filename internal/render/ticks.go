package render

import (
	"math"
	"strconv"
)

// ticks returns round values in [-e, e], five to nine of them, at a step
// of 1, 2, 2.5 or 5 times a power of ten, as matplotlib would choose.
func ticks(e float64) []float64 {
	raw := 2 * e / 8
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var t []float64
	for i := math.Ceil(-e/step - 1e-9); i*step <= e*(1+1e-12); i++ {
		t = append(t, i*step)
	}
	return t
}

// tickLabel prints a tick value without float noise ("0.30000000000000004")
// or a negative zero.
func tickLabel(v float64) string {
	if math.Abs(v) < 1e-300 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}
