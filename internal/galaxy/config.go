package galaxy

import (
	"io"
	"math"

	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Config is one run. Every rank passes the same Config to Run. Its
// settings go by their field names ("N", "Steps", "Rtol" for Opt.Rtol),
// or by what Flags calls them.
type Config struct {
	N     int     // particles; with IC, 0 takes the file's count
	TEnd  float64 // s
	Steps int     // output times, both ends included
	Seed  int64   // >= 0
	Opt   nbody.Options
	Out   string    // output file
	Batch int       // particles per collective write
	IC    string    // initial conditions from this galaxy file, if set
	Hints string    // MPI-IO hints, key=value,...
	Knobs pio.Knobs // alignment, collective metadata, strict collective transfers, hints shown

	Version  string    // program version, recorded in the file
	Stdout   io.Writer // per-rank timing lines and "Success!"
	Progress io.Writer // rank 0's progress meter; nil for none
	Terminal bool      // Progress is a terminal: redraw one line

	// Flags are what the user calls the settings (a command's flags),
	// for the messages of Validate and Run; nil: their own names.
	Flags setting.Names
}

// Validate checks every setting, once, before MPI starts: Run relies
// on it. An error names the setting (a *setting.Error).
func (c *Config) Validate() error {
	switch {
	case c.N < 0 || (c.N == 0 && c.IC == ""):
		return c.Flags.Error("N", c.N, "want a positive number of particles")
	case c.Steps < 2:
		return c.Flags.Error("Steps", c.Steps, "want at least 2 output times")
	case !(c.TEnd > 0) || math.IsInf(c.TEnd, 0):
		return c.Flags.Error("TEnd", c.TEnd, "want a positive, finite time in seconds")
	case c.Seed < 0:
		return c.Flags.Error("Seed", c.Seed, "want a seed >= 0")
	case c.Batch < 1:
		return c.Flags.Error("Batch", c.Batch, "want at least 1 particle per write")
	case c.Out == "":
		return c.Flags.Error("Out", nil, "empty output name")
	}
	return c.Flags.Named(c.Opt.Validate())
}
