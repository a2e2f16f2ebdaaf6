package progress

import (
	"strings"
	"testing"
)

func TestMeter(t *testing.T) {
	for _, tc := range []struct {
		terminal     bool
		prefix, tail string
	}{
		{false, "galaxy: 200/200 particles (100%), ", " left\n"},
		{true, "\rgalaxy: 200/200 particles (100%), ", " left\x1b[K"},
	} {
		var b strings.Builder
		m := New(&b, tc.terminal, "galaxy", "particles", 200)
		m.Update(200) // the last update always prints
		if got := b.String(); !strings.HasPrefix(got, tc.prefix) || !strings.HasSuffix(got, tc.tail) {
			t.Errorf("terminal %v: meter printed %q", tc.terminal, got)
		}
		b.Reset()
		m.Update(10) // too soon after the last: nothing
		if b.Len() != 0 {
			t.Errorf("terminal %v: meter printed %q within its interval", tc.terminal, b.String())
		}
	}
	New(nil, false, "x", "y", 1).Update(1) // no writer: no report, no panic
}
