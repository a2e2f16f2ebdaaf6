package render

import (
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	for _, c := range []struct {
		t, start, stride, frames, png int
		want                          Plan
		err                           string
	}{
		{t: 2200, want: Plan{0, 2, 1100}},               // the whole default run
		{t: 1100, want: Plan{0, 1, 1100}},               // every sample
		{t: 1101, want: Plan{0, 2, 551}},                // a fixed stride beyond 1100
		{t: 300, want: Plan{0, 1, 300}},                 // a small run
		{t: 1, want: Plan{0, 1, 1}},                     // a single sample
		{t: 2200, frames: 1000, want: Plan{0, 1, 1000}}, // the original's first 1000
		{t: 2200, stride: 5, want: Plan{0, 5, 440}},
		{t: 2200, start: 100, stride: 7, want: Plan{100, 7, 300}},
		{t: 2200, start: 1200, want: Plan{1200, 1, 1000}},
		{t: 2200, start: 10, stride: 3, frames: 5, png: 4, want: Plan{10, 3, 5}},
		{t: 300, frames: 301, err: "Frames 301"},
		{t: 300, stride: 100, frames: 4, err: "give 3 frames"},
		{t: 300, start: 300, err: "Start 300: the file has 300 time samples"},
		{t: 300, png: 300, err: "PNG 300: only 300 frames"},
		{t: 1 << 40, stride: 1 << 30, frames: 1 << 20, err: "Frames 1048576"}, // no overflow
	} {
		o := Options{Start: c.start, Stride: c.stride, Frames: c.frames, PNG: c.png}
		p, err := plan(c.t, &o)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("plan(%d, %+v): error %v, want %q", c.t, o, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("plan(%d, %+v): %v", c.t, o, err)
		case c.err == "" && p != c.want:
			t.Errorf("plan(%d, %+v) = %+v, want %+v", c.t, o, p, c.want)
		}
	}
}
