//go:build amd64 && !noasm

package stats

import "github.com/h5mpi/h5mpi/internal/simd"

// The summary kernels in assembly (kernel_amd64.s), chosen once by what
// the processor and the operating system support: AVX-512 (F), else
// AVX2, else the Go ones. All give the same bits (see lanes).
var (
	sumMinMax = sumMinMaxGo
	devSq     = devSqGo
	kernels   = "go"
)

func init() {
	switch {
	case simd.AVX512F:
		sumMinMax, devSq, kernels = sumMinMax512, devSq512, "avx512"
	case simd.AVX2:
		sumMinMax, devSq, kernels = sumMinMax256, devSq256, "avx2"
	}
}

// Kernels names the summary kernels in use: "avx512", "avx2" or "go".
func Kernels() string { return kernels }

// sumMinMax256 and sumMinMax512 are sumMinMaxGo with AVX2 and AVX-512:
// VMINPD and VMAXPD with the running value as second operand, which they
// return when the other is NaN, so NaN is skipped without a branch.
//
//go:noescape
func sumMinMax256(x []float64) (sum, lo, hi float64)

//go:noescape
func sumMinMax512(x []float64) (sum, lo, hi float64)

// devSq256 and devSq512 are devSqGo with AVX2 and AVX-512.
//
//go:noescape
func devSq256(x []float64, mean float64) (dev, sq float64)

//go:noescape
func devSq512(x []float64, mean float64) (dev, sq float64)
