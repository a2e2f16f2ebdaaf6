package nbody

import (
	"fmt"
	"math"
	"math/bits"
)

// laneWidth is the number of particles integrated side by side, in
// groups of 8 (one AVX-512 vector of float64, two AVX2 vectors). Two
// groups make two independent chains of arithmetic that the CPU overlaps:
// one stage's arithmetic is a chain of dependent operations (combination,
// nucleus, distances, divisions), so one group leaves the CPU waiting.
const (
	laneWidth = 16
	groupSize = 8
)

// lanes holds one float64 per lane.
type lanes [laneWidth]float64

// lvec is a particle state (or a derivative) for every lane, structure
// of arrays: component c of lane l is v[c][l].
type lvec [6]lanes

// term is one coefficient·stage product of a Runge–Kutta combination.
type term struct {
	c float64
	k *lvec
}

// laneBlock is the arithmetic state of the lanes, laid out for the
// kernels (kernel_amd64.s reads it at fixed offsets; TestLaneBlockLayout
// checks them).
type laneBlock struct {
	k    [16]lvec // stages, as dop853.k
	y    lvec     // state at the start of the step
	y1   lvec     // 8th-order solution at its end
	s    lvec     // argument of the stage being evaluated
	cont [8]lvec  // dense-output coefficients

	seg   [8][3]lanes // each lane's nucleus segment: seg[j][c] is a[j][c]
	t0    lanes       // and its start
	invh  lanes       // and 1/its length
	ts    lanes       // time of the right-hand side being evaluated
	h     lanes       // step size
	hm    lanes       // multiplier of a combination (see combine)
	err5  lanes       // sums of the squared scaled 5th- and 3rd-order errors
	err3  lanes
	tol   [2]float64  // rtol, atol
	gk    [2]float64  // G·k of the host and of the nucleus
	ecoef [19]float64 // b1, b6–b12, bhh1–bhh3, er1, er6–er12 (errSums)
	t     lanes       // each lane's time, laneState.t
	lo    lanes       // the times in each lane's segments A and B: [lo, hi)
	hi    lanes
	// groups is the number of groups of groupSize lanes the kernels
	// compute, from the first: lanes past them are idle.
	groups int64

	// Each lane holds two consecutive segments of the track, A (above)
	// and B, the next, split at mid: a step that crosses a segment end
	// then needs no copy at each of its stages that cross it back.
	segB  [8][3]lanes
	t0B   lanes
	invhB lanes
	mid   lanes

	// errv and fac11 are each lane's error norm, as dop853.run's err,
	// and its eighth root (errSums).
	errv  lanes
	fac11 lanes

	// The step control's inputs (laneState's hacc, erracc, and haveAcc
	// and reject as 1 or 0) and the step sizes it gives after a
	// rejection and after an acceptance (errSums).
	hacc, erracc lanes
	acc, rej     lanes
	hrej, hnew   lanes
	sc           [4]float64 // safe, facc1, facc2, hmax
}

// laneState is the step control of one lane: what dop853.run keeps in
// local variables, for the particle the lane integrates.
type laneState struct {
	k          int // the particle's index in the batch; -1 when idle
	t, h       float64
	reject     bool
	last       bool
	haveAcc    bool
	hacc       float64
	erracc     float64
	next       int
	steps      int
	accepted   int
	rejected   int
	evals      int64
	seg        int // the nucleus segment in laneBlock.seg
	seg0       int // the segment of the lane's time, b.t, when that is seg0t
	seg0t      float64
	accept     bool
	dense      bool
	t1         float64
	errorValue float64
}

