package render

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const km = 1000

// scene is a small hand-made run: particle 0 moves inside the extent,
// particle 1 sits outside it (x = 260 km) and must never show, particle 2
// moves inside with a z the xy view ignores, particle 3 is just outside
// (250.2 km: its dot would reach into the plot), particle 4 absurdly far
// (a wrapped integer could land anywhere); the nucleus moves left from
// (150, 80) km.
var scene = fixture{n: 5, t: 40,
	pt: func(i, j int) [3]float64 {
		f := float64(j)
		switch i {
		case 0:
			return [3]float64{100*km + f*3*km, 50 * km, 0}
		case 1:
			return [3]float64{260 * km, -100 * km, 0}
		case 3:
			return [3]float64{250.2 * km, 10 * km, 0}
		case 4:
			return [3]float64{-1e25, 1e25, 0}
		}
		return [3]float64{-100 * km, -120*km + f*2*km, 30 * km}
	},
	nuc: func(j int) [3]float64 { return [3]float64{150*km - float64(j)*5*km, 80 * km, 0} },
}

// decode reads a GIF and composes its frames as a viewer shows them.
func decode(t *testing.T, path string) (*gif.GIF, []*image.Paletted) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	canvas := image.NewPaletted(image.Rect(0, 0, g.Config.Width, g.Config.Height), palette)
	var frames []*image.Paletted
	for k, m := range g.Image {
		if k == 0 && m.Rect != canvas.Rect {
			t.Fatalf("frame 0 covers %v, want the whole %v", m.Rect, canvas.Rect)
		}
		if g.Disposal[k] != gif.DisposalNone {
			t.Errorf("frame %d: disposal %d, want none", k, g.Disposal[k])
		}
		over(canvas, m)
		frames = append(frames, image.NewPaletted(canvas.Rect, palette))
		copy(frames[k].Pix, canvas.Pix)
	}
	return g, frames
}

// direct draws every frame of a plan without deltas or GIF encoding.
func direct(t *testing.T, o *Options, p Plan) []*image.Paletted {
	t.Helper()
	l, err := NewLayout(o)
	if err != nil {
		t.Fatal(err)
	}
	r := newRenderer(l)
	src, err := openSource(o.In)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	sl, err := src.read(p, 0, p.Frames, o.TEnd)
	if err != nil {
		t.Fatal(err)
	}
	var out []*image.Paletted
	for j := 0; j < p.Frames; j++ {
		m := r.newFrame()
		r.draw(m, sl, j)
		out = append(out, m)
	}
	return out
}

