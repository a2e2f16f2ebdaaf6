//go:build mpi

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

var bin string // the h5write under test, built with real MPI

func TestMain(m *testing.M) { os.Exit(mpitest.Main(m, "./cmd/h5write", &bin)) }

func h5dump(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("h5dump", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// The seed's 42-rank test: the h5dump listing must match to the byte.
func TestGolden42(t *testing.T) {
	dir := t.TempDir()
	r := mpitest.MustRun(t, 42, 3*time.Minute, dir, bin)
	if got, want := r.Stdout, "42 MPI ranks have finished writing!\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	want, err := os.ReadFile("testdata/h5dump-42.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got := h5dump(t, dir, "output.h5"); got != string(want) {
		t.Errorf("h5dump output.h5:\n%s\nwant:\n%s", got, want)
	}
}

// -per-rank, into a dataset in groups that -d makes.
func TestPerRank(t *testing.T) {
	dir := t.TempDir()
	mpitest.MustRun(t, 3, time.Minute, dir, bin, "-per-rank", "4", "-o", "k.h5", "-d", "run1/ranks")
	got := h5dump(t, dir, "-d", "/run1/ranks", "-y", "-w", "0", "k.h5")
	if !strings.Contains(got, "DATASPACE  SIMPLE { ( 12 ) / ( 12 ) }") ||
		!strings.Contains(got, "0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2\n") {
		t.Errorf("h5dump of -per-rank 4 on 3 ranks:\n%s", got)
	}
	// Written once: no fill values first, as the Python original does.
	if props := h5dump(t, dir, "-p", "-H", "k.h5"); !strings.Contains(props, "FILL_TIME H5D_FILL_TIME_NEVER") {
		t.Errorf("dataset has fill values:\n%s", props)
	}
}

// A job whose output directory does not exist must end at once, non-zero,
// naming the path on every rank's behalf.
func TestMissingDirectory(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "no", "such", "dir", "output.h5")
	r := mpitest.Run(t, 4, time.Minute, dir, bin, "-o", out)
	if r.Code == 0 {
		t.Fatalf("exit status 0, want non-zero\nstderr:\n%s", r.Stderr)
	}
	if !strings.Contains(r.Stderr, "h5write: rank ") || !strings.Contains(r.Stderr, out) {
		t.Errorf("stderr does not name the path %s:\n%s", out, r.Stderr)
	}
	if r.Elapsed > 30*time.Second {
		t.Errorf("took %v to fail", r.Elapsed)
	}
}

// A run that fails after creating its file keeps the previous good file
// and leaves no partial one.
func TestFailureKeepsPreviousFile(t *testing.T) {
	dir := t.TempDir()
	mpitest.MustRun(t, 2, time.Minute, dir, bin)
	before, err := os.ReadFile(filepath.Join(dir, "output.h5"))
	if err != nil {
		t.Fatal(err)
	}
	// A dataset named "/", the root group's name, fails after the create,
	// with HDF5's own reason.
	r := mpitest.Run(t, 3, time.Minute, dir, bin, "-d", "/")
	if r.Code == 0 {
		t.Fatalf("exit status 0 writing dataset /\nstderr:\n%s", r.Stderr)
	}
	if !strings.Contains(r.Stderr, `create dataset "/"`) || !strings.Contains(r.Stderr, "name already exists") {
		t.Errorf("stderr does not name the dataset and HDF5's reason:\n%s", r.Stderr)
	}
	after, err := os.ReadFile(filepath.Join(dir, "output.h5"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("previous output.h5 changed or gone (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "output.h5.partial")); !os.IsNotExist(err) {
		t.Errorf("output.h5.partial left behind (stat: %v)", err)
	}
}

// Striping asked for off Lustre: the hints go to MPI-IO, rank 0 notes
// once that they do not apply on this file system (two repetitions
// create two files), the stripe size aligns the datasets, and the run
// succeeds.
func TestStripeOffLustre(t *testing.T) {
	dir := t.TempDir()
	if on, _, err := sysres.OnLustre(dir); err != nil || on {
		t.Skipf("the test directory is on Lustre, or its file system unknown (%v)", err)
	}
	r := mpitest.MustRun(t, 2, time.Minute, dir, bin, "-bench", "1", "-reps", "2", "-stripe-count", "4", "-stripe-size", "1m", "-o", "s.h5")
	if c := strings.Count(r.Stderr, "not Lustre: the striping asked for (stripe_count=4 stripe_size=1m) does not apply there"); c != 1 || !strings.Contains(r.Stderr, "rank 0: note: ") {
		t.Errorf("note said %d times, want once by rank 0:\n%s", c, r.Stderr)
	}
	if strings.Contains(r.Stdout, "alignment none") {
		t.Errorf("the stripe size did not become the alignment:\n%s", r.Stdout)
	}
	r = mpitest.MustRun(t, 2, time.Minute, dir, bin, "-stripe-count", "3", "-show-hints", "-o", "h.h5")
	if strings.Count(r.Stderr, "note: ") != 1 || !strings.Contains(r.Stderr, "MPI-IO hints in use: ") {
		t.Errorf("hints not shown, or the note not once:\n%s", r.Stderr)
	}
	// Open MPI's OMPIO lists every hint it was given among those in use;
	// MPICH's ROMIO, off Lustre (its generic UFS driver), drops the
	// striping hints it cannot apply.
	if os.Getenv("MPI") != "mpich" && !strings.Contains(r.Stderr, "striping_factor=3") {
		t.Errorf("hints in use without striping_factor=3:\n%s", r.Stderr)
	}
	// Without striping asked for: no note.
	r = mpitest.MustRun(t, 2, time.Minute, dir, bin, "-o", "n.h5")
	if strings.Contains(r.Stderr, "note: ") {
		t.Errorf("a note without striping asked for:\n%s", r.Stderr)
	}
}
