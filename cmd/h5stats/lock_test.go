//go:build mpi

package main

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// An input that another program holds open for writing (h5py here,
// which takes HDF5's lock) is refused, once, naming the way to read it
// anyway; once the writer has closed it, it reads.
func TestInputBeingWritten(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.h5")
	h5test.MustWrite(t, in, h5test.Dataset{Name: "x", Dims: []uint{4}, Data: []float64{1, 2, 3, 4}})
	// The writer holds the file open until its stdin closes.
	py := exec.Command("/usr/bin/python3", "-c", `import h5py, sys
f = h5py.File(sys.argv[1], "a")
print("open", flush=True)
sys.stdin.read()
f.close()`, in)
	stdin, err := py.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := py.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := py.Start(); err != nil {
		t.Fatal(err)
	}
	defer py.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "open\n" {
		t.Fatalf("the writer did not open the file: %q, %v", line, err)
	}
	r := mpitest.Run(t, 2, time.Minute, dir, bin, "in.h5:x")
	if want := "is open for writing by another program"; r.Code != 1 || strings.Count(r.Stderr, want) != 1 || !strings.Contains(r.Stderr, "HDF5_USE_FILE_LOCKING=FALSE") {
		t.Errorf("while written: status %d, want 1 and %q once:\n%s", r.Code, want, r.Stderr)
	}
	r = mpitest.RunEnv(t, 2, time.Minute, dir, []string{"HDF5_USE_FILE_LOCKING=FALSE"}, bin, "in.h5:x")
	if r.Code != 0 {
		t.Errorf("while written, with HDF5_USE_FILE_LOCKING=FALSE: status %d\n%s", r.Code, r.Stderr)
	}
	stdin.Close()
	if err := py.Wait(); err != nil {
		t.Fatalf("the writer: %v", err)
	}
	mpitest.MustRun(t, 2, time.Minute, dir, bin, "in.h5:x")
}
