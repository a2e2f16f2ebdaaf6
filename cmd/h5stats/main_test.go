//go:build mpi

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

var bin string // the h5stats under test, built with real MPI

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "h5stats-test")
	if err != nil {
		panic(err)
	}
	if err := mpitest.Build(dir, "./cmd/h5stats"); err != nil {
		os.RemoveAll(dir)
		panic(err)
	}
	bin = filepath.Join(dir, "h5stats")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func mustRun(t *testing.T, ranks int, dir string, args ...string) mpitest.Result {
	t.Helper()
	return mpitest.MustRun(t, ranks, 2*time.Minute, dir, bin, args...)
}

// The -json document, as a user's script would read it.
type doc struct {
	Ranks, Rows, Columns int
	Inputs               []struct {
		File, Dataset string
		Shape         []int
	}
	Stats []struct {
		Column              int
		Count               int64
		Min, Max, Mean, Std float64
	}
}

func decode(t *testing.T, r mpitest.Result) doc {
	t.Helper()
	var d doc
	if err := json.Unmarshal([]byte(r.Stdout), &d); err != nil {
		t.Fatalf("-json output: %v\nstdout:\n%s\nstderr:\n%s", err, r.Stdout, r.Stderr)
	}
	return d
}

// normalTable is the notebook's data: rows×cols values, row-major,
// column j drawn from a normal distribution of mean j and deviation 1.
func normalTable(rows, cols int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	x := make([]float64, rows*cols)
	for j := 0; j < cols; j++ {
		for i := 0; i < rows; i++ {
			x[i*cols+j] = float64(j) + r.NormFloat64()
		}
	}
	return x
}

func relClose(got, want, tol float64) bool {
	return got == want || math.Abs(got-want) <= tol*math.Abs(want)
}

