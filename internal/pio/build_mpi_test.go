//go:build mpi

package pio

// mpiBuild tells the tests whether MPI is linked in.
const mpiBuild = true
