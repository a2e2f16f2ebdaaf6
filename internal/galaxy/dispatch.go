package galaxy

import (
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/sched"
)

// The work is handed out by rank 0, which also integrates: a rank that
// has finished its chunk asks rank 0 for the next, and rank 0's main
// thread, polling between its own chores, answers at once. The same
// answers carry the two things every rank must do together: a checkpoint
// (collective: Flush, record, Flush), and a stop.
//
// Why messages, not a shared counter advanced with MPI one-sided atomics:
// without hardware atomics (TCP between nodes, Open MPI's osc/pt2pt,
// MPICH's ch3) a fetch-and-op progresses only when rank 0 enters MPI, so
// rank 0 must poll either way; messages also carry the checkpoint and
// stop flags, and the hand-out order and chunk sizes stay in one place
// (sched.Stock) on one rank.
//
// An ask (rank → 0, tagAsk) and a reply (0 → rank, tagReply) are the
// types ask and reply, sent as int64s (protocol.go). With the tree of
// dispensers (tree.go) a rank asks its parent, and a dispenser asks its
// own parent for blocks, with the same messages.
//
// A rank asks while fewer particles wait to start in its worker than its
// lanes integrate twice over, or, if the last reply said "ahead", four
// times over, so that the answer comes while it works and the lanes never
// run short; integrating one particle at a time, once it has none left,
// or, told to ask ahead, as it starts its last (sched.Short,
// sched.Stock.Ahead; runner.ask). It never has two
// asks unanswered, so at most one message is in flight each way per rank;
// after a reply that says there is no more work it never asks again, so
// nothing is left in flight when the ranks meet at the end.
const (
	tagAsk   = 7101
	tagReply = 7102
)

// Kinds of reply.
const (
	replyWork  = iota // particles follow
	replyNone         // no more work
	replyStop         // no more work, and stop the chunk at hand
	replyWait         // nothing now (paused): ask again after waitAgain
	replyLater        // never sent: the ask waits for the dispenser's next block
)

// waitAgain is how long a rank told to wait lets pass before it asks
// again.
const waitAgain = 10 * time.Millisecond

// pollEvery is how often a rank that waits for an answer, and rank 0
// always, look for messages. An answer takes up to this long: the
// scheduler simulation holds efficiency at 0.95 or more with answers up
// to about 200 µs (internal/sched).
const pollEvery = 50 * time.Microsecond

// dispatcher is the side of a rank that others ask: rank 0's and, with
// the tree (tree.go), each dispenser's. It answers asks from its stock
// (sched.Stock, rank 0's holding the whole order), asks its parent for
// blocks when the stock runs low (feed, tree.go), and on rank 0 decides
// the checkpoints.
type dispatcher struct {
	stock *sched.Stock
	kids  int         // ranks that ask this one
	heavy map[int]int // the kids that lead dispensers, and the ranks each serves
	up    *upward     // the ask to the parent; nil on rank 0
	held  []int       // asks waiting for the next block, in order
	stop  bool

	every    time.Duration // checkpoint interval; 0: none
	last     time.Time     // of the last checkpoint
	round    bool          // a checkpoint round is under way
	flagged  []bool        // told of the round
	nflagged int
	told     []bool // told there is no more work
	ntold    int

	stopAfter  int // if positive, hand out this many, then halt
	pauseAfter int // if positive, hand out this many, then wait for a stop
	handed     int

	progress []int // particles each rank reported done (a dispenser, its own and its kids')
	buf      []int64
	out      []int64
	chunk    []int32
}

func newDispatcher(stock *sched.Stock, ranks, chunk int, every time.Duration) *dispatcher {
	return &dispatcher{
		stock: stock, kids: ranks - 1, every: every, last: time.Now(),
		flagged: make([]bool, ranks), told: make([]bool, ranks), progress: make([]int, ranks),
		buf: make([]int64, askLen), out: make([]int64, 0, replyHead+chunk), chunk: make([]int32, 0, chunk),
	}
}

// serve answers every ask waiting. It reports whether every rank that
// asks this one has now been flagged for the checkpoint round under way,
// which this rank then joins.
func (s *dispatcher) serve() (checkpoint bool, err error) {
	if err := s.answerAll(); err != nil {
		return false, err
	}
	if s.round && s.nflagged == s.kids {
		s.round, s.last = false, time.Now()
		return true, nil
	}
	if s.up != nil {
		return false, nil // rounds come from rank 0, down the tree
	}
	// A round starts only while every rank will still ask: one told
	// there is no more work will not hear of it.
	if !s.round && !s.stop && s.ntold == 0 && s.every > 0 && time.Since(s.last) >= s.every {
		s.startRound()
		if s.kids == 0 {
			s.round, s.last = false, time.Now()
			return true, nil
		}
	}
	return false, nil
}

