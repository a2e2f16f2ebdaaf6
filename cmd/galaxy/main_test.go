//go:build mpi

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/galaxy"
	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

var bin string // the galaxy under test, built with real MPI

func TestMain(m *testing.M) { os.Exit(mpitest.Main(m, "./cmd/galaxy", &bin)) }

// small is a run small enough for tests: 37 particles over the whole
// 35000 s, 300 samples; 37 splits unevenly over 2, 3 and 4 ranks.
var small = []string{"-n", "37", "-steps", "300"}

func mustRun(t *testing.T, ranks int, dir string, args ...string) mpitest.Result {
	t.Helper()
	return mpitest.MustRun(t, ranks, 3*time.Minute, dir, bin, args...)
}

// dataset reads a whole float64 dataset with gonum's serial reader.
func dataset(t *testing.T, path, name string) ([]float64, []uint) {
	t.Helper()
	v, dims, err := h5test.ReadFloat64(path, name)
	if err != nil {
		t.Fatalf("gonum/hdf5: %v", err)
	}
	return v, dims
}

var layout = map[string]string{
	"pos_pt": "[37 300 3]", "vel_pt": "[37 300 3]",
	"pos_nuc": "[1 300 3]", "vel_nuc": "[1 300 3]", "time": "[300]",
}

// sameData fails t unless every dataset of our layout is identical, bit
// for bit, in files a and b: the trajectories, the per-particle
// diagnostics and the record of what is done.
func sameData(t *testing.T, a, b string) {
	t.Helper()
	for name := range layout {
		va, _ := dataset(t, a, name)
		vb, _ := dataset(t, b, name)
		same(t, name, a, b, len(va), len(vb), func(i int) bool { return math.Float64bits(va[i]) == math.Float64bits(vb[i]) },
			func(i int) string { return fmt.Sprint(va[i], " and ", vb[i]) })
	}
	ints := func(name string, read func(string, string) ([]int64, error)) {
		va, err := read(a, name)
		if err != nil {
			t.Fatal(err)
		}
		vb, err := read(b, name)
		if err != nil {
			t.Fatal(err)
		}
		same(t, name, a, b, len(va), len(vb), func(i int) bool { return va[i] == vb[i] }, func(i int) string { return fmt.Sprint(va[i], " and ", vb[i]) })
	}
	ints("evals_pt", func(p, n string) ([]int64, error) { v, _, err := h5test.ReadInt64(p, n); return v, err })
	for _, name := range []string{"steps_pt", "rejected_pt"} {
		ints(name, func(p, n string) ([]int64, error) { v, _, err := h5test.ReadInt32(p, n); return widen(v), err })
	}
	ints("done_pt", func(p, n string) ([]int64, error) { v, _, err := h5test.ReadUint8(p, n); return widen(v), err })
}

func widen[T int32 | uint8](v []T) []int64 {
	w := make([]int64, len(v))
	for i, x := range v {
		w[i] = int64(x)
	}
	return w
}

// same reports the first element at which two datasets differ.
func same(t *testing.T, name, a, b string, na, nb int, eq func(int) bool, show func(int) string) {
	t.Helper()
	if na != nb {
		t.Errorf("%s: %d elements in %s, %d in %s", name, na, filepath.Base(a), nb, filepath.Base(b))
		return
	}
	for i := 0; i < na; i++ {
		if !eq(i) {
			t.Errorf("%s[%d]: %s in %s and %s", name, i, show(i), filepath.Base(a), filepath.Base(b))
			return
		}
	}
}

