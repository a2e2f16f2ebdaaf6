// Package probe holds the work of h5write: the parallel write test of
// the Frontier hands-on (each rank writes its own rank number into its
// own part of one dataset) and the I/O bandwidth probe (each rank writes,
// reads back and checks a contiguous block of float64), which measures
// what IOR measures with its HDF5 backend: repetitions of timed write
// and read phases, their summary, sync before close, reads of another
// rank's block, a file per rank, stonewalling (Bench, Report). Its report
// keeps each rank's figures of every phase (Phase.Ranks), written as CSV
// (Report.CSV) and drawn as a PNG (Report.Plot), and names the slowest
// rank against the median; the read-back can be made to come from
// storage by evicting the file from the page cache (Config.DropCache).
// The file goes through HDF5 or, for HDF5's cost over it, the same
// bytes through MPI-IO alone (Config.API; backend.go).
//
// Every function here is collective: all ranks call it with the same
// arguments.
package probe
