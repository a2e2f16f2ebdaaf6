//go:build mpi

package contract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// Paths far longer than MPI-IO's components expect (Open MPI's
// shared-file-pointer lock file once overflowed a fixed buffer at 237
// characters) work for every program, writing and reading: here 1500
// characters, in names of 250.
func TestLongPaths(t *testing.T) {
	dir := t.TempDir()
	for len(dir) < 1500 {
		dir = filepath.Join(dir, strings.Repeat("d", 250))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	g, w := filepath.Join(dir, "g.h5"), filepath.Join(dir, "w.h5")
	mpitest.MustRun(t, 2, time.Minute, dir, bins["galaxy"], "-n", "6", "-steps", "10", "-o", g)
	mpitest.MustRun(t, 2, time.Minute, dir, bins["h5write"], "-o", w)
	r := mpitest.MustRun(t, 2, time.Minute, dir, bins["h5stats"], "-normalize", filepath.Join(dir, "n.h5"), w+":test")
	if !strings.Contains(r.Stdout, "count") {
		t.Errorf("h5stats: no statistics:\n%s", r.Stdout)
	}
	mpitest.MustRun(t, 1, time.Minute, dir, bins["animate"], "-i", g, "-o", filepath.Join(dir, "g.gif"))
	if got, want := strings.Join(mpitest.Files(t, dir), " "), "g.gif g.h5 n.h5 w.h5"; got != want {
		t.Errorf("%s holds %s, want %s", dir, got, want)
	}
}
