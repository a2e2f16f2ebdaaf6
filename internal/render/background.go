package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// background draws what every frame starts from: white, the axes with
// their ticks and labels, and the host at the origin. It is drawn once,
// antialiased in RGBA, then quantised to the palette.
func (l *Layout) background() *image.Paletted {
	rgba := image.NewRGBA(image.Rect(0, 0, l.W, l.H))
	draw.Draw(rgba, rgba.Rect, image.White, image.Point{}, draw.Src)
	if l.View == "3d" {
		l.drawBox(rgba)
	} else {
		l.drawFrame(rgba)
	}
	bg := quantise(rgba)
	if p, ok := l.Pixel(0, 0, 0); ok {
		stamp(bg, l.area, p, disc(7*l.s), &inkHost)
	}
	return bg
}

// text draws s in black with its top left at (x, y).
func text(dst *image.RGBA, m *image.Alpha, x, y int) {
	r := image.Rect(x, y, x+m.Rect.Dx(), y+m.Rect.Dy())
	draw.DrawMask(dst, r, image.Black, image.Point{}, m, image.Point{}, draw.Over)
}

func fill(dst *image.RGBA, r image.Rectangle) {
	draw.Draw(dst, r, image.Black, image.Point{}, draw.Src)
}

// drawFrame draws the 2-D axes: a frame round the plot square, ticks
// pointing out, tick labels, and the axis names, the vertical one turned.
func (l *Layout) drawFrame(dst *image.RGBA) {
	p, lw, tl, pad, fh := l.plot, l.lw(), l.tickLen(), l.pad(), l.fontH()
	fill(dst, image.Rect(p.Min.X-lw, p.Min.Y-lw, p.Max.X+lw, p.Min.Y))
	fill(dst, image.Rect(p.Min.X-lw, p.Max.Y, p.Max.X+lw, p.Max.Y+lw))
	fill(dst, image.Rect(p.Min.X-lw, p.Min.Y, p.Min.X, p.Max.Y))
	fill(dst, image.Rect(p.Max.X, p.Min.Y, p.Max.X+lw, p.Max.Y))
	side := float64(p.Dx())
	vals, labels, maxW := l.tickValues()
	for i, t := range vals {
		f := (t*1000 + l.e) / (2 * l.e) * side
		m := textMask(labels[i], l.k)
		x := float64(p.Min.X) + f
		c := int(math.Round(x - float64(lw)/2))
		fill(dst, image.Rect(c, p.Max.Y+lw, c+lw, p.Max.Y+lw+tl))
		text(dst, m, int(math.Round(x-float64(m.Rect.Dx())/2)), p.Max.Y+lw+tl+pad)
		y := float64(p.Max.Y) - f
		r := int(math.Round(y - float64(lw)/2))
		fill(dst, image.Rect(p.Min.X-lw-tl, r, p.Min.X-lw, r+lw))
		text(dst, m, p.Min.X-lw-tl-pad-m.Rect.Dx(), int(math.Round(y-float64(fh)/2)))
	}
	xl := textMask(axisNames[l.h], l.k)
	text(dst, xl, (p.Min.X+p.Max.X-xl.Rect.Dx())/2, p.Max.Y+lw+tl+pad+fh+pad)
	yl := rotateLeft(textMask(axisNames[l.v], l.k))
	text(dst, yl, p.Min.X-lw-tl-pad-maxW-pad-yl.Rect.Dx(), (p.Min.Y+p.Max.Y-yl.Rect.Dy())/2)
}

// line draws an antialiased line of width w from (x0, y0) to (x1, y1),
// rasterised in its own bounding box.
func line(dst *image.RGBA, r *vector.Rasterizer, x0, y0, x1, y1, w float64, c color.Color) {
	dx, dy := x1-x0, y1-y0
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	nx, ny := -dy/n*w/2, dx/n*w/2
	b := image.Rect(int(math.Floor(math.Min(x0, x1)-w)), int(math.Floor(math.Min(y0, y1)-w)),
		int(math.Ceil(math.Max(x0, x1)+w)), int(math.Ceil(math.Max(y0, y1)+w))).Intersect(dst.Rect)
	if b.Empty() {
		return
	}
	ox, oy := float64(b.Min.X), float64(b.Min.Y)
	r.Reset(b.Dx(), b.Dy())
	r.MoveTo(float32(x0+nx-ox), float32(y0+ny-oy))
	r.LineTo(float32(x1+nx-ox), float32(y1+ny-oy))
	r.LineTo(float32(x1-nx-ox), float32(y1-ny-oy))
	r.LineTo(float32(x0-nx-ox), float32(y0-ny-oy))
	r.ClosePath()
	r.Draw(dst, b, image.NewUniform(c), image.Point{})
}

// drawBox draws the 3-D axes: the box's twelve edges in grey, and on the
// chosen edges the axes in black with ticks, tick labels and names.
func (l *Layout) drawBox(dst *image.RGBA) {
	r := vector.NewRasterizer(l.W, l.H)
	lw := float64(l.lw())
	grey := palette[cLight]
	for a := 0; a < 3; a++ {
		b, c := (a+1)%3, (a+2)%3
		for _, sb := range []float64{-1, 1} {
			for _, sc := range []float64{-1, 1} {
				var p, q [3]float64
				p[a], p[b], p[c] = -1, sb, sc
				q = p
				q[a] = 1
				x0, y0 := l.boxPixel(p)
				x1, y1 := l.boxPixel(q)
				line(dst, r, x0, y0, x1, y1, lw, grey)
			}
		}
	}
	vals, labels, maxW := l.tickValues()
	tl, pad, fh := float64(l.tickLen()), float64(l.pad()), l.fontH()
	ext := func(e edge, w, h int) float64 { return math.Abs(e.n[0])*float64(w) + math.Abs(e.n[1])*float64(h) }
	centred := func(m *image.Alpha, x, y float64) {
		text(dst, m, int(math.Round(x-float64(m.Rect.Dx())/2)), int(math.Round(y-float64(m.Rect.Dy())/2)))
	}
	for _, e := range l.edges {
		x0, y0 := l.boxPixel(e.p0)
		x1, y1 := l.boxPixel(e.p1)
		line(dst, r, x0, y0, x1, y1, lw, color.Black)
		for i, t := range vals {
			q := e.p0
			q[e.a] = t * 1000 / l.e
			x, y := l.boxPixel(q)
			ex, ey := x+e.n[0]*tl, y+e.n[1]*tl
			line(dst, r, x, y, ex, ey, lw, color.Black)
			m := textMask(labels[i], l.k)
			d := pad + ext(e, m.Rect.Dx(), fh)/2
			centred(m, ex+e.n[0]*d, ey+e.n[1]*d)
		}
		m := textMask(axisNames[e.a], l.k)
		mid := e.p0
		mid[e.a] = 0
		x, y := l.boxPixel(mid)
		d := lw + tl + 2*pad + ext(e, maxW, fh) + ext(e, m.Rect.Dx(), fh)/2
		centred(m, x+e.n[0]*d, y+e.n[1]*d)
	}
}
