package render

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// Plan is the time samples drawn: Start, Start+Stride, ... (Frames of them).
type Plan struct {
	Start, Stride, Frames int
}

// Sample is the time sample of frame k.
func (p Plan) Sample(k int) int { return p.Start + k*p.Stride }

// String is the samples in Python's slice notation.
func (p Plan) String() string {
	return fmt.Sprintf("samples %d:%d:%d", p.Start, p.Sample(p.Frames-1)+1, p.Stride)
}

// plan chooses the frames of a file of t time samples. Without Frames
// and Stride it is the whole run: every sample up to MaxAutoFrames, a
// fixed stride beyond. Frames alone takes consecutive samples (as the
// original takes the first 1000); Stride alone runs to the end.
func plan(t int, o *Options) (Plan, error) {
	p := Plan{Start: o.Start, Stride: o.Stride, Frames: o.Frames}
	if p.Start >= t {
		return p, setting.Bad("Start", p.Start, fmt.Sprintf("the file has %d time samples (0 to %d)", t, t-1))
	}
	avail := t - p.Start
	switch {
	case p.Stride == 0 && p.Frames == 0:
		p.Stride = (avail + MaxAutoFrames - 1) / MaxAutoFrames
	case p.Stride == 0:
		p.Stride = 1
	}
	last := (avail - 1) / p.Stride // frames available - 1
	if p.Frames == 0 {
		p.Frames = last + 1
	}
	if p.Frames-1 > last {
		return p, setting.Bad("Frames", p.Frames, fmt.Sprintf("from sample %d with stride %d the file's %d time samples give %d frames",
			p.Start, p.Stride, t, last+1))
	}
	if o.PNG >= p.Frames {
		return p, setting.Bad("PNG", o.PNG, fmt.Sprintf("only %d frames (numbered from 0)", p.Frames))
	}
	return p, nil
}
