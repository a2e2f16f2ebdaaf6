package render

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/h5mpi/h5mpi/internal/outfile"
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
