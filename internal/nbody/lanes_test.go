package nbody

import (
	"errors"
	"math"
	"testing"
	"unsafe"
)

// scalarRows integrates each particle alone with ParticleRows.
func scalarRows(t *testing.T, m Model, tr *Track, p0 []State, times []float64, opt Options) (pos, vel []float64, st []Stats, errs []error) {
	t.Helper()
	row := 3 * len(times)
	pos, vel = make([]float64, row*len(p0)), make([]float64, row*len(p0))
	st, errs = make([]Stats, len(p0)), make([]error, len(p0))
	for k := range p0 {
		st[k], errs[k] = m.ParticleRows(tr, p0[k], times, opt, pos[k*row:(k+1)*row], vel[k*row:(k+1)*row])
	}
	return pos, vel, st, errs
}

// withKernels runs f with the Go kernels and with each kind of assembly
// kernels the CPU and build have.
func withKernels(t *testing.T, f func(t *testing.T)) {
	savedAsm, saved512 := useAsm, useAVX512
	defer func() { useAsm, useAVX512 = savedAsm, saved512 }()
	kinds := []struct {
		name      string
		ok        bool
		asm, w512 bool
	}{
		{"go", true, false, false},
		{"avx2", asmAvailable(), true, false},
		{"avx512", avx512Available(), true, true},
	}
	for _, k := range kinds {
		if !k.ok {
			t.Logf("no %s kernels on this CPU or build", k.name)
			continue
		}
		useAsm, useAVX512 = k.asm, k.w512
		t.Run(k.name, f)
	}
}

func sameBits(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}

func defaultStarts(m Model, idx []int) []State {
	p0 := make([]State, len(idx))
	for k, i := range idx {
		p0[k] = m.ParticleStart(DefaultSeed, i, m.NucleusStart())
	}
	return p0
}

func TestLanesMatchScalar(t *testing.T) {
	// Every particle of a batch gets the bits it gets alone, whatever its
	// lane and neighbours: the batch in order, reversed and shuffled, of
	// sizes that leave lanes idle.
	m, times, opt, tr := defaultRun(t, 300)
	n := 43
	if testing.Short() {
		n = 13
	}
	idx := make([]int, n)
	for k := range idx {
		idx[k] = k
	}
	orders := map[string][]int{"order": idx, "reversed": make([]int, n), "shuffled": make([]int, n), "one": {17}, "three": {5, 3, 41}}
	for k := range idx {
		orders["reversed"][k] = n - 1 - k
		orders["shuffled"][k] = (k * 7) % n
	}
	withKernels(t, func(t *testing.T) {
		for name, ord := range orders {
			p0 := defaultStarts(m, ord)
			pos, vel, st, _ := scalarRows(t, m, tr, p0, times, opt)
			row := 3 * len(times)
			gp, gv, gs := make([]float64, row*len(p0)), make([]float64, row*len(p0)), make([]Stats, len(p0))
			done, err := m.ParticlesRows(tr, p0, times, opt, gp, gv, gs, nil)
			if err != nil || done != len(p0) {
				t.Fatalf("%s: %d of %d done, error %v", name, done, len(p0), err)
			}
			if i := sameBits(pos, gp); i >= 0 {
				t.Errorf("%s: particle %d sample %d: position %v, alone %v", name, ord[i/row], i%row/3, gp[i], pos[i])
			}
			if i := sameBits(vel, gv); i >= 0 {
				t.Errorf("%s: particle %d sample %d: velocity %v, alone %v", name, ord[i/row], i%row/3, gv[i], vel[i])
			}
			for k := range st {
				if st[k] != gs[k] {
					t.Errorf("%s: particle %d: stats %+v, alone %+v", name, ord[k], gs[k], st[k])
				}
			}
		}
	})
}

func TestLanesErrors(t *testing.T) {
	// A particle that fails ends the batch: the particles before it are
	// complete, and its error is ParticleRows's.
	m, times, opt, tr := defaultRun(t, 50)
	p0 := defaultStarts(m, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	p0[9].Pos.X = math.NaN()
	withKernels(t, func(t *testing.T) {
		row := 3 * len(times)
		pos, vel, st := make([]float64, row*12), make([]float64, row*12), make([]Stats, 12)
		n, err := m.ParticlesRows(tr, p0, times, opt, pos, vel, st, nil)
		_, _, _, errs := scalarRows(t, m, tr, p0, times, opt)
		if n != 9 || err == nil || err.Error() != errs[9].Error() {
			t.Errorf("NaN start: %d done, error %v; want 9, %v", n, err, errs[9])
		}

		// A step limit that the third particle reaches first.
		lim := opt
		_, _, sst, _ := scalarRows(t, m, tr, p0[:3], times, opt)
		lim.MaxSteps = int(sst[2].Steps+sst[2].Rejected) - 1
		_, _, _, errs = scalarRows(t, m, tr, p0[:3], times, lim)
		n, err = m.ParticlesRows(tr, p0[:3], times, lim, pos, vel, st, nil)
		first := 0
		for first < 3 && errs[first] == nil {
			first++
		}
		if first == 3 {
			t.Fatalf("no particle reached %d steps", lim.MaxSteps)
		}
		if n != first || !errors.Is(err, ErrMaxSteps) || err.Error() != errs[first].Error() {
			t.Errorf("step limit: %d done, error %v; want %d, %v", n, err, first, errs[first])
		}
	})
}

func TestLanesStop(t *testing.T) {
	m, times, opt, tr := defaultRun(t, 20)
	p0 := defaultStarts(m, make([]int, 20))
	row := 3 * len(times)
	pos, vel, st := make([]float64, row*20), make([]float64, row*20), make([]Stats, 20)
	calls := 0
	n, err := m.ParticlesRows(tr, p0, times, opt, pos, vel, st, func() bool { calls++; return calls > 11 })
	if n != 11 || err != nil {
		t.Errorf("stopped after 11 starts: %d done, error %v", n, err)
	}
}

func TestLaneBlockLayout(t *testing.T) {
	// lanes_amd64.s addresses laneBlock by these offsets.
	var b laneBlock
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"k", unsafe.Offsetof(b.k), 0},
		{"y", unsafe.Offsetof(b.y), 12288},
		{"y1", unsafe.Offsetof(b.y1), 13056},
		{"seg", unsafe.Offsetof(b.seg), 20736},
		{"t0", unsafe.Offsetof(b.t0), 23808},
		{"invh", unsafe.Offsetof(b.invh), 23936},
		{"ts", unsafe.Offsetof(b.ts), 24064},
		{"h", unsafe.Offsetof(b.h), 24192},
		{"err5", unsafe.Offsetof(b.err5), 24448},
		{"err3", unsafe.Offsetof(b.err3), 24576},
		{"tol", unsafe.Offsetof(b.tol), 24704},
		{"gk", unsafe.Offsetof(b.gk), 24720},
		{"ecoef", unsafe.Offsetof(b.ecoef), 24736},
		{"t", unsafe.Offsetof(b.t), 24888},
		{"lo", unsafe.Offsetof(b.lo), 25016},
		{"hi", unsafe.Offsetof(b.hi), 25144},
		{"groups", unsafe.Offsetof(b.groups), 25272},
		{"segB", unsafe.Offsetof(b.segB), 25280},
		{"t0B", unsafe.Offsetof(b.t0B), 28352},
		{"invhB", unsafe.Offsetof(b.invhB), 28480},
		{"mid", unsafe.Offsetof(b.mid), 28608},
	} {
		if c.got != c.want {
			t.Errorf("laneBlock.%s at %d, want %d", c.name, c.got, c.want)
		}
	}
}
