package pio

import (
	"errors"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/setting"
)

func TestParseStripes(t *testing.T) {
	for in, want := range map[string]int{"1": 1, " 16 ": 16, "2000": 2000} {
		if n, err := ParseStripeCount(in); err != nil || n != want {
			t.Errorf("ParseStripeCount(%q) = %d, %v", in, n, err)
		}
	}
	for _, in := range []string{"0", "-1", "x", "1.5", "65535", ""} {
		if _, err := ParseStripeCount(in); err == nil {
			t.Errorf("ParseStripeCount(%q): no error", in)
		}
	}
	for in, want := range map[string]int64{"64k": 64 << 10, "1m": 1 << 20, "4194304": 4 << 20, "4032m": 4032 << 20} {
		if n, err := ParseStripeSize(in); err != nil || n != want {
			t.Errorf("ParseStripeSize(%q) = %d, %v", in, n, err)
		}
	}
	for _, in := range []string{"0", "32k", "100k", "4g", "1q", "-1m"} {
		if _, err := ParseStripeSize(in); err == nil {
			t.Errorf("ParseStripeSize(%q): no error", in)
		}
	}
}

// Knobs.Validate names the knob at fault, for the command to render.
func TestValidateStripes(t *testing.T) {
	for k, name := range map[Knobs]string{
		{StripeCount: "0"}:  "StripeCount",
		{StripeSize: "12"}:  "StripeSize",
		{Align: "1q"}:       "Align",
		{StripeCount: "x"}:  "StripeCount",
		{StripeSize: "-1m"}: "StripeSize",
	} {
		var se *setting.Error
		if err := k.Validate(); !errors.As(err, &se) || se.Name != name {
			t.Errorf("%+v: %v, want a setting error of %s", k, err, name)
		}
	}
	if err := (Knobs{StripeCount: "4", StripeSize: "4m"}).Validate(); err != nil {
		t.Error(err)
	}
}

// The striping becomes the hints striping_factor and striping_unit; a
// hint of the same key and value is kept once, one of another value is
// an error naming both.
func TestStripeHints(t *testing.T) {
	for _, tc := range []struct {
		opt, env string
		s        stripes
		want     string // the hints, or the error
	}{
		{"", "", stripes{}, ""},
		{"", "", stripes{count: 4, size: 1 << 20}, "striping_factor=4,striping_unit=1048576"},
		{"romio_cb_write=enable", "cb_nodes=2", stripes{count: 4}, "cb_nodes=2,romio_cb_write=enable,striping_factor=4"},
		{"striping_factor=4", "", stripes{count: 4}, "striping_factor=4"},
		{"", "striping_unit=1048576", stripes{size: 1 << 20, sizeEnv: true}, "striping_unit=1048576"},
		{"striping_factor=8", "", stripes{count: 4}, "StripeCount 4 and Hints striping_factor=8 ask for different striping"},
		{"", "striping_factor=8", stripes{count: 4, countEnv: true}, StripeCountEnv + "=4 and " + HintsEnv + " striping_factor=8 ask"},
		{"", "striping_unit=65536", stripes{size: 1 << 20}, "StripeSize 1m and " + HintsEnv + " striping_unit=65536 ask"},
		// The option's hint overrides the environment's before the check.
		{"striping_factor=4", "striping_factor=8", stripes{count: 4}, "striping_factor=4"},
	} {
		t.Setenv(HintsEnv, tc.env)
		hs, err := stripeHints(tc.opt, tc.s)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = FormatHints(hintMap(hs))
			if len(hs) == 0 {
				got = ""
			}
		}
		if !strings.Contains(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("%q %q %+v: %q, want %q", tc.opt, tc.env, tc.s, got, tc.want)
		}
	}
}

func hintMap(hs []mpi.Hint) map[string]string {
	m := map[string]string{}
	for _, h := range hs {
		if _, dup := m[h.Key]; dup {
			m[h.Key+"(twice)"] = h.Value
		}
		m[h.Key] = h.Value
	}
	return m
}

// Options.Validate refuses a conflict between a flag and the
// environment's hints before MPI starts.
func TestValidateStripeConflict(t *testing.T) {
	t.Setenv(StripeCountEnv, "")
	t.Setenv(StripeSizeEnv, "")
	t.Setenv(HintsEnv, "striping_unit=65536")
	err := Options{Knobs: Knobs{StripeSize: "1m"}}.Validate()
	if err == nil || !strings.Contains(setting.Render(err, map[string]string{"StripeSize": "-stripe-size"}).Error(), "-stripe-size 1m and H5MPI_HINTS striping_unit=65536") {
		t.Errorf("conflict: %v", err)
	}
	if err := (Options{Knobs: Knobs{StripeSize: "64k"}}).Validate(); err != nil {
		t.Errorf("the same value: %v", err)
	}
}
