package galaxy

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/progress"
)

// runner is one rank's part of the work: its main thread's loop, which
// asks for work (or, on rank 0, hands it out), writes what the worker
// finishes, and joins the checkpoints.
type runner struct {
	c          *Config
	f          *galaxyfile.File
	w          *worker
	disp       *dispatcher // rank 0's, and with the tree each dispenser's
	parent     int         // the rank this one asks: 0, or its parent in the tree
	dispensers int         // with the tree, its dispensers
	levels     int         // and its depth
	rank, size int
	total      int // particles in the file
	prior      int // done before this run (rank 0 knows)

	sigs     <-chan os.Signal
	stopping bool // this rank stops: it was signalled or told
	tellStop bool // rank 0 has yet to hear of this rank's signal
	watchdog *time.Timer

	asked     *mpi.Receive // the answer awaited (ranks other than 0)
	askedAt   time.Time    // when it was asked for
	waitUntil time.Time    // told to wait: ask again then
	inHand    int          // chunks with the worker, until written
	ahead     bool         // the last reply said to ask ahead
	noMore    bool         // told there is no more work
	pauseSaid bool         // rank 0 said the hand-out paused

	written []int32 // rows written since the last checkpoint's record
	done    int     // particles this rank wrote in this run
	busy    time.Duration
	evals   int64
	meter   *progress.Meter
}

func newRunner(c *Config, f *galaxyfile.File, w *worker) *runner {
	return &runner{c: c, f: f, w: w, rank: mpi.World.Rank(), size: mpi.World.Size()}
}

// run is the rank's whole part, from the first chunk to the file closed.
func (r *runner) run() error {
	alongside()
	defer r.w.close()
	r.announce()
	t0 := time.Now()
	if err := r.loop(); err != nil {
		return err
	}
	// From here every rank finishes in step with the others: a signal
	// now only bounds how long that may take.
	ended := r.boundEnd()
	defer ended()
	return r.end(t0)
}

// alongside lets the main thread run while the worker integrates:
// launchers bind each rank to a core, and Go then runs one thread at a
// time, so that the main thread would answer only when the worker is
// preempted, every 10 ms or more.
func alongside() {
	if runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
}

// announce starts rank 0's progress meter and says what the run does.
func (r *runner) announce() {
	if r.rank != 0 {
		return
	}
	r.meter = progress.New(r.c.Progress, r.c.Terminal, "galaxy", "particles", r.total)
	if w := r.c.Progress; w != nil {
		if r.prior > 0 {
			fmt.Fprintf(w, "galaxy: resuming: %d of %d particles left, on %d ranks\n", r.total-r.prior, r.total, r.size)
		} else {
			fmt.Fprintf(w, "galaxy: %d particles on %d ranks\n", r.total, r.size)
		}
		if r.dispensers > 0 {
			fmt.Fprintf(w, "galaxy: %d dispensers hand out the work, in %d levels\n", r.dispensers, r.levels)
		}
	}
}
