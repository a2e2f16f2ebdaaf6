// Package contract tests, with real MPI and several ranks, the promises
// every h5mpi program makes (README, "What every program promises"):
// usage errors that end the job at any rank count, one run per output,
// full disks found before the collective close, sizes refused before
// anything is allocated, outputs checked against inputs, and a status
// that says what happened. It holds no code besides its tests.
package contract
