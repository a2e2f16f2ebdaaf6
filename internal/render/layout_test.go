package render

import (
	"image"
	"math"
	"testing"
)

// mplViewAxes is matplotlib's Axes3D._calc_view_axes and
// proj3d._view_axes written out as they are, to check viewAxes' shortcut.
func mplViewAxes(elev, azim float64) (u, v, w [3]float64) {
	e, a := normAngle(elev)*math.Pi/180, normAngle(azim)*math.Pi/180
	w = [3]float64{math.Cos(e) * math.Cos(a), math.Cos(e) * math.Sin(a), math.Sin(e)}
	up := [3]float64{0, 0, 1}
	if math.Abs(e) > math.Pi/2 {
		up[2] = -1
	}
	u = cross(up, w)
	n := math.Sqrt(dot(u, u))
	u = [3]float64{u[0] / n, u[1] / n, u[2] / n}
	return u, cross(w, u), w
}

func TestViewAxes(t *testing.T) {
	near := func(a, b [3]float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-12 {
				return false
			}
		}
		return true
	}
	for _, c := range [][2]float64{{110, -90}, {30, -60}, {0, 0}, {-30, 45}, {89, 10}, {91, 10}, {-120, 200}, {470, -450}} {
		u, v, w := viewAxes(c[0], c[1])
		mu, mv, mw := mplViewAxes(c[0], c[1])
		if !near(u, mu) || !near(v, mv) || !near(w, mw) {
			t.Errorf("elev %v azim %v: u, v, w = %v %v %v, matplotlib's %v %v %v", c[0], c[1], u, v, w, mu, mv, mw)
		}
	}
	// The original's view: X to the right, Y up, seen from above.
	u, v, w := viewAxes(110, -90)
	if !near(u, [3]float64{1, 0, 0}) || v[1] < 0.9 || w[2] < 0.9 {
		t.Errorf("elev 110 azim -90: u %v, v %v, w %v; want X right, Y up, looking down", u, v, w)
	}
}

func TestProject(t *testing.T) {
	const km = 1000
	o := DefaultOptions()
	for _, view := range Views {
		o.View = view
		l, err := NewLayout(&o)
		if err != nil {
			t.Fatal(err)
		}
		ox, oy, ok := l.Project(0, 0, 0)
		if !ok || math.Abs(ox-l.cx) > 1e-9 || math.Abs(oy-l.cy) > 1e-9 {
			t.Errorf("%s: origin at %v, %v (%v), want the centre %v, %v", view, ox, oy, ok, l.cx, l.cy)
		}
		for _, c := range []struct {
			p  [3]float64
			ok bool
		}{
			{[3]float64{250 * km, -250 * km, 250 * km}, true},
			{[3]float64{251 * km, 0, 0}, view == "yz"},
			{[3]float64{0, -251 * km, 0}, view == "xz"},
			{[3]float64{0, 0, 251 * km}, view == "xy"},
			{[3]float64{0, 0, math.NaN()}, false},
			{[3]float64{math.Inf(-1), 0, 0}, false},
			{[3]float64{0, math.Inf(1), 0}, false},
		} {
			px, py, ok := l.Project(c.p[0], c.p[1], c.p[2])
			if ok != c.ok {
				t.Errorf("%s: Project(%v) drawn %v, want %v", view, c.p, ok, c.ok)
			}
			if ok && view != "3d" && !(px >= float64(l.area.Min.X) && px <= float64(l.area.Max.X) && py >= float64(l.area.Min.Y) && py <= float64(l.area.Max.Y)) {
				t.Errorf("%s: Project(%v) = %v, %v: outside the plot %v", view, c.p, px, py, l.area)
			}
		}
	}
	// 2-D: the extent spans the plot square exactly, y up.
	o.View = "xy"
	l, _ := NewLayout(&o)
	for _, c := range []struct {
		x, y   float64
		px, py int
	}{
		{-250 * km, 250 * km, l.plot.Min.X, l.plot.Min.Y},
		{250 * km, -250 * km, l.plot.Max.X, l.plot.Max.Y},
	} {
		px, py, _ := l.Project(c.x, c.y, 0)
		if math.Abs(px-float64(c.px)) > 1e-9 || math.Abs(py-float64(c.py)) > 1e-9 {
			t.Errorf("Project(%v, %v) = %v, %v, want %v, %v", c.x, c.y, px, py, c.px, c.py)
		}
	}
	// 3-D: every corner of the box falls inside the picture.
	o.View, o.Elev, o.Azim = "3d", 30, -60
	l, _ = NewLayout(&o)
	for _, sx := range []float64{-1, 1} {
		for _, sy := range []float64{-1, 1} {
			for _, sz := range []float64{-1, 1} {
				p, ok := l.Pixel(sx*250*km, sy*250*km, sz*250*km)
				if !ok || !p.In(image.Rect(0, 0, l.W, l.H)) {
					t.Errorf("3d: corner %v %v %v at %v", sx, sy, sz, p)
				}
			}
		}
	}
}

// Every size the options accept lays out, in every view.
func TestLayoutSizes(t *testing.T) {
	o := DefaultOptions()
	for _, size := range [][2]int{{320, 240}, {640, 480}, {480, 640}, {4096, 300}, {1920, 1080}} {
		for _, view := range Views {
			o.Width, o.Height, o.View = size[0], size[1], view
			for _, elev := range []float64{110, 30, 90, 0} {
				o.Elev = elev
				l, err := NewLayout(&o)
				if err != nil {
					t.Errorf("%dx%d %s elev %v: %v", size[0], size[1], view, elev, err)
					continue
				}
				bg := l.background()
				if bg.Rect.Dx() != size[0] || bg.Rect.Dy() != size[1] {
					t.Errorf("%dx%d %s: background %v", size[0], size[1], view, bg.Rect)
				}
			}
		}
	}
}
