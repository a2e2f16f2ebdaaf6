//go:build cluster

package slurm_test

// Helpers of the tests: submitting a script, waiting for its job, and
// reading what Slurm says of it.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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
	// The jobs' temporary files (Open MPI's session directories among
	// them) on each node's own /tmp, as on a real cluster, not in the
	// directory all nodes share that the test process writes to.
	cmd.Env = append(append(os.Environ(), "TMPDIR=/tmp"), env...)
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

// submit submits a script of this directory, waits for the job to end
// and returns its id, its exit status and its log.
func submit(t *testing.T, dir string, env []string, script string, args ...string) (id string, code int, log string) {
	t.Helper()
	return submitPath(t, dir, env, nil, filepath.Join(root, "slurm", script), args...)
}

// submitOpts is submit with sbatch options before the script.
func submitOpts(t *testing.T, dir string, env, opts []string, script string, args ...string) (id string, code int, log string) {
	t.Helper()
	return submitPath(t, dir, env, opts, filepath.Join(root, "slurm", script), args...)
}

// submitPath submits the script at path (absolute, or relative to dir)
// with sbatch options opts before it and arguments args after, from dir,
// and waits for its job: see ended. A job whose rank crashed inside Open
// MPI's MPI_Init (see crashedInMPIInit) is submitted once more, and the
// test log says so: that crash comes before the program has done
// anything, so it is not the behaviour under test. (The job's other
// ranks, left waiting in MPI_Init, quit after H5MPI_INIT_LIMIT: what
// testClusterInitDeath checks.)
func submitPath(t *testing.T, dir string, env, opts []string, path string, args ...string) (id string, code int, log string) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		id = sbatch(t, dir, env, opts, path, args...)
		code, log = ended(t, dir, id, path)
		if attempt > 1 || code == 0 || !(crashedInMPIInit(log) || stuckInMPIInit(log)) {
			return id, code, log
		}
		t.Logf("job %s: a rank crashed in MPI_Init, or the ranks gave up waiting in it, before the program began; submitting again", id)
	}
}

// sbatch submits the script at path as submitPath does and returns the
// job's id at once.
func sbatch(t *testing.T, dir string, env, opts []string, path string, args ...string) string {
	t.Helper()
	argv := append(append(append([]string{"--parsable"}, opts...), path), args...)
	out, code := command(t, dir, env, "sbatch", argv...)
	// The output is stdout and stderr together: the id's line (ID or
	// ID;CLUSTER), not the first, which a warning could be.
	m := parsableID.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("sbatch %v: status %d, no job id in:\n%s", argv, code, out)
	}
	return m[1]
}

// ended waits for job id, of the script at path submitted from dir, to
// end, and returns its exit status (ExitCode's first figure) and its log
// (NAME-ID.out in dir, as the scripts' -o %x-%j.out names it). It polls
// squeue twice a second rather than use sbatch --wait, whose polls grow
// to half a minute apart.
func ended(t *testing.T, dir, id, path string) (code int, log string) {
	t.Helper()
	name := strings.TrimSuffix(filepath.Base(path), ".sbatch")
	out := filepath.Join(dir, fmt.Sprintf("%s-%s.out", name, id))
	if !gone(t, id, 5*time.Minute) {
		// What the hung job printed says where it stopped.
		b, _ := os.ReadFile(out)
		t.Fatalf("job %s still running after %v, cancelled; its log:\n%s", id, 5*time.Minute, b)
	}
	code, err := strconv.Atoi(strings.Split(field(t, id, "ExitCode"), ":")[0])
	if err != nil {
		t.Fatalf("job %s: ExitCode %s", id, field(t, id, "ExitCode"))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("job %s log: %v", id, err)
	}
	return code, string(b)
}

