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

// summarise writes the two-pass summary of x, len(x) > 0, into out. Four
// independent accumulators let the additions overlap.
func summarise(x []float64, out []float64) {
	var s0, s1, s2, s3 float64
	lo0, lo1 := inf, inf
	hi0, hi1 := -inf, -inf
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a, b, c, d := x[i], x[i+1], x[i+2], x[i+3]
		s0 += a
		s1 += b
		s2 += c
		s3 += d
		// Plain comparisons skip NaN, as the moments do not; after the
		// first few values they are rarely taken, so well predicted.
		if a < lo0 {
			lo0 = a
		}
		if b < lo1 {
			lo1 = b
		}
		if c < lo0 {
			lo0 = c
		}
		if d < lo1 {
			lo1 = d
		}
		if a > hi0 {
			hi0 = a
		}
		if b > hi1 {
			hi1 = b
		}
		if c > hi0 {
			hi0 = c
		}
		if d > hi1 {
			hi1 = d
		}
	}
	lo, hi := min(lo0, lo1), max(hi0, hi1)
	for ; i < len(x); i++ {
		v := x[i]
		s0 += v
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	mean := ((s0 + s1) + (s2 + s3)) / float64(len(x))

	var d0, d1, d2, d3, q0, q1, q2, q3 float64
	i = 0
	for ; i+4 <= len(x); i += 4 {
		a, b, c, d := x[i]-mean, x[i+1]-mean, x[i+2]-mean, x[i+3]-mean
		d0 += a
		d1 += b
		d2 += c
		d3 += d
		q0 += a * a
		q1 += b * b
		q2 += c * c
		q3 += d * d
	}
	for ; i < len(x); i++ {
		e := x[i] - mean
		d0 += e
		q0 += e * e
	}
	out[0] = mean
	out[1] = (d0 + d1) + (d2 + d3)
	out[2] = (q0 + q1) + (q2 + q3)
	out[3] = lo
	out[4] = hi
}
