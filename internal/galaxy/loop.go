package galaxy

import (
	"fmt"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/mpi"
)

// loop hands out or asks for work, writes what the worker finishes, and
// answers signals, until this rank has no more work and, on rank 0, every
// rank has been told so.
func (r *runner) loop() error {
	for {
		if err := r.step(); err != nil {
			return err
		}
		if r.over() {
			return nil
		}
		if err := r.wait(); err != nil {
			return err
		}
	}
}

// wait waits for what comes first: a chunk the worker finished, which it
// writes; the worker running short of particles, for which it asks; a
// signal, which stops this rank; or the time to look for messages again
// (pollTimer).
func (r *runner) wait() error {
	var tick <-chan time.Time
	if poll := r.pollTimer(); poll != nil {
		tick = poll.C
		defer poll.Stop()
	}
	select {
	case res := <-r.w.results:
		return r.collect(res)
	case <-r.w.hungry:
	case s := <-r.sigs:
		r.stop(fmt.Sprint(s))
	case <-tick:
	}
	return nil
}

// pollTimer times the next look for messages: in pollEvery on rank 0 and
// while an answer is awaited, when told to wait at the time to ask again;
// nil when no message is due.
func (r *runner) pollTimer() *time.Timer {
	switch {
	case r.disp != nil || r.asked != nil:
		return time.NewTimer(pollEvery)
	case !r.waitUntil.IsZero():
		return time.NewTimer(max(time.Until(r.waitUntil), pollEvery))
	}
	return nil
}

// step does the message work that is due: on rank 0, answering asks and
// joining a checkpoint round once all are told (serve); elsewhere, taking
// an answer that came (hear); everywhere, asking when there is nothing
// in hand.
func (r *runner) step() error {
	var err error
	switch {
	case r.disp != nil:
		err = r.serve()
	case r.asked != nil:
		err = r.hear()
	}
	if err != nil {
		return err
	}
	return r.ask()
}

// serve is rank 0's message work: it answers the asks waiting, joins the
// checkpoint round once every other rank is told of it, and follows the
// hand-out: the progress, a stop, a pause.
func (r *runner) serve() error {
	if err := r.feed(); err != nil {
		return err
	}
	ckpt, err := r.disp.serve()
	if err != nil {
		return err
	}
	if ckpt {
		if err := r.checkpoint(); err != nil {
			return err
		}
	}
	r.disp.progress[r.rank] = r.done
	r.meter.Update(r.prior + r.disp.done())
	if r.disp.stop && !r.stopping {
		r.stop("stop") // another rank's signal, or StopAfter
	}
	if r.rank == 0 && r.disp.paused() && !r.pauseSaid {
		r.pauseSaid = true
		if w := r.c.Progress; w != nil {
			fmt.Fprintf(w, "galaxy: paused after %d particles (%s): waiting for a signal\n", r.disp.handed, PauseAfterEnv)
		}
	}
	return nil
}

// hear takes rank 0's answer to the ask awaited if it came, and otherwise
// checks that rank 0 is still there (checkContact).
func (r *runner) hear() error {
	v, ok, err := r.asked.Test()
	if err != nil {
		return err
	}
	if !ok {
		r.checkContact()
		return nil
	}
	r.asked = nil
	return r.take(decodeReply(v))
}

// checkContact quits this rank if rank 0 has left its ask unanswered
// beyond ReplyLimit (StopReplyLimit once stopping): the job is lost to
// it, and nothing it writes from now on would be recorded. What the last
// checkpoint recorded stays in the partial file, for -resume.
func (r *runner) checkContact() { r.checkAnswered(r.parent, r.askedAt, "") }

// checkAnswered quits this rank if parent has left the ask sent at
// askedAt (by whom, if not "", e.g. " this dispenser") unanswered beyond
// ReplyLimit, or StopReplyLimit once stopping.
func (r *runner) checkAnswered(parent int, askedAt time.Time, whom string) {
	limit := ReplyLimit
	if r.stopping {
		limit = StopReplyLimit
	}
	if waited := time.Since(askedAt); waited > limit {
		r.c.lost(fmt.Errorf("rank %d has not answered%s for %v (the limit is %v): this rank has lost its job (its node cut off, or rank %d gone); quitting, the partial file keeps the last checkpoint",
			parent, whom, waited.Round(time.Second), limit, parent))
	}
}

