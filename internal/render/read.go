package render

import "context"

// read reads the plan's frames a slab at a time and hands them out as
// jobs of size frames, taking a token for each. It is the only goroutine
// that reads the file: HDF5 is not thread-safe. It closes pl.jobs when it
// returns; a read error goes to pl.readErr.
func (a *animation) read(ctx context.Context, pl *pipeline, size int) {
	defer close(pl.jobs)
	var prev *slab
	per := slabFrames(a.src.n)
	for first := 0; first < a.p.Frames; first += per {
		sl, err := a.src.read(a.p, first, min(per, a.p.Frames-first), a.o.TEnd)
		if err != nil {
			pl.readErr <- err
			return
		}
		if !handOut(ctx, pl, sl, prev, size) {
			return
		}
		prev = sl
	}
}

// handOut sends the frames of sl as jobs of size frames, each after
// taking a token; prev is the slab before, which holds the frame before
// sl's first. It reports false if ctx was cancelled first.
func handOut(ctx context.Context, pl *pipeline, sl, prev *slab, size int) bool {
	end := sl.first + sl.count
	for f := sl.first; f < end; f += size {
		j := job{sl: sl, prev: sl, from: f, to: min(f+size, end)}
		if f == sl.first {
			j.prev = prev
		}
		select {
		case pl.tokens <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		select {
		case pl.jobs <- j:
		case <-ctx.Done():
			return false
		}
	}
	return true
}
