package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"
)

// Slabs hold exactly the samples of the plan, in either byte order, with
// the file's times or, without a time dataset, the original's grid.
func TestReadSlab(t *testing.T) {
	times := make([]float64, coded.t)
	for j := range times {
		times[j] = 1.5 * float64(j)
	}
	for _, c := range []struct {
		name string
		fx   fixture
		time func(sample int) float64
	}{
		{"little-endian, no time", coded, func(s int) float64 { return float64(s) * 35000 / 22 }},
		{"big-endian, time", fixture{n: coded.n, t: coded.t, pt: coded.pt, nuc: coded.nuc, bigEndian: true, times: times},
			func(s int) float64 { return 1.5 * float64(s) }},
		// The codes are integers below 2^24: float32 holds them exactly.
		{"float32, time", fixture{n: coded.n, t: coded.t, pt: coded.pt, nuc: coded.nuc, float32: true, times: times},
			func(s int) float64 { return 1.5 * float64(s) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			src, err := openSource(c.fx.write(t, t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if src.n != 7 || src.t != 23 {
				t.Fatalf("n, t = %d, %d, want 7, 23", src.n, src.t)
			}
			p := Plan{Start: 2, Stride: 3, Frames: 7} // samples 2, 5, ..., 20
			sl, err := src.read(p, 1, 4, DefaultTEnd)
			if err != nil {
				t.Fatal(err)
			}
			for j := 0; j < 4; j++ {
				s := p.Sample(1 + j)
				for i := 0; i < 7; i++ {
					for k, got := range sl.at(i, j) {
						if want := code(i, s, k); got != want {
							t.Fatalf("particle %d frame %d coord %d = %v, want %v", i, j, k, got, want)
						}
					}
				}
				for k := 0; k < 3; k++ {
					if got, want := sl.nuc[3*j+k], code(-1, s, k); got != want {
						t.Fatalf("nucleus frame %d coord %d = %v, want %v", j, k, got, want)
					}
				}
				if got, want := sl.time[j], c.time(s); got != want {
					t.Errorf("time of frame %d = %v, want %v", j, got, want)
				}
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	good := coded.write(t, t.TempDir())
	notHDF5 := filepath.Join(dir, "text.h5")
	os.WriteFile(notHDF5, []byte("not HDF5\n"), 0o644)
	f64, i32 := hdf5.T_IEEE_F64LE, hdf5.T_STD_I32LE
	for _, c := range []struct {
		name string
		sets map[string][]uint
		typ  *hdf5.Datatype
		path string
		want string
	}{
		{name: "missing file", path: filepath.Join(dir, "nope.h5"), want: "nope.h5: no such file"},
		{name: "not HDF5", path: notHDF5, want: "text.h5: not an HDF5 file"},
		{name: "no pos_pt", sets: map[string][]uint{"pos_nuc": {1, 4, 3}}, typ: f64, want: "no dataset pos_pt"},
		{name: "no pos_nuc", sets: map[string][]uint{"pos_pt": {5, 4, 3}}, typ: f64, want: "no dataset pos_nuc"},
		{name: "rank 2", sets: map[string][]uint{"pos_pt": {5, 12}, "pos_nuc": {1, 4, 3}}, typ: f64,
			want: "pos_pt has shape [5 12], want (N, T, 3)"},
		{name: "last dim 2", sets: map[string][]uint{"pos_pt": {5, 4, 2}, "pos_nuc": {1, 4, 3}}, typ: f64,
			want: "pos_pt has shape [5 4 2], want (N, T, 3)"},
		{name: "nucleus samples", sets: map[string][]uint{"pos_pt": {5, 4, 3}, "pos_nuc": {1, 5, 3}}, typ: f64,
			want: "pos_nuc has shape [1 5 3], want (1, 4, 3)"},
		{name: "two nuclei", sets: map[string][]uint{"pos_pt": {5, 4, 3}, "pos_nuc": {2, 4, 3}}, typ: f64,
			want: "pos_nuc has shape [2 4 3]"},
		{name: "integers", sets: map[string][]uint{"pos_pt": {5, 4, 3}, "pos_nuc": {1, 4, 3}}, typ: i32,
			want: "pos_pt holds 4-byte integer values, want 64-bit or 32-bit floats"},
		{name: "absurd size", sets: map[string][]uint{"pos_pt": {1 << 40, 4, 3}, "pos_nuc": {1, 4, 3}}, typ: f64,
			want: "declares 1099511627776 particles: one frame would need 2.46e+04 GiB"},
		{name: "time shape", sets: map[string][]uint{"pos_pt": {5, 4, 3}, "pos_nuc": {1, 4, 3}, "time": {5}}, typ: f64,
			want: "time has shape [5], want (4)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if path == "" {
				path = filepath.Join(t.TempDir(), "bad.h5")
				rawFile(t, path, c.sets, c.typ)
			}
			src, err := openSource(path)
			if err == nil {
				src.Close()
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(path)) {
				t.Errorf("error %q, want it to name the file and say %q", err, c.want)
			}
		})
	}
	src, err := openSource(good)
	if err != nil {
		t.Fatalf("good file: %v", err)
	}
	src.Close()
}
