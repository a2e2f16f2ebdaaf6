package nbody

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

func TestDefaultModel(t *testing.T) {
	m := Default()
	if m.G != 6.673e-11 || m.K != 1.59e15 || m.K1 != 1.59e15/25 || m.Alpha != 1 {
		t.Errorf("Default() = %+v", m)
	}
	n := m.NucleusStart()
	want := 0.1 * math.Sqrt(6.673e-11*1.59e15)
	if n.Pos != (r3.Vec{X: 254840}) || n.Vel != (r3.Vec{Y: want}) {
		t.Errorf("NucleusStart() = %+v, want at (254840,0,0) moving (0,%g,0)", n, want)
	}
}

func TestAccel(t *testing.T) {
	m := Default()
	gk, gk1 := m.G*m.K, m.G*m.K1
	host := func(p r3.Vec) r3.Vec { // G·k·r^(α−2) toward the origin
		r := r3.Norm(p)
		return r3.Scale(-gk*math.Pow(r, m.Alpha-2)/r, p)
	}
	for _, tc := range []struct {
		name string
		p, n r3.Vec
		want r3.Vec
	}{
		{"host only", r3.Vec{X: 3e4, Y: -4e4}, r3.Vec{X: 1e9}, r3.Add(host(r3.Vec{X: 3e4, Y: -4e4}), r3.Scale(-gk1/r3.Norm2(r3.Vec{X: 3e4 - 1e9, Y: -4e4}), r3.Vec{X: 3e4 - 1e9, Y: -4e4}))},
		{"at the origin", r3.Vec{}, r3.Vec{X: 1e4}, r3.Vec{X: gk1 / 1e4}},
		{"on the nucleus", r3.Vec{X: 1e4}, r3.Vec{X: 1e4}, r3.Vec{X: -gk / 1e4}},
		{"both at the origin", r3.Vec{}, r3.Vec{}, r3.Vec{}},
	} {
		got := m.accel(tc.p, tc.n)
		if r3.Norm(r3.Sub(got, tc.want)) > 1e-12*r3.Norm(tc.want) {
			t.Errorf("%s: accel = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPullFinite(t *testing.T) {
	// Any distance, however small, gives a finite pull; a general α takes
	// the math.Pow path and must agree with the α = 1 shortcut.
	for _, alpha := range []float64{1, 1.5, 0.5, 2} {
		m := Default()
		m.Alpha = alpha
		host, _ := m.fields()
		for _, d := range []float64{0, 5e-324, 1e-300, 1e-160, 1e-150, 1e-10, 1, 1e5, 1e300} {
			ax, ay, az := host.pull(d, -d, d)
			for _, a := range []float64{ax, ay, az} {
				if math.IsNaN(a) || math.IsInf(a, 0) {
					t.Fatalf("alpha %v: pull at distance %g is %v", alpha, d, a)
				}
			}
			if d == 1e5 {
				r := math.Sqrt(3) * d
				want := m.G * m.K * math.Pow(r, alpha-2)
				if got := math.Sqrt(ax*ax + ay*ay + az*az); math.Abs(got/want-1) > 1e-14 {
					t.Errorf("alpha %v: |pull| at r=%g is %g, want %g", alpha, r, got, want)
				}
				if ax >= 0 || ay <= 0 || az >= 0 {
					t.Errorf("alpha %v: pull (%g,%g,%g) does not point at the centre", alpha, ax, ay, az)
				}
			}
		}
	}
}
