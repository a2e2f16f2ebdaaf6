package sched

import (
	"container/heap"
)

// Net is what an ask costs, in the unit of the particles' costs.
type Net struct {
	// Latency is an ask's round trip outside the server: the wire both
	// ways and the wait for the server's next poll.
	Latency float64
	// Serve is the server's busy time per ask answered, and PerParticle
	// its time per particle of the reply: a server answers one ask at a
	// time, in the order they come, and the others wait.
	Serve, PerParticle float64
}

// service is the server's busy time for a reply of k particles.
func (n Net) service(k int) float64 { return n.Serve + n.PerParticle*float64(k) }

// Plan is how a simulated run hands out its work.
type Plan struct {
	Ranks, MaxChunk int
	// Group, if more than 1 and less than Ranks, puts a dispenser in
	// front of each group of Group consecutive ranks: rank 0 hands out
	// blocks to the groups (Blocks), and each group's dispenser (Stock)
	// chunks to its ranks. Otherwise rank 0 answers every rank.
	Group int
	// Super, if more than 1, puts a dispenser in front of each Super
	// consecutive groups' dispensers in turn: rank 0 hands it blocks for
	// all its groups, and it hands each group its blocks (Stock.Block).
	Super int
	// Root is the cost of an ask to rank 0; Local of a rank's ask to its
	// group's dispenser.
	Root, Local Net
}

// Replay replays the hand-out as galaxy drives it, on p.Ranks ranks over
// the costs cost[i] of particles handed out in order. Each rank asks
// for a chunk at time 0 and again as it starts on the last chunk it holds
// if the answer that brought it said to ask ahead, or else once it has
// finished it. An ask reaches its server after half the latency, waits
// for the asks before it to be answered (the server's busy time, Serve),
// and its answer comes back after the other half. With groups, a group's
// dispenser asks rank 0 for its next block once its stock is down to
// half its last block, and an ask that finds the stock empty waits for
// the block.
//
// The time is O(events · log(ranks)): an event per particle and per ask.
func Replay(cost []float64, order []int32, p Plan) Result {
	ranks := max(p.Ranks, 1)
	s := &replay{cost: cost, p: p, rs: make([]replayRank, ranks)}
	if p.Group > 1 && p.Group < ranks {
		sizes := Groups(ranks, p.Group)
		s.blocks = NewBlocks(order, ranks, sizes, p.MaxChunk)
		s.groups = make([]replayGroup, len(sizes))
		for g := range s.groups {
			s.groups[g].stock = NewStock(len(order), ranks, p.MaxChunk)
		}
		if p.Super > 1 && p.Super < len(sizes) {
			s.sizes = sizes
			var super []int
			for g, n := range sizes {
				if g%p.Super == 0 {
					super = append(super, 0)
				}
				super[len(super)-1] += n
			}
			s.blocks = NewBlocks(order, ranks, super, p.MaxChunk)
			s.mids = make([]replayGroup, len(super))
			for m := range s.mids {
				s.mids[m].stock = NewStock(len(order), ranks, p.MaxChunk)
			}
		}
	} else {
		s.d = NewDispenser(order, ranks, p.MaxChunk)
	}
	for r := range s.rs {
		s.ask(r, 0)
	}
	for s.ev.Len() > 0 {
		e := heap.Pop(&s.ev).(event)
		s.handle(e)
	}
	r := newResult(ranks, cost, s.makespan)
	r.Requests, r.Blocks = s.requests, s.nblocks
	r.RootBusy = s.rootBusy
	return r
}

type replayRank struct {
	queue  [][]int32 // chunks held, the first being worked on
	pos    int       // next particle of queue[0]
	free   float64   // when the rank finishes what it is doing
	asked  bool      // an ask is under way
	done   bool      // told there is no more work
	ahead  bool      // told to ask ahead with the last chunk
	answer answer    // the answer travelling back
}

type answer struct {
	chunk []int32
	ahead bool
}

type replayGroup struct {
	stock   *Stock
	free    float64 // when its dispenser is next free
	asked   bool    // a block ask is under way
	waiting []int   // asks that found the stock empty, in order
	block   []int32 // the block travelling back
	left    int     // rank 0's remaining with it
}

type replay struct {
	cost     []float64
	p        Plan
	rs       []replayRank
	ev       events
	d        *Dispenser // without groups
	blocks   *Blocks    // with groups
	groups   []replayGroup
	mids     []replayGroup // with Super: the dispensers in front of groups
	sizes    []int         // with Super: ranks per group
	root     float64       // when rank 0's dispatcher is next free
	rootBusy float64
	makespan float64
	requests int
	nblocks  int
}

// Kinds of event.
const (
	evDone     = iota // a rank finished a particle
	evAnswer          // an answer reached a rank
	evArrive          // a rank's ask reached its server
	evBlockAsk        // a group's (or super-group's) ask reached rank 0
	evBlock           // a block reached a group
	evMidAsk          // a group's ask reached its super-group's dispenser
	evMidBlock        // a block reached a super-group's dispenser
)

func (s *replay) push(t float64, who, kind int) {
	heap.Push(&s.ev, event{t: t, rank: who, kind: kind})
}

