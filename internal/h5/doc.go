// Package h5 is h5mpi's binding of the HDF5 C library: files, datasets,
// hyperslab and row transfers, attributes, property lists, and HDF5's
// error stack as Go errors. It is one of the two packages that call C
// (package mpi is the other); its C lives in gh5.c, declared in gh5.h.
//
// It links the parallel HDF5 (pkg-config hdf5-mpi) in every build, and
// holds the parallel calls that take no MPI type (transfer mode,
// collective metadata, how a transfer really went); those that take an
// MPI communicator or info object, the MPI-IO file driver's, are package
// mpi's.
//
// Everything takes and returns Go values: identifiers as ID, element
// types as Type, selections as Block, data as slices of an Elem type
// (generic, so a transfer's memory type is the slice's), attributes as an
// AttrValue. HDF5's automatic error printing is off during every call
// (Quiet); a failed call's messages come back through Errorf, read from
// HDF5's error stack.
//
// The rules of parallel HDF5 (which calls are collective, what a file's
// name means while it is written) are package pio's, built on this one.
package h5
