package sched

import (
	"container/heap"
	"fmt"
)

// Result is the outcome of a simulated run.
type Result struct {
	Ranks      int
	Makespan   float64 // time until the last rank finished
	Total      float64 // the sum of the costs: the work
	MaxCost    float64 // the most expensive particle
	Efficiency float64 // Total / (Ranks · Makespan)
	// Bound is the best efficiency any schedule can reach: a run takes
	// at least Total/Ranks, and at least MaxCost.
	Bound float64
	// Requests is how many chunks were handed out.
	Requests int
}

func (r Result) String() string {
	return fmt.Sprintf("%d ranks: efficiency %.3f (bound %.3f), makespan %.4g, %d chunks", r.Ranks, r.Efficiency, r.Bound, r.Makespan, r.Requests)
}

func newResult(ranks int, cost []float64, makespan float64) Result {
	r := Result{Ranks: ranks, Makespan: makespan}
	for _, c := range cost {
		r.Total += c
		r.MaxCost = max(r.MaxCost, c)
	}
	if makespan > 0 {
		r.Efficiency = r.Total / (float64(ranks) * makespan)
	}
	ideal := r.Total / float64(ranks)
	if m := max(ideal, r.MaxCost); m > 0 {
		r.Bound = ideal / m
	}
	return r
}

// Simulate replays the Dispenser as galaxy drives it: each rank asks for
// a chunk at time 0 and again as it starts on the last chunk it holds if
// the Dispenser said to ask Ahead when it handed that chunk out, or else
// once it has finished it; a request is answered latency after it is
// made, in the order the requests arrive. (Always asking ahead left 512
// ranks of 20000 particles at 0.90 of the bound: the chunk held behind a
// hard particle is one no other rank can take.) cost[i] is particle i's cost, in the unit of
// latency; order is the hand-out order.
func Simulate(cost []float64, order []int32, ranks, maxChunk int, latency float64) Result {
	d := NewDispenser(order, ranks, maxChunk)
	type rank struct {
		queue [][]int32 // chunks held, the first being worked on
		pos   int       // next particle of queue[0]
		free  float64   // when the rank finishes what it is doing
		asked bool      // a request is travelling
		done  bool      // told there is no more work
		ahead bool      // told to ask ahead with the last chunk
	}
	rs := make([]rank, ranks)
	var ev events
	ask := func(r int, t float64) {
		rs[r].asked = true
		heap.Push(&ev, event{t + latency, r, true})
	}
	for r := range rs {
		ask(r, 0)
	}
	makespan := 0.0
	requests := 0
	// run lets rank r work from time t through what it holds.
	run := func(r int, t float64) {
		x := &rs[r]
		if x.free > t {
			return // busy: the work event will come
		}
		for len(x.queue) > 0 && x.pos == len(x.queue[0]) {
			x.queue, x.pos = x.queue[1:], 0
		}
		if len(x.queue) == 0 {
			if !x.asked && !x.done {
				ask(r, t)
			}
			return // idle until an answer comes
		}
		if x.ahead && len(x.queue) == 1 && x.pos == 0 && !x.asked && !x.done {
			ask(r, t)
		}
		c := cost[x.queue[0][x.pos]]
		x.pos++
		x.free = t + c
		makespan = max(makespan, x.free)
		heap.Push(&ev, event{x.free, r, false})
	}
	for ev.Len() > 0 {
		e := heap.Pop(&ev).(event)
		x := &rs[e.rank]
		if e.answer {
			x.asked = false
			c := d.Next(e.rank)
			x.ahead = d.Ahead()
			if len(c) == 0 {
				x.done = true
			} else {
				requests++
				x.queue = append(x.queue, append([]int32(nil), c...))
			}
		}
		run(e.rank, e.t)
	}
	r := newResult(ranks, cost, makespan)
	r.Requests = requests
	return r
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
	return newResult(ranks, cost, makespan)
}

type event struct {
	t      float64
	rank   int
	answer bool // an answer to a request; else the end of a particle
}

type events []event

func (e events) Len() int { return len(e) }
func (e events) Less(i, j int) bool {
	if e[i].t != e[j].t {
		return e[i].t < e[j].t
	}
	return e[i].rank < e[j].rank
}
func (e events) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *events) Push(x any)   { *e = append(*e, x.(event)) }
func (e *events) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}
