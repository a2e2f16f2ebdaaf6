package setting

import "testing"

func TestError(t *testing.T) {
	flags := map[string]string{"N": "-n", "Out": "-o", "Block": "-block", "Xfer": "-xfer"}
	for _, tc := range []struct {
		err       *Error
		own, flag string
	}{
		{&Error{Name: "N", Value: 0, Want: "want a positive number"}, "N 0: want a positive number", "-n 0: want a positive number"},
		{&Error{Name: "Out", Want: "empty output name"}, "Out: empty output name", "-o: empty output name"},
		{&Error{Name: "Rtol", Value: 1e-20, Want: "too small"}, "Rtol 1e-20: too small", "Rtol 1e-20: too small"},
		{&Error{Name: "Hints", Want: "bad 100%"}, "Hints: bad 100%", "Hints: bad 100%"},
		{Bad("Block", "4m", "want a multiple of %v %v", Name("Xfer"), "3m"), "Block 4m: want a multiple of Xfer 3m", "-block 4m: want a multiple of -xfer 3m"},
		{Bad("N", 7, "want %d at most", 5), "N 7: want 5 at most", "-n 7: want 5 at most"},
	} {
		if got := tc.err.Error(); got != tc.own {
			t.Errorf("%#v: got %q, want %q", tc.err, got, tc.own)
		}
		if got := Render(tc.err, flags).Error(); got != tc.flag {
			t.Errorf("%#v rendered: got %q, want %q", tc.err, got, tc.flag)
		}
	}
}

func TestEither(t *testing.T) {
	flags := map[string]string{"N": "-n", "Out": "-o", "Steps": "-steps"}
	for _, tc := range []struct {
		names     []string
		own, flag string
	}{
		{[]string{"N"}, "N", "-n"},
		{[]string{"Steps", "Batch"}, "Steps or Batch", "-steps or Batch"},
		{[]string{"N", "Steps", "Out"}, "N, Steps or Out", "-n, -steps or -o"},
		{nil, "", ""},
	} {
		e := Either(tc.names...)
		if got := e.String(); got != tc.own {
			t.Errorf("Either(%q) = %q, want %q", tc.names, got, tc.own)
		}
		if got := e.render(flags); got != tc.flag {
			t.Errorf("Either(%q) rendered = %q, want %q", tc.names, got, tc.flag)
		}
	}
	if !(Text{}).IsEmpty() || (Text{}).String() != "" || Textf("x").IsEmpty() {
		t.Error("the zero Text is not the only empty one")
	}
}
