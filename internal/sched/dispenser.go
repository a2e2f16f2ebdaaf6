package sched

import (
	"cmp"
	"slices"
)

// MaxChunk is the largest chunk handed out of n particles to ranks
// ranks, the chunk setting being maxChunk: at most a 1/share of a rank's
// share of the particles, so that a chunk taken while the hardest
// particles are handed out (they cost up to 60 times the median) cannot
// hold more work than a rank's share.
func MaxChunk(n, ranks, maxChunk int) int {
	return max(1, min(maxChunk, ceilDiv(n, share*max(ranks, 1))))
}

// share bounds a chunk to a 1/share of a rank's share of the particles.
// Chosen by Replay (BENCHMARKS.md): without it, 8192 ranks of 10^6
// particles (122 each) reach 0.40 of the bound, the doubling chunks
// still within the hardest 5%; with 32, 0.97.
const share = 32

// guide is how many chunks per rank the remaining particles are cut
// into: the chunks shrink as the work runs out. Chosen by Simulate over
// measured costs (BENCHMARKS.md): 2 left 1024 ranks of 10^6 particles at
// 0.91 efficiency, 4 keeps every case at 0.96 or more, and 8 costs more
// requests for nothing.
const guide = 4

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Order returns the particles todo sorted hardest first by difficulty,
// which maps a particle to a score that grows with its expected cost;
// equal scores keep index order, so the order is the same on every run.
func Order(todo []int32, difficulty func(i int32) float64) []int32 {
	type scored struct {
		i int32
		s float64
	}
	v := make([]scored, len(todo))
	for k, i := range todo {
		v[k] = scored{i, difficulty(i)}
	}
	slices.SortFunc(v, func(a, b scored) int {
		if c := cmp.Compare(b.s, a.s); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]int32, len(v))
	for k, x := range v {
		out[k] = x.i
	}
	return out
}

// All returns the particles 0..n-1; n is at most math.MaxInt32.
func All(n int) []int32 {
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(i)
	}
	return v
}
