// Package probe holds the work of h5write: the parallel write test of
// the Frontier hands-on (each rank writes its own rank number into its
// own part of one dataset) and the I/O bandwidth probe (each rank writes,
// reads back and checks a contiguous block of float64).
//
// Every function here is collective: all ranks call it with the same
// arguments.
package probe

import (
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Config is one run of WriteRanks or Bench. Its settings go by their
// field names ("Out", "PerRank", "MiB"), or by what Flags calls them.
type Config struct {
	Out     string // the file
	Dataset string // the dataset's path in it
	PerRank int    // WriteRanks: elements per rank
	MiB     int    // Bench: MiB of float64 per rank; 0 for WriteRanks
	Keep    bool   // Bench: keep the file
	Options pio.Options

	// Flags are what the user calls the settings (a command's flags),
	// for the messages of Validate and the runs; nil: their own names.
	Flags setting.Names
}

// Validate checks the settings before MPI starts; WriteRanks and Bench
// rely on it. An error is a *setting.Error.
func (c *Config) Validate() error {
	bad := func(name string, value any, want string) error {
		return &setting.Error{Name: name, Value: value, Want: want, Names: c.Flags}
	}
	switch {
	case c.PerRank < 1:
		return bad("PerRank", c.PerRank, "want at least 1")
	case c.MiB < 0:
		return bad("MiB", c.MiB, "want a positive size in MiB")
	case c.Out == "":
		return bad("Out", nil, "empty output name")
	case c.Dataset == "":
		return bad("Dataset", nil, "empty dataset name")
	}
	return nil
}
