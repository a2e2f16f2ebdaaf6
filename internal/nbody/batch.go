package nbody

import "fmt"

// ParticlesRows integrates the particles that start at p0 as ParticleRows
// does, several side by side, one per vector lane, each with its own
// time, step size and step control: particle k's sample i goes to
// pos[3(kT+i):3(kT+i)+3] and vel likewise (T = len(times)) and its Stats
// to st[k], with the same bits ParticleRows gives it alone, whichever
// lane takes it and whichever particles share the batch. When a
// particle finishes, its lane takes the next one, unless stop (nil
// for never) returns true or a particle failed.
//
// It returns the number n of leading particles integrated without error
// (p0[:n] are complete) and, if particle n failed, its error; nil when
// all are done or stop ended the batch early.
func (m Model) ParticlesRows(tr *Track, p0 []State, times []float64, opt Options, pos, vel []float64, st []Stats, stop func() bool) (int, error) {
	T := len(times)
	if len(pos) < 3*T*len(p0) || len(vel) < 3*T*len(p0) || len(st) < len(p0) {
		return 0, fmt.Errorf("nbody: particles: rows have room for %d and %d samples and stats for %d particles, need %d samples of %d particles",
			len(pos)/3, len(vel)/3, len(st), T*len(p0), len(p0))
	}
	if err := m.check(tr, times, opt); err != nil {
		return 0, err
	}
	if len(p0) == 0 {
		return 0, nil
	}
	out := func(k, i int, y *[6]float64) {
		j := 3 * (k*T + i)
		p, v := pos[j:j+3:j+3], vel[j:j+3:j+3]
		p[0], p[1], p[2] = y[0], y[1], y[2]
		v[0], v[1], v[2] = y[3], y[4], y[5]
	}
	if host, _ := m.fields(); !host.alpha1 || len(p0) == 1 {
		// The kernels know only Alpha = 1 (no power function), and one
		// particle goes faster alone: one particle at a time, with the
		// same bits.
		for k := range p0 {
			if stop != nil && stop() {
				return k, nil
			}
			var err error
			st[k], err = m.particle(tr, p0[k], times, opt, func(i int, y *[6]float64) { out(k, i, y) })
			if err != nil {
				return k, err
			}
		}
		return len(p0), nil
	}
	li := newLaneIntegrator(m, tr, opt, times)
	src := &sliceSource{p0: p0, rows: out, st: st, errs: make([]error, len(p0))}
	li.run(src, stop)
	n := 0
	for n < src.n && src.errs[n] == nil {
		n++
	}
	if n < len(p0) {
		return n, src.errs[n]
	}
	return n, nil
}
