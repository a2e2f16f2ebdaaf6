//go:build !amd64 || noasm

package stats

// sumMinMax returns the sum of x and the min and max of its values that
// are not NaN (+Inf and -Inf if there are none), in the order of lanes.
func sumMinMax(x []float64) (sum, lo, hi float64) { return sumMinMaxGo(x) }

// devSq returns the sums of x[i]−mean and of its square, in the order
// of lanes.
func devSq(x []float64, mean float64) (dev, sq float64) { return devSqGo(x, mean) }

// Kernels names the summary kernels in use: "go" without assembly.
func Kernels() string { return "go" }
