//go:build mpi

package pio

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// runKnobs runs scenario sc on n ranks in a new directory, with env
// (pairs KEY=VALUE) set, and returns the directory and the run.
func runKnobs(t *testing.T, sc string, n int, env ...string) (string, mpitest.Result) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(workerEnv, dir)
	t.Setenv(knobsEnv, sc)
	for _, e := range []string{AlignEnv, CollMetadataEnv, StrictEnv, ShowHintsEnv, HintsEnv} {
		t.Setenv(e, "")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return dir, mpitest.Run(t, n, 2*time.Minute, dir, os.Args[0])
}

// h5py reads the datasets' offsets and layouts: a reader other than the
// HDF5 that wrote them decides.
func offsets(t *testing.T, path string) string {
	t.Helper()
	script := `
import sys, h5py
f = h5py.File(sys.argv[1], "r")
for name in ("small", "big", "big2", "chunked"):
    d = f[name]
    print(name, d.id.get_offset() if d.chunks is None else -1, d.chunks, int(d[-1]))
`
	out, err := exec.Command("/usr/bin/python3", "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	return string(out)
}

// Datasets of at least the threshold start on multiples of the
// alignment; without it, they do not (so the check can fail).
func TestAlignRanks(t *testing.T) {
	for _, n := range []int{1, 3} {
		for _, sc := range []string{"align", "plain"} {
			t.Run(fmt.Sprintf("%s/%d ranks", sc, n), func(t *testing.T) {
				dir, r := runKnobs(t, sc, n)
				if r.Code != 0 {
					t.Fatalf("exit %d\n%s", r.Code, r.Stderr)
				}
				got := offsets(t, filepath.Join(dir, "a.h5"))
				aligned := 0
				for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
					var name, chunks string
					var off, last int64
					if _, err := fmt.Sscan(line, &name, &off, &chunks, &last); err != nil {
						t.Fatalf("h5py line %q: %v", line, err)
					}
					switch name {
					case "big", "big2":
						if off%(64<<10) == 0 {
							aligned++
						}
						if chunks != "None" {
							t.Errorf("%s: chunks %s, want contiguous", name, chunks)
						}
					case "chunked":
						if chunks != "(1000,)" {
							t.Errorf("chunked: chunks %s, want (1000,)", chunks)
						}
					}
					want := map[string]int64{"small": 99, "big": 4999, "big2": 6999, "chunked": 5999}[name]
					if last != want {
						t.Errorf("%s: last element %d, want %d", name, last, want)
					}
				}
				if want := map[string]int{"align": 2, "plain": 0}[sc]; aligned != want {
					t.Errorf("%d of the 2 large datasets on 64 KiB boundaries, want %d:\n%s", aligned, want, got)
				}
			})
		}
	}
}

// A collective write that HDF5 does as independent I/O (a type
// conversion) is reported once, on rank 0, with its cause; strict, it is
// an error, printed once, and the job fails.
func TestCollectiveFallback(t *testing.T) {
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d ranks", n), func(t *testing.T) {
			_, r := runKnobs(t, "fallback", n)
			if r.Code != 0 {
				t.Fatalf("exit %d\n%s", r.Code, r.Stderr)
			}
			const msg = "collective transfer done as independent I/O, because of a datatype conversion"
			if c := strings.Count(r.Stderr, msg); c != 1 || !strings.Contains(r.Stderr, "rank 0: warning: ") {
				t.Errorf("warning %d times, want once from rank 0:\n%s", c, r.Stderr)
			}
			_, r = runKnobs(t, "fallback", n, StrictEnv+"=1")
			if r.Code == 0 {
				t.Fatalf("strict: exit 0\n%s", r.Stderr)
			}
			if c := strings.Count(r.Stderr, msg); c != 1 || !strings.Contains(r.Stderr, "an error: strict collective transfers") {
				t.Errorf("strict: error %d times, want once:\n%s", c, r.Stderr)
			}
		})
	}
}

// Contiguous collective writes stay collective: no warning, even strict;
// collective metadata off works too.
func TestNoFallback(t *testing.T) {
	_, r := runKnobs(t, "align", 3, StrictEnv+"=1", CollMetadataEnv+"=0")
	if r.Code != 0 || strings.Contains(r.Stderr, "independent I/O") {
		t.Errorf("exit %d\n%s", r.Code, r.Stderr)
	}
}

// Rank 0 shows the hints MPI applied, once per file, with those asked for.
func TestShowHints(t *testing.T) {
	_, r := runKnobs(t, "align", 3, ShowHintsEnv+"=1", HintsEnv+"=cb_buffer_size=1048576,romio_cb_write=enable")
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s", r.Code, r.Stderr)
	}
	if c := strings.Count(r.Stderr, "MPI-IO hints in use: "); c != 1 || !strings.Contains(r.Stderr, "rank 0: ") {
		t.Errorf("hints shown %d times, want once by rank 0:\n%s", c, r.Stderr)
	}
	// Open MPI's OMPIO shows the hints it was given, MPICH's ROMIO all
	// it uses: both hold the one asked for.
	if !strings.Contains(r.Stderr, "cb_buffer_size=1048576") {
		t.Errorf("hints shown without cb_buffer_size=1048576:\n%s", r.Stderr)
	}
}

// Files of one rank each: written, committed under their names, read by
// another rank.
func TestOwnFiles(t *testing.T) {
	for _, n := range []int{1, 4} {
		dir, r := runKnobs(t, "own", n)
		if r.Code != 0 {
			t.Fatalf("%d ranks: exit %d\n%s", n, r.Code, r.Stderr)
		}
		ents, _ := os.ReadDir(dir)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if len(names) != n || strings.Contains(strings.Join(names, " "), "partial") {
			t.Errorf("%d ranks left %v", n, names)
		}
	}
}
