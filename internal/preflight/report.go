package preflight

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Check is one check's verdict: OK, or not, with what was expected and
// what was found in Line; Details (one line each, per node mostly) and
// Notes (what is worth knowing but no failure) follow it.
type Check struct {
	Name    string   `json:"name"`
	OK      bool     `json:"ok"`
	Line    string   `json:"line"`
	Details []string `json:"details,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	// Data is the check's figures, for the JSON: *Startup, *Net, *Dir.
	Data any `json:"data,omitempty"`
}

// Report is every check of a run, in the order run.
type Report struct {
	Ranks  int      `json:"ranks"`
	Nodes  []string `json:"nodes"` // host names, in the order of their first rank
	OK     bool     `json:"ok"`    // every check passed
	Checks []Check  `json:"checks"`
}

func (r *Report) add(c Check) {
	r.Checks = append(r.Checks, c)
	r.OK = r.OK && c.OK
}

// Failed lists the names of the checks that failed.
func (r *Report) Failed() []string {
	var out []string
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c.Name)
		}
	}
	return out
}

// WriteText writes r one check a line, "ok   NAME: LINE" or "FAIL NAME:
// LINE", its details and notes indented below, and a last line with the
// verdict.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "%s %s: %s\n", mark, c.Name, c.Line)
		for _, d := range c.Details {
			fmt.Fprintf(&b, "       %s\n", d)
		}
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "       note: %s\n", n)
		}
	}
	if f := r.Failed(); len(f) > 0 {
		fmt.Fprintf(&b, "preflight: FAIL: %d of %d checks failed (%s)\n", len(f), len(r.Checks), strings.Join(f, ", "))
	} else {
		fmt.Fprintf(&b, "preflight: ok: %d checks passed on %d ranks, %d %s\n", len(r.Checks), r.Ranks, len(r.Nodes), plural(len(r.Nodes), "node"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes r as one indented JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
