//go:build slurm || cluster

package slurm_test

// Helpers of the one-node tests (slurm_test.go, tag slurm) and of the
// multi-node ones (cluster_test.go, tag cluster). The two tags are used
// one at a time: each has its own TestMain, starting its own Slurm.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

var root = mpitest.Root()

// command runs name with args in dir with a deadline, returning its
// combined output and exit status.
func command(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %v: no end after 5 minutes\n%s", name, args, out)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out), code
}

// parsableID is the job id in the output of sbatch --parsable.
var parsableID = regexp.MustCompile(`(?m)^(\d+)(?:;\S*)?$`)

var jobID = regexp.MustCompile(`Submitted batch job (\d+)`)

// submit runs sbatch --wait on a script of this directory and returns the
// job id, sbatch's exit status and the job's log.
func submit(t *testing.T, dir string, env []string, script string, args ...string) (id string, code int, log string) {
	t.Helper()
	return submitPath(t, dir, env, filepath.Join(root, "slurm", script), args...)
}

// submitPath is submit for the script at path (absolute, or relative to
// dir).
func submitPath(t *testing.T, dir string, env []string, path string, args ...string) (id string, code int, log string) {
	t.Helper()
	out, code := command(t, dir, env, "sbatch", append([]string{"--wait", path}, args...)...)
	m := jobID.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("sbatch %s: no job id in:\n%s", path, out)
	}
	name := strings.TrimSuffix(filepath.Base(path), ".sbatch")
	b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%s-%s.out", name, m[1])))
	if err != nil {
		t.Fatalf("job %s log: %v", m[1], err)
	}
	return m[1], code, string(b)
}

// field returns a field of `scontrol show job ID`, such as JobState.
func field(t *testing.T, id, name string) string {
	t.Helper()
	out, code := command(t, ".", nil, "scontrol", "show", "job", id)
	if code != 0 {
		t.Fatalf("scontrol show job %s: status %d\n%s", id, code, out)
	}
	m := regexp.MustCompile(`\b` + name + `=(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("job %s has no %s:\n%s", id, name, out)
	}
	return m[1]
}
