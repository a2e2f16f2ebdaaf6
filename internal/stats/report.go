package stats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// fmtFloat is the shortest decimal that reads back as the same float64.
func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func plural(n int, s string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, s)
	}
	return fmt.Sprintf("%d %ss", n, s)
}

// WriteTable writes the statistics as a table, one line per column, every
// number to full precision and right-aligned, after a comment line saying
// what was read.
func WriteTable(w io.Writer, r *Result) error {
	cells := [][]string{{"column", "count", "min", "max", "mean", "std"}}
	for j, c := range r.Columns {
		cells = append(cells, []string{strconv.Itoa(j), strconv.FormatInt(c.Count, 10),
			extreme(c.Min, c.IntMin), extreme(c.Max, c.IntMax), fmtFloat(c.Mean), fmtFloat(c.Std)})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, %s, %s, %s\n",
		plural(r.Rows, "row"), plural(r.Cols, "column"), plural(len(r.Sources), "input"), plural(r.Ranks, "rank"))
	// Right-aligned, two spaces between columns: the spaces go into the
	// cells, not tabwriter's padding, which would also indent the first.
	tw := tabwriter.NewWriter(&b, 0, 0, 0, ' ', tabwriter.AlignRight)
	for _, row := range cells {
		for k, cell := range row {
			if k > 0 {
				cell = "  " + cell
			}
			fmt.Fprint(tw, cell, "\t")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// extreme is a minimum or maximum as text: exactly, if known as an
// integer.
func extreme(x float64, exact string) string {
	if exact != "" {
		return exact
	}
	return fmtFloat(x)
}

// bound is a minimum or maximum in JSON: the integer exact, if known, as
// a JSON number with every digit; else the float64 (see number).
type bound struct {
	x     float64
	exact string
}

func (b bound) MarshalJSON() ([]byte, error) {
	if b.exact != "" {
		return []byte(b.exact), nil
	}
	return number(b.x).MarshalJSON()
}

// number is a float64 in JSON: NaN and the infinities, which JSON
// numbers cannot hold, are the strings "NaN", "+Inf" and "-Inf".
type number float64

func (x number) MarshalJSON() ([]byte, error) {
	v := float64(x)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte(strconv.Quote(fmtFloat(v))), nil
	}
	return json.Marshal(v)
}

// JSON is the document WriteJSON writes.
type JSON struct {
	Ranks   int          `json:"ranks"`
	Rows    int          `json:"rows"`
	Cols    int          `json:"columns"`
	Inputs  []JSONInput  `json:"inputs"`
	Columns []JSONColumn `json:"stats"`
}

// JSONInput describes one input.
type JSONInput struct {
	File    string `json:"file"`
	Dataset string `json:"dataset"`
	Shape   []int  `json:"shape"`
}

// JSONColumn is the statistics of one column.
type JSONColumn struct {
	Column int    `json:"column"`
	Count  int64  `json:"count"`
	Min    bound  `json:"min"`
	Max    bound  `json:"max"`
	Mean   number `json:"mean"`
	Std    number `json:"std"`
}

// WriteJSON writes the statistics as a JSON document (the JSON type),
// one line for each input and each column.
func WriteJSON(w io.Writer, r *Result) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"ranks\": %d,\n  \"rows\": %d,\n  \"columns\": %d,\n", r.Ranks, r.Rows, r.Cols)
	list := func(name string, n int, item func(int) any) error {
		fmt.Fprintf(&b, "  %q: [", name)
		for i := 0; i < n; i++ {
			v, err := json.Marshal(item(i))
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			b.Write(v)
		}
		b.WriteString("\n  ]")
		return nil
	}
	err := list("inputs", len(r.Sources), func(i int) any {
		s := r.Sources[i]
		return JSONInput{File: s.File, Dataset: s.Dataset, Shape: s.Shape}
	})
	if err != nil {
		return err
	}
	b.WriteString(",\n")
	err = list("stats", len(r.Columns), func(j int) any {
		c := r.Columns[j]
		return JSONColumn{Column: j, Count: c.Count, Min: bound{c.Min, c.IntMin}, Max: bound{c.Max, c.IntMax}, Mean: number(c.Mean), Std: number(c.Std)}
	})
	if err != nil {
		return err
	}
	b.WriteString("\n}\n")
	_, err = w.Write(b.Bytes())
	return err
}
