package sysres

import (
	"math"
	"testing"
)

func TestBytes(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{1, "1 B"},
		{512, "512 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{1 << 20, "1.0 MiB"},
		{1153434, "1.1 MiB"},
		{1<<20 - 1, "1.0 MiB"}, // not "1024.0 KiB"
		{96 << 20, "96.0 MiB"},
		{8 << 30, "8.0 GiB"},
		{10 << 40, "10.0 TiB"},
		{3 << 50, "3.0 PiB"},
		{math.MaxInt64, "8.0 EiB"},
		{-2048, "-2.0 KiB"},
		{-5, "-5 B"},
		{math.MinInt64, "-8.0 EiB"},
	} {
		if got := Bytes(c.n); got != c.want {
			t.Errorf("Bytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
