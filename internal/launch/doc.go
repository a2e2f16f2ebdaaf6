// Package launch reads what the launcher (mpirun, mpiexec, srun) tells a
// process through its environment: its rank and the job's rank count,
// known before MPI starts, and whether MPI then sees the job the launcher
// started.
//
// It is a package of its own so that the command-line handling, which
// runs before MPI starts (usage printed on the first rank only, a usage
// error ending the job without a hang), needs neither MPI nor HDF5.
package launch
