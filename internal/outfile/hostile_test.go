package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// age sets name's modification time to d ago, as a lock left that long
// untouched.
func age(t *testing.T, name string, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
}

// within runs f and fails t if it has not returned by the deadline: a
// call that blocks (in open(2) of a FIFO) must fail the test, not hang it.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: still blocked after 20 s", what)
	}
}

// A lock that cannot be parsed (empty, as a node crash leaves one whose
// data never reached the disk; garbage; a lock without token or pid) is
// reported as what it is, with its age, and taken over once stale, as
// the report promises.
func TestUnparsableLock(t *testing.T) {
	for _, tc := range []struct {
		name, content, says string
	}{
		{"empty", "", "is empty"},
		{"garbage", "\x00\x17garbage\nmore\n", "is not an h5mpi lock file"},
		{"incomplete", `{"format": "` + lockFormat + `", "host": "node-x"}`, "is incomplete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.h5")
			lock := out + LockSuffix
			if err := os.WriteFile(lock, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(out+PartialSuffix, []byte("stale data"), 0o644)
			age(t, lock, StaleAfter/2)
			_, err := Take(out)
			var busy *BusyError
			if !errors.As(err, &busy) {
				t.Fatalf("Take beside a fresh %s lock: %v, want a *BusyError", tc.name, err)
			}
			msg := err.Error()
			for _, want := range []string{lock, tc.says, "30s ago", "taken over", StaleAfter.String()} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			for _, bad := range []string{"host unknown", "pid 0"} {
				if strings.Contains(msg, bad) {
					t.Errorf("message %q invents a holder (%q)", msg, bad)
				}
			}
			if b, _ := os.ReadFile(lock); string(b) != tc.content {
				t.Errorf("a refused Take changed the lock: %q", b)
			}

			age(t, lock, 2*StaleAfter)
			c, err := Take(out)
			if err != nil {
				t.Fatalf("Take beside a stale %s lock: %v", tc.name, err)
			}
			defer c.Abandon()
			if !c.Held() {
				t.Error("the taken-over lock is not this run's")
			}
			if _, err := os.Stat(out + PartialSuffix); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the stale partial file is still there (stat: %v)", err)
			}
			if ents, _ := filepath.Glob(lock + ".*"); len(ents) != 0 {
				t.Errorf("debris of the takeover left: %v", ents)
			}
		})
	}
}

// What is not a regular file at NAME.lock (a directory, a FIFO, a device,
// a symbolic link) is no lock of ours: it is refused at once, whatever
// its age, named, and left as it is. Opening it never blocks.
func TestLockNotAFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, lock string)
		says string
	}{
		{"empty directory", func(t *testing.T, lock string) { must(t, os.Mkdir(lock, 0o755)) }, "is a directory"},
		{"directory", func(t *testing.T, lock string) {
			must(t, os.Mkdir(lock, 0o755))
			must(t, os.WriteFile(filepath.Join(lock, "x"), nil, 0o644))
		}, "is a directory"},
		{"fifo", func(t *testing.T, lock string) { must(t, syscall.Mkfifo(lock, 0o644)) }, "is a named pipe"},
		{"symlink", func(t *testing.T, lock string) {
			other := filepath.Join(filepath.Dir(lock), "other.lock")
			plant(t, strings.TrimSuffix(other, LockSuffix), Holder{Host: "node-x", PID: 1})
			must(t, os.Symlink(other, lock))
		}, "is a symbolic link"},
		{"device", func(t *testing.T, lock string) {
			// /dev/null's numbers: 1, 3.
			if err := syscall.Mknod(lock, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("mknod: %v", err)
			}
		}, "is a device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.h5")
			lock := out + LockSuffix
			tc.make(t, lock)
			for _, old := range []time.Duration{0, 2 * StaleAfter} {
				if fi, err := os.Lstat(lock); old > 0 && err == nil && fi.Mode()&os.ModeSymlink == 0 {
					age(t, lock, old)
				}
				var err error
				within(t, "Take", func() { _, err = Take(out) })
				if err == nil {
					t.Fatalf("Take beside a %s at %s (%v old) succeeded", tc.name, lock, old)
				}
				for _, want := range []string{lock, tc.says} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("message %q does not say %q", err, want)
					}
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("message of more than one line: %q", err)
				}
			}
			if _, err := os.Lstat(lock); err != nil {
				t.Errorf("%s removed: %v", lock, err)
			}
			if _, err := os.Lstat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s created", out)
			}
		})
	}
}

