package stats

// lanes is how many partial sums (and minima and maxima) the summary
// kernels keep: value i of a block goes to lane i mod lanes, the lanes
// are combined by the fixed tree of combine, and the values past the last
// whole group of lanes are then added one by one. The assembly kernels
// (four AVX2 registers of four lanes, or two AVX-512 registers of eight)
// and the Go ones below follow this same order, without fused
// multiply-adds, so every kernel gives the same bits on every machine:
// a job over nodes with different processors still gives one answer.
// Sixteen lanes keep the additions' latency hidden in either register
// width, and make the sum a pairwise one over the lanes, more accurate
// than one running sum.
const lanes = 16

// sumMinMaxGo is sumMinMax in Go: the portable kernel, and the
// reference the assembly ones are tested against bit for bit. Plain
// comparisons skip NaN, as the assembly's MINPD and MAXPD do with the
// running value as their second operand.
func sumMinMaxGo(x []float64) (sum, lo, hi float64) {
	var s, l, h [lanes]float64
	for k := range l {
		l[k], h[k] = inf, -inf
	}
	i := 0
	for ; i+lanes <= len(x); i += lanes {
		v := x[i : i+lanes : i+lanes]
		for k := range s {
			s[k] += v[k]
			if v[k] < l[k] {
				l[k] = v[k]
			}
			if v[k] > h[k] {
				h[k] = v[k]
			}
		}
	}
	sum, lo, hi = combine(&s, addLanes), combine(&l, minLanes), combine(&h, maxLanes)
	for _, v := range x[i:] {
		sum += v
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return sum, lo, hi
}

// devSqGo is devSq in Go (see sumMinMaxGo). The explicit conversion
// keeps the compiler from fusing the square and its sum, as the
// assembly does not.
func devSqGo(x []float64, mean float64) (dev, sq float64) {
	var d, q [lanes]float64
	i := 0
	for ; i+lanes <= len(x); i += lanes {
		v := x[i : i+lanes : i+lanes]
		for k := range d {
			e := v[k] - mean
			d[k] += e
			q[k] += float64(e * e)
		}
	}
	dev, sq = combine(&d, addLanes), combine(&q, addLanes)
	for _, v := range x[i:] {
		e := v - mean
		dev += e
		sq += float64(e * e)
	}
	return dev, sq
}

// combine reduces the lanes in halves: lane k with lane k+8, then k+4,
// k+2 and k+1, as the assembly does register half with register half.
// f(a, b) keeps the lower lane's operand first, which matters to min and
// max (see minLanes).
func combine(a *[lanes]float64, f func(a, b float64) float64) float64 {
	v := *a
	for h := lanes / 2; h > 0; h /= 2 {
		for k := 0; k < h; k++ {
			v[k] = f(v[k], v[k+h])
		}
	}
	return v[0]
}

func addLanes(a, b float64) float64 { return a + b }

// minLanes and maxLanes are MINPD and MAXPD: a when it is smaller
// (larger), else b, so that of two zeros of either sign the second is
// kept, as the instructions keep it.
func minLanes(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func maxLanes(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
