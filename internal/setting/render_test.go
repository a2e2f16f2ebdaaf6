package setting

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

var flags = map[string]string{"Chunk": "-chunk", "N": "-n", "IC": "-ic", "Steps": "-steps"}

// shared adds no words to the error it wraps, as pio.SharedError.
type shared struct{ err error }

func (s *shared) Error() string { return s.err.Error() }
func (s *shared) Unwrap() error { return s.err }

func TestRenderWrapped(t *testing.T) {
	bad := &Error{Name: "Chunk", Value: 7, Want: "too big"}
	wrapped := Errorf("reading %s: %w", "f.h5", bad)
	if got, want := wrapped.Error(), "reading f.h5: Chunk 7: too big"; got != want {
		t.Errorf("own names: got %q, want %q", got, want)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{wrapped, "reading f.h5: -chunk 7: too big"},
		{&shared{wrapped}, "reading f.h5: -chunk 7: too big"},
		{Errorf("outer: %w", &shared{wrapped}), "outer: reading f.h5: -chunk 7: too big"},
		{errors.Join(&shared{bad}, errors.New("closing: EIO")), "-chunk 7: too big\nclosing: EIO"},
		{Errorf("%v %d, but %v %s holds %d particles", Name("N"), 5, Name("IC"), "ic.h5", 7), "-n 5, but -ic ic.h5 holds 7 particles"},
		{Errorf("needs 1 GiB (%v); lower %v", Textf("%v 9", Name("Steps")), Either("Steps", "Chunk")), "needs 1 GiB (-steps 9); lower -steps or -chunk"},
		{Errorf("100%% of %v", Name("N")), "100% of -n"},
		// fmt.Errorf fixes the text when it wraps: the library's names stay.
		{fmt.Errorf("frozen: %w", bad), "frozen: Chunk 7: too big"},
	} {
		r := Render(tc.err, flags)
		if got := r.Error(); got != tc.want {
			t.Errorf("Render(%q) = %q, want %q", tc.err, got, tc.want)
		}
		if !errors.Is(r, tc.err) {
			t.Errorf("Render(%q) does not wrap it", tc.err)
		}
	}
	// What the rendered error wraps is still found.
	var se *Error
	if r := Render(&shared{wrapped}, flags); !errors.As(r, &se) || se != bad {
		t.Errorf("errors.As(Render(...), *Error) = %v", se)
	}
	var sh *shared
	if r := Render(&shared{wrapped}, flags); !errors.As(r, &sh) {
		t.Error("errors.As(Render(...), *shared) failed")
	}
	pe := &fs.PathError{Op: "stat", Path: "x", Err: fs.ErrNotExist}
	if err := Errorf("%v x: %w", Name("Out"), pe); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Errorf's %%w lost what it wraps: %v", err)
	}
}

func TestRenderUnchanged(t *testing.T) {
	if Render(nil, flags) != nil {
		t.Error("Render(nil) != nil")
	}
	plain := errors.New("x")
	if Render(plain, flags) != plain {
		t.Error("Render changed an error that names no setting")
	}
	own := &Error{Name: "Rtol", Value: 0, Want: "too small"}
	if Render(own, flags) != own {
		t.Error("Render changed an error whose setting the map lacks")
	}
	if got := Render(own, nil).Error(); got != "Rtol 0: too small" {
		t.Errorf("Render with no map = %q", got)
	}
}

func TestWrapVerbs(t *testing.T) {
	for format, want := range map[string]string{
		"":                 "",
		"%v %w":            "-w",
		"100%% %5.2f: %w":  "-w",
		"%*d %w %s":        "--w-",
		"%+v, %#q %-3w %%": "--w",
	} {
		got := ""
		for _, w := range wrapVerbs(format) {
			if w {
				got += "w"
			} else {
				got += "-"
			}
		}
		if got != want {
			t.Errorf("wrapVerbs(%q) = %q, want %q", format, got, want)
		}
	}
}
