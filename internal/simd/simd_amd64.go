//go:build amd64 && !noasm

package simd

// AVX2 reports AVX2 with the operating system saving the YMM registers;
// AVX512F, AVX-512 F with the opmask and ZMM registers saved too.
var (
	AVX2    = hasAVX2()
	AVX512F = AVX2 && hasAVX512F()
)

// The bits of CPUID and XCR0 that the checks read.
const (
	osxsave  = 1 << 27    // CPUID 1, ECX
	avx      = 1 << 28    // CPUID 1, ECX
	avx2     = 1 << 5     // CPUID 7, EBX
	avx512f  = 1 << 16    // CPUID 7, EBX
	ymmState = 0b110      // XCR0: XMM and YMM
	zmmState = 0b11100110 // XCR0: XMM, YMM, opmask and both halves of ZMM
)

func hasAVX2() bool {
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return false
	}
	if _, _, c1, _ := cpuid(1, 0); c1&osxsave == 0 || c1&avx == 0 || xgetbv()&ymmState != ymmState {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&avx2 != 0
}

func hasAVX512F() bool {
	_, b7, _, _ := cpuid(7, 0)
	return b7&avx512f != 0 && xgetbv()&zmmState == zmmState
}

// In simd_amd64.s.
func cpuid(eax, ecx uint32) (a, b, c, d uint32)
func xgetbv() (eax uint32)
