package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
)

// What hello does with its command line before MPI starts, run in this
// process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Cases: []clitest.Case{
		{Name: "unknown-flag", Args: []string{"-nope"}},
		{Name: "extra-argument", Args: []string{"extra"}},
		{Name: "bad-v", Args: []string{"-v=perhaps"}},
		{Name: "bad-block", Args: []string{"-dir", ".", "-block", "12"}},
		{Name: "block-without-dir", Args: []string{"-block", "64k"}},
		{Name: "bad-block-size", Args: []string{"-dir", ".", "-block", "lots"}},
		{Name: "zero-block", Args: []string{"-dir", ".", "-block", "0"}},
	}})
}
