package pio

import (
	"math"
	"testing"
)

// Sizes saturate rather than wrap: a size too large to hold stays too
// large for every check that compares it with free space or memory.
func TestSizes(t *testing.T) {
	const max = math.MaxInt64
	for i, c := range []struct {
		got, want int64
	}{
		{SizeOf(8, 3, 4), 96},
		{SizeOf(8, -1, 4), 0},
		{SizeOf(8, 1<<40, 1<<40), max},
		{SumSizes(), 0},
		{SumSizes(1, 2, 3), 6},
		{SumSizes(max-1, 1), max},
		{SumSizes(max, 1), max},
		{SumSizes(max-5, 3, 3), max},
		{SumSizes(SizeOf(8, 1<<40, 1<<40), SizeOf(17, 1<<62, 1)), max},
	} {
		if c.got != c.want {
			t.Errorf("case %d: got %d, want %d", i, c.got, c.want)
		}
	}
}
