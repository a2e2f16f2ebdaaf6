package render

import (
	"fmt"
	"image"
	"math"

	"github.com/h5mpi/h5mpi/internal/setting"
)

var axisNames = [3]string{"X [km]", "Y [km]", "Z [km]"}

// Layout is where the plot sits in a picture and how a point projects to
// a pixel. It depends on the options only, never on the data.
type Layout struct {
	W, H int
	View string
	k    int     // text magnification: whole pixels
	s    float64 // dot scale: 1 at 640x480
	e    float64 // extent, metres

	// A point p in metres is drawn at (cx + ax·p, cy + ay·p) when every
	// clipped coordinate lies within ±e.
	ax, ay [3]float64
	cx, cy float64
	clip   [3]bool
	area   image.Rectangle // the pixels dots may touch

	stamp image.Point // the time stamp's top centre

	// 2-D views: the inner plot square, the horizontal and vertical axes.
	plot image.Rectangle
	h, v int

	// 3-D view: screen right and up in box units (matplotlib's u, v and
	// w, out of the screen), pixels per half box, the labelled edges.
	u, up, w [3]float64
	scale    float64
	edges    []edge
}

// Metrics of the axes, in pixels at magnification k.
func (l *Layout) lw() int      { return l.k }     // line width
func (l *Layout) tickLen() int { return 5 * l.k } // ticks point outward
func (l *Layout) pad() int     { return 3 * l.k }
func (l *Layout) fontH() int   { return glyphH * l.k }
func (l *Layout) textW(s string) int {
	return len(s) * glyphW * l.k
}

// tickValues are the ticks in km and their labels.
func (l *Layout) tickValues() ([]float64, []string, int) {
	t := ticks(l.e / 1000)
	labels := make([]string, len(t))
	maxW := 0
	for i, v := range t {
		labels[i] = tickLabel(v)
		maxW = max(maxW, l.textW(labels[i]))
	}
	return t, labels, maxW
}

// NewLayout lays out a picture of o.Width×o.Height for o.View.
func NewLayout(o *Options) (*Layout, error) {
	l := &Layout{W: o.Width, H: o.Height, View: o.View, e: o.Extent * 1000}
	l.s = math.Min(float64(o.Width)/DefaultWidth, float64(o.Height)/DefaultHeight)
	l.k = max(1, int(math.Round(l.s)))
	var err error
	if o.View == "3d" {
		err = l.layout3D(o.Elev, o.Azim)
	} else {
		err = l.layout2D()
	}
	return l, err
}

// tooSmall is the error of a picture too small for its axes: a bad Size.
func (l *Layout) tooSmall(want string) error {
	return &setting.Error{Name: "Size", Value: fmt.Sprintf("%dx%d", l.W, l.H), Want: want}
}

func (l *Layout) layout2D() error {
	switch l.View {
	case "xy":
		l.h, l.v = 0, 1
	case "xz":
		l.h, l.v = 0, 2
	case "yz":
		l.h, l.v = 1, 2
	default:
		return fmt.Errorf("view %q: want xy, xz, yz or 3d", l.View)
	}
	_, _, maxW := l.tickValues()
	pad, fh, lw, tl := l.pad(), l.fontH(), l.lw(), l.tickLen()
	left := pad + fh + pad + maxW + pad + tl + lw
	bottom := lw + tl + pad + fh + pad + fh + pad
	top := pad + fh + 2*pad
	right := pad + maxW/2 + lw
	side := min(l.W-left-right, l.H-top-bottom)
	if side < 64 {
		return l.tooSmall("too small for the axes")
	}
	x0 := left + (l.W-left-right-side)/2
	y0 := top + (l.H-top-bottom-side)/2
	l.plot = image.Rect(x0, y0, x0+side, y0+side)
	l.area = l.plot
	l.cx, l.cy = float64(x0)+float64(side)/2, float64(y0)+float64(side)/2
	l.ax[l.h] = float64(side) / (2 * l.e)
	l.ay[l.v] = -float64(side) / (2 * l.e)
	l.clip[l.h], l.clip[l.v] = true, true
	l.stamp = image.Pt(int(l.cx), max(pad, y0-lw-pad-fh))
	return nil
}

// edge is a box edge that carries an axis's ticks and label in the 3-D
// view: from corner p0 to p1 (box units, coordinate a from -1 to 1),
// with n the outward normal on the screen (y down).
type edge struct {
	a      int
	p0, p1 [3]float64
	n      [2]float64
}

// normAngle is matplotlib's art3d._norm_angle: degrees in [-180, 180).
func normAngle(a float64) float64 {
	a = math.Mod(a+180, 360)
	if a < 0 {
		a += 360
	}
	return a - 180
}

// viewAxes returns matplotlib's screen right (u), up (v) and out-of-
// screen (w) unit vectors for elev and azim in degrees, roll 0, z
// vertical. Past |elev| = 90 matplotlib turns its up vector over, which
// leaves u at (-sin azim, cos azim, 0) for every elevation.
func viewAxes(elev, azim float64) (u, v, w [3]float64) {
	e, a := normAngle(elev)*math.Pi/180, normAngle(azim)*math.Pi/180
	w = [3]float64{math.Cos(e) * math.Cos(a), math.Cos(e) * math.Sin(a), math.Sin(e)}
	u = [3]float64{-math.Sin(a), math.Cos(a), 0}
	v = cross(w, u)
	return u, v, w
}

func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// screen is a box point on the screen, in box units, y down.
func (l *Layout) screen(q [3]float64) [2]float64 { return [2]float64{dot(q, l.u), -dot(q, l.up)} }

