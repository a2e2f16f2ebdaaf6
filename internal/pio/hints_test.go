package pio

import (
	"reflect"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

func TestParseHints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []mpi.Hint
		err  bool
	}{
		{"", nil, false},
		{"striping_factor=16,romio_cb_write=enable", []mpi.Hint{{Key: "striping_factor", Value: "16"}, {Key: "romio_cb_write", Value: "enable"}}, false},
		{" a = 1 , , b=", []mpi.Hint{{Key: "a", Value: "1"}, {Key: "b", Value: ""}}, false},
		{"novalue", nil, true},
		{"=3", nil, true},
	} {
		got, err := ParseHints(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseHints(%q): error %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseHints(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestMergeHints(t *testing.T) {
	t.Setenv(HintsEnv, "striping_factor=4,cb_nodes=2")
	got, err := mergeHints("striping_factor=16,romio_cb_write=enable")
	if err != nil {
		t.Fatal(err)
	}
	want := []mpi.Hint{{Key: "striping_factor", Value: "16"}, {Key: "cb_nodes", Value: "2"}, {Key: "romio_cb_write", Value: "enable"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mergeHints = %v, want %v", got, want)
	}
	t.Setenv(HintsEnv, "broken")
	if _, err := mergeHints(""); err == nil {
		t.Errorf("mergeHints with %s=broken: no error", HintsEnv)
	}
}
