//go:build !mpi

package galaxyfile

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// What Create and the writes make, an independent reader finds; and
// Open, the collective open (one rank here), reads it back.
func TestCreateStandIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.h5")
	const n, steps = 3, 4
	attrs := Attrs{N: n, Steps: steps, Seed: 1 << 63, IC: "seed 9223372036854775808", Program: "test", Rtol: 1e-10}
	g, err := Create(path, pio.Options{}, n, steps, attrs)
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
	// Particles 0 and 2 now, 1 later, as a resumed run would.
	pos, vel := rows(n, 1), rows(n, -1)
	part := func(rows ...int32) *Chunk {
		c := &Chunk{Rows: rows}
		for _, i := range rows {
			c.Pos = append(c.Pos, pos[i*3*steps:(i+1)*3*steps]...)
			c.Vel = append(c.Vel, vel[i*3*steps:(i+1)*3*steps]...)
			c.Evals = append(c.Evals, int64(100+i))
			c.Steps = append(c.Steps, int32(10+i))
			c.Rejected = append(c.Rejected, int32(i))
		}
		return c
	}
	if err := g.WriteChunk(part(0, 2)); err != nil {
		t.Fatal(err)
	}
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := g.MarkDone([]int32{0, 2}); err != nil {
		t.Fatal(err)
	}
	if err := g.Suspend(); err != nil {
		t.Fatal(err)
	}
	bad := attrs
	bad.Rtol = 1e-9
	if _, err := Resume(path, pio.Options{}, bad); err == nil || !strings.Contains(err.Error(), "Rtol 1e-09, but ") || !strings.Contains(err.Error(), "started with Rtol 1e-10 (its attribute rtol)") {
		t.Fatalf("resume with another rtol: %v", err)
	}
	if g, err = Resume(path, pio.Options{}, attrs); err != nil {
		t.Fatal(err)
	}
	done, err := g.Done()
	if err != nil || fmt.Sprint(done) != "[1 0 1]" {
		t.Fatalf("done after resume: %v (%v), want [1 0 1]", done, err)
	}
	if err := g.WriteChunk(part(1)); err != nil {
		t.Fatal(err)
	}
	if err := g.MarkDone([]int32{1}); err != nil {
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
	if v, _, err := h5test.ReadInt64(path, EvalsPt); err != nil || fmt.Sprint(v) != "[100 101 102]" {
		t.Errorf("%s: %v (%v)", EvalsPt, v, err)
	}
	if v, _, err := h5test.ReadUint8(path, DonePt); err != nil || fmt.Sprint(v) != "[1 1 1]" {
		t.Errorf("%s: %v (%v)", DonePt, v, err)
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