// checkSerial compares the statistics with a serial computation over the
// whole table x (row-major, cols columns): gonum's two-pass population
// mean and deviation, to 1e-12 relative; count, min and max exactly.
func checkSerial(t *testing.T, d doc, x []float64, cols int) {
	t.Helper()
	if d.Columns != cols || d.Rows != len(x)/cols || len(d.Stats) != cols {
		t.Fatalf("%d rows, %d columns, %d stats; want %d rows, %d columns", d.Rows, d.Columns, len(d.Stats), len(x)/cols, cols)
	}
	for j, s := range d.Stats {
		c := h5test.Column(x, cols, j)
		mean, std := stat.PopMeanStdDev(c, nil)
		lo, hi := c[0], c[0]
		for _, v := range c {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if s.Column != j || s.Count != int64(len(c)) || s.Min != lo || s.Max != hi ||
			!relClose(s.Mean, mean, 1e-12) || !relClose(s.Std, std, 1e-12) {
			t.Errorf("column %d: count %d, min %v, max %v, mean %v, std %v\nwant count %d, min %v, max %v, mean %v, std %v",
				j, s.Count, s.Min, s.Max, s.Mean, s.Std, len(c), lo, hi, mean, std)
		}
	}
}

var reportRE = regexp.MustCompile(`(?m)^h5stats: rank (\d+): (\d+) rows, \[\d+, \d+\) of \d+: (.*?)(?: in [0-9.]+ s)?$`)

// rankRows reads the -ranks-report lines: rows and pieces per rank.
func rankRows(t *testing.T, stderr string, ranks int) (rows []int, pieces []string) {
	t.Helper()
	rows, pieces = make([]int, ranks), make([]string, ranks)
	seen := 0
	for _, m := range reportRE.FindAllStringSubmatch(stderr, -1) {
		var r, n int
		fmt.Sscan(m[1], &r)
		fmt.Sscan(m[2], &n)
		if r < 0 || r >= ranks {
			t.Fatalf("report of rank %d of %d:\n%s", r, ranks, stderr)
		}
		rows[r], pieces[r] = n, m[3]
		seen++
	}
	seen += strings.Count(stderr, ": no rows (")
	if seen != ranks {
		t.Fatalf("%d rank reports, want %d:\n%s", seen, ranks, stderr)
	}
	return rows, pieces
}

// The notebook's dataset on 3 ranks: 17929, 17929 and 17928 rows, and the
// statistics of the serial computation.
func TestKoshDataset(t *testing.T) {
	dir := t.TempDir()
	x := normalTable(53786, 5, 1)
	h5test.MustWrite(t, filepath.Join(dir, "my_data.h5"), h5test.Dataset{Name: "normal", Dims: []uint{53786, 5}, Data: x})
	r := mustRun(t, 3, dir, "-json", "-ranks-report", "my_data.h5:normal")
	rows, pieces := rankRows(t, r.Stderr, 3)
	if fmt.Sprint(rows) != "[17929 17929 17928]" {
		t.Errorf("rows per rank %v, want [17929 17929 17928]\n%s", rows, r.Stderr)
	}
	if want := "my_data.h5:normal rows [35858, 53786)"; pieces[2] != want {
		t.Errorf("rank 2 read %q, want %q", pieces[2], want)
	}
	d := decode(t, r)
	if d.Ranks != 3 || len(d.Inputs) != 1 || fmt.Sprint(d.Inputs[0].Shape) != "[53786 5]" {
		t.Errorf("document %+v", d)
	}
	checkSerial(t, d, x, 5)

	// The table: the same numbers, to full precision.
	r = mustRun(t, 3, dir, "my_data.h5:normal")
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 7 || lines[0] != "# 53786 rows, 5 columns, 1 input, 3 ranks" {
		t.Fatalf("table:\n%s", r.Stdout)
	}
	for j, s := range d.Stats {
		want := fmt.Sprintf("%d %d %v %v %v %v", j, s.Count, s.Min, s.Max, s.Mean, s.Std)
		if got := strings.Join(strings.Fields(lines[2+j]), " "); got != want {
			t.Errorf("table line %q, want %q", got, want)
		}
	}
}

// threeFiles writes the notebook's three files of 60, 120 and 180 rows
// and returns their table and their arguments.
func threeFiles(t *testing.T, dir string) ([]float64, []string) {
	var all []float64
	var args []string
	for n := 0; n < 3; n++ {
		rows := (n + 1) * 60
		x := normalTable(rows, 5, uint64(100+n))
		name := fmt.Sprintf("my_data%d.h5", n)
		h5test.MustWrite(t, filepath.Join(dir, name), h5test.Dataset{Name: "normal", Dims: []uint{uint(rows), 5}, Data: x})
		all = append(all, x...)
		args = append(args, name+":normal")
	}
	return all, args
}

// Three files on 3 ranks: 120 rows each, the serial statistics, and a
// normalised file with min 0 and max 1 in every column, the same bit for
// bit on 1, 2, 3 and 5 ranks (and 3 with collective transfers) and equal
// to the serial normalisation.
func TestThreeFiles(t *testing.T) {
	dir := t.TempDir()
	x, inputs := threeFiles(t, dir)
	r := mustRun(t, 3, dir, append([]string{"-json", "-ranks-report"}, inputs...)...)
	rows, pieces := rankRows(t, r.Stderr, 3)
	if fmt.Sprint(rows) != "[120 120 120]" {
		t.Errorf("rows per rank %v, want [120 120 120]\n%s", rows, r.Stderr)
	}
	for k, want := range []string{
		"my_data0.h5:normal rows [0, 60), my_data1.h5:normal rows [0, 60)",
		"my_data1.h5:normal rows [60, 120), my_data2.h5:normal rows [0, 60)",
		"my_data2.h5:normal rows [60, 180)",
	} {
		if pieces[k] != want {
			t.Errorf("rank %d read %q, want %q", k, pieces[k], want)
		}
	}
	d := decode(t, r)
	checkSerial(t, d, x, 5)

	stamp, err := mpitest.Stamp()
	if err != nil {
		t.Fatal(err)
	}
	var first []float64
	for k, ranks := range []int{1, 2, 3, 5, 3} {
		out := fmt.Sprintf("scaled%d.h5", k)
		mode := "-collective=false"
		if k == 4 {
			mode = "-collective"
		}
		mustRun(t, ranks, dir, append([]string{mode, "-normalize", out}, inputs...)...)
		if v, err := h5test.ReadRootString(filepath.Join(dir, out), "version"); err != nil || v != stamp {
			t.Errorf("%s: version attribute %q (%v), want the build's %q", out, v, err, stamp)
		}
		var got []float64
		for i, name := range []string{"normal_0", "normal_1", "normal_2"} {
			v, dims, err := h5test.ReadFloat64(filepath.Join(dir, out), name)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(dims) != fmt.Sprintf("[%d 5]", (i+1)*60) {
				t.Errorf("%d ranks: %s has dims %v", ranks, name, dims)
			}
			got = append(got, v...)
		}
		for j, s := range d.Stats {
			c := h5test.Column(got, 5, j)
			lo, hi := c[0], c[0]
			for i, v := range c {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
				if want := (x[i*5+j] - s.Min) / (s.Max - s.Min); v != want {
					t.Fatalf("%d ranks: row %d column %d: %v, want %v", ranks, i, j, v, want)
				}
			}
			if lo != 0 || hi != 1 {
				t.Errorf("%d ranks: normalised column %d spans [%v, %v], want [0, 1]", ranks, j, lo, hi)
			}
		}
		if first == nil {
			first = got
			continue
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(first[i]) {
				t.Fatalf("%d ranks: value %d is %v, on 1 rank %v", ranks, i, got[i], first[i])
			}
		}
	}
}

// More rows than -chunk × ranks, in a 2-D and a 1-D dataset: several
// reads per rank, uneven between ranks, with the serial results.
func TestChunking(t *testing.T) {
	dir := t.TempDir()
	x := normalTable(1000, 3, 7)
	y := normalTable(1001, 1, 8)
	h5test.MustWrite(t, filepath.Join(dir, "big.h5"),
		h5test.Dataset{Name: "table", Dims: []uint{1000, 3}, Data: x},
		h5test.Dataset{Name: "series", Dims: []uint{1001}, Data: y})
	for _, tc := range []struct {
		ranks int
		mode  string
	}{{3, "-collective=false"}, {4, "-collective"}} {
		ranks := tc.ranks
		r := mustRun(t, ranks, dir, "-json", tc.mode, "-chunk", "7", "-v", "-normalize", "t.h5", "big.h5:table")
		checkSerial(t, decode(t, r), x, 3)
		if !strings.Contains(r.Stderr, "(chunk 7 rows)") || !strings.Contains(r.Stderr, "normalize: t.h5 written in") {
			t.Errorf("-v report missing:\n%s", r.Stderr)
		}
		v, _, err := h5test.ReadFloat64(filepath.Join(dir, "t.h5"), "table")
		if err != nil {
			t.Fatal(err)
		}
		s := decode(t, r).Stats
		for i := range v {
			if want := (x[i] - s[i%3].Min) / (s[i%3].Max - s[i%3].Min); v[i] != want {
				t.Fatalf("%d ranks: normalised value %d: %v, want %v", ranks, i, v[i], want)
			}
		}
		r = mustRun(t, ranks, dir, "-json", tc.mode, "-chunk", "10", "big.h5:series")
		checkSerial(t, decode(t, r), y, 1)
	}
}

// Integer and float32 inputs of different shapes in several files, more
// ranks than rows of some files, and ranks with no rows at all.
func TestTypesAndEmptyRanks(t *testing.T) {
	dir := t.TempDir()
	i32 := []int32{-3, 7, 100000}
	f32 := []float32{1.25}
	u8 := []uint8{0, 255}
	h5test.MustWrite(t, filepath.Join(dir, "a.h5"), h5test.Dataset{Name: "ints", Dims: []uint{3}, Data: i32})
	h5test.MustWrite(t, filepath.Join(dir, "b.h5"),
		h5test.Dataset{Name: "grp/floats", Dims: []uint{1, 1}, Data: f32},
		h5test.Dataset{Name: "bytes", Dims: []uint{2}, Data: u8})
	var all []float64
	for _, v := range i32 {
		all = append(all, float64(v))
	}
	for _, v := range f32 {
		all = append(all, float64(v))
	}
	for _, v := range u8 {
		all = append(all, float64(v))
	}
	// Collective transfers: ranks without rows join every read and write.
	// 6 rows on 8 ranks: more ranks than any file has rows, two with none.
	for _, mode := range []string{"-collective=false", "-collective"} {
		args := []string{"-json", mode, "-ranks-report", "-chunk", "1", "-normalize", "n.h5", "a.h5:ints", "b.h5:/grp/floats", "b.h5:bytes"}
		r := mustRun(t, 8, dir, args...)
		checkSerial(t, decode(t, r), all, 1)
		if rows, _ := rankRows(t, r.Stderr, 8); fmt.Sprint(rows) != "[1 1 1 1 1 1 0 0]" {
			t.Errorf("%s: rows per rank %v", mode, rows)
		}
		for _, name := range []string{"ints", "grp/floats", "bytes"} {
			if _, _, err := h5test.ReadFloat64(filepath.Join(dir, "n.h5"), name); err != nil {
				t.Errorf("%s: normalised %s: %v", mode, name, err)
			}
		}
		v, _, err := h5test.ReadFloat64(filepath.Join(dir, "n.h5"), "ints")
		if err != nil || fmt.Sprint(v) != fmt.Sprint([]float64{0, 10.0 / 100003, 1}) {
			t.Errorf("%s: normalised ints: %v (%v)", mode, v, err)
		}
	}
}

// Bad input ends the job, non-zero, naming the input, and leaves any
// previous output untouched and no partial file.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	h5test.MustWrite(t, filepath.Join(dir, "good.h5"),
		h5test.Dataset{Name: "x", Dims: []uint{10, 2}, Data: normalTable(10, 2, 1)},
		h5test.Dataset{Name: "three", Dims: []uint{4, 3}, Data: make([]float64, 12)},
		h5test.Dataset{Name: "cube", Dims: []uint{2, 2, 2}, Data: make([]float64, 8)},
		h5test.Dataset{Name: "pairs", Dims: []uint{4}, Data: make([]struct{ A, B int32 }, 4)})
	mustRun(t, 2, dir, "-normalize", "out.h5", "good.h5:x")
	before, err := os.ReadFile(filepath.Join(dir, "out.h5"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		input  string
		reason string
	}{
		{[]string{"good.h5:x", "missing.h5:x"}, "missing.h5:x", "no such file"},
		{[]string{"good.h5:x", "good.h5:nope"}, "good.h5:nope", `no dataset "nope"`},
		{[]string{"good.h5:x", "good.h5:three"}, "good.h5:three", "3 columns"},
		{[]string{"good.h5:x", "good.h5:cube"}, "good.h5:cube", "4 columns (shape [2 2 2])"},
		{[]string{"good.h5:pairs", "good.h5:x"}, "good.h5:pairs", "not a numeric dataset"},
	} {
		r := mpitest.Run(t, 3, time.Minute, dir, bin, append([]string{"-normalize", "out.h5"}, tc.args...)...)
		if r.Code == 0 {
			t.Errorf("%v: exit status 0", tc.args)
		}
		if want := "input " + tc.input + ": "; !strings.Contains(r.Stderr, "h5stats: rank ") ||
			!strings.Contains(r.Stderr, want) || !strings.Contains(r.Stderr, tc.reason) {
			t.Errorf("%v: stderr does not say %q ... %q:\n%s", tc.args, want, tc.reason, r.Stderr)
		}
		if r.Stdout != "" {
			t.Errorf("%v: stdout %q", tc.args, r.Stdout)
		}
		after, err := os.ReadFile(filepath.Join(dir, "out.h5"))
		if err != nil || string(after) != string(before) {
			t.Errorf("%v: previous out.h5 changed or gone (%v)", tc.args, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "out.h5.partial")); !os.IsNotExist(err) {
			t.Errorf("%v: out.h5.partial exists", tc.args)
		}
		if r.Elapsed > 30*time.Second {
			t.Errorf("%v: took %v to fail", tc.args, r.Elapsed)
		}
	}
}

