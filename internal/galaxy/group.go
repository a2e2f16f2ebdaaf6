package galaxy

import (
	"fmt"
	"hash/fnv"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/sched"
)

// Groups: one rank 0 answering every rank's asks saturates at Frontier's
// sizes (internal/sched's Replay, with rank 0's answer cost measured:
// BENCHMARKS.md). With groups, each group of ranks (by default, those of
// a node) asks its leader, the group's lowest rank, and the leaders ask
// rank 0, which hands them blocks (sched.Blocks): a block is as many
// chunks as the group has ranks. A leader keeps its blocks in a
// sched.Stock and answers its ranks from it as rank 0 does without
// groups; it asks for the next block once the stock is down to half the
// last, and holds the asks that find the stock empty until the block
// comes. Rank 0 leads its own group, its stock fed from the blocks
// without messages.
//
// The same messages (ask, reply) go between a rank and its leader and
// between a leader and rank 0: a reply to a leader is a block, with what
// rank 0 still holds (left), from which the leader sizes its chunks as
// rank 0 would. The stops and checkpoints go down the same way: a leader
// told to stop stops its group; a leader flagged for a checkpoint round
// flags its ranks as they ask, and joins the round (which is collective
// over all ranks) once all are flagged, as rank 0 does; a rank's stop
// goes up to its leader, and from the leader to rank 0.

// grouping is a dispatcher's side of the groups: on rank 0 the blocks,
// on every leader (rank 0 too) the group's stock, and on the others the
// ask to rank 0.
type grouping struct {
	leader bool          // a leader other than rank 0
	group  map[int]int   // on rank 0: the group of each other leader
	blocks *sched.Blocks // rank 0's
	stock  *sched.Stock
	held   []int // asks waiting for the next block, in order

	// A leader's ask to rank 0.
	size      int // ranks in the group
	chunk     int
	asked     *mpi.Receive
	askedAt   time.Time
	tellStop  bool // rank 0 has yet to hear of this group's stop
	over      bool // rank 0 said there is no more work
	waitUntil time.Time
}

// isLeader reports whether rank src leads a group (on rank 0).
func (g *grouping) isLeader(src int) bool {
	_, ok := g.group[src]
	return ok
}

// block is rank 0's reply to leader src: its group's next block.
func (g *grouping) block(s *dispatcher, src int) reply {
	kind, b := s.take(func() []int32 { return g.blocks.Next(g.group[src]) })
	return reply{kind: kind, left: g.blocks.Remaining(), particles: b}
}

// next is rank r's next chunk from the group's stock, or why there is
// none: replyLater while a block is coming.
func (g *grouping) next(s *dispatcher, r int) (kind int, chunk []int32) {
	if g.blocks != nil && g.stock.Low() && !s.stop {
		// Rank 0's own group: its blocks need no message.
		switch kind, b := s.take(func() []int32 { return g.blocks.Next(0) }); kind {
		case replyWork:
			g.stock.Add(b, g.blocks.Remaining())
		case replyNone:
			g.stock.Add(nil, 0)
		}
	}
	if c := g.stock.Next(r); len(c) > 0 {
		return replyWork, c
	}
	switch {
	case s.stop:
		return replyStop, nil
	case g.stock.Over():
		return replyNone, nil
	case g.blocks != nil || time.Now().Before(g.waitUntil):
		return replyWait, nil // rank 0 paused
	}
	return replyLater, nil
}

// halt stops the group's hand-out; a leader tells rank 0.
func (g *grouping) halt() {
	g.stock.Stop()
	if g.blocks != nil {
		g.blocks.Stop()
	}
	if g.leader && !g.over {
		g.tellStop = true
	}
}

// finished reports whether a leader has nothing more to hear from rank
// 0: it said there is no more work, and no ask is under way.
func (g *grouping) finished() bool {
	return !g.leader || (g.over && g.asked == nil)
}

// feed is a leader's exchange with rank 0, on each step: it takes rank
// 0's reply if it came (a block, the end, a stop, a checkpoint round)
// and asks for the next block when the stock runs low, or to tell rank 0
// of a stop.
func (r *runner) feed() error {
	s := r.disp
	g := s.g
	if g == nil || !g.leader {
		return nil
	}
	if g.asked != nil {
		v, ok, err := g.asked.Test()
		if err != nil {
			return err
		}
		if !ok {
			r.checkLeaderContact(g.askedAt)
			return nil
		}
		g.asked = nil
		m := decodeReply(v)
		switch m.kind {
		case replyWork:
			g.stock.Add(m.particles, m.left)
		case replyNone:
			g.over = true
			g.stock.Add(nil, 0)
		case replyStop:
			g.over = true
			s.halt()
		case replyWait:
			g.waitUntil = time.Now().Add(waitAgain)
		}
		if m.checkpoint {
			s.startRound()
		}
	}
	if g.asked != nil || g.over || !(g.tellStop || (g.stock.Low() && !time.Now().Before(g.waitUntil))) {
		return nil
	}
	s.progress[r.rank] = r.done
	a := ask{stop: g.tellStop, done: s.done()}
	g.tellStop, g.askedAt = false, time.Now()
	var err error
	if g.asked, err = mpi.World.Irecv(0, tagReply, replyHead+g.size*g.chunk); err != nil {
		return err
	}
	return mpi.World.Send(0, tagAsk, a.encode(nil))
}

