package galaxy

import (
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// PauseAfter holds the hand-out once so many particles are out, but only
// while some are left: with none left the run ends as usual.
func TestPauseAfter(t *testing.T) {
	for _, tc := range []struct {
		n, pause, last int // last: the reply once the work stops coming
	}{
		{10, 4, replyWait},
		{4, 4, replyNone},
		{4, 9, replyNone},
	} {
		d := newDispatcher(sched.NewRoot(sched.All(tc.n), 2, 64), 2, 64, 0)
		d.pauseAfter = tc.pause
		handed, kind := 0, replyWork
		for asks := 0; kind == replyWork && asks <= tc.n; asks++ {
			var chunk []int32
			kind, chunk = d.next(1)
			handed += len(chunk)
		}
		if want := min(tc.n, tc.pause); kind != tc.last || handed != want {
			t.Errorf("%d particles, pause after %d: %d handed out, then reply %d; want %d, then %d", tc.n, tc.pause, handed, kind, want, tc.last)
		}
		if again, _ := d.next(1); again != tc.last {
			t.Errorf("%d particles, pause after %d: reply %d on asking again, want %d", tc.n, tc.pause, again, tc.last)
		}
	}
}
