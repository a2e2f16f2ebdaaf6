package stats

import "math"

// Moments summarises the values of one column: their count N, how many
// are NaN and how many finite, the mean of the finite values and their
// sum of squared deviations from it (M2), and the min and max of the
// values other than NaN (Min > Max if there are none).
//
// Mean and M2 are held scaled, as mean·2^−K and M2·4^−K: a sum of
// squares of values near the float64 limit is far beyond it, one of
// values below 1e−154 underflows, and the difference of two means may
// overflow or be subnormal. K is 0 while every magnitude lies in
// [2^−400, 2^448] (or is 0), so ordinary data is never rescaled;
// otherwise it is the binary exponent of the largest |x|, making the
// scaled values at most 1. kNone marks "no magnitude yet" (all values
// zero, or none finite).
type Moments struct {
	N, NaN, Fin int64
	Mean, M2    float64
	K           int
	Min, Max    float64
}

// The magnitudes that need no scale (see Moments): within them, squared
// deviations of up to 2^62 values neither overflow nor underflow.
const (
	plainHi = 0x1p448
	plainLo = 0x1p-400
	kNone   = -1 << 16
)

// Empty is the summary of no values.
func Empty() Moments { return Moments{K: kNone, Min: math.Inf(1), Max: math.Inf(-1)} }

// Add adds one value.
func (m *Moments) Add(x float64) {
	one := Moments{N: 1, K: kNone, Min: x, Max: x}
	switch {
	case x != x:
		one.NaN, one.Min, one.Max = 1, math.Inf(1), math.Inf(-1)
	case math.IsInf(x, 0):
	default:
		one.Fin = 1
		if a := math.Abs(x); a != 0 {
			one.K = scaleOf(a)
			one.Mean = math.Ldexp(x, -one.K)
		}
	}
	m.Merge(one)
}

// scaleOf is K for finite values of largest magnitude a > 0.
func scaleOf(a float64) int {
	if a >= plainLo && a <= plainHi {
		return 0
	}
	_, k := math.Frexp(a)
	return k
}

// Merge adds the values summarised by b, with the pairwise formula of
// Chan, Golub and LeVeque over the finite values: for δ = mean_b − mean_a
// and n = n_a + n_b, mean = mean_a + δ·n_b/n and M2 = M2_a + M2_b +
// δ²·n_a·n_b/n, computed at the larger K of the two, where neither δ nor
// δ² can overflow.
func (m *Moments) Merge(b Moments) {
	if m.K|b.K == 0 {
		// Ordinary data, both with finite values (K is 0 only then):
		// |δ| ≤ 2^449, nothing to rescale.
		na, nb := float64(m.Fin), float64(b.Fin)
		n := na + nb
		d := b.Mean - m.Mean
		m.Mean += d * (nb / n)
		m.M2 += b.M2 + d*d*(na*nb/n)
		m.N, m.NaN, m.Fin = m.N+b.N, m.NaN+b.NaN, m.Fin+b.Fin
		m.Min, m.Max = min2(m.Min, b.Min), max2(m.Max, b.Max)
		return
	}
	if b.N == 0 {
		return
	}
	m.N += b.N
	m.NaN += b.NaN
	m.Min, m.Max = min2(m.Min, b.Min), max2(m.Max, b.Max)
	switch {
	case b.Fin == 0:
		return
	case m.Fin == 0:
		m.Fin, m.Mean, m.M2, m.K = b.Fin, b.Mean, b.M2, b.K
		return
	}
	na, nb := float64(m.Fin), float64(b.Fin)
	n := na + nb
	m.Fin += b.Fin
	k := max(m.K, b.K)
	ma, mb := math.Ldexp(m.Mean, m.K-k), math.Ldexp(b.Mean, b.K-k)
	d := mb - ma
	m.Mean = ma + d*(nb/n)
	m.M2 = math.Ldexp(m.M2, 2*(m.K-k)) + (math.Ldexp(b.M2, 2*(b.K-k)) + d*d*(na*nb/n))
	m.K = k
}

// min2 and max2 are the min and max of values that are not NaN (which
// Moments never holds in Min and Max): cheaper than math.Min and Max.
func min2(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

func max2(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

// Column is the final statistics of one column, numpy's for the column:
// Min, Max, Mean and Std are np.min, np.max, np.mean and np.std (ddof=0),
// so NaN in any of them if the column holds a NaN; Count is every value,
// NaN included. NanMin and NanMax are np.nanmin and np.nanmax, NaN if
// every value is NaN, the scale of Normalize.
type Column struct {
	Count          int64
	Min, Max       float64
	Mean, Std      float64
	NanMin, NanMax float64
	// IntMin and IntMax are Min and Max exactly, in decimal, when every
	// input stores integers (float64 rounds those beyond 2^53); "" else.
	IntMin, IntMax string
}

// Column returns the statistics. With no NaN: an infinity makes the mean
// that infinity (NaN if both are there) and the std NaN, as x − mean is
// then NaN or infinite; finite values give the mean and population std,
// sqrt(M2/N), both rounded once more into [min, max] and [0, max |x|],
// where they lie exactly, so that no rounding takes them past the float64
// limit.
func (m Moments) Column() Column {
	nan := math.NaN()
	c := Column{Count: m.N, Min: m.Min, Max: m.Max, NanMin: m.Min, NanMax: m.Max, Mean: nan, Std: nan}
	if m.Min > m.Max {
		c.Min, c.Max, c.NanMin, c.NanMax = nan, nan, nan, nan
	}
	if m.NaN > 0 {
		c.Min, c.Max = nan, nan
		return c
	}
	posInf, negInf := math.IsInf(m.Max, 1), math.IsInf(m.Min, -1)
	switch {
	case m.N == 0 || posInf && negInf:
		return c
	case posInf:
		c.Mean = m.Max
		return c
	case negInf:
		c.Mean = m.Min
		return c
	}
	c.Mean, c.Std = m.Mean, math.Sqrt(m.M2/float64(m.Fin))
	if m.K != 0 {
		c.Mean, c.Std = math.Ldexp(c.Mean, m.K), math.Ldexp(c.Std, m.K)
	}
	c.Mean = min(max(c.Mean, m.Min), m.Max)
	c.Std = min(c.Std, max(-m.Min, m.Max))
	return c
}