// checkLeaderContact is checkContact for a leader's ask to rank 0.
func (r *runner) checkLeaderContact(at time.Time) {
	limit := ReplyLimit
	if r.stopping {
		limit = StopReplyLimit
	}
	if waited := time.Since(at); waited > limit {
		r.c.lost(fmt.Errorf("rank 0 has not answered this group's leader for %v (the limit is %v): this rank has lost its job (its node cut off, or rank 0 gone); quitting, the partial file keeps the last checkpoint",
			waited.Round(time.Second), limit))
	}
}

// leaders returns the leader of each rank: the lowest rank of its group,
// groups being size consecutive ranks or, size 0, the ranks of a node
// (by host name). Collective.
func leaders(size int) ([]int, error) {
	n := mpi.World.Size()
	lead := make([]int, n)
	if size > 0 {
		for r := range lead {
			lead[r] = r - r%size
		}
		return lead, nil
	}
	host, err := os.Hostname()
	if err != nil {
		return nil, fmt.Errorf("host name: %w", err)
	}
	// A hash, not the name: 8 bytes per rank gathered, where names take
	// up to 256. Two nodes whose names collide would share a group,
	// which costs speed, not results.
	h := fnv.New64a()
	h.Write([]byte(host))
	all, err := mpi.World.AllGatherFloat64([]float64{float64(h.Sum64() >> 11)})
	if err != nil {
		return nil, fmt.Errorf("gather host names: %w", err)
	}
	first := map[float64]int{}
	for r, k := range all {
		if _, ok := first[k]; !ok {
			first[k] = r
		}
		lead[r] = first[k]
	}
	return lead, nil
}

// grouped reports whether lead makes groups worth having: more than one,
// and not one per rank.
func grouped(lead []int) bool {
	n := 0
	for r, l := range lead {
		if l == r {
			n++
		}
	}
	return n > 1 && n < len(lead)
}

// newGrouping sets rank's part of the groups lead makes, for n particles
// to hand out and chunks of at most chunk: rank 0's blocks, a leader's
// stock, and whom the rank asks (its parent).
func newGrouping(lead []int, rank, n, chunk int, order []int32) (disp *dispatcher, parent int) {
	ranks := len(lead)
	sizes := map[int]int{}
	for _, l := range lead {
		sizes[l]++
	}
	parent = lead[rank]
	if lead[rank] != rank {
		return nil, parent
	}
	g := &grouping{leader: rank != 0, size: sizes[rank], chunk: chunk,
		stock: sched.NewStock(n, ranks, chunk)}
	kids := sizes[rank] - 1
	if rank == 0 {
		g.group = map[int]int{}
		groupSizes := []int{sizes[0]}
		for r, l := range lead {
			if l == r && r != 0 {
				g.group[r] = len(groupSizes)
				groupSizes = append(groupSizes, sizes[r])
			}
		}
		g.blocks = sched.NewBlocks(order, ranks, groupSizes, chunk)
		kids += len(groupSizes) - 1
	}
	disp = newDispatcher(g.stock, ranks, chunk, 0)
	disp.kids, disp.g = kids, g
	return disp, parent
}

// dispatch sets who hands out work to whom: rank 0 alone, or with groups
// (Config.GroupSize) rank 0 to the leaders and the leaders to their
// groups. order is rank 0's hand-out order. Collective.
func (r *runner) dispatch(order []int32) error {
	lead, err := leaders(r.c.GroupSize)
	if err := pio.Agree(err); err != nil {
		return err
	}
	if !grouped(lead) {
		if r.rank == 0 {
			r.disp = newDispatcher(sched.NewDispenser(order, r.size, r.c.Chunk), r.size, r.c.Chunk, r.c.Checkpoint)
		}
	} else {
		// Every leader sizes its chunks from the particles to hand out,
		// which only rank 0 knows (on resume).
		n := []int{len(order)}
		if err := mpi.World.BcastInts(n); err != nil {
			return err
		}
		r.disp, r.parent = newGrouping(lead, r.rank, n[0], r.c.Chunk, order)
	}
	if r.rank == 0 {
		r.disp.every = r.c.Checkpoint
		r.disp.stopAfter, r.disp.pauseAfter = r.c.StopAfter, r.c.PauseAfter
	}
	return nil
}
