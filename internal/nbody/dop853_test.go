package nbody

import (
	"math"
	"testing"
)

// oscillators is three uncoupled harmonic oscillators, d²x_i/dt² = −ω_i²·x_i,
// with positions in y[0:3] and velocities in y[3:6].
type oscillators struct{ w [3]float64 }

func (o *oscillators) eval(_ float64, y, dy *[6]float64) {
	for i, w := range o.w {
		dy[i] = y[3+i]
		dy[3+i] = -w * w * y[i]
	}
}

// exact returns the solution at t that starts at x = 1, v = 0.
func (o *oscillators) exact(t float64) [6]float64 {
	var y [6]float64
	for i, w := range o.w {
		y[i] = math.Cos(w * t)
		y[3+i] = -w * math.Sin(w*t)
	}
	return y
}

func maxDiff(a, b [6]float64) float64 {
	var m float64
	for i := range a {
		m = max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

var testOsc = oscillators{w: [3]float64{1, 2, 0.5}}

func TestCoefficientSums(t *testing.T) {
	// Row sums of the Runge–Kutta matrix equal the nodes; weights sum to
	// one; error and dense-output weights sum to zero. A mistyped digit
	// anywhere shows up here (or in the order tests below).
	for _, tc := range []struct {
		name string
		want float64
		row  []float64
	}{
		{"a2", c2, []float64{a21}},
		{"a3", c3, []float64{a31, a32}},
		{"a4", c4, []float64{a41, a43}},
		{"a5", c5, []float64{a51, a53, a54}},
		{"a6", c6, []float64{a61, a64, a65}},
		{"a7", c7, []float64{a71, a74, a75, a76}},
		{"a8", c8, []float64{a81, a84, a85, a86, a87}},
		{"a9", c9, []float64{a91, a94, a95, a96, a97, a98}},
		{"a10", c10, []float64{a101, a104, a105, a106, a107, a108, a109}},
		{"a11", c11, []float64{a111, a114, a115, a116, a117, a118, a119, a1110}},
		{"a12", 1, []float64{a121, a124, a125, a126, a127, a128, a129, a1210, a1211}},
		{"a14", c14, []float64{a141, a147, a148, a149, a1410, a1411, a1412, a1413}},
		{"a15", c15, []float64{a151, a156, a157, a158, a1511, a1512, a1513, a1514}},
		{"a16", c16, []float64{a161, a166, a167, a168, a169, a1613, a1614, a1615}},
		{"b", 1, []float64{b1, b6, b7, b8, b9, b10, b11, b12}},
		{"bhh", 1, []float64{bhh1, bhh2, bhh3}},
		{"er", 0, []float64{er1, er6, er7, er8, er9, er10, er11, er12}},
		{"d4", 0, []float64{d41, d46, d47, d48, d49, d410, d411, d412, d413, d414, d415, d416}},
		{"d5", 0, []float64{d51, d56, d57, d58, d59, d510, d511, d512, d513, d514, d515, d516}},
		{"d6", 0, []float64{d61, d66, d67, d68, d69, d610, d611, d612, d613, d614, d615, d616}},
		{"d7", 0, []float64{d71, d76, d77, d78, d79, d710, d711, d712, d713, d714, d715, d716}},
	} {
		var sum, scale float64
		for _, a := range tc.row {
			sum += a
			scale += math.Abs(a)
		}
		if math.Abs(sum-tc.want) > 1e-15*scale {
			t.Errorf("%s: sum %.17g, want %.17g", tc.name, sum, tc.want)
		}
	}
}

// fixedSteps integrates the oscillators over [0, T] with n equal steps,
// ignoring the error estimate.
func fixedSteps(T float64, n int) [6]float64 {
	d := dop853[[6]float64, *oscillators]{f: &testOsc, rtol: 1, atol: 1}
	d.y = testOsc.exact(0)
	h := T / float64(n)
	for i := 0; i < n; i++ {
		t := float64(i) * h
		d.f.eval(t, &d.y, &d.k[0])
		d.trial(t, h)
		d.y = d.y1
	}
	return d.y
}

func TestOrderFixedStep(t *testing.T) {
	// The global error of an 8th-order method falls by 2^8 when the step
	// is halved.
	const T = 10
	want := testOsc.exact(T)
	prev := maxDiff(fixedSteps(T, 20), want)
	for _, n := range []int{40, 80} {
		e := maxDiff(fixedSteps(T, n), want)
		order := math.Log2(prev / e)
		t.Logf("n=%d: error %.3g, observed order %.2f", n, e, order)
		if order < 7.5 || order > 8.7 {
			t.Errorf("n=%d: observed order %.2f, want about 8", n, order)
		}
		prev = e
	}
}

// oneStepDense takes one step of size h from 0 and returns the dense
// output at theta·h.
func oneStepDense(h, theta float64) [6]float64 {
	d := dop853[[6]float64, *oscillators]{f: &testOsc, rtol: 1, atol: 1}
	d.y = testOsc.exact(0)
	d.f.eval(0, &d.y, &d.k[0])
	d.trial(0, h)
	d.f.eval(h, &d.y1, &d.k[12])
	d.dense(0, h)
	var y [6]float64
	d.denseAt(theta, &y)
	return y
}

func TestDenseOutputOrder(t *testing.T) {
	// The dense output is of order 7: its error inside one step is O(h^8).
	for _, theta := range []float64{0.1, 0.37, 0.5, 0.81} {
		e := func(h float64) float64 { return maxDiff(oneStepDense(h, theta), testOsc.exact(theta*h)) }
		e1, e2 := e(0.8), e(0.4)
		order := math.Log2(e1 / e2)
		t.Logf("theta=%v: dense error %.3g -> %.3g, observed local order %.2f", theta, e1, e2, order)
		if order < 7.5 {
			t.Errorf("theta=%v: dense error %.3g -> %.3g, observed local order %.2f, want >= 8", theta, e1, e2, order)
		}
	}
	// At the ends the dense output reproduces the step exactly.
	d := dop853[[6]float64, *oscillators]{f: &testOsc, rtol: 1, atol: 1}
	d.y = testOsc.exact(0)
	d.f.eval(0, &d.y, &d.k[0])
	d.trial(0, 0.5)
	d.f.eval(0.5, &d.y1, &d.k[12])
	d.dense(0, 0.5)
	var y0, y1 [6]float64
	d.denseAt(0, &y0)
	d.denseAt(1, &y1)
	if y0 != d.y || maxDiff(y1, d.y1) > 1e-15 {
		t.Errorf("dense output at the ends: %v, %v; want %v, %v", y0, y1, d.y, d.y1)
	}
}

func TestAdaptiveTolerance(t *testing.T) {
	// With adaptive steps the error at every output time (most of them
	// from the dense output) falls with the tolerance and stays near it.
	times := make([]float64, 301)
	for i := range times {
		times[i] = 0.1 * float64(i)
	}
	prev := math.Inf(1)
	for _, tol := range []float64{1e-6, 1e-8, 1e-10, 1e-12} {
		d := dop853[[6]float64, *oscillators]{f: &testOsc, rtol: tol, atol: tol, maxSteps: 1e5}
		y0 := testOsc.exact(0)
		var worst float64
		err := d.run(&y0, times, func(i int, y *[6]float64) {
			worst = max(worst, maxDiff(*y, testOsc.exact(times[i])))
		}, nil)
		if err != nil {
			t.Fatalf("tol %g: %v", tol, err)
		}
		t.Logf("tol %g: %d steps (%d rejected), max error %.3g", tol, d.steps, d.rejected, worst)
		if worst > 100*tol {
			t.Errorf("tol %g: max error %.3g, want below %g", tol, worst, 100*tol)
		}
		if worst >= prev {
			t.Errorf("tol %g: max error %.3g did not fall (was %.3g)", tol, worst, prev)
		}
		prev = worst
	}
}