func TestAnimate(t *testing.T) {
	in := scene.write(t, t.TempDir())
	for _, c := range []struct {
		name string
		set  func(o *Options)
		plan Plan
	}{
		{"defaults", func(o *Options) {}, Plan{0, 1, 40}},
		{"stride, delay, loop once, png", func(o *Options) { o.Start, o.Stride, o.Delay, o.Loop, o.PNG = 1, 2, 70, -1, 3 }, Plan{1, 2, 20}},
		{"loop 3, one worker, batches of 10", func(o *Options) { o.Loop, o.Workers = 3, 1 }, Plan{0, 1, 40}},
		{"slabs of 3 frames, 3 workers", func(o *Options) { o.Workers, o.Frames, slabBytes = 3, 29, 3*24*5 }, Plan{0, 1, 29}},
		{"3d, small", func(o *Options) { o.View, o.Width, o.Height, o.Delay = "3d", 320, 240, 0 }, Plan{0, 1, 40}},
		{"xz, wide", func(o *Options) { o.View, o.Width, o.Height = "xz", 800, 300 }, Plan{0, 1, 40}},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(b int) { slabBytes = b }(slabBytes)
			dir := t.TempDir()
			o := DefaultOptions()
			o.In, o.Out = in, filepath.Join(dir, "out.gif")
			c.set(&o)
			res, err := Animate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Plan != c.plan || res.Particles != 5 || res.Samples != 40 {
				t.Errorf("result %+v, want plan %+v of 40 samples, 5 particles", res, c.plan)
			}
			if fi, err := os.Stat(o.Out); err != nil || fi.Size() != res.Bytes {
				t.Errorf("%s: %v, size %v, reported %d", o.Out, err, fi, res.Bytes)
			}
			g, frames := decode(t, o.Out)
			if len(frames) != c.plan.Frames {
				t.Fatalf("%d frames, want %d", len(frames), c.plan.Frames)
			}
			if g.Config.Width != o.Width || g.Config.Height != o.Height {
				t.Errorf("size %dx%d, want %dx%d", g.Config.Width, g.Config.Height, o.Width, o.Height)
			}
			if g.LoopCount != o.Loop {
				t.Errorf("loop count %d, want %d", g.LoopCount, o.Loop)
			}
			for k, d := range g.Delay {
				if d != o.Delay/10 {
					t.Fatalf("frame %d: delay %d cs, want %d", k, d, o.Delay/10)
				}
			}
			// The GIF shows exactly the frames drawn directly.
			for k, want := range direct(t, &o, c.plan) {
				for i := range want.Pix {
					if frames[k].Pix[i] != want.Pix[i] {
						t.Fatalf("frame %d differs from its direct drawing at (%d, %d)", k, i%o.Width, i/o.Width)
					}
				}
			}
			if o.PNG >= 0 {
				f, err := os.Open(res.PNG)
				if err != nil {
					t.Fatal(err)
				}
				m, err := png.Decode(f)
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				want := frames[o.PNG]
				for y := 0; y < o.Height; y++ {
					for x := 0; x < o.Width; x++ {
						if !sameColour(m.At(x, y), palette[want.ColorIndexAt(x, y)]) {
							t.Fatalf("%s at (%d, %d): %v, want %v", res.PNG, x, y, m.At(x, y), want.At(x, y))
						}
					}
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*.partial")); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// A file of float32 positions (galaxy -float32) draws as the float64
// file of the same values: the same GIF, byte for byte. The scene's
// coordinates are exact in float32.
func TestAnimateFloat32(t *testing.T) {
	single := scene
	single.float32 = true
	var gifs [2][]byte
	for k, fx := range []fixture{scene, single} {
		dir := t.TempDir()
		o := DefaultOptions()
		o.In, o.Out = fx.write(t, dir), filepath.Join(dir, "out.gif")
		res, err := Animate(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Plan != (Plan{0, 1, 40}) || res.Particles != 5 {
			t.Errorf("float32 %v: result %+v", fx.float32, res)
		}
		if gifs[k], err = os.ReadFile(o.Out); err != nil {
			t.Fatal(err)
		}
	}
	if string(gifs[0]) != string(gifs[1]) {
		t.Errorf("the float32 file's GIF (%d bytes) differs from the float64 file's (%d bytes)", len(gifs[1]), len(gifs[0]))
	}
}

// What frame 0 shows: the nucleus magenta, the host blue at the origin,
// the particle outside the extent nowhere.
func TestFrameContents(t *testing.T) {
	dir := t.TempDir()
	o := DefaultOptions()
	o.In, o.Out = scene.write(t, dir), filepath.Join(dir, "out.gif")
	if _, err := Animate(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	g, frames := decode(t, o.Out)
	f0 := frames[0]
	l, _ := NewLayout(&o)
	at := func(x, y, z float64) (image.Point, string) {
		p, ok := l.Pixel(x, y, z)
		if !ok {
			t.Fatalf("(%v, %v, %v) not drawn", x, y, z)
		}
		return p, colourName(g.Image[0].Palette[f0.ColorIndexAt(p.X, p.Y)])
	}
	if p, c := at(150*km, 80*km, 0); c != "magenta" {
		t.Errorf("nucleus pixel %v is %s, want magenta", p, c)
	}
	if p, c := at(0, 0, 0); c != "host blue" {
		t.Errorf("origin pixel %v is %s, want host blue", p, c)
	}
	if p, c := at(100*km, 50*km, 0); c != "black" {
		t.Errorf("particle 0 pixel %v is %s, want black", p, c)
	}
	// Inside the plot only particles 0 and 2 are black: 2x2 dots each.
	black := 0
	for y := l.plot.Min.Y; y < l.plot.Max.Y; y++ {
		for x := l.plot.Min.X; x < l.plot.Max.X; x++ {
			if f0.ColorIndexAt(x, y) == cBlack {
				black++
			}
		}
	}
	if black != 8 {
		t.Errorf("%d black pixels in the plot, want 8 (two 2x2 particles; the three outside the extent clipped)", black)
	}
	// Where particle 1 would be (just right of the plot) is white margin.
	px, py, _ := (&Layout{cx: l.cx, cy: l.cy, ax: l.ax, ay: l.ay, e: 1e12}).Project(260*km, -100*km, 0)
	if i := f0.ColorIndexAt(int(px), int(py)); i != cWhite {
		t.Errorf("pixel (%v, %v) of the clipped particle is %s, want white", px, py, colourName(palette[i]))
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func colourName(c color.Color) string {
	for name, p := range map[string]color.Color{
		"white": ColourWhite, "black": ColourParticle, "magenta": ColourNucleus, "host blue": ColourHost,
	} {
		if sameColour(c, p) {
			return name
		}
	}
	return fmt.Sprint(c)
}

// Failures leave nothing behind, not even a partial file.
func TestAnimateFailures(t *testing.T) {
	in := scene.write(t, t.TempDir())
	for _, c := range []struct {
		name string
		set  func(o *Options)
		ctx  func() context.Context
		want string
	}{
		{"missing input", func(o *Options) { o.In = filepath.Join(filepath.Dir(o.Out), "nope.h5") }, nil, "nope.h5: no such file"},
		{"frames past the end", func(o *Options) { o.Frames = 41 }, nil, "Frames 41"},
		{"png past the end", func(o *Options) { o.Stride, o.PNG = 4, 10 }, nil, "PNG 10: only 10 frames"},
		{"output over input", func(o *Options) { o.Out = o.In }, nil, "would overwrite the input"},
		{"no output directory", func(o *Options) { o.Out = filepath.Join(filepath.Dir(o.Out), "no", "out.gif") }, nil, "no such file or directory"},
		{"interrupted", func(o *Options) {}, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, "interrupted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			o := DefaultOptions()
			o.In, o.Out, o.PNG = in, filepath.Join(dir, "out.gif"), 0
			c.set(&o)
			ctx := context.Background()
			if c.ctx != nil {
				ctx = c.ctx()
			}
			_, err := Animate(ctx, o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("left behind: %v", ents)
			}
		})
	}
}
