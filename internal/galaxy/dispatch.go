package galaxy

import (
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
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
// (sched.Dispenser) on one rank.
//
// An ask (rank → 0, tagAsk) and a reply (0 → rank, tagReply) are the
// types ask and reply, sent as int64s (protocol.go). With groups
// (group.go) a rank asks its group's leader, and the leader rank 0, with
// the same messages.
//
// A rank asks when it has no work in hand or, if the last reply said
// "ahead", as soon as it starts on that chunk, so that the answer comes
// while it works (sched.Dispenser.Ahead says when). It never has two
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
	replyLater        // never sent: the ask waits for the group's next block
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
// groups (group.go), each group's leader's. It answers asks from its
// source of chunks, and on rank 0 decides the checkpoints.
type dispatcher struct {
	d    source
	kids int // ranks that ask this one
	stop bool

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

	progress []int // particles each rank reported done (with groups, a leader its group's)
	buf      []int64
	out      []int64

	g *grouping // nil without groups
}

// source is where a dispatcher's chunks come from: rank 0's
// sched.Dispenser, or with groups a group's stock (group.go).
type source interface {
	Next(rank int) []int32
	Ahead() bool
	Remaining() int
	Stop()
}

func newDispatcher(d source, ranks, chunk int, every time.Duration) *dispatcher {
	return &dispatcher{
		d: d, kids: ranks - 1, every: every, last: time.Now(),
		flagged: make([]bool, ranks), told: make([]bool, ranks), progress: make([]int, ranks),
		buf: make([]int64, askLen), out: make([]int64, 0, replyHead+chunk),
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
	if s.g != nil && s.g.leader {
		return false, nil // rounds come from rank 0 (group.go)
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
			s.g.held = append(s.g.held, src)
		} else if err := s.send(src, m); err != nil {
			return err
		}
	}
}

// answerHeld answers, in order, the asks held for the group's next
// block that can now be answered.
func (s *dispatcher) answerHeld() error {
	for s.g != nil && len(s.g.held) > 0 {
		m := s.answer(s.g.held[0])
		if m.kind == replyLater {
			return nil
		}
		if err := s.send(s.g.held[0], m); err != nil {
			return err
		}
		s.g.held = s.g.held[1:]
	}
	return nil
}

func (s *dispatcher) send(dst int, m reply) error {
	s.out = m.encode(s.out)
	return mpi.World.Send(dst, tagReply, s.out)
}

// answer is the reply to rank src's ask.
func (s *dispatcher) answer(src int) reply {
	var m reply
	if s.g != nil && s.g.isLeader(src) {
		m = s.g.block(s, src)
	} else {
		kind, chunk := s.next(src)
		if kind == replyLater {
			if !s.round || s.flagged[src] {
				return reply{kind: replyLater}
			}
			kind = replyWork // nothing yet, but join the round
		}
		m = reply{kind: kind, ahead: s.d.Ahead(), particles: chunk}
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

// next is the next chunk for rank r, or why there is none.
func (s *dispatcher) next(r int) (kind int, chunk []int32) {
	if s.g != nil {
		return s.g.next(s, r)
	}
	return s.take(func() []int32 { return s.d.Next(r) })
}

// take takes the next chunk (or block) from next, within StopAfter and
// PauseAfter, or says why there is none.
func (s *dispatcher) take(next func() []int32) (kind int, chunk []int32) {
	if s.stopAfter > 0 && s.handed >= s.stopAfter {
		s.halt()
	}
	if s.stop {
		return replyStop, nil
	}
	if s.paused() {
		return replyWait, nil
	}
	c := next()
	// Exactly stopAfter (pauseAfter) are handed out: the rest waits for a
	// resume.
	if s.stopAfter > 0 {
		c = c[:min(len(c), s.stopAfter-s.handed)]
	}
	if s.pauseAfter > 0 {
		c = c[:min(len(c), s.pauseAfter-s.handed)]
	}
	if len(c) == 0 {
		return replyNone, nil
	}
	s.handed += len(c)
	return replyWork, c
}

// paused reports whether the hand-out waits for a stop, pauseAfter
// particles handed out and some left: a run whose last particle was the
// pauseAfter-th ends as usual.
func (s *dispatcher) paused() bool {
	return s.pauseAfter > 0 && s.handed >= s.pauseAfter && !s.stop && s.remaining() > 0
}

// remaining is how many particles rank 0 has yet to hand out.
func (s *dispatcher) remaining() int {
	if s.g != nil && s.g.blocks != nil {
		return s.g.blocks.Remaining() // what its own group holds is out
	}
	return s.d.Remaining()
}

// halt hands out nothing more, and tells every rank that asks to stop.
func (s *dispatcher) halt() {
	s.stop = true
	s.d.Stop()
	if s.g != nil {
		s.g.halt()
	}
}

// finished reports whether every rank that asks this one has been told
// there is no more work and no checkpoint round waits for them.
func (s *dispatcher) finished() bool {
	return s.ntold == s.kids && !s.round && (s.g == nil || s.g.finished())
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
