//go:build !mpi

package main

const mpiTag = false