// laneIntegrator integrates particles laneWidth at a time. Every lane
// runs the arithmetic of dop853.run on its own particle with its own
// time, step size and step control, so a particle's bits do not depend
// on its lane, on its neighbours or on whether the assembly kernels or
// their Go twins ran.
type laneIntegrator struct {
	b      laneBlock
	lane   [laneWidth]laneState
	tr     *Track
	t0s    []float64 // the segments' starts, tr.segs[j].t0, side by side for the searches
	host   field
	nuc    field
	opt    Options
	times  []float64
	stages [14][]term // the combinations of stages 2–12 and 14–16
	ynew   []term     // the 8th-order solution
	dcoef  [4][]term  // dense-output coefficients 4–7
	init   dop853[[6]float64, *particleRHS]
	initf  particleRHS
	out    [6]float64
}

func newLaneIntegrator(m Model, tr *Track, opt Options, times []float64) *laneIntegrator {
	li := &laneIntegrator{tr: tr, opt: opt, times: times}
	li.host, li.nuc = m.fields()
	li.t0s = make([]float64, len(tr.segs))
	for j := range tr.segs {
		li.t0s[j] = tr.segs[j].t0
	}
	li.initf = particleRHS{host: li.host, nuc: li.nuc, tr: tr}
	li.init = dop853[[6]float64, *particleRHS]{f: &li.initf, rtol: opt.Rtol, atol: opt.Atol, maxSteps: opt.MaxSteps}
	b := &li.b
	b.tol = [2]float64{opt.Rtol, opt.Atol}
	b.gk = [2]float64{li.host.gk, li.nuc.gk}
	b.sc = [4]float64{safe, facc1, facc2, times[len(times)-1] - times[0]}
	b.ecoef = [19]float64{b1, b6, b7, b8, b9, b10, b11, b12, bhh1, bhh2, bhh3, er1, er6, er7, er8, er9, er10, er11, er12}
	k := func(i int) *lvec { return &b.k[i-1] }
	t := func(cs ...any) []term {
		var ts []term
		for i := 0; i < len(cs); i += 2 {
			ts = append(ts, term{cs[i].(float64), k(cs[i+1].(int))})
		}
		return ts
	}
	// The order of the terms is dop853.trial's and dop853.dense's: the
	// sums must round alike.
	li.stages = [14][]term{
		t(1.0, 1), // stage 2 is y + (h·a21)·k1, 1·k1 = k1 exactly; see trial
		t(a31, 1, a32, 2),
		t(a41, 1, a43, 3),
		t(a51, 1, a53, 3, a54, 4),
		t(a61, 1, a64, 4, a65, 5),
		t(a71, 1, a74, 4, a75, 5, a76, 6),
		t(a81, 1, a84, 4, a85, 5, a86, 6, a87, 7),
		t(a91, 1, a94, 4, a95, 5, a96, 6, a97, 7, a98, 8),
		t(a101, 1, a104, 4, a105, 5, a106, 6, a107, 7, a108, 8, a109, 9),
		t(a111, 1, a114, 4, a115, 5, a116, 6, a117, 7, a118, 8, a119, 9, a1110, 10),
		t(a121, 1, a124, 4, a125, 5, a126, 6, a127, 7, a128, 8, a129, 9, a1210, 10, a1211, 11),
		t(a141, 1, a147, 7, a148, 8, a149, 9, a1410, 10, a1411, 11, a1412, 12, a1413, 13),
		t(a151, 1, a156, 6, a157, 7, a158, 8, a1511, 11, a1512, 12, a1513, 13, a1514, 14),
		t(a161, 1, a166, 6, a167, 7, a168, 8, a169, 9, a1613, 13, a1614, 14, a1615, 15),
	}
	li.ynew = t(b1, 1, b6, 6, b7, 7, b8, 8, b9, 9, b10, 10, b11, 11, b12, 12)
	li.dcoef = [4][]term{
		t(d41, 1, d46, 6, d47, 7, d48, 8, d49, 9, d410, 10, d411, 11, d412, 12, d413, 13, d414, 14, d415, 15, d416, 16),
		t(d51, 1, d56, 6, d57, 7, d58, 8, d59, 9, d510, 10, d511, 11, d512, 12, d513, 13, d514, 14, d515, 15, d516, 16),
		t(d61, 1, d66, 6, d67, 7, d68, 8, d69, 9, d610, 10, d611, 11, d612, 12, d613, 13, d614, 14, d615, 15, d616, 16),
		t(d71, 1, d76, 6, d77, 7, d78, 8, d79, 9, d710, 10, d711, 11, d712, 12, d713, 13, d714, 14, d715, 15, d716, 16),
	}
	for l := range li.lane {
		li.lane[l].k = -1
		li.lane[l].seg0t = math.NaN()
		li.b.ts[l] = times[0]
		li.setSeg(l, 0)
	}
	return li
}

