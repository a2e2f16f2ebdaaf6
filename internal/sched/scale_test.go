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

// measuredPoll is a dispenser's wait for its own chunk, in the same
// unit: its next look for messages, every 50 µs (galaxy's pollEvery).
const measuredPoll = 50000.0 / 44

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

// A model of how a rank integrates: one particle at a time, or in lanes
// (Plan.Lanes).
type model struct {
	name      string
	lanes     int
	laneSpeed float64
}

// scalar integrates one particle at a time; lanes as galaxy's worker
// does with nbody's lanes, 16 particles side by side at 2.4 times the
// particles per second of one at a time with every lane full.
var models = []model{{"scalar", 1, 1}, {"lanes", 16, 2.4}}

// Trees: rank 0 answering every rank, a dispenser per node of 56 ranks
// (a Frontier node at a rank per core) asking rank 0, and a level more
// per Fan nodes.
var shapes = []struct {
	name  string
	group int
	fan   int
}{{"alone", 0, 0}, {"node", 56, 0}, {"tree", 56, sched.Fan}}

// BenchmarkScale replays Frontier's sizes with rank 0's measured cost of
// an answer, the asks queuing at it and at each dispenser: rank 0 alone,
// a dispenser per node, and the tree (a level per 32 nodes above),
// blocks sent as ranges of the order.
//
//	go test -run XXX -bench Scale -benchtime 1x -timeout 3h ./internal/sched/
func BenchmarkScale(b *testing.B) {
	base := measured(b)
	for _, n := range []int{1000000, 10000000} {
		cost, order := scaled(base, n, 1)
		for _, m := range models {
			for _, p := range []int{256, 512, 1024, 8192, 65536, 524288} {
				for _, sh := range shapes {
					if p < 8192 && sh.name == "node" {
						continue // the tree is one level below 32 nodes
					}
					b.Run(fmt.Sprintf("N=%d/%s/P=%d/%s", n, m.name, p, sh.name), func(b *testing.B) {
						var parent []int
						if sh.group > 0 {
							parent = sched.Tree(sched.GroupLeaders(p, sh.group), sh.fan)
						}
						var r sched.Result
						for i := 0; i < b.N; i++ {
							r = sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Parent: parent, Node: 56,
								Root: measuredNet, Local: measuredNet, Poll: measuredPoll, Lanes: m.lanes, LaneSpeed: m.laneSpeed})
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

// BenchmarkScaleLatency replays the tree at Frontier's sizes with
// answers slower than BenchmarkScale's 110 µs: 1 ms and 2.5 ms, what
// galaxy's asks took on 2 ranks of the development machine (a Go timer
// fires about every millisecond, and a rank's main thread shares its
// core with the worker), a dispenser serving its own rank at its next
// look, a millisecond later. BENCHMARKS.md has the table.
//
//	go test -run '^$' -bench ScaleLatency -benchtime 1x -timeout 3h ./internal/sched/
func BenchmarkScaleLatency(b *testing.B) {
	base := measured(b)
	for _, n := range []int{1000000, 10000000} {
		cost, order := scaled(base, n, 1)
		for _, lat := range []struct {
			name  string
			evals float64
		}{{"1ms", 1e6 / 44}, {"2.5ms", 2.5e6 / 44}} {
			net := sched.Net{Latency: lat.evals, Serve: measuredNet.Serve, PerParticle: measuredNet.PerParticle}
			for _, m := range models {
				for _, p := range []int{1024, 8192, 65536, 524288} {
					b.Run(fmt.Sprintf("N=%d/%s/%s/P=%d", n, lat.name, m.name, p), func(b *testing.B) {
						parent := sched.Tree(sched.GroupLeaders(p, 56), sched.Fan)
						var r sched.Result
						for i := 0; i < b.N; i++ {
							r = sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Parent: parent, Node: 56,
								Root: net, Local: net, Poll: 1e6 / 44, Lanes: m.lanes, LaneSpeed: m.laneSpeed})
						}
						b.ReportMetric(r.Efficiency/r.Bound, "of-bound")
						b.ReportMetric(r.RootBusy/r.Makespan, "rank0-busy")
					})
				}
			}
		}
	}
}

// BenchmarkFirstChunk compares ranks' first chunks of 1 particle (so
// that the hardest particles go out one per rank) and of 16 (a particle
// per lane), for ranks integrating one particle at a time and in lanes.
//
//	go test -run XXX -bench FirstChunk -benchtime 1x ./internal/sched/
func BenchmarkFirstChunk(b *testing.B) {
	base := measured(b)
	cost, order := scaled(base, 1000000, 1)
	for _, m := range models {
		for _, p := range []int{512, 8192} {
			for _, first := range []int{1, 16} {
				b.Run(fmt.Sprintf("N=1000000/%s/P=%d/first=%d", m.name, p, first), func(b *testing.B) {
					parent := sched.Tree(sched.GroupLeaders(p, 56), sched.Fan)
					var r sched.Result
					for i := 0; i < b.N; i++ {
						r = sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Parent: parent, Node: 56,
							Root: measuredNet, Local: measuredNet, Poll: measuredPoll, Lanes: m.lanes, LaneSpeed: m.laneSpeed, First: first})
					}
					b.ReportMetric(r.Efficiency/r.Bound, "of-bound")
					b.ReportMetric(r.RootBusy/r.Makespan, "rank0-busy")
				})
			}
		}
	}
}
