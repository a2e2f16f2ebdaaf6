package render

import (
	"image"
	"math/rand/v2"
	"testing"
)

// over paints the opaque pixels of a delta frame onto canvas, as a GIF
// decoder does with disposal "none".
func over(canvas, d *image.Paletted) {
	for y := d.Rect.Min.Y; y < d.Rect.Max.Y; y++ {
		for x := d.Rect.Min.X; x < d.Rect.Max.X; x++ {
			if i := d.ColorIndexAt(x, y); i != cClear {
				canvas.SetColorIndex(x, y, i)
			}
		}
	}
}

func TestDelta(t *testing.T) {
	rect := image.Rect(0, 0, 64, 48)
	rng := rand.New(rand.NewPCG(1, 2))
	frame := func() *image.Paletted {
		m := image.NewPaletted(rect, palette)
		for i := 0; i < 40; i++ {
			m.SetColorIndex(rng.IntN(64), rng.IntN(48), uint8(rng.IntN(cClear)))
		}
		return m
	}
	var buf []byte
	for _, c := range []struct {
		name   string
		change func(m *image.Paletted)
		rect   image.Rectangle
	}{
		{"nothing", func(m *image.Paletted) {}, image.Rect(0, 0, 1, 1)},
		{"one pixel", func(m *image.Paletted) { m.SetColorIndex(10, 20, m.ColorIndexAt(10, 20)+1) }, image.Rect(10, 20, 11, 21)},
		{"two corners", func(m *image.Paletted) {
			m.SetColorIndex(3, 40, m.ColorIndexAt(3, 40)+1)
			m.SetColorIndex(60, 2, m.ColorIndexAt(60, 2)+1)
		}, image.Rect(3, 2, 61, 41)},
		{"edges", func(m *image.Paletted) {
			m.SetColorIndex(0, 0, m.ColorIndexAt(0, 0)+1)
			m.SetColorIndex(63, 47, m.ColorIndexAt(63, 47)+1)
		}, rect},
	} {
		prev := frame()
		cur := image.NewPaletted(rect, palette)
		copy(cur.Pix, prev.Pix)
		c.change(cur)
		d := delta(cur, prev, &buf)
		if d.Rect != c.rect {
			t.Errorf("%s: rectangle %v, want %v", c.name, d.Rect, c.rect)
		}
		canvas := image.NewPaletted(rect, palette)
		copy(canvas.Pix, prev.Pix)
		over(canvas, d)
		for i := range cur.Pix {
			if canvas.Pix[i] != cur.Pix[i] {
				t.Fatalf("%s: previous frame plus delta differs from the frame at pixel %d", c.name, i)
			}
		}
	}
	// Random frames: the delta always rebuilds the frame.
	for k := 0; k < 50; k++ {
		prev, cur := frame(), frame()
		canvas := image.NewPaletted(rect, palette)
		copy(canvas.Pix, prev.Pix)
		over(canvas, delta(cur, prev, &buf))
		for i := range cur.Pix {
			if canvas.Pix[i] != cur.Pix[i] {
				t.Fatalf("random %d: previous frame plus delta differs at pixel %d", k, i)
			}
		}
	}
}
