//go:build mpi

package contract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// An output that is an input (by name, symbolic or hard link) or a
// directory is refused before any work, and nothing is touched.
func TestTargets(t *testing.T) {
	dir := t.TempDir()
	mpitest.MustRun(t, 2, time.Minute, dir, bins["galaxy"], "-n", "10", "-steps", "50", "-o", "g.h5")
	g, _ := os.ReadFile(filepath.Join(dir, "g.h5"))
	for _, name := range []string{"s.png", "copy.h5"} {
		os.WriteFile(filepath.Join(dir, name), g, 0o644)
	}
	os.Symlink("copy.h5", filepath.Join(dir, "link.h5"))
	os.Link(filepath.Join(dir, "copy.h5"), filepath.Join(dir, "hard.gif"))
	os.Mkdir(filepath.Join(dir, "somedir"), 0o755)
	for _, c := range []struct {
		prog  string
		ranks int
		args  []string
		want  string
	}{
		{"animate", 1, []string{"-i", "s.png", "-o", "s.gif", "-png", "3"}, "-png s.png: would overwrite the input s.png"},
		{"animate", 1, []string{"-i", "link.h5", "-o", "hard.gif"}, "would overwrite the input"},
		{"animate", 1, []string{"-i", "g.h5", "-o", "somedir"}, "is a directory"},
		{"galaxy", 2, []string{"-n", "10", "-o", "somedir"}, "is a directory"},
		{"galaxy", 2, []string{"-ic", "copy.h5", "-steps", "50", "-o", "link.h5"}, "would overwrite the input"},
		{"h5write", 2, []string{"-o", "somedir"}, "is a directory"},
		{"h5stats", 2, []string{"-normalize", "somedir", "g.h5:pos_pt"}, "is a directory"},
	} {
		var r mpitest.Result
		if c.ranks == 1 {
			r = mpitest.Exec(t, time.Minute, dir, nil, bins[c.prog], c.args...)
		} else {
			r = mpitest.Run(t, c.ranks, time.Minute, dir, bins[c.prog], c.args...)
		}
		if r.Code != 1 || !strings.Contains(r.Stderr, c.want) {
			t.Errorf("%s %v: status %d, want 1 with %q:\n%s", c.prog, c.args, r.Code, c.want, r.Stderr)
		}
		if strings.Contains(r.Stdout, "Simulating") {
			t.Errorf("%s %v: worked before refusing", c.prog, c.args)
		}
		for _, name := range []string{"s.png", "copy.h5"} {
			if b, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(b, g) {
				t.Errorf("%s %v: %s changed", c.prog, c.args, name)
			}
		}
		noneLeft(t, dir, "g.h5", "s.png", "copy.h5", "link.h5", "hard.gif", "somedir")
	}
}
