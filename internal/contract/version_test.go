//go:build mpi

package contract

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// -version prints one line, on the first rank only, naming the program,
// the version stamped at build time and the libraries; every rank exits
// 0, before MPI starts and without touching a file.
func TestVersion(t *testing.T) {
	stamp, err := mpitest.Stamp()
	if err != nil {
		t.Fatal(err)
	}
	libs := "MPI: .+; HDF5 1\\." // animate too: it never starts MPI, but links it through pio
	for _, p := range programs {
		dir := t.TempDir()
		r := mpitest.Run(t, 3, time.Minute, dir, bins[p], "-version")
		want := regexp.MustCompile("^" + p + " h5mpi " + regexp.QuoteMeta(stamp) + ` \(` + libs + `[0-9.]+\)` + "\n$")
		if r.Code != 0 || !want.MatchString(r.Stdout) {
			t.Errorf("%s -version on 3 ranks: status %d, stdout %q; want 0 and one line matching %s\nstderr:\n%s", p, r.Code, r.Stdout, want, r.Stderr)
		}
		if strings.Contains(r.Stderr, "usage") {
			t.Errorf("%s -version: usage printed:\n%s", p, r.Stderr)
		}
		noneLeft(t, dir)
	}
}
