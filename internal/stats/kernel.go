package stats

import "math"

var inf = math.Inf(1)

// blocks summarises the rows × cols table x (row-major, rows > 0) in
// blocks of blk rows: out[b·cols + j] receives the summary of column j
// over block b. scratch holds blk values and is used when cols > 1, so
// each column is summarised from contiguous memory.
func blocks(x []float64, rows, cols, blk int, scratch []float64, out []Moments) {
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
			out[0] = summarise(col)
			out = out[1:]
		}
	}
}

// summarise returns the summary of x, len(x) > 0, by the corrected
// two-pass algorithm: the mean, then the squared deviations from it, less
// the square of their rounding-error sum over the count. The two passes
// are sumMinMax and devSq: AVX-512 or AVX2 assembly on amd64 where the
// processor has it (Go cannot compile a float min or max without
// branches), Go elsewhere, the same bits either way (see lanes). The
// block is small enough (blockValues) for the second pass to read it
// from the L1 cache. A block with a
// NaN (its sum is NaN), an infinity, or magnitudes outside [plainLo,
// plainHi] (where the sum or the squares could overflow or underflow)
// goes to summariseSlow instead: both kernels decide alike, from the
// sum's NaN-ness and the exact min and max.
func summarise(x []float64) Moments {
	sum, lo, hi := sumMinMax(x)
	if s := max(hi, -lo); sum != sum || s > plainHi || s < plainLo && s != 0 {
		return summariseSlow(x)
	}
	n := float64(len(x))
	mean := sum / n
	dev, sq := devSq(x, mean)
	m := Moments{N: int64(len(x)), Fin: int64(len(x)), Mean: mean + dev/n, M2: nonNegative(sq - dev*dev/n), Min: lo, Max: hi}
	if hi == 0 && lo == 0 {
		m.K = kNone // only zeros: no magnitude to impose on the others
	}
	return m
}

// summariseSlow is summarise for any values: NaN and infinities are
// counted and kept out of the mean and M2, which are computed on the
// finite values scaled by 2^−K (see Moments).
func summariseSlow(x []float64) Moments {
	m := Moments{N: int64(len(x)), K: kNone, Min: inf, Max: -inf}
	big := 0.0
	for _, v := range x {
		if v-v != 0 { // NaN or ±Inf
			if v != v {
				m.NaN++
				continue
			}
		} else {
			m.Fin++
			if a := math.Abs(v); a > big {
				big = a
			}
		}
		if v < m.Min {
			m.Min = v
		}
		if v > m.Max {
			m.Max = v
		}
	}
	if m.Fin == 0 || big == 0 {
		return m // no finite value, or only zeros: mean and M2 are 0
	}
	_, m.K = math.Frexp(big)
	if big >= plainLo && big <= plainHi {
		m.K = 0 // as summarise would: NaN or ±Inf brought this block here
	}
	// 2^−K as factors, which multiply exactly where the product is a
	// normal float64 (Ldexp would do the same, slower); two for the K
	// below −1022 of subnormal data, whose 2^−K overflows.
	f1, f2 := math.Ldexp(1, -m.K), 1.0
	if m.K < -1000 {
		f1, f2 = 0x1p1000, math.Ldexp(1, -m.K-1000)
	}
	n := float64(m.Fin)
	sum := 0.0
	for _, v := range x {
		if v-v == 0 {
			sum += v * f1 * f2
		}
	}
	mean := sum / n
	dev, sq := 0.0, 0.0
	for _, v := range x {
		if v-v == 0 {
			e := v*f1*f2 - mean
			dev += e
			sq += e * e
		}
	}
	m.Mean = mean + dev/n
	m.M2 = nonNegative(sq - dev*dev/n)
	return m
}
