// Package galaxyfile owns the galaxy file: its datasets' names, shapes
// and element types, its attributes, the checks that a file is one, and
// the reads and writes of cmd/galaxy (internal/galaxy) and cmd/animate
// (internal/render). The layout is the Python original's, so its
// animation script reads our files unchanged:
//
//	pos_pt, vel_pt    (N, T, 3) float64   particle positions (m), velocities (m/s)
//	pos_nuc, vel_nuc  (1, T, 3) float64   the infalling galaxy's nucleus
//	time              (T)       float64   the output times (s)
//
// N particles, T time samples; particle i at sample j is row (i, j).
// Positions and velocities may be float32 instead (galaxy -float32,
// attribute float32 = 1), and a run may keep only every K-th of its
// output times, the first and last always (Samples; attribute every = K),
// so that T is Kept(steps, K); readers read either type as float64.
//
// Ours and the original's differ in what they add: ours always has time
// and attributes on the root group recording the model's constants (G, k,
// k1, alpha, R_n, R), the run (n_particles, t_end, steps, seed,
// initial_conditions, rtol, atol, integrator, ranks, chunk, every,
// float32), the program
// (program, version) and, from layout 2 (attribute layout), the
// nucleus's energy and angular-momentum drift and four datasets of N:
//
//	evals_pt          (N) int64   right-hand-side evaluations of each particle
//	steps_pt          (N) int32   its accepted steps
//	rejected_pt       (N) int32   its rejected steps
//	done_pt           (N) uint8   1 once its rows are durable: the record Resume trusts
//
// The original's has none of these, and its T samples are evenly spaced
// from 0 to its t_end, which the reader then supplies. A file is a galaxy file when pos_pt and pos_nuc exist with
// those shapes and every dataset of the layout present holds 64-bit or
// 32-bit floats of the right shape; vel_pt and vel_nuc are needed only to start
// a run from the file (-ic), the animation draws positions alone.
//
// Files written on big-endian machines read the same: the element types
// are checked by class and size, and HDF5 converts the stored byte order
// to the native one as it reads.
//
// Every file is read and written through internal/pio: collectively with
// Open and Create in MPI programs, or with OpenSerial in one process
// without MPI.
package galaxyfile
