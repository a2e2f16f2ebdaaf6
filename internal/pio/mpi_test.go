//go:build mpi

package pio

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// workerEnv, when set, makes the test binary an MPI program: launched on
// several ranks by a test, it runs the round trip in the named directory
// instead of the tests.
const workerEnv = "PIO_TEST_ROUNDTRIP_DIR"

func TestMain(m *testing.M) {
	if sc := os.Getenv(knobsEnv); sc != "" {
		os.Exit(knobsWorker(sc, os.Getenv(workerEnv)))
	}
	if dir := os.Getenv(workerEnv); dir != "" {
		if err := mpi.Init(); err != nil {
			fail(err)
		}
		if err := roundTrip(dir); err != nil {
			fail(err)
		}
		mpi.Finalize()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRoundTripRanks(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 7} {
		t.Run(fmt.Sprintf("%d ranks", n), func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(workerEnv, dir)
			t.Setenv(HintsEnv, "cb_buffer_size=1048576,romio_cb_read=enable")
			mpitest.MustRun(t, n, 2*time.Minute, dir, os.Args[0])
			checkRoundTrip(t, dir, n)
		})
	}
}