func TestLayoutAndOutput(t *testing.T) {
	dir := t.TempDir()
	r := mustRun(t, 3, dir, append(small, "-progress")...)
	if !strings.Contains(r.Stderr, "galaxy: 37/37 particles (100%)") {
		t.Errorf("-progress: no final progress line on stderr:\n%s", r.Stderr)
	}
	// mpirun keeps the order of one rank's lines, not that of different
	// ranks': "Success!" (rank 0's, after its own timing line) may come
	// before the other ranks' lines.
	lines := strings.Split(r.Stdout, "\n")
	index := func(prefix string) (at, n int) {
		at = -1
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				at, n = i, n+1
			}
		}
		return at, n
	}
	for i := 0; i < 3; i++ {
		if _, n := index(fmt.Sprintf("MPI Rank %d : Simulating my particles took ", i)); n != 1 {
			t.Errorf("%d timing lines from rank %d, want 1:\n%s", n, i, r.Stdout)
		}
	}
	success, n := index("Success!")
	if rank0, _ := index("MPI Rank 0 : "); n != 1 || lines[success] != "Success!" || success < rank0 {
		t.Errorf("want one line Success!, after rank 0's timing line:\n%s", r.Stdout)
	}
	path := filepath.Join(dir, "galaxy.hdf5")
	for name, want := range layout {
		v, dims := dataset(t, path, name)
		if fmt.Sprint(dims) != want {
			t.Errorf("%s: shape %v, want %s", name, dims, want)
		}
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) || (x == 0 && name == "pos_pt") {
				t.Fatalf("%s[%d] = %v: every particle must be simulated", name, i, x)
			}
		}
	}
	tm, _ := dataset(t, path, "time")
	if tm[0] != 0 || tm[len(tm)-1] != 35000 {
		t.Errorf("time runs from %v to %v, want 0 to 35000", tm[0], tm[len(tm)-1])
	}
	out, err := exec.Command("h5dump", "-a", "ranks", "-a", "seed", "-a", "rtol", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "(0): 3") || !strings.Contains(string(out), `(0): "1"`) || !strings.Contains(string(out), "1e-10") {
		t.Errorf("attributes ranks, seed, rtol (%v):\n%s", err, out)
	}
}

// The datasets must not depend on the rank count, the chunk size, or
// which rank was handed which particle when.
func TestRankInvariance(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 1, dir, append(small, "-o", "r1.h5", "-chunk", "64")...)
	for _, c := range []struct {
		ranks int
		chunk string
	}{{1, "1"}, {2, "64"}, {2, "1"}, {3, "7"}, {5, "1"}, {8, "7"}, {8, "64"}} {
		out := fmt.Sprintf("r%d-%s.h5", c.ranks, c.chunk)
		mustRun(t, c.ranks, dir, append(small, "-o", out, "-chunk", c.chunk)...)
		sameData(t, filepath.Join(dir, "r1.h5"), filepath.Join(dir, out))
	}
}

// A run started from a file's first sample reproduces that file.
func TestICRoundTrip(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(small, "-o", "a.h5")...)
	r := mustRun(t, 3, dir, "-ic", "a.h5", "-steps", "300", "-o", "b.h5")
	if !strings.Contains(r.Stdout, "Success!") {
		t.Errorf("stdout:\n%s", r.Stdout)
	}
	sameData(t, filepath.Join(dir, "a.h5"), filepath.Join(dir, "b.h5"))
}

// writePython writes a file as the Python original does (h5test.Galaxy);
// vel gives the nucleus's velocity too.
func writePython(t *testing.T, path string, n, steps int, pos, vel, nuc func(i, j, k int) float64) {
	t.Helper()
	if err := h5test.Galaxy(path, n, steps, pos, vel, nuc, vel); err != nil {
		t.Fatal(err)
	}
}

func TestICFromPythonLayout(t *testing.T) {
	dir := t.TempDir()
	// 5 particles 1 km apart near the nucleus's start, at rest relative to it.
	writePython(t, filepath.Join(dir, "py.hdf5"), 5, 10,
		func(i, j, k int) float64 { return []float64{254840 + 1000*float64(i+1), 0, 0}[k] },
		func(i, j, k int) float64 { return []float64{0, 32.57, 0}[k] },
		func(i, j, k int) float64 { return []float64{254840, 0, 0}[k] })
	mustRun(t, 2, dir, "-ic", "py.hdf5", "-steps", "50", "-t-end", "1000", "-o", "g.h5")
	pos, dims := dataset(t, filepath.Join(dir, "g.h5"), "pos_pt")
	if fmt.Sprint(dims) != "[5 50 3]" {
		t.Fatalf("pos_pt shape %v, want [5 50 3]", dims)
	}
	for i := 0; i < 5; i++ {
		if got, want := pos[i*150], 254840+1000*float64(i+1); got != want {
			t.Errorf("particle %d starts at x = %v, want %v from the file", i, got, want)
		}
	}
}

