//go:build mpi

package contract

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// run is one launch of a pair, with when it ended.
type run struct {
	mpitest.Result
	err error
	end time.Time
}

// pair starts a, then b after delay, both on 2 ranks in dir, and waits
// for both.
func pair(t *testing.T, dir string, delay time.Duration, prog string, a, b []string) (ra, rb run) {
	var wg sync.WaitGroup
	start := func(r *run, args []string) {
		defer wg.Done()
		r.Result, r.err = mpitest.Launch(t, 2, 3*time.Minute, dir, bins[prog], args...)
		r.end = time.Now()
	}
	wg.Add(2)
	go start(&ra, a)
	time.Sleep(delay)
	go start(&rb, b)
	wg.Wait()
	return ra, rb
}

// Two runs aimed at one output, started 0 to 1.8 s apart (rounds 200 ms
// apart; 400 ms with -short), so that the second meets the first at each
// of its stages, from its claim to its commit: the final name holds
// exactly one run's complete file, a run that reports
// success has its file there (or a later run's, if both succeeded one
// after the other), and a refused run says who holds the output.
func TestTwoWriters(t *testing.T) {
	for _, tc := range []struct {
		prog    string
		a, b    []string
		success string
		same    func(t *testing.T, path string, args []string) bool
	}{
		{"galaxy", []string{"-n", "300", "-seed", "1", "-o", "same.h5"}, []string{"-n", "300", "-seed", "2", "-o", "same.h5"},
			"Success!", sameGalaxy},
		{"h5write", []string{"-per-rank", "4000000", "-o", "same.h5"}, []string{"-per-rank", "6000000", "-o", "same.h5"},
			"MPI ranks have finished writing!", ranksPattern},
	} {
		t.Run(tc.prog, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ref := map[string]string{} // args → reference file, for galaxy
			if tc.prog == "galaxy" {
				for _, args := range [][]string{tc.a, tc.b} {
					out := "ref" + args[3] + ".h5"
					mpitest.MustRun(t, 2, 3*time.Minute, dir, bins["galaxy"], append(args[:4:4], "-o", out)...)
					ref[strings.Join(args, " ")] = filepath.Join(dir, out)
				}
				refs.Store(ref)
			}
			refused := 0
			rounds, every := 10, 200*time.Millisecond
			if testing.Short() {
				rounds, every = 5, 400*time.Millisecond
			}
			for i := 0; i < rounds; i++ {
				delay := time.Duration(i) * every
				ra, rb := pair(t, dir, delay, tc.prog, tc.a, tc.b)
				for _, r := range []run{ra, rb} {
					if r.err != nil {
						t.Fatalf("round %d (%v apart): %v", i, delay, r.err)
					}
				}
				ok := func(r run) bool { return r.Code == 0 && strings.Contains(r.Stdout, tc.success) }
				for k, r := range []run{ra, rb} {
					switch {
					case ok(r):
					case r.Code != 0 && strings.Contains(r.Stderr, "is being written by another run") && !strings.Contains(r.Stdout, tc.success):
						refused++
					default:
						t.Fatalf("round %d (%v apart), run %c: status %d, neither a success nor a refusal\nstdout:\n%s\nstderr:\n%s",
							i, delay, 'a'+k, r.Code, r.Stdout, r.Stderr)
					}
				}
				path := filepath.Join(dir, "same.h5")
				var want []string // the run whose file must be there
				switch {
				case ok(ra) && ok(rb) && ra.end.Before(rb.end):
					want = tc.b
				case ok(ra) && ok(rb):
					want = tc.a
				case ok(ra):
					want = tc.a
				case ok(rb):
					want = tc.b
				default:
					t.Fatalf("round %d: both runs failed", i)
				}
				if !tc.same(t, path, want) {
					t.Fatalf("round %d (%v apart): %s does not hold the file of %v (a: status %d, b: status %d)", i, delay, path, want, ra.Code, rb.Code)
				}
				noneLeft(t, dir, "same.h5", "ref1.h5", "ref2.h5")
			}
			if refused == 0 {
				t.Errorf("%d rounds, no run refused: the runs never overlapped, so nothing was tested", rounds)
			}
			t.Logf("%s: %d of %d runs refused", tc.prog, refused, 2*rounds)
		})
	}
}

var refs atomic.Value // map[string]string: galaxy's reference files

// sameGalaxy: path holds, bit for bit, the particles of the run args.
func sameGalaxy(t *testing.T, path string, args []string) bool {
	want, _, err := h5test.ReadFloat64(refs.Load().(map[string]string)[strings.Join(args, " ")], "pos_pt")
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := h5test.ReadFloat64(path, "pos_pt")
	if err != nil || len(got) != len(want) {
		t.Logf("%s: %v (%d values, want %d)", path, err, len(got), len(want))
		return false
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Logf("%s: pos_pt[%d] = %v, want %v", path, i, got[i], want[i])
			return false
		}
	}
	return true
}

// ranksPattern: path holds h5write's pattern for -per-rank args[1] on 2
// ranks, every element.
func ranksPattern(t *testing.T, path string, args []string) bool {
	var per int
	fmt.Sscan(args[1], &per)
	v, dims, err := h5test.ReadInt32(path, "test")
	if err != nil || len(dims) != 1 || int(dims[0]) != 2*per {
		t.Logf("%s: %v, shape %v, want [%d]", path, err, dims, 2*per)
		return false
	}
	for i, x := range v {
		if int(x) != i/per {
			t.Logf("%s: test[%d] = %v, want %d", path, i, x, i/per)
			return false
		}
	}
	return true
}
