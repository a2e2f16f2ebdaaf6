//go:build !mpi

package stats

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// These tests run whole passes on pio's one-rank stand-in: files written
// with gonum's HDF5, read with pio. The multi-rank runs are the tests of
// cmd/h5stats.

// table returns rows×cols values, row-major, column j normal with mean j.
func table(rows, cols int, seed uint64) []float64 {
	x := make([]float64, rows*cols)
	for j := 0; j < cols; j++ {
		for i, v := range normal(rows, float64(j), 1, seed+uint64(j)) {
			x[i*cols+j] = v
		}
	}
	return x
}

// Three files of 60, 120 and 180 rows, read with chunks of every size,
// give the statistics of their concatenation, and normalise into [0, 1].
func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	var all []float64
	var inputs []Input
	for n := 0; n < 3; n++ {
		rows := (n + 1) * 60
		x := table(rows, 5, uint64(10*n))
		all = append(all, x...)
		p := filepath.Join(dir, "my_data"+string(rune('0'+n))+".h5")
		h5test.MustWrite(t, p, h5test.Dataset{Name: "normal", Dims: []uint{uint(rows), 5}, Data: x})
		inputs = append(inputs, Input{p, "normal"})
	}
	names, err := OutputNames(inputs)
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{0, 1, 7, 60, 1000} {
		out := filepath.Join(dir, "scaled.h5")
		res, err := Run(Config{Inputs: inputs, Chunk: chunk, Normalize: out, Names: names})
		if err != nil {
			t.Fatalf("chunk %d: %v", chunk, err)
		}
		if res.Rows != 360 || res.Cols != 5 || res.Ranks != 1 || len(res.Mine) != 3 {
			t.Errorf("chunk %d: result %+v", chunk, res)
		}
		for j, c := range res.Columns {
			sameColumn(t, "column", c, reference(h5test.Column(all, 5, j)), 1e-12)
		}
		var got []float64
		for i, name := range []string{"normal_0", "normal_1", "normal_2"} {
			v, dims, err := h5test.ReadFloat64(out, name)
			if err != nil {
				t.Fatal(err)
			}
			if want := uint((i + 1) * 60); len(dims) != 2 || dims[0] != want || dims[1] != 5 {
				t.Errorf("%s: dims %v", name, dims)
			}
			got = append(got, v...)
		}
		for j, c := range res.Columns {
			col := h5test.Column(got, 5, j)
			ref := reference(col)
			if ref.Min != 0 || ref.Max != 1 {
				t.Errorf("chunk %d: normalised column %d spans [%v, %v]", chunk, j, ref.Min, ref.Max)
			}
			for i, y := range col {
				if x := all[i*5+j]; y != (x-c.Min)/(c.Max-c.Min) {
					t.Fatalf("chunk %d: row %d column %d: %v normalised to %v", chunk, i, j, x, y)
				}
			}
		}
		lo, err := h5test.ReadAttr(out, "normal_1", "min", 5)
		if err != nil || lo[3] != res.Columns[3].Min {
			t.Errorf("attribute min %v (%v), want the columns' min", lo, err)
		}
	}
}

// 1-D datasets are one column; integer and float32 datasets are read as
// float64; a constant column normalises to 0; a dataset in a group is
// written in the same group.
func TestRunTypes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "types.h5")
	i32 := []int32{-3, 7, 7, 100000, 2}
	f32 := []float32{0.5, 1.25, -2, 3, 3}
	i64 := []int64{5000000000, 12, -7}
	u8 := []uint8{0, 255, 9}
	same := []float64{4.5, 4.5, 4.5}
	h5test.MustWrite(t, p,
		h5test.Dataset{Name: "i32", Dims: []uint{5}, Data: i32},
		h5test.Dataset{Name: "grp/f32", Dims: []uint{5, 1}, Data: f32},
		h5test.Dataset{Name: "i64", Dims: []uint{3}, Data: i64},
		h5test.Dataset{Name: "u8", Dims: []uint{3}, Data: u8},
		h5test.Dataset{Name: "same", Dims: []uint{3}, Data: same},
	)
	var all []float64
	for _, v := range i32 {
		all = append(all, float64(v))
	}
	for _, v := range f32 {
		all = append(all, float64(v))
	}
	for _, v := range i64 {
		all = append(all, float64(v))
	}
	for _, v := range u8 {
		all = append(all, float64(v))
	}
	inputs := []Input{{p, "i32"}, {p, "/grp/f32"}, {p, "i64"}, {p, "u8"}}
	res, err := Run(Config{Inputs: inputs, Chunk: 2})
	if err != nil {
		t.Fatal(err)
	}
	sameColumn(t, "mixed types", res.Columns[0], reference(all), 1e-12)

	out := filepath.Join(dir, "const.h5")
	inputs = []Input{{p, "same"}, {p, "/grp/f32"}}
	names, err := OutputNames(inputs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Config{Inputs: inputs, Normalize: out, Names: names}); err != nil {
		t.Fatal(err)
	}
	// The table's min is f32's -2, its max same's 4.5.
	if v, _, err := h5test.ReadFloat64(out, "grp/f32"); err != nil || len(v) != 5 || v[2] != 0 || v[0] != 2.5/6.5 {
		t.Errorf("grp/f32 normalised: %v (%v)", v, err)
	}
	if v, _, err := h5test.ReadFloat64(out, "same"); err != nil || len(v) != 3 || v[0] != 1 || v[1] != 1 || v[2] != 1 {
		t.Errorf("same normalised: %v (%v), want ones", v, err)
	}
	if _, err := Run(Config{Inputs: inputs[:1], Normalize: out, Names: []string{"same"}}); err != nil {
		t.Fatal(err)
	}
	if v, _, err := h5test.ReadFloat64(out, "same"); err != nil || len(v) != 3 || v[0] != 0 || v[1] != 0 || v[2] != 0 {
		t.Errorf("constant column normalised: %v (%v), want zeros", v, err)
	}
}

