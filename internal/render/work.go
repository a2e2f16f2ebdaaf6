package render

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
)

// job is frames [from, to) of sl; prev holds frame from-1 (nil for 0),
// which the worker draws again to find what changed.
type job struct {
	sl, prev *slab
	from, to int
}

// batch is a job's encoded frames.
type batch struct {
	from   int
	head   []byte // the GIF header, from frame 0's batch
	frames [][]byte
	png    []byte
	err    error
}

// work draws and encodes jobs until there are none.
func (a *animation) work(ctx context.Context, jobs <-chan job, results chan<- batch) {
	p := newPainter(a.r, a.o.Delay/10, a.o.PNG)
	for j := range jobs {
		b := p.batch(j)
		select {
		case results <- b:
		case <-ctx.Done():
			return
		}
	}
}

// painter is one worker's drawing state: the frame being drawn, the one
// before it, and the GIF encoder.
type painter struct {
	r         *renderer
	cur, prev *image.Paletted
	dbuf      []byte // delta's buffer
	fc        *frameCoder
	still     int // the frame also encoded as a PNG; negative: none
}

func newPainter(r *renderer, delay, still int) *painter {
	return &painter{r: r, cur: r.newFrame(), prev: r.newFrame(), fc: newFrameCoder(r.l.W, r.l.H, delay), still: still}
}

// batch draws and encodes j's frames, stopping at the first error.
func (p *painter) batch(j job) batch {
	b := batch{from: j.from}
	if j.from > 0 {
		p.r.draw(p.prev, j.prev, j.from-1-j.prev.first)
	}
	for f := j.from; f < j.to && b.err == nil; f++ {
		p.frame(&b, j.sl, f)
	}
	return b
}

// frame draws frame f of sl and appends it to b encoded: whole for the
// first frame, otherwise what changed since the frame before; the still
// is encoded as a PNG too.
func (p *painter) frame(b *batch, sl *slab, f int) {
	p.r.draw(p.cur, sl, f-sl.first)
	var m *image.Paletted = p.cur
	if f > 0 {
		m = delta(p.cur, p.prev, &p.dbuf)
	}
	head, body, err := p.fc.encode(m)
	if err != nil {
		b.err = err
		return
	}
	if f == 0 {
		b.head = bytes.Clone(head)
	}
	b.frames = append(b.frames, body)
	if f == p.still {
		b.png, b.err = encodePNG(p.cur, f)
	}
	p.cur, p.prev = p.prev, p.cur
}

// encodePNG encodes frame f, m, as a PNG.
func encodePNG(m *image.Paletted, f int) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		return buf.Bytes(), fmt.Errorf("frame %d as PNG: %v", f, err)
	}
	return buf.Bytes(), nil
}
