package stats

import (
	"fmt"
	"runtime"
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
// stops the reads at the next chunk and is returned as each returns
// errors (naming the input). Either way no goroutine is left running. Collective, as each is: a rank that stops
// early leaves the others in their reads, and its error ends the job.
//
// With one CPU to run on (GOMAXPROCS 1, as for a rank bound to one core)
// there is nothing to overlap: each chunk is reduced as soon as it is
// read, on this goroutine, while it is still in the cache.
func (rd *reader) overlap(reduce func(rows []float64)) error {
	if runtime.GOMAXPROCS(0) < 2 {
		return rd.each(func(_ int, _, _ []int, rows []float64) error { return safely(reduce, rows) })
	}
	// The chunks go to the reducer and come back for the next read:
	// two buffers, rd.buf and one more, so each channel holds at most
	// one and no send waits for long.
	todo := make(chan []float64, 2)
	free := make(chan []float64, 2)
	free <- make([]float64, len(rd.buf))
	failed := make(chan error, 1) // the reducer's error, at its first
	done := make(chan struct{})
	go func() {
		defer func() { done <- struct{}{} }()
		ok := true
		// nil ends the chunks (each's chunks slice buffers made by make,
		// never nil; and close is a test helper's name in this package).
		for rows := <-todo; rows != nil; rows = <-todo {
			if ok {
				if err := safely(reduce, rows); err != nil {
					failed <- err
					ok = false
				}
			}
			// A chunk starts its buffer: rows[:cap(rows)] is all of it.
			free <- rows[:cap(rows)]
		}
	}()
	err := rd.each(func(_ int, _, _ []int, rows []float64) error {
		select {
		case err := <-failed:
			failed <- err // for the return below
			return err
		default:
		}
		todo <- rows
		rd.buf = <-free // the other buffer, once the reducer is done with it
		return nil
	})
	todo <- nil
	<-done
	if err == nil {
		select {
		case err = <-failed: // at the last chunk, after the reads
		default:
		}
	}
	return err
}

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
