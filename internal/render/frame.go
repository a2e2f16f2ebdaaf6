package render

import (
	"image"
	"math"
	"strconv"
)

// renderer draws frames: the background copied, then dots stamped
// straight into the paletted image.
type renderer struct {
	l      *Layout
	bg     *image.Paletted
	glyphs *glyphs
	pt     []image.Point // a particle's pixels, from its anchor
	ptOff  float64       // anchor = floor(position - ptOff): the dot centred
	nuc    []image.Point // the nucleus's disc, from the pixel holding it
}

func newRenderer(l *Layout) *renderer {
	d := max(1, int(math.Round(2*l.s))) // matplotlib's size 1 at 100 dpi: about 1.4 px
	r := &renderer{l: l, bg: l.background(), glyphs: newGlyphs(l.k), ptOff: float64(d)/2 - 0.5}
	for y := 0; y < d; y++ {
		for x := 0; x < d; x++ {
			r.pt = append(r.pt, image.Pt(x, y))
		}
	}
	r.nuc = disc(2.5 * l.s)
	return r
}

// disc is the pixels within radius rad of a pixel's centre.
func disc(rad float64) []image.Point {
	var d []image.Point
	n := int(rad)
	for y := -n; y <= n; y++ {
		for x := -n; x <= n; x++ {
			if float64(x*x+y*y) <= rad*rad {
				d = append(d, image.Pt(x, y))
			}
		}
	}
	return d
}

func (r *renderer) newFrame() *image.Paletted {
	return image.NewPaletted(r.bg.Rect, palette)
}

// stamp inks the pixels at p+offs that lie inside area.
func stamp(dst *image.Paletted, area image.Rectangle, p image.Point, offs []image.Point, k *ink) {
	for _, o := range offs {
		x, y := p.X+o.X, p.Y+o.Y
		if x < area.Min.X || x >= area.Max.X || y < area.Min.Y || y >= area.Max.Y {
			continue
		}
		i := (y-dst.Rect.Min.Y)*dst.Stride + x - dst.Rect.Min.X
		dst.Pix[i] = k[dst.Pix[i]]
	}
}

// draw renders frame j of sl into dst: particles, the nucleus over them,
// and the time stamp.
func (r *renderer) draw(dst *image.Paletted, sl *slab, j int) {
	copy(dst.Pix, r.bg.Pix)
	l := r.l
	for i := 0; i < sl.n; i++ {
		p := sl.at(i, j)
		if px, py, ok := l.Project(p[0], p[1], p[2]); ok {
			a := image.Pt(int(math.Floor(px-r.ptOff)), int(math.Floor(py-r.ptOff)))
			stamp(dst, l.area, a, r.pt, &inkParticle)
		}
	}
	n := sl.nuc[3*j : 3*j+3]
	if p, ok := l.Pixel(n[0], n[1], n[2]); ok {
		stamp(dst, l.area, p, r.nuc, &inkNucleus)
	}
	var buf [40]byte
	s := append(strconv.AppendFloat(append(buf[:0], "t = "...), sl.time[j], 'f', 0, 64), " s"...)
	r.glyphs.draw(dst, s, image.Pt(l.stamp.X-r.glyphs.width(s)/2, l.stamp.Y))
}
