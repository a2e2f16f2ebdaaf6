package probe

import (
	"strings"
	"testing"

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
		{func(c *Config) { c.MiB = 4 }, ""},
		{func(c *Config) { c.PerRank = 0 }, "PerRank 0: want at least 1"},
		{func(c *Config) { c.MiB = -1 }, "MiB -1: want a positive size"},
		{func(c *Config) { c.Out = "" }, "Out: empty output name"},
		{func(c *Config) { c.Dataset = "" }, "Dataset: empty dataset name"},
		{func(c *Config) { c.MiB, c.Flags = -1, setting.Names{"MiB": "-bench"} }, "-bench -1: want"},
	} {
		c := good()
		tc.edit(&c)
		err := c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", c, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one starting %q", c, err, tc.want)
		}
	}
}
