package galaxy

import (
	"reflect"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// Asks and replies come back from their int64s as they were sent.
func TestProtocolRoundTrip(t *testing.T) {
	for _, a := range []ask{{}, {stop: true}, {done: 1 << 40}, {stop: true, done: 7}} {
		if got := decodeAsk(a.encode(nil)); got != a {
			t.Errorf("ask %+v came back as %+v", a, got)
		}
	}
	var buf []int64
	for _, m := range []reply{
		{kind: replyNone},
		{kind: replyWait, ahead: true},
		{kind: replyStop, checkpoint: true},
		{kind: replyWork, particles: []int32{0}},
		{kind: replyWork, checkpoint: true, ahead: true, particles: []int32{5, 3, 1<<31 - 1}},
		{kind: replyWork, left: 1 << 40, particles: []int32{8, 9}},
	} {
		buf = m.encode(buf)
		if len(buf) != replyHead+len(m.particles) {
			t.Errorf("reply %+v: %d int64s, want %d", m, len(buf), replyHead+len(m.particles))
		}
		if got := decodeReply(buf); !reflect.DeepEqual(got, m) {
			t.Errorf("reply %+v came back as %+v", m, got)
		}
	}
}

// Blocks, ranges of the order, come back as they were sent, within
// blockLen.
func TestProtocolBlock(t *testing.T) {
	var buf []int64
	for _, m := range []reply{
		{kind: replyNone},
		{kind: replyWork, left: 1 << 40, block: []sched.Range{{Lo: 0, Hi: 1}}},
		{kind: replyWork, checkpoint: true, block: []sched.Range{{Lo: 3, Hi: 9}, {Lo: 20, Hi: 1<<31 - 1}, {Lo: 0, Hi: 2}, {Lo: 5, Hi: 6}}},
	} {
		buf = m.encode(buf)
		if len(buf) > blockLen {
			t.Errorf("block %+v: %d int64s, more than %d", m, len(buf), blockLen)
		}
		if got := decodeBlock(buf); !reflect.DeepEqual(got, m) {
			t.Errorf("block %+v came back as %+v", m, got)
		}
	}
}
