// Package galaxy runs the galaxy-collision simulation of cmd/galaxy on
// all ranks of an MPI job: it splits the particles with pio.Split,
// integrates each rank's particles with internal/nbody, and streams their
// trajectories in batches into one galaxy file (internal/galaxyfile,
// which documents it: the Python original's layout, plus the times and
// attributes recording the constants, seed, tolerances, rank count and
// program version). The model and its constants are documented in
// internal/nbody. With IC set it starts from a galaxy file's first sample.
//
// Every particle's start depends on the seed and its own index only, and
// its integration on nothing else, so the datasets are identical bit for
// bit whatever the rank count or batch size.
package galaxy
