package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// relClose reports whether got is within tol of want, relative to |want|
// (absolute when want is 0).
func relClose(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), math.SmallestNonzeroFloat64)
}

// reference is the exact statistics of x, rounded once: mean and M2 are
// computed with 1024-bit floats, in which every sum here is exact.
func reference(x []float64) Column {
	if len(x) == 0 {
		return Column{Min: math.NaN(), Max: math.NaN(), Mean: math.NaN(), Std: math.NaN()}
	}
	const prec = 1024
	nb := new(big.Float).SetPrec(prec).SetInt64(int64(len(x)))
	sum := new(big.Float).SetPrec(prec)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, y := range x {
		sum.Add(sum, big.NewFloat(y))
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	mean := new(big.Float).SetPrec(prec).Quo(sum, nb)
	m2 := new(big.Float).SetPrec(prec)
	d := new(big.Float).SetPrec(prec)
	for _, y := range x {
		d.Sub(big.NewFloat(y), mean)
		m2.Add(m2, d.Mul(d, d))
	}
	m, _ := mean.Float64()
	// The square root before rounding: the variance of finite data may
	// exceed the float64 range when its std does not.
	std, _ := new(big.Float).SetPrec(prec).Sqrt(m2.Quo(m2, nb)).Float64()
	return Column{Count: int64(len(x)), Min: lo, Max: hi, Mean: m, Std: std}
}

// The exact reference agrees with gonum's serial two-pass computation.
func TestReference(t *testing.T) {
	x := normal(1000, 3, 2, 9)
	mean, std := stat.PopMeanStdDev(x, nil)
	if r := reference(x); !relClose(r.Mean, mean, 1e-14) || !relClose(r.Std, std, 1e-14) {
		t.Errorf("reference %v %v, gonum %v %v", r.Mean, r.Std, mean, std)
	}
}

func sameColumn(t *testing.T, what string, got, want Column, tol float64) {
	t.Helper()
	if got.Count != want.Count || !relClose(got.Min, want.Min, 0) || !relClose(got.Max, want.Max, 0) ||
		!relClose(got.Mean, want.Mean, tol) || !relClose(got.Std, want.Std, tol) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func normal(n int, mean, sd float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = mean + sd*r.NormFloat64()
	}
	return x
}

var datasets = []struct {
	name string
	x    []float64
}{
	{"one value", []float64{3.5}},
	{"two values", []float64{-1, 1}},
	{"constant", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}},
	{"integers", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	{"normal", normal(10007, 2, 1, 1)},
	// A large offset and a small spread: sums of squares would lose
	// twelve digits of the variance here.
	{"offset 1e6", normal(5003, 1e6, 1, 2)},
	{"negative offset", normal(999, -1e6, 10, 3)},
}

func TestAdd(t *testing.T) {
	for _, d := range datasets {
		m := Empty()
		for _, x := range d.x {
			m.Add(x)
		}
		sameColumn(t, d.name, m.Column(), reference(d.x), 1e-9)
	}
}

// Merging summaries of the parts, however split, gives the whole.
func TestMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, d := range datasets {
		for _, parts := range []int{1, 2, 3, 17} {
			total := Empty()
			lo := 0
			for p := 0; p < parts; p++ {
				hi := len(d.x)
				if p < parts-1 {
					hi = lo + r.IntN(len(d.x)-lo+1)
				}
				acc := NewAcc(1)
				acc.AddRows(d.x[lo:hi])
				total.Merge(acc.Cols[0])
				lo = hi
			}
			sameColumn(t, d.name, total.Column(), reference(d.x), 1e-12)
		}
	}
}

func TestEmpty(t *testing.T) {
	m := Empty()
	m.Merge(Empty())
	c := m.Column()
	if c.Count != 0 || !math.IsNaN(c.Min) || !math.IsNaN(c.Max) || !math.IsNaN(c.Mean) || !math.IsNaN(c.Std) {
		t.Errorf("no values: %+v, want count 0 and NaN", c)
	}
	a := NewAcc(3)
	a.AddRows(nil)
	a.Cols[1].Merge(Empty())
	for j, c := range a.Columns() {
		if c.Count != 0 || !math.IsNaN(c.Mean) {
			t.Errorf("column %d of no rows: %+v", j, c)
		}
	}
}

// AddRows on row-major blocks of several columns, split into blocks of
// every size, agrees with the reference column by column.
func TestAddRows(t *testing.T) {
	const rows = 1001
	for _, cols := range []int{1, 2, 5, 13} {
		x := make([]float64, rows*cols)
		col := make([][]float64, cols)
		for j := range col {
			col[j] = normal(rows, float64(j)*10, float64(j+1), uint64(j))
			for i, v := range col[j] {
				x[i*cols+j] = v
			}
		}
		for _, block := range []int{1, 3, 64, rows} {
			a := NewAcc(cols)
			for lo := 0; lo < rows; lo += block {
				hi := min(lo+block, rows)
				a.AddRows(x[lo*cols : hi*cols])
			}
			for j, c := range a.Columns() {
				sameColumn(t, "cols", c, reference(col[j]), 1e-12)
			}
		}
	}
}

func TestAddRowsPartialRow(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AddRows of 5 values in 2 columns did not panic")
		}
	}()
	NewAcc(2).AddRows(make([]float64, 5))
}

func TestScaling(t *testing.T) {
	nan := math.NaN()
	cols := []Column{{NanMin: -2, NanMax: 6}, {NanMin: 5, NanMax: 5}, {NanMin: 0.1, NanMax: 0.7}}
	rows := []float64{
		-2, 5, 0.1,
		6, 5, 0.7,
		2, nan, 0.3,
		nan, 5, 0.7,
	}
	want := []float64{
		0, 0, 0,
		1, 0, 1,
		0.5, nan, (0.3 - 0.1) / (0.7 - 0.1),
		nan, 0, 1,
	}
	NewScaling(cols).Apply(rows)
	for i := range rows {
		if !relClose(rows[i], want[i], 0) {
			t.Errorf("row %d column %d: %v, want %v", i/3, i%3, rows[i], want[i])
		}
	}
}

// The test data tells a stable merge from sums of squares: on the offset
// column, Σx²/n − mean² is wrong in the leading digits, while merged
// chunk summaries are right to 1e-12.
func TestNotSumsOfSquares(t *testing.T) {
	x := normal(5003, 1e6, 1, 2)
	var s, s2 float64
	for _, v := range x {
		s += v
		s2 += v * v
	}
	n := float64(len(x))
	naive := math.Sqrt(math.Abs(s2/n - (s/n)*(s/n)))
	want := reference(x).Std
	if relClose(naive, want, 1e-6) {
		t.Fatalf("sums of squares give std %v, exact %v: the data does not test stability", naive, want)
	}
	total := Empty()
	for lo := 0; lo < len(x); lo += 1000 {
		a := NewAcc(1)
		a.AddRows(x[lo:min(lo+1000, len(x))])
		total.Merge(a.Cols[0])
	}
	if got := total.Column().Std; !relClose(got, want, 1e-12) {
		t.Errorf("merged std %v, exact %v (sums of squares: %v)", got, want, naive)
	}
}
