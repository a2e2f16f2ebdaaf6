package render

import (
	"fmt"
	"io"
	"time"
)

// meter shows frames done over total, the rate and the time left: on a
// terminal as one redrawn line, in a log as a line every ten seconds.
type meter struct {
	w           io.Writer
	terminal    bool
	total       int
	start, last time.Time
	every       time.Duration
}

func newMeter(w io.Writer, terminal bool, total int) *meter {
	every := 10 * time.Second
	if terminal {
		every = 200 * time.Millisecond
	}
	now := time.Now()
	return &meter{w: w, terminal: terminal, total: total, start: now, last: now, every: every}
}

func (m *meter) update(done int) {
	if m.w == nil || time.Since(m.last) < m.every && done < m.total {
		return
	}
	m.last = time.Now()
	el := time.Since(m.start).Seconds()
	rate := float64(done) / el
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(m.total-done) / rate * float64(time.Second)).Round(100 * time.Millisecond).String()
	}
	line := fmt.Sprintf("animate: %d/%d frames (%.0f%%), %.0f frames/s, %s left",
		done, m.total, 100*float64(done)/float64(m.total), rate, left)
	if m.terminal {
		fmt.Fprintf(m.w, "\r%s\x1b[K", line)
	} else {
		fmt.Fprintln(m.w, line)
	}
}

func (m *meter) finish() {
	if m.w != nil && m.terminal {
		fmt.Fprintln(m.w)
	}
}
