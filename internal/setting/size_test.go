package setting

import "testing"

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"4096", 4096, true},
		{"4k", 4096, true},
		{"4K", 4096, true},
		{"2m", 2 << 20, true},
		{"1g", 1 << 30, true},
		{"3T", 3 << 40, true},
		{" 8m ", 8 << 20, true},
		{"", 0, false},
		{"m", 0, false},
		{"-1k", 0, false},
		{"1.5m", 0, false},
		{"4x", 0, false},
		{"9000000t", 0, false},
	} {
		got, err := ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 1000: "1000", 4096: "4k", 3 << 20: "3m", 1 << 30: "1g", 1<<20 + 1: "1048577"} {
		if got := FormatSize(in); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", in, got, want)
		}
		if back, err := ParseSize(FormatSize(in)); err != nil || back != in {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", in, back, err)
		}
	}
}
