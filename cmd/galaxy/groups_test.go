//go:build mpi

package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/galaxy"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// groups makes groups of k consecutive ranks, each with its dispenser
// in front of rank 0, on one node.
func groups(k int, env ...string) []string {
	return append([]string{fmt.Sprintf("%s=%d", galaxy.GroupSizeEnv, k)}, env...)
}

// With the tree, the datasets are those of a run on one rank, bit for
// bit: groups of 2 out of 3, 4 and 5 ranks (the last group of one rank,
// or of two), chunks of 1 and 7, the leaders asking rank 0; and with a
// dispenser per 2 groups ($H5MPI_GROUP_FAN=2), 7 ranks (rank 4 serves 5,
// 6 alone, and asks 0) and 8 in 3 levels (rank 7 asks 6, which asks 4,
// which asks 0).
func TestGroupsInvariance(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 1, dir, append(small, "-o", "r1.h5")...)
	for _, c := range []struct {
		ranks int
		chunk string
		fan   int
		tree  string // as the run says it
	}{
		{3, "7", 0, ""}, // a group of one rank is no dispenser: no tree
		{4, "1", 0, "2 dispensers hand out the work, in 2 levels"},
		{5, "7", 0, "2 dispensers hand out the work, in 2 levels"},
		{7, "7", 2, "3 dispensers hand out the work, in 2 levels"},
		{8, "3", 2, "4 dispensers hand out the work, in 3 levels"},
	} {
		out := fmt.Sprintf("g%d-%s-%d.h5", c.ranks, c.chunk, c.fan)
		env := groups(2)
		if c.fan > 0 {
			env = groups(2, fmt.Sprintf("%s=%d", galaxy.GroupFanEnv, c.fan))
		}
		r := mpitest.RunEnv(t, c.ranks, 3*time.Minute, dir, env, bin, append(small, "-o", out, "-chunk", c.chunk, "-progress")...)
		if r.Code != 0 || !strings.Contains(r.Stdout, "Success!") {
			t.Fatalf("%d ranks in groups of 2, fan %d: status %d\n%s\n%s", c.ranks, c.fan, r.Code, r.Stdout, r.Stderr)
		}
		if said := strings.Contains(r.Stderr, " dispensers hand out"); (c.tree == "" && said) || !strings.Contains(r.Stderr, "galaxy: "+c.tree) {
			t.Errorf("%d ranks in groups of 2, fan %d: the run does not say %q:\n%s", c.ranks, c.fan, c.tree, r.Stderr)
		}
		sameData(t, filepath.Join(dir, "r1.h5"), filepath.Join(dir, out))
	}
}

// With the tree in 2 levels, a run stopped by $H5MPI_STOP_AFTER (rank 0
// stops, the dispensers tell their kids) and resumed in another tree
// (the dispensers taking the particles left from rank 0) ends with the
// file of an uninterrupted run.
func TestGroupsStopAndResume(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(mid, "-o", "whole.h5")...)
	for _, after := range []int{1, 1000} {
		out := fmt.Sprintf("stop%d.h5", after)
		args := append(mid, "-o", out, "-chunk", "16")
		r := mpitest.RunEnv(t, 5, 3*time.Minute, dir, groups(2, fmt.Sprintf("%s=%d", galaxy.StopAfterEnv, after), galaxy.GroupFanEnv+"=2"), bin, args...)
		stopped(t, dir, out, r.Code, r.Stderr)
		r = mpitest.RunEnv(t, 4, 3*time.Minute, dir, groups(2), bin, append(args, "-resume")...)
		if r.Code != 0 || !strings.Contains(r.Stdout, "Success!") {
			t.Errorf("resume after %d: status %d\n%s\n%s", after, r.Code, r.Stdout, r.Stderr)
		}
		sameData(t, filepath.Join(dir, "whole.h5"), filepath.Join(dir, out))
	}
}

// With the tree in 2 levels, checkpoints go on while the hand-out is
// held (rank 0 flags its kids, each dispenser its own), a signal to every rank stops
// the run in order, and the partial file resumes to the file of an
// uninterrupted run.
func TestGroupsCheckpointSignalResume(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, 2, dir, append(held, "-o", "whole.h5")...)
	args := append(held, "-o", "sig.h5", "-checkpoint", "0.2")
	wait := start(t, 5, dir, groups(2, append(paused(200), galaxy.GroupFanEnv+"=2")...), recorded(200, 600), args...)
	if n := signalRanks(t, syscall.SIGTERM); n != 5 {
		t.Errorf("signalled %d ranks, want 5", n)
	}
	code, stderr := wait()
	stopped(t, dir, "sig.h5", code, stderr)
	mustRun(t, 1, dir, append(args, "-resume")...)
	sameData(t, filepath.Join(dir, "whole.h5"), filepath.Join(dir, "sig.h5"))
}
