//go:build !mpi

package galaxy

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/nbody"
)

// config is a small run into dir/name, on the one rank of the stand-in.
func config(dir, name string, out *bytes.Buffer) Config {
	return Config{
		N: 40, TEnd: 35000, Steps: 30, Seed: 3, Opt: nbody.DefaultOptions(), Chunk: 4,
		Out: filepath.Join(dir, name), Stdout: out,
	}
}

// A run stopped part way (as StopAfter stops it) keeps its work, says how
// far it got, and a resumed run ends with the file an uninterrupted run
// writes; the last lines are the original's and the load balance.
func TestStopResumeStandIn(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := Run(config(dir, "whole.h5", &out)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MPI Rank 0 : Simulating my particles took ", "load balance: 1 ranks, busy max/mean 1.00, evaluations max/mean 1.00, waiting max ", "Success!"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	c := config(dir, "part.h5", &out)
	c.StopAfter = 9
	err := Run(c)
	var stopped *StoppedError
	if !errors.As(err, &stopped) || stopped.N != 40 || stopped.Done < 1 || stopped.Done > 9 {
		t.Fatalf("stopped after 9: %v", err)
	}
	c.StopAfter, c.Resume = 0, true
	bad := c
	bad.Seed = 4
	if err := Run(bad); err == nil || !strings.Contains(err.Error(), "Seed 4, but") {
		t.Fatalf("resume with another seed: %v", err)
	}
	if err := Run(c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc", "time"} {
		a, _, err := h5test.ReadFloat64(filepath.Join(dir, "whole.h5"), name)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := h5test.ReadFloat64(c.Out, name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("%s[%d]: %v resumed, %v whole", name, i, b[i], a[i])
			}
		}
	}
	if err := Run(c); err == nil || !strings.Contains(err.Error(), "no ") {
		t.Errorf("resume with nothing to resume: %v", err)
	}
}

// A partial file left before the first checkpoint (the run died while
// making it) is refused by -resume, and stays: it is never renamed into
// place.
func TestResumeNoCheckpointStandIn(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	c := config(dir, "g.h5", &out)
	c.Resume = true
	h5test.MustWrite(t, c.Out+".partial", h5test.Dataset{Name: "other", Dims: []uint{2}, Data: []float64{1, 2}})
	err := Run(c)
	if err == nil || !strings.Contains(err.Error(), "holds no checkpoint") {
		t.Fatalf("resume of a file without a checkpoint: %v", err)
	}
	if _, err := os.Stat(c.Out); !os.IsNotExist(err) {
		t.Errorf("%s appeared (stat: %v)", c.Out, err)
	}
	if _, err := os.Stat(c.Out + ".partial"); err != nil {
		t.Errorf("the partial file is gone: %v", err)
	}
}
