//go:build !mpi

package galaxyfile

import (
	"errors"
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
	// Trajectories and diagnostics apart, as a writer by pieces does.
	if err := g.WriteStates(part(1)); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDiagnostics(part(1)); err != nil {
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

// A file of float32 positions and velocities, every third sample kept:
// the values rounded to nearest, the types and attributes as a reader
// finds them, a resume with other settings refused naming them, and
// animate's reader reading it as float64.
func TestFloat32StandIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.h5")
	const n, steps, every = 2, 10, 3
	kept := Kept(steps, every) // samples 0, 3, 6, 9
	attrs := Attrs{N: n, Steps: steps, Every: every, Float32: true, Seed: 1, IC: "seed 1", Program: "test"}
	g, err := Create(path, pio.Options{}, n, kept, attrs)
	if err != nil {
		t.Fatal(err)
	}
	if !g.Float32() {
		t.Error("Create with Float32: Float32() false")
	}
	// Values with bits below float32's precision, and one halfway
	// between two float32s (rounded to the even one, below).
	val := func(i, j, k int) float64 { return code(i, j, k) + 0.1 }
	halfway := float64(1<<24) + 1 // float32 has 24 bits: 2^24+1 is halfway
	rows := func(bodies int, sign float64) []float64 {
		v := make([]float64, 0, bodies*kept*3)
		for i := 0; i < bodies; i++ {
			for j := 0; j < kept; j++ {
				for k := 0; k < 3; k++ {
					v = append(v, sign*val(i, j, k))
				}
			}
		}
		return v
	}
	pos, vel := rows(n, 1), rows(n, -1)
	pos[len(pos)-1] = halfway
	if err := g.WriteShared(true, rows(1, 1), rows(1, -1), []float64{0, 3, 6, 9}); err != nil {
		t.Fatal(err)
	}
	row := 3 * kept
	part := func(i int32) *Chunk {
		return &Chunk{Rows: []int32{i}, Pos: pos[int(i)*row : int(i+1)*row], Vel: vel[int(i)*row : int(i+1)*row],
			Evals: []int64{100}, Steps: []int32{10}, Rejected: []int32{0}}
	}
	if err := g.WriteChunk(part(0)); err != nil {
		t.Fatal(err)
	}
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := g.MarkDone([]int32{0}); err != nil {
		t.Fatal(err)
	}
	if err := g.Suspend(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		edit func(*Attrs)
		want []string
	}{
		{func(a *Attrs) { a.Float32 = false }, []string{"Float32 false, but ", "started with Float32 true (its attribute float32)"}},
		{func(a *Attrs) { a.Every = 1 }, []string{"Every 1, but ", "started with Every 3 (its attribute every)"}},
	} {
		bad := attrs
		c.edit(&bad)
		_, err := Resume(path, pio.Options{}, bad)
		var mis *MismatchError
		if !errors.As(err, &mis) {
			t.Fatalf("resume with %+v: %v, want a *MismatchError", bad, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("resume with other settings: %q does not say %q", err, w)
			}
		}
	}
	if g, err = Resume(path, pio.Options{}, attrs); err != nil {
		t.Fatal(err)
	}
	if !g.Float32() {
		t.Error("resumed: Float32() false")
	}
	// Trajectories and diagnostics apart, as a writer by pieces does.
	if err := g.WriteStates(part(1)); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDiagnostics(part(1)); err != nil {
		t.Fatal(err)
	}
	if err := g.MarkDone([]int32{1}); err != nil {
		t.Fatal(err)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}

	round := func(v []float64) string {
		r := make([]float32, len(v))
		for i, x := range v {
			r[i] = float32(x)
		}
		return fmt.Sprint(r)
	}
	if float32(halfway) != 1<<24 {
		t.Fatalf("float32(%v) = %v: not rounded to even", halfway, float32(halfway))
	}
	for _, c := range []struct {
		name string
		want []float64
		dims string
	}{
		{PosPt, pos, "[2 4 3]"}, {VelPt, vel, "[2 4 3]"},
		{PosNuc, rows(1, 1), "[1 4 3]"}, {VelNuc, rows(1, -1), "[1 4 3]"},
	} {
		if size, err := h5test.Float(path, c.name); err != nil || size != 4 {
			t.Errorf("%s: %d-byte floats (%v), want 4", c.name, size, err)
		}
		got, dims, err := h5test.ReadFloat32(path, c.name)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(dims) != c.dims || fmt.Sprint(got) != round(c.want) {
			t.Errorf("%s: %v %v, want %s %v", c.name, dims, got, c.dims, round(c.want))
		}
	}
	if size, err := h5test.Float(path, Time); err != nil || size != 8 {
		t.Errorf("%s: %d-byte floats (%v), want 8", Time, size, err)
	}
	for name, want := range map[string]int64{"every": every, "float32": 1, "steps": steps} {
		if v, err := h5test.ReadRootInt64(path, name); err != nil || v != want {
			t.Errorf("attribute %s = %d (%v), want %d", name, v, err, want)
		}
	}
	r, err := OpenSerial(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Float32() || r.T() != kept {
		t.Errorf("reopened: Float32 %v, T %d", r.Float32(), r.T())
	}
	pt, nuc := make([]float64, n*kept*3), make([]float64, kept*3)
	if err := r.ReadFrames(0, 1, kept, pt, nuc); err != nil {
		t.Fatal(err)
	}
	for i, x := range pt {
		if x != float64(float32(pos[i])) {
			t.Fatalf("ReadFrames: element %d = %v, want %v widened from float32", i, x, float32(pos[i]))
		}
	}
}