// stageC are the c of stages 2–12 and 14–16 (stage 12 is at t+h).
var stageC = [14]float64{c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, 1, c14, c15, c16}

// setSeg copies nucleus segments j (A) and j+1 (B) into lane l.
func (li *laneIntegrator) setSeg(l, j int) {
	segs := li.tr.segs
	s := &segs[j]
	b := &li.b
	l &= laneWidth - 1
	for a := range s.a {
		p, q := &b.seg[a], &s.a[a]
		p[0][l], p[1][l], p[2][l] = q[0], q[1], q[2]
	}
	b.t0[l], b.invh[l] = s.t0, s.invh
	// The times for which Track.position uses segments j and j+1.
	b.lo[l], b.mid[l], b.hi[l] = s.t0, math.Inf(1), math.Inf(1)
	if j == 0 {
		b.lo[l] = math.Inf(-1)
	}
	if j+1 < len(segs) {
		s := &segs[j+1]
		for a := range s.a {
			p, q := &b.segB[a], &s.a[a]
			p[0][l], p[1][l], p[2][l] = q[0], q[1], q[2]
		}
		b.t0B[l], b.invhB[l] = s.t0, s.invh
		b.mid[l] = s.t0
		if j+2 < len(segs) {
			b.hi[l] = segs[j+2].t0
		}
	}
	li.lane[l].seg = j
}

// locate gives every lane the nucleus segment of its time b.ts, the one
// Track.position would use.
func (li *laneIntegrator) locate() {
	b := &li.b
	for l, t := range b.ts {
		if b.lo[l] <= t && t < b.hi[l] {
			continue
		}
		li.relocate(l, t)
	}
}

// relocateAll relocates the lanes of the set m (bit l for lane l) to
// their time b.ts.
func (li *laneIntegrator) relocateAll(m uint32) {
	for ; m != 0; m &= m - 1 {
		l := bits.TrailingZeros32(m) & (laneWidth - 1)
		li.relocate(l, li.b.ts[l])
	}
}

// relocate gives lane l the segment of its step's start and the next,
// or, if t lies beyond them, the segment of t and the next.
func (li *laneIntegrator) relocate(l int, t float64) {
	ls := &li.lane[l]
	t0s := li.t0s
	// The step's start segment is searched once a step (NaN never
	// equals itself: a NaN time is searched each time, harmlessly).
	if ls.seg0t != li.b.t[l] {
		ls.seg0, ls.seg0t = findSeg(t0s, ls.seg, li.b.t[l]), li.b.t[l]
	}
	j := ls.seg0
	if !(j+2 >= len(t0s) || t < t0s[j+2]) || !(j == 0 || t0s[j] <= t) {
		j = findSeg(t0s, j, t)
	}
	li.setSeg(l, j)
}

// findSeg returns the segment Track.position uses at t, searching from
// segment j: the last whose start t0s[j] is not after t, or 0.
func findSeg(t0s []float64, j int, t float64) int {
	for j+1 < len(t0s) && t0s[j+1] <= t {
		j++
	}
	for j > 0 && t0s[j] > t {
		j--
	}
	return j
}

// eval evaluates the right-hand side at b.ts for every lane.
func (li *laneIntegrator) eval(y, dy *lvec) {
	li.locate()
	rhsLanes(&li.b, y, dy)
}

