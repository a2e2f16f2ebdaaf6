// Command animate renders a galaxy file, written by galaxy or by the
// Python original (same dataset names and shapes), as an animated GIF of
// the collision: particles as small black dots, the nucleus as a larger
// magenta dot, the host as a translucent blue dot at the origin, on axes
// from -250 to 250 km, with the time on every frame.
//
// Usage:
//
//	animate [-i galaxy.hdf5] [-o galaxy_collision.gif] [-size 640x480]
//	        [-start S] [-frames N] [-stride K] [-delay 50] [-loop 0] [-png K]
//	        [-view xy|xz|yz|3d] [-elev 110] [-azim -90] [-extent 250]
//	        [-t-end 35000] [-progress]
//	animate -version
//
// By default every time sample is a frame, up to 1100 frames; a longer run
// is drawn with the fixed stride that keeps it within 1100. -frames N alone
// takes N consecutive samples from -start (the original animates the first
// 1000), -stride K alone runs to the end.
//
// The default view, xy, looks straight down on the X-Y plane, close to
// the original's nearly top-down 3-D view; xz and yz look along Y and X.
// -view 3d is an orthographic projection of the axes box from -elev and
// -azim degrees in matplotlib's convention: -view 3d -elev 110 -azim -90
// is the original's view. Points outside -extent km are not drawn.
// Times come from the file's time dataset; a file without one (the
// original's) is taken to span 0 to -t-end seconds evenly.
//
// Only the frames drawn are read, in slabs of frames with hyperslab
// selections, so memory stays small whatever the file's length; frames
// are drawn and encoded on every core (animate is serial otherwise and
// needs no MPI launcher; started on several ranks, the first does the
// work and the others exit at once). -png K also writes frame K (from 0)
// as a PNG still, named like the GIF with .png. Both files are written
// as NAME.partial and renamed when complete.
//
// Example:
//
//	$ scripts/run.sh 2 bin/galaxy
//	MPI Rank 0 : Simulating my particles took 0.43 s
//	MPI Rank 1 : Simulating my particles took 0.41 s
//	Success!
//	$ bin/animate
//	animate: galaxy_collision.gif: 1100 frames (samples 0:2199:2 of 2200, 1000 particles), 640x480, 3.0 MB
//	$ bin/animate -frames 1000 -png 500 -o first1000.gif
//	animate: first1000.gif: 1000 frames (samples 0:1000:1 of 2200, 1000 particles), 640x480, 2.4 MB
//	animate: first1000.png: frame 500
//	$ bin/animate -view 3d -o original-view.gif
//	animate: original-view.gif: 1100 frames (samples 0:2199:2 of 2200, 1000 particles), 640x480, 3.3 MB
//
// A bad flag prints the usage and exits with status 2 before any file is
// touched; a missing or malformed input prints one line naming the file
// and dataset and exits with status 1.
package main

import (
	"context"
	"flag"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/render"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of render.Options:
// every error is rendered with them (setting.Render).
var flags = map[string]string{
	"In": "-i", "Out": "-o", "Size": "-size", "Start": "-start", "Frames": "-frames",
	"Stride": "-stride", "Delay": "-delay", "Loop": "-loop", "PNG": "-png", "View": "-view",
	"Elev": "-elev", "Azim": "-azim", "Extent": "-extent", "TEnd": "-t-end",
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command with its command line args (without the program's
// name) and its output streams; it returns the exit status. A usage error,
// -help and -version return before any file is touched.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("internal error: %v", r) // one line and status 1, not a Go trace
			status = 1
		}
	}()
	log.SetOutput(stderr)
	log.SetPrefix("animate: ")
	log.SetFlags(0)
	fs := flag.NewFlagSet("animate", flag.ContinueOnError)
	o := render.DefaultOptions()
	fs.StringVar(&o.In, "i", o.In, "input galaxy `file`")
	fs.StringVar(&o.Out, "o", o.Out, "output GIF `file`")
	size := fs.String("size", "640x480", "picture size `WxH`")
	fs.IntVar(&o.Start, "start", 0, "first time `sample` drawn")
	fs.IntVar(&o.Frames, "frames", 0, "`N` frames (default: the whole run, at most 1100 unless -stride is given)")
	fs.IntVar(&o.Stride, "stride", 0, "`K` time samples between frames (default: 1 with -frames, else what keeps the whole run within 1100 frames)")
	fs.IntVar(&o.Delay, "delay", o.Delay, "`ms` per frame, in steps of 10")
	fs.IntVar(&o.Loop, "loop", o.Loop, "GIF loop `count`: 0 loops forever, -1 plays once, N repeats N times")
	fs.IntVar(&o.PNG, "png", o.PNG, "also write frame `K` (from 0) as a PNG still")
	fs.StringVar(&o.View, "view", o.View, "projection: `xy`, xz, yz or 3d")
	fs.Float64Var(&o.Elev, "elev", o.Elev, "3d view elevation in `degrees` (matplotlib's)")
	fs.Float64Var(&o.Azim, "azim", o.Azim, "3d view azimuth in `degrees` (matplotlib's)")
	fs.Float64Var(&o.Extent, "extent", o.Extent, "axes from -`KM` to KM; points outside are not drawn")
	fs.Float64Var(&o.TEnd, "t-end", o.TEnd, "time of the last sample in `seconds`, for files without a time dataset")
	progress := fs.Bool("progress", false, "show progress (default: when stderr is a terminal)")
	if status, stop := job.Parse(fs, args, stdout, stderr, "animate [flags]", 0); stop {
		return status
	}

	var err error
	if o.Width, o.Height, err = render.ParseSize(*size); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	if err := o.Validate(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	if err := pio.CheckEnv(); err != nil {
		return job.Usagef(fs, "%v", err)
	}
	// animate is serial. Started by a launcher on several ranks, the first
	// does the work and the others leave at once: N copies would race for
	// the output, and N failing at once can hang a launcher.
	if launch.Rank() > 0 {
		return 0
	}
	o.Terminal = job.IsTerminal(stderr)
	if *progress || o.Terminal {
		o.Progress = stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := render.Animate(ctx, o)
	if err != nil {
		log.Print(setting.Render(err, flags))
		return 1
	}
	log.Printf("%s: %d frames (%v of %d, %d particles), %dx%d, %.1f MB",
		o.Out, res.Plan.Frames, res.Plan, res.Samples, res.Particles, o.Width, o.Height, float64(res.Bytes)/1e6)
	if res.PNG != "" {
		log.Printf("%s: frame %d", res.PNG, o.PNG)
	}
	return 0
}
