package setting

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as every h5mpi command takes one: Go's
// form ("90s", "1m30s", "250ms", "1h") or a bare number of seconds
// ("90", "0.5"), never negative.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(t, 64); err == nil {
		if v < 0 || math.IsNaN(v) || v > math.MaxInt64/float64(time.Second) {
			return 0, fmt.Errorf("duration %q: want a non-negative number of seconds, or a duration such as 90s or 1m30s", s)
		}
		return time.Duration(v * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("duration %q: want a duration such as 90s, 1m30s or 250ms, or a number of seconds", s)
	}
	return d, nil
}
