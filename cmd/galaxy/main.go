// Command galaxy simulates an infalling galaxy (a nucleus and N star
// particles) falling into a host galaxy, splits the particles across MPI
// ranks, and writes every particle's trajectory into one HDF5 file, each
// rank its own particles, in the layout of the Frontier hands-on's
// galaxy.py, so the same animation script reads it.
//
// Usage:
//
//	galaxy [-n 1000] [-t-end 35000] [-steps 2200] [-seed 1] [-rtol 1e-10] [-atol 1e-9]
//	       [-o galaxy.hdf5] [-batch 64] [-ic FILE] [-progress] [-hints k=v,...]
//	galaxy -version
//
// The model, constants and file layout are those of the original (see
// internal/galaxy and internal/nbody). Each particle's start comes from the
// seed and its own index only, so the datasets are identical bit for bit
// whatever the rank count; -ic FILE starts instead from the first time
// sample of a galaxy file (ours or the Python original's), and the
// particle count becomes the file's.
//
// Each rank integrates its particles with an adaptive 8th-order
// Runge-Kutta method (DOP853) with dense output, and writes them in
// batches of -batch particles with collective writes, so its memory is
// bounded by the batch. The file appears under its name only when
// complete.
//
// Example:
//
//	$ scripts/run.sh 2 bin/galaxy
//	MPI Rank 1 : Simulating my particles took 0.41 s
//	MPI Rank 0 : Simulating my particles took 0.43 s
//	Success!
//	$ h5dump -H galaxy.hdf5 | grep -A2 DATASET
//	$ scripts/run.sh 4 bin/galaxy -ic galaxy.hdf5 -rtol 1e-12 -o tight.hdf5 -progress
//
// Errors on any rank print "galaxy: rank R: MESSAGE" and end the whole job
// with a non-zero status; bad flags exit with status 2.
package main

import (
	"errors"
	"flag"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/h5mpi/h5mpi/internal/cli"
	"github.com/h5mpi/h5mpi/internal/galaxy"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of galaxy.Config.
var flags = setting.Names{
	"N": "-n", "TEnd": "-t-end", "Steps": "-steps", "Seed": "-seed",
	"Rtol": "-rtol", "Atol": "-atol", "Out": "-o", "Chunk": "-chunk", "IC": "-ic",
	"Checkpoint": "-checkpoint", "Resume": "-resume",
}

func main() {
	defer pio.Recover()
	log.SetPrefix("galaxy: ")
	log.SetFlags(0)
	c := galaxy.Config{Version: cli.Version, Stdout: os.Stdout, Flags: flags}
	flag.IntVar(&c.N, "n", 1000, "number of particles (with -ic: the file's)")
	flag.Float64Var(&c.TEnd, "t-end", nbody.DefaultEnd, "simulated time in `seconds`")
	flag.IntVar(&c.Steps, "steps", nbody.DefaultSamples, "output times, from 0 to -t-end inclusive")
	flag.Int64Var(&c.Seed, "seed", int64(nbody.DefaultSeed), "random seed of the initial conditions (>= 0)")
	flag.Float64Var(&c.Opt.Rtol, "rtol", nbody.DefaultRtol, "relative tolerance of the integrator")
	flag.Float64Var(&c.Opt.Atol, "atol", nbody.DefaultAtol, "absolute tolerance of the integrator (m, m/s)")
	flag.StringVar(&c.Out, "o", "galaxy.hdf5", "output `file`")
	flag.IntVar(&c.Chunk, "chunk", 64, "the most particles handed to a rank at once")
	flag.DurationVar(&c.Checkpoint, "checkpoint", time.Minute, "make the work durable and record it this often (0: only when stopped)")
	flag.BoolVar(&c.Resume, "resume", false, "finish the partial file a stopped run of -o left")
	flag.StringVar(&c.IC, "ic", "", "start from the first time sample of this galaxy `file`")
	flag.StringVar(&c.Hints, "hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
	progress := flag.Bool("progress", false, "show progress on rank 0 (default: when stderr is a terminal)")
	cli.Parse("galaxy [flags]", 0, pio.Libraries)

	c.Opt.MaxSteps = nbody.DefaultMaxSteps
	if v := os.Getenv(galaxy.StopAfterEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			cli.Usagef("$%s=%q: want a number of particles >= 1", galaxy.StopAfterEnv, v)
		}
		c.StopAfter = n
	}
	if c.IC != "" && !cli.IsSet("n") {
		c.N = 0 // the file's count
	}
	if err := c.Validate(); err != nil {
		cli.Usage(err, flags)
	}
	if _, err := pio.ParseHints(c.Hints); err != nil {
		cli.Usagef("-hints: %v", err)
	}
	if err := pio.Init(); err != nil {
		pio.Fatal(err)
	}
	if pio.Rank() == 0 {
		c.Terminal = cli.IsTerminal(os.Stderr)
		if *progress || c.Terminal {
			c.Progress = os.Stderr
		}
	}
	if err := galaxy.Run(c); err != nil {
		var stopped *galaxy.StoppedError
		if errors.As(err, &stopped) {
			pio.Exit(stopped, galaxy.StoppedStatus)
		}
		pio.Fatal(err)
	}
	pio.Finalize()
}
