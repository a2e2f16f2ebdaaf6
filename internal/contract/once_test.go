//go:build mpi

package contract

import (
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// An error every rank would meet (an input that is not there) is said
// once, by rank 0, not once per rank.
func TestMissingInputOnce(t *testing.T) {
	for _, c := range [][]string{
		{"h5stats", "missing.h5:x"},
		{"galaxy", "-ic", "missing.h5", "-o", "g.h5"},
	} {
		dir := t.TempDir()
		r := mpitest.Run(t, 4, time.Minute, dir, bins[c[0]], c[1:]...)
		if want := "open missing.h5: no such file or directory"; r.Code != 1 || strings.Count(r.Stderr, want) != 1 || !strings.Contains(r.Stderr, c[0]+": rank 0: ") {
			t.Errorf("%v on 4 ranks: status %d, want 1 and %q once, from rank 0:\n%s", c, r.Code, want, r.Stderr)
		}
		noneLeft(t, dir)
	}
}