// The version stamped at build time (mpitest.Build stamps it as
// scripts/build.sh does) is what -version prints, once, and what the file
// records.
func TestVersion(t *testing.T) {
	stamp, err := mpitest.Stamp()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := mustRun(t, 2, dir, "-version")
	if want := "galaxy h5mpi " + stamp + " (MPI: "; strings.Count(r.Stdout, "\n") != 1 || !strings.HasPrefix(r.Stdout, want) {
		t.Errorf("-version on 2 ranks: want one line starting %q, got:\n%s", want, r.Stdout)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("-version left files: %v", ents)
	}
	mustRun(t, 2, dir, "-n", "3", "-steps", "5")
	v, err := h5test.ReadRootString(filepath.Join(dir, "galaxy.hdf5"), "version")
	if err != nil {
		t.Fatal(err)
	}
	if v != stamp {
		t.Errorf("galaxy.hdf5: version attribute %q, want %q", v, stamp)
	}
}

// Bad input: a clear one-line error, non-zero status, no output file.
func TestBadInput(t *testing.T) {
	base := t.TempDir()
	writePython(t, filepath.Join(base, "flat.h5"), 3, 4,
		func(i, j, k int) float64 { return 1 }, func(i, j, k int) float64 { return 1 }, func(i, j, k int) float64 { return 1 })
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-n", "0"}, 2, "-n 0"},
		{[]string{"-steps", "1"}, 2, "-steps 1"},
		{[]string{"-t-end", "-5"}, 2, "-t-end -5"},
		{[]string{"-rtol", "0"}, 2, "-rtol 0"},
		{[]string{"-atol", "-1"}, 2, "-atol -1"},
		{[]string{"-chunk", "0"}, 2, "-chunk 0"},
		{[]string{"-checkpoint", "-1s"}, 2, `invalid value "-1s" for flag -checkpoint`},
		{[]string{"-checkpoint", "1q"}, 2, `invalid value "1q" for flag -checkpoint`},
		{[]string{"-resume"}, 1, "there is no galaxy.hdf5.partial to resume"},
		{[]string{"-seed", "-3"}, 2, "-seed -3"},
		{[]string{"-ic", "missing.h5"}, 1, "missing.h5"},
		{[]string{"-ic", filepath.Join(base, "flat.h5"), "-n", "7"}, 1, "holds 3 particles"},
		{[]string{"-ic", filepath.Join(mpitest.Root(), "cmd", "h5write", "testdata", "h5dump-42.golden")}, 1, "h5dump-42.golden"},
	} {
		dir := t.TempDir()
		// A usage error is settled before MPI starts, the same way on any
		// number of ranks: the program started alone shows it.
		var r mpitest.Result
		if c.code == 2 {
			r = mpitest.Exec(t, time.Minute, dir, nil, bin, c.args...)
		} else {
			r = mpitest.Run(t, 2, time.Minute, dir, bin, c.args...)
		}
		if r.Code != c.code {
			t.Errorf("%v: exit status %d, want %d\nstderr:\n%s", c.args, r.Code, c.code, r.Stderr)
		}
		// The flag package's own errors ("invalid value ... for flag ...")
		// come before the usage without the program's log prefix.
		prefixed := strings.Contains(r.Stderr, "galaxy: ") || strings.HasPrefix(c.msg, "invalid value ")
		if !prefixed || !strings.Contains(r.Stderr, c.msg) {
			t.Errorf("%v: stderr does not say %q:\n%s", c.args, c.msg, r.Stderr)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%v: files left: %v", c.args, ents)
		}
	}
	// Wrong shapes: pos_pt of (N, T, 2).
	dir := t.TempDir()
	shape := []uint{1, 4, 2}
	if err := h5test.Declare(filepath.Join(dir, "bad.h5"), map[string][]uint{
		"pos_pt": shape, "vel_pt": shape, "pos_nuc": shape, "vel_nuc": shape,
	}, hdf5.T_IEEE_F64LE); err != nil {
		t.Fatal(err)
	}
	r := mpitest.Run(t, 2, time.Minute, dir, bin, "-ic", "bad.h5", "-o", "out.h5")
	if r.Code == 0 || !strings.Contains(r.Stderr, "pos_pt has shape [1 4 2], want (N, T, 3)") {
		t.Errorf("-ic with pos_pt (1, 4, 2): status %d, stderr:\n%s", r.Code, r.Stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.h5")); !os.IsNotExist(err) {
		t.Errorf("out.h5 written from a bad -ic file")
	}
}

