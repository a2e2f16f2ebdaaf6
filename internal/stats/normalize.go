package stats

import (
	"math"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// Scaling maps each column to [0, 1] by its min and max, NaN skipped
// (sklearn's MinMaxScaler does the same).
type Scaling struct {
	Min, Span []float64 // per column: min and max − min

	// Apply computes (x·mul − lo) / span: mul 1, lo min and span max −
	// min, except where max − min overflows: then all three are halved,
	// exactly, so that min still maps to 0 and max to 1.
	mul, lo, span []float64
}

// NewScaling returns the scaling of columns with the given statistics,
// by their NanMin and NanMax. A column with an infinite min or max has
// no finite scale: its span is NaN, so it maps to NaN.
func NewScaling(cols []Column) Scaling {
	k := len(cols)
	s := Scaling{Min: make([]float64, k), Span: make([]float64, k), mul: make([]float64, k), lo: make([]float64, k), span: make([]float64, k)}
	for j, c := range cols {
		lo, hi := c.NanMin, c.NanMax
		s.Min[j], s.Span[j] = lo, hi-lo
		s.mul[j], s.lo[j], s.span[j] = 1, lo, hi-lo
		switch {
		case math.IsInf(lo, 0) || math.IsInf(hi, 0):
			s.span[j] = math.NaN()
		case math.IsInf(hi-lo, 0):
			s.mul[j], s.lo[j], s.span[j] = 0.5, lo/2, hi/2-lo/2
		}
	}
	return s
}

// Apply maps rows, stored row-major, in place: x becomes (x − min) /
// (max − min), so the min maps to exactly 0 and the max to exactly 1. A
// constant column (max = min) maps to 0. NaN stays NaN.
func (s Scaling) Apply(rows []float64) {
	c := len(s.lo)
	lo, span, mul := s.lo, s.span[:c], s.mul[:c]
	for r := 0; r+c <= len(rows); r += c {
		row := rows[r : r+c]
		row = row[:len(lo)]
		for j, v := range row {
			if span[j] == 0 {
				if v == v {
					row[j] = 0
				}
				continue
			}
			row[j] = (v*mul[j] - lo[j]) / span[j]
		}
	}
}

// normalize is the second pass: every rank reads its rows again, maps
// them and writes them at the same place of the input's dataset in the
// output file, which is renamed to its final name only when complete.
func normalize(c Config, rd *reader, res *Result) error {
	if err := mpi.World.Barrier(); err != nil {
		return err
	}
	start := time.Now()
	f, err := pio.Create(c.Normalize, c.Options)
	if err != nil {
		return err
	}
	if err := f.SetAttrs(h5.NewAttr("program", "h5mpi h5stats"), h5.NewAttr("version", c.Version), h5.NewAttr("ranks", int64(res.Ranks))); err != nil {
		return err
	}
	sc := NewScaling(res.Columns)
	maxs := make([]float64, len(res.Columns))
	for j, col := range res.Columns {
		maxs[j] = col.NanMax
	}
	ds := make([]*pio.Dataset, len(res.Sources))
	for i, s := range res.Sources {
		if ds[i], err = f.CreateDataset(c.Names[i], h5.Float64, s.Shape); err != nil {
			return err
		}
		// What it takes to map the values back: x = min + y·(max − min).
		if err := ds[i].SetAttrs(h5.NewAttr("source", s.Input.String()), h5.NewAttr("min", sc.Min), h5.NewAttr("max", maxs)); err != nil {
			return err
		}
	}
	err = rd.each(func(i int, off, cnt []int, rows []float64) error {
		sc.Apply(rows)
		return pio.Write(ds[i], off, cnt, rows)
	})
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	res.Normalize, err = slowest(time.Since(start))
	return err
}
