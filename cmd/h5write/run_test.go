package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
)

// What h5write does with its command line before MPI starts, run in this
// process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Cases: []clitest.Case{
		{Name: "unknown-flag", Args: []string{"-nope"}},
		{Name: "extra-argument", Args: []string{"extra"}},
		{Name: "bad-o", Args: []string{"-o", ""}},
		{Name: "bad-d", Args: []string{"-d", ""}},
		{Name: "bad-per-rank", Args: []string{"-per-rank", "0"}},
		{Name: "bad-bench", Args: []string{"-bench", "-1"}},
		{Name: "bad-bench-value", Args: []string{"-bench", "x"}},
		{Name: "bench-and-block", Args: []string{"-bench", "2", "-block", "2m"}},
		{Name: "bad-block-size", Args: []string{"-block", "4q"}},
		{Name: "bad-block-bytes", Args: []string{"-block", "12"}},
		{Name: "block-not-multiple-of-xfer", Args: []string{"-block", "4m", "-xfer", "3m"}},
		{Name: "bad-xfer-0", Args: []string{"-block", "4m", "-xfer", "0"}},
		{Name: "bad-xfer-bytes", Args: []string{"-block", "4m", "-xfer", "12"}},
		{Name: "bad-xfer-large", Args: []string{"-block", "4g", "-xfer", "2g"}},
		{Name: "bad-reps-0", Args: []string{"-reps", "0"}},
		{Name: "bad-reps-negative", Args: []string{"-block", "1m", "-reps", "-1"}},
		{Name: "bad-read-other", Args: []string{"-bench", "1", "-read-other", "maybe"}},
		{Name: "bad-api", Args: []string{"-bench", "1", "-api", "posix"}},
		{Name: "api-without-probe", Args: []string{"-api", "both"}},
		{Name: "api-mpiio-fpp", Args: []string{"-bench", "1", "-api", "mpiio", "-fpp"}},
		{Name: "bad-chunk-bytes", Args: []string{"-block", "1m", "-chunk", "12"}},
		{Name: "bad-chunk-large", Args: []string{"-block", "1m", "-chunk", "2m"}},
		{Name: "bad-deadline", Args: []string{"-deadline", "1q"}},
		{Name: "bad-deadline-negative", Args: []string{"-deadline", "-1"}},
		{Name: "bad-sync", Args: []string{"-sync=perhaps"}},
		{Name: "bad-hints", Args: []string{"-hints", "novalue"}},
		{Name: "bad-align", Args: []string{"-align", "1q"}},
		{Name: "bad-stripe-count", Args: []string{"-stripe-count", "0"}},
		{Name: "bad-stripe-count-negative", Args: []string{"-stripe-count", "-2"}},
		{Name: "bad-stripe-size", Args: []string{"-stripe-size", "100k"}},
		{Name: "bad-stripe-size-value", Args: []string{"-stripe-size", "4q"}},
		{Name: "stripe-count-and-hint", Args: []string{"-stripe-count", "4", "-hints", "striping_factor=8"}},
		{Name: "stripe-size-and-env-hint", Args: []string{"-stripe-size", "1m"}, Env: map[string]string{"H5MPI_HINTS": "striping_unit=4194304"}},
		{Name: "bad-env-stripe-count", Env: map[string]string{"H5MPI_STRIPE_COUNT": "many"}},
		{Name: "bad-coll-metadata", Args: []string{"-coll-metadata=perhaps"}},
		{Name: "bad-strict-collective", Args: []string{"-bench", "1", "-strict-collective=perhaps"}},
		{Name: "bad-env-coll-metadata", Env: map[string]string{"H5MPI_COLL_METADATA": "perhaps"}},
		{Name: "bad-env-hints", Env: map[string]string{"H5MPI_HINTS": "novalue"}},
		{Name: "csv-without-probe", Args: []string{"-csv", "r.csv"}},
		{Name: "plot-without-probe", Args: []string{"-plot", "r.png"}},
		{Name: "drop-cache-without-probe", Args: []string{"-drop-cache"}},
		{Name: "csv-and-plot-one-file", Args: []string{"-bench", "1", "-csv", "r.out", "-plot", "r.out"}},
		{Name: "bad-env-file-locking", Env: map[string]string{"HDF5_USE_FILE_LOCKING": "maybe"}},
	}})
}
