//go:build mpi

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

func TestHello(t *testing.T) {
	dir := t.TempDir()
	if err := mpitest.Build(dir, "./cmd/hello"); err != nil {
		t.Fatal(err)
	}
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	r := mpitest.MustRun(t, 4, time.Minute, dir, filepath.Join(dir, "hello"), "-v")
	for i := 0; i < 4; i++ {
		line := fmt.Sprintf("Hello from MPI rank %d of 4 on %s\n", i, host)
		if strings.Count(r.Stdout, line) != 1 {
			t.Errorf("want %q once in:\n%s", line, r.Stdout)
		}
	}
	if strings.Count(r.Stdout, "MPI library: ") != 1 || !strings.Contains(r.Stdout, "HDF5 library: 1.") {
		t.Errorf("-v: want the MPI and HDF5 versions once, from rank 0:\n%s", r.Stdout)
	}
}
