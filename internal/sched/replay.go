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
	// its time per particle of a chunk: a server answers one ask at a
	// time, in the order they come, and the others wait. A block, sent
	// as ranges of the order, costs Serve alone.
	Serve, PerParticle float64
}

// Plan is how a simulated run hands out its work.
type Plan struct {
	Ranks, MaxChunk int
	// Parent is the rank each rank asks (Tree), -1 for rank 0; nil:
	// rank 0 answers every rank.
	Parent []int
	// Node is how many consecutive ranks share a node: an ask between
	// two ranks of a node costs Local, any other Root. 0: every ask
	// costs Root.
	Node        int
	Root, Local Net
	// Lanes, if more than 1, integrates a rank's particles side by side
	// in that many lanes fed from the rank's stock, as galaxy's worker
	// does: a batch step, one step of every lane, costs Lanes/LaneSpeed
	// scalar steps whether the lanes are full or not, so a particle
	// takes Lanes/LaneSpeed times its cost however many lanes are busy,
	// and a rank that has them all busy does LaneSpeed times the work of
	// one lane alone.
	Lanes     int
	LaneSpeed float64
	// Poll is how long a dispenser's own rank waits for its own chunk:
	// galaxy's main thread serves its rank once per look for messages,
	// after the asks that came. 0: at once.
	Poll float64
	// First, if more than 1, is a rank's first chunk (Stock.SetFirst).
	First int
}

// Replay replays the hand-out as galaxy drives it, on p.Ranks ranks over
// the costs cost[i] of particles handed out in order. A rank asks its
// parent for a chunk, as galaxy's do, whenever fewer of its particles
// wait to start than Short says or it has none at all, one ask at a
// time. An ask reaches its server after half the latency, waits for the
// asks before it to be answered (the server's busy time, Serve), and its
// answer comes back after the other half. A dispenser other than rank
// 0's asks its parent for its next block once its stock is down to half
// its last block, and an ask that finds the stock empty waits for the
// block.
//
// The time is O(events · log(ranks)): an event per particle and per ask.
func Replay(cost []float64, order []int32, p Plan) Result {
	ranks := max(p.Ranks, 1)
	parent := p.Parent
	if parent == nil {
		parent = Tree(make([]int, ranks), 0)
	}
	lanes, speed := 1, 1.0
	if p.Lanes > 1 {
		lanes, speed = p.Lanes, p.LaneSpeed
	}
	s := &replay{cost: cost, p: p, parent: parent, weight: Weights(parent), lanes: lanes, slow: float64(lanes) / speed,
		rs: make([]replayRank, ranks), ds: map[int]*replayDisp{}}
	for r := range s.rs {
		s.rs[r].idle = lanes
	}
	for r := range parent {
		if q := parent[r]; q >= 0 && s.ds[q] == nil {
			s.ds[q] = &replayDisp{stock: NewStock(order, ranks, p.MaxChunk)}
		}
	}
	s.ds[0] = &replayDisp{stock: NewRoot(order, ranks, p.MaxChunk)}
	for _, d := range s.ds {
		d.stock.SetFirst(p.First)
	}
	for r := range s.rs {
		s.ask(r, 0)
	}
	for s.ev.Len() > 0 {
		e := heap.Pop(&s.ev).(event)
		s.handle(e)
	}
	res := newResult(ranks, cost, s.makespan, lanes, speed)
	res.Requests, res.Blocks = s.requests, s.nblocks
	res.RootBusy = s.ds[0].busy
	return res
}

type replayRank struct {
	queue  [][]int32 // chunks held, the first being started
	pos    int       // next particle of queue[0] to start
	idle   int       // lanes free
	asked  bool      // an ask is under way
	done   bool      // told there is no more work
	ahead  bool      // told to ask ahead with the last chunk
	answer answer    // the answer travelling back
}

type answer struct {
	chunk []int32
	ahead bool
}

// replayDisp is a rank's dispenser.
type replayDisp struct {
	stock   *Stock
	free    float64 // when it is next free to answer
	busy    float64 // time spent answering
	asked   bool    // a block ask is under way
	waiting []int   // children's asks that found the stock empty, in order
	block   []Range // the block travelling to it
	left    int     // what the dispensers above held with it
}

