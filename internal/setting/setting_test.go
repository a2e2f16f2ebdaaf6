package setting

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	flags := Names{"N": "-n", "Out": "-o", "Steps": "-steps"}
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{Name: "N", Value: 0, Want: "want a positive number"}, "N 0: want a positive number"},
		{&Error{Name: "N", Value: 0, Want: "want a positive number", Names: flags}, "-n 0: want a positive number"},
		{&Error{Name: "Out", Want: "empty output name", Names: flags}, "-o: empty output name"},
		{&Error{Name: "Rtol", Value: 1e-20, Want: "too small", Names: flags}, "Rtol 1e-20: too small"},
		{&Error{Name: "Size", Value: "1x1", Want: "too small"}, "Size 1x1: too small"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%#v: got %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	flags := Names{"N": "-n", "Out": "-o", "Steps": "-steps"}
	for _, tc := range []struct {
		n     Names
		names []string
		want  string
	}{
		{flags, []string{"N"}, "-n"},
		{flags, []string{"Batch"}, "Batch"},
		{nil, []string{"N"}, "N"},
		{flags, []string{"Steps", "Batch"}, "-steps or Batch"},
		{flags, []string{"N", "Steps", "Out"}, "-n, -steps or -o"},
		{flags, nil, ""},
	} {
		if got := tc.n.List(tc.names...); got != tc.want {
			t.Errorf("%v.List(%q) = %q, want %q", tc.n, tc.names, got, tc.want)
		}
	}
}

func TestNamed(t *testing.T) {
	flags := Names{"Chunk": "-chunk"}
	bare := &Error{Name: "Chunk", Value: 7, Want: "too big"}
	if got, want := fmt.Errorf("reading: %w", flags.Named(bare)).Error(), "reading: -chunk 7: too big"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := bare.Error(), "Chunk 7: too big"; got != want {
		t.Errorf("Named changed its argument: got %q, want %q", got, want)
	}
	if other := errors.New("x"); flags.Named(other) != other {
		t.Error("Named changed an error that is not an Error")
	}
	// Names already given stay.
	own := &Error{Name: "Chunk", Value: 7, Want: "too big", Names: Names{"Chunk": "--rows"}}
	if got, want := flags.Named(own).Error(), "--rows 7: too big"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var se *Error
	if !errors.As(flags.Named(own), &se) {
		t.Error("Named lost the Error")
	}
	if flags.Named(nil) != nil {
		t.Error("Named(nil) != nil")
	}
}
