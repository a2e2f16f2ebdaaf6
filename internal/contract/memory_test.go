//go:build mpi

package contract

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// A table too wide for the memory a rank may use is refused up front,
// with the figure and what to change, however few its rows: every rank
// holds every column's statistics. Here (2, 4M) float64 under a 2 GiB
// RLIMIT_AS, which the read buffers alone (96 MiB) fit.
func TestWideTableMemory(t *testing.T) {
	dir := t.TempDir()
	const cols = 4 << 20
	h5test.MustWrite(t, filepath.Join(dir, "wide.h5"), h5test.Dataset{Name: "x", Dims: []uint{2, cols}, Data: make([]float64, 2*cols)})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "prlimit", "--as=2147483648", "bash", filepath.Join(mpitest.Root(), "scripts", "run.sh"), "2", bins["h5stats"], "wide.h5:x")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("no end within 2 minutes:\n%s", out)
	}
	code := cmd.ProcessState.ExitCode()
	if err != nil && code < 0 {
		t.Fatal(err)
	}
	msg := string(out)
	if code != 1 || !strings.Contains(msg, "of statistics for each column") || !strings.Contains(msg, "lower the ranks per node") ||
		strings.Contains(msg, "fatal error") || strings.Contains(msg, "goroutine") {
		t.Errorf("status %d, want 1 with a message naming the statistics' memory and what to change:\n%.3000s", code, msg)
	}
}
