package render

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"image"
	"image/png"
	"io"
	"runtime"
	"sync"

	"github.com/h5mpi/h5mpi/internal/progress"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Result is what Animate wrote.
type Result struct {
	Plan      Plan
	Particles int   // in the file
	Samples   int   // time samples in the file
	Bytes     int64 // the GIF's size
	PNG       string
}

// Animate renders o.In into the GIF o.Out (and the still o.PNGName() if
// o.PNG >= 0). Each output appears under its name only when complete; on
// any error, or when ctx is cancelled, nothing is left behind. o must
// be valid (Validate): Animate checks only what depends on the files.
func Animate(ctx context.Context, o Options) (Result, error) {
	var res Result
	if err := outfile.CheckTarget("Out", o.Out, o.In); err != nil {
		return res, err
	}
	if o.PNG >= 0 {
		if err := outfile.CheckTarget("PNG", o.PNGName(), o.In, o.Out); err != nil {
			return res, err
		}
	}
	l, err := NewLayout(&o)
	if err != nil {
		return res, err
	}
	src, err := openSource(o.In)
	if err != nil {
		return res, err
	}
	defer src.Close()
	p, err := plan(src.t, &o)
	if err != nil {
		return res, setting.Errorf("%s: %w", o.In, err)
	}
	res.Plan, res.Particles, res.Samples = p, src.n, src.t

	out, err := createAtomic(o.Out)
	if err != nil {
		return res, err
	}
	defer out.Abort()
	// Both outputs are claimed before the work: one that cannot be
	// written must not be found after the other is in place.
	var still *atomicFile
	if o.PNG >= 0 {
		if still, err = createAtomic(o.PNGName()); err != nil {
			return res, err
		}
		defer still.Abort()
	}
	cw := &countWriter{w: out}
	bw := bufio.NewWriterSize(cw, 1<<20)
	a := &animation{o: &o, p: p, src: src, r: newRenderer(l), stream: &gifStream{w: bw, loop: o.Loop}}
	if err := a.run(ctx); err != nil {
		return res, err
	}
	if err := a.stream.close(); err != nil {
		return res, fmt.Errorf("%s: %v", o.Out, err)
	}
	if still != nil {
		if _, err := still.Write(a.png); err != nil {
			return res, fmt.Errorf("%s: %v", o.PNGName(), err)
		}
	}
	if err := out.Commit(); err != nil {
		return res, err
	}
	res.Bytes = cw.n
	if still != nil {
		res.PNG = o.PNGName()
		if err := still.Commit(); err != nil {
			return res, err
		}
	}
	return res, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

type animation struct {
	o      *Options
	p      Plan
	src    *source
	r      *renderer
	stream *gifStream
	png    []byte
}

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

// run streams the frames through the pipeline: one reader (HDF5 is not
// thread-safe), a worker per core drawing and encoding batches of
// consecutive frames, and this goroutine writing them in order. Tokens
// bound the batches in flight, so memory does not grow with the run.
func (a *animation) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := a.o.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := min(defaultBatchSize, max(1, a.p.Frames/(4*workers)))
	inflight := 3 * workers
	tokens := make(chan struct{}, inflight)
	jobs := make(chan job)
	results := make(chan batch, inflight)
	readErr := make(chan error, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		var prev *slab
		per := slabFrames(a.src.n)
		for first := 0; first < a.p.Frames; first += per {
			sl, err := a.src.read(a.p, first, min(per, a.p.Frames-first), a.o.TEnd)
			if err != nil {
				readErr <- err
				return
			}
			for f := first; f < first+sl.count; f += size {
				j := job{sl: sl, prev: sl, from: f, to: min(f+size, first+sl.count)}
				if f == first {
					j.prev = prev
				}
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					return
				}
			}
			prev = sl
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.work(ctx, jobs, results)
		}()
	}

	m := progress.New(a.o.Progress, a.o.Terminal, "animate", "frames", a.p.Frames)
	pending := map[int]batch{}
	next := 0
	var err error
	for next < a.p.Frames && err == nil {
		select {
		case b := <-results:
			if b.err != nil {
				err = b.err
				break
			}
			pending[b.from] = b
			for err == nil {
				b, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				for _, f := range b.frames {
					if werr := a.stream.frame(b.head, f); werr != nil {
						err = fmt.Errorf("%s: %v", a.o.Out, werr)
						break
					}
				}
				if b.png != nil {
					a.png = b.png
				}
				next += len(b.frames)
				<-tokens
				m.Update(next)
			}
		case err = <-readErr:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	m.Finish()
	cancel()
	wg.Wait()
	if errors.Is(err, context.Canceled) {
		err = errors.New("interrupted")
	}
	return err
}

// work draws and encodes jobs until there are none.
func (a *animation) work(ctx context.Context, jobs <-chan job, results chan<- batch) {
	r := a.r
	cur, prev := r.newFrame(), r.newFrame()
	var dbuf []byte
	fc := newFrameCoder(r.l.W, r.l.H, a.o.Delay/10)
	for j := range jobs {
		b := batch{from: j.from}
		if j.from > 0 {
			r.draw(prev, j.prev, j.from-1-j.prev.first)
		}
		for f := j.from; f < j.to && b.err == nil; f++ {
			r.draw(cur, j.sl, f-j.sl.first)
			var m *image.Paletted = cur
			if f > 0 {
				m = delta(cur, prev, &dbuf)
			}
			head, body, err := fc.encode(m)
			if err != nil {
				b.err = err
				break
			}
			if f == 0 {
				b.head = bytes.Clone(head)
			}
			b.frames = append(b.frames, body)
			if f == a.o.PNG {
				var buf bytes.Buffer
				if err := png.Encode(&buf, cur); err != nil {
					b.err = fmt.Errorf("frame %d as PNG: %v", f, err)
				}
				b.png = buf.Bytes()
			}
			cur, prev = prev, cur
		}
		select {
		case results <- b:
		case <-ctx.Done():
			return
		}
	}
}