// ask asks for the next chunk when the worker wants one (worker.wants,
// sched.Short): with lanes, while fewer particles wait to start than
// they take twice over (four times, when told to ask ahead), so that the
// answer comes before the lanes run short, as they take a particle as
// soon as one completes, whichever chunk it is from. Or it tells rank 0
// of a stop. A dispenser's rank asks itself, never ahead: its answers
// come at its next look.
func (r *runner) ask() error {
	if r.noMore || r.asked != nil {
		return nil
	}
	if r.disp != nil {
		if !r.w.wants(false) {
			return nil
		}
		kind, chunk := r.disp.next(r.rank)
		if kind == replyWait || kind == replyLater {
			return nil
		}
		// The worker keeps the chunk: not the dispenser's own slice.
		return r.take(reply{kind: kind, particles: append([]int32(nil), chunk...)})
	}
	if !(r.w.wants(r.ahead) || r.tellStop) {
		return nil
	}
	if !r.tellStop && time.Now().Before(r.waitUntil) {
		return nil
	}
	r.waitUntil, r.askedAt = time.Time{}, time.Now()
	var err error
	if r.asked, err = mpi.World.Irecv(r.parent, tagReply, replyHead+r.c.Chunk); err != nil {
		return err
	}
	a := ask{stop: r.tellStop, done: r.done}
	r.tellStop = false
	return mpi.World.Send(r.parent, tagAsk, a.encode(nil))
}

// take acts on an answer.
func (r *runner) take(m reply) error {
	r.ahead = m.ahead
	if len(m.particles) > 0 {
		r.inHand++
		r.w.give(m.particles)
	}
	switch m.kind {
	case replyNone:
		r.noMore = true
	case replyWait:
		r.waitUntil = time.Now().Add(waitAgain)
	case replyStop:
		r.noMore = true
		r.stop("stop")
	}
	if m.checkpoint {
		return r.checkpoint()
	}
	return nil
}

// collect writes a chunk the worker finished, after asking for the next
// so that the answer travels while the chunk is written.
func (r *runner) collect(res *result) error {
	defer func() { r.w.free <- res }()
	r.inHand--
	if res.err != nil {
		return res.err
	}
	if err := r.ask(); err != nil {
		return err
	}
	if err := r.write(&res.Chunk); err != nil {
		return err
	}
	r.written = append(r.written, res.Rows...)
	r.done += len(res.Rows)
	r.busy += res.busy
	r.evals += res.evals
	return nil
}

// servePiece is how many particles a rank writes between looking for
// messages: writing a whole chunk can take 10 ms, or far more when the
// kernel holds back writers of dirty pages, and the asks (on rank 0) or
// the answer (elsewhere) would wait while the lanes run dry.
const servePiece = 8

// write writes a finished chunk: its trajectories by pieces, and between
// them the message work due (between); its diagnostics whole, after,
// since each write of scattered rows costs about as much for the three
// small datasets as for the trajectories' rows.
func (r *runner) write(c *galaxyfile.Chunk) error {
	row := 3 * r.f.T()
	for lo := 0; lo < len(c.Rows); lo += servePiece {
		hi := min(lo+servePiece, len(c.Rows))
		piece := galaxyfile.Chunk{Rows: c.Rows[lo:hi], Pos: c.Pos[lo*row : hi*row], Vel: c.Vel[lo*row : hi*row]}
		if err := r.f.WriteStates(&piece); err != nil {
			return err
		}
		if err := r.between(); err != nil {
			return err
		}
	}
	return r.f.WriteDiagnostics(c)
}

// between is the message work done between the pieces of a write: rank
// 0 answers the asks waiting and feeds its own worker; another rank
// takes the answer it awaits if it came, and asks if its worker runs
// short. A checkpoint that an answer calls for may come mid-write: it
// records only the chunks written whole (runner.written).
func (r *runner) between() error {
	var err error
	switch {
	case r.rank == 0:
		err = r.disp.answerAll()
	case r.asked != nil:
		err = r.hear()
	}
	if err != nil {
		return err
	}
	return r.ask()
}

// stop stops this rank's work: the worker finishes the particle at hand
// and takes no more, rank 0 hands out no more, and the others tell it.
func (r *runner) stop(why string) {
	if r.stopping {
		return
	}
	r.stopping = true
	r.w.stop.Store(true)
	if r.disp != nil {
		r.disp.halt()
	} else if !r.noMore {
		r.tellStop = true
	}
	r.watchdog = r.watch(why)
}

// watch quits this rank if it has not ended StopLimit from now: a stop
// must not wait on a rank that is gone.
func (r *runner) watch(why string) *time.Timer {
	return time.AfterFunc(StopLimit, func() {
		r.c.lost(fmt.Errorf("%s: the ranks did not finish stopping within %v: quitting with the last checkpoint", why, StopLimit))
	})
}

// over reports whether this rank's loop is done: no more work, none in
// hand and, on rank 0, every other rank told so.
func (r *runner) over() bool {
	if !r.noMore || r.inHand > 0 || r.asked != nil {
		return false
	}
	return r.disp == nil || r.disp.finished()
}
