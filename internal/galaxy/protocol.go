package galaxy

import "github.com/h5mpi/h5mpi/internal/sched"

// ask is a rank's request to its parent for work, and its news.
type ask struct {
	stop bool // this rank was signalled: stop every rank
	done int  // particles this rank has written so far, for the progress
}

// reply is a dispenser's answer to an ask.
type reply struct {
	kind       int           // replyWork, replyNone, replyStop or replyWait
	checkpoint bool          // join the checkpoint round under way
	ahead      bool          // ask for the next chunk as soon as this one starts
	left       int           // particles the dispensers above still hold (with a block)
	particles  []int32       // a rank's chunk to integrate (replyWork)
	block      []sched.Range // or a dispenser's block, positions in the order
}

// On the wire an ask is [stop, done] and a reply [kind, checkpoint,
// ahead, left, particle...] or, to a dispenser, [kind, checkpoint,
// ahead, left, lo, hi, lo, hi...], as int64s: MPI sends them as one
// message each, whatever the chunk's size. The asker knows which it
// asked for. A block is at most sched.MaxRanges ranges.
const (
	askLen    = 2
	replyHead = 4
)

func (a ask) encode(buf []int64) []int64 {
	return append(buf[:0], flag(a.stop), int64(a.done))
}

func decodeAsk(v []int64) ask {
	return ask{stop: v[0] != 0, done: int(v[1])}
}

// encode appends m to buf[:0].
func (m reply) encode(buf []int64) []int64 {
	buf = append(buf[:0], int64(m.kind), flag(m.checkpoint), flag(m.ahead), int64(m.left))
	for _, i := range m.particles {
		buf = append(buf, int64(i))
	}
	for _, r := range m.block {
		buf = append(buf, int64(r.Lo), int64(r.Hi))
	}
	return buf
}

// blockLen is the longest reply to a dispenser.
const blockLen = replyHead + 2*sched.MaxRanges

// decodeBlock decodes a reply to a dispenser's ask.
func decodeBlock(v []int64) reply {
	m := reply{kind: int(v[0]), checkpoint: v[1] != 0, ahead: v[2] != 0, left: int(v[3])}
	for k := replyHead; k+1 < len(v); k += 2 {
		m.block = append(m.block, sched.Range{Lo: int(v[k]), Hi: int(v[k+1])})
	}
	return m
}

// decodeReply decodes v, its particles into a new slice (the worker keeps
// them).
func decodeReply(v []int64) reply {
	m := reply{kind: int(v[0]), checkpoint: v[1] != 0, ahead: v[2] != 0, left: int(v[3])}
	if len(v) > replyHead {
		m.particles = make([]int32, len(v)-replyHead)
		for k, i := range v[replyHead:] {
			m.particles[k] = int32(i)
		}
	}
	return m
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
