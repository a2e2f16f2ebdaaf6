package stats

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// Piece is a run of rows of one input read by one rank: rows [Offset,
// Offset+Count) of input number Input.
type Piece struct {
	Input, Offset, Count int
}

// Plan splits the table made of inputs of rows[i] rows, taken in order,
// across size ranks with pio.Split, and returns the pieces of rank r in
// input order. A rank's rows are consecutive in the table, so it has at
// most one piece per input, and none if it has no rows.
func Plan(rows []int, size, r int) []Piece {
	total := 0
	for i, n := range rows {
		if n < 0 {
			panic(fmt.Sprintf("stats: Plan: input %d has %d rows", i, n))
		}
		total += n
	}
	lo, n := pio.Split(total, size, r)
	return overlap(rows, lo, lo+n, nil)
}

// overlap appends the pieces of the inputs that table rows [lo, hi) cover.
func overlap(rows []int, lo, hi int, out []Piece) []Piece {
	start := 0
	for i, n := range rows {
		end := start + n
		if a, b := max(lo, start), min(hi, end); a < b {
			out = append(out, Piece{Input: i, Offset: a - start, Count: b - a})
		}
		if end >= hi {
			break
		}
		start = end
	}
	return out
}

// Reads returns, for each input, the number of reads of at most chunk
// rows that every rank makes: the most that any rank needs for its piece
// of that input. A collective read needs all ranks, so a rank with fewer
// rows joins the remaining reads with empty ones. The result is the same
// on every rank.
func Reads(rows []int, size, chunk int) []int {
	if chunk < 1 {
		panic(fmt.Sprintf("stats: Reads: chunk of %d rows", chunk))
	}
	reads := make([]int, len(rows))
	total := 0
	for _, n := range rows {
		total += n
	}
	// Walk the ranks' blocks and the inputs together, in order.
	i, start := 0, 0 // current input and its first table row
	for r := 0; r < size; r++ {
		lo, n := pio.Split(total, size, r)
		hi := lo + n
		for i < len(rows) && start < hi {
			end := start + rows[i]
			if c := min(hi, end) - max(lo, start); c > 0 {
				reads[i] = max(reads[i], (c+chunk-1)/chunk)
			}
			if end > hi {
				break // the next rank reads on in input i
			}
			start = end
			i++
		}
	}
	return reads
}
