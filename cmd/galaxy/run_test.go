package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
)

// What galaxy does with its command line before MPI starts, run in this
// process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Cases: []clitest.Case{
		{Name: "unknown-flag", Args: []string{"-nope"}},
		{Name: "extra-argument", Args: []string{"extra"}},
		{Name: "bad-n", Args: []string{"-n", "0"}},
		{Name: "bad-n-value", Args: []string{"-n", "many"}},
		{Name: "bad-n-large", Args: []string{"-n", "1000000000000"}},
		{Name: "bad-steps", Args: []string{"-steps", "1"}},
		{Name: "bad-every", Args: []string{"-every", "0"}},
		{Name: "bad-t-end", Args: []string{"-t-end", "-5"}},
		{Name: "bad-t-end-inf", Args: []string{"-t-end", "+Inf"}},
		{Name: "bad-seed", Args: []string{"-seed", "-3"}},
		{Name: "bad-rtol", Args: []string{"-rtol", "0"}},
		{Name: "bad-rtol-small", Args: []string{"-rtol", "1e-300"}},
		{Name: "bad-atol", Args: []string{"-atol", "-1"}},
		{Name: "bad-chunk", Args: []string{"-chunk", "0"}},
		{Name: "bad-chunk-large", Args: []string{"-chunk", "100000000"}},
		{Name: "bad-checkpoint", Args: []string{"-checkpoint", "-1s"}},
		{Name: "bad-checkpoint-unit", Args: []string{"-checkpoint", "1q"}},
		{Name: "bad-o", Args: []string{"-o", ""}},
		{Name: "bad-hints", Args: []string{"-hints", "novalue"}},
		{Name: "bad-align", Args: []string{"-align", "x"}},
		{Name: "bad-stripe-count", Args: []string{"-stripe-count", "0"}},
		{Name: "bad-stripe-size", Args: []string{"-stripe-size", "1000"}},
		{Name: "bad-env-align", Env: map[string]string{"H5MPI_ALIGN": "x"}},
		{Name: "bad-env-stop-after", Env: map[string]string{"H5MPI_STOP_AFTER": "x"}},
		{Name: "bad-env-pause-after", Env: map[string]string{"H5MPI_PAUSE_AFTER": "0"}},
		{Name: "bad-env-group-size", Env: map[string]string{"H5MPI_GROUP_SIZE": "nodes"}},
		{Name: "bad-env-group-fan", Env: map[string]string{"H5MPI_GROUP_FAN": "0"}},
	}})
}
