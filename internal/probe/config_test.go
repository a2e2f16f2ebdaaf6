package probe

import (
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// The settings go by their own names unless Flags names them.
func TestValidate(t *testing.T) {
	good := func() Config { return Config{Out: "o.h5", Dataset: "d", PerRank: 1} }
	for _, tc := range []struct {
		edit func(*Config)
		want string // "" for valid
	}{
		{func(*Config) {}, ""},
		{func(c *Config) { c.Block = 4 << 20 }, ""},
		{func(c *Config) { c.Block, c.Xfer, c.Reps, c.Chunk = 4<<20, 1<<20, 3, 64<<10 }, ""},
		{func(c *Config) { c.Block, c.Deadline, c.ReadOther = 8, time.Second, "on" }, ""},
		{func(c *Config) { c.PerRank = 0 }, "PerRank 0: want at least 1"},
		{func(c *Config) { c.Block = -1 }, "Block -1: want a positive size"},
		{func(c *Config) { c.Out = "" }, "Out: empty output name"},
		{func(c *Config) { c.Dataset = "" }, "Dataset: empty dataset name"},
		{func(c *Config) { c.Block = 12 }, "Block 12: want a whole number of float64"},
		{func(c *Config) { c.Block, c.Xfer = 4<<20, 3<<20 }, "Block 4m: want a multiple of Xfer 3m"},
		{func(c *Config) { c.Block, c.Xfer = 4<<20, 12 }, "Xfer 12: want a positive multiple of 8"},
		{func(c *Config) { c.Block, c.Xfer = 4<<30, 2<<30 }, "Xfer 2g: want at most 1g"},
		{func(c *Config) { c.Block, c.Reps = 8, -1 }, "Reps -1: want at least 1"},
		{func(c *Config) { c.Block, c.Chunk = 8, 12 }, "Chunk 12: want a multiple of 8"},
		{func(c *Config) { c.Block, c.Chunk = 1<<20, 2<<20 }, "Chunk 2m: want at most Block 1m"},
		{func(c *Config) { c.Block, c.Deadline = 8, -time.Second }, "Deadline -1: want 0"},
		{func(c *Config) { c.Block, c.ReadOther = 8, "yes" }, "ReadOther yes: want auto, on or off"},
		{func(c *Config) { c.Block, c.API = 8, "hdf5" }, ""},
		{func(c *Config) { c.Block, c.API = 8, "mpiio" }, ""},
		{func(c *Config) { c.Block, c.API, c.Chunk = 8, "both", 8 }, ""},
		{func(c *Config) { c.API = "hdf5" }, ""},
		{func(c *Config) { c.Block, c.API = 8, "posix" }, "API posix: want hdf5, mpiio or both"},
		{func(c *Config) { c.API = "both" }, "API both: only with the probe (Block)"},
		{func(c *Config) { c.Block, c.API, c.FPP = 8, "mpiio", true }, "API mpiio: want hdf5 with FPP"},
		// As a command renders them, with its flags.
		{func(c *Config) { c.Block = -1 }, "-block -1: want"},
		{func(c *Config) { c.Block, c.Xfer = 4<<20, 3<<20 }, "-block 4m: want a multiple of -xfer 3m"},
	} {
		c := good()
		tc.edit(&c)
		err := c.Validate()
		if strings.HasPrefix(tc.want, "-") {
			err = setting.Render(err, map[string]string{"Block": "-block", "Xfer": "-xfer"})
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", c, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one starting %q", c, err, tc.want)
		}
	}
}
