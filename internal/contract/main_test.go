//go:build mpi

package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// bins are the five commands, built with real MPI.
var bins = map[string]string{}

var programs = []string{"hello", "h5write", "galaxy", "h5stats", "animate"}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "h5mpi-contract")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pkgs := make([]string, len(programs))
	for i, p := range programs {
		pkgs[i] = "./cmd/" + p
		bins[p] = filepath.Join(dir, p)
	}
	if err := mpitest.Build(dir, pkgs...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// noneLeft fails t if anything but the names in keep is in dir.
func noneLeft(t *testing.T, dir string, keep ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		ok := false
		for _, k := range keep {
			ok = ok || e.Name() == k
		}
		if !ok {
			t.Errorf("left behind in %s: %s", dir, e.Name())
		}
	}
}
