package galaxy

import (
	"errors"
	"testing"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Run's messages name settings by Config's names; wrapped as they reach
// a command (shared by the ranks, joined with a cleanup's error), they
// still render with its flags.
func TestMessagesRendered(t *testing.T) {
	flags := map[string]string{"Resume": "-resume", "Steps": "-steps", "N": "-n", "IC": "-ic"}
	for _, tc := range []struct {
		err       error
		own, flag string
	}{
		{&StoppedError{Done: 3, N: 7},
			"stopped: 3 of 7 particles done; run again with Resume to finish",
			"stopped: 3 of 7 particles done; run again with -resume to finish"},
		{&galaxyfile.MismatchError{Path: "g.h5", Attr: "steps", Setting: "Steps", File: int64(50), Run: int64(60)},
			"resume g.h5: Steps 60, but g.h5.partial was started with Steps 50 (its attribute steps): run with the same settings, or without Resume to start again",
			"resume g.h5: -steps 60, but g.h5.partial was started with -steps 50 (its attribute steps): run with the same settings, or without -resume to start again"},
		{&galaxyfile.MismatchError{Path: "g.h5", Attr: "layout", File: "a", Run: "b"},
			`resume g.h5: the partial file was started with layout "a", this run asks for "b": run with the same settings, or without Resume to start again`,
			`resume g.h5: the partial file was started with layout "a", this run asks for "b": run with the same settings, or without -resume to start again`},
	} {
		if got := tc.err.Error(); got != tc.own {
			t.Errorf("got %q\nwant %q", got, tc.own)
		}
		wrapped := errors.Join(&pio.SharedError{Err: tc.err, Print: true}, nil)
		r := setting.Render(wrapped, flags)
		if got := r.Error(); got != tc.flag {
			t.Errorf("rendered %q\nwant %q", got, tc.flag)
		}
		var se *pio.SharedError
		if !errors.As(r, &se) || !errors.Is(r, tc.err) {
			t.Errorf("rendered %q lost what it wraps", r)
		}
	}
}
