package sched

import "fmt"

// Result is the outcome of a simulated run.
type Result struct {
	Ranks    int
	Makespan float64 // time until the last rank finished
	Total    float64 // the sum of the costs: the work
	MaxCost  float64 // the most expensive particle
	// Efficiency is Total / (Ranks · Makespan), with lanes Total /
	// (LaneSpeed · Ranks · Makespan): the work over what the ranks could
	// have done.
	Efficiency float64
	// Bound is the best efficiency any schedule can reach: a run takes
	// at least Total/Ranks, and at least MaxCost (with lanes, at least
	// Total/(LaneSpeed·Ranks) and MaxCost·Lanes/LaneSpeed).
	Bound float64
	// Requests is how many chunks were handed out; Blocks how many
	// blocks rank 0 handed to groups.
	Requests, Blocks int
	// RootBusy is the time rank 0 spent answering.
	RootBusy float64
}

func (r Result) String() string {
	return fmt.Sprintf("%d ranks: efficiency %.3f (bound %.3f), makespan %.4g, %d chunks", r.Ranks, r.Efficiency, r.Bound, r.Makespan, r.Requests)
}

func newResult(ranks int, cost []float64, makespan float64, lanes int, speed float64) Result {
	r := Result{Ranks: ranks, Makespan: makespan}
	for _, c := range cost {
		r.Total += c
		r.MaxCost = max(r.MaxCost, c)
	}
	ideal := r.Total / (speed * float64(ranks))
	if makespan > 0 {
		r.Efficiency = ideal / makespan
	}
	if m := max(ideal, r.MaxCost*float64(lanes)/speed); m > 0 {
		r.Bound = ideal / m
	}
	return r
}

// Simulate is Replay without groups, each answer arriving latency after
// its ask, rank 0's to itself too, and rank 0 taking no time to answer. (Always asking ahead left
// 512 ranks of 20000 particles at 0.90 of the bound: the chunk held
// behind a hard particle is one no other rank can take.) cost[i] is
// particle i's cost, in the unit of latency; order is the hand-out order.
func Simulate(cost []float64, order []int32, ranks, maxChunk int, latency float64) Result {
	return Replay(cost, order, Plan{Ranks: ranks, MaxChunk: maxChunk, Root: Net{Latency: latency}, Poll: latency})
}

// Static is the makespan of a fixed split: rank r integrates the r-th
// contiguous block of particles (the remainder spread over the first
// ranks), as galaxy did before dynamic scheduling, without the wait at
// every batch that its collective writes added.
func Static(cost []float64, ranks int) Result {
	n := len(cost)
	makespan := 0.0
	for r := 0; r < ranks; r++ {
		lo := r*(n/ranks) + min(r, n%ranks)
		hi := lo + n/ranks
		if r < n%ranks {
			hi++
		}
		s := 0.0
		for _, c := range cost[lo:hi] {
			s += c
		}
		makespan = max(makespan, s)
	}
	return newResult(ranks, cost, makespan, 1, 1)
}

type event struct {
	t    float64
	rank int // or group
	kind int
}

type events []event

func (e events) Len() int { return len(e) }
func (e events) Less(i, j int) bool {
	if e[i].t != e[j].t {
		return e[i].t < e[j].t
	}
	if e[i].rank != e[j].rank {
		return e[i].rank < e[j].rank
	}
	return e[i].kind < e[j].kind
}
func (e events) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *events) Push(x any)   { *e = append(*e, x.(event)) }
func (e *events) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}
