package stats

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// overlap calls reduce with every chunk that each reads, in order, on
// another goroutine, while this one reads the next chunk into a second
// buffer: reading (HDF5 and MPI, which stay on the calling goroutine and
// its locked OS thread) and reducing (pure Go) run at the same time, and
// at most two chunks are held. The chunks reach reduce in the order they
// are read, so the results are those of reducing them one after the other
// on this goroutine.
//
// A read error stops the reads, and overlap returns it once reduce is
// done with the chunk it holds. A panic in reduce becomes an error, which
// stops the reads at the next chunk and is returned naming the input of
// the chunk that failed. Either way no goroutine is left running.
// Collective, as each is: a rank that stops early leaves the others in
// their reads, and its error ends the job.
//
// With one CPU to run on (a rank bound to one core, or GOMAXPROCS 1)
// there is nothing to overlap: each chunk is reduced as soon as it is
// read, on this goroutine, while it is still in the cache (twoCPUs).
func (rd *reader) overlap(reduce func(rows []float64)) error {
	if !twoCPUs() {
		return rd.each(func(_ int, _, _ []int, rows []float64) error { return safely(reduce, rows) })
	}
	// The chunks go to the reducer and come back for the next read:
	// two buffers, rd.buf and one more, so each channel holds at most
	// one and no send waits for long. Each chunk carries its input, so
	// that the reducer's error names the input of the chunk it failed
	// on, not the one being read by then.
	type chunk struct {
		input int
		rows  []float64
	}
	todo := make(chan chunk, 2)
	free := make(chan []float64, 2)
	free <- make([]float64, len(rd.buf))
	failed := make(chan error, 1) // the reducer's error, at its first
	done := make(chan struct{})
	go func() {
		defer func() { done <- struct{}{} }()
		ok := true
		// A nil chunk ends them (each's chunks slice buffers made by
		// make, never nil).
		for c := <-todo; c.rows != nil; c = <-todo {
			if ok {
				if err := safely(reduce, c.rows); err != nil {
					failed <- setting.Errorf("input %v: %w", rd.srcs[c.input].Input, err)
					ok = false
				}
			}
			// A chunk starts its buffer: rows[:cap(rows)] is all of it.
			free <- c.rows[:cap(c.rows)]
		}
	}()
	err := rd.each(func(input int, _, _ []int, rows []float64) error {
		select {
		case err := <-failed:
			failed <- err // for the return below
			return errReduced
		default:
		}
		todo <- chunk{input, rows}
		rd.buf = <-free // the other buffer, once the reducer is done with it
		return nil
	})
	todo <- chunk{}
	<-done
	// The reducer's error comes first: it is about a chunk read before
	// whatever stopped the reads.
	select {
	case ferr := <-failed:
		return ferr
	default:
	}
	return err
}

// twoCPUs reports whether this rank may reduce on a second CPU while it
// reads: runtime.NumCPU, not GOMAXPROCS alone, which job.Init raises to
// 2 on a one-CPU rank.
func twoCPUs() bool {
	return runtime.GOMAXPROCS(0) >= 2 && runtime.NumCPU() >= 2
}

// errReduced stops the reads once the reducer has failed; overlap
// returns the reducer's error instead.
var errReduced = errors.New("stopped: a chunk could not be reduced")

// safely calls reduce with rows and returns its panic, if any, as an
// error: a panic on the reducing goroutine would end the program with a
// trace, past job.Recover on the main one.
func safely(reduce func([]float64), rows []float64) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: reducing %d values: %v", len(rows), r)
		}
	}()
	reduce(rows)
	return nil
}
