package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/h5mpi/h5mpi/internal/setting"
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

// Views are the projections View accepts.
var Views = []string{"xy", "xz", "yz", "3d"}

// Options is one animation. Its settings go by their field names ("Out",
// "Delay"; "Size" for Width and Height) in errors (see package setting).
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

	Workers  int       // 0: one per CPU (GOMAXPROCS, at most runtime.NumCPU)
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

// ParseSize parses "WxH", the setting "Size". An error is a
// *setting.Error.
func ParseSize(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(a)
		if err == nil {
			h, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil {
		return 0, 0, &setting.Error{Name: "Size", Value: strconv.Quote(s), Want: "want WIDTHxHEIGHT, such as 640x480"}
	}
	if w < MinWidth || h < MinHeight || w > MaxSide || h > MaxSide {
		return 0, 0, &setting.Error{Name: "Size", Value: s, Want: sizeRange}
	}
	return w, h, nil
}

// sizeRange is what Size may be.
var sizeRange = fmt.Sprintf("want %dx%d to %dx%d", MinWidth, MinHeight, MaxSide, MaxSide)

// Validate checks what can be checked without the file; Animate relies
// on it. An error is a *setting.Error.
func (o *Options) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case o.In == "":
		return setting.Bad("In", nil, "empty input name")
	case o.Out == "":
		return setting.Bad("Out", nil, "empty output name")
	case o.Width < MinWidth || o.Height < MinHeight || o.Width > MaxSide || o.Height > MaxSide:
		return setting.Bad("Size", fmt.Sprintf("%dx%d", o.Width, o.Height), sizeRange)
	case o.Start < 0:
		return setting.Bad("Start", o.Start, "want a time sample >= 0")
	case o.Stride < 0:
		return setting.Bad("Stride", o.Stride, "want a stride >= 1 (0: automatic)")
	case o.Frames < 0:
		return setting.Bad("Frames", o.Frames, "want a frame count >= 1 (0: the whole run)")
	case o.Delay < 0 || o.Delay > maxDelay || o.Delay%10 != 0:
		return setting.Bad("Delay", o.Delay, fmt.Sprintf("want 0 to %d ms in steps of 10 (GIF delays are centiseconds)", maxDelay))
	case o.Loop < -1 || o.Loop > maxLoop:
		return setting.Bad("Loop", o.Loop, fmt.Sprintf("want -1 (play once), 0 (forever) or a repeat count up to %d", maxLoop))
	case o.PNG < -1:
		return setting.Bad("PNG", o.PNG, "want a frame number >= 0")
	case o.Frames > 0 && o.PNG >= o.Frames:
		return setting.Bad("PNG", o.PNG, fmt.Sprintf("only %d frames (numbered from 0)", o.Frames))
	case !validView(o.View):
		return setting.Bad("View", strconv.Quote(o.View), "want one of "+strings.Join(Views, ", "))
	case !finite(o.Elev):
		return setting.Bad("Elev", o.Elev, "want a finite angle in degrees")
	case !finite(o.Azim):
		return setting.Bad("Azim", o.Azim, "want a finite angle in degrees")
	case !(o.Extent > 0) || !finite(o.Extent) || o.Extent > 1e12:
		return setting.Bad("Extent", o.Extent, "want a positive range in km")
	case !(o.TEnd > 0) || !finite(o.TEnd):
		return setting.Bad("TEnd", o.TEnd, "want a positive time in seconds")
	case o.Workers < 0:
		return setting.Bad("Workers", o.Workers, "want >= 0")
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

// PNGName is the name of the PNG still: the GIF's name with .png for .gif.
func (o *Options) PNGName() string {
	return strings.TrimSuffix(o.Out, ".gif") + ".png"
}