// h5py, the reader of the original animation script, reads our file with
// the same names, shapes and types.
func TestReadByH5py(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, small...)
	script := `
import h5py, sys
f = h5py.File(sys.argv[1], "r")
p = f["pos_pt"][:]
n = f["pos_nuc"][:]
print(p.shape, p.dtype, n.shape, n.dtype, f["vel_pt"].shape, f["vel_nuc"].shape)
`
	out, err := exec.Command("/usr/bin/python3", "-c", script, filepath.Join(dir, "galaxy.hdf5")).CombinedOutput()
	if err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "(37, 300, 3) float64 (1, 300, 3) float64 (37, 300, 3) (1, 300, 3)"; got != want {
		t.Errorf("h5py read %q, want %q", got, want)
	}
	// Thinned and float32: what the animation takes, f['pos_pt'][:] and
	// f['pos_nuc'][:], in km as it plots them, with the times and
	// attributes that say what the file holds.
	mustRun(t, 2, dir, append(small, "-every", "4", "-float32", "-o", "thin.h5")...)
	script = `
import h5py, sys
f = h5py.File(sys.argv[1], "r")
p = f["pos_pt"][:]
n = f["pos_nuc"][:]
t = f["time"][:]
km = p[:, -1, 0] / 1000
print(p.shape, p.dtype, n.shape, n.dtype, f["vel_pt"].dtype, t.shape, t.dtype, t[0], t[1], t[-2], t[-1])
print(f.attrs["every"], f.attrs["float32"], f.attrs["steps"], km.dtype, bool(abs(km).max() < 1e4))
`
	out, err = exec.Command("/usr/bin/python3", "-c", script, filepath.Join(dir, "thin.h5")).CombinedOutput()
	if err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	// 300 samples every 4th: 0, 4, ..., 296 and 299 (35000 s).
	if got, want := strings.TrimSpace(string(out)), "(37, 76, 3) float32 (1, 76, 3) float32 float32 (76,) float64 0.0 468.2274247491639 34648.82943143813 35000.0\n4 1 300 float32 True"; got != want {
		t.Errorf("h5py read %q, want %q", got, want)
	}
}

// A run on 2 ranks with -every 4 -float32 writes what the float64 run
// writes at the samples kept, rounded to float32 (to nearest), and the
// same times and diagnostics' shapes; stopped and resumed on another
// rank count, it writes the same file bit for bit.
func TestEveryFloat32(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(small, "-o", "full.h5")...)
	thin := append(small, "-every", "4", "-float32")
	mustRun(t, 2, dir, append(thin, "-o", "thin.h5")...)
	full, thinPath := filepath.Join(dir, "full.h5"), filepath.Join(dir, "thin.h5")
	var kept []int
	for j := 0; j < 299; j += 4 {
		kept = append(kept, j)
	}
	kept = append(kept, 299)
	all, _ := dataset(t, full, "time")
	tm, dims := dataset(t, thinPath, "time")
	if fmt.Sprint(dims) != fmt.Sprint([]uint{uint(len(kept))}) {
		t.Fatalf("time: shape %v, want [%d]", dims, len(kept))
	}
	for i, j := range kept {
		if math.Float64bits(tm[i]) != math.Float64bits(all[j]) {
			t.Errorf("time[%d] = %v, want sample %d's %v", i, tm[i], j, all[j])
		}
	}
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc"} {
		if size, err := h5test.Float(thinPath, name); err != nil || size != 4 {
			t.Errorf("%s: %d-byte floats (%v), want 4", name, size, err)
		}
		f64, fdims := dataset(t, full, name)
		f32, tdims, err := h5test.ReadFloat32(thinPath, name)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprint([]uint{fdims[0], uint(len(kept)), 3}); fmt.Sprint(tdims) != want {
			t.Fatalf("%s: shape %v, want %s", name, tdims, want)
		}
		for i := 0; i < int(fdims[0]); i++ {
			for jj, j := range kept {
				for k := 0; k < 3; k++ {
					want := float32(f64[(i*int(fdims[1])+j)*3+k])
					if got := f32[(i*len(kept)+jj)*3+k]; math.Float32bits(got) != math.Float32bits(want) {
						t.Fatalf("%s[%d, %d, %d] = %v, want %v: sample %d of the float64 run rounded", name, i, jj, k, got, want, j)
					}
				}
			}
		}
	}
	for name, want := range map[string]int64{"every": 4, "float32": 1, "steps": 300, "ranks": 2} {
		if v, err := h5test.ReadRootInt64(thinPath, name); err != nil || v != want {
			t.Errorf("attribute %s = %d (%v), want %d", name, v, err, want)
		}
	}
	if v, err := h5test.ReadRootInt64(full, "every"); err != nil || v != 1 {
		t.Errorf("attribute every of the full run = %d (%v), want 1", v, err)
	}

	// Stopped after 10 particles on 2 ranks, resumed on 3: the file of
	// the run without the stop.
	args := append(thin, "-o", "stop.h5", "-chunk", "4")
	r := mpitest.RunEnv(t, 2, 3*time.Minute, dir, []string{"H5MPI_STOP_AFTER=10"}, bin, args...)
	stopped(t, dir, "stop.h5", r.Code, r.Stderr)
	for _, bad := range [][]string{{"-every", "2"}, {"-every", "1"}, {"-float32=false"}} {
		r := mpitest.Run(t, 2, time.Minute, dir, bin, append(append(append([]string{}, args...), bad...), "-resume")...)
		flag := strings.SplitN(bad[0], "=", 2)[0]
		if r.Code == 0 || !strings.Contains(r.Stderr, flag+" ") || !strings.Contains(r.Stderr, "was started with "+flag) {
			t.Errorf("resume with %v: status %d, stderr:\n%s", bad, r.Code, r.Stderr)
		}
	}
	mustRun(t, 3, dir, append(args, "-resume")...)
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc"} {
		a, _, err := h5test.ReadFloat32(thinPath, name)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := h5test.ReadFloat32(filepath.Join(dir, "stop.h5"), name)
		if err != nil {
			t.Fatal(err)
		}
		same(t, name, thinPath, "stop.h5", len(a), len(b), func(i int) bool { return math.Float32bits(a[i]) == math.Float32bits(b[i]) },
			func(i int) string { return fmt.Sprint(a[i], " and ", b[i]) })
	}
	ta, _ := dataset(t, thinPath, "time")
	tb, _ := dataset(t, filepath.Join(dir, "stop.h5"), "time")
	if fmt.Sprint(ta) != fmt.Sprint(tb) {
		t.Errorf("time: %v resumed, %v whole", tb, ta)
	}
}