// num is a number of the -json document: a JSON number, or the string
// "NaN", "+Inf" or "-Inf" for a value JSON numbers cannot hold.
type num float64

func (x *num) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		v, err := strconv.ParseFloat(s, 64)
		*x = num(v)
		return err
	}
	var v float64
	err := json.Unmarshal(b, &v)
	*x = num(v)
	return err
}

// exactStats is the mean and population std of finite x computed with
// 2200-bit floats, in which every sum here is exact, rounded once.
func exactStats(x []float64) (mean, std float64) {
	const prec = 2200
	sum := new(big.Float).SetPrec(prec)
	for _, v := range x {
		sum.Add(sum, big.NewFloat(v))
	}
	n := new(big.Float).SetPrec(prec).SetInt64(int64(len(x)))
	m := new(big.Float).SetPrec(prec).Quo(sum, n)
	m2 := new(big.Float).SetPrec(prec)
	for _, v := range x {
		d := new(big.Float).SetPrec(prec).Sub(big.NewFloat(v), m)
		m2.Add(m2, d.Mul(d, d))
	}
	mean, _ = m.Float64()
	std, _ = new(big.Float).SetPrec(prec).Sqrt(m2.Quo(m2, n)).Float64()
	return mean, std
}

// Extreme finite values and NaN and infinities, in two files, on 1, 2 and
// 3 ranks with several -chunk values: every run gives the exact mean and
// std of the finite columns to rounding (the mean relative to the largest
// |x|, as its rounding scales with the values summed), finite however
// near the float64 limit the values are, and numpy's np.min, np.max,
// np.mean and np.std for the columns holding NaN or an infinity.
func TestExtremeValues(t *testing.T) {
	dir := t.TempDir()
	const rows, cols = 301, 8
	nan, inf, big := math.NaN(), math.Inf(1), math.MaxFloat64
	r := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, rows*cols)
	for i := 0; i < rows; i++ {
		row := x[i*cols : (i+1)*cols]
		row[0] = []float64{1e308, -1e308, 1e308}[i%3] // issue 9's rows
		row[1] = 1e308 + 1e306*r.NormFloat64()
		row[2] = 1e-200 * r.NormFloat64() // squares below the float64 range
		row[3] = []float64{big, -big, big / 3}[i%3]
		for j := 4; j < cols; j++ {
			row[j] = float64(j) + r.NormFloat64()
		}
	}
	x[150*cols+4] = nan
	x[300*cols+5] = inf
	x[0*cols+6], x[200*cols+6] = -inf, inf
	x[77*cols+7] = -inf
	h5test.MustWrite(t, filepath.Join(dir, "a.h5"), h5test.Dataset{Name: "x", Dims: []uint{151, cols}, Data: x[:151*cols]})
	h5test.MustWrite(t, filepath.Join(dir, "b.h5"), h5test.Dataset{Name: "x", Dims: []uint{rows - 151, cols}, Data: x[151*cols:]})

	type stats struct{ count, min, max, mean, std float64 }
	want := make([]stats, cols)
	for j := range want {
		c := h5test.Column(x, cols, j)
		lo, hi := c[0], c[0]
		for _, v := range c {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		want[j] = stats{count: rows, min: lo, max: hi}
		if j < 4 {
			want[j].mean, want[j].std = exactStats(c)
		}
	}
	want[4] = stats{rows, nan, nan, nan, nan}
	want[5].mean, want[5].std = inf, nan
	want[6].mean, want[6].std = nan, nan
	want[7].mean, want[7].std = -inf, nan
	for j := 0; j < 4; j++ {
		if w := want[j]; math.IsInf(w.mean, 0) || math.IsInf(w.std, 0) || w.std == 0 {
			t.Fatalf("column %d: exact mean %v, std %v: not what the test needs", j, w.mean, w.std)
		}
	}

	same := func(got, want, tol float64) bool {
		switch {
		case math.IsNaN(want) || math.IsNaN(got):
			return math.IsNaN(want) && math.IsNaN(got)
		case math.IsInf(want, 0) || math.IsInf(got, 0):
			return got == want
		}
		return math.Abs(got-want) <= tol
	}
	for _, ranks := range []int{1, 2, 3} {
		for _, chunk := range []string{"1", "2", "7", "0"} {
			res := mustRun(t, ranks, dir, "-json", "-chunk", chunk, "a.h5:x", "b.h5:x")
			var d struct {
				Stats []struct{ Count, Min, Max, Mean, Std num }
			}
			if err := json.Unmarshal([]byte(res.Stdout), &d); err != nil || len(d.Stats) != cols {
				t.Fatalf("%d ranks, -chunk %s: %v\n%s", ranks, chunk, err, res.Stdout)
			}
			for j, s := range d.Stats {
				w := want[j]
				scale := math.Max(math.Abs(w.min), math.Abs(w.max))
				if float64(s.Count) != w.count || !same(float64(s.Min), w.min, 0) || !same(float64(s.Max), w.max, 0) ||
					!same(float64(s.Mean), w.mean, 1e-12*scale) || !same(float64(s.Std), w.std, 1e-12*math.Abs(w.std)) {
					t.Errorf("%d ranks, -chunk %s, column %d: %+v\nwant %+v", ranks, chunk, j, s, w)
				}
			}
		}
	}
}

