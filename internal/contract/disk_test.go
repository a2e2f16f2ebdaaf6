//go:build mpi

package contract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// tmpfs mounts a tmpfs of size bytes on a new directory for the test.
// It needs root, and fails (never skips) without it: CI runs as root.
func tmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Fatalf("mount a %d-byte tmpfs on %s (the full-disk tests need root): %v", size, dir, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fill writes dir/filler so that about leave bytes stay free.
func fill(t *testing.T, dir string, leave int64) {
	t.Helper()
	os.Remove(filepath.Join(dir, "filler"))
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	n := int64(st.Bavail)*st.Bsize - leave
	if n > 0 {
		if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, n), 0o644); err != nil {
			t.Fatalf("fill %s: %v", dir, err)
		}
	}
}

// A full disk, wherever it strikes (no room for the lock, the file, its
// datasets, or what H5Fclose writes), ends the job non-zero at once with
// a message naming the file system and its free space, leaves the
// previous output as it was and no partial file. Each program runs with
// free space from none to more than enough without the up-front check,
// in 40 KiB steps so that every stage of the run meets a full disk
// (80 KiB with -short), and with the check at none, some and enough.
func TestFullDisk(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.h5")
	rows := make([]float64, 3000*4)
	for i := range rows {
		rows[i] = float64(i % 97)
	}
	h5test.MustWrite(t, in, h5test.Dataset{Name: "x", Dims: []uint{3000, 4}, Data: rows})
	previous := []byte("the previous output")
	for _, tc := range []struct {
		prog string
		args []string
	}{
		{"galaxy", []string{"-n", "10", "-steps", "200", "-o", "out.h5"}},
		{"h5write", []string{"-per-rank", "10000", "-o", "out.h5"}},
		{"h5stats", []string{"-normalize", "out.h5", in + ":x"}},
	} {
		t.Run(tc.prog, func(t *testing.T) {
			t.Parallel()
			dir := tmpfs(t, 2<<20)
			out := filepath.Join(dir, "out.h5")
			failed, landed, reserved := 0, 0, 0
			step := int64(40 << 10)
			if testing.Short() {
				step = 80 << 10
			}
			for _, skip := range []string{"", "1"} {
				env := []string{pio.SkipDiskCheckEnv + "=" + skip}
				leaves := []int64{0, 200 << 10, 440 << 10}
				if skip == "1" {
					leaves = leaves[:0]
					for leave := int64(0); leave <= 440<<10; leave += step {
						leaves = append(leaves, leave)
					}
				}
				for _, leave := range leaves {
					os.WriteFile(out, previous, 0o644)
					fill(t, dir, leave)
					r := mpitest.RunEnv(t, 2, time.Minute, dir, env, bins[tc.prog], tc.args...)
					what := fmt.Sprintf("%s with %d KiB free (up-front check skipped: %q)", tc.prog, leave>>10, skip)
					got, _ := os.ReadFile(out)
					if r.Code == 0 {
						landed++
						if !bytes.HasPrefix(got, []byte("\x89HDF")) {
							t.Errorf("%s: status 0 but %s is not an HDF5 file", what, out)
						}
					} else {
						failed++
						if !strings.Contains(r.Stderr, dir) || !strings.Contains(r.Stderr, "free") {
							t.Errorf("%s: status %d without naming the file system and its free space:\n%s", what, r.Code, r.Stderr)
						}
						if strings.Contains(r.Stderr, "no space left on device") {
							reserved++
						}
						if !bytes.Equal(got, previous) {
							t.Errorf("%s: failed, and the previous output changed", what)
						}
					}
					noneLeft(t, dir, "out.h5", "filler")
				}
			}
			if failed == 0 || landed == 0 || reserved == 0 {
				t.Errorf("%s: %d runs failed, %d landed, %d stopped by a full disk inside the run: the sweep missed a stage", tc.prog, failed, landed, reserved)
			}
		})
	}
}

// galaxy's check of the disk before it starts counts the file it will
// write: with -every and -float32, the smaller one. A run of 2.1 MiB in
// float64, every sample (1.9 MB of data and room for metadata), is refused up front on 1 MiB free, naming the
// settings that shrink it; with -every 4 -float32 (0.25 MB) it runs.
func TestDiskCheckThinGalaxy(t *testing.T) {
	dir := tmpfs(t, 2<<20)
	fill(t, dir, 1<<20)
	args := []string{"-n", "100", "-steps", "400", "-o", "out.h5"}
	r := mpitest.Run(t, 2, time.Minute, dir, bins["galaxy"], args...)
	if r.Code == 0 || !strings.Contains(r.Stderr, "out.h5: needs 2.1 MiB, more than the 1.0 MiB free") || !strings.Contains(r.Stderr, "-every, -float32") {
		t.Errorf("galaxy %v on 1 MiB free: status %d, stderr:\n%s", args, r.Code, r.Stderr)
	}
	noneLeft(t, dir, "filler")
	r = mpitest.Run(t, 2, time.Minute, dir, bins["galaxy"], append(args, "-every", "4", "-float32")...)
	if r.Code != 0 {
		t.Errorf("galaxy %v -every 4 -float32 on 1 MiB free: status %d, stderr:\n%s", args, r.Code, r.Stderr)
	}
	noneLeft(t, dir, "filler", "out.h5")
}
