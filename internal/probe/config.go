package probe

import (
	"time"

	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Config is one run of WriteRanks or Bench. Its settings go by their
// field names ("Out", "PerRank", "Block") in errors (see package setting).
type Config struct {
	Out     string // the file (Bench with FPP: the stem of every rank's file)
	Dataset string // the dataset's path in it
	PerRank int    // WriteRanks: elements per rank
	Keep    bool   // Bench: keep the file (or files) of the last repetition
	Options pio.Options

	// Bench's settings, IOR's in its terms. Block is 0 for WriteRanks.
	Block     int64         // bytes of float64 each rank writes and reads (IOR -b)
	Xfer      int64         // bytes per rank in one transfer call (IOR -t); 0: DefaultXfer(Block)
	Reps      int           // repetitions of write then read (IOR -i); 0: 1
	NoSync    bool          // leave out the flush to storage before the write's close (IOR without -e)
	ReadOther string        // read another rank's block (IOR -C): "on", "off", or "auto" (""): on when the job spans nodes
	FPP       bool          // a file per rank (IOR -F)
	Chunk     int64         // bytes per chunk of a chunked dataset; 0: contiguous
	Deadline  time.Duration // end each phase after this long (IOR -D); 0: none
	NoCheck   bool          // leave out the check of the values read, as IOR does by default
	DropCache bool          // evict the file from the page cache between write and read (fsync, posix_fadvise)
	CSV       string        // write each rank's figures of every phase here, as CSV; "": none
	Plot      string        // draw each rank's rates here, as a PNG; "": none
	// API is what the file is written and read through: "hdf5" ("", an
	// HDF5 dataset), "mpiio" (the same bytes through MPI-IO alone, in
	// Out+MPIIOSuffix) or "both" (each repetition through both, the
	// first alternating, for HDF5's cost over MPI-IO: Report.Ratios).
	API string
}

// MaxXfer bounds one transfer: it is each rank's buffer, and keeps
// MPI-IO's counts far below 2^31.
const MaxXfer = 1 << 30

// DefaultXfer is the transfer size when none is given: the whole block,
// up to 64 MiB.
func DefaultXfer(block int64) int64 { return min(block, 64<<20) }

// Validate checks the settings before MPI starts; WriteRanks and Bench
// rely on it. An error is a *setting.Error.
func (c *Config) Validate() error {
	switch {
	case c.PerRank < 1:
		return setting.Bad("PerRank", c.PerRank, "want at least 1")
	case c.Out == "":
		return setting.Bad("Out", nil, "empty output name")
	case c.Dataset == "":
		return setting.Bad("Dataset", nil, "empty dataset name")
	case c.Block < 0:
		return setting.Bad("Block", c.Block, "want a positive size")
	}
	switch c.API {
	case "", APIHDF5:
	case APIMPIIO, APIBoth:
		if c.Block == 0 {
			return setting.Bad("API", c.API, "only with the probe (%v)", setting.Name("Block"))
		}
		if c.FPP {
			return setting.Bad("API", c.API, "want hdf5 with %v: the raw MPI-IO file is one shared file", setting.Name("FPP"))
		}
	default:
		return setting.Bad("API", c.API, "want hdf5, mpiio or both")
	}
	if c.Block == 0 {
		switch {
		case c.CSV != "":
			return setting.Bad("CSV", c.CSV, "only with the probe (%v)", setting.Name("Block"))
		case c.Plot != "":
			return setting.Bad("Plot", c.Plot, "only with the probe (%v)", setting.Name("Block"))
		case c.DropCache:
			return setting.Bad("DropCache", nil, "only with the probe (%v)", setting.Name("Block"))
		}
		return nil
	}
	xfer := c.xfer()
	switch {
	case c.Block%8 != 0:
		return setting.Bad("Block", setting.FormatSize(c.Block), "want a whole number of float64, a multiple of 8 bytes")
	case xfer <= 0 || xfer%8 != 0:
		return setting.Bad("Xfer", setting.FormatSize(xfer), "want a positive multiple of 8 bytes")
	case xfer > MaxXfer:
		return setting.Bad("Xfer", setting.FormatSize(xfer), "want at most 1g")
	case c.Block%xfer != 0:
		return setting.Bad("Block", setting.FormatSize(c.Block), "want a multiple of %v %v", setting.Name("Xfer"), setting.FormatSize(xfer))
	case c.Reps < 0:
		return setting.Bad("Reps", c.Reps, "want at least 1")
	case c.Chunk < 0 || c.Chunk%8 != 0:
		return setting.Bad("Chunk", setting.FormatSize(max(c.Chunk, 0)), "want a multiple of 8 bytes, or 0 for contiguous")
	case c.Chunk > min(c.Block, 4<<30-8):
		return setting.Bad("Chunk", setting.FormatSize(c.Chunk), "want at most %v %v (and under 4g, HDF5's limit)", setting.Name("Block"), setting.FormatSize(c.Block))
	case c.Deadline < 0:
		return setting.Bad("Deadline", c.Deadline.Seconds(), "want 0 (none) or more seconds")
	}
	if c.CSV != "" && c.CSV == c.Plot {
		return setting.Bad("Plot", c.Plot, "the same file as %v", setting.Name("CSV"))
	}
	switch c.ReadOther {
	case "", "auto", "on", "off":
	default:
		return setting.Bad("ReadOther", c.ReadOther, "want auto, on or off")
	}
	return nil
}

func (c *Config) xfer() int64 {
	if c.Xfer == 0 {
		return DefaultXfer(c.Block)
	}
	return c.Xfer
}

// apiName is c.API, "" spelt out.
func (c *Config) apiName() string {
	if c.API == "" {
		return APIHDF5
	}
	return c.API
}

func (c *Config) reps() int { return max(c.Reps, 1) }