// batchOut receives the samples of particle k.
type batchOut func(k, i int, y *[6]float64)

// start puts particle k, starting at p0, into the idle lane l and takes
// the first steps of dop853.run: f at the start, the first sample, the
// initial step size. It returns false, with the error in *errp, if the
// particle cannot start.
func (li *laneIntegrator) start(l, k int, p0 State, out batchOut, errp *error) bool {
	if !finiteState(p0) {
		*errp = fmt.Errorf("nbody: particle start state %v is not finite", p0)
		return false
	}
	d := &li.init
	li.initf.evals = 0
	t := li.times[0]
	hmax := li.times[len(li.times)-1] - t
	d.y = toArray(p0)
	d.f.eval(t, &d.y, &d.k[0])
	out(k, 0, &d.y)
	h := d.initialStep(t, hmax)
	ls := &li.lane[l]
	*ls = laneState{k: k, t: t, h: h, next: 1, evals: li.initf.evals, seg: ls.seg, seg0t: math.NaN()}
	b := &li.b
	b.t[l] = t
	for c := 0; c < 6; c++ {
		b.y[c][l] = d.y[c]
		b.k[0][c][l] = d.k[0][c]
	}
	return true
}

// laneSource feeds a laneIntegrator: next gives the particle to start
// in a lane that is idle, with k the source's name for it (k >= 0), or
// ok false when none waits now; out takes particle k's samples and done
// its Stats and error (nil when it completed).
type laneSource interface {
	next() (k int, p0 State, ok bool)
	out(k, i int, y *[6]float64)
	done(k int, st Stats, err error)
}