// Sides of the picture an axis's labels face.
const (
	bottom = iota
	left
	right
	top
)

func sideOf(n [2]float64) int {
	switch {
	case n[1] >= math.Abs(n[0]):
		return bottom
	case -n[0] >= math.Abs(n[1]):
		return left
	case n[0] >= math.Abs(n[1]):
		return right
	}
	return top
}

// chooseEdges picks, for each axis seen not end-on, an edge on the
// outline of the projected box: the one facing most downward, then
// leftward, and not on a side (other than the bottom) an axis before it
// took. In matplotlib's default view that puts X and Y at the bottom and
// Z on the left; in the original's top-down view X below, Y left, Z right.
func (l *Layout) chooseEdges() {
	used := [4]bool{}
	for a := 0; a < 3; a++ {
		b, c := (a+1)%3, (a+2)%3
		d := [2]float64{2 * l.u[a], -2 * l.up[a]}
		dn := math.Hypot(d[0], d[1])
		if dn < 0.3 { // seen nearly end-on: no room for ticks
			continue
		}
		var pick edge
		bestOut, bestScore := math.Inf(-1), math.Inf(-1)
		for _, sb := range []float64{-1, 1} {
			for _, sc := range []float64{-1, 1} {
				var e edge
				e.a = a
				e.p0[a], e.p0[b], e.p0[c] = -1, sb, sc
				e.p1 = e.p0
				e.p1[a] = 1
				mid := e.p0
				mid[a] = 0
				m := l.screen(mid)
				e.n = [2]float64{-d[1] / dn, d[0] / dn}
				out := e.n[0]*m[0] + e.n[1]*m[1]
				if out < 0 {
					e.n, out = [2]float64{-e.n[0], -e.n[1]}, -out
				}
				score := 2*e.n[1] - e.n[0] + 1e-3*dot(mid, l.w) // nearer wins a tie
				if s := sideOf(e.n); s != bottom && used[s] {
					score -= 4
				}
				switch {
				case out > bestOut+1e-9:
				case out > bestOut-1e-9 && score > bestScore:
				default:
					continue
				}
				pick, bestOut, bestScore = e, math.Max(out, bestOut), score
			}
		}
		used[sideOf(pick.n)] = true
		l.edges = append(l.edges, pick)
	}
}

// labelDepth is how far an edge's ticks and labels reach out from it.
func (l *Layout) labelDepth(e edge, maxTickW int) float64 {
	ext := func(w, h int) float64 { return math.Abs(e.n[0])*float64(w) + math.Abs(e.n[1])*float64(h) }
	return float64(l.lw()+l.tickLen()+3*l.pad()) + ext(maxTickW, l.fontH()) + ext(l.textW(axisNames[e.a]), l.fontH())
}

func (l *Layout) layout3D(elev, azim float64) error {
	l.u, l.up, l.w = viewAxes(elev, azim)
	l.chooseEdges()
	_, _, maxW := l.tickValues()
	pad, fh := l.pad(), l.fontH()
	var margin [4]float64
	for i := range margin {
		margin[i] = float64(pad + maxW/2)
	}
	for _, e := range l.edges {
		s := sideOf(e.n)
		margin[s] = math.Max(margin[s], l.labelDepth(e, maxW))
	}
	topY := float64(pad + fh + 2*pad) // the time stamp
	var su, sv float64
	for i := 0; i < 3; i++ {
		su += math.Abs(l.u[i])
		sv += math.Abs(l.up[i])
	}
	aw := float64(l.W) - margin[left] - margin[right]
	ah := float64(l.H) - topY - margin[top] - margin[bottom]
	l.scale = math.Min(aw/(2*su), ah/(2*sv))
	if !(l.scale >= 32) {
		return l.tooSmall("too small for the 3-D axes")
	}
	l.cx = margin[left] + aw/2
	l.cy = topY + margin[top] + ah/2
	for i := 0; i < 3; i++ {
		l.ax[i] = l.scale * l.u[i] / l.e
		l.ay[i] = -l.scale * l.up[i] / l.e
		l.clip[i] = true
	}
	l.area = image.Rect(0, 0, l.W, l.H)
	l.stamp = image.Pt(l.W/2, pad)
	return nil
}

// boxPixel is a box point (box units) in pixels, 3-D view.
func (l *Layout) boxPixel(q [3]float64) (float64, float64) {
	s := l.screen(q)
	return l.cx + l.scale*s[0], l.cy + l.scale*s[1]
}

// Project returns the pixel position of the point (x, y, z) in metres and
// whether it is drawn: inside the extent on the axes shown, and finite.
// The pixel holding it is (floor(px), floor(py)).
func (l *Layout) Project(x, y, z float64) (px, py float64, ok bool) {
	p := [3]float64{x, y, z}
	for i, c := range p {
		if l.clip[i] && !(math.Abs(c) <= l.e) {
			return 0, 0, false
		}
	}
	px = l.cx + l.ax[0]*x + l.ax[1]*y + l.ax[2]*z
	py = l.cy + l.ay[0]*x + l.ay[1]*y + l.ay[2]*z
	// A NaN or infinity in a coordinate the view does not show.
	if !(math.Abs(px) < 1e9 && math.Abs(py) < 1e9) {
		return 0, 0, false
	}
	return px, py, true
}

// Pixel is Project's pixel.
func (l *Layout) Pixel(x, y, z float64) (image.Point, bool) {
	px, py, ok := l.Project(x, y, z)
	return image.Pt(int(math.Floor(px)), int(math.Floor(py))), ok
}
