package nbody

import "fmt"

// particleRHS is a particle's equation of motion: the host's pull plus the
// nucleus's, with the nucleus read from its track.
type particleRHS struct {
	host, nuc field
	tr        *Track
	seg       int   // search hint into tr.segs, private to this particle
	evals     int64 // right-hand-side evaluations so far
}

func (f *particleRHS) eval(t float64, y, dy *[6]float64) {
	f.evals++
	nx, ny, nz := f.tr.position(t, &f.seg)
	ax, ay, az := f.host.pull(y[0], y[1], y[2])
	bx, by, bz := f.nuc.pull(y[0]-nx, y[1]-ny, y[2]-nz)
	dy[0], dy[1], dy[2] = y[3], y[4], y[5]
	dy[3], dy[4], dy[5] = ax+bx, ay+by, az+bz
}

// Particle integrates one particle from p0 at times[0] through times,
// writing its state at times[k] to out[k]. The nucleus is read from tr,
// which should come from m.Nucleus and whose times must cover times; with
// tr's own model, options and times (tr.Times()), checked by Nucleus,
// nothing is checked again. The
// result depends only on m, tr, p0, times and opt, never on other
// particles, so it is bit-identical however the particles are batched or
// distributed. Particle is safe for concurrent use.
//
// On an integration error (ErrMaxSteps, ErrStepUnderflow) the samples
// before the time given in the error are valid and the rest are left as
// they were.
func (m Model) Particle(tr *Track, p0 State, times []float64, opt Options, out []State) error {
	if len(out) < len(times) {
		return fmt.Errorf("nbody: particle: output has room for %d samples, need %d", len(out), len(times))
	}
	_, err := m.particle(tr, p0, times, opt, func(i int, y *[6]float64) { out[i] = fromArray(y) })
	return err
}

// Stats count the work of one particle's integration. Like the
// trajectory, they depend only on the particle and the settings.
type Stats struct {
	Evals    int64 // right-hand-side evaluations
	Steps    int32 // accepted steps
	Rejected int32 // rejected steps
}

// ParticleRows is Particle writing sample k straight into the rows of a
// galaxy file: position to pos[3k:3k+3], velocity to vel[3k:3k+3], with
// the same values bit for bit, and returns the integration's Stats (also
// on error: the work done until it stopped).
func (m Model) ParticleRows(tr *Track, p0 State, times []float64, opt Options, pos, vel []float64) (Stats, error) {
	if len(pos) < 3*len(times) || len(vel) < 3*len(times) {
		return Stats{}, fmt.Errorf("nbody: particle: rows have room for %d and %d samples, need %d", len(pos)/3, len(vel)/3, len(times))
	}
	return m.particle(tr, p0, times, opt, func(i int, y *[6]float64) {
		copy(pos[3*i:3*i+3], y[:3])
		copy(vel[3*i:3*i+3], y[3:])
	})
}

// particle integrates as Particle does, handing each sample to out. The
// model, options and times were checked when tr was made (Nucleus); they
// are checked again only when they are not tr's, so that a run of many
// particles checks its settings once, not once per particle.
func (m Model) particle(tr *Track, p0 State, times []float64, opt Options, out func(i int, y *[6]float64)) (Stats, error) {
	if err := m.check(tr, times, opt); err != nil {
		return Stats{}, err
	}
	if !finiteState(p0) {
		return Stats{}, fmt.Errorf("nbody: particle start state %v is not finite", p0)
	}
	host, nuc := m.fields()
	f := particleRHS{host: host, nuc: nuc, tr: tr}
	d := dop853[[6]float64, *particleRHS]{
		f:    &f,
		rtol: opt.Rtol, atol: opt.Atol, maxSteps: opt.MaxSteps,
	}
	y0 := toArray(p0)
	err := d.run(&y0, times, out, nil)
	st := Stats{Evals: f.evals, Steps: int32(d.accepted), Rejected: int32(d.rejected)}
	if err != nil {
		return st, fmt.Errorf("nbody: particle: %w", err)
	}
	return st, nil
}

// check checks a particle integration's settings: the model, options
// and times only when they are not tr's (see particle).
func (m Model) check(tr *Track, times []float64, opt Options) error {
	if tr == nil || len(tr.segs) == 0 {
		return fmt.Errorf("nbody: particle: no nucleus track")
	}
	if m != tr.model {
		if err := m.validate(); err != nil {
			return err
		}
	}
	if opt != tr.opt {
		if err := opt.Validate(); err != nil {
			return fmt.Errorf("nbody: %w", err)
		}
	}
	if !sameSlice(times, tr.times) {
		if err := checkTimes(times); err != nil {
			return err
		}
		if t0, t1 := tr.times[0], tr.times[len(tr.times)-1]; times[0] < t0 || times[len(times)-1] > t1 {
			return fmt.Errorf("nbody: particle: times [%g, %g] outside the nucleus track [%g, %g]", times[0], times[len(times)-1], t0, t1)
		}
	}
	return nil
}

// sameSlice reports whether a and b are the same slice: the same
// elements in memory, not only equal ones.
func sameSlice(a, b []float64) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