// A galaxy file written on 2 ranks with -every 4 -float32 reduces on 2
// ranks: pos_pt (37, 76, 3) float32 is 37 rows of 228 columns, each a
// coordinate at a sample over the particles, with the statistics of the
// values stored; its float64 time reduces beside it.
func TestGalaxyFloat32(t *testing.T) {
	dir, gbin := t.TempDir(), t.TempDir()
	if err := mpitest.Build(gbin, "./cmd/galaxy"); err != nil {
		t.Fatal(err)
	}
	mpitest.MustRun(t, 2, 3*time.Minute, dir, filepath.Join(gbin, "galaxy"), "-n", "37", "-steps", "300", "-every", "4", "-float32", "-o", "thin.h5")
	pos, dims, err := h5test.ReadFloat32(filepath.Join(dir, "thin.h5"), "pos_pt")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(dims) != "[37 76 3]" {
		t.Fatalf("pos_pt: shape %v, want [37 76 3]", dims)
	}
	d := decode(t, mustRun(t, 2, dir, "-json", "-chunk", "5", "thin.h5:pos_pt"))
	if d.Rows != 37 || d.Columns != 228 || len(d.Stats) != 228 || fmt.Sprint(d.Inputs[0].Shape) != "[37 76 3]" {
		t.Fatalf("%d rows, %d columns, %d stats, shape %v; want 37, 228, 228, [37 76 3]", d.Rows, d.Columns, len(d.Stats), d.Inputs[0].Shape)
	}
	for c, st := range d.Stats {
		col := make([]float64, 37)
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range col {
			col[i] = float64(pos[i*228+c])
			lo, hi = min(lo, col[i]), max(hi, col[i])
		}
		mean, std := exactStats(col)
		if st.Count != 37 || st.Min != lo || st.Max != hi || math.Abs(st.Mean-mean) > 1e-12*math.Abs(mean) || math.Abs(st.Std-std) > 1e-9*std {
			t.Fatalf("column %d: %+v, want count 37, min %v, max %v, mean %v, std %v", c, st, lo, hi, mean, std)
		}
	}
	d = decode(t, mustRun(t, 2, dir, "-json", "thin.h5:time"))
	if d.Rows != 76 || d.Stats[0].Min != 0 || d.Stats[0].Max != 35000 {
		t.Errorf("time: %d rows, min %v, max %v; want 76, 0, 35000", d.Rows, d.Stats[0].Min, d.Stats[0].Max)
	}
}
