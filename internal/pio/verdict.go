package pio

import (
	"fmt"
	"math"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// Shared verdicts: a failure that every rank meets at the same point of
// the program, printed once, so that the job can end in order (the
// commands end it: package job).

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
	if mpi.World.Rank() == 0 {
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
		v = -float64(mpi.World.Rank())
	}
	m, cerr := mpi.World.MaxFloat64(v)
	if cerr != nil {
		return cerr
	}
	if m == -math.MaxFloat64 {
		return nil
	}
	if first := int(-m); first != mpi.World.Rank() {
		return &SharedError{Err: fmt.Errorf("rank %d failed", first)}
	}
	return &SharedError{Err: err, Print: true}
}
