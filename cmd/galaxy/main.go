// Command galaxy simulates an infalling galaxy (a nucleus and N star
// particles) falling into a host galaxy, hands the particles out to the
// MPI ranks as they ask for work, and writes every particle's trajectory
// into one HDF5 file, each rank its own particles, in the layout of the
// Frontier hands-on's galaxy.py, so the same animation script reads it.
//
// Usage:
//
//	galaxy [-n 1000] [-t-end 35000] [-steps 2200] [-every 1] [-float32] [-seed 1]
//	       [-rtol 1e-10] [-atol 1e-9]
//	       [-o galaxy.hdf5] [-chunk 64] [-checkpoint 1m] [-resume] [-ic FILE]
//	       [-progress] [-hints k=v,...]
//	       [-align SIZE[:THRESHOLD]] [-coll-metadata=false] [-strict-collective] [-show-hints]
//	       [-stripe-count N] [-stripe-size SIZE]
//	galaxy -version
//
// The model, constants and file layout are those of the original (see
// internal/nbody and internal/galaxyfile). Each particle's start comes
// from the seed and its own index only, so the datasets are identical bit
// for bit whatever the rank count; -ic FILE starts instead from the first
// time sample of a galaxy file (ours or the Python original's), and the
// particle count becomes the file's.
//
// Rank 0 hands out chunks of at most -chunk particles, hardest first,
// to whichever rank asks (internal/sched); each rank integrates them with
// an adaptive 8th-order Runge-Kutta method (DOP853) with dense output and
// writes each chunk into its own rows of the file as soon as it is done
// (internal/galaxy). The file appears under its name only when complete.
//
// -every K writes every K-th output time, the first and last always
// (the time dataset says which), and -float32 stores positions and
// velocities as float32, rounded to nearest: the integration is the same
// float64 either way, and the values written are the full run's at
// those samples. Together, -every 4 -float32 make the file 8 times
// smaller (13 GB instead of 105 GB for a million particles). Both are
// recorded as attributes (every, float32), and animate, h5stats and the
// Python original's h5py reader read such files.
//
// SIGTERM, SIGINT or SIGUSR1 stop the run with its work kept in
// OUT.partial (status 3); so does a failure once the work has begun.
// Every -checkpoint the work is made durable and recorded there. -resume
// finishes the partial file, on any number of ranks, after checking that
// the settings are the same. $H5MPI_STOP_AFTER=K hands out K particles
// and then stops the run as a signal would; $H5MPI_PAUSE_AFTER=K hands
// out K particles and then waits, checkpointing, for a signal (both for
// rehearsals and tests). From 1024 ranks on, the ranks of a node ask a
// dispenser on their node, and those of 32 nodes one in front of them,
// and so on up to rank 0 (docs/galaxy.md); $H5MPI_GROUP_SIZE=G makes the
// groups G consecutive ranks whatever the ranks (node: those of a node;
// 1: rank 0 answers every rank), and $H5MPI_GROUP_FAN=F a dispenser per
// F of the level below, to try the tree on few ranks.
//
// Example:
//
//	$ scripts/run.sh 2 bin/galaxy -n 20000 -steps 200 -progress
//	galaxy: 20000 particles on 2 ranks
//	^C
//	MPI Rank 0 : Simulating my particles took 3.1 s
//	MPI Rank 1 : Simulating my particles took 3.1 s
//	load balance: 2 ranks, busy max/mean 1.00, evaluations max/mean 1.02, waiting max 0.01 s
//	galaxy: stopped: 5873 of 20000 particles done; run again with -resume to finish
//	$ scripts/run.sh 4 bin/galaxy -n 20000 -steps 200 -resume
//	...
//	Success!
//	$ h5dump -a nucleus_energy_drift galaxy.hdf5
//	$ scripts/run.sh 2 bin/galaxy -n 100000 -every 4 -float32 -o big.hdf5
//	...
//	$ h5ls big.hdf5/pos_pt
//	pos_pt                   Dataset {100000, 551, 3}
//
// Errors on any rank print "galaxy: rank R: MESSAGE" and end the whole job
// with a non-zero status; bad flags exit with status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxy"
	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of galaxy.Config (and
// pio's): every error is rendered with them (setting.Render).
var flags = map[string]string{
	"Hints": "-hints", "Align": "-align", "StrictCollective": "-strict-collective", "StripeCount": "-stripe-count", "StripeSize": "-stripe-size",
	"N": "-n", "TEnd": "-t-end", "Steps": "-steps", "Seed": "-seed",
	"Rtol": "-rtol", "Atol": "-atol", "Out": "-o", "Chunk": "-chunk", "IC": "-ic",
	"Checkpoint": "-checkpoint", "Resume": "-resume", "Every": "-every", "Float32": "-float32",
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command with its command line args (without the program's
// name) and its output streams; it returns the exit status. A usage error,
// -help and -version return before MPI starts.
func run(args []string, stdout, stderr io.Writer) int {
	defer job.Recover()
	log.SetOutput(stderr)
	log.SetPrefix("galaxy: ")
	log.SetFlags(0)
	fs := flag.NewFlagSet("galaxy", flag.ContinueOnError)
	c := galaxy.Config{Version: job.Version, Stdout: stdout, Stops: job.Intercept, Lost: job.Quit}
	fs.IntVar(&c.N, "n", 1000, "number of particles (with -ic: the file's)")
	fs.Float64Var(&c.TEnd, "t-end", nbody.DefaultEnd, "simulated time in `seconds`")
	fs.IntVar(&c.Steps, "steps", nbody.DefaultSamples, "output times, from 0 to -t-end inclusive")
	fs.IntVar(&c.Every, "every", 1, "write every `K`-th of the output times, the first and last always")
	fs.BoolVar(&c.Float32, "float32", false, "store positions and velocities as float32 (integrated in float64)")
	fs.Int64Var(&c.Seed, "seed", int64(nbody.DefaultSeed), "random seed of the initial conditions (>= 0)")
	fs.Float64Var(&c.Opt.Rtol, "rtol", nbody.DefaultRtol, "relative tolerance of the integrator")
	fs.Float64Var(&c.Opt.Atol, "atol", nbody.DefaultAtol, "absolute tolerance of the integrator (m, m/s)")
	fs.StringVar(&c.Out, "o", "galaxy.hdf5", "output `file`")
	fs.IntVar(&c.Chunk, "chunk", 64, "the most particles handed to a rank at once")
	c.Checkpoint = time.Minute
	fs.Func("checkpoint", "make the work durable and record it this often: a `duration` (1m, 30s; a bare number is seconds; 0: only when stopped) (default 1m0s)", func(s string) (err error) {
		c.Checkpoint, err = setting.ParseDuration(s)
		return err
	})
	fs.BoolVar(&c.Resume, "resume", false, "finish the partial file a stopped run of -o left")
	fs.StringVar(&c.IC, "ic", "", "start from the first time sample of this galaxy `file`")
	fs.StringVar(&c.Hints, "hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
	job.KnobFlags(fs, &c.Knobs)
	progress := fs.Bool("progress", false, "show progress on rank 0 (default: when stderr is a terminal)")
	if status, stop := job.Parse(fs, args, stdout, stderr, "galaxy [flags]", 0); stop {
		return status
	}

	c.Opt.MaxSteps = nbody.DefaultMaxSteps
	var err error
	if c.StopAfter, err = particlesEnv(galaxy.StopAfterEnv); err != nil {
		return job.Usagef(fs, "%v", err)
	}
	if c.PauseAfter, err = particlesEnv(galaxy.PauseAfterEnv); err != nil {
		return job.Usagef(fs, "%v", err)
	}
	if c.Group, c.Fan, err = treeEnv(); err != nil {
		return job.Usagef(fs, "%v", err)
	}
	if c.IC != "" && !job.IsSet(fs, "n") {
		c.N = 0 // the file's count
	}
	if err := c.Validate(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	if err := (pio.Options{Hints: c.Hints, Knobs: c.Knobs}).Validate(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	if err := job.Init(); err != nil {
		job.Fatal(setting.Render(err, flags))
	}
	if mpi.World.Rank() == 0 {
		c.Terminal = job.IsTerminal(stderr)
		if *progress || c.Terminal {
			c.Progress = stderr
		}
	}
	if err := galaxy.Run(c); err != nil {
		var stopped *galaxy.StoppedError
		if errors.As(err, &stopped) {
			job.Exit(setting.Render(stopped, flags), galaxy.StoppedStatus)
		}
		job.Fatal(setting.Render(err, flags))
	}
	job.Finalize()
	return 0
}

// particlesEnv reads a particle count >= 1 from the environment variable
// name; unset or empty is 0.
func particlesEnv(name string) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("$%s=%q: want a number of particles >= 1", name, v)
	}
	return n, nil
}

// treeEnv reads the tree of dispensers' shape, galaxy.Config's Group and
// Fan, from $H5MPI_GROUP_SIZE (unset or empty: the default; "node": the
// ranks of each node whatever the ranks; G: groups of G consecutive
// ranks, 1 for none) and $H5MPI_GROUP_FAN (F: a dispenser per F of the
// level below; unset or empty: the default).
func treeEnv() (group, fan int, err error) {
	switch v := os.Getenv(galaxy.GroupSizeEnv); v {
	case "":
	case "node":
		group = galaxy.GroupNode
	default:
		if group, err = strconv.Atoi(v); err != nil || group < 1 {
			return 0, 0, fmt.Errorf("$%s=%q: want ranks per group >= 1 (1: rank 0 answers every rank), or node", galaxy.GroupSizeEnv, v)
		}
	}
	if v := os.Getenv(galaxy.GroupFanEnv); v != "" {
		if fan, err = strconv.Atoi(v); err != nil || fan < 1 {
			return 0, 0, fmt.Errorf("$%s=%q: want dispensers per dispenser of the level above >= 1", galaxy.GroupFanEnv, v)
		}
	}
	return group, fan, nil
}