// Empty inputs count as no rows; a table of no rows gives NaN.
func TestRunEmpty(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "e.h5")
	h5test.MustWrite(t, p, h5test.Dataset{Name: "none", Dims: []uint{0, 2}, Data: []float64{}},
		h5test.Dataset{Name: "two", Dims: []uint{1, 2}, Data: []float64{1, 2}})
	res, err := Run(Config{Inputs: []Input{{p, "none"}, {p, "two"}, {p, "none"}}, Chunk: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Columns[1]; res.Rows != 1 || c.Count != 1 || c.Mean != 2 || c.Std != 0 {
		t.Errorf("result %+v, column 1 %+v", res, c)
	}
	res, err = Run(Config{Inputs: []Input{{p, "none"}}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Columns[0]; c.Count != 0 || !math.IsNaN(c.Mean) || !math.IsNaN(c.Min) {
		t.Errorf("no rows: %+v", c)
	}
}

// Bad input: an error naming the input, and no output file of any name.
func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.h5")
	h5test.MustWrite(t, good,
		h5test.Dataset{Name: "x", Dims: []uint{4, 2}, Data: make([]float64, 8)},
		h5test.Dataset{Name: "three", Dims: []uint{4, 3}, Data: make([]float64, 12)},
		h5test.Dataset{Name: "cube", Dims: []uint{2, 2, 2}, Data: make([]float64, 8)},
		h5test.Dataset{Name: "pairs", Dims: []uint{4}, Data: make([]struct{ A, B int32 }, 4)},
	)
	notHDF5 := filepath.Join(dir, "text.h5")
	if err := os.WriteFile(notHDF5, []byte("not HDF5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		inputs []Input
		bad    string // the input the error must name
		reason string
	}{
		{[]Input{{good, "x"}, {filepath.Join(dir, "missing.h5"), "x"}}, filepath.Join(dir, "missing.h5:x"), "no such file"},
		{[]Input{{good, "x"}, {good, "nope"}}, good + ":nope", `no dataset "nope"`},
		{[]Input{{good, "x"}, {good, "three"}}, good + ":three", "3 columns"},
		{[]Input{{good, "x"}, {good, "cube"}}, good + ":cube", "4 columns (shape [2 2 2])"},
		{[]Input{{good, "pairs"}}, good + ":pairs", "not a numeric dataset"},
		{[]Input{{notHDF5, "x"}}, notHDF5 + ":x", "open " + notHDF5},
	} {
		out := filepath.Join(dir, "out.h5")
		names, _ := OutputNames(tc.inputs)
		_, err := Run(Config{Inputs: tc.inputs, Normalize: out, Names: names})
		if err == nil || !strings.Contains(err.Error(), "input "+tc.bad+":") || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%v: error %v, want one naming input %s and saying %q", tc.inputs, err, tc.bad, tc.reason)
		}
		for _, p := range []string{out, out + pio.PartialSuffix} {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Errorf("%v: %s exists after bad input", tc.inputs, p)
			}
		}
	}
	_, err := Run(Config{Inputs: []Input{{good, "x"}}, Normalize: filepath.Join(dir, "no", "out.h5"), Names: []string{"x"}})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("output in a missing directory: error %v", err)
	}
	_, err = Run(Config{Inputs: []Input{{good, "x"}}, Chunk: MaxChunkValues})
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("Chunk %d: ", MaxChunkValues)) {
		t.Errorf("oversized chunk: error %v", err)
	}
}

