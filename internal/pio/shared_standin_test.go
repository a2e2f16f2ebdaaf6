//go:build !mpi

package pio

import (
	"os"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// The stand-in's one rank sees its own file: no error, and its host name
// and reason travel intact through the gather. On real MPI, every
// multi-rank Create and Open of the round-trip tests (mpi_test.go) runs
// the same checks; a lack of shared files is tested on the namespace
// cluster (slurm/cluster_test.go).
func TestSeenOneHost(t *testing.T) {
	s, err := gatherSeen(false, "no such file")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := os.Hostname()
	if len(s) != mpi.World.Size() || s[mpi.World.Rank()].host != h || s[mpi.World.Rank()].why != "no such file" || s[mpi.World.Rank()].ok {
		t.Errorf("gathered %+v on rank %d of %d, host %s", s, mpi.World.Rank(), mpi.World.Size(), h)
	}
	p := t.TempDir() + "/f"
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkVisible(p); err != nil {
		t.Errorf("checkVisible(%s): %v", p, err)
	}
}
