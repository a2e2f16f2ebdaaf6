// Package pio is h5mpi's parallel HDF5 layer: every rank of an MPI job
// opens or creates one file together through HDF5's MPI-IO driver, agrees
// on the global shape of each dataset, and then writes or reads only its
// own hyperslab.
//
// # Files
//
// It is built on the two binding packages, mpi (the world communicator,
// its collectives, the MPI-IO driver's access lists) and h5 (HDF5's
// calls, typed), and calls no C itself. What it adds is the rules of a
// parallel output, in these files:
//
//   - verdict.go: the shared verdicts (Agree, OnRoot, SharedError) that
//     let a failure every rank meets be printed once and the job end
//     through MPI_Finalize rather than MPI_Abort (package job ends it).
//   - gate.go: the Gate told when a commit begins and when other work
//     starts, through which a job holds its signals back while an
//     output's fate is decided; OpenFiles.
//   - preflight.go: Preflight, memory and disk checked before any work.
//   - file.go: Create (claiming the output for this run), Resume (the
//     partial file a stopped run left, kept), Open, File's attributes
//     (SetAttrs, Attr), Flush (durable through MPI_File_sync), Keep (the
//     partial file survives a failure), Close (and the commit of
//     NAME.partial to NAME), Suspend (closed, left partial).
//   - dataset.go: CreateDataset, Dataset, and the transfers, generic over
//     the element type: Write and Read of a hyperslab, WriteRows and
//     ReadRows of scattered whole rows in one selection.
//   - read.go: OpenSerial (no MPI needed).
//   - shared.go: the check, in Create and Open, that every rank sees
//     the file rank 0 sees, naming the nodes that do not (a node-local
//     /tmp on a cluster).
//   - hints.go: MPI-IO hints for a file, from H5MPI_HINTS and Options.
//   - props.go: the other knobs (Knobs: alignment, collective metadata,
//     strict collective transfers, hints shown, striping), each from its
//     environment variable and Options; the check of how a collective
//     transfer really went; the advice on a failed file lock.
//   - stripe.go: the Lustre striping of files created, as the hints
//     striping_factor and striping_unit, and the check after the create
//     of the layout Lustre applied (a note off Lustre).
//   - own.go: files of one rank (CreateOwn, OpenOwn), on MPI_COMM_SELF.
//   - raw.go: raw MPI-IO files without HDF5 (CreateRaw, OpenRaw), under
//     the same output rules and hints, to weigh HDF5 against.
//   - chunked.go: CreateChunked.
//   - hosts.go: Hosts, every rank's host name.
//   - split.go: Split, the block decomposition.
//
// Built with the mpi tag, package mpi runs on real MPI and files go
// through HDF5's MPI-IO driver; without it, a world of one rank on HDF5's
// default file driver: enough for unit tests, the examples and serial
// use, and no result depends on MPI collectives doing anything.
//
// # Design
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
//     refused rather than run as N jobs of rank 0 (package launch says
//     which).
//
// Split gives the balanced 1-D block decomposition every h5mpi program
// uses.
package pio