// Resume opens the partial file for HDF5, which would block in open(2)
// on a FIFO: what is not a regular file there is refused, and the lock
// taken for it released.
func TestResumePartialNotAFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, partial string)
		says string
	}{
		{"fifo", func(t *testing.T, p string) { must(t, syscall.Mkfifo(p, 0o644)) }, "is a named pipe"},
		{"directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) }, "is a directory"},
		{"symlink", func(t *testing.T, p string) {
			target := p + ".target"
			must(t, os.WriteFile(target, []byte("x"), 0o644))
			must(t, os.Symlink(target, p))
		}, "is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.h5")
			tc.make(t, out+PartialSuffix)
			var err error
			within(t, "Resume", func() { _, err = Resume(out) })
			if err == nil || !strings.Contains(err.Error(), out+PartialSuffix) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Resume beside a %s: %v, want a refusal naming it, saying %q", tc.name, err, tc.says)
			}
			if _, err := os.Lstat(out + LockSuffix); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock left after the refusal (stat: %v)", err)
			}
			if _, err := os.Lstat(out + PartialSuffix); err != nil {
				t.Errorf("the partial's place was cleared: %v", err)
			}
		})
	}
}

// An output that is a symbolic link (dangling or not) is refused: the
// rename that commits a file would replace the link, not write where it
// points. What is neither a regular file nor absent (a FIFO, a device) is
// refused too: the commit would replace it.
func TestOutputNotAFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, out string)
		says string
	}{
		{"symlink", func(t *testing.T, out string) {
			must(t, os.WriteFile(out+".target", []byte("previous"), 0o644))
			must(t, os.Symlink(out+".target", out))
		}, "is a symbolic link"},
		{"dangling symlink", func(t *testing.T, out string) { must(t, os.Symlink(out+".nowhere", out)) }, "is a symbolic link"},
		{"fifo", func(t *testing.T, out string) { must(t, syscall.Mkfifo(out, 0o644)) }, "is a named pipe"},
		{"directory", func(t *testing.T, out string) { must(t, os.Mkdir(out, 0o755)) }, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.h5")
			tc.make(t, out)
			before, _ := os.Lstat(out)
			var err error
			within(t, "Take", func() { _, err = Take(out) })
			if err == nil || !strings.Contains(err.Error(), out) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Take of a %s: %v, want a refusal naming it, saying %q", tc.name, err, tc.says)
			}
			if err := CheckTarget("Out", out); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("CheckTarget of a %s: %v, want a refusal saying %q", tc.name, err, tc.says)
			}
			after, lerr := os.Lstat(out)
			if lerr != nil || !os.SameFile(before, after) || before.Mode() != after.Mode() {
				t.Errorf("%s replaced (%v)", out, lerr)
			}
			for _, p := range []string{out + LockSuffix, out + PartialSuffix} {
				if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s left (stat: %v)", p, err)
				}
			}
		})
	}
}

// An output made a symbolic link while the run wrote it is not replaced
// by the commit either.
func TestCommitOverSymlink(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a.h5")
	c, err := Take(out)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(c.Partial, []byte("new"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "target"), []byte("previous"), 0o644))
	must(t, os.Symlink("target", out))
	err = c.Commit()
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Commit over a symbolic link: %v, want a refusal", err)
	}
	if fi, err := os.Lstat(out); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer the link (%v)", out, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "target")); string(b) != "previous" {
		t.Errorf("the link's target changed: %q", b)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