// waitGone waits until squeue no longer lists job id (its processes have
// ended), failing the test after limit: a job that long is hung.
func waitGone(t *testing.T, id string, limit time.Duration) {
	t.Helper()
	if !gone(t, id, limit) {
		t.Fatalf("job %s still running after %v, cancelled", id, limit)
	}
}

// gone waits until squeue no longer lists job id, and reports whether it
// went within limit; if not, it cancels the job.
func gone(t *testing.T, id string, limit time.Duration) bool {
	t.Helper()
	for start := time.Now(); ; time.Sleep(500 * time.Millisecond) {
		out, code := command(t, ".", nil, "squeue", "-h", "-j", id, "-o", "%T")
		if code == 0 && strings.TrimSpace(out) == "" {
			return true
		}
		if time.Since(start) > limit {
			t.Logf("job %s still listed after %v: %s", id, limit, strings.TrimSpace(out))
			command(t, ".", nil, "scancel", id)
			return false
		}
	}
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

// completed fails the test unless the job ended COMPLETED with status 0.
func completed(t *testing.T, id string, code int, log string) {
	t.Helper()
	if s := field(t, id, "JobState"); code != 0 || s != "COMPLETED" {
		t.Fatalf("job %s: exit status %d, state %s\n%s", id, code, s, log)
	}
}

// waitLog waits until the log of job id (file, in dir) holds every one of
// want, failing the test if the job ends first or after limit.
func waitLog(t *testing.T, dir, id, file string, limit time.Duration, want ...string) {
	t.Helper()
	if state, log := awaitLog(t, dir, id, file, limit, want...); state != "" {
		t.Fatalf("job %s %s before its log said %q:\n%s", id, state, want, log)
	}
}

// awaitLog is waitLog that returns, instead of failing, when the job ends
// first: its state and its log then, "" once the log holds all of want.
func awaitLog(t *testing.T, dir, id, file string, limit time.Duration, want ...string) (state, log string) {
	t.Helper()
	return await(t, dir, id, file, limit, fmt.Sprintf("its log to say %q", want), func(log string) bool {
		for _, w := range want {
			if !strings.Contains(log, w) {
				return false
			}
		}
		return true
	})
}

// await is awaitLog for any condition, given the log as it stands: what
// describes it.
func await(t *testing.T, dir, id, file string, limit time.Duration, what string, says func(log string) bool) (state, log string) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(200 * time.Millisecond) {
		b, _ := os.ReadFile(filepath.Join(dir, file))
		if says(string(b)) {
			return "", string(b)
		}
		if s := field(t, id, "JobState"); s != "PENDING" && s != "RUNNING" {
			b, _ = os.ReadFile(filepath.Join(dir, file))
			return s, string(b)
		}
		if time.Since(start) > limit {
			command(t, dir, nil, "scancel", id)
			t.Fatalf("job %s: waited %v for %s; its log:\n%s", id, limit, what, b)
		}
	}
}

// crashedInMPIInit reports whether a job's log shows a rank that died
// inside MPI_Init: before the program did anything of its own. Open MPI
// 4.1's ranks, started by srun on the namespace nodes of an overloaded
// machine, do so now and then (SIGSEGV at address 0, after a shared
// memory segment not found or a TCP connect that "failed" with
// EINPROGRESS: open-mpi/ompi#11508 traces such failures to connection
// timeouts outside Open MPI's control).
func crashedInMPIInit(log string) bool {
	return strings.Contains(log, "_Cfunc_MPI_Init") && strings.Contains(log, "SIGSEGV")
}

// stuckInMPIInit reports whether a job's ranks quit waiting in MPI_Init
// (H5MPI_INIT_LIMIT): a rank crashed there (crashedInMPIInit) or the
// step daemons' start-up exchange failed, as it did once for a 42-rank
// job of an overloaded machine ("slurm_receive_msgs ... Socket timed out
// on send/recv operation"), before the program did anything of its own.
func stuckInMPIInit(log string) bool {
	return strings.Contains(log, "MPI_Init has not returned after")
}
