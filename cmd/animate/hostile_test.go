package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// What is not a regular file where animate opens one (a FIFO as -i, at
// the output's lock) is refused at once: animate blocked in open(2) of a
// FIFO for ever, deaf to SIGTERM and SIGINT. An output that is a symbolic
// link is refused too (the commit would replace the link). Nothing is
// left behind.
func TestNotAFile(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(dir string) error
		args []string
		says string
	}{
		{"fifo input", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "in.h5"), 0o644) },
			[]string{"-i", "in.h5"}, "in.h5: is a named pipe (FIFO)"},
		{"directory input", func(dir string) error { return os.Mkdir(filepath.Join(dir, "in.h5"), 0o755) },
			[]string{"-i", "in.h5"}, "in.h5: is a directory"},
		{"fifo lock", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "out.gif.lock"), 0o644) },
			[]string{"-i", "g.h5", "-o", "out.gif"}, "out.gif.lock is a named pipe (FIFO)"},
		{"fifo png lock", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "out.png.lock"), 0o644) },
			[]string{"-i", "g.h5", "-o", "out.gif", "-png", "1"}, "out.png.lock is a named pipe (FIFO)"},
		{"symlink output", func(dir string) error {
			os.WriteFile(filepath.Join(dir, "target.gif"), []byte("previous"), 0o644)
			return os.Symlink("target.gif", filepath.Join(dir, "out.gif"))
		}, []string{"-i", "g.h5", "-o", "out.gif"}, "out.gif is a symbolic link (to target.gif)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writePython(t, filepath.Join(dir, "g.h5"), 3, 4,
				func(i, j, k int) float64 { return 1000 * float64(i+j+k) }, func(i, j, k int) float64 { return 0 })
			if err := c.make(dir); err != nil {
				t.Fatal(err)
			}
			before := listing(t, dir)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, c.args...)
			cmd.Dir = dir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("%v: no end within a minute (hang):\n%s", c.args, stderr.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 || err == nil || !strings.Contains(stderr.String(), "animate: ") || !strings.Contains(stderr.String(), c.says) {
				t.Errorf("%v: status %d, want 1 saying %q:\n%s", c.args, code, c.says, stderr.String())
			}
			if strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("%v: more than one line:\n%s", c.args, stderr.String())
			}
			if after := listing(t, dir); after != before {
				t.Errorf("the directory changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// listing describes what dir holds: names, kinds, links' targets and
// regular files' sizes.
func listing(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %v %d", e.Name(), fi.Mode().Type(), fi.Size())
		if to, err := os.Readlink(p); err == nil {
			fmt.Fprintf(&b, " -> %s", to)
		}
		b.WriteString("; ")
	}
	return b.String()
}
