package render

import (
	"math"
	"math/bits"
	"path/filepath"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5test"
)

// fixture is a hand-made galaxy file in the Python original's layout:
// pos_pt, vel_pt (N, T, 3), pos_nuc, vel_nuc (1, T, 3), in metres, no
// attributes; time (T) only if times is set.
type fixture struct {
	n, t      int
	pt        func(i, j int) [3]float64
	nuc       func(j int) [3]float64
	times     []float64
	bigEndian bool
	float32   bool // positions and velocities as galaxy -float32 stores them
}

func (fx fixture) write(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "py.hdf5")
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_TRUNC)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	typ := hdf5.T_IEEE_F64LE
	if fx.bigEndian {
		typ = hdf5.T_IEEE_F64BE
	}
	write := func(name string, dims []uint, v []float64) {
		sp, err := hdf5.CreateSimpleDataspace(dims, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sp.Close()
		if fx.float32 && name != "time" {
			d, err := f.CreateDataset(name, hdf5.T_IEEE_F32LE, sp)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			w := make([]float32, len(v))
			for i, x := range v {
				w[i] = float32(x)
			}
			if err := d.Write(&w); err != nil {
				t.Fatal(err)
			}
			return
		}
		d, err := f.CreateDataset(name, typ, sp)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if fx.bigEndian { // gonum/hdf5 writes memory as the file's type
			for i, x := range v {
				v[i] = math.Float64frombits(bits.ReverseBytes64(math.Float64bits(x)))
			}
		}
		if err := d.Write(&v); err != nil {
			t.Fatal(err)
		}
	}
	pt := make([]float64, 0, fx.n*fx.t*3)
	for i := 0; i < fx.n; i++ {
		for j := 0; j < fx.t; j++ {
			p := fx.pt(i, j)
			pt = append(pt, p[:]...)
		}
	}
	nuc := make([]float64, 0, fx.t*3)
	for j := 0; j < fx.t; j++ {
		p := fx.nuc(j)
		nuc = append(nuc, p[:]...)
	}
	write("pos_pt", []uint{uint(fx.n), uint(fx.t), 3}, pt)
	write("vel_pt", []uint{uint(fx.n), uint(fx.t), 3}, make([]float64, fx.n*fx.t*3))
	write("pos_nuc", []uint{1, uint(fx.t), 3}, nuc)
	write("vel_nuc", []uint{1, uint(fx.t), 3}, make([]float64, fx.t*3))
	if fx.times != nil {
		write("time", []uint{uint(fx.t)}, append([]float64(nil), fx.times...))
	}
	return path
}

// code is a position that encodes its particle, sample and coordinate,
// so a read can be checked element by element.
func code(i, j, k int) float64 { return float64(i*1e6 + j*10 + k) }

var coded = fixture{n: 7, t: 23,
	pt:  func(i, j int) [3]float64 { return [3]float64{code(i, j, 0), code(i, j, 1), code(i, j, 2)} },
	nuc: func(j int) [3]float64 { return [3]float64{code(-1, j, 0), code(-1, j, 1), code(-1, j, 2)} },
}

// rawFile writes datasets of any type and shape, and no data, for
// bad-input tests (h5test.Declare).
func rawFile(t testing.TB, path string, sets map[string][]uint, typ *hdf5.Datatype) {
	t.Helper()
	if err := h5test.Declare(path, sets, typ); err != nil {
		t.Fatal(err)
	}
}