// The extremes of integer tables are exact, as np.min and np.max give
// them, where float64 would round: int64 beyond 2^53, uint64 beyond
// 2^63, and the two mixed in one column; the table and the JSON print
// every digit. Read in chunks of every size, as ranks would merge them.
func TestExactIntegerExtremes(t *testing.T) {
	dir := t.TempDir()
	big := int64(1) << 62
	signed := filepath.Join(dir, "i.h5")
	h5test.MustWrite(t, signed, h5test.Dataset{Name: "x", Dims: []uint{3}, Data: []int64{big + 3, big + 1, big + 2}},
		h5test.Dataset{Name: "neg", Dims: []uint{2}, Data: []int64{-big - 1, 5}})
	unsigned := filepath.Join(dir, "u.h5")
	h5test.MustWrite(t, unsigned, h5test.Dataset{Name: "x", Dims: []uint{2}, Data: []uint64{1<<64 - 1, 1 << 63}},
		h5test.Dataset{Name: "small", Dims: []uint{2}, Data: []uint32{1<<32 - 1, 7}})
	for _, tc := range []struct {
		inputs   []Input
		min, max string
	}{
		{[]Input{{signed, "x"}}, "4611686018427387905", "4611686018427387907"},
		{[]Input{{unsigned, "x"}}, "9223372036854775808", "18446744073709551615"},
		{[]Input{{signed, "neg"}, {unsigned, "x"}}, "-4611686018427387905", "18446744073709551615"},
		{[]Input{{signed, "x"}, {unsigned, "small"}}, "7", "4611686018427387907"},
	} {
		for _, chunk := range []int{0, 1, 2} {
			res, err := Run(Config{Inputs: tc.inputs, Chunk: chunk})
			if err != nil {
				t.Fatalf("%v: %v", tc.inputs, err)
			}
			c := res.Columns[0]
			if c.IntMin != tc.min || c.IntMax != tc.max {
				t.Errorf("%v, chunk %d: extremes %s, %s; want %s, %s", tc.inputs, chunk, c.IntMin, c.IntMax, tc.min, tc.max)
			}
			var table, js strings.Builder
			if err := WriteTable(&table, res); err != nil {
				t.Fatal(err)
			}
			if err := WriteJSON(&js, res); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{" " + tc.min + " ", " " + tc.max + " "} {
				if !strings.Contains(table.String(), want) {
					t.Errorf("%v: the table lacks %q:\n%s", tc.inputs, want, table.String())
				}
			}
			if want := `"min":` + tc.min + `,"max":` + tc.max + `,`; !strings.Contains(js.String(), want) {
				t.Errorf("%v: the JSON lacks %s:\n%s", tc.inputs, want, js.String())
			}
		}
	}
	// A float input in the column: no exact extremes to give.
	f := filepath.Join(dir, "f.h5")
	h5test.MustWrite(t, f, h5test.Dataset{Name: "x", Dims: []uint{1}, Data: []float64{0.5}})
	res, err := Run(Config{Inputs: []Input{{signed, "x"}, {f, "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Columns[0]; c.IntMin != "" || c.IntMax != "" {
		t.Errorf("integers and floats: exact extremes %q, %q; want none", c.IntMin, c.IntMax)
	}
}

// A 3-D dataset is a table of its first dimension's rows, the others
// flattened into columns (numpy's axis 0): a galaxy file's float32
// pos_pt (N, T, 3) gives, for each sample and coordinate, the statistics
// over the particles; its normalised copy keeps the shape.
func TestRunThreeD(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.h5")
	const n, steps = 5, 3
	pos := make([]float32, n*steps*2)
	for i := range pos {
		pos[i] = float32(i*i%17) + 0.25
	}
	h5test.MustWrite(t, p, h5test.Dataset{Name: "pos_pt", Dims: []uint{n, steps, 2}, Data: pos})
	out := filepath.Join(dir, "norm.h5")
	res, err := Run(Config{Inputs: []Input{{p, "pos_pt"}}, Chunk: 2, Normalize: out, Names: []string{"pos_pt"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != n || res.Cols != steps*2 || len(res.Columns) != steps*2 {
		t.Fatalf("%d rows, %d columns (%d), want %d, %d", res.Rows, res.Cols, len(res.Columns), n, steps*2)
	}
	for c := range res.Columns {
		var col []float64
		for i := 0; i < n; i++ {
			col = append(col, float64(pos[i*steps*2+c]))
		}
		sameColumn(t, fmt.Sprintf("column %d", c), res.Columns[c], reference(col), 1e-12)
	}
	v, dims, err := h5test.ReadFloat64(out, "pos_pt")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(dims) != "[5 3 2]" {
		t.Fatalf("normalised shape %v, want [5 3 2]", dims)
	}
	for k, x := range v {
		c := res.Columns[k%(steps*2)]
		if want := (float64(pos[k]) - c.Min) / (c.Max - c.Min); x != want {
			t.Fatalf("normalised element %d = %v, want %v", k, x, want)
		}
	}
}
