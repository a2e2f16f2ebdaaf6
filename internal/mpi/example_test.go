package mpi_test

import (
	"fmt"
	"log"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// Every rank adds its rank; each learns the sum and the largest.
func Example() {
	if err := mpi.Init(); err != nil {
		log.Fatal(err)
	}
	defer mpi.Finalize()
	w := mpi.World
	sum, err := w.SumFloat64(float64(w.Rank()))
	if err != nil {
		log.Fatal(err)
	}
	largest, err := w.MaxFloat64(float64(w.Rank()))
	if err != nil {
		log.Fatal(err)
	}
	// On one rank, as `go test` runs it:
	fmt.Printf("rank %d of %d: sum %v, largest %v\n", w.Rank(), w.Size(), sum, largest)
	// Output: rank 0 of 1: sum 0, largest 0
}
