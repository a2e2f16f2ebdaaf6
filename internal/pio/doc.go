// Package pio is h5mpi's parallel HDF5 layer: every rank of an MPI job
// opens or creates one file together through HDF5's MPI-IO driver, agrees
// on the global shape of each dataset, and then writes or reads only its
// own hyperslab.
//
// The design follows what the programs need and what large shared file
// systems reward:
//
//   - Files are created under a temporary name (NAME.partial) and renamed to
//     NAME only when every rank has closed the file, so a failed or killed
//     run never leaves a truncated file under the final name and never
//     destroys a good previous one.
//   - Transfers are collective by default. A rank with nothing to transfer
//     still takes part with an empty selection, so uneven splits never
//     deadlock.
//   - Datasets are allocated without fill values: data is written once.
//     A dataset name may be a path; its groups are made as needed.
//   - MPI-IO hints (key=value pairs) come from the H5MPI_HINTS environment
//     variable and from Options.Hints, the latter taking precedence.
//   - HDF5's automatic error printing is off; failures come back as Go
//     errors that carry HDF5's own messages from its error stack (saved
//     across the closes that tidy up after a failed call, since every
//     HDF5 call clears the stack as it starts).
//   - A launch that gives MPI one rank where the launcher started several
//     (a build for another MPI, srun with the wrong --mpi plugin) is
//     refused rather than run as N jobs of rank 0.
//
// Built with the mpi tag, pio uses real MPI (through github.com/emer/empi
// and a small cgo layer of its own). Without the tag it is a one-rank
// stand-in on HDF5's default file driver: enough for unit tests and serial
// use, and no result depends on MPI collectives doing anything.
//
// Split gives the balanced 1-D block decomposition every h5mpi program
// uses.
package pio
