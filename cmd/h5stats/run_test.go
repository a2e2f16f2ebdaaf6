package main

import (
	"testing"

	"github.com/h5mpi/h5mpi/cmd/internal/clitest"
)

// What h5stats does with its command line before MPI starts, run in this
// process: status, stdout and stderr as in testdata/NAME.golden.
func TestCommandLine(t *testing.T) {
	clitest.Test(t, clitest.Table{Run: run, Cases: []clitest.Case{
		{Name: "unknown-flag", Args: []string{"-nope", "a.h5:x"}},
		{Name: "no-input", Args: []string{}},
		{Name: "bad-chunk", Args: []string{"-chunk", "-1", "a.h5:x"}},
		{Name: "bad-input-no-colon", Args: []string{"a.h5"}},
		{Name: "bad-input-no-dataset", Args: []string{"a.h5:"}},
		{Name: "bad-input-no-file", Args: []string{":x"}},
		{Name: "bad-hints", Args: []string{"-hints", "novalue", "a.h5:x"}},
		{Name: "bad-align", Args: []string{"-align", "1:x", "a.h5:x"}},
		{Name: "bad-stripe-count", Args: []string{"-stripe-count", "-1", "a.h5:x"}},
		{Name: "bad-stripe-size", Args: []string{"-stripe-size", "8g", "a.h5:x"}},
		{Name: "bad-show-hints", Args: []string{"-show-hints=perhaps", "a.h5:x"}},
		{Name: "normalize-same-names", Args: []string{"-normalize", "o.h5", "a.h5:x", "b.h5:x", "c.h5:x_1"}},
		{Name: "normalize-dataset-as-group", Args: []string{"-normalize", "o.h5", "a.h5:a", "b.h5:a/b"}},
		{Name: "normalize-replaces-input", Args: []string{"-normalize", "a.h5", "a.h5:x"}},
		{Name: "bad-env-hints", Args: []string{"in.h5:x"}, Env: map[string]string{"H5MPI_HINTS": "novalue"}},
	}})
}
