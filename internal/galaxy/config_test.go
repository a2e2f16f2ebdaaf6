package galaxy

import (
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/nbody"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// The settings go by their own names unless Flags names them; the
// commands' flags are checked by internal/contract.
func TestValidate(t *testing.T) {
	good := func() Config {
		return Config{N: 10, TEnd: 100, Steps: 2, Every: 1, Opt: nbody.DefaultOptions(), Out: "g.h5", Chunk: 1}
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // "" for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"n from -ic", func(c *Config) { c.N, c.IC = 0, "a.h5" }, ""},
		{"n zero", func(c *Config) { c.N = 0 }, "N 0"},
		{"n negative", func(c *Config) { c.N = -1; c.IC = "a.h5" }, "N -1"},
		{"one step", func(c *Config) { c.Steps = 1 }, "Steps 1"},
		{"every zero", func(c *Config) { c.Every = 0 }, "Every 0: want a positive stride"},
		{"every past the end", func(c *Config) { c.Every = 5 }, ""},
		{"t-end zero", func(c *Config) { c.TEnd = 0 }, "TEnd 0"},
		{"t-end inf", func(c *Config) { c.TEnd = 1 / zero() }, "TEnd +Inf"},
		{"rtol NaN", func(c *Config) { c.Opt.Rtol = zero() / zero() }, "Rtol NaN"},
		{"rtol tiny", func(c *Config) { c.Opt.Rtol = 1e-300 }, "Rtol 1e-300"},
		{"atol zero", func(c *Config) { c.Opt.Atol = 0 }, "Atol 0"},
		{"seed negative", func(c *Config) { c.Seed = -1 }, "Seed -1: want a seed >= 0"},
		{"max steps zero", func(c *Config) { c.Opt.MaxSteps = 0 }, "MaxSteps 0"},
		{"chunk zero", func(c *Config) { c.Chunk = 0 }, "Chunk 0"},
		{"chunk huge", func(c *Config) { c.Chunk = 1 << 20 }, "Chunk 1048576: want 1 to 4096"},
		{"n huge", func(c *Config) { c.N = 1 << 40 }, "N 1099511627776: want at most 2147483647"},
		{"checkpoint negative", func(c *Config) { c.Checkpoint = -time.Second }, "Checkpoint -1s"},
		{"no output", func(c *Config) { c.Out = "" }, "Out: empty"},
	} {
		c := good()
		tc.edit(&c)
		err := c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one starting %q", tc.name, err, tc.want)
		}
	}
	// A command renders them as its flags, nbody's settings too.
	flags := map[string]string{"N": "-n", "Rtol": "-rtol"}
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.N = 0 }, "-n 0: want"},
		{func(c *Config) { c.Opt.Rtol = 0 }, "-rtol 0: want"},
	} {
		c := good()
		tc.edit(&c)
		if err := setting.Render(c.Validate(), flags); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("rendered: error %v, want one starting %q", err, tc.want)
		}
	}
}

func zero() float64 { return 0 }
