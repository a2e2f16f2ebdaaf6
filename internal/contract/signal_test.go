//go:build mpi

package contract

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// A SIGTERM that reaches the launcher and every rank just after the
// output was committed and Success! printed does not turn the run into a
// failure: the status says what happened.
func TestSignalAfterCommit(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 8; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := mpitest.Command(ctx, t, 2, dir, bins["galaxy"], "-n", "40", "-steps", "300", "-o", "g.h5")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		os.Remove(filepath.Join(dir, "g.h5"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		success := false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "Success!" && !success {
				success = true
				syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // the whole job, as Ctrl-C or scancel
			}
		}
		err = cmd.Wait()
		cancel()
		var ee *exec.ExitError
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if !success {
			t.Fatalf("run %d: no Success! (status %d)\n%s", i, code, stderr.String())
		}
		if code != 0 {
			t.Errorf("run %d: SIGTERM after Success!: status %d, want 0\nstderr:\n%s", i, code, stderr.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "g.h5")); err != nil {
			t.Errorf("run %d: Success! printed but %v", i, err)
		}
		noneLeft(t, dir, "g.h5")
	}
}
