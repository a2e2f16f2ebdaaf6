package pio

import (
	"errors"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/h5mpi/h5mpi/internal/outfile"
)

// Fatal reports err as "rank R: err" through the standard logger (whose
// prefix names the program), abandons this process's uncommitted output
// files (removing them while this run still holds them), and ends the
// whole job with status 1. It never returns.
//
// An error that every rank holds at the same point (a *SharedError, from
// Agree) is printed once, and the job ends through MPI_Finalize instead
// of MPI_Abort: rank 0 exits 1, the others 0, which no launcher mistakes
// for a crash and which cannot hang one. While HDF5 files are open it
// still aborts: MPI_Finalize would make HDF5 close them, collectively.
func Fatal(err error) {
	failing.Store(true)
	// Shared, even when wrapped by a caller that says where it met it.
	var se *SharedError
	shared := errors.As(err, &se)
	if shared && Size() > 1 && openFiles.Load() == 0 {
		if se.Print {
			log.Printf("rank %d: %v", Rank(), err)
		}
		end(1)
	}
	if !shared || se.Print {
		log.Printf("rank %d: %v", Rank(), err)
	}
	outfile.AbandonAll()
	// The launcher forwards each rank's stderr through a pipe, and MPICH's
	// tears the job down at once on MPI_Abort: give it a moment to pass
	// the message on, or the user sees only that the job failed.
	if Size() > 1 {
		time.Sleep(300 * time.Millisecond)
	}
	Abort(1)
}

// Exit ends a job that every rank ended the same way, with err (which
// rank 0 prints, without a rank prefix: it speaks for the job) and status
// code from rank 0, 0 from the others, through MPI_Finalize: no launcher
// mistakes that for a crash. Every rank calls it, with no file open.
func Exit(err error, code int) {
	failing.Store(true)
	if Rank() == 0 {
		log.Print(err)
	}
	end(code)
}

// end abandons what is left, shuts MPI down and exits: code on rank 0, 0
// on the others.
func end(code int) {
	outfile.AbandonAll()
	first := Rank() == 0
	finalizeMPI()
	if first {
		exit(code)
	}
	exit(0)
}

// SharedError is an error that every rank holds at the same point of the
// program: the job can end in order. Print marks the one rank that
// reports it.
type SharedError struct {
	Err   error
	Print bool
}

func (e *SharedError) Error() string { return e.Err.Error() }
func (e *SharedError) Unwrap() error { return e.Err }

// OnRoot runs check on rank 0 only and shares the verdict (see Agree).
// For checks one rank can make for all, such as those of the file
// system. Collective.
func OnRoot(check func() error) error {
	var err error
	if rank() == 0 {
		err = check()
	}
	return Agree(err)
}

// Agree shares the ranks' verdicts: if any rank's err is non-nil, every
// rank returns a *SharedError, of which only the lowest failing rank's is
// printed by Fatal, so a check that fails on all 42 ranks says so once.
// Collective.
func Agree(err error) error {
	v := -math.MaxFloat64
	if err != nil {
		v = -float64(rank())
	}
	m, cerr := maxFloat64(v)
	if cerr != nil {
		return cerr
	}
	if m == -math.MaxFloat64 {
		return nil
	}
	if first := int(-m); first != rank() {
		return &SharedError{Err: fmt.Errorf("rank %d failed", first)}
	}
	return &SharedError{Err: err, Print: true}
}

// Recover, deferred first in main, turns a panic of the main goroutine
// into Fatal: one line and status 1, not a Go trace (and not status 2,
// which is for usage errors).
func Recover() {
	if r := recover(); r != nil {
		Fatal(fmt.Errorf("internal error: %v", r))
	}
}
