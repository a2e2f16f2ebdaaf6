//go:build !mpi

package pio

import "errors"

// The one-rank stand-in, built without the mpi tag: HDF5's default file
// driver and a world of one rank. Nothing here touches MPI, so no result
// depends on empi's stand-in collectives (which do nothing at all).

func initMPI() error { return nil }
func finalizeMPI()   {}
func rank() int      { return 0 }
func size() int      { return 1 }
func barrier() error { return nil }

func maxFloat64(x float64) (float64, error) { return x, nil }
func sumFloat64(x float64) (float64, error) { return x, nil }
func bcastInts([]int) error                 { return nil }

// allGatherFloat64 of one rank is a copy of x.
func allGatherFloat64(x []float64) ([]float64, error) {
	return append(make([]float64, 0, len(x)), x...), nil
}

func abort(code int) { exit(code) }

// Messages: one rank has no one to talk to.
var errAlone = errors.New("no other rank to talk to (built without the mpi tag)")

type pending = *struct{}

func send(int, int, []int64) error         { return errAlone }
func probe(int) (int, bool, error)         { return 0, false, nil }
func recv(int, int, []int64) (int, error)  { return 0, errAlone }
func irecv(int, int, int) (pending, error) { return nil, errAlone }
func test(pending, []int64) (int, error)   { return 0, errAlone }

// newFapl returns the default file access list; hints have no meaning
// without MPI-IO, but are still parsed so a bad one is reported.
func newFapl([]Hint) (hid, error) { return defaultPlist, nil }

func newDxpl(bool) (hid, error) { return defaultPlist, nil }

// fileHints: no MPI-IO, no hints.
func fileHints(hid) (map[string]string, error) { return map[string]string{}, nil }

// MPIVersion is the MPI library's version string.
func MPIVersion() string { return "none (built without the mpi tag: one-rank stand-in)" }

// Real reports whether pio runs on real MPI (built with the mpi tag).
const Real = false
