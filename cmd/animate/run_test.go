package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
)

// What animate does with its command line before it touches a file, run
// in this process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Cases: []clitest.Case{
		{Name: "unknown-flag", Args: []string{"-nope"}},
		{Name: "extra-argument", Args: []string{"extra"}},
		{Name: "bad-i", Args: []string{"-i", ""}},
		{Name: "bad-o", Args: []string{"-o", ""}},
		{Name: "bad-size", Args: []string{"-size", "640"}},
		{Name: "bad-size-small", Args: []string{"-size", "64x48"}},
		{Name: "bad-size-zero", Args: []string{"-size", "0x0"}},
		{Name: "bad-start", Args: []string{"-start", "-1"}},
		{Name: "bad-frames", Args: []string{"-frames", "-1"}},
		{Name: "bad-stride", Args: []string{"-stride", "-1"}},
		{Name: "bad-delay", Args: []string{"-delay", "55"}},
		{Name: "bad-loop", Args: []string{"-loop", "-2"}},
		{Name: "bad-png", Args: []string{"-png", "-2"}},
		{Name: "bad-png-beyond-frames", Args: []string{"-frames", "5", "-png", "5"}},
		{Name: "bad-view", Args: []string{"-view", "top"}},
		{Name: "bad-elev", Args: []string{"-elev", "NaN"}},
		{Name: "bad-azim", Args: []string{"-azim", "Inf"}},
		{Name: "bad-extent", Args: []string{"-extent", "0"}},
		{Name: "bad-t-end", Args: []string{"-t-end", "0"}},
		{Name: "bad-env-file-locking", Env: map[string]string{"HDF5_USE_FILE_LOCKING": "maybe"}},
		{Name: "bad-env-hints", Env: map[string]string{"H5MPI_HINTS": "novalue"}},
	}})
}
