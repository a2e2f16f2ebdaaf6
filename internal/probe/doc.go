// Package probe holds the work of h5write: the parallel write test of
// the Frontier hands-on (each rank writes its own rank number into its
// own part of one dataset) and the I/O bandwidth probe (each rank writes,
// reads back and checks a contiguous block of float64).
//
// Every function here is collective: all ranks call it with the same
// arguments.
package probe
