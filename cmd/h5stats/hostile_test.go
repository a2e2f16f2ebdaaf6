//go:build mpi

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// What is not a regular file where h5stats opens one (a FIFO or a
// directory as an input, a FIFO at the -normalize output's lock) is
// refused at once, on 1 and 2 ranks: rank 0 blocked in open(2) of a FIFO
// while the others spun, for ever. Nothing is left behind.
func TestNotAFile(t *testing.T) {
	for _, ranks := range []int{1, 2} {
		for _, c := range []struct {
			name string
			make func(dir string) error
			args []string
			says string
		}{
			{"fifo input", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "in.h5"), 0o644) },
				[]string{"in.h5:x"}, "in.h5: is a named pipe (FIFO)"},
			{"fifo second input", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "in.h5"), 0o644) },
				[]string{"good.h5:x", "in.h5:x"}, "in.h5: is a named pipe (FIFO)"},
			{"directory input", func(dir string) error { return os.Mkdir(filepath.Join(dir, "in.h5"), 0o755) },
				[]string{"in.h5:x"}, "in.h5: is a directory"},
			{"fifo lock", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "n.h5.lock"), 0o644) },
				[]string{"-normalize", "n.h5", "good.h5:x"}, "n.h5.lock is a named pipe (FIFO)"},
		} {
			t.Run(fmt.Sprintf("%s on %d", c.name, ranks), func(t *testing.T) {
				dir := t.TempDir()
				h5test.MustWrite(t, filepath.Join(dir, "good.h5"), h5test.Dataset{Name: "x", Dims: []uint{4, 2}, Data: []float64{1, 2, 3, 4, 5, 6, 7, 8}})
				if err := c.make(dir); err != nil {
					t.Fatal(err)
				}
				before := mpitest.Files(t, dir)
				r := mpitest.Run(t, ranks, time.Minute, dir, bin, c.args...)
				if r.Code != 1 || !strings.Contains(r.Stderr, "h5stats: ") || !strings.Contains(r.Stderr, c.says) {
					t.Errorf("%d ranks, %v: status %d, want 1 saying %q:\n%s", ranks, c.args, r.Code, c.says, r.Stderr)
				}
				if after := mpitest.Files(t, dir); strings.Join(after, " ") != strings.Join(before, " ") {
					t.Errorf("%d ranks, %v: files %v before, %v after", ranks, c.args, before, after)
				}
			})
		}
	}
}
