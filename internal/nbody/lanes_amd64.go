//go:build amd64 && !noasm

package nbody

import "github.com/h5mpi/h5mpi/internal/simd"

//go:generate sh -c "python3 lanes_gen.py > lanes_amd64.s"

// useAVX512 selects, when useAsm is set, the AVX-512 kernels (one 8-lane
// vector) over the AVX2 ones (two 4-lane halves). Tests switch it too.
var useAVX512 = avx512Available()

// asmAvailable reports whether the CPU and the OS support AVX2;
// avx512Available, AVX-512F (package simd).
func asmAvailable() bool    { return simd.AVX2 }
func avx512Available() bool { return simd.AVX512F }

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

func denseBaseAsm(b *laneBlock) {
	if useAVX512 {
		denseBase512(b)
		return
	}
	denseBaseAVX2(b)
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

//go:noescape
func denseBaseAVX2(b *laneBlock)

//go:noescape
func denseBase512(b *laneBlock)
