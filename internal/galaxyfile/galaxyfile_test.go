package galaxyfile

import (
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5test"
)

// code is a value that encodes its body (-1 the nucleus), sample and
// coordinate, so that reads can be checked element by element.
func code(i, j, k int) float64 { return float64(i*1e6 + j*10 + k) }

// python writes a file as the Python original does (h5test.Galaxy):
// velocities are the positions negated.
func python(t *testing.T, n, steps int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "py.hdf5")
	neg := func(i, j, k int) float64 { return -code(i, j, k) }
	nuc := func(_, j, k int) float64 { return code(-1, j, k) }
	nucVel := func(_, j, k int) float64 { return -code(-1, j, k) }
	if err := h5test.Galaxy(path, n, steps, code, neg, nuc, nucVel); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadPythonLayout(t *testing.T) {
	g, err := OpenSerial(python(t, 5, 11))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if g.N() != 5 || g.T() != 11 || g.HasTime() {
		t.Fatalf("N, T, HasTime = %d, %d, %v; want 5, 11, false", g.N(), g.T(), g.HasTime())
	}
	first, err := g.ReadFirst(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		if first.NucPos[k] != code(-1, 0, k) || first.NucVel[k] != -code(-1, 0, k) {
			t.Errorf("nucleus coordinate %d: %v, %v", k, first.NucPos[k], first.NucVel[k])
		}
		for i := 0; i < 3; i++ {
			if first.Pos[3*i+k] != code(2+i, 0, k) || first.Vel[3*i+k] != -code(2+i, 0, k) {
				t.Errorf("particle %d coordinate %d: %v, %v", 2+i, k, first.Pos[3*i+k], first.Vel[3*i+k])
			}
		}
	}
	// Samples 1, 4, 7, 10.
	pt, nuc, times := make([]float64, 5*4*3), make([]float64, 4*3), make([]float64, 4)
	if err := g.ReadFrames(1, 3, 4, pt, nuc); err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 4; j++ {
		for k := 0; k < 3; k++ {
			for i := 0; i < 5; i++ {
				if got, want := pt[(i*4+j)*3+k], code(i, 1+3*j, k); got != want {
					t.Fatalf("particle %d frame %d coordinate %d = %v, want %v", i, j, k, got, want)
				}
			}
			if got, want := nuc[3*j+k], code(-1, 1+3*j, k); got != want {
				t.Fatalf("nucleus frame %d coordinate %d = %v, want %v", j, k, got, want)
			}
		}
	}
	if err := g.ReadTimes(1, 3, 4, 100, times); err != nil {
		t.Fatal(err)
	}
	for j, want := range []float64{10, 40, 70, 100} {
		if times[j] != want {
			t.Errorf("time of frame %d = %v, want %v (the original's grid)", j, times[j], want)
		}
	}
	if err := g.ReadFrames(2, 3, 4, pt, nuc); err == nil || !strings.Contains(err.Error(), "block outside shape") {
		t.Errorf("frames past the end: error %v", err)
	}
}

func TestChecks(t *testing.T) {
	f64 := hdf5.T_IEEE_F64LE
	pt, nuc := []uint{5, 4, 3}, []uint{1, 4, 3}
	for _, c := range []struct {
		name string
		sets map[string][]uint
		typ  *hdf5.Datatype
		want string // "" for a file that opens
	}{
		{"positions only", map[string][]uint{PosPt: pt, PosNuc: nuc}, f64, ""},
		{"everything", map[string][]uint{PosPt: pt, VelPt: pt, PosNuc: nuc, VelNuc: nuc, Time: {4}}, f64, ""},
		{"no pos_pt", map[string][]uint{VelPt: pt, PosNuc: nuc}, f64, "no dataset pos_pt (not a galaxy file?)"},
		{"no pos_nuc", map[string][]uint{PosPt: pt}, f64, "no dataset pos_nuc"},
		{"no particles", map[string][]uint{PosPt: {0, 4, 3}, PosNuc: nuc}, f64, "pos_pt has shape [0 4 3], want (N, T, 3) with N, T >= 1"},
		{"vel_pt", map[string][]uint{PosPt: pt, VelPt: {4, 4, 3}, PosNuc: nuc}, f64, "vel_pt has shape [4 4 3], want (5, 4, 3) like pos_pt [5 4 3]"},
		{"vel_nuc", map[string][]uint{PosPt: pt, PosNuc: nuc, VelNuc: {1, 3, 3}}, f64, "vel_nuc has shape [1 3 3], want (1, 4, 3)"},
		{"time", map[string][]uint{PosPt: pt, PosNuc: nuc, Time: {4, 1}}, f64, "time has shape [4 1], want (4) like pos_pt [5 4 3]"},
		{"float32", map[string][]uint{PosPt: pt, VelPt: pt, PosNuc: nuc, VelNuc: nuc, Time: {4}}, hdf5.T_IEEE_F32LE, ""},
		{"float32 big-endian", map[string][]uint{PosPt: pt, PosNuc: nuc}, hdf5.T_IEEE_F32BE, ""},
		{"integers", map[string][]uint{PosPt: pt, PosNuc: nuc}, hdf5.T_STD_I64LE, "pos_pt holds 8-byte integer values, want 64-bit or 32-bit floats"},
		{"bytes", map[string][]uint{PosPt: pt, PosNuc: nuc}, hdf5.T_STD_U8LE, "pos_pt holds 1-byte integer values, want 64-bit or 32-bit floats"},
		{"big-endian", map[string][]uint{PosPt: pt, VelPt: pt, PosNuc: nuc, VelNuc: nuc, Time: {4}}, hdf5.T_IEEE_F64BE, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "g.h5")
			if err := h5test.Declare(path, c.sets, c.typ); err != nil {
				t.Fatal(err)
			}
			g, err := OpenSerial(path)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				g.Close()
				return
			}
			if err == nil {
				g.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q, want it to name the file and say %q", err, c.want)
			}
		})
	}
	// Positions alone draw, but cannot start a run.
	path := filepath.Join(t.TempDir(), "g.h5")
	if err := h5test.Declare(path, map[string][]uint{PosPt: pt, PosNuc: nuc}, f64); err != nil {
		t.Fatal(err)
	}
	g, err := OpenSerial(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := g.ReadFirst(0, 5); err == nil || !strings.Contains(err.Error(), "no dataset vel_pt: positions alone cannot start a run") {
		t.Errorf("ReadFirst without velocities: error %v", err)
	}
}
