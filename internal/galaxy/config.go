package galaxy

import (
	"fmt"
	"io"
	"math"

	"github.com/h5mpi/h5mpi/internal/nbody"
)

// Config is one run. Every rank passes the same Config to Run.
type Config struct {
	N     int     // particles; with IC, 0 takes the file's count
	TEnd  float64 // s
	Steps int     // output times, both ends included
	Seed  uint64
	Opt   nbody.Options
	Out   string // output file
	Batch int    // particles per collective write
	IC    string // initial conditions from this galaxy file, if set
	Hints string // MPI-IO hints, key=value,...

	Version  string    // program version, recorded in the file
	Stdout   io.Writer // per-rank timing lines and "Success!"
	Progress io.Writer // rank 0's progress meter; nil for none
	Terminal bool      // Progress is a terminal: redraw one line
}

// Validate checks what can be checked before MPI starts.
func (c *Config) Validate() error {
	switch {
	case c.N < 0 || (c.N == 0 && c.IC == ""):
		return fmt.Errorf("-n %d: want a positive number of particles", c.N)
	case c.Steps < 2:
		return fmt.Errorf("-steps %d: want at least 2 output times", c.Steps)
	case !(c.TEnd > 0) || math.IsInf(c.TEnd, 0):
		return fmt.Errorf("-t-end %v: want a positive, finite time in seconds", c.TEnd)
	case !(c.Opt.Rtol > 0) || math.IsInf(c.Opt.Rtol, 0):
		return fmt.Errorf("-rtol %v: want a positive tolerance", c.Opt.Rtol)
	case c.Opt.Rtol < nbody.MinRtol:
		return fmt.Errorf("-rtol %v: below what float64 arithmetic can deliver (%v)", c.Opt.Rtol, nbody.MinRtol)
	case !(c.Opt.Atol > 0) || math.IsInf(c.Opt.Atol, 0):
		return fmt.Errorf("-atol %v: want a positive tolerance", c.Opt.Atol)
	case c.Batch < 1:
		return fmt.Errorf("-batch %d: want at least 1 particle per write", c.Batch)
	case c.Out == "":
		return fmt.Errorf("-o: empty output name")
	}
	return nil
}