// run integrates in lanes the particles src hands out: a lane that
// finishes takes the next particle src has, unless stop (nil for never)
// says no more or a particle failed. It returns when every lane is idle
// and src has no particle waiting, or no more is started; it reports
// whether a particle failed. When no particle waits and the busy lanes
// fit in one group, they move to the first (compact), so that the kernels
// compute one group, not two.
func (li *laneIntegrator) run(src laneSource, stop func() bool) (failed bool) {
	times := li.times
	tEnd := times[len(times)-1]
	b := &li.b
	finish := func(l int, err error) {
		ls := &li.lane[l]
		st := Stats{Evals: ls.evals, Steps: int32(ls.accepted), Rejected: int32(ls.rejected)}
		if err != nil {
			err = fmt.Errorf("nbody: particle: %w", err)
			failed = true
		}
		k := ls.k
		ls.k = -1
		src.done(k, st, err)
	}
	out := src.out
	for {
		// Fill idle lanes.
		active := li.refill(src, stop, &failed)
		if active == 0 {
			return failed
		}
		if active < laneWidth {
			li.compact(active) // no particle waits
		}
		if laneMoves != nil {
			laneMoves(li)
		}

		// The checks before a step.
		last := 0
		for l := range li.lane {
			ls := &li.lane[l]
			if ls.k < 0 {
				b.h[l] = 0
				continue
			}
			t, h := ls.t, ls.h
			if ls.steps >= li.opt.MaxSteps {
				finish(l, fmt.Errorf("%w: %d steps taken, stopped at t=%g of [%g, %g]", ErrMaxSteps, ls.steps, t, times[0], tEnd))
				b.h[l] = 0
				continue
			}
			if !(0.1*h > math.Abs(t)*uround) {
				finish(l, fmt.Errorf("%w: h=%g at t=%g of [%g, %g] after %d steps (singular force?)", ErrStepUnderflow, h, t, times[0], tEnd, ls.steps))
				b.h[l] = 0
				continue
			}
			if t+1.01*h >= tEnd {
				ls.h = tEnd - t
				ls.last = true
			}
			ls.steps++
			b.h[l] = ls.h
			b.hacc[l], b.erracc[l], b.acc[l], b.rej[l] = ls.hacc, ls.erracc, b2f(ls.haveAcc), b2f(ls.reject)
			last = l
		}
		b.groups = int64(last/groupSize + 1)

		li.trial()

		// Accept or reject.
		anyAcc, anyDense := false, false
		for l := range li.lane {
			ls := &li.lane[l]
			ls.accept, ls.dense = false, false
			b.ts[l] = ls.t
			if ls.k < 0 {
				continue
			}
			ls.evals += 11
			h := ls.h
			err := b.errv[l]
			if err > 1 {
				ls.rejected++
				ls.h = b.hrej[l]
				ls.reject, ls.last = true, false
				continue
			}
			ls.accepted++
			ls.accept, anyAcc = true, true
			ls.errorValue = err
			t1 := ls.t + h
			if ls.last {
				t1 = tEnd
			}
			ls.t1 = t1
			b.ts[l] = t1
			ls.evals++
			if ls.next < len(times) && times[ls.next] < t1 {
				ls.dense, anyDense = true, true
				ls.evals += 3
			}
		}
		if !anyAcc {
			continue
		}
		li.eval(&b.y1, &b.k[12])
		if anyDense {
			li.dense()
		}

		// Samples and the next step size.
		for l := range li.lane {
			ls := &li.lane[l]
			if !ls.accept {
				continue
			}
			t, h, t1 := ls.t, ls.h, ls.t1
			for ; ls.next < len(times) && times[ls.next] <= t1; ls.next++ {
				if times[ls.next] == t1 || !ls.dense {
					for c := 0; c < 6; c++ {
						li.out[c] = b.y1[c][l]
					}
				} else {
					theta := (times[ls.next] - t) / h
					cn := &b.cont
					for c := 0; c < 6; c++ {
						li.out[c] = interp8(theta, cn[0][c][l], cn[1][c][l], cn[2][c][l], cn[3][c][l], cn[4][c][l], cn[5][c][l], cn[6][c][l], cn[7][c][l])
					}
				}
				out(ls.k, ls.next, &li.out)
			}
			if ls.last {
				finish(l, nil)
				continue
			}
			ls.haveAcc, ls.hacc, ls.erracc = true, h, max(1e-2, ls.errorValue)
			hnew := b.hnew[l]
			ls.reject = false
			for c := 0; c < 6; c++ {
				b.y[c][l] = b.y1[c][l]
				b.k[0][c][l] = b.k[12][c][l]
			}
			ls.t, b.t[l] = t1, t1
			ls.h = hnew
		}
	}
}

// trial is dop853.trial for every lane: stages 2–12 of a step of size
// b.h from (lane time, b.y), the 8th-order solution in b.y1 and the
// sums of the error estimate in b.err5 and b.err3.
func (li *laneIntegrator) trial() {
	b := &li.b
	// Stage 2 is y + (h·a21)·k1, stage 12 at t + 1·h = t + h.
	for l := range b.hm {
		b.hm[l] = b.h[l] * a21
	}
	for s := 0; s < 11; s++ {
		li.relocateAll(stageTimes(b, stageC[s]))
		hm := &b.h
		if s == 0 {
			hm = &b.hm
		}
		combine(&b.s, &b.y, hm, li.stages[s], b.groups)
		rhsLanes(b, &b.s, &b.k[s+1])
	}
	combine(&b.y1, &b.y, &b.h, li.ynew, b.groups)
	errSums(b)
}

// dense is dop853.dense for every lane: stages 14–16 and the
// dense-output coefficients of the step from the lane's time to b.ts.
func (li *laneIntegrator) dense() {
	b := &li.b
	for s := 11; s < 14; s++ {
		li.relocateAll(stageTimes(b, stageC[s]))
		combine(&b.s, &b.y, &b.h, li.stages[s], b.groups)
		rhsLanes(b, &b.s, &b.k[s+2])
	}
	denseBase(b)
	cn := &b.cont
	for j := 0; j < 4; j++ {
		combine(&cn[4+j], nil, &b.h, li.dcoef[j], b.groups)
	}
}