// signalRanks sends sig to every running process of bin and returns how
// many there were. It finds them all before it signals any: once one rank
// is killed, MPICH's launcher kills the others within milliseconds, and a
// rank found after that would go uncounted.
func signalRanks(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(string(b), bin+"\x00") {
			continue
		}
		var pid int
		if _, err := fmt.Sscanf(p, "/proc/%d/cmdline", &pid); err == nil {
			pids = append(pids, pid)
		}
	}
	for _, pid := range pids {
		syscall.Kill(pid, sig)
	}
	return len(pids)
}

// start runs galaxy with -progress on ranks ranks in the background, with
// env added to its environment, and returns once a line of its stderr
// satisfies until (the state the test needs, reached whatever the
// machine's speed); wait then waits for the job's end.
func start(t *testing.T, ranks int, dir string, env []string, until func(line string) bool, args ...string) (wait func() (code int, stderr string)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	cmd := mpitest.Command(ctx, t, ranks, dir, bin, append(args, "-progress")...)
	cmd.Env = append(cmd.Environ(), env...)
	pr, pw := io.Pipe()
	var stderr strings.Builder
	cmd.Stderr = io.MultiWriter(&stderr, pw)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if until(sc.Text()) {
				reached <- true
				break
			}
		}
		io.Copy(io.Discard, pr)
	}()
	done := make(chan struct{})
	go func() { cmd.Wait(); pw.Close(); close(done) }()
	wait = func() (int, string) {
		defer cancel()
		<-done
		if ctx.Err() != nil {
			t.Fatalf("%v: no end within 3 minutes:\n%s", args, stderr.String())
		}
		return cmd.ProcessState.ExitCode(), stderr.String()
	}
	select {
	case <-reached:
		return wait
	case <-done:
		code, msg := wait()
		t.Fatalf("job ended (status %d) before the state the test needs:\n%s", code, msg)
	}
	return nil
}

// paused runs are held by $H5MPI_PAUSE_AFTER once they have handed out
// so many particles: a stop or a kill that follows always strikes a
// running job, never one that has finished.
func paused(k int) []string { return []string{fmt.Sprintf("%s=%d", galaxy.PauseAfterEnv, k)} }

