//go:build amd64 && !noasm

package nbody

func asmAvailable() bool { return false }

func combineAsm(dst, y *lvec, hm *lanes, ts []term) { combineGo(dst, y, hm, ts) }
func rhsAsm(b *laneBlock, y, dy *lvec)              { rhsGo(b, y, dy) }
func errSumsAsm(b *laneBlock)                       { errSumsGo(b) }
