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

// The tree of dispensers: one rank 0 answering every rank's asks
// saturates at Frontier's sizes (internal/sched's Replay, with rank 0's
// answer cost measured: BENCHMARKS.md). With the tree (sched.Tree), the
// ranks of each node ask their node's leader, its lowest rank; the
// leaders of each sched.Fan nodes ask the lowest of them, and so on up
// to rank 0. Every dispenser is the same: a dispatcher with a
// sched.Stock, which answers its kids from its stock (a block, ranges of
// the hand-out order, to a kid that leads a dispenser; a chunk of
// particles to a rank) and asks its parent for the next block once the
// stock is down to half the last (feed), holding the asks that find it
// empty until the block comes. Rank 0's stock holds the whole order. A
// block names positions in the order, so every dispenser computes the
// order itself, as rank 0 does, and checks it against rank 0's.
//
// The stops and checkpoints go down the tree with the answers, and the
// stops up with the asks: a dispenser told to stop stops its kids; one
// flagged for a checkpoint round flags its kids as they ask, and joins
// the round (collective over all ranks) once all are flagged, as rank 0
// does; a rank's stop goes up to its parent, and from there on up.
//
// Below sched.TreeFrom ranks rank 0 answers every rank (Config.Group),
// which the replay shows is as good there, and simpler.

// Values of Config.Group besides a group's size.
const (
	// GroupAuto: the tree of nodes from sched.TreeFrom ranks on, rank 0
	// alone below.
	GroupAuto = 0
	// GroupNode: the tree of nodes whatever the number of ranks.
	GroupNode = -1
)

// upward is a dispenser's side of the ask to its parent.
type upward struct {
	parent    int
	asked     *mpi.Receive
	askedAt   time.Time
	tellStop  bool // the parent has yet to hear of a stop below it
	over      bool // the parent said there is no more work
	waitUntil time.Time
}

// feed is a dispenser's exchange with its parent, on each step: it takes
// the parent's reply if it came (a block, the end, a stop, a checkpoint
// round) and asks for the next block when the stock runs low, or to tell
// the parent of a stop.
func (r *runner) feed() error {
	s := r.disp
	u := s.up
	if u == nil {
		return nil
	}
	if u.asked != nil {
		v, ok, err := u.asked.Test()
		if err != nil {
			return err
		}
		if !ok {
			r.checkParentContact(u)
			return nil
		}
		u.asked = nil
		m := decodeBlock(v)
		switch m.kind {
		case replyWork:
			if len(m.block) > 0 { // empty: only a checkpoint flag
				s.stock.Add(m.block, m.left)
			}
		case replyNone:
			u.over = true
			s.stock.Add(nil, 0)
		case replyStop:
			u.over = true
			s.halt()
		case replyWait:
			u.waitUntil = time.Now().Add(waitAgain)
		}
		if m.checkpoint {
			s.startRound()
		}
	}
	if u.asked != nil || u.over || !(u.tellStop || (s.stock.Low() && !time.Now().Before(u.waitUntil))) {
		return nil
	}
	s.progress[r.rank] = r.done
	a := ask{stop: u.tellStop, done: s.done()}
	u.tellStop, u.askedAt = false, time.Now()
	var err error
	if u.asked, err = mpi.World.Irecv(u.parent, tagReply, blockLen); err != nil {
		return err
	}
	return mpi.World.Send(u.parent, tagAsk, a.encode(nil))
}

// checkParentContact is checkContact for a dispenser's ask to its
// parent.
func (r *runner) checkParentContact(u *upward) {
	r.checkAnswered(u.parent, u.askedAt, " this dispenser")
}