// isPaused is the line that says the hand-out is held.
func isPaused(line string) bool { return strings.HasPrefix(line, "galaxy: paused after ") }

// recorded returns a test of the line that says a checkpoint recorded k
// of n particles.
func recorded(k, n int) func(string) bool {
	want := fmt.Sprintf("galaxy: checkpoint: %d of %d particles recorded", k, n)
	return func(line string) bool { return line == want }
}

func outName(args []string) string {
	for i, a := range args {
		if a == "-o" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return "galaxy.hdf5"
}

// stopped checks what a stopped run leaves: a non-zero status, one line
// saying how far it got, its partial file and no lock or final file.
func stopped(t *testing.T, dir, out string, code int, stderr string) {
	t.Helper()
	if code == 0 {
		t.Errorf("exit status 0 after a stop:\n%s", stderr)
	}
	if !strings.Contains(stderr, "galaxy: stopped: ") || !strings.Contains(stderr, " particles done; run again with -resume to finish") {
		t.Errorf("stderr does not say how far the run got:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, out+".partial")); err != nil {
		t.Errorf("no partial file to resume: %v\n%s", err, stderr)
	}
	for _, name := range []string{out, out + ".lock"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s left behind (stat: %v); stderr:\n%s", name, err, stderr)
		}
	}
}

// mid is a run long enough to stop in the middle: 3000 particles.
var mid = []string{"-n", "3000", "-steps", "200"}

// A run stopped at any point, resumed on another rank count, ends with
// the file an uninterrupted run writes, bit for bit. The stops come from
// $H5MPI_STOP_AFTER, which hands out so many particles and then stops
// the run as a signal does: after the first, a third of the way and near
// the end.
func TestStopAndResume(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(mid, "-o", "whole.h5")...)
	for _, after := range []int{1, 1000, 2990} {
		out := fmt.Sprintf("stop%d.h5", after)
		args := append(mid, "-o", out, "-chunk", "16")
		r := mpitest.RunEnv(t, 2, 3*time.Minute, dir, []string{fmt.Sprintf("H5MPI_STOP_AFTER=%d", after)}, bin, args...)
		stopped(t, dir, out, r.Code, r.Stderr)
		r = mustRun(t, 3, dir, append(args, "-resume")...)
		if !strings.Contains(r.Stdout, "Success!") {
			t.Errorf("resume after %d: stdout:\n%s", after, r.Stdout)
		}
		sameData(t, filepath.Join(dir, "whole.h5"), filepath.Join(dir, out))
	}
}

// held is a run of 600 particles that the tests of signals and kills
// hold after 200 (paused).
var held = []string{"-n", "600", "-steps", "200"}

// SIGTERM (scancel, a time limit; SIGINT and SIGUSR1 likewise) stops the
// run with its work kept; -resume refuses other settings, keeping the
// partial file (tried after SIGTERM), and finishes it with the same.
func TestSignalAndResume(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(held, "-o", "whole.h5")...)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1} {
		out := fmt.Sprintf("sig%d.h5", sig)
		args := append(held, "-o", out)
		result := filepath.Join(dir, out+".result")
		wait := start(t, 2, dir, append(paused(200), job.ResultEnv+"="+result), isPaused, args...)
		if n := signalRanks(t, sig); n != 2 {
			t.Errorf("signalled %d ranks, want 2", n)
		}
		code, stderr := wait()
		stopped(t, dir, out, code, stderr)
		// What galaxy.sbatch reads when srun's own status cannot say.
		if b, err := os.ReadFile(result); err != nil || string(b) != fmt.Sprintf("status %d\n", galaxy.StoppedStatus) {
			t.Errorf("$%s after the stop: %q (%v), want status %d", job.ResultEnv, b, err, galaxy.StoppedStatus)
		}
		// The refusals need one partial file, not one per signal.
		mismatches := [][]string{{"-seed", "2"}, {"-n", "601"}, {"-rtol", "1e-9"}, {"-steps", "201"}, {"-every", "3"}, {"-float32"}}
		if sig != syscall.SIGTERM {
			mismatches = nil
		}
		for _, bad := range mismatches {
			r := mpitest.Run(t, 2, time.Minute, dir, bin, append(append(append([]string{}, args...), bad...), "-resume")...)
			if r.Code == 0 || !strings.Contains(r.Stderr, bad[0]+" ") || !strings.Contains(r.Stderr, "was started with") {
				t.Errorf("resume with %v: status %d, stderr:\n%s", bad, r.Code, r.Stderr)
			}
			stopped(t, dir, out, 1, "galaxy: stopped: x particles done; run again with -resume to finish")
		}
		mustRun(t, 1, dir, append(args, "-resume")...)
		sameData(t, filepath.Join(dir, "whole.h5"), filepath.Join(dir, out))
	}
}

