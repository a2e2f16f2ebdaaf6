package stats

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want Input
		err  string
	}{
		{"my_data.h5:normal", Input{"my_data.h5", "normal"}, ""},
		{"dir/a.h5:/grp/x", Input{"dir/a.h5", "/grp/x"}, ""},
		{"c:weird.h5:x", Input{"c:weird.h5", "x"}, ""},
		{"my_data.h5", Input{}, "want FILE:DATASET"},
		{":normal", Input{}, "no file name"},
		{"a.h5:", Input{}, "no dataset name"},
		{"a.h5:/", Input{}, "no dataset name"},
	} {
		got, err := ParseInput(tc.arg)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseInput(%q) = %v, %v, want %v", tc.arg, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.arg)):
			t.Errorf("ParseInput(%q): error %v, want one naming the input and saying %q", tc.arg, err, tc.err)
		}
	}
}

func TestOutputNames(t *testing.T) {
	in := func(specs ...string) []Input {
		var out []Input
		for _, s := range specs {
			i, err := ParseInput(s)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, i)
		}
		return out
	}
	for _, tc := range []struct {
		inputs []Input
		want   []string
		err    string
	}{
		{in("a.h5:normal"), []string{"normal"}, ""},
		{in("a.h5:x", "b.h5:y"), []string{"x", "y"}, ""},
		{in("a.h5:normal", "b.h5:normal", "c.h5:normal"), []string{"normal_0", "normal_1", "normal_2"}, ""},
		{in("a.h5:x", "b.h5:normal", "c.h5:normal"), []string{"x", "normal_1", "normal_2"}, ""},
		{in("a.h5:/run1/normal", "a.h5:/run2/normal"), []string{"run1/normal", "run2/normal"}, ""},
		{in("a.h5:/normal", "b.h5:normal"), []string{"normal_0", "normal_1"}, ""},
		{in("a.h5:g/x", "b.h5:/g//x"), []string{"g/x_0", "g/x_1"}, ""},
		{in("a.h5:g/x", "b.h5:g_x"), []string{"g/x", "g_x"}, ""},
		{in("a.h5:x", "b.h5:x", "c.h5:x_1"), nil, `would both be written as dataset "x_1"`},
		{in("a.h5:a", "b.h5:a/b/c"), nil, `input 0 (a.h5:a) would be written as dataset "a", which input 1 (b.h5:a/b/c) needs as a group`},
		{in("a.h5:/r/s/t", "b.h5:r/s"), nil, `input 1 (b.h5:r/s) would be written as dataset "r/s", which input 0 (a.h5:/r/s/t) needs as a group`},
	} {
		got, err := OutputNames(tc.inputs)
		switch {
		case tc.err == "" && (err != nil || !reflect.DeepEqual(got, tc.want)):
			t.Errorf("OutputNames(%v) = %q, %v, want %q", tc.inputs, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("OutputNames(%v): error %v, want %q", tc.inputs, err, tc.err)
		}
	}
}
