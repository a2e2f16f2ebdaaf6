package nbody

import "math"

// refill starts the particles src has waiting in the idle lanes, in lane
// order, unless stop says no more or a particle failed (*failed, which
// a particle that cannot start sets). It returns the number of busy
// lanes.
func (li *laneIntegrator) refill(src laneSource, stop func() bool, failed *bool) int {
	active := 0
	more := !*failed
	for l := range li.lane {
		ls := &li.lane[l]
		for more && ls.k < 0 {
			if *failed || (stop != nil && stop()) {
				more = false
				break
			}
			k, p0, ok := src.next()
			if !ok {
				more = false
				break
			}
			var err error
			if !li.start(l, k, p0, src.out, &err) {
				*failed = true
				src.done(k, Stats{}, err)
			}
		}
		if ls.k >= 0 {
			active++
		}
	}
	return active
}

// laneMoves, when not nil, is called before every step of the lanes:
// tests move particles between lanes with it.
var laneMoves func(li *laneIntegrator)

// compact moves the busy lanes of the second group into the idle lanes
// of the first when they fit there (active busy lanes in all): the
// kernels then compute one group. A lane's arithmetic never involves
// another lane's, so a particle's bits do not change with the move.
func (li *laneIntegrator) compact(active int) {
	if active > groupSize {
		return
	}
	to := 0
	for l := groupSize; l < laneWidth; l++ {
		if li.lane[l].k < 0 {
			continue
		}
		for li.lane[to].k >= 0 {
			to++
		}
		li.move(l, to)
	}
}

// move moves the particle of lane from, between two steps, into the
// idle lane to: the state and derivative at the step's start, the time
// and the step control; the nucleus segments follow from the time.
func (li *laneIntegrator) move(from, to int) {
	b := &li.b
	for c := 0; c < 6; c++ {
		b.y[c][to] = b.y[c][from]
		b.k[0][c][to] = b.k[0][c][from]
	}
	b.t[to], b.ts[to] = b.t[from], b.ts[from]
	seg := li.lane[from].seg
	li.lane[to] = li.lane[from]
	li.setSeg(to, seg)
	li.lane[from].k = -1
	li.lane[from].seg0t = math.NaN()
}

// sliceSource hands out the particles p0 in order, for ParticlesRows:
// particle k's samples to out and its Stats and error to st[k] and
// errs[k]; n is the number handed out.
type sliceSource struct {
	p0   []State
	n    int
	rows batchOut
	st   []Stats
	errs []error
}

func (s *sliceSource) next() (int, State, bool) {
	if s.n == len(s.p0) {
		return 0, State{}, false
	}
	k := s.n
	s.n++
	s.st[k], s.errs[k] = Stats{}, nil
	return k, s.p0[k], true
}

func (s *sliceSource) out(k, i int, y *[6]float64) { s.rows(k, i, y) }

func (s *sliceSource) done(k int, st Stats, err error) { s.st[k], s.errs[k] = st, err }
