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

// A launcher's variables left in the environment of a plain start (no
// launcher to reach) are named and ignored: the program runs as the one
// rank it is, animate included, which once took itself for rank 1 and
// left without a word.
func TestStaleLauncherEnvironment(t *testing.T) {
	dir := t.TempDir()
	mpitest.MustRun(t, 1, time.Minute, dir, bins["galaxy"], "-n", "3", "-steps", "5", "-o", "g.h5")
	for _, c := range []struct {
		env  string
		prog string
		args []string
		out  string // made by the run
	}{
		{"OMPI_COMM_WORLD_SIZE=4", "hello", nil, ""},
		{"PMI_SIZE=3", "hello", nil, ""},
		{"OMPI_COMM_WORLD_RANK=1", "animate", []string{"-i", "g.h5", "-o", "g.gif"}, "g.gif"},
		{"PMI_RANK=2", "h5write", []string{"-o", "w.h5"}, "w.h5"},
	} {
		r := mpitest.Exec(t, time.Minute, dir, []string{c.env}, bins[c.prog], c.args...)
		if r.Code != 0 || !strings.Contains(r.Stderr, c.env+" in the environment, but no MPI launcher started this process: ignored") {
			t.Errorf("%s %s: status %d; want 0 and a note naming the variable:\n%s%s", c.env, c.prog, r.Code, r.Stdout, r.Stderr)
		}
		if c.out != "" {
			if _, err := os.Stat(filepath.Join(dir, c.out)); err != nil {
				t.Errorf("%s %s: %v", c.env, c.prog, err)
			}
		}
	}
}

// A bad value in an environment variable behind a setting is a usage
// error, said once whatever the rank count, before any file is touched.
func TestBadEnvironmentOnce(t *testing.T) {
	for _, c := range []struct {
		env, prog string
		args      []string
	}{
		{"H5MPI_ALIGN=x", "galaxy", []string{"-n", "4", "-steps", "5"}},
		{"H5MPI_COLL_METADATA=perhaps", "h5write", nil},
		{"H5MPI_HINTS=novalue", "h5stats", []string{"in.h5:x"}},
		{"HDF5_USE_FILE_LOCKING=maybe", "animate", []string{"-i", "g.h5"}},
		{"H5MPI_INIT_LIMIT=soon", "hello", nil},
	} {
		dir := t.TempDir()
		n := 4
		if c.prog == "animate" {
			n = 1
		}
		r := mpitest.RunEnv(t, n, time.Minute, dir, []string{c.env}, bins[c.prog], c.args...)
		name, _, _ := strings.Cut(c.env, "=")
		if r.Code != 2 || strings.Count(r.Stderr, c.prog+": "+name) != 1 {
			t.Errorf("%s %s on %d ranks: status %d, want 2 with %s named once:\n%s", c.env, c.prog, n, r.Code, name, r.Stderr)
		}
		noneLeft(t, dir)
	}
}