type replay struct {
	cost     []float64
	p        Plan
	parent   []int
	weight   []int
	lanes    int
	slow     float64 // a particle's time in a lane over its cost
	rs       []replayRank
	ds       map[int]*replayDisp
	ev       events
	makespan float64
	requests int
	nblocks  int
}

// Kinds of event.
const (
	evDone   = iota // a rank finished a particle
	evAnswer        // an answer reached a rank
	evArrive        // a rank's ask for a chunk reached its parent
	evAsk           // a dispenser's ask for a block reached its parent
	evBlock         // a block reached a dispenser
)

func (s *replay) push(t float64, who, kind int) {
	heap.Push(&s.ev, event{t: t, rank: who, kind: kind})
}

// to is the rank that rank r asks for chunks: its own dispenser, if it
// has one, or its parent's.
func (s *replay) to(r int) int {
	if s.ds[r] != nil {
		return r
	}
	return s.parent[r]
}

// net is the cost of an ask from rank r to rank q: to itself, the wait
// for its next look for messages.
func (s *replay) net(r, q int) Net {
	switch n := s.p.Node; {
	case r == q:
		return Net{Latency: s.p.Poll}
	case n > 0 && r/n == q/n:
		return s.p.Local
	}
	return s.p.Root
}

func (s *replay) ask(r int, t float64) {
	s.rs[r].asked = true
	s.push(t+s.net(r, s.to(r)).Latency/2, r, evArrive)
}

func (s *replay) handle(e event) {
	switch e.kind {
	case evDone:
		s.rs[e.rank].idle++
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
		q := s.to(e.rank)
		s.ds[q].waiting = append(s.ds[q].waiting, e.rank)
		s.serve(q, e.t)
	case evAsk:
		q := s.parent[e.rank]
		s.ds[q].waiting = append(s.ds[q].waiting, e.rank)
		s.serve(q, e.t)
	case evBlock:
		x := s.ds[e.rank]
		x.asked = false
		x.stock.Add(x.block, x.left)
		x.block = nil
		s.nblocks++
		s.serve(e.rank, e.t)
	}
}

// serve answers the asks waiting at rank q's dispenser that it can, and
// asks q's parent for a block when its stock runs low. A waiting rank
// other than q that has a dispenser asks for a block: its asks for
// chunks go to itself.
func (s *replay) serve(q int, t float64) {
	x := s.ds[q]
	for len(x.waiting) > 0 {
		c := x.waiting[0]
		if x.stock.Remaining() == 0 && !x.stock.Over() {
			break // wait for the block
		}
		x.waiting = x.waiting[1:]
		net := s.net(c, q)
		var busy float64
		if y := s.ds[c]; y != nil && c != q {
			y.block = append([]Range(nil), x.stock.Take(c, s.weight[c], 0)...)
			y.left = x.stock.Left()
			busy = net.Serve
			x.free = max(t, x.free) + busy
			s.push(x.free+net.Latency/2, c, evBlock)
		} else {
			ch := x.stock.Chunk(nil, c, 0)
			s.rs[c].answer = answer{ch, x.stock.Ahead()}
			busy = net.Serve + net.PerParticle*float64(len(ch))
			x.free = max(t, x.free) + busy
			s.push(x.free+net.Latency/2, c, evAnswer)
		}
		x.busy += busy
	}
	if q != 0 && !x.asked && x.stock.Low() {
		x.asked = true
		s.push(t+s.net(q, s.parent[q]).Latency/2, q, evAsk)
	}
}

// run lets rank r start particles from time t into its free lanes, and
// ask when it is time (Short).
func (s *replay) run(r int, t float64) {
	x := &s.rs[r]
	for x.idle > 0 {
		for len(x.queue) > 0 && x.pos == len(x.queue[0]) {
			x.queue, x.pos = x.queue[1:], 0
		}
		if len(x.queue) == 0 {
			break
		}
		c := s.cost[x.queue[0][x.pos]] * s.slow
		x.pos++
		x.idle--
		s.makespan = max(s.makespan, t+c)
		s.push(t+c, r, evDone)
	}
	if x.asked || x.done {
		return
	}
	stock := 0
	for k, c := range x.queue {
		stock += len(c)
		if k == 0 {
			stock -= x.pos
		}
	}
	// A dispenser's rank serves itself at its next look: it asks only to
	// keep its lanes fed.
	if Wants(stock, s.lanes-x.idle, s.lanes, x.ahead && s.to(r) != r) {
		s.ask(r, t)
	}
}
