package pio

import (
	"errors"
	"log"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// fail ends a test worker's job on err, as the commands' job.Fatal does
// in short: a shared error said once, by the rank that holds its text,
// and every rank ended by MPI_Abort. A rank that does not print waits,
// so that the printer's message is out before MPICH tears the job down.
func fail(err error) {
	var se *SharedError
	shared := errors.As(err, &se)
	if !shared || se.Print {
		log.Printf("rank %d: %v", mpi.World.Rank(), err)
		time.Sleep(300 * time.Millisecond)
	} else if mpi.World.Size() > 1 {
		time.Sleep(2 * time.Second)
	}
	mpi.World.Abort(1)
	os.Exit(1)
}
