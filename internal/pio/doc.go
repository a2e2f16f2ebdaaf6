// Package pio is h5mpi's parallel HDF5 layer: every rank of an MPI job
// opens or creates one file together through HDF5's MPI-IO driver, agrees
// on the global shape of each dataset, and then writes or reads only its
// own hyperslab.
//
// # Two halves
//
// The package has two sides, kept in separate files.
//
// The MPI runtime: starting and ending the job, and ending it in order
// when something fails.
//
//   - world.go: Init, Finalize, Rank, Size, Barrier, the reductions
//     (MaxFloat64, SumFloat64, AllGatherFloat64), Abort, Libraries.
//   - fatal.go: Fatal and Recover, and the shared verdicts (Agree, OnRoot,
//     SharedError) that let a failure every rank meets be printed once and
//     end the job through MPI_Finalize rather than MPI_Abort.
//   - signals.go: SIGINT, SIGTERM and SIGUSR1 abandon the run's partial
//     files; held back while an output is being committed; Intercept hands
//     them to a program that stops in its own way (galaxy), Quit ends a
//     rank that is stuck.
//   - message.go: small point-to-point messages (Send, Probe, Recv,
//     Irecv), for galaxy's work dispatcher.
//   - preflight.go: Preflight, memory and disk checked before any work.
//
// The HDF5 files: what the programs write and read.
//
//   - file.go: Create (claiming the output for this run), Resume (the
//     partial file a stopped run left, kept), Open, File's attributes
//     (SetAttr, Attr), Flush (durable through MPI_File_sync), Keep (the
//     partial file survives a failure), Close (and the commit of
//     NAME.partial to NAME), Suspend (closed, left partial).
//   - dataset.go: CreateDataset, Dataset, hyperslab Write and Read, and
//     WriteRows/ReadRows of scattered whole rows in one selection.
//   - read.go: OpenSerial (no MPI needed) and strided reads.
//   - shared.go: the check, in Create and Open, that every rank sees
//     the file rank 0 sees, naming the nodes that do not (a node-local
//     /tmp on a cluster).
//   - hints.go: MPI-IO hints for a file, from H5MPI_HINTS and Options.
//   - props.go: the other knobs (Knobs: alignment, collective metadata,
//     strict collective transfers, hints shown), each from its
//     environment variable and Options; the check of how a collective
//     transfer really went; the advice on a failed file lock.
//   - own.go: files of one rank (CreateOwn, OpenOwn), on MPI_COMM_SELF.
//   - chunked.go: CreateChunked.
//   - hosts.go: Hosts, every rank's host name.
//   - hdf5.go, with its C in hdf5.c and pio_hdf5.h: the cgo layer of
//     HDF5 calls, of HDF5's error stack and of its error printing, the
//     same in both builds.
//
// Each build supplies the MPI calls of both halves in one file: mpi.go
// (the mpi build tag: MPI through github.com/emer/empi and a little cgo,
// its C in mpi.c and pio_mpi.h, the MPI-IO file driver, MPI_Info for
// hints) or standin.go (no tag: one rank, HDF5's default file driver, no
// MPI at all). split.go, the block decomposition, belongs to neither side.
//
// The halves stay one package because each needs the other's internals.
// Fatal must know whether HDF5 files are open (MPI_Finalize would close
// them, collectively, so it aborts instead) and must abandon the run's
// uncommitted files; a signal handler must do the same. Create claims its
// output on rank 0 and shares the verdict with a broadcast, failing with a
// SharedError; Close commits after a barrier and holds signals back until
// the outcome is known. Split into two packages, that state (the count of
// open files, the signal hold, the collectives) would have to be exported
// for the other to use, and could then be misused by the commands.
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
// Built with the mpi tag, pio uses real MPI. Without the tag it is a
// one-rank stand-in on HDF5's default file driver: enough for unit tests,
// the examples and serial use, and no result depends on MPI collectives
// doing anything.
//
// Split gives the balanced 1-D block decomposition every h5mpi program
// uses.
package pio
