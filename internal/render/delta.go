package render

import (
	"bytes"
	"image"
)

// delta returns cur as a change from prev, two whole frames of the same
// size: the smallest rectangle holding every changed pixel, with the rows
// that did not change transparent and the others as they are. Within a
// changed row, leaving unchanged pixels in their own colour keeps the
// long white runs LZW packs best; measured on a default run it gives a
// smaller GIF than making every unchanged pixel transparent (-26%) or
// than choosing per pixel the fewest runs (-4%). The result uses buf.
func delta(cur, prev *image.Paletted, buf *[]byte) *image.Paletted {
	w, h, s := cur.Rect.Dx(), cur.Rect.Dy(), cur.Stride
	y0, y1, x0, x1 := -1, -1, w, 0
	for y := 0; y < h; y++ {
		a, b := cur.Pix[y*s:y*s+w], prev.Pix[y*s:y*s+w]
		if bytes.Equal(a, b) {
			continue
		}
		if y0 < 0 {
			y0 = y
		}
		y1 = y + 1
		i := 0
		for i < x0 && a[i] == b[i] {
			i++
		}
		x0 = min(x0, i)
		j := w - 1
		for j >= x1 && a[j] == b[j] {
			j--
		}
		x1 = max(x1, j+1)
	}
	if y0 < 0 { // nothing changed: one transparent pixel
		x0, x1, y0, y1 = 0, 1, 0, 1
	}
	r := image.Rect(x0, y0, x1, y1)
	rw := r.Dx()
	if cap(*buf) < rw*r.Dy() {
		*buf = make([]byte, rw*r.Dy())
	}
	out := &image.Paletted{Pix: (*buf)[:rw*r.Dy()], Stride: rw, Rect: r, Palette: palette}
	for y := y0; y < y1; y++ {
		a, b := cur.Pix[y*s+x0:y*s+x1], prev.Pix[y*s+x0:y*s+x1]
		row := out.Pix[(y-y0)*rw : (y-y0+1)*rw]
		if bytes.Equal(a, b) {
			for i := range row {
				row[i] = cClear
			}
		} else {
			copy(row, a)
		}
	}
	return out
}
