//go:build !mpi

package mpi

import (
	"errors"

	"github.com/h5mpi/h5mpi/internal/h5"
)

// The one-rank stand-in, built without the mpi tag: a world of one rank
// and HDF5's default file driver. Nothing here touches MPI, so no result
// depends on empi's stand-in collectives (which do nothing at all).

// Real reports whether this build runs on real MPI (the mpi tag).
const Real = false

// Comm is a communicator: here, a world of one rank.
type Comm struct{}

// World is every rank of the job: this one.
var World = &Comm{}

// Init starts nothing: there is no MPI.
func Init() error { return nil }

// Finalize ends nothing.
func Finalize() {}

// Rank is 0, Size 1.
func (*Comm) Rank() int { return 0 }
func (*Comm) Size() int { return 1 }

// The collectives of one rank.
func (*Comm) Barrier() error                          { return nil }
func (*Comm) MaxFloat64(x float64) (float64, error)   { return x, nil }
func (*Comm) SumFloat64(x float64) (float64, error)   { return x, nil }
func (*Comm) BcastInts([]int) error                   { return nil }
func (*Comm) AllGatherBytes(x []byte) ([]byte, error) { return append([]byte(nil), x...), nil }
func (*Comm) AllGatherFloat64(x []float64) ([]float64, error) {
	return append(make([]float64, 0, len(x)), x...), nil
}

// Messages: one rank has no one to talk to.
var errAlone = errors.New("no other rank to talk to (built without the mpi tag)")

// Receive is a receive in flight; none ever starts here.
type Receive struct{}

func (*Comm) Send(int, int, []int64) error          { return errAlone }
func (*Comm) Probe(int) (int, bool, error)          { return 0, false, nil }
func (*Comm) Recv(int, int, []int64) (int, error)   { return 0, errAlone }
func (*Comm) Irecv(int, int, int) (*Receive, error) { return nil, errAlone }
func (*Receive) Test() ([]int64, bool, error)       { return nil, false, errAlone }

// Abort returns: the caller exits by itself.
func (*Comm) Abort(int) {}

// Version is the MPI library's version string.
func Version() string { return "none (built without the mpi tag: one-rank stand-in)" }

// FileAccess returns HDF5's default access list: hints have no meaning
// without MPI-IO.
func FileAccess([]Hint) (h5.ID, error) { return h5.Default, nil }

// SetSelf: no MPI-IO driver to move.
func SetSelf(h5.ID) error { return nil }

// FileHints and AppliedHints: no MPI-IO, no hints.
func FileHints(h5.ID) (map[string]string, error)    { return map[string]string{}, nil }
func AppliedHints(h5.ID) (map[string]string, error) { return map[string]string{}, nil }