func (s *replay) ask(r int, t float64) {
	s.rs[r].asked = true
	lat := s.p.Root.Latency
	if s.groups != nil {
		lat = s.p.Local.Latency
	}
	s.push(t+lat/2, r, evArrive)
}

func (s *replay) handle(e event) {
	switch e.kind {
	case evDone:
		s.run(e.rank, e.t)
	case evAnswer:
		x := &s.rs[e.rank]
		x.asked = false
		x.ahead = x.answer.ahead
		if len(x.answer.chunk) == 0 {
			x.done = true
		} else {
			s.requests++
			x.queue = append(x.queue, x.answer.chunk)
		}
		x.answer = answer{}
		s.run(e.rank, e.t)
	case evArrive:
		if s.groups == nil {
			start := max(e.t, s.root)
			c := append([]int32(nil), s.d.Next(e.rank)...)
			s.rs[e.rank].answer = answer{c, s.d.Ahead()}
			busy := s.p.Root.service(len(c))
			s.root = start + busy
			s.rootBusy += busy
			s.push(s.root+s.p.Root.Latency/2, e.rank, evAnswer)
			return
		}
		g := e.rank / s.p.Group
		s.groups[g].waiting = append(s.groups[g].waiting, e.rank)
		s.serveGroup(g, e.t)
	case evMidAsk:
		m := e.rank / s.p.Super
		s.mids[m].waiting = append(s.mids[m].waiting, e.rank)
		s.serveMid(m, e.t)
	case evMidBlock:
		x := &s.mids[e.rank]
		x.asked = false
		x.stock.Add(x.block, x.left)
		x.block = nil
		s.serveMid(e.rank, e.t)
	case evBlockAsk:
		start := max(e.t, s.root)
		x := &s.groups[e.rank]
		kind := evBlock
		if s.mids != nil {
			x, kind = &s.mids[e.rank], evMidBlock
		}
		x.block = append([]int32(nil), s.blocks.Next(e.rank)...)
		x.left = s.blocks.Remaining()
		busy := s.p.Root.service(len(x.block))
		s.root = start + busy
		s.rootBusy += busy
		s.nblocks++
		s.push(s.root+s.p.Root.Latency/2, e.rank, kind)
	case evBlock:
		x := &s.groups[e.rank]
		x.asked = false
		x.stock.Add(x.block, x.left)
		x.block = nil
		s.serveGroup(e.rank, e.t)
	}
}

// serveGroup answers the asks waiting at group g's dispenser that it
// can, and asks rank 0 for a block when its stock runs low.
func (s *replay) serveGroup(g int, t float64) {
	x := &s.groups[g]
	for len(x.waiting) > 0 {
		r := x.waiting[0]
		if x.stock.Remaining() == 0 && !x.stock.Over() {
			break // wait for the block
		}
		x.waiting = x.waiting[1:]
		c := append([]int32(nil), x.stock.Next(r)...)
		s.rs[r].answer = answer{c, x.stock.Ahead()}
		x.free = max(t, x.free) + s.p.Local.service(len(c))
		s.push(x.free+s.p.Local.Latency/2, r, evAnswer)
	}
	if !x.asked && x.stock.Low() {
		x.asked = true
		if s.mids != nil {
			s.push(t+s.p.Root.Latency/2, g, evMidAsk)
		} else {
			s.push(t+s.p.Root.Latency/2, g, evBlockAsk)
		}
	}
}

// serveMid answers the groups' asks waiting at super-group m's
// dispenser that it can, and asks rank 0 for a block when its stock runs
// low. Its asks cost what rank 0's do.
func (s *replay) serveMid(m int, t float64) {
	x := &s.mids[m]
	for len(x.waiting) > 0 {
		g := x.waiting[0]
		if x.stock.Remaining() == 0 && !x.stock.Over() {
			break
		}
		x.waiting = x.waiting[1:]
		y := &s.groups[g]
		y.block = append([]int32(nil), x.stock.Block(g, s.sizes[g])...)
		y.left = x.stock.root + x.stock.Remaining()
		busy := s.p.Root.service(len(y.block))
		x.free = max(t, x.free) + busy
		s.push(x.free+s.p.Root.Latency/2, g, evBlock)
	}
	if !x.asked && x.stock.Low() {
		x.asked = true
		s.push(t+s.p.Root.Latency/2, m, evBlockAsk)
	}
}

// run lets rank r work from time t through what it holds.
func (s *replay) run(r int, t float64) {
	x := &s.rs[r]
	if x.free > t {
		return // busy: the work event will come
	}
	for len(x.queue) > 0 && x.pos == len(x.queue[0]) {
		x.queue, x.pos = x.queue[1:], 0
	}
	if len(x.queue) == 0 {
		if !x.asked && !x.done {
			s.ask(r, t)
		}
		return // idle until an answer comes
	}
	if x.ahead && len(x.queue) == 1 && x.pos == 0 && !x.asked && !x.done {
		s.ask(r, t)
	}
	c := s.cost[x.queue[0][x.pos]]
	x.pos++
	x.free = t + c
	s.makespan = max(s.makespan, x.free)
	s.push(x.free, r, evDone)
}
