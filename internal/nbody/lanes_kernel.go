package nbody

import "math"

// useAsm selects the assembly kernels (lanes_amd64.s) over their Go
// twins below. It is set once, from the CPU's features; tests switch it
// to compare the two in one process. Both do the same IEEE operations in
// the same order, without fused multiply-adds, so they give the same bits.
var useAsm = asmAvailable()

// combine sets dst = y + hm·(Σ c·k) over the terms, lane by lane in the
// first groups groups of lanes, the sum taken left to right; with y nil,
// dst = hm·(Σ c·k).
func combine(dst, y *lvec, hm *lanes, ts []term, groups int64) {
	if useAsm {
		combineAsm(dst, y, hm, ts, groups)
		return
	}
	combineGo(dst, y, hm, ts, groups)
}

// stageTimes sets b.ts = b.t + c·b.h (in b.groups groups) and returns the set of lanes (bit
// l for lane l) whose b.ts lies outside their nucleus segment, [b.lo,
// b.hi).
func stageTimes(b *laneBlock, c float64) uint32 {
	if useAsm {
		return stageTimesAsm(b, c)
	}
	return stageTimesGo(b, c)
}

func stageTimesGo(b *laneBlock, c float64) uint32 {
	var m uint32
	for l := 0; l < groupSize*int(b.groups); l++ {
		t := b.t[l] + c*b.h[l]
		b.ts[l] = t
		if !(b.lo[l] <= t && t < b.hi[l]) {
			m |= 1 << l
		}
	}
	return m
}

// rhsLanes sets dy = f(b.ts, y) for every lane: the particle's equation of
// motion, the nucleus at b.seg (see laneIntegrator.locate).
func rhsLanes(b *laneBlock, y, dy *lvec) {
	if useAsm {
		rhsAsm(b, y, dy)
		return
	}
	rhsGo(b, y, dy)
}

// errSums sets b.err5 and b.err3 to the sums of squares of dop853.trial's
// scaled 5th- and 3rd-order error estimates, b.y1 being the new solution.
func errSums(b *laneBlock) {
	if useAsm {
		errSumsAsm(b)
		return
	}
	errSumsGo(b)
}

func combineGo(dst, y *lvec, hm *lanes, ts []term, groups int64) {
	for c := 0; c < 6; c++ {
		for l := 0; l < groupSize*int(groups); l++ {
			sum := ts[0].c * ts[0].k[c][l]
			for _, t := range ts[1:] {
				sum += t.c * t.k[c][l]
			}
			if y == nil {
				dst[c][l] = hm[l] * sum
			} else {
				dst[c][l] = y[c][l] + hm[l]*sum
			}
		}
	}
}

// pull1 is field.pull for Alpha = 1.
func pull1(gk, x, y, z float64) (ax, ay, az float64) {
	r2 := x*x + y*y + z*z
	if r2 == 0 {
		return 0, 0, 0
	}
	s := gk / r2
	if !(s <= math.MaxFloat64) {
		return 0, 0, 0
	}
	return -s * x, -s * y, -s * z
}

func rhsGo(b *laneBlock, y, dy *lvec) {
	for l := 0; l < groupSize*int(b.groups); l++ {
		// Track.position's arithmetic, on segment A or B.
		a, t0, invh := &b.seg, b.t0[l], b.invh[l]
		if !(b.ts[l] < b.mid[l]) {
			a, t0, invh = &b.segB, b.t0B[l], b.invhB[l]
		}
		th := (b.ts[l] - t0) * invh
		th2 := th * th
		th4 := th2 * th2
		var n [3]float64
		for c := 0; c < 3; c++ {
			n[c] = (a[0][c][l] + th*a[1][c][l] + th2*(a[2][c][l]+th*a[3][c][l])) + th4*((a[4][c][l]+th*a[5][c][l])+th2*(a[6][c][l]+th*a[7][c][l]))
		}
		x, yy, z := y[0][l], y[1][l], y[2][l]
		ax, ay, az := pull1(b.gk[0], x, yy, z)
		bx, by, bz := pull1(b.gk[1], x-n[0], yy-n[1], z-n[2])
		dy[0][l], dy[1][l], dy[2][l] = y[3][l], y[4][l], y[5][l]
		dy[3][l], dy[4][l], dy[5][l] = ax+bx, ay+by, az+bz
	}
}

func errSumsGo(b *laneBlock) {
	k := &b.k
	rtol, atol := b.tol[0], b.tol[1]
	for l := 0; l < groupSize*int(b.groups); l++ {
		var e3v, e5v [6]float64
		for c := 0; c < 6; c++ {
			k1, k6, k7, k8, k9 := k[0][c][l], k[5][c][l], k[6][c][l], k[7][c][l], k[8][c][l]
			k10, k11, k12 := k[9][c][l], k[10][c][l], k[11][c][l]
			inc := b1*k1 + b6*k6 + b7*k7 + b8*k8 + b9*k9 + b10*k10 + b11*k11 + b12*k12
			e3v[c] = inc - bhh1*k1 - bhh2*k9 - bhh3*k12
			e5v[c] = er1*k1 + er6*k6 + er7*k7 + er8*k8 + er9*k9 + er10*k10 + er11*k11 + er12*k12
		}
		var err5, err3 float64
		for i := 0; i < 6; i += 3 {
			n0 := math.Sqrt(b.y[i][l]*b.y[i][l] + b.y[i+1][l]*b.y[i+1][l] + b.y[i+2][l]*b.y[i+2][l])
			n1 := math.Sqrt(b.y1[i][l]*b.y1[i][l] + b.y1[i+1][l]*b.y1[i+1][l] + b.y1[i+2][l]*b.y1[i+2][l])
			sk := atol + rtol*max(n0, n1)
			for j := i; j < i+3; j++ {
				e3 := e3v[j] / sk
				e5 := e5v[j] / sk
				err3 += e3 * e3
				err5 += e5 * e5
			}
		}
		b.err5[l], b.err3[l] = err5, err3
	}
}
