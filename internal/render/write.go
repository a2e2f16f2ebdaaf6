package render

import (
	"context"
	"fmt"

	"github.com/h5mpi/h5mpi/internal/progress"
)

// write writes the workers' batches to the GIF in frame order, as they
// come, showing the progress, until every frame is out or the first
// error: a worker's, the reader's, a write's, or ctx's.
func (a *animation) write(ctx context.Context, pl *pipeline) error {
	m := progress.New(a.o.Progress, a.o.Terminal, "animate", "frames", a.p.Frames)
	defer m.Finish()
	q := reorder{pending: map[int]batch{}}
	for q.next < a.p.Frames {
		select {
		case b := <-pl.results:
			if b.err != nil {
				return b.err
			}
			q.add(b)
			if err := a.writeReady(&q, pl.tokens, m); err != nil {
				return err
			}
		case err := <-pl.readErr:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// writeReady writes the batches of q that are next in frame order, giving
// back a token for each.
func (a *animation) writeReady(q *reorder, tokens <-chan struct{}, m *progress.Meter) error {
	for {
		b, ok := q.take()
		if !ok {
			return nil
		}
		err := a.writeBatch(b)
		<-tokens
		m.Update(q.next)
		if err != nil {
			return err
		}
	}
}

// writeBatch writes b's frames to the GIF, and keeps its PNG.
func (a *animation) writeBatch(b batch) error {
	for _, f := range b.frames {
		if err := a.stream.frame(b.head, f); err != nil {
			return fmt.Errorf("%s: %v", a.o.Out, err)
		}
	}
	if b.png != nil {
		a.png = b.png
	}
	return nil
}

// reorder holds the batches that came before their turn: workers finish
// in any order, the GIF takes frames in one.
type reorder struct {
	pending map[int]batch // by first frame
	next    int           // the first frame not yet taken
}

func (q *reorder) add(b batch) { q.pending[b.from] = b }

// take returns the batch that starts at the next frame, if it came, and
// moves past it.
func (q *reorder) take() (batch, bool) {
	b, ok := q.pending[q.next]
	if !ok {
		return batch{}, false
	}
	delete(q.pending, q.next)
	q.next += len(b.frames)
	return b, true
}
