//go:build amd64 && !noasm

package stats

// sumMinMax returns the sum of x and the min and max of its values that
// are not NaN (+Inf and -Inf if there are none). In kernel_amd64.s: MINPD
// and MAXPD with the running value as the source operand, which they
// return when either operand is NaN, so NaN is skipped without a branch.
//
//go:noescape
func sumMinMax(x []float64) (sum, lo, hi float64)

// devSq returns the sums of x[i]−mean and of its square. In
// kernel_amd64.s.
//
//go:noescape
func devSq(x []float64, mean float64) (dev, sq float64)
