package galaxyfile

import (
	"fmt"
	"testing"
)

func TestSamples(t *testing.T) {
	for _, c := range []struct {
		steps, every int
		want         string
	}{
		{2, 1, "[0 1]"},
		{5, 1, "[0 1 2 3 4]"}, // every sample: the file of a run without -every
		{9, 4, "[0 4 8]"},     // the last falls on the stride
		{10, 4, "[0 4 8 9]"},  // the last added, a shorter interval before it
		{11, 4, "[0 4 8 10]"},
		{12, 4, "[0 4 8 11]"},
		{13, 4, "[0 4 8 12]"},
		{5, 3, "[0 3 4]"},
		{5, 4, "[0 4]"},    // every = steps-1: the ends alone
		{5, 100, "[0 4]"},  // every past the end: the ends alone
		{2, 1000, "[0 1]"}, // two samples, any every
		{2200, 4, ""},      // the default run: checked below
	} {
		got := Samples(c.steps, c.every)
		if c.want != "" && fmt.Sprint(got) != c.want {
			t.Errorf("Samples(%d, %d) = %v, want %s", c.steps, c.every, got, c.want)
		}
		if len(got) != Kept(c.steps, c.every) {
			t.Errorf("Kept(%d, %d) = %d, Samples has %d", c.steps, c.every, Kept(c.steps, c.every), len(got))
		}
		if got[0] != 0 || got[len(got)-1] != c.steps-1 {
			t.Errorf("Samples(%d, %d) = %v: want the first and last always", c.steps, c.every, got)
		}
		for i := 1; i < len(got); i++ {
			if d := got[i] - got[i-1]; d < 1 || d > c.every || (d != c.every && i != len(got)-1) {
				t.Errorf("Samples(%d, %d): interval %d before sample %d", c.steps, c.every, d, got[i])
			}
		}
	}
	if k := Kept(2200, 4); k != 551 {
		t.Errorf("Kept(2200, 4) = %d, want 551 (0, 4, ..., 2196 and 2199)", k)
	}
}

func TestBytes(t *testing.T) {
	// 1000 particles, 2200 samples: 6·1001·2200 values of state, 2200
	// times, 17 bytes a particle.
	if got, want := Bytes(1000, 2200, false), int64(8*6*1001*2200+8*2200+17*1000); got != want {
		t.Errorf("Bytes float64 = %d, want %d", got, want)
	}
	if got, want := Bytes(1000, 551, true), int64(4*6*1001*551+8*551+17*1000); got != want {
		t.Errorf("Bytes float32 = %d, want %d", got, want)
	}
}