// killedMidway checks what a job killed while held leaves: a failure, no
// final file, no process of it, and a partial file that -resume on 3
// ranks finishes as an uninterrupted run writes it.
func killedMidway(t *testing.T, dir string, args []string, code int, stderr string) {
	t.Helper()
	out := outName(args)
	if code == 0 {
		t.Fatalf("status 0 after the kill: the kill was never exercised\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, out)); !os.IsNotExist(err) {
		t.Fatalf("%s exists after the kill (stat: %v)", out, err)
	}
	r := mustRun(t, 3, dir, append(args, "-resume")...)
	if !strings.Contains(r.Stdout, "Success!") {
		t.Errorf("resume after the kill: stdout:\n%s", r.Stdout)
	}
	sameData(t, filepath.Join(dir, "whole.h5"), filepath.Join(dir, out))
}

// After SIGKILL of every rank (a lost node, a time limit without the
// warning), once a checkpoint has recorded every particle handed out,
// the partial file and that checkpoint survive, and a resumed run
// finishes the file as an uninterrupted run writes it.
func TestKillAndResume(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(held, "-o", "whole.h5")...)
	args := append(held, "-o", "k.h5", "-checkpoint", "100ms", "-chunk", "8")
	wait := start(t, 2, dir, paused(200), recorded(200, 600), args...)
	if n := signalRanks(t, syscall.SIGKILL); n != 2 {
		t.Errorf("killed %d ranks, want 2", n)
	}
	code, stderr := wait()
	killedMidway(t, dir, args, code, stderr)
}

// A rank whose launcher dies under it (SIGKILL of mpirun or of MPICH's
// proxy, as when a node's daemon is lost) ends within 15 s, whichever
// of the MPI library or the rank's own watch sees it first, and the
// partial file resumes.
func TestLauncherKilled(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(held, "-o", "whole.h5")...)
	args := append(held, "-o", "l.h5", "-checkpoint", "100ms")
	wait := start(t, 2, dir, paused(200), recorded(200, 600), args...)
	ranks := rankPids(t)
	if len(ranks) != 2 {
		t.Fatalf("%d ranks running, want 2", len(ranks))
	}
	parents := map[int]bool{}
	for _, pid := range ranks {
		parents[parentOf(t, pid)] = true
	}
	for p := range parents {
		if err := syscall.Kill(p, syscall.SIGKILL); err != nil {
			t.Fatalf("kill the launcher %d: %v", p, err)
		}
	}
	killed := time.Now()
	for {
		left := 0
		for _, pid := range ranks {
			if alive(pid) {
				left++
			}
		}
		if left == 0 {
			break
		}
		if time.Since(killed) > 15*time.Second {
			signalRanks(t, syscall.SIGKILL)
			t.Fatalf("%d ranks lived on 15 s after their launcher was killed", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the ranks ended %.1f s after their launcher was killed", time.Since(killed).Seconds())
	code, stderr := wait()
	killedMidway(t, dir, args, code, stderr)
}

// rankPids lists the running processes of bin.
func rankPids(t *testing.T) []int {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(string(b), bin+"\x00") {
			continue
		}
		var pid int
		if _, err := fmt.Sscanf(p, "/proc/%d/cmdline", &pid); err == nil && alive(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// stat returns the fields of /proc/PID/stat after the command's name:
// state, parent pid, ...; nil if pid is gone.
func stat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

// alive reports whether pid runs: a zombie does not.
func alive(pid int) bool {
	f := stat(pid)
	return len(f) > 0 && f[0] != "Z"
}

func parentOf(t *testing.T, pid int) int {
	t.Helper()
	f := stat(pid)
	if len(f) < 2 {
		t.Fatalf("process %d is gone", pid)
	}
	var p int
	fmt.Sscan(f[1], &p)
	return p
}
