// Package galaxy runs the galaxy-collision simulation of cmd/galaxy on
// all ranks of an MPI job: it splits the particles with pio.Split,
// integrates each rank's particles with internal/nbody, and streams their
// trajectories in batches into one HDF5 file through internal/pio, in the
// layout of the Python original (the model and its constants are
// documented in internal/nbody, the file in the README's galaxy section):
//
//	pos_pt, vel_pt    (N, T, 3) float64   particle positions (m), velocities (m/s)
//	pos_nuc, vel_nuc  (1, T, 3) float64   the nucleus
//	time              (T)       float64   the output times (s)
//
// with attributes on the root group recording the constants, seed,
// tolerances, rank count and program version.
//
// Every particle's start depends on the seed and its own index only, and
// its integration on nothing else, so the datasets are identical bit for
// bit whatever the rank count or batch size.
package galaxy
