package stats

import (
	"fmt"
	"math"
	"testing"
)

// sameOrClose: both NaN, or equal (infinities included), or within tol
// relative to |want|.
func sameOrClose(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return relClose(got, want, tol)
}

// checkEveryWay computes x's statistics every way h5stats may: one
// AddRows call, AddRows in chunks of every size merged as ranks are, with
// x as the second of two columns, and value by value with Add. Each way
// must give want: count, min and max exactly, std within tol relative,
// and a finite mean within tol relative to the largest |x| (the rounding
// of a mean scales with the values summed: their mean may cancel to near
// 0).
func checkEveryWay(t *testing.T, name string, x []float64, want Column, tol float64) {
	t.Helper()
	scale := math.Max(math.Abs(want.Min), math.Abs(want.Max))
	check := func(how string, got Column) {
		t.Helper()
		meanOK := sameOrClose(got.Mean, want.Mean, 0) ||
			!math.IsInf(scale, 0) && math.Abs(got.Mean-want.Mean) <= tol*scale
		if got.Count != want.Count || !sameOrClose(got.Min, want.Min, 0) || !sameOrClose(got.Max, want.Max, 0) ||
			!meanOK || !sameOrClose(got.Std, want.Std, tol) {
			t.Errorf("%s, %s:\n got %+v\nwant %+v", name, how, got, want)
		}
	}
	for _, chunk := range []int{len(x), 1, 2, 3, 7, 64, 2049} {
		total := Empty()
		for lo := 0; lo < len(x); lo += chunk {
			a := NewAcc(1)
			a.AddRows(x[lo:min(lo+chunk, len(x))])
			total.Merge(a.Cols[0])
		}
		check(fmt.Sprintf("chunks of %d", chunk), total.Column())
	}
	two := make([]float64, 2*len(x))
	for i, v := range x {
		two[2*i], two[2*i+1] = float64(i), v
	}
	a := NewAcc(2)
	a.AddRows(two)
	check("second of two columns", a.Columns()[1])
	m := Empty()
	for _, v := range x {
		m.Add(v)
	}
	check("Add", m.Column())
}

// repeat returns n values cycling through pattern.
func repeat(n int, pattern ...float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = pattern[i%len(pattern)]
	}
	return x
}

// with returns a copy of x with v at each of the positions.
func with(x []float64, v float64, at ...int) []float64 {
	y := append([]float64(nil), x...)
	for _, i := range at {
		y[i] = v
	}
	return y
}

// Finite data, however extreme, gives the exact statistics rounded: no
// overflow of sums, deviations or their squares, and no underflow of the
// squares of tiny deviations, whatever the chunks.
func TestExtremeFinite(t *testing.T) {
	big := math.MaxFloat64
	for _, d := range []struct {
		name string
		x    []float64
	}{
		{"issue 9", []float64{1e308, -1e308, 1e308}},
		{"±max", []float64{big, -big}},
		{"max thrice", []float64{big, big, big}},
		{"±max and 1", []float64{big, 1, -big, 1, big}},
		{"huge alternating", repeat(5001, 1e308, -1e308, 1e308, 1.5e308)},
		{"offset 1e308", normal(5003, 1e308, 1e306, 4)},
		{"spread 1e307", normal(4099, 0, 1e307, 5)},
		{"spread 1e200", normal(3000, 0, 1e200, 6)},
		{"huge and small blocks", append(normal(3000, 0, 1, 7), repeat(3000, 1e308, -1e308)...)},
		{"tiny", []float64{1e-300, 3e-300, 2e-300}},
		{"tiny spread", normal(3000, 0, 1e-200, 8)},
		{"subnormal", []float64{5e-324, 0, 1e-323, 0}},
		{"zeros then tiny", append(make([]float64, 3000), repeat(100, 1e-200, 3e-200)...)},
		{"tiny offset", normal(2500, 3e-157, 1e-158, 9)},
	} {
		want := reference(d.x)
		if math.IsInf(want.Mean, 0) || math.IsInf(want.Std, 0) || want.Std == 0 && d.name != "max thrice" {
			t.Fatalf("%s: reference %+v: the data does not test what it should", d.name, want)
		}
		checkEveryWay(t, d.name, d.x, want, 1e-12)
	}
}

