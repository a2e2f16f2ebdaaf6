package pio

import (
	"fmt"
	"os"
	"strings"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// HintsEnv names the environment variable read for MPI-IO hints, as
// comma-separated key=value pairs, for example
// "striping_factor=16,romio_cb_write=enable".
const HintsEnv = "H5MPI_HINTS"

// ParseHints parses comma-separated key=value pairs. Blank entries are
// ignored; a pair without '=' or with an empty key is an error.
func ParseHints(s string) ([]mpi.Hint, error) {
	var hs []mpi.Hint
	for _, kv := range strings.Split(s, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return nil, fmt.Errorf("MPI-IO hint %q: want key=value", kv)
		}
		hs = append(hs, mpi.Hint{Key: k, Value: v})
	}
	return hs, nil
}

// mergeHints returns the hints of the environment overridden by those of
// the option, in first-seen key order, each key once.
func mergeHints(option string) ([]mpi.Hint, error) {
	env, err := ParseHints(os.Getenv(HintsEnv))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", HintsEnv, err)
	}
	opt, err := ParseHints(option)
	if err != nil {
		return nil, err
	}
	var out []mpi.Hint
	idx := map[string]int{}
	for _, h := range append(env, opt...) {
		if i, ok := idx[h.Key]; ok {
			out[i].Value = h.Value
			continue
		}
		idx[h.Key] = len(out)
		out = append(out, h)
	}
	return out, nil
}
