package stats

import (
	"fmt"
	"math"
	"testing"
)

// BenchmarkAddRows measures the per-chunk accumulation, in bytes of
// float64 per second, for chunks of DefaultChunkBytes.
func BenchmarkAddRows(b *testing.B) {
	for _, cols := range []int{1, 5, 64} {
		b.Run(fmt.Sprintf("cols=%d", cols), func(b *testing.B) {
			x := normal((DefaultChunkBytes/8)/cols*cols, 1, 1, 1)
			a := NewAcc(cols)
			b.SetBytes(int64(8 * len(x)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a.AddRows(x)
			}
		})
	}
}

// BenchmarkMerge measures merging one rank's partial result of 5
// columns, as gatherMerge does for every rank.
func BenchmarkMerge(b *testing.B) {
	parts := make([]Moments, 64)
	for i := range parts {
		a := NewAcc(1)
		a.AddRows(normal(100, float64(i), 1, uint64(i)))
		parts[i] = a.Cols[0]
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := Empty()
		for _, p := range parts {
			m.Merge(p)
		}
	}
}

func BenchmarkScaling(b *testing.B) {
	const cols = 5
	x := normal((DefaultChunkBytes/8)/cols*cols, 1, 1, 1)
	y := make([]float64, len(x))
	s := NewScaling([]Column{{NanMin: -5, NanMax: 5}, {NanMin: -5, NanMax: 6}, {NanMin: -5, NanMax: 7}, {NanMin: 2, NanMax: 2}, {NanMin: -5, NanMax: 9}})
	b.SetBytes(int64(8 * len(x)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(y, x)
		s.Apply(y)
	}
}

// BenchmarkAddRowsSlow measures the Go path of blocks that leave the
// assembly one (summariseSlow): a NaN in every block, or magnitudes
// beyond plainHi, in 5 columns.
func BenchmarkAddRowsSlow(b *testing.B) {
	for _, c := range []struct {
		name string
		f    func(x []float64, i int)
	}{
		{"nan", func(x []float64, i int) {
			if i%97 == 0 {
				x[i] = math.NaN()
			}
		}},
		{"huge", func(x []float64, i int) { x[i] *= 1e300 }},
	} {
		b.Run(c.name, func(b *testing.B) {
			x := normal((DefaultChunkBytes/8)/5*5, 1, 1, 1)
			for i := range x {
				c.f(x, i)
			}
			a := NewAcc(5)
			b.SetBytes(int64(8 * len(x)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a.AddRows(x)
			}
		})
	}
}
