//go:build amd64 && !noasm

package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/h5mpi/h5mpi/internal/simd"
)

// Every assembly kernel the processor runs gives the Go kernels' bits,
// signs of zeros included, over lengths that exercise every tail and
// values with NaN, infinities, signed zeros and wide magnitudes.
func TestKernelsSameBits(t *testing.T) {
	type kernel struct {
		name string
		smm  func([]float64) (float64, float64, float64)
		dsq  func([]float64, float64) (float64, float64)
	}
	var ks []kernel
	if simd.AVX2 {
		ks = append(ks, kernel{"avx2", sumMinMax256, devSq256})
	}
	if simd.AVX512F {
		ks = append(ks, kernel{"avx512", sumMinMax512, devSq512})
	}
	if len(ks) == 0 {
		t.Fatalf("this processor has neither AVX2 nor AVX-512: no assembly kernel to test (use -tags noasm)")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
	}
	for n := 0; n <= 100; n++ {
		for trial := 0; trial < 30; trial++ {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
				switch {
				case trial%5 == 1 && rng.IntN(5) == 0:
					x[i] = special[rng.IntN(len(special))]
				case trial%5 == 2:
					x[i] = special[3+rng.IntN(2)] // zeros of both signs only
				}
			}
			mean := rng.NormFloat64()
			ws, wl, wh := sumMinMaxGo(x)
			wd, wq := devSqGo(x, mean)
			for _, k := range ks {
				s, l, h := k.smm(x)
				if !same(s, ws) || !same(l, wl) || !same(h, wh) {
					t.Fatalf("%s: n=%d trial %d: sumMinMax = %v, %v, %v; Go gives %v, %v, %v (x=%v)", k.name, n, trial, s, l, h, ws, wl, wh, x)
				}
				d, q := k.dsq(x, mean)
				if !same(d, wd) || !same(q, wq) {
					t.Fatalf("%s: n=%d trial %d: devSq = %v, %v; Go gives %v, %v (x=%v)", k.name, n, trial, d, q, wd, wq, x)
				}
			}
		}
	}
}

// BenchmarkKernels measures each kernel's two passes over a block of
// blockValues values, as summarise makes them, in bytes a second.
func BenchmarkKernels(b *testing.B) {
	x := normal(blockValues, 1, 1, 1)
	for _, k := range []struct {
		name string
		ok   bool
		smm  func([]float64) (float64, float64, float64)
		dsq  func([]float64, float64) (float64, float64)
	}{
		{"go", true, sumMinMaxGo, devSqGo},
		{"avx2", simd.AVX2, sumMinMax256, devSq256},
		{"avx512", simd.AVX512F, sumMinMax512, devSq512},
	} {
		if !k.ok {
			continue
		}
		b.Run(k.name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(x)))
			for i := 0; i < b.N; i++ {
				s, _, _ := k.smm(x)
				k.dsq(x, s/float64(len(x)))
			}
		})
	}
}
