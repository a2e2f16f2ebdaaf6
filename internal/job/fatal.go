package job

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// Fatal reports err as "rank R: err" through the standard logger (whose
// prefix names the program), abandons this process's uncommitted output
// files (removing them while this run still holds them), and ends the
// whole job with status 1. It never returns.
//
// An error that every rank holds at the same point (a *pio.SharedError, from
// pio.Agree) is printed once, and the job ends through MPI_Finalize instead
// of MPI_Abort: rank 0 exits 1, the others 0, which no launcher mistakes
// for a crash and which cannot hang one. While HDF5 files are open it
// still aborts: MPI_Finalize would make HDF5 close them, collectively.
func Fatal(err error) {
	failing.Store(true)
	// Shared, even when wrapped by a caller that says where it met it.
	var se *pio.SharedError
	shared := errors.As(err, &se)
	if shared && mpi.World.Size() > 1 && pio.OpenFiles() == 0 {
		if se.Print {
			log.Printf("rank %d: %v", mpi.World.Rank(), err)
		}
		end(1)
	}
	if !shared || se.Print {
		log.Printf("rank %d: %v", mpi.World.Rank(), err)
	}
	outfile.AbandonAll()
	// The launcher forwards each rank's stderr through a pipe, and MPICH's
	// tears the job down at once on MPI_Abort: give it a moment to pass
	// the message on, or the user sees only that the job failed.
	if mpi.World.Size() > 1 {
		time.Sleep(300 * time.Millisecond)
	}
	// A rank that shares an error another prints must not abort first:
	// MPICH would kill the printing rank before its message is out. The
	// printer's abort ends this rank meanwhile.
	if shared && !se.Print && mpi.World.Size() > 1 {
		time.Sleep(2 * time.Second)
	}
	mpi.World.Abort(1)
	exit(1) // MPI_Abort does not return; before Init, or if it fails, exit
}

// Exit ends a job that every rank ended the same way, with err (which
// rank 0 prints, without a rank prefix: it speaks for the job) and status
// code from rank 0, 0 from the others, through MPI_Finalize: no launcher
// mistakes that for a crash. Every rank calls it, with no file open.
// Rank 0 records "status CODE" in $H5MPI_RESULT when that is set.
func Exit(err error, code int) {
	failing.Store(true)
	if mpi.World.Rank() == 0 {
		log.Print(err)
		record(fmt.Sprintf("status %d", code))
	}
	end(code)
}

// end abandons what is left, shuts MPI down and exits: code on rank 0, 0
// on the others.
func end(code int) {
	outfile.AbandonAll()
	first := mpi.World.Rank() == 0
	mpi.Finalize()
	if first {
		exit(code)
	}
	exit(0)
}

// Recover, deferred first in main, turns a panic of the main goroutine
// into Fatal: one line and status 1, not a Go trace (and not status 2,
// which is for usage errors).
func Recover() {
	if r := recover(); r != nil {
		Fatal(fmt.Errorf("internal error: %v", r))
	}
}
