package stats

import "math"

var inf = math.Inf(1)

// blocks summarises the rows × cols table x (row-major, rows > 0) in
// blocks of blk rows: for block b and column j, out[5·(b·cols + j)]
// onwards receives the column's rounded mean m over the block, the sum of
// its deviations from m (whose mean corrects m), the sum of their squares,
// its min and its max (NaN skipped; ±Inf if the block has nothing else).
// scratch holds blk values and is used when cols > 1, so each column is
// summarised from contiguous memory.
func blocks(x []float64, rows, cols, blk int, scratch, out []float64) {
	for lo := 0; lo < rows; lo += blk {
		n := min(blk, rows-lo)
		b := x[lo*cols : (lo+n)*cols]
		for j := 0; j < cols; j++ {
			col := b
			if cols > 1 {
				col = scratch[:n]
				for r := range col {
					col[r] = b[r*cols+j]
				}
			}
			summarise(col, out[:5])
			out = out[5:]
		}
	}
}

// summarise writes the two-pass summary of x, len(x) > 0, into out. The
// two passes are sumMinMax and devSq: SSE2 assembly on amd64 (Go cannot
// compile a float min or max without branches), plain Go elsewhere.
func summarise(x []float64, out []float64) {
	sum, lo, hi := sumMinMax(x)
	mean := sum / float64(len(x))
	dev, sq := devSq(x, mean)
	out[0], out[1], out[2], out[3], out[4] = mean, dev, sq, lo, hi
}
