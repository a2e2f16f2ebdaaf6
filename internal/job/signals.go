package job

import (
	"log"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
)

// Signals: SIGINT and SIGTERM (Ctrl-C, scancel, a Slurm time limit) end
// the process with status 128+signal after abandoning its uncommitted
// outputs. From the moment a file's commit begins until the program
// starts on another file or exits, a signal is held back: the output's
// fate is being decided or already decided, and the status must say what
// happened. A held signal takes effect at the next Create or Open, or
// after quietLimit if the program neither exits nor gets there.

var quietLimit = 10 * time.Second

var sigs = struct {
	sync.Mutex
	quiet     bool
	pending   os.Signal
	intercept chan os.Signal // non-nil while a program stops in its own way
}{}

// Stopping signals: SIGUSR1 is what a Slurm job asks for with
// --signal=USR1@SECONDS, as a warning before its time limit.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGUSR1}

func catchSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)
	go func() {
		for s := range ch {
			sigs.Lock()
			if c := sigs.intercept; c != nil {
				sigs.Unlock()
				select {
				case c <- s:
				default: // one pending is enough
				}
				continue
			}
			if sigs.quiet {
				if sigs.pending == nil {
					sigs.pending = s
					time.AfterFunc(quietLimit, func() { stop(s) })
				}
				sigs.Unlock()
				continue
			}
			sigs.Unlock()
			stop(s)
		}
	}()
}

func stop(s os.Signal) {
	removed := outfile.AbandonAll()
	// A rank already failing (Fatal) has said why; the launcher's
	// SIGTERM as it ends the job is no news.
	if !failing.Load() {
		log.Printf("rank %d: %v: stopped%s", mpi.World.Rank(), s, removed)
	}
	exit(128 + int(s.(syscall.Signal)))
}

// Intercept hands SIGINT, SIGTERM and SIGUSR1 to the caller on the
// returned channel, instead of ending the process, until release is
// called: for a program that stops in order, keeping what it has done
// (galaxy's checkpoint). Signals that came meanwhile and were not taken
// are dropped at release.
func Intercept() (signals <-chan os.Signal, release func()) {
	c := make(chan os.Signal, 1)
	sigs.Lock()
	sigs.intercept = c
	sigs.Unlock()
	return c, func() {
		sigs.Lock()
		sigs.intercept = nil
		sigs.Unlock()
	}
}

// Quit ends this process at once without MPI, after abandoning its
// outputs (a Kept partial file stays): for a watchdog that finds the job
// stuck, where an MPI call could hang too. The launcher ends the other
// ranks.
func Quit(err error) {
	failing.Store(true)
	removed := outfile.AbandonAll()
	log.Printf("rank %d: %v%s", mpi.World.Rank(), err, removed)
	exit(1)
}

// failing is set once Fatal has begun.
var failing atomic.Bool

// commits is the job's pio.Gate: a commit holds the signals back until
// the program starts on other work.
type commits struct{}

func (commits) Hold()    { holdSignals() }
func (commits) Release() { releaseSignals() }

// holdSignals starts a quiet period (a commit begins).
func holdSignals() {
	sigs.Lock()
	sigs.quiet = true
	sigs.Unlock()
}

// releaseSignals ends the quiet period: new work starts, and a signal
// that arrived meanwhile takes effect now.
func releaseSignals() {
	sigs.Lock()
	s := sigs.pending
	sigs.quiet, sigs.pending = false, nil
	sigs.Unlock()
	if s != nil {
		stop(s)
	}
}

// heldSignal is the signal held back in the quiet period, or nil.
func heldSignal() os.Signal {
	sigs.Lock()
	defer sigs.Unlock()
	return sigs.pending
}
