package render

import (
	"context"
	"errors"
	"runtime"
	"sync"
)

// animation is one Animate's work: the plan, where the frames come from,
// how they are drawn, and where they go.
type animation struct {
	o      *Options
	p      Plan
	src    *source
	r      *renderer
	stream *gifStream
	png    []byte
}

// pipeline is the channels between the reader (read.go), the workers
// (work.go) and the writer (write.go).
type pipeline struct {
	// tokens bound the batches in flight: the reader takes one before
	// each job, the writer gives it back once the batch is written, so
	// memory does not grow with the run.
	tokens  chan struct{}
	jobs    chan job
	results chan batch
	readErr chan error
}

func newPipeline(workers int) *pipeline {
	inflight := 3 * workers
	return &pipeline{
		tokens:  make(chan struct{}, inflight),
		jobs:    make(chan job),
		results: make(chan batch, inflight),
		readErr: make(chan error, 1),
	}
}

// run streams the frames through the pipeline: one reader (HDF5 is not
// thread-safe), a worker per core drawing and encoding batches of
// consecutive frames, and this goroutine writing them in order.
func (a *animation) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := a.workers()
	pl := newPipeline(workers)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.read(ctx, pl, batchSize(a.p.Frames, workers))
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.work(ctx, pl.jobs, pl.results)
		}()
	}
	err := a.write(ctx, pl)
	cancel()
	wg.Wait()
	return interrupted(err)
}

// workers is how many goroutines draw and encode: Options.Workers, or
// one per CPU it may run on (GOMAXPROCS can exceed those: job.Init).
func (a *animation) workers() int {
	if a.o.Workers == 0 {
		return min(runtime.GOMAXPROCS(0), runtime.NumCPU())
	}
	return a.o.Workers
}

// batchSize is how many consecutive frames a worker draws and encodes in
// a row: defaultBatchSize, or fewer so that every worker gets about four
// batches.
func batchSize(frames, workers int) int {
	return min(defaultBatchSize, max(1, frames/(4*workers)))
}

// interrupted names a cancelled run as the user sees it.
func interrupted(err error) error {
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted")
	}
	return err
}
