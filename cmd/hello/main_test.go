//go:build mpi

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/preflight"
)

var bin string // hello, built with real MPI

func TestMain(m *testing.M) { os.Exit(mpitest.Main(m, "./cmd/hello", &bin)) }

// Every rank reports in, and a clean run passes every check that needs
// no option.
func TestHello(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	r := mpitest.MustRun(t, 4, time.Minute, t.TempDir(), bin, "-v")
	for i := 0; i < 4; i++ {
		line := fmt.Sprintf("Hello from MPI rank %d of 4 on %s\n", i, host)
		if strings.Count(r.Stdout, line) != 1 {
			t.Errorf("want %q once in:\n%s", line, r.Stdout)
		}
	}
	if strings.Count(r.Stdout, "MPI library: ") != 1 || !strings.Contains(r.Stdout, "HDF5 library: 1.") {
		t.Errorf("-v: want the MPI and HDF5 versions once, from rank 0:\n%s", r.Stdout)
	}
	for _, name := range []string{"ranks", "nodes", "cpu binding", "gpus", "start-up"} {
		if strings.Count(r.Stdout, "ok   "+name+": ") != 1 {
			t.Errorf("want one ok line for %s:\n%s", name, r.Stdout)
		}
	}
	if !strings.Contains(r.Stdout, "ok   ranks: 4, as ") || !strings.Contains(r.Stdout, "preflight: ok: 5 checks passed on 4 ranks, 1 node\n") {
		t.Errorf("want 4 ranks as asked, and every check passed:\n%s", r.Stdout)
	}
}

// -dir and -net on 2 ranks, in JSON: every check passes, and the
// directory is left as it was.
func TestHelloDirNetJSON(t *testing.T) {
	dir := t.TempDir()
	r := mpitest.MustRun(t, 2, time.Minute, dir, bin, "-json", "-dir", dir, "-block", "64k", "-net")
	var rep preflight.Report
	if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, r.Stdout)
	}
	var names []string
	for _, c := range rep.Checks {
		names = append(names, c.Name)
		if !c.OK {
			t.Errorf("check %s failed: %s", c.Name, c.Line)
		}
	}
	if got, want := strings.Join(names, ","), "ranks,nodes,cpu binding,gpus,start-up,dir,net"; got != want || !rep.OK || rep.Ranks != 2 {
		t.Errorf("checks %s (ok %v, %d ranks), want %s, ok, 2 ranks", got, rep.OK, rep.Ranks, want)
	}
	if !strings.Contains(r.Stdout, `"test_file_bytes": 131072`) || !strings.Contains(r.Stdout, `"latency_us"`) {
		t.Errorf("want the dir's and the net's figures:\n%s", r.Stdout)
	}
	if left := mpitest.Files(t, dir); len(left) != 0 {
		t.Errorf("-dir left %v", left)
	}
}

// A binary launched by the other MPI's launcher runs as N jobs of one
// rank: the ranks check fails in each, saying so, and the job fails.
// Each process reports alone; Open MPI's mpirun ends the others once
// the first exits with status 1, so one report at least is certain.
func TestHelloOtherMPI(t *testing.T) {
	other := map[string]string{"openmpi": "mpich", "mpich": "openmpi"}[os.Getenv("MPI")]
	if other == "" {
		t.Fatalf("MPI=%q: want openmpi or mpich (scripts/env.sh's h5mpi_setup sets it)", os.Getenv("MPI"))
	}
	r := mpitest.RunEnv(t, 2, time.Minute, t.TempDir(), []string{"MPI=" + other}, bin)
	if r.Code == 0 {
		t.Errorf("built for %s, launched by %s's launcher: status 0\n%s", os.Getenv("MPI"), other, r.Stdout)
	}
	want := "found a world of 1, in each of the 2 processes: the launcher started 2 ranks but MPI sees 1: this program was built for another MPI"
	if n := strings.Count(r.Stdout, "FAIL ranks: expected 2, as "); n < 1 || strings.Count(r.Stdout, want) != n {
		t.Errorf("want the ranks check failed in both processes, with %q:\n%s\nstderr:\n%s", want, r.Stdout, r.Stderr)
	}
}

// A build without MPI (the stand-in) started by the launcher: each
// process is a world of one, and the ranks check says the build is why.
func TestHelloWithoutMPI(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "hello"), "./cmd/hello")
	cmd.Dir = mpitest.Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build (no mpi tag): %v\n%s", err, out)
	}
	r := mpitest.Run(t, 2, time.Minute, dir, filepath.Join(dir, "hello"))
	if r.Code == 0 {
		t.Errorf("a build without MPI on 2 ranks: status 0\n%s", r.Stdout)
	}
	want := "found a world of 1: this program was built without MPI (the mpi build tag), so each of the 2 processes runs alone as rank 0"
	if n := strings.Count(r.Stdout, "FAIL ranks: expected 2, as "); n < 1 || strings.Count(r.Stdout, want) != n {
		t.Errorf("want the ranks check failed with %q:\n%s\nstderr:\n%s", want, r.Stdout, r.Stderr)
	}
}

// Two ranks confined to one CPU, unbound by the launcher, share it:
// the binding check fails.
func TestHelloBindingOverlap(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "taskset", "-c", "0", "bash", filepath.Join(mpitest.Root(), "scripts", "run.sh"), "2", bin)
	cmd.Dir = t.TempDir()
	// Open MPI binds by its own map unless told not to; MPICH does not.
	cmd.Env = append(os.Environ(), "OMPI_MCA_hwloc_base_binding_policy=none", "OMPI_MCA_odls_base_sigkill_timeout=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("taskset -c 0 run.sh 2 hello: no end (hang)\n%s", out)
	}
	if err == nil {
		t.Errorf("two ranks on CPU 0: status 0\n%s", out)
	}
	if want := "FAIL cpu binding: expected bound ranks on separate CPUs, found "; !strings.Contains(string(out), want) || !strings.Contains(string(out), ": ranks 0 and 1 share cpus 0 (") {
		t.Errorf("want %q naming ranks 0 and 1 on cpu 0:\n%s", want, out)
	}
}

// -dir on a tmpfs too small for the test file fails, saying so, and
// leaves nothing there. Mounting needs root: the test fails without it.
func TestHelloDirTooSmall(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("this test mounts a small tmpfs, which needs root: run go test as root")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
		t.Fatalf("mount tmpfs on %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	r := mpitest.Run(t, 2, time.Minute, t.TempDir(), bin, "-dir", dir)
	if r.Code == 0 {
		t.Errorf("-dir on a 1 MiB tmpfs for 2 MiB: status 0\n%s", r.Stdout)
	}
	want := fmt.Sprintf("FAIL dir: %s (tmpfs on %s): expected a test file written, read back and removed, found too little room for the test file: ", dir, dir)
	if !strings.Contains(r.Stdout, want) || !strings.Contains(r.Stdout, "needs 2.1 MiB, more than the 1.0 MiB free") || !strings.Contains(r.Stdout, "change -dir or -block") {
		t.Errorf("want %q with the sizes and the flags to change:\n%s\nstderr:\n%s", want, r.Stdout, r.Stderr)
	}
	if left := mpitest.Files(t, dir); len(left) != 0 {
		t.Errorf("-dir left %v", left)
	}
}
