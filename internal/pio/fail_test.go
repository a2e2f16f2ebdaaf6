package pio

import (
	"errors"
	"log"
	"os"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// fail ends a test worker's job on err. A shared error (every rank holds
// it at the same point) is said once, by the rank that holds its text,
// and only after every rank has arrived, so that no other rank's abort
// can cut the message off: the printer aborts past a barrier, the others
// wait in a second one that its abort ends. An error of one rank is said
// and aborts at once.
func fail(err error) {
	var se *SharedError
	if !errors.As(err, &se) || mpi.World.Size() == 1 {
		log.Printf("rank %d: %v", mpi.World.Rank(), err)
		abort()
	}
	if se.Print {
		log.Printf("rank %d: %v", mpi.World.Rank(), err)
	}
	if berr := mpi.World.Barrier(); berr != nil || se.Print {
		abort()
	}
	mpi.World.Barrier() // never completes: the printer's abort ends this rank
	abort()
}

func abort() {
	mpi.World.Abort(1)
	os.Exit(1)
}
