package nbody

import (
	"fmt"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"
)

// Track is the nucleus's orbit: its samples at the output times and the
// dense output of every integration step, from which particles read the
// nucleus position at any time. The nucleus does not feel the particles,
// so one Track serves them all. A Track is read-only once made and safe
// for concurrent use.
type Track struct {
	times   []float64
	samples []State
	segs    []segment

	// The model and options the track was made with, valid: particles
	// integrated with the same ones and the track's own times need no
	// second check of them (see Model.particle).
	model Model
	opt   Options
}

// segment is one accepted step of the nucleus integration: the position
// part of its dense output, as x(t0 + θh) = Σ a[j]·θ^j.
type segment struct {
	t0, invh float64
	a        [8][3]float64
}

// nucleusRHS is the nucleus's equation of motion: the host's pull only.
type nucleusRHS struct{ host field }

func (f *nucleusRHS) eval(_ float64, y, dy *[6]float64) {
	dy[0], dy[1], dy[2] = y[3], y[4], y[5]
	dy[3], dy[4], dy[5] = f.host.pull(y[0], y[1], y[2])
}

// Nucleus integrates the nucleus from start at times[0] through all of
// times (strictly increasing, at least two) and returns its track. It
// checks m, times and opt (Options.Validate), so that the particles that
// use the track with the same ones need not.
func (m Model) Nucleus(start State, times []float64, opt Options) (*Track, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("nbody: %w", err)
	}
	if err := checkTimes(times); err != nil {
		return nil, err
	}
	if !finiteState(start) {
		return nil, fmt.Errorf("nbody: nucleus start state %v is not finite", start)
	}
	host, _ := m.fields()
	d := dop853[[6]float64, *nucleusRHS]{
		f:    &nucleusRHS{host: host},
		rtol: opt.Rtol, atol: opt.Atol, maxSteps: opt.MaxSteps,
	}
	tr := &Track{
		times:   append([]float64(nil), times...),
		samples: make([]State, len(times)),
		model:   m,
		opt:     opt,
	}
	y0 := toArray(start)
	err := d.run(&y0, times,
		func(i int, y *[6]float64) { tr.samples[i] = fromArray(y) },
		func(t, h float64, c *[8][6]float64) {
			s := segment{t0: t, invh: 1 / h}
			for i := 0; i < 3; i++ {
				p := monomial(c[0][i], c[1][i], c[2][i], c[3][i], c[4][i], c[5][i], c[6][i], c[7][i])
				for j := range p {
					s.a[j][i] = p[j]
				}
			}
			tr.segs = append(tr.segs, s)
		})
	if err != nil {
		return nil, fmt.Errorf("nbody: nucleus: %w", err)
	}
	return tr, nil
}

// Times returns the output times of the track. The slice must not be
// modified.
func (tr *Track) Times() []float64 { return tr.times }

// Samples returns the nucleus's state at each output time. The slice must
// not be modified.
func (tr *Track) Samples() []State { return tr.samples }

// Steps returns the number of integration steps the track is made of.
func (tr *Track) Steps() int { return len(tr.segs) }

// Position returns the nucleus position at time t, interpolated from the
// dense output (7th order). t should lie within the track's times.
func (tr *Track) Position(t float64) r3.Vec {
	j := sort.Search(len(tr.segs), func(i int) bool { return tr.segs[i].t0 > t }) - 1
	j = max(j, 0)
	x, y, z := tr.position(t, &j)
	return r3.Vec{X: x, Y: y, Z: z}
}

// position evaluates the track at t. *j is a search hint, typically the
// segment of the previous call; the segment used is always the last one
// starting at or before t, whatever the hint, so results never depend on
// the order of calls.
func (tr *Track) position(t float64, j *int) (x, y, z float64) {
	segs := tr.segs
	i := *j
	for i+1 < len(segs) && segs[i+1].t0 <= t {
		i++
	}
	for i > 0 && segs[i].t0 > t {
		i--
	}
	*j = i
	s := &segs[i]
	// Estrin's scheme: a shorter dependency chain than Horner's.
	th := (t - s.t0) * s.invh
	th2 := th * th
	th4 := th2 * th2
	a := &s.a
	x = (a[0][0] + th*a[1][0] + th2*(a[2][0]+th*a[3][0])) + th4*((a[4][0]+th*a[5][0])+th2*(a[6][0]+th*a[7][0]))
	y = (a[0][1] + th*a[1][1] + th2*(a[2][1]+th*a[3][1])) + th4*((a[4][1]+th*a[5][1])+th2*(a[6][1]+th*a[7][1]))
	z = (a[0][2] + th*a[1][2] + th2*(a[2][2]+th*a[3][2])) + th4*((a[4][2]+th*a[5][2])+th2*(a[6][2]+th*a[7][2]))
	return x, y, z
}

// monomial returns the power-basis coefficients of DOP853's dense-output
// polynomial (see interp8), expanding it from the innermost factor out.
func monomial(r0, r1, r2, r3, r4, r5, r6, r7 float64) [8]float64 {
	var p [8]float64
	p[0] = r7
	deg := 0
	// Multiply by θ (shift) or by 1−θ (p − shift p), then add r.
	mul := func(oneMinus bool, r float64) {
		var q [8]float64
		for j := 0; j <= deg; j++ {
			if oneMinus {
				q[j] += p[j]
				q[j+1] -= p[j]
			} else {
				q[j+1] += p[j]
			}
		}
		deg++
		q[0] += r
		p = q
	}
	mul(false, r6)
	mul(true, r5)
	mul(false, r4)
	mul(true, r3)
	mul(false, r2)
	mul(true, r1)
	mul(false, r0)
	return p
}
