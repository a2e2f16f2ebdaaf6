//go:build mpi

package galaxy

import (
	"fmt"
	"os"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// TestMain makes the test binary an MPI program when a worker's
// environment variable is set: launched on several ranks by a test or a
// benchmark, it runs that worker instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv(answerWorkerEnv) != "" {
		if err := mpi.Init(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := answerWorker(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			mpi.World.Abort(1)
			os.Exit(1)
		}
		mpi.Finalize()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
