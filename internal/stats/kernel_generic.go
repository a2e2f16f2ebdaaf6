//go:build !amd64 || noasm

package stats

// sumMinMax returns the sum of x and the min and max of its values that
// are not NaN (+Inf and -Inf if there are none). Four accumulators let
// the additions overlap.
func sumMinMax(x []float64) (sum, lo, hi float64) {
	var s0, s1, s2, s3 float64
	lo, hi = inf, -inf
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i]
		s1 += x[i+1]
		s2 += x[i+2]
		s3 += x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	for _, v := range x {
		// Plain comparisons skip NaN.
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return (s0 + s1) + (s2 + s3), lo, hi
}

// devSq returns the sums of x[i]−mean and of its square.
func devSq(x []float64, mean float64) (dev, sq float64) {
	var d0, d1, q0, q1 float64
	i := 0
	for ; i+2 <= len(x); i += 2 {
		a, b := x[i]-mean, x[i+1]-mean
		d0 += a
		d1 += b
		q0 += a * a
		q1 += b * b
	}
	for ; i < len(x); i++ {
		e := x[i] - mean
		d0 += e
		q0 += e * e
	}
	return d0 + d1, q0 + q1
}
