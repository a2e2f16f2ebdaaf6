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
		N: 40, TEnd: 35000, Steps: 30, Every: 1, Seed: 3, Opt: nbody.DefaultOptions(), Chunk: 4,
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

// A run writing every 4th sample as float32 holds the float64 run's
// values at those samples, rounded to nearest, and its times; stopped
// and resumed, it ends with the same file bit for bit; a resume with
// another Every or Float32 is refused, naming it.
func TestEveryFloat32StandIn(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	whole := config(dir, "whole.h5", &out)
	if err := Run(whole); err != nil {
		t.Fatal(err)
	}
	c := config(dir, "thin.h5", &out)
	c.Every, c.Float32 = 4, true
	if err := Run(c); err != nil {
		t.Fatal(err)
	}
	kept := []int{0, 4, 8, 12, 16, 20, 24, 28, 29} // of 30
	tm, dims, err := h5test.ReadFloat64(c.Out, "time")
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := h5test.ReadFloat64(whole.Out, "time")
	if err != nil {
		t.Fatal(err)
	}
	if len(tm) != len(kept) || dims[0] != uint(len(kept)) {
		t.Fatalf("time: shape %v, want [%d]", dims, len(kept))
	}
	for i, j := range kept {
		if tm[i] != all[j] {
			t.Errorf("time[%d] = %v, want sample %d's %v", i, tm[i], j, all[j])
		}
	}
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc"} {
		full, fdims, err := h5test.ReadFloat64(whole.Out, name)
		if err != nil {
			t.Fatal(err)
		}
		thin, tdims, err := h5test.ReadFloat32(c.Out, name)
		if err != nil {
			t.Fatal(err)
		}
		if size, err := h5test.Float(c.Out, name); size != 4 || err != nil {
			t.Errorf("%s: %d-byte floats (%v), want 4", name, size, err)
		}
		if tdims[0] != fdims[0] || tdims[1] != uint(len(kept)) || tdims[2] != 3 {
			t.Fatalf("%s: shape %v, want [%d %d 3]", name, tdims, fdims[0], len(kept))
		}
		for i := 0; i < int(fdims[0]); i++ {
			for jj, j := range kept {
				for k := 0; k < 3; k++ {
					want := float32(full[(i*int(fdims[1])+j)*3+k])
					if got := thin[(i*len(kept)+jj)*3+k]; math.Float32bits(got) != math.Float32bits(want) {
						t.Fatalf("%s[%d, %d, %d] = %v, want %v (sample %d rounded)", name, i, jj, k, got, want, j)
					}
				}
			}
		}
	}
	// Stopped and resumed: the same file as the run without the stop.
	p := config(dir, "part.h5", &out)
	p.Every, p.Float32, p.StopAfter = 4, true, 9
	var stopped *StoppedError
	if err := Run(p); !errors.As(err, &stopped) {
		t.Fatalf("stopped after 9: %v", err)
	}
	p.StopAfter, p.Resume = 0, true
	for _, bad := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Every = 3 }, "Every 3, but "},
		{func(c *Config) { c.Float32 = false }, "Float32 false, but "},
	} {
		b := p
		bad.edit(&b)
		if err := Run(b); err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "was started with") {
			t.Errorf("resume with other settings: %v, want it to say %q", err, bad.want)
		}
	}
	if err := Run(p); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc"} {
		a, _, err := h5test.ReadFloat32(c.Out, name)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := h5test.ReadFloat32(p.Out, name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				t.Fatalf("%s[%d]: %v resumed, %v whole", name, i, b[i], a[i])
			}
		}
	}
}