// leaders returns the leader of each rank: the lowest rank of its group,
// groups being size consecutive ranks or, size GroupNode, the ranks of a
// node (by host name). Collective for GroupNode.
func leaders(size int) ([]int, error) {
	n := mpi.World.Size()
	if size > 0 {
		return sched.GroupLeaders(n, size), nil
	}
	lead := make([]int, n)
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

// tree returns each rank's parent (-1 for rank 0) as Config's Group and
// Fan make it on size ranks: all 0 without the tree. Collective.
func (c *Config) tree(size int) ([]int, error) {
	group := c.Group
	if group == GroupAuto {
		if size < sched.TreeFrom {
			group = 1
		} else {
			group = GroupNode
		}
	}
	if group == 1 {
		return sched.Tree(make([]int, size), 0), nil
	}
	lead, err := leaders(group)
	if err != nil {
		return nil, err
	}
	fan := c.Fan
	if fan == 0 {
		fan = sched.Fan
	}
	return sched.Tree(lead, fan), nil
}

// dispatch sets who hands out work to whom: rank 0 alone, or the tree
// (Config.Group). Every dispenser computes the hand-out order of todo
// with order, and checks it is rank 0's; on resume rank 0 alone knows
// todo, and sends it first. Collective.
func (r *runner) dispatch(todo []int32, order func([]int32) []int32) error {
	parent, err := r.c.tree(r.size)
	if err := pio.Agree(err); err != nil {
		return err
	}
	heavy := map[int]int{}
	kids := 0
	w := sched.Weights(parent)
	for k, p := range parent {
		if p == r.rank {
			kids++
			if w[k] > 1 {
				heavy[k] = w[k]
			}
		}
	}
	tree := false // dispensers other than rank 0's
	for _, q := range parent {
		tree = tree || q > 0
	}
	if tree && r.c.Resume {
		if todo, err = shareTodo(todo, r.total, r.rank); err != nil {
			return err
		}
	}
	var o []int32
	if r.rank == 0 || w[r.rank] > 1 {
		o = order(todo)
	}
	if tree {
		if err := sameOrder(o, r.rank, w[r.rank] > 1); err != nil {
			return err
		}
	}
	if tree {
		r.dispensers, r.levels = shape(parent, w)
	}
	r.parent = max(parent[r.rank], 0)
	switch {
	case r.rank == 0:
		r.disp = newDispatcher(sched.NewRoot(o, r.size, r.c.Chunk), r.size, r.c.Chunk, r.c.Checkpoint)
		r.disp.stopAfter, r.disp.pauseAfter = r.c.StopAfter, r.c.PauseAfter
	case w[r.rank] > 1:
		r.disp = newDispatcher(sched.NewStock(o, r.size, r.c.Chunk), r.size, r.c.Chunk, 0)
		r.disp.up = &upward{parent: r.parent}
	default:
		return nil
	}
	r.disp.kids, r.disp.heavy = kids, heavy
	return nil
}

// shareTodo sends rank 0's todo to every rank, as a bit set of the
// total particles. Collective.
func shareTodo(todo []int32, total, rank int) ([]int32, error) {
	bits := make([]int, (total+62)/63)
	if rank == 0 {
		for _, i := range todo {
			bits[i/63] |= 1 << (i % 63)
		}
	}
	if err := mpi.World.BcastInts(bits); err != nil {
		return nil, err
	}
	todo = todo[:0]
	for i := 0; i < total; i++ {
		if bits[i/63]&(1<<(i%63)) != 0 {
			todo = append(todo, int32(i))
		}
	}
	return todo, nil
}

// sameOrder checks that every dispenser's order is rank 0's: a hash of
// rank 0's is sent to all, and a dispenser whose order differs (nodes
// whose arithmetic differs) fails the run before any work is handed
// out. Collective.
func sameOrder(order []int32, rank int, dispenser bool) error {
	h := fnv.New64a()
	var b [4]byte
	for _, i := range order {
		b[0], b[1], b[2], b[3] = byte(i), byte(i>>8), byte(i>>16), byte(i>>24)
		h.Write(b[:])
	}
	sum := []int{int(h.Sum64() >> 1), len(order)}
	mine := append([]int(nil), sum...)
	if err := mpi.World.BcastInts(sum); err != nil {
		return err
	}
	var err error
	if dispenser && (sum[0] != mine[0] || sum[1] != mine[1]) {
		err = fmt.Errorf("rank %d's hand-out order of the particles differs from rank 0's: the nodes compute the particles' difficulty differently; run with %s=1 (rank 0 alone hands out work)", rank, GroupSizeEnv)
	}
	return pio.Agree(err)
}

// shape is how many dispensers the tree has, rank 0's included, and in
// how many levels: the most dispensers an ask for work may go through.
func shape(parent, w []int) (dispensers, levels int) {
	depth := make([]int, len(parent))
	for r := 1; r < len(parent); r++ {
		depth[r] = depth[parent[r]] + 1 // a parent is a lower rank
		levels = max(levels, depth[r])
		if w[r] > 1 {
			dispensers++
		}
	}
	return dispensers + 1, levels
}
