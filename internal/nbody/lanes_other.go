//go:build !amd64 || noasm

package nbody

func asmAvailable() bool { return false }

// Without assembly the kernels are their Go twins.
func combineAsm(dst, y *lvec, hm *lanes, ts []term, groups int64) {
	combineGo(dst, y, hm, ts, groups)
}
func rhsAsm(b *laneBlock, y, dy *lvec)             { rhsGo(b, y, dy) }
func errSumsAsm(b *laneBlock)                      { errSumsGo(b) }
func stageTimesAsm(b *laneBlock, c float64) uint32 { return stageTimesGo(b, c) }

var useAVX512 = false

func avx512Available() bool { return false }
