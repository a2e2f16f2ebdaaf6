package pio

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// The programs read and write every file through pio: no command links a
// second HDF5 binding (gonum/hdf5 is the tests' independent reader).
func TestOneBinding(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-tags", "mpi", "./cmd/...")
	cmd.Dir = mpitest.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "gonum.org/v1/hdf5") {
			t.Errorf("a command links %s", p)
		}
	}
}
