package galaxy

import (
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/nbody"
)

func TestValidate(t *testing.T) {
	good := func() Config {
		return Config{N: 10, TEnd: 100, Steps: 2, Opt: nbody.DefaultOptions(), Out: "g.h5", Batch: 1}
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // "" for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"n from -ic", func(c *Config) { c.N, c.IC = 0, "a.h5" }, ""},
		{"n zero", func(c *Config) { c.N = 0 }, "-n 0"},
		{"n negative", func(c *Config) { c.N = -1; c.IC = "a.h5" }, "-n -1"},
		{"one step", func(c *Config) { c.Steps = 1 }, "-steps 1"},
		{"t-end zero", func(c *Config) { c.TEnd = 0 }, "-t-end 0"},
		{"t-end inf", func(c *Config) { c.TEnd = 1 / zero() }, "-t-end +Inf"},
		{"rtol NaN", func(c *Config) { c.Opt.Rtol = zero() / zero() }, "-rtol NaN"},
		{"rtol tiny", func(c *Config) { c.Opt.Rtol = 1e-300 }, "-rtol 1e-300"},
		{"atol zero", func(c *Config) { c.Opt.Atol = 0 }, "-atol 0"},
		{"batch zero", func(c *Config) { c.Batch = 0 }, "-batch 0"},
		{"no output", func(c *Config) { c.Out = "" }, "-o"},
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
}

func zero() float64 { return 0 }
