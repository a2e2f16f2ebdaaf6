package stats

import "fmt"

// Acc accumulates the moments of the columns of a row-major table, one
// block of whole rows at a time.
type Acc struct {
	Cols []Moments

	out     []Moments // the summaries of one call's blocks
	scratch []float64 // one column of a block
}

// NewAcc returns an accumulator for cols columns, holding no values.
func NewAcc(cols int) *Acc {
	if cols < 1 {
		panic(fmt.Sprintf("stats: NewAcc(%d): want at least one column", cols))
	}
	a := &Acc{Cols: make([]Moments, cols)}
	for j := range a.Cols {
		a.Cols[j] = Empty()
	}
	return a
}

// AddRows adds rows stored row-major in x, whose length must be a
// multiple of the number of columns. The rows are taken in blocks of a
// few thousand values, small enough to stay in the processor's cache
// between the two passes of the corrected two-pass algorithm (summarise);
// the blocks' summaries are merged into the columns' moments in order.
func (a *Acc) AddRows(x []float64) {
	c := len(a.Cols)
	if len(x)%c != 0 {
		panic(fmt.Sprintf("stats: AddRows: %d values are not whole rows of %d columns", len(x), c))
	}
	rows := len(x) / c
	if rows == 0 {
		return
	}
	blk := max(minBlockRows, blockValues/c)
	nb := (rows + blk - 1) / blk
	if need := nb * c; len(a.out) < need {
		a.out = make([]Moments, need)
	}
	if c > 1 && len(a.scratch) < blk {
		a.scratch = make([]float64, blk)
	}
	blocks(x, rows, c, blk, a.scratch, a.out)
	out := a.out
	for b := 0; b < nb; b++ {
		for j := range a.Cols {
			a.Cols[j].Merge(out[0])
			out = out[1:]
		}
	}
}

// Block sizes for AddRows: about blockValues values, and at least
// minBlockRows rows however many columns.
const (
	blockValues  = 2048
	minBlockRows = 64
)

// nonNegative clears the rounding error that could make a sum of squared
// deviations of nearly equal values negative; NaN stays NaN.
func nonNegative(x float64) float64 {
	if x < 0 {
		return 0
	}
	return x
}

// Columns returns the final statistics of every column.
func (a *Acc) Columns() []Column {
	out := make([]Column, len(a.Cols))
	for j, m := range a.Cols {
		out[j] = m.Column()
	}
	return out
}
