//go:build mpi

package contract

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// usageRuns is how many 42-rank launches each program gets. The hang
// this guards against (many ranks exiting non-zero outside MPI) struck
// about one launch in two, and its cause lies in what every program
// shares (package cli and the launcher): the 20 launches of the five
// programs miss it with probability 2^-20, and each program's own start
// is tried 4 times (missed with probability 1/16); -short keeps 2 each.
// scripts/soak.sh repeats them as long as one likes.
func usageRuns() int {
	if testing.Short() {
		return 2
	}
	return 4
}

// A usage error ends the job with status 2 and the usage printed once,
// at 42 ranks, every time: never a hang.
func TestUsageAt42Ranks(t *testing.T) {
	bad := map[string][]string{
		"hello":   {"-bogus"},
		"h5write": {"-per-rank", "0"},
		"galaxy":  {"-n", "0"},
		"h5stats": {"-chunk", "-1", "a.h5:x"},
		"animate": {"-size", "0x0"},
	}
	runs := usageRuns()
	if v, err := strconv.Atoi(os.Getenv("H5MPI_USAGE_RUNS")); err == nil && v > 0 {
		runs = v // a soak: as many as one likes
	}
	dir := t.TempDir()
	// Three launches at a time: a launch mostly waits (for mpirun, and for
	// the first rank's second of lingering), and this keeps the 250 of
	// them within a few minutes.
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, p := range programs {
		for i := 0; i < runs; i++ {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				r, err := mpitest.LaunchEnv(t, 42, 60*time.Second, dir, []string{mpitest.LauncherGrace}, bins[p], bad[p]...)
				if err != nil {
					t.Errorf("%s, run %d: %v", p, i, err)
					return
				}
				if r.Code != 2 {
					t.Errorf("%s %v on 42 ranks, run %d: status %d, want 2\n%s", p, bad[p], i, r.Code, r.Stderr)
				}
				if n := strings.Count(r.Stderr, "usage: "+p); n != 1 {
					t.Errorf("%s %v on 42 ranks, run %d: usage printed %d times, want once\n%s", p, bad[p], i, n, r.Stderr)
				}
			}()
		}
	}
	wg.Wait()
	noneLeft(t, dir)
}
