package nbody

import (
	"fmt"
	"sort"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// BenchmarkTolerances is the table that chooses the default tolerances:
// for each Rtol (Atol = 10·Rtol, as the defaults), the end-position
// errors of the nucleus and of the median and 90th-percentile particle of
// the first 200 particles of the default run against refOptions, and the
// cost: right-hand-side evaluations per particle (exact, independent of
// the machine's load) and ns per particle-sample in lanes. The default
// must keep the nucleus under 1.4 m and the median particle under 3 m,
// ten times better than odeint (14 m, 30 m; TestDefaultAccuracy), with
// margin. Run with -bench Tolerances -benchtime 1x.
func BenchmarkTolerances(b *testing.B) {
	const np = 200
	m := Default()
	times := TimeGrid(DefaultEnd, DefaultSamples)
	last := len(times) - 1
	row := 3 * len(times)
	idx := make([]int, np)
	for k := range idx {
		idx[k] = k
	}
	p0 := defaultStarts(m, idx)
	ends := func(opt Options) (*Track, []r3.Vec, []Stats) {
		tr := mustTrack(b, m, times, opt)
		pos, vel, st := make([]float64, np*row), make([]float64, np*row), make([]Stats, np)
		if n, err := m.ParticlesRows(tr, p0, times, opt, pos, vel, st, nil); err != nil || n != np {
			b.Fatalf("%d of %d particles: %v", n, np, err)
		}
		e := make([]r3.Vec, np)
		for k := range e {
			j := k*row + 3*last
			e[k] = r3.Vec{X: pos[j], Y: pos[j+1], Z: pos[j+2]}
		}
		return tr, e, st
	}
	refTr, ref, _ := ends(refOptions)
	for _, rtol := range []float64{1e-9, 5e-10, 3e-10, 2e-10, 1e-10, 5e-11} {
		opt := Options{Rtol: rtol, Atol: 10 * rtol, MaxSteps: DefaultMaxSteps}
		b.Run(fmt.Sprintf("rtol=%g", rtol), func(b *testing.B) {
			var tr *Track
			var e []r3.Vec
			var st []Stats
			for n := 0; n < b.N; n++ {
				tr, e, st = ends(opt)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*np*len(times)), "ns/particle-sample")
			d := make([]float64, np)
			var evals int64
			for k := range d {
				d[k] = r3.Norm(r3.Sub(e[k], ref[k]))
				evals += st[k].Evals
			}
			sort.Float64s(d)
			b.ReportMetric(r3.Norm(r3.Sub(tr.Samples()[last].Pos, refTr.Samples()[last].Pos)), "m-nucleus")
			b.ReportMetric(d[np/2], "m-median")
			b.ReportMetric(d[np*9/10], "m-p90")
			b.ReportMetric(float64(evals)/np, "evals/particle")
		})
	}
}
