package job

import (
	"bytes"
	"flag"
	"log"
	"os"
	"strings"
	"testing"
	"time"
)

// rank makes the launcher's environment say this process is rank r of
// size (Open MPI's variables, vouched for by a PMIx namespace).
func rank(t *testing.T, r, size string) {
	t.Setenv("PMIX_NAMESPACE", "test")
	t.Setenv("OMPI_COMM_WORLD_RANK", r)
	t.Setenv("OMPI_COMM_WORLD_SIZE", size)
}

// logTo points the standard logger at w, with prefix and no time, for
// the rest of the test.
func logTo(t *testing.T, w *bytes.Buffer, prefix string) {
	out, p, f := log.Writer(), log.Prefix(), log.Flags()
	log.SetOutput(w)
	log.SetPrefix(prefix)
	log.SetFlags(0)
	t.Cleanup(func() {
		log.SetOutput(out)
		log.SetPrefix(p)
		log.SetFlags(f)
	})
}

// parse runs Parse over args with a flag -n and nargs arguments wanted,
// the standard logger writing into the same stderr, and returns the
// status, stop, stdout and stderr.
func parse(t *testing.T, nargs int, args ...string) (int, bool, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	logTo(t, &stderr, "")
	fs := flag.NewFlagSet("prog", flag.ContinueOnError)
	fs.Int("n", 1, "a number")
	status, stop := Parse(fs, args, &stdout, &stderr, "prog [flags]", nargs)
	return status, stop, stdout.String(), stderr.String()
}

func TestParse(t *testing.T) {
	rank(t, "0", "1")
	for _, c := range []struct {
		args           []string
		nargs          int
		status         int
		stop           bool
		stdout, stderr string // stderr: its first line
	}{
		{[]string{"-n", "2"}, 0, 0, false, "", ""},
		{[]string{"a", "b"}, -1, 0, false, "", ""},
		{[]string{"a", "b"}, 2, 0, false, "", ""},
		{[]string{"-help"}, 0, 0, true, "", "usage: prog [flags]"},
		{[]string{"-nope"}, 0, 2, true, "", "flag provided but not defined: -nope"},
		{[]string{"-n", "x"}, 0, 2, true, "", `invalid value "x" for flag -n: parse error`},
		{[]string{"a"}, 0, 2, true, "", "want 0 arguments, got 1"},
		{[]string{"-version", "a"}, 0, 0, true, "prog h5mpi " + Version + " (" + Libraries() + ")\n", ""},
	} {
		status, stop, stdout, stderr := parse(t, c.nargs, c.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if status != c.status || stop != c.stop || stdout != c.stdout || first != c.stderr {
			t.Errorf("%q: status %d, stop %v, stdout %q, stderr %q; want %d, %v, %q, first line %q",
				c.args, status, stop, stdout, stderr, c.status, c.stop, c.stdout, c.stderr)
		}
	}
}

// Ranks other than the first say nothing and end with 0 on a usage error,
// -help or -version: the first rank speaks for the job.
func TestParseOtherRank(t *testing.T) {
	rank(t, "1", "4")
	for _, args := range [][]string{{"-nope"}, {"a"}, {"-help"}, {"-version"}} {
		start := time.Now()
		status, stop, stdout, stderr := parse(t, 0, args...)
		if status != 0 || !stop || stdout != "" || stderr != "" {
			t.Errorf("%q on rank 1: status %d, stop %v, stdout %q, stderr %q; want 0, stopped, silent", args, status, stop, stdout, stderr)
		}
		if d := time.Since(start); d >= usageLinger {
			t.Errorf("%q on rank 1: returned after %v, want at once", args, d)
		}
	}
}

// The first rank of several lingers before it returns its usage error,
// so that the other ranks are gone first (see usageStatus); alone, it
// returns at once.
func TestUsageLinger(t *testing.T) {
	for _, c := range []struct {
		size   string
		linger bool
	}{{"1", false}, {"4", true}} {
		rank(t, "0", c.size)
		start := time.Now()
		status, stop, _, stderr := parse(t, 0, "-nope")
		d := time.Since(start)
		if status != 2 || !stop || strings.Count(stderr, "usage: prog") != 1 {
			t.Errorf("size %s: status %d, stop %v, stderr %q; want 2 and the usage once", c.size, status, stop, stderr)
		}
		if c.linger != (d >= usageLinger) {
			t.Errorf("size %s: returned after %v; linger %v wanted", c.size, d, c.linger)
		}
	}
}

// Usagef prints the message through the logger and the usage on the
// first rank, and returns the usage-error status.
func TestUsagef(t *testing.T) {
	var stderr bytes.Buffer
	logTo(t, &stderr, "prog: ")
	fs := flag.NewFlagSet("prog", flag.ContinueOnError)
	fs.SetOutput(&stderr)
	fs.Usage = func() { stderr.WriteString("usage: prog\n") }
	if status := Usagef(fs, "-n %d: want more", 0); status != 2 {
		t.Errorf("status %d, want 2", status)
	}
	if want := "prog: -n 0: want more\nusage: prog\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

func TestIsSet(t *testing.T) {
	fs := flag.NewFlagSet("prog", flag.ContinueOnError)
	fs.Int("a", 1, "")
	fs.Int("b", 1, "")
	if err := fs.Parse([]string{"-a", "1"}); err != nil {
		t.Fatal(err)
	}
	if !IsSet(fs, "a") || IsSet(fs, "b") || IsSet(fs, "c") {
		t.Errorf("IsSet: a %v, b %v, c %v; want true, false, false", IsSet(fs, "a"), IsSet(fs, "b"), IsSet(fs, "c"))
	}
}

func TestIsTerminal(t *testing.T) {
	var b bytes.Buffer
	if IsTerminal(&b) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "f")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("a regular file is a terminal")
	}
}
