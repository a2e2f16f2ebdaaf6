//go:build mpi

package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// The contract every command keeps (README, "What every program
// promises"), on 1 and 4 ranks:
//   - a bad flag or a bad value prints the usage once and ends the job
//     with status 2, before any file is touched;
//   - a failure prints "PROGRAM: rank R: MESSAGE" (animate, a serial
//     program: "animate: MESSAGE") and ends it with status 1, leaving no
//     partial file or lock.
//
// The bad command lines of each program, one table for all.
var badFlags = map[string][][]string{
	"hello":   {{"-nope"}, {"extra"}},
	"h5write": {{"-nope"}, {"-per-rank", "0"}, {"-bench", "-1"}, {"-hints", "novalue"}, {"extra"}, {"-block", "12"}, {"-block", "4m", "-xfer", "3m"}, {"-align", "1q"}, {"-block", "4m", "-xfer", "0"}, {"-reps", "0"}, {"-deadline", "1q"}},
	"galaxy":  {{"-nope"}, {"-n", "0"}, {"-steps", "1"}, {"-rtol", "1e-300"}, {"-seed", "-1"}, {"-chunk", "0"}, {"-hints", "novalue"}, {"extra"}, {"-align", "x"}, {"-checkpoint", "-1"}},
	"h5stats": {
		{"-nope", "a.h5:x"}, {}, {"-chunk", "-1", "a.h5:x"}, {"a.h5"}, {"a.h5:"}, {"-hints", "novalue", "a.h5:x"},
		{"-normalize", "o.h5", "a.h5:x", "b.h5:x", "c.h5:x_1"}, {"-normalize", "a.h5", "a.h5:x"}, {"-align", "1:x", "a.h5:x"},
	},
	"animate": {{"-nope"}, {"-size", "0x0"}, {"-delay", "5"}, {"-view", "side"}, {"extra"}},
}

// failures are command lines that fail after the flags are parsed (hello
// has none it can be made to meet).
var failures = map[string][]string{
	"h5write": {"-o", "no/such/dir/out.h5"},
	"galaxy":  {"-ic", "missing.h5", "-o", "g.h5"},
	"h5stats": {"-normalize", "n.h5", "missing.h5:x"},
	"animate": {"-i", "missing.h5", "-o", "a.gif"},
}

// Every bad command line is refused by the program started alone (flags
// are settled before MPI starts, the same way on any number of ranks);
// the first of each program's, and its failure, also through the
// launcher on 1 and 4 ranks, with the launcher's grace as users have it.
// A refused value is named in the message.
func TestContract(t *testing.T) {
	prefix := regexp.MustCompile(`(?m)^(\w+): rank (\d+): `)
	serial := regexp.MustCompile(`(?m)^(animate): `)
	env := []string{mpitest.LauncherGrace}
	usage := func(t *testing.T, r mpitest.Result, args []string, dir string) {
		t.Helper()
		if r.Code != 2 {
			t.Errorf("%v: status %d, want 2\n%s", args, r.Code, r.Stderr)
		}
		if k := strings.Count(r.Stderr, "usage: "+args[0]); k != 1 {
			t.Errorf("%v: usage printed %d times, want once\n%s", args, k, r.Stderr)
		}
		if len(args) > 1 && strings.HasPrefix(args[1], "-") && !strings.Contains(r.Stderr, args[1]) {
			t.Errorf("%v: the message does not name %s\n%s", args, args[1], r.Stderr)
		}
		noneLeft(t, dir)
	}
	for _, p := range programs {
		t.Run(p+"/alone", func(t *testing.T) {
			t.Parallel()
			for _, args := range badFlags[p] {
				dir := t.TempDir()
				usage(t, mpitest.Exec(t, time.Minute, dir, nil, bins[p], args...), append([]string{p}, args...), dir)
			}
		})
		for _, n := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/%d ranks", p, n), func(t *testing.T) {
				t.Parallel()
				args := badFlags[p][0]
				dir := t.TempDir()
				usage(t, mpitest.RunEnv(t, n, time.Minute, dir, env, bins[p], args...), append([]string{p}, args...), dir)
				args, ok := failures[p]
				if !ok {
					return
				}
				dir = t.TempDir()
				r := mpitest.RunEnv(t, n, time.Minute, dir, env, bins[p], args...)
				m := prefix.FindStringSubmatch(r.Stderr)
				if p == "animate" {
					m = serial.FindStringSubmatch(r.Stderr)
				}
				if r.Code != 1 || m == nil || m[1] != p {
					t.Errorf("%v: status %d, want 1 with a line \"%s: rank R: MESSAGE\"\n%s", args, r.Code, p, r.Stderr)
				}
				noneLeft(t, dir)
				if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
					t.Errorf("%v: made a directory", args)
				}
			})
		}
	}
}