// startRound starts a checkpoint round: every rank that asks is told of
// it with its next answer.
func (s *dispatcher) startRound() {
	s.round, s.nflagged = true, 0
	clear(s.flagged)
}

// answerAll answers every ask waiting.
func (s *dispatcher) answerAll() error {
	if err := s.answerHeld(); err != nil {
		return err
	}
	for {
		src, ok, err := mpi.World.Probe(tagAsk)
		if err != nil || !ok {
			return err
		}
		if _, err := mpi.World.Recv(src, tagAsk, s.buf); err != nil {
			return err
		}
		a := decodeAsk(s.buf)
		s.progress[src] = a.done
		if a.stop {
			s.halt()
		}
		if m := s.answer(src); m.kind == replyLater {
			s.held = append(s.held, src)
		} else if err := s.send(src, m); err != nil {
			return err
		}
	}
}

// answerHeld answers, in order, the asks held for the next block that
// can now be answered.
func (s *dispatcher) answerHeld() error {
	for len(s.held) > 0 {
		m := s.answer(s.held[0])
		if m.kind == replyLater {
			return nil
		}
		if err := s.send(s.held[0], m); err != nil {
			return err
		}
		s.held = s.held[1:]
	}
	return nil
}

func (s *dispatcher) send(dst int, m reply) error {
	s.out = m.encode(s.out)
	return mpi.World.Send(dst, tagReply, s.out)
}

// answer is the reply to rank src's ask: a block if src leads a
// dispenser, else a chunk.
func (s *dispatcher) answer(src int) reply {
	w := max(s.heavy[src], 1)
	kind, rs := s.take(src, w)
	if kind == replyLater {
		if !s.round || s.flagged[src] {
			return reply{kind: replyLater}
		}
		kind = replyWork // nothing yet, but join the round
	}
	m := reply{kind: kind}
	if w > 1 {
		m.block, m.left = rs, s.stock.Left()
	} else {
		s.chunk = s.stock.Particles(s.chunk[:0], rs)
		m.particles, m.ahead = s.chunk, s.stock.Ahead()
	}
	if (m.kind == replyNone || m.kind == replyStop) && !s.told[src] {
		s.told[src] = true
		s.ntold++
	}
	if s.round && !s.flagged[src] {
		s.flagged[src] = true
		s.nflagged++
		m.checkpoint = true
	}
	return m
}

// next is the next chunk for rank r, this one, or why there is none.
// The slice is the dispatcher's own.
func (s *dispatcher) next(r int) (kind int, chunk []int32) {
	kind, rs := s.take(r, 1)
	s.chunk = s.stock.Particles(s.chunk[:0], rs)
	return kind, s.chunk
}

// take takes child's next share from the stock, w being the ranks it
// serves (1: a rank's chunk, else a block), within StopAfter and
// PauseAfter, or says why there is none: replyLater while a block is
// coming from the parent.
func (s *dispatcher) take(child, w int) (kind int, rs []sched.Range) {
	if s.stopAfter > 0 && s.handed >= s.stopAfter {
		s.halt()
	}
	if s.stop {
		return replyStop, nil
	}
	if s.paused() {
		return replyWait, nil
	}
	// Exactly stopAfter (pauseAfter) are handed out: the rest waits for a
	// resume.
	limit := 0
	for _, n := range []int{s.stopAfter, s.pauseAfter} {
		if n > 0 && (limit == 0 || n-s.handed < limit) {
			limit = n - s.handed
		}
	}
	rs = s.stock.Take(child, w, limit)
	if n := count(rs); n > 0 {
		s.handed += n
		return replyWork, rs
	}
	switch {
	case s.stock.Over():
		return replyNone, nil
	case s.up != nil && time.Now().Before(s.up.waitUntil):
		return replyWait, nil // the hand-out above is paused
	}
	return replyLater, nil
}

func count(rs []sched.Range) int {
	n := 0
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// paused reports whether the hand-out waits for a stop, pauseAfter
// particles handed out and some left: a run whose last particle was the
// pauseAfter-th ends as usual.
func (s *dispatcher) paused() bool {
	return s.pauseAfter > 0 && s.handed >= s.pauseAfter && !s.stop && s.stock.Remaining() > 0
}

// halt hands out nothing more, and tells every rank that asks to stop;
// a dispenser tells its parent.
func (s *dispatcher) halt() {
	s.stop = true
	s.stock.Stop()
	if s.up != nil && !s.up.over {
		s.up.tellStop = true
	}
}

// finished reports whether every rank that asks this one has been told
// there is no more work, no checkpoint round waits for them, and a
// dispenser has nothing more to hear from its parent.
func (s *dispatcher) finished() bool {
	return s.ntold == s.kids && !s.round && (s.up == nil || (s.up.over && s.up.asked == nil))
}

// done is how many particles the ranks reported done, this rank's own
// included once set.
func (s *dispatcher) done() int {
	n := 0
	for _, v := range s.progress {
		n += v
	}
	return n
}
