//go:build !mpi

package galaxyfile

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// What Create and the writes make, an independent reader finds; and
// Open, the collective open (one rank here), reads it back.
func TestCreateStandIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.h5")
	const n, steps = 3, 4
	g, err := Create(path, pio.Options{}, n, steps, Attrs{N: n, Steps: steps, Seed: 1 << 63, Program: "test"})
	if err != nil {
		t.Fatal(err)
	}
	rows := func(bodies int, sign float64) []float64 {
		v := make([]float64, 0, bodies*steps*3)
		for i := 0; i < bodies; i++ {
			for j := 0; j < steps; j++ {
				for k := 0; k < 3; k++ {
					v = append(v, sign*code(i, j, k))
				}
			}
		}
		return v
	}
	times := []float64{0, 1, 2, 3}
	if err := g.WriteShared(true, rows(1, 1), rows(1, -1), times); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteParticles(0, n, rows(n, 1), rows(n, -1)); err != nil {
		t.Fatal(err)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want []float64
		dims string
	}{
		{PosPt, rows(n, 1), "[3 4 3]"}, {VelPt, rows(n, -1), "[3 4 3]"},
		{PosNuc, rows(1, 1), "[1 4 3]"}, {VelNuc, rows(1, -1), "[1 4 3]"}, {Time, times, "[4]"},
	} {
		got, dims, err := h5test.ReadFloat64(path, c.name)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(dims) != c.dims || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v %v, want %s %v", c.name, dims, got, c.dims, c.want)
		}
	}
	r, err := Open(path, pio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.HasTime() || r.N() != n || r.T() != steps {
		t.Errorf("reopened: N %d, T %d, time %v", r.N(), r.T(), r.HasTime())
	}
	tm := make([]float64, 2)
	if err := r.ReadTimes(1, 2, 2, 100, tm); err != nil || tm[0] != 1 || tm[1] != 3 {
		t.Errorf("times 1 and 3 from the file: %v (%v)", tm, err)
	}
}
