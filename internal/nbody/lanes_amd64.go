//go:build amd64 && !noasm

package nbody

//go:generate sh -c "python3 lanes_gen.py > lanes_amd64.s"

// useAVX512 selects, when useAsm is set, the AVX-512 kernels (one 8-lane
// vector) over the AVX2 ones (two 4-lane halves). Tests switch it too.
var useAVX512 = avx512Available()

// asmAvailable reports whether the CPU and the OS support AVX2: the
// instructions (CPUID leaf 7) and the saving of the YMM registers
// (OSXSAVE, and XCR0's SSE and AVX bits).
func asmAvailable() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if c1&osxsave == 0 || c1&avx == 0 || xgetbv()&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	const avx2 = 1 << 5
	return b7&avx2 != 0
}

// avx512Available reports whether the CPU and the OS support AVX-512F
// (XCR0 also saving the opmask and ZMM registers).
func avx512Available() bool {
	if !asmAvailable() {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	const avx512f = 1 << 16
	return b7&avx512f != 0 && xgetbv()&0xe6 == 0xe6
}

func cpuid(eax, ecx uint32) (a, b, c, d uint32)
func xgetbv() (eax uint32)

func combineAsm(dst, y *lvec, hm *lanes, ts []term, groups int64) {
	if useAVX512 {
		combine512(dst, y, hm, ts, groups)
		return
	}
	combineAVX2(dst, y, hm, ts, groups)
}

func rhsAsm(b *laneBlock, y, dy *lvec) {
	if useAVX512 {
		rhs512(b, y, dy)
		return
	}
	rhsAVX2(b, y, dy)
}

func errSumsAsm(b *laneBlock) {
	if useAVX512 {
		errSums512(b)
		return
	}
	errSumsAVX2(b)
}

func stageTimesAsm(b *laneBlock, c float64) uint32 {
	if useAVX512 {
		return stageTimes512(b, c)
	}
	return stageTimesAVX2(b, c)
}

// In lanes_amd64.s.

//go:noescape
func stageTimesAVX2(b *laneBlock, c float64) uint32

//go:noescape
func stageTimes512(b *laneBlock, c float64) uint32

//go:noescape
func combineAVX2(dst, y *lvec, hm *lanes, ts []term, groups int64)

//go:noescape
func rhsAVX2(b *laneBlock, y, dy *lvec)

//go:noescape
func errSumsAVX2(b *laneBlock)

//go:noescape
func combine512(dst, y *lvec, hm *lanes, ts []term, groups int64)

//go:noescape
func rhs512(b *laneBlock, y, dy *lvec)

//go:noescape
func errSums512(b *laneBlock)
