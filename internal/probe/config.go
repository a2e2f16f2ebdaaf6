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
	switch {
	case c.PerRank < 1:
		return c.Flags.Error("PerRank", c.PerRank, "want at least 1")
	case c.MiB < 0:
		return c.Flags.Error("MiB", c.MiB, "want a positive size in MiB")
	case c.Out == "":
		return c.Flags.Error("Out", nil, "empty output name")
	case c.Dataset == "":
		return c.Flags.Error("Dataset", nil, "empty dataset name")
	}
	return nil
}
