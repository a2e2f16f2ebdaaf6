package render

import (
	"image"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Text is basicfont's 7×13 face, magnified by whole pixels for larger
// pictures. (The smoother opentype faces need golang.org/x/text through
// x/image/font/sfnt, which the module does not require.)
var face = basicfont.Face7x13

const (
	glyphW = 7  // advance of the monospaced face
	glyphH = 13 // line height
)

// textMask draws s into an alpha mask, magnified k times.
func textMask(s string, k int) *image.Alpha {
	w := font.MeasureString(face, s).Ceil()
	m := image.NewAlpha(image.Rect(0, 0, w, glyphH))
	d := font.Drawer{Dst: m, Src: image.Opaque, Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(s)
	return magnify(m, k)
}

func magnify(m *image.Alpha, k int) *image.Alpha {
	if k == 1 {
		return m
	}
	b := m.Bounds()
	out := image.NewAlpha(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			out.Pix[y*out.Stride+x] = m.Pix[(y/k)*m.Stride+x/k]
		}
	}
	return out
}

// rotateLeft turns a mask a quarter turn anticlockwise, for the label of
// a vertical axis.
func rotateLeft(m *image.Alpha) *image.Alpha {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	out := image.NewAlpha(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Pix[(w-1-x)*out.Stride+y] = m.Pix[y*m.Stride+x]
		}
	}
	return out
}

// glyphs holds the set pixels of each ASCII character at one
// magnification, so the per-frame time stamp is stamped, not rasterised.
type glyphs struct {
	k   int
	pix [128][]image.Point
}

func newGlyphs(k int) *glyphs {
	g := &glyphs{k: k}
	for r := ' '; r < 127; r++ {
		m := textMask(string(r), k)
		for y := 0; y < m.Rect.Dy(); y++ {
			for x := 0; x < m.Rect.Dx(); x++ {
				if m.Pix[y*m.Stride+x] >= 0x80 {
					g.pix[r] = append(g.pix[r], image.Pt(x, y))
				}
			}
		}
	}
	return g
}

func (g *glyphs) width(s []byte) int { return len(s) * glyphW * g.k }

// draw stamps the ASCII string s in black with its top left at p.
func (g *glyphs) draw(dst *image.Paletted, s []byte, p image.Point) {
	b := dst.Rect
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 128 {
			continue
		}
		for _, q := range g.pix[c] {
			x, y := p.X+i*glyphW*g.k+q.X, p.Y+q.Y
			if x >= b.Min.X && x < b.Max.X && y >= b.Min.Y && y < b.Max.Y {
				dst.Pix[(y-b.Min.Y)*dst.Stride+x-b.Min.X] = cBlack
			}
		}
	}
}
