package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Defaults of cmd/animate.
const (
	DefaultWidth     = 640
	DefaultHeight    = 480
	DefaultDelay     = 50    // ms per frame, the original's
	DefaultExtent    = 250   // km
	DefaultTEnd      = 35000 // s, the original's time grid, for files without a time dataset
	DefaultElev      = 110   // degrees: the original's view
	DefaultAzim      = -90
	MaxAutoFrames    = 1100 // beyond this many samples, the default stride grows
	MinWidth         = 320
	MinHeight        = 240
	MaxSide          = 4096
	maxDelay         = 655350 // ms: GIF delays are 16-bit centiseconds
	maxLoop          = 65535
	defaultBatchSize = 16 // frames one worker renders and encodes in a row
)

// Views are the projections -view accepts.
var Views = []string{"xy", "xz", "yz", "3d"}

// Options is one animation.
type Options struct {
	In, Out       string
	Width, Height int
	Start         int // first time sample
	Stride        int // samples between frames; 0: automatic
	Frames        int // 0: automatic
	Delay         int // ms per frame, a multiple of 10
	Loop          int // GIF loop count: 0 forever, -1 play once, n repeat n times
	PNG           int // frame written as a PNG still too; -1: none
	View          string
	Elev, Azim    float64 // degrees, for View "3d"
	Extent        float64 // km: axes from -Extent to +Extent
	TEnd          float64 // s: time of the last sample, for files without a time dataset

	Workers  int       // 0: GOMAXPROCS
	Progress io.Writer // progress meter; nil for none
	Terminal bool      // Progress is a terminal: redraw one line
}

// DefaultOptions are cmd/animate's defaults.
func DefaultOptions() Options {
	return Options{
		In: "galaxy.hdf5", Out: "galaxy_collision.gif",
		Width: DefaultWidth, Height: DefaultHeight,
		Delay: DefaultDelay, PNG: -1, View: "xy",
		Elev: DefaultElev, Azim: DefaultAzim,
		Extent: DefaultExtent, TEnd: DefaultTEnd,
	}
}

// ParseSize parses "WxH".
func ParseSize(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(a)
		if err == nil {
			h, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("-size %q: want WIDTHxHEIGHT, such as 640x480", s)
	}
	if w < MinWidth || h < MinHeight || w > MaxSide || h > MaxSide {
		return 0, 0, fmt.Errorf("-size %s: want %dx%d to %dx%d", s, MinWidth, MinHeight, MaxSide, MaxSide)
	}
	return w, h, nil
}

// Validate checks what can be checked without the file.
func (o *Options) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case o.In == "":
		return fmt.Errorf("-i: empty input name")
	case o.Out == "":
		return fmt.Errorf("-o: empty output name")
	case o.Width < MinWidth || o.Height < MinHeight || o.Width > MaxSide || o.Height > MaxSide:
		return fmt.Errorf("-size %dx%d: want %dx%d to %dx%d", o.Width, o.Height, MinWidth, MinHeight, MaxSide, MaxSide)
	case o.Start < 0:
		return fmt.Errorf("-start %d: want a time sample >= 0", o.Start)
	case o.Stride < 0:
		return fmt.Errorf("-stride %d: want a stride >= 1 (0: automatic)", o.Stride)
	case o.Frames < 0:
		return fmt.Errorf("-frames %d: want a frame count >= 1 (0: the whole run)", o.Frames)
	case o.Delay < 0 || o.Delay > maxDelay || o.Delay%10 != 0:
		return fmt.Errorf("-delay %d: want 0 to %d ms in steps of 10 (GIF delays are centiseconds)", o.Delay, maxDelay)
	case o.Loop < -1 || o.Loop > maxLoop:
		return fmt.Errorf("-loop %d: want -1 (play once), 0 (forever) or a repeat count up to %d", o.Loop, maxLoop)
	case o.PNG < -1:
		return fmt.Errorf("-png %d: want a frame number >= 0", o.PNG)
	case o.Frames > 0 && o.PNG >= o.Frames:
		return fmt.Errorf("-png %d: only %d frames (numbered from 0)", o.PNG, o.Frames)
	case !validView(o.View):
		return fmt.Errorf("-view %q: want one of %s", o.View, strings.Join(Views, ", "))
	case !finite(o.Elev) || !finite(o.Azim):
		return fmt.Errorf("-elev %v -azim %v: want finite angles in degrees", o.Elev, o.Azim)
	case !(o.Extent > 0) || !finite(o.Extent) || o.Extent > 1e12:
		return fmt.Errorf("-extent %v: want a positive range in km", o.Extent)
	case !(o.TEnd > 0) || !finite(o.TEnd):
		return fmt.Errorf("-t-end %v: want a positive time in seconds", o.TEnd)
	case o.Workers < 0:
		return fmt.Errorf("workers %d: want >= 0", o.Workers)
	}
	return nil
}

func validView(v string) bool {
	for _, w := range Views {
		if v == w {
			return true
		}
	}
	return false
}

// PNGName is the name of the -png still: the GIF's name with .png for .gif.
func (o *Options) PNGName() string {
	return strings.TrimSuffix(o.Out, ".gif") + ".png"
}
