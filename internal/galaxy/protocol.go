package galaxy

// ask is a rank's request to rank 0 for work, and its news.
type ask struct {
	stop bool // this rank was signalled: stop every rank
	done int  // particles this rank has written so far, for the progress
}

// reply is rank 0's answer to an ask.
type reply struct {
	kind       int     // replyWork, replyNone, replyStop or replyWait
	checkpoint bool    // join the checkpoint round under way
	ahead      bool    // ask for the next chunk as soon as this one starts
	left       int     // particles rank 0 still holds (to a group's dispenser)
	particles  []int32 // the chunk to integrate, or a group's block (replyWork)
}

// On the wire an ask is [stop, done] and a reply [kind, checkpoint,
// ahead, left, particle...], as int64s: MPI sends them as one message
// each, whatever the chunk's size.
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
	return buf
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
