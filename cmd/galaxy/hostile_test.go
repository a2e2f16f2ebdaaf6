//go:build mpi

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// edit sets one element of an integer dataset of path with h5py, as a
// tool (or a bit flip) would, in place.
func edit(t *testing.T, path, dataset string, i int, v int64) {
	t.Helper()
	script := `
import h5py, sys
f = h5py.File(sys.argv[1], "r+")
f[sys.argv[2]][int(sys.argv[3])] = int(sys.argv[4])
f.close()
`
	out, err := exec.Command("/usr/bin/python3", "-c", script, path, dataset, fmt.Sprint(i), fmt.Sprint(v)).CombinedOutput()
	if err != nil {
		t.Fatalf("h5py: set %s[%d] = %d: %v\n%s", dataset, i, v, err, out)
	}
}

// objectHeader returns the file address of dataset's object header.
func objectHeader(t *testing.T, path, dataset string) int64 {
	t.Helper()
	script := `
import h5py, sys
f = h5py.File(sys.argv[1], "r")
print(h5py.h5o.get_info(f[sys.argv[2]].id).addr)
`
	out, err := exec.Command("/usr/bin/python3", "-c", script, path, dataset).CombinedOutput()
	if err != nil {
		t.Fatalf("h5py: address of %s: %v\n%s", dataset, err, out)
	}
	var addr int64
	if _, err := fmt.Sscan(string(out), &addr); err != nil {
		t.Fatalf("h5py: address of %s: %q", dataset, out)
	}
	return addr
}

