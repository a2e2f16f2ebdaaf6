package render

import (
	"image"
	"image/color"
)

// The fixed palette: eight entries, so LZW codes start at 4 bits. Every
// frame uses the same table, so it is written once, as the global one.
const (
	cWhite   = iota
	cBlack   // particles, axes, text
	cMagenta // the nucleus
	cHost    // the host: blue at half opacity over white
	cHostDot // a particle seen through the host
	cLight   // light grey: the 3-D box
	cGrey    // mid grey: edges of antialiased lines
	cClear   // transparent: pixels a delta frame leaves as they were
	nColours
)

var palette = color.Palette{
	cWhite:   color.RGBA{255, 255, 255, 255},
	cBlack:   color.RGBA{0, 0, 0, 255},
	cMagenta: color.RGBA{255, 0, 255, 255},
	cHost:    color.RGBA{128, 128, 255, 255},
	cHostDot: color.RGBA{0, 0, 128, 255},
	cLight:   color.RGBA{200, 200, 200, 255},
	cGrey:    color.RGBA{128, 128, 128, 255},
	cClear:   color.RGBA{0, 0, 0, 0},
}

// Palette returns a copy of the palette frames are drawn with.
func Palette() color.Palette { return append(color.Palette(nil), palette...) }

// Colours by name, for tests of rendered frames.
var (
	ColourParticle = palette[cBlack]
	ColourNucleus  = palette[cMagenta]
	ColourHost     = palette[cHost]
	ColourWhite    = palette[cWhite]
)

// ink maps what is under a stamped pixel to what it becomes: a particle
// behind the translucent host shows dark blue, anywhere else black.
type ink [nColours]uint8

var (
	inkParticle = func() (k ink) {
		for i := range k {
			k[i] = cBlack
		}
		k[cHost] = cHostDot
		return k
	}()
	inkNucleus = func() (k ink) {
		for i := range k {
			k[i] = cMagenta
		}
		return k
	}()
	inkHost = func() (k ink) {
		for i := range k {
			k[i] = cHost
		}
		return k
	}()
)

// quantise maps an RGBA picture to the nearest opaque palette entries.
func quantise(src *image.RGBA) *image.Paletted {
	dst := image.NewPaletted(src.Rect, palette)
	cache := map[color.RGBA]uint8{}
	var last color.RGBA // most pixels repeat the one before
	lastI := nearest(last)
	for y := src.Rect.Min.Y; y < src.Rect.Max.Y; y++ {
		for x := src.Rect.Min.X; x < src.Rect.Max.X; x++ {
			c := src.RGBAAt(x, y)
			if c != last {
				i, ok := cache[c]
				if !ok {
					i = nearest(c)
					cache[c] = i
				}
				last, lastI = c, i
			}
			dst.Pix[dst.PixOffset(x, y)] = lastI
		}
	}
	return dst
}

func nearest(c color.RGBA) uint8 {
	best, bestD := uint8(0), 1<<30
	for i, p := range palette[:cClear] {
		q := p.(color.RGBA)
		dr, dg, db := int(c.R)-int(q.R), int(c.G)-int(q.G), int(c.B)-int(q.B)
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = uint8(i), d
		}
	}
	return best
}
