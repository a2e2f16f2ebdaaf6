package nbody

import "fmt"

// A Stream is the particles a Lanes integrates, handed out one at a time
// as lanes become free.
type Stream interface {
	// Next returns the next particle to start: id, the caller's name for
	// it, its start p0 and the rows its samples go to, as ParticleRows's
	// pos and vel. ok is false when no particle waits now.
	Next() (id int, p0 State, pos, vel []float64, ok bool)
	// Done says that particle id is complete, with its Stats, or that it
	// failed with err (the samples before the failure written).
	Done(id int, st Stats, err error)
}

// Lanes integrates particles as ParticlesRows does, side by side, taking
// them from a Stream rather than from a slice: a lane that finishes
// takes the stream's next particle, whatever batch of the caller it
// belongs to, so the lanes stay full across batches. Each particle gets
// the bits ParticleRows gives it alone. The lanes live across calls of
// Run; a Lanes is not safe for concurrent use.
type Lanes struct {
	m     Model
	tr    *Track
	times []float64
	opt   Options
	li    *laneIntegrator // nil: one particle at a time (see ParticlesRows)
	src   streamSource
}

// Lanes returns lanes integrating through tr, writing the samples at
// times, with options opt.
func (m Model) Lanes(tr *Track, times []float64, opt Options) (*Lanes, error) {
	if err := m.check(tr, times, opt); err != nil {
		return nil, err
	}
	l := &Lanes{m: m, tr: tr, times: times, opt: opt}
	if host, _ := m.fields(); host.alpha1 {
		l.li = newLaneIntegrator(m, tr, opt, times)
	}
	l.src.row = 3 * len(times)
	return l, nil
}

// Width is how many particles the lanes integrate at once.
func (l *Lanes) Width() int {
	if l.li == nil {
		return 1
	}
	return laneWidth
}

// Run integrates the particles s hands out until no lane is busy and s
// has none waiting. No particle starts once stop (nil for never) returns
// true or a particle failed: the particles in the lanes finish, and
// every particle s handed out gets its Done before Run returns. It
// reports whether a particle failed.
func (l *Lanes) Run(s Stream, stop func() bool) (failed bool) {
	l.src.s, l.src.bad = s, false
	defer func() { l.src.s = nil }()
	if l.li != nil {
		failed = l.li.run(&l.src, stop)
		return failed || l.src.bad
	}
	for stop == nil || !stop() {
		id, p0, pos, vel, ok := l.src.take()
		if !ok {
			return l.src.bad
		}
		st, err := l.m.particle(l.tr, p0, l.times, l.opt, func(i int, y *[6]float64) { writeRow(pos, vel, i, y) })
		s.Done(id, st, err)
		if err != nil {
			return true
		}
	}
	return false
}

// streamSource is a Stream as a laneSource: the lanes name a particle
// by its slot in flight.
type streamSource struct {
	s      Stream
	row    int
	bad    bool // a particle's rows were too short: no more starts
	flight [laneWidth]struct {
		id       int
		pos, vel []float64
	}
	free []int // slots free; nil before the first use
}

// take is s.Next, unless a particle's rows were too short: that
// particle is Done with the error, and no more are taken.
func (s *streamSource) take() (id int, p0 State, pos, vel []float64, ok bool) {
	if s.bad {
		return 0, State{}, nil, nil, false
	}
	id, p0, pos, vel, ok = s.s.Next()
	if ok && (len(pos) < s.row || len(vel) < s.row) {
		s.bad = true
		s.s.Done(id, Stats{}, fmt.Errorf("nbody: particle: rows have room for %d and %d samples, need %d", len(pos)/3, len(vel)/3, s.row/3))
		return 0, State{}, nil, nil, false
	}
	return id, p0, pos, vel, ok
}

func (s *streamSource) next() (int, State, bool) {
	if s.free == nil {
		s.free = make([]int, 0, laneWidth)
		for k := laneWidth - 1; k >= 0; k-- {
			s.free = append(s.free, k)
		}
	}
	id, p0, pos, vel, ok := s.take()
	if !ok {
		return 0, State{}, false
	}
	k := s.free[len(s.free)-1]
	s.free = s.free[:len(s.free)-1]
	f := &s.flight[k]
	f.id, f.pos, f.vel = id, pos, vel
	return k, p0, true
}

func (s *streamSource) out(k, i int, y *[6]float64) {
	writeRow(s.flight[k].pos, s.flight[k].vel, i, y)
}

func (s *streamSource) done(k int, st Stats, err error) {
	f := &s.flight[k]
	id := f.id
	f.pos, f.vel = nil, nil
	s.free = append(s.free, k)
	s.s.Done(id, st, err)
}

// writeRow writes sample i, y, into the rows pos and vel.
func writeRow(pos, vel []float64, i int, y *[6]float64) {
	j := 3 * i
	p, v := pos[j:j+3:j+3], vel[j:j+3:j+3]
	p[0], p[1], p[2] = y[0], y[1], y[2]
	v[0], v[1], v[2] = y[3], y[4], y[5]
}
