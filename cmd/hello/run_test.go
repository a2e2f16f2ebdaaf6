package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
	"github.com/h5mpi/h5mpi/internal/job"
)

// What hello does with its command line before MPI starts, run in this
// process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Libs: job.Libraries(), Cases: []clitest.Case{
		{Name: "help", Args: []string{"-help"}},
		{Name: "unknown-flag", Args: []string{"-nope"}},
		{Name: "extra-argument", Args: []string{"extra"}},
		{Name: "bad-v", Args: []string{"-v=perhaps"}},
		{Name: "version", Args: []string{"-version"}},
	}})
}
