// Package progress is the progress meter of the long-running h5mpi
// commands: items done over total, the rate and the time left, as one
// redrawn line on a terminal or as a line every ten seconds in a log.
package progress

import (
	"fmt"
	"io"
	"time"
)

// Meter reports the progress of total items. The zero value, and a Meter
// with a nil writer, report nothing.
type Meter struct {
	w           io.Writer
	terminal    bool
	prefix      string // "galaxy: "
	unit        string // "particles"
	total       int
	start, last time.Time
	every       time.Duration
}

// New returns a meter writing to w ("PROGRAM: done/total UNIT ...");
// terminal selects the redrawn line.
func New(w io.Writer, terminal bool, program, unit string, total int) *Meter {
	every := 10 * time.Second
	if terminal {
		every = 200 * time.Millisecond
	}
	now := time.Now()
	return &Meter{w: w, terminal: terminal, prefix: program + ": ", unit: unit, total: total, start: now, last: now, every: every}
}

// Line is the report for done items so far.
func (m *Meter) Line(done int) string {
	rate := float64(done) / time.Since(m.start).Seconds()
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(m.total-done) / rate * float64(time.Second)).Round(100 * time.Millisecond).String()
	}
	return fmt.Sprintf("%s%d/%d %s (%.0f%%), %.0f %s/s, %s left",
		m.prefix, done, m.total, m.unit, 100*float64(done)/float64(m.total), rate, m.unit, left)
}

// Update reports done items, at most once per interval, and always when
// all are done.
func (m *Meter) Update(done int) {
	if m == nil || m.w == nil || time.Since(m.last) < m.every && done < m.total {
		return
	}
	m.last = time.Now()
	if m.terminal {
		fmt.Fprintf(m.w, "\r%s\x1b[K", m.Line(done))
	} else {
		fmt.Fprintln(m.w, m.Line(done))
	}
}

// Finish ends the redrawn line on a terminal.
func (m *Meter) Finish() {
	if m != nil && m.w != nil && m.terminal {
		fmt.Fprintln(m.w)
	}
}
