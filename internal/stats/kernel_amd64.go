//go:build amd64 && !noasm

package stats

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
	case hasAVX512():
		sumMinMax, devSq, kernels = sumMinMax512, devSq512, "avx512"
	case hasAVX2():
		sumMinMax, devSq, kernels = sumMinMax256, devSq256, "avx2"
	}
}

// Kernels names the summary kernels in use: "avx512", "avx2" or "go".
func Kernels() string { return kernels }

// hasAVX2 reports AVX2 with the operating system saving the YMM
// registers; hasAVX512, AVX-512 F with the ZMM ones saved too.
func hasAVX2() bool {
	_, _, c1, _ := cpuid(1, 0)
	if c1&(1<<27) == 0 || c1&(1<<28) == 0 { // OSXSAVE, AVX
		return false
	}
	if xcr0()&0b110 != 0b110 { // XMM and YMM state
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}

func hasAVX512() bool {
	if !hasAVX2() || xcr0()&0b11100110 != 0b11100110 { // opmask, ZMM state
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<16) != 0
}

// In kernel_amd64.s.
func cpuid(eax, ecx uint32) (a, b, c, d uint32)
func xcr0() uint32

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
