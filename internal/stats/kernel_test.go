package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The kernels (AVX-512 or AVX2 assembly on amd64 where the processor has
// it, Go with -tags noasm, elsewhere, or on older processors)
// against plain loops, over lengths that exercise every tail and values
// that include NaN, infinities and signed zeros.
func TestKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}
	for n := 1; n <= 40; n++ {
		for trial := 0; trial < 20; trial++ {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()*1e3 + 5
				if trial%4 == 1 && rng.IntN(5) == 0 {
					x[i] = special[rng.IntN(len(special))]
				}
			}
			if trial == 2 {
				for i := range x {
					x[i] = math.NaN()
				}
			}
			sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
			for _, v := range x {
				sum += v
				if v < lo {
					lo = v
				}
				if v > hi {
					hi = v
				}
			}
			gs, gl, gh := sumMinMax(x)
			if !close(gs, sum) || gl != lo || gh != hi {
				t.Fatalf("n=%d trial %d: sumMinMax = %v, %v, %v; want %v, %v, %v (x=%v)", n, trial, gs, gl, gh, sum, lo, hi, x)
			}
			mean := sum / float64(n)
			dev, sq := 0.0, 0.0
			for _, v := range x {
				dev += v - mean
				sq += (v - mean) * (v - mean)
			}
			gd, gq := devSq(x, mean)
			if !close(gq, sq) || math.Abs(gd-dev) > 1e-9*math.Sqrt(sq)*float64(n) && !math.IsNaN(dev) {
				t.Fatalf("n=%d trial %d: devSq = %v, %v; want %v, %v", n, trial, gd, gq, dev, sq)
			}
		}
	}
}

// close: equal to 1e-12 relative, or both NaN, or the same infinity.
func close(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
