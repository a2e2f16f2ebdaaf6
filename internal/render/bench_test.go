package render

import (
	"context"
	"image"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// benchSlab is two frames of 1000 particles spread like the middle of a
// default run: a disc of 150 km radius, each particle moving about 5 km
// (4 pixels at 640x480) from one frame to the next.
func benchSlab() *slab {
	const n = 1000
	rng := rand.New(rand.NewPCG(3, 4))
	sl := &slab{first: 0, count: 2, n: n, pt: make([]float64, n*2*3), nuc: []float64{50 * km, 20 * km, 0, 45 * km, 22 * km, 0}, time: []float64{9550, 9566}}
	for i := 0; i < n; i++ {
		r, a := 150*km*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
		x, y, z := r*math.Cos(a), r*math.Sin(a), 20*km*rng.NormFloat64()
		d := 2 * math.Pi * rng.Float64()
		copy(sl.at(i, 0), []float64{x, y, z})
		copy(sl.at(i, 1), []float64{x + 5*km*math.Cos(d), y + 5*km*math.Sin(d), z})
	}
	return sl
}

func benchRenderer(b *testing.B) *renderer {
	o := DefaultOptions()
	l, err := NewLayout(&o)
	if err != nil {
		b.Fatal(err)
	}
	return newRenderer(l)
}

// BenchmarkDrawFrame draws one 640x480 frame of 1000 particles.
func BenchmarkDrawFrame(b *testing.B) {
	r, sl := benchRenderer(b), benchSlab()
	m := r.newFrame()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.draw(m, sl, i&1)
	}
}

// BenchmarkDelta finds the change between two consecutive frames.
func BenchmarkDelta(b *testing.B) {
	r, sl := benchRenderer(b), benchSlab()
	prev, cur := r.newFrame(), r.newFrame()
	r.draw(prev, sl, 0)
	r.draw(cur, sl, 1)
	var buf []byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		delta(cur, prev, &buf)
	}
}

// BenchmarkEncodeDelta encodes a delta frame with image/gif: the work of
// every frame after the first.
func BenchmarkEncodeDelta(b *testing.B) {
	r, sl := benchRenderer(b), benchSlab()
	prev, cur := r.newFrame(), r.newFrame()
	r.draw(prev, sl, 0)
	r.draw(cur, sl, 1)
	var buf []byte
	d := delta(cur, prev, &buf)
	benchEncode(b, newFrameCoder(r.l.W, r.l.H, 5), d)
	b.ReportMetric(float64(d.Rect.Dx()*d.Rect.Dy()), "pixels/frame")
}

// benchEncode times c.encode(m) and reports the encoded size.
func benchEncode(b *testing.B, c *frameCoder, m *image.Paletted) {
	b.Helper()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		_, body, err := c.encode(m)
		if err != nil {
			b.Fatal(err)
		}
		n = len(body)
	}
	b.ReportMetric(float64(n), "bytes/frame")
}

// BenchmarkEncodeFull encodes a whole frame, as the first one is.
func BenchmarkEncodeFull(b *testing.B) {
	r, sl := benchRenderer(b), benchSlab()
	m := r.newFrame()
	r.draw(m, sl, 0)
	benchEncode(b, newFrameCoder(r.l.W, r.l.H, 5), m)
}

// BenchmarkAnimate is the whole pipeline, reading included, on a
// hand-made file of 1000 particles and 200 samples on a random walk;
// ns/op is per frame.
func BenchmarkAnimate(b *testing.B) {
	const n, t = 1000, 200
	rng := rand.New(rand.NewPCG(5, 6))
	pos := make([][3]float64, n*t)
	for i := 0; i < n; i++ {
		p := [3]float64{200 * km * (rng.Float64() - 0.5), 200 * km * (rng.Float64() - 0.5), 0}
		for j := 0; j < t; j++ {
			pos[i*t+j] = p
			p[0] += 4 * km * rng.NormFloat64()
			p[1] += 4 * km * rng.NormFloat64()
		}
	}
	dir := b.TempDir()
	fx := fixture{n: n, t: t,
		pt:  func(i, j int) [3]float64 { return pos[i*t+j] },
		nuc: func(j int) [3]float64 { return [3]float64{float64(j) * km, 0, 0} }}
	o := DefaultOptions()
	o.In, o.Out = fx.write(b, dir), filepath.Join(dir, "bench.gif")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Animate(context.Background(), o); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*t), "ns/frame")
}