// A resume trusts no record that does not hold together: done_pt values
// other than 0 and 1, a particle marked done that was never integrated,
// counts out of range, a layout that cannot be read. Each is refused
// with a one-line message naming the dataset, the particle and the
// value (or HDF5's reason), status 1, and the partial file byte for byte
// as it was; the untouched file then resumes.
func TestResumeRefusesBadRecord(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-n", "40", "-steps", "50", "-chunk", "4", "-o", "s.h5"}
	r := mpitest.RunEnv(t, 2, 3*time.Minute, dir, []string{"H5MPI_STOP_AFTER=10"}, bin, args...)
	stopped(t, dir, "s.h5", r.Code, r.Stderr)
	partial := filepath.Join(dir, "s.h5.partial")
	pristine, err := os.ReadFile(partial)
	if err != nil {
		t.Fatal(err)
	}
	done, _, err := h5test.ReadUint8(partial, "done_pt")
	if err != nil {
		t.Fatal(err)
	}
	evals, _, err := h5test.ReadInt64(partial, "evals_pt")
	if err != nil {
		t.Fatal(err)
	}
	todo, did := -1, -1 // a particle never integrated, one done
	for i := range done {
		switch {
		case done[i] == 0 && evals[i] == 0 && todo < 0:
			todo = i
		case done[i] == 1 && did < 0:
			did = i
		}
	}
	if todo < 0 || did < 0 {
		t.Fatalf("the stopped file has no particle to do (%d) or none done (%d): done_pt %v", todo, did, done)
	}
	for k, c := range []struct {
		name    string
		dataset string
		i       int
		v       int64
		says    string
	}{
		{"done_pt holds 2", "done_pt", todo, 2, "want 0 (to do) or 1 (done)"},
		{"done_pt holds 255", "done_pt", did, 255, "want 0 (to do) or 1 (done)"},
		{"never integrated, marked done", "done_pt", todo, 1, fmt.Sprintf("evals_pt[%d] = 0", todo)},
		{"done without steps", "steps_pt", did, 0, "never integrated"},
		{"done without evaluations", "evals_pt", did, 0, "never integrated"},
		{"negative evaluations", "evals_pt", todo, -5, "cannot be negative"},
		{"negative rejections", "rejected_pt", did, -1, "cannot be negative"},
	} {
		ranks := 1 + k%2
		t.Run(c.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "s.h5")) // a failed refusal's
			if err := os.WriteFile(partial, pristine, 0o644); err != nil {
				t.Fatal(err)
			}
			edit(t, partial, c.dataset, c.i, c.v)
			before, _ := os.ReadFile(partial)
			r := mpitest.Run(t, ranks, time.Minute, dir, bin, append(args, "-resume")...)
			where := fmt.Sprintf("%s[%d] = %d", c.dataset, c.i, c.v)
			if c.dataset == "done_pt" && c.v == 1 {
				where = c.says
			}
			refused(t, dir, r, before, "s.h5", where, c.says)
		})
	}
	t.Run("layout damaged", func(t *testing.T) {
		os.Remove(filepath.Join(dir, "s.h5"))
		if err := os.WriteFile(partial, pristine, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(partial, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.WriteAt(bytes.Repeat([]byte{0xff}, 64), objectHeader(t, partial, "pos_pt"))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(partial)
		r := mpitest.Run(t, 2, time.Minute, dir, bin, append(args, "-resume")...)
		refused(t, dir, r, before, "s.h5", "s.h5.partial could not be read", "pos_pt")
		if strings.Contains(r.Stderr, "holds no checkpoint") {
			t.Errorf("a damaged file that had a checkpoint said to have none:\n%s", r.Stderr)
		}
	})
	// The refusals were the edits': the file as the run left it resumes.
	if err := os.WriteFile(partial, pristine, 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, 2, dir, append(args, "-resume")...)
	if !strings.Contains(r.Stdout, "Success!") {
		t.Errorf("resume of the untouched file: stdout:\n%s", r.Stdout)
	}
	done, _, _ = h5test.ReadUint8(filepath.Join(dir, "s.h5"), "done_pt")
	evals, _, _ = h5test.ReadInt64(filepath.Join(dir, "s.h5"), "evals_pt")
	for i := range done {
		if done[i] != 1 || evals[i] <= 0 {
			t.Errorf("s.h5: particle %d: done_pt %d, evals_pt %d", i, done[i], evals[i])
		}
	}
}

// refused checks a run that must have been refused: status 1, one clear
// message saying each of says, no final file and no lock, and the
// partial file (before: its bytes) unchanged.
func refused(t *testing.T, dir string, r mpitest.Result, before []byte, out string, says ...string) {
	t.Helper()
	if r.Code != 1 || strings.Contains(r.Stdout, "Success!") {
		t.Errorf("status %d, want 1; stdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
	}
	for _, s := range says {
		if !strings.Contains(r.Stderr, "galaxy: ") || !strings.Contains(r.Stderr, s) {
			t.Errorf("stderr does not say %q:\n%s", s, r.Stderr)
		}
	}
	if strings.Contains(r.Stderr, "goroutine ") || strings.Contains(r.Stderr, "panic") {
		t.Errorf("a Go trace reached the user:\n%s", r.Stderr)
	}
	if after, err := os.ReadFile(filepath.Join(dir, out+".partial")); err != nil || !bytes.Equal(before, after) {
		t.Errorf("%s.partial changed by the refusal (read: %v)", out, err)
	}
	for _, name := range []string{out, out + ".lock"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s left (stat: %v)", name, err)
		}
	}
}

// What is not a regular file where galaxy opens one (a FIFO at OUT.lock,
// at OUT.partial with -resume, as -ic) is refused at once, on 1 and 2
// ranks: rank 0 blocked in open(2) while the others spun, for ever. An
// output that is a symbolic link (dangling or not) is refused too: the
// commit would replace the link with the file. Nothing is left behind.
func TestNotAFile(t *testing.T) {
	for _, ranks := range []int{1, 2} {
		for _, c := range []struct {
			name string
			make func(t *testing.T, dir string)
			args []string
			says string
		}{
			{"fifo lock", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "f.h5.lock")) },
				[]string{"-o", "f.h5"}, "f.h5.lock is a named pipe (FIFO)"},
			{"fifo partial", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "f.h5.partial")) },
				[]string{"-o", "f.h5", "-resume"}, "f.h5.partial is a named pipe (FIFO)"},
			{"fifo ic", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "in.h5")) },
				[]string{"-ic", "in.h5", "-o", "f.h5"}, "in.h5: is a named pipe (FIFO)"},
			{"directory ic", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "in.h5"), 0o755) },
				[]string{"-ic", "in.h5", "-o", "f.h5"}, "in.h5: is a directory"},
			{"symlink out", func(t *testing.T, dir string) {
				os.WriteFile(filepath.Join(dir, "target.h5"), []byte("previous"), 0o644)
				os.Symlink("target.h5", filepath.Join(dir, "link.h5"))
			}, []string{"-o", "link.h5"}, "link.h5 is a symbolic link (to target.h5)"},
			{"dangling symlink out", func(t *testing.T, dir string) { os.Symlink("nowhere.h5", filepath.Join(dir, "link.h5")) },
				[]string{"-o", "link.h5"}, "link.h5 is a symbolic link (to nowhere.h5)"},
		} {
			t.Run(fmt.Sprintf("%s on %d", c.name, ranks), func(t *testing.T) {
				dir := t.TempDir()
				c.make(t, dir)
				before := snapshot(t, dir)
				r := mpitest.Run(t, ranks, time.Minute, dir, bin, append([]string{"-n", "3", "-steps", "5"}, c.args...)...)
				if r.Code != 1 || !strings.Contains(r.Stderr, "galaxy: ") || !strings.Contains(r.Stderr, c.says) {
					t.Errorf("status %d, want 1 saying %q:\n%s", r.Code, c.says, r.Stderr)
				}
				if strings.Contains(r.Stdout, "Simulating") {
					t.Errorf("worked before refusing:\n%s", r.Stdout)
				}
				if after := snapshot(t, dir); after != before {
					t.Errorf("the directory changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot describes what dir holds: names, kinds, links' targets and
// regular files' contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range mpitest.Files(t, dir) {
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %v", name, fi.Mode().Type())
		if to, err := os.Readlink(p); err == nil {
			fmt.Fprintf(&b, " -> %s", to)
		}
		if fi.Mode().IsRegular() {
			c, _ := os.ReadFile(p)
			fmt.Fprintf(&b, " %q", c)
		}
		b.WriteString("; ")
	}
	return b.String()
}

// A run whose lock was taken over while it was held up (stopped for over
// StaleAfter, its host cut off) says so, naming the run that took it,
// and touches none of that run's files: neither its lock nor its
// partial file (the reservation before the close would have grown it).
// The takeover is faked while $H5MPI_PAUSE_AFTER holds the run: the lock
// rewritten as another host's run, the partial file unlinked and made
// again, as Take does; SIGTERM then stops the run.
func TestLockTakenOverWhileHeld(t *testing.T) {
	dir := t.TempDir()
	args := append(append([]string{}, held...), "-o", "t.h5")
	wait := start(t, 2, dir, paused(200), isPaused, args...)
	lock, partial := filepath.Join(dir, "t.h5.lock"), filepath.Join(dir, "t.h5.partial")
	theirs, err := json.Marshal(map[string]any{
		"format": "h5mpi output lock", "path": filepath.Join(dir, "t.h5"), "host": "node-x", "boot": "another-boot",
		"pid": 4242, "start": "5", "job": "99", "since": time.Now().UTC(), "token": "feedfacefeedface",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lock+".new", theirs, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(lock+".new", lock); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(partial); err != nil {
		t.Fatal(err)
	}
	data := []byte("the next run's partial file")
	if err := os.WriteFile(partial, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := signalRanks(t, syscall.SIGTERM); n != 2 {
		t.Errorf("signalled %d ranks, want 2", n)
	}
	code, stderr := wait()
	if code == 0 || code == 3 {
		t.Errorf("status %d, want a failure (not a resumable stop):\n%s", code, stderr)
	}
	for _, want := range []string{"t.h5.lock", "taken over", "host node-x", "pid 4242"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "reserve") {
		t.Errorf("the run reached the reservation of a file no longer its:\n%s", stderr)
	}
	if b, err := os.ReadFile(lock); err != nil || !bytes.Equal(b, theirs) {
		t.Errorf("the other run's lock changed (%v):\n%s", err, b)
	}
	if b, err := os.ReadFile(partial); err != nil || !bytes.Equal(b, data) {
		t.Errorf("the other run's partial file changed (%v): %d bytes", err, len(b))
	}
	if _, err := os.Lstat(filepath.Join(dir, "t.h5")); !os.IsNotExist(err) {
		t.Errorf("t.h5 written (stat: %v)", err)
	}
}
