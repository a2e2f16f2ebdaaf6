package setting

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90", 90 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{"0", 0, true},
		{"1ms", time.Millisecond, true},
		{"1m30s", 90 * time.Second, true},
		{" 2h ", 2 * time.Hour, true},
		{"-1", 0, false},
		{"-1s", 0, false},
		{"1q", 0, false},
		{"", 0, false},
		{"NaN", 0, false},
		{"1e300", 0, false},
	} {
		got, err := ParseDuration(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
