package galaxy

import (
	"io"
	"math"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Config is one run. Every rank passes the same Config to Run. Its
// settings go by their field names ("N", "Steps", "Rtol" for Opt.Rtol)
// in errors (see package setting).
type Config struct {
	N     int     // particles; with IC, 0 takes the file's count
	TEnd  float64 // s
	Steps int     // output times, both ends included
	Seed  int64   // >= 0
	Opt   nbody.Options
	Out   string    // output file
	Chunk int       // the most particles handed to a rank at once
	IC    string    // initial conditions from this galaxy file, if set
	Hints string    // MPI-IO hints, key=value,...
	Knobs pio.Knobs // alignment, collective metadata, strict collective transfers, hints shown

	// Group and Fan shape the tree of dispensers between rank 0 and the
	// ranks (tree.go). Group: GroupAuto, the ranks of each node from
	// sched.TreeFrom ranks on and no tree below; GroupNode, the ranks of
	// each node whatever the ranks; 1, no tree (rank 0 answers every
	// rank); G > 1, groups of G consecutive ranks (to try the tree on one
	// node). Fan: how many dispensers of a level ask one of the level
	// above; 0, sched.Fan; 1, the groups' leaders ask rank 0.
	Group, Fan int

	// Every writes every Every-th of the Steps samples, the first and
	// last always (galaxyfile.Samples); 1 writes them all. Float32
	// stores positions and velocities as float32, rounded to nearest;
	// the integration is float64 either way.
	Every   int
	Float32 bool

	// Resume finishes the partial file a stopped run of Out left, instead
	// of starting again.
	Resume bool
	// Checkpoint is how often the work done is made durable and
	// recorded, so that a crash loses at most this much; 0: only when
	// stopped.
	Checkpoint time.Duration
	// StopAfter, if positive, hands out that many particles and then
	// stops the run as a signal would: to rehearse a time limit, and for
	// tests that must stop at a given point.
	StopAfter int
	// PauseAfter, if positive, hands out that many particles and then
	// nothing more until a stop (a signal) comes, checkpoints going on
	// meanwhile: for tests that must catch a run in the middle, whatever
	// the machine's speed.
	PauseAfter int

	// Stops hands the run the job's stop requests (to a command, its
	// signals) from the moment the run's file exists on every rank until
	// release: a stop then ends the run in order, its work kept for
	// Resume. Before and after, they are the job's own to act on. Nil: no
	// stop comes but StopAfter's.
	Stops func() (stops <-chan os.Signal, release func())
	// Lost ends this rank at once, without MPI, saying why: for a rank
	// that finds its job lost (rank 0 silent) or its stop stuck, where an
	// MPI call could hang. It does not return (the command's job.Quit);
	// nil panics with the error.
	Lost func(error)

	Version  string    // program version, recorded in the file
	Stdout   io.Writer // per-rank timing lines and "Success!"
	Progress io.Writer // rank 0's progress meter; nil for none
	Terminal bool      // Progress is a terminal: redraw one line
}

// Limits: particle indices travel as int32 (internal/sched), and a chunk
// is staged in memory twice over.
const (
	MaxParticles = math.MaxInt32
	MaxChunk     = 4096
)

// Validate checks every setting, once, before MPI starts: Run relies
// on it. An error names the setting (a *setting.Error).
func (c *Config) Validate() error {
	switch {
	case c.N < 0 || (c.N == 0 && c.IC == ""):
		return setting.Bad("N", c.N, "want a positive number of particles")
	case c.Steps < 2:
		return setting.Bad("Steps", c.Steps, "want at least 2 output times")
	case c.Every < 1:
		return setting.Bad("Every", c.Every, "want a positive stride between the samples written (1: every sample)")
	case !(c.TEnd > 0) || math.IsInf(c.TEnd, 0):
		return setting.Bad("TEnd", c.TEnd, "want a positive, finite time in seconds")
	case c.Seed < 0:
		return setting.Bad("Seed", c.Seed, "want a seed >= 0")
	case c.N > MaxParticles:
		return setting.Bad("N", c.N, "want at most %d particles", MaxParticles)
	case c.Chunk < 1 || c.Chunk > MaxChunk:
		return setting.Bad("Chunk", c.Chunk, "want 1 to %d particles at once", MaxChunk)
	case c.Group < GroupNode:
		return setting.Bad("Group", c.Group, "want ranks per group >= 1, %d for the ranks of a node or %d for the default", GroupNode, GroupAuto)
	case c.Fan < 0:
		return setting.Bad("Fan", c.Fan, "want dispensers per dispenser of the level above >= 1, or 0 for the default")
	case c.Checkpoint < 0:
		return setting.Bad("Checkpoint", c.Checkpoint, "want a positive interval, or 0 for none")
	case c.Out == "":
		return setting.Bad("Out", nil, "empty output name")
	}
	return c.Opt.Validate()
}

// samples are the indices of the time grid's samples the file holds.
func (c *Config) samples() []int { return galaxyfile.Samples(c.Steps, c.Every) }
