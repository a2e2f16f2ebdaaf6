package stats

import "math"

// Moments summarises the values of one column: their count, mean, sum of
// squared deviations from the mean (M2), min and max. NaN values count
// and make the mean and M2 NaN (infinities make them infinite or NaN),
// but min and max ignore NaN; Min > Max means no value other than NaN
// has been seen.
type Moments struct {
	N        int64
	Mean, M2 float64
	Min, Max float64
}

// Empty is the summary of no values.
func Empty() Moments { return Moments{Min: math.Inf(1), Max: math.Inf(-1)} }

// Add adds one value (Welford's update).
func (m *Moments) Add(x float64) {
	if m.N == 0 {
		*m = Moments{N: 1, Mean: x, Min: x, Max: x}
		if x != x {
			m.Min, m.Max = math.Inf(1), math.Inf(-1)
		}
		return
	}
	m.N++
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.M2 += d * (x - m.Mean)
	if x < m.Min {
		m.Min = x
	}
	if x > m.Max {
		m.Max = x
	}
}

// Merge adds the values summarised by b, with the pairwise formula of
// Chan, Golub and LeVeque: for δ = mean_b − mean_a and n = n_a + n_b,
// mean = mean_a + δ·n_b/n and M2 = M2_a + M2_b + δ²·n_a·n_b/n.
func (m *Moments) Merge(b Moments) {
	switch {
	case b.N == 0:
		return
	case m.N == 0:
		*m = b
		return
	}
	na, nb := float64(m.N), float64(b.N)
	n := na + nb
	d := b.Mean - m.Mean
	m.Mean += d * (nb / n)
	m.M2 += b.M2 + d*d*(na*nb/n)
	m.N += b.N
	if b.Min < m.Min {
		m.Min = b.Min
	}
	if b.Max > m.Max {
		m.Max = b.Max
	}
}

// Column is the final statistics of one column.
type Column struct {
	Count     int64
	Min, Max  float64 // NaN if there is no value but NaN
	Mean, Std float64 // NaN if Count is 0
}

// Column returns the statistics: Std is the population standard
// deviation, sqrt(M2/N) (numpy's default, ddof=0).
func (m Moments) Column() Column {
	c := Column{Count: m.N, Min: m.Min, Max: m.Max, Mean: m.Mean, Std: math.Sqrt(m.M2 / float64(m.N))}
	if m.N == 0 {
		c.Mean, c.Std = math.NaN(), math.NaN()
	}
	if m.Min > m.Max {
		c.Min, c.Max = math.NaN(), math.NaN()
	}
	return c
}
