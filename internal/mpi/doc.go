// Package mpi is h5mpi's one door to MPI: starting and ending it, the
// world communicator's rank and size, the collectives the programs use,
// small point-to-point messages, abort, and the HDF5 calls that take an
// MPI type (the MPI-IO file driver's access list and the hints of a
// file), and raw MPI-IO files without HDF5 (File, in mpiio.go: C in
// gmpiio.c; the stand-in's is an os.File). It is one of the two packages that call C (package h5 is the
// other).
//
// Built with the mpi tag (mpi.go), it runs on real MPI through
// github.com/emer/empi, plus its own C (gmpi.c) for what empi lacks.
// Without the tag (standin.go) it is a world of one rank that makes no MPI
// call at all, with HDF5's default file driver: enough for unit tests,
// the examples and serial use. Each file defines the whole API.
//
// MPI is initialised without thread support, so every MPI call must come
// from the thread that initialised it: the package's init locks the
// program's main goroutine to its first OS thread, before main runs.
package mpi

import "runtime"

func init() { runtime.LockOSThread() }

// Hint is one MPI-IO hint, as MPI_Info_set takes it.
type Hint struct{ Key, Value string }
