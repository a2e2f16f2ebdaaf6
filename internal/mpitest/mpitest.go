// Package mpitest runs h5mpi programs on several MPI ranks from Go tests.
//
// Ranks are started through scripts/run.sh, the same launcher users run,
// so the tests exercise it too; MPI=openmpi|mpich in the environment
// chooses the MPI. Every run has a deadline: a job that hangs fails its
// test instead of hanging the suite. A missing launcher fails the test;
// it never skips it.
package mpitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Root is the repository's top directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Build builds the packages (import paths or ./cmd/NAME relative to Root)
// with real MPI into dir, with the environment the test runs in (which
// scripts/test.sh has set up for cgo), their version stamped as
// scripts/build.sh stamps it (see Stamp).
func Build(dir string, pkgs ...string) error {
	args := []string{"build", "-tags", "mpi", "-o", dir + string(os.PathSeparator)}
	if v, err := Stamp(); err == nil {
		args = append(args, "-ldflags", "-X "+VersionVar+"="+v)
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = Root()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %v: %v\n%s", args, err, out)
	}
	// As scripts/build.sh does: record the MPI, for the launchers.
	if m := os.Getenv("MPI"); m != "" && m != "auto" {
		return os.WriteFile(filepath.Join(dir, ".mpi"), []byte(m+"\n"), 0o644)
	}
	return nil
}

// VersionVar is the variable that -ldflags -X stamps with the version.
const VersionVar = "github.com/h5mpi/h5mpi/internal/job.Version"

var stamp struct {
	once sync.Once
	v    string
	err  error
}

// Stamp is the version Build stamps into programs: the repository's
// git describe --always --dirty --tags, as scripts/build.sh has it. It is
// worked out once per test process, so a test compares its programs'
// version with the very string they were built with, even if the work
// tree changes meanwhile. Without git, Build stamps nothing (the programs
// say "devel") and Stamp returns the error.
func Stamp() (string, error) {
	stamp.once.Do(func() {
		cmd := exec.Command("git", "describe", "--always", "--dirty", "--tags")
		cmd.Dir = Root()
		out, err := cmd.Output()
		stamp.v = strings.TrimSpace(string(out))
		switch {
		case err != nil:
			stamp.err = fmt.Errorf("git describe: %v", err)
		case stamp.v == "":
			stamp.err = fmt.Errorf("git describe: no output")
		}
	})
	return stamp.v, stamp.err
}

// Result is what one run printed and how it ended.
type Result struct {
	Stdout, Stderr string
	Code           int // exit status; -1 if killed
	Elapsed        time.Duration
	TimedOut       bool
}

// Command returns the command that starts prog with args on n ranks in
// directory dir, through scripts/run.sh, in a process group of its own
// (so that a signal can reach the launcher and its ranks together), with
// ctx ending it and every rank.
func Command(ctx context.Context, t testing.TB, n int, dir, prog string, args ...string) *exec.Cmd {
	t.Helper()
	script := filepath.Join(Root(), "scripts", "run.sh")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("launcher: %v", err)
	}
	cmd := exec.CommandContext(ctx, "bash", append([]string{script, fmt.Sprint(n), prog}, args...)...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// Run starts prog with args on n ranks in directory dir and waits at most
// timeout. It fails t only if the launcher cannot be started or the run
// times out; the caller judges the exit status.
func Run(t testing.TB, n int, timeout time.Duration, dir, prog string, args ...string) Result {
	t.Helper()
	r, err := Launch(t, n, timeout, dir, prog, args...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Launch is Run for goroutines other than the test's: a hang or a
// launcher that cannot start comes back as an error instead of failing t.
func Launch(t testing.TB, n int, timeout time.Duration, dir, prog string, args ...string) (Result, error) {
	t.Helper()
	return launch(t, n, timeout, dir, nil, prog, args...)
}

// RunEnv is Run with env (NAME=value) added to the environment.
func RunEnv(t testing.TB, n int, timeout time.Duration, dir string, env []string, prog string, args ...string) Result {
	t.Helper()
	r, err := launch(t, n, timeout, dir, env, prog, args...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// LauncherGrace, in the env of RunEnv or LaunchEnv, gives a run Open
// MPI's own grace (1 s from SIGTERM to SIGKILL) for the ranks left when
// mpirun ends a failed job, as users' jobs have it. Runs without it are
// given none: mpirun waits out that grace twice even when every rank has
// already exited, which made each failing launch 2 s longer (0.1 s
// without), and most tests of failures judge statuses, messages and
// files, which the ranks settle before they exit. MPICH's launcher keeps
// no grace at all, so the suite sees both. The tests of the launcher's
// own behaviour (many ranks failing at once, signals) keep it.
const LauncherGrace = "OMPI_MCA_odls_base_sigkill_timeout=1"

// noGrace is the setting of runs without LauncherGrace.
const noGrace = "OMPI_MCA_odls_base_sigkill_timeout=0"

// LaunchEnv is Launch with env (NAME=value) added to the environment.
func LaunchEnv(t testing.TB, n int, timeout time.Duration, dir string, env []string, prog string, args ...string) (Result, error) {
	t.Helper()
	return launch(t, n, timeout, dir, env, prog, args...)
}

func launch(t testing.TB, n int, timeout time.Duration, dir string, env []string, prog string, args ...string) (Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := Command(ctx, t, n, dir, prog, args...)
	cmd.Env = append(cmd.Environ(), noGrace)
	cmd.Env = append(cmd.Env, env...)
	what := fmt.Sprintf("%d ranks of %s %v", n, prog, args)
	return wait(ctx, cmd, what, timeout)
}

// Exec starts prog with args as one process with no launcher behind it,
// as a user starting it by hand does, with env added to the environment,
// in directory dir, and waits at most timeout. For what a program settles
// before MPI starts (its flags, its environment), the same on any number
// of ranks: a launch costs about 100 times as much.
func Exec(t testing.TB, timeout time.Duration, dir string, env []string, prog string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	r, err := wait(ctx, cmd, fmt.Sprintf("%s %v, started alone", prog, args), timeout)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wait runs cmd, which ctx ends, and collects its Result.
func wait(ctx context.Context, cmd *exec.Cmd, what string, timeout time.Duration) (Result, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: stdout.String(), Stderr: stderr.String(), Elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.TimedOut, r.Code = true, -1
		return r, fmt.Errorf("%s: no end after %v (hang)\nstdout:\n%s\nstderr:\n%s", what, timeout, r.Stdout, r.Stderr)
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		return r, fmt.Errorf("%s: %v", what, err)
	}
	return r, nil
}

// MustRun is Run for a run that must succeed.
func MustRun(t testing.TB, n int, timeout time.Duration, dir, prog string, args ...string) Result {
	t.Helper()
	r := Run(t, n, timeout, dir, prog, args...)
	if r.Code != 0 {
		t.Fatalf("%d ranks of %s %v: exit status %d\nstdout:\n%s\nstderr:\n%s", n, prog, args, r.Code, r.Stdout, r.Stderr)
	}
	return r
}

// Main is a TestMain body for the tests of one command: it builds the
// package pkg (such as "./cmd/h5write") with real MPI into a temporary
// directory, sets *bin to the executable, runs the tests, removes the
// build and returns the status TestMain ends with.
func Main(m *testing.M, pkg string, bin *string) int {
	dir, err := os.MkdirTemp("", "h5mpi-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := Build(dir, pkg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	*bin = filepath.Join(dir, filepath.Base(pkg))
	return m.Run()
}

// Files lists the names in dir, sorted: what a run left there.
func Files(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
