package sched_test

import (
	"fmt"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// Rank 0's cost per ask and per particle of a reply, and the round trip
// outside it, in evaluations of 44 ns (the default run's median cost
// per evaluation, BENCHMARKS.md): measured on 2 ranks with real MPI by
// galaxy's BenchmarkAnswerMPI (Open MPI, the slower: 5 µs per ask of 64
// particles, 85 µs per block of 4096), the round trip as TestEfficiency
// has it (100 µs, rank 0 polling every 50 µs).
var measuredNet = sched.Net{Latency: latency, Serve: 5000.0 / 44, PerParticle: 20.0 / 44}

// scaled returns n costs, the measured ones over and over, divided by
// speedup, and the order galaxy hands them out in.
func scaled(base []float64, n int, speedup float64) ([]float64, []int32) {
	cost := repeat(base, n)
	for i := range cost {
		cost[i] /= speedup
	}
	return cost, sched.Order(sched.All(n), baseDifficulty(base))
}

// baseDifficulty is difficulty, worked out once per measured particle.
func baseDifficulty(base []float64) func(i int32) float64 {
	diff := difficulty(len(base))
	v := make([]float64, len(base))
	for i := range v {
		v[i] = diff(int32(i))
	}
	return func(i int32) float64 { return v[int(i)%len(v)] }
}

// BenchmarkScale replays Frontier's sizes with rank 0's measured cost of
// an answer, the asks queuing at it: without groups (Group 0: rank 0
// answers every rank) and with a dispenser in front of each group of
// Group ranks (56: a Frontier node at a rank per core). Speedup 3 is the
// same particles integrated three times faster: asks three times as
// frequent.
//
//	go test -run XXX -bench Scale -benchtime 1x -timeout 1h ./internal/sched/
func BenchmarkScale(b *testing.B) {
	base := measured(b)
	for _, n := range []int{1000000, 10000000} {
		for _, speedup := range []float64{1, 3} {
			cost, order := scaled(base, n, speedup)
			for _, p := range []int{8192, 65536, 524288} {
				for _, g := range []int{0, 56, 448} {
					b.Run(fmt.Sprintf("N=%d/speedup=%v/P=%d/G=%d", n, speedup, p, g), func(b *testing.B) {
						var r sched.Result
						for i := 0; i < b.N; i++ {
							r = sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Group: g, Root: measuredNet, Local: measuredNet})
						}
						b.ReportMetric(r.Efficiency, "efficiency")
						b.ReportMetric(r.Bound, "bound")
						b.ReportMetric(r.Efficiency/r.Bound, "of-bound")
						b.ReportMetric(r.RootBusy/r.Makespan, "rank0-busy")
						b.ReportMetric(float64(r.Blocks), "blocks")
					})
				}
			}
		}
	}
}

// BenchmarkScaleTree replays what the groups of BenchmarkScale lack at
// 65536 ranks and more: blocks that cost rank 0 nothing per particle (a
// range of the order, each leader holding the order: not galaxy's
// protocol yet) and, with Super 32, a dispenser in front of each 32
// node groups.
//
//	go test -run XXX -bench ScaleTree -benchtime 1x -timeout 1h ./internal/sched/
func BenchmarkScaleTree(b *testing.B) {
	base := measured(b)
	root := measuredNet
	root.PerParticle = 0
	for _, speedup := range []float64{1, 3} {
		cost, order := scaled(base, 1000000, speedup)
		for _, p := range []int{8192, 65536, 524288} {
			for _, super := range []int{0, 32} {
				b.Run(fmt.Sprintf("N=1000000/speedup=%v/P=%d/G=56/super=%d", speedup, p, super), func(b *testing.B) {
					var r sched.Result
					for i := 0; i < b.N; i++ {
						r = sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Group: 56, Super: super, Root: root, Local: measuredNet})
					}
					b.ReportMetric(r.Efficiency/r.Bound, "of-bound")
					b.ReportMetric(r.RootBusy/r.Makespan, "rank0-busy")
				})
			}
		}
	}
}
