package sched_test

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"

	"github.com/h5mpi/h5mpi/internal/nbody"
)

// measured returns the right-hand-side evaluations of each of the 20000
// particles of seed 1 at the default settings: galaxy's evals_pt, from
//
//	scripts/run.sh 2 bin/galaxy -n 20000 -o e.h5
//	h5dump -d evals_pt -y -w 0 e.h5 (the values, one per line, gzipped)
func measured(t testing.TB) []float64 {
	f, err := os.Open("testdata/evals-seed1-n20000.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var v []float64
	s := bufio.NewScanner(z)
	for s.Scan() {
		x, err := strconv.ParseFloat(s.Text(), 64)
		if err != nil {
			t.Fatal(err)
		}
		v = append(v, x)
	}
	if len(v) != 20000 {
		t.Fatalf("%d costs, want 20000", len(v))
	}
	return v
}

// difficulty of particle i of seed 1; for i beyond the measured ones, of
// the measured particle whose cost it repeats.
func difficulty(n int) func(i int32) float64 {
	m := nbody.Default()
	nuc := m.NucleusStart()
	return func(i int32) float64 { return m.Difficulty(m.ParticleStart(nbody.DefaultSeed, int(i)%n, nuc), nuc) }
}

// repeat returns n costs, the measured ones over and over.
func repeat(base []float64, n int) []float64 {
	cost := make([]float64, n)
	for i := range cost {
		cost[i] = base[i%len(base)]
	}
	return cost
}

// latency is the time a rank waits for an answer from rank 0, in
// evaluations (about 40 ns each): 100 µs, above what galaxy measures on
// one node (BENCHMARKS.md).
const latency = 2500

// The policy reaches the figures on measured costs: efficiency
// 0.95 or more where no particle costs more than a rank's fair share, and
// within 5% of the bound where one does.
func TestEfficiency(t *testing.T) {
	base := measured(t)
	for _, n := range []int{20000, 1000000} {
		cost := repeat(base, n)
		order := sched.Order(sched.All(n), difficulty(len(base)))
		for _, p := range []int{2, 8, 42, 128, 512, 1024} {
			for _, lat := range []float64{0, latency} {
				r := sched.Simulate(cost, order, p, 64, lat)
				t.Logf("N %d latency %v: %v", n, lat, r)
				if r.Efficiency < 0.95*r.Bound {
					t.Errorf("N %d latency %v: %v: want at least 0.95 of the bound", n, lat, r)
				}
			}
		}
	}
}

// BenchmarkSchedule prints the simulated efficiency of the policy beside
// that of a static split, for the measured costs.
func BenchmarkSchedule(b *testing.B) {
	base := measured(b)
	for _, n := range []int{20000, 1000000} {
		cost := repeat(base, n)
		order := sched.Order(sched.All(n), difficulty(len(base)))
		for _, p := range []int{8, 42, 128, 512, 1024} {
			b.Run(fmt.Sprintf("N=%d/P=%d", n, p), func(b *testing.B) {
				var r sched.Result
				for i := 0; i < b.N; i++ {
					r = sched.Simulate(cost, order, p, 64, latency)
				}
				b.ReportMetric(r.Efficiency, "efficiency")
				b.ReportMetric(r.Bound, "bound")
				b.ReportMetric(sched.Static(cost, p).Efficiency, "static")
			})
		}
	}
}
