package pio

import (
	"log"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

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
	quiet   bool
	pending os.Signal
}{}

func catchSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range ch {
			sigs.Lock()
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
		log.Printf("rank %d: %v: stopped%s", Rank(), s, removed)
	}
	exit(128 + int(s.(syscall.Signal)))
}

// failing is set once Fatal has begun.
var failing atomic.Bool

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
