//go:build mpi

package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/render"
)

const mpiTag = true

// A file written by galaxy on 2 ranks renders: every sample a frame, the
// nucleus magenta at its start (254.84 km, so -extent 300), the host blue.
func TestGalaxyFile(t *testing.T) {
	dir, bin := t.TempDir(), t.TempDir()
	if err := mpitest.Build(bin, "./cmd/galaxy"); err != nil {
		t.Fatal(err)
	}
	mpitest.MustRun(t, 2, 3*time.Minute, dir, filepath.Join(bin, "galaxy"), "-n", "37", "-steps", "300")
	code, stderr := execBin(t, dir, "-extent", "300", "-png", "150")
	if code != 0 {
		t.Fatalf("status %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "galaxy_collision.gif: 300 frames (samples 0:300:1 of 300, 37 particles)") {
		t.Errorf("stderr:\n%s", stderr)
	}
	g := decode(t, filepath.Join(dir, "galaxy_collision.gif"))
	if len(g.Image) != 300 || g.LoopCount != 0 || g.Delay[299] != 5 {
		t.Errorf("%d frames, loop %d, delay %d; want 300, 0, 5", len(g.Image), g.LoopCount, g.Delay[299])
	}
	o := render.DefaultOptions()
	o.Extent = 300
	checkNucleusAndHost(t, g, &o, 254840, 0)
	if ents := mpitest.Files(t, dir); strings.Join(ents, " ") != "galaxy.hdf5 galaxy_collision.gif galaxy_collision.png" {
		t.Errorf("files: %v", ents)
	}

	// The same run with -every 4 -float32: 76 samples (0, 4, ..., 296
	// and 299) of float32 positions, every one a frame.
	mpitest.MustRun(t, 2, 3*time.Minute, dir, filepath.Join(bin, "galaxy"), "-n", "37", "-steps", "300", "-every", "4", "-float32", "-o", "thin.h5")
	code, stderr = execBin(t, dir, "-i", "thin.h5", "-o", "thin.gif", "-extent", "300")
	if code != 0 {
		t.Fatalf("thin.h5: status %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "thin.gif: 76 frames (samples 0:76:1 of 76, 37 particles)") {
		t.Errorf("thin.h5: stderr:\n%s", stderr)
	}
	thin := decode(t, filepath.Join(dir, "thin.gif"))
	if len(thin.Image) != 76 {
		t.Errorf("thin.gif: %d frames, want 76", len(thin.Image))
	}
	checkNucleusAndHost(t, thin, &o, 254840, 0)
}