// NaN and infinities give numpy's np.min, np.max, np.mean and np.std of
// the column: any NaN makes all four NaN; an infinity makes the mean that
// infinity (NaN if both are there) and the std NaN. The count is every
// row, NaN included.
func TestSpecialValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	n5 := normal(5000, 3, 1, 10)
	ref := reference(n5)
	for _, d := range []struct {
		name                string
		x                   []float64
		min, max, mean, std float64
	}{
		{"NaN first", []float64{nan, 1, 2}, nan, nan, nan, nan},
		{"NaN last", []float64{1, 2, nan}, nan, nan, nan, nan},
		{"only NaN", []float64{nan, nan}, nan, nan, nan, nan},
		{"NaN and +Inf", []float64{inf, nan, 1}, nan, nan, nan, nan},
		{"one NaN in 5000", with(n5, nan, 4321), nan, nan, nan, nan},
		{"+Inf", []float64{1, inf, 2}, 1, inf, inf, nan},
		{"-Inf", []float64{-inf, 1}, -inf, 1, -inf, nan},
		{"+Inf twice", []float64{inf, inf}, inf, inf, inf, nan},
		{"+Inf and -Inf", []float64{inf, 1, -inf}, -inf, inf, nan, nan},
		{"+Inf and huge", []float64{1e308, inf, -1e308, 1e308}, -1e308, inf, inf, nan},
		{"-Inf in 5000", with(n5, -inf, 17, 2500), -inf, ref.Max, -inf, nan},
		{"±Inf in 5000", with(n5, inf, 4999, 0, 3000), ref.Min, inf, inf, nan},
		{"both Infs in 5000", with(with(n5, -inf, 100), inf, 4000), -inf, inf, nan, nan},
	} {
		want := Column{Count: int64(len(d.x)), Min: d.min, Max: d.max, Mean: d.mean, Std: d.std}
		checkEveryWay(t, d.name, d.x, want, 0)
	}
	// Min and max are numpy's nanmin and nanmax when no value is NaN.
	a := NewAcc(1)
	a.AddRows([]float64{2, nan, -inf, 5})
	if c := a.Columns()[0]; c.NanMin != -inf || c.NanMax != 5 {
		t.Errorf("NanMin, NanMax = %v, %v; want -Inf, 5", c.NanMin, c.NanMax)
	}
	a = NewAcc(1)
	a.AddRows([]float64{nan})
	if c := a.Columns()[0]; !math.IsNaN(c.NanMin) || !math.IsNaN(c.NanMax) {
		t.Errorf("only NaN: NanMin, NanMax = %v, %v; want NaN", c.NanMin, c.NanMax)
	}
}

// Normalising a finite column whose max − min overflows still maps min
// to 0 and max to 1; a column holding an infinity has no finite scale and
// maps to NaN; NaN stays NaN.
func TestScalingExtremes(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	big := math.MaxFloat64
	cols := []Column{{NanMin: -big, NanMax: big}, {NanMin: 0, NanMax: inf}, {NanMin: -1e308, NanMax: 1e308}}
	rows := []float64{
		-big, 0, 1e308,
		big, inf, -1e308,
		0, 5, 0,
		nan, nan, 5e307,
	}
	want := []float64{
		0, nan, 1,
		1, nan, 0,
		0.5, nan, 0.5,
		nan, nan, 0.75,
	}
	NewScaling(cols).Apply(rows)
	for i := range rows {
		if !sameOrClose(rows[i], want[i], 1e-15) {
			t.Errorf("row %d column %d: %v, want %v", i/3, i%3, rows[i], want[i])
		}
	}
}
