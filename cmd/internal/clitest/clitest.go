// Package clitest tests what an h5mpi command does with its command line
// before MPI starts, in the test's own process: it calls the command's run
// function over a table of command lines and compares the status, stdout
// and stderr of each with a golden file, testdata/NAME.golden in the
// command's directory. `go test -update` rewrites the golden files from
// what the commands print.
//
// It is imported by tests only; the -update flag exists in their binaries.
package clitest

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/job"
)

var update = flag.Bool("update", false, "rewrite the golden files of the command-line tests (testdata/*.golden) from the commands' output")

// Run is a command's run function: args without the program's name, the
// output streams, the exit status returned.
type Run func(args []string, stdout, stderr io.Writer) int

// Case is one command line and the golden file it is compared with.
type Case struct {
	Name string            // the golden file is testdata/Name.golden
	Args []string          // the command line, without the program's name
	Env  map[string]string // environment variables set for the case
}

// Table is a command's table of command lines.
type Table struct {
	Run   Run
	Cases []Case
}

// cleared are the prefixes of the environment variables cleared for
// every case: the launchers' (a rank other than 0 prints nothing) and
// the settings' (H5MPI_ALIGN and the like, HDF5_USE_FILE_LOCKING), so that
// the output depends on the case alone, not on the shell's environment.
var cleared = []string{"H5MPI_", "HDF5_", "OMPI_", "PMI_", "PMIX_", "SLURM_", "MPI_"}

// every are the cases of every command: -help and -version. The golden
// files hold "h5mpi VERSION (LIBS)" for this build's version and
// libraries, which differ from one machine and build to the next.
var every = []Case{{Name: "help", Args: []string{"-help"}}, {Name: "version", Args: []string{"-version"}}}

// Test runs the cases of every command and those of tab, each as a
// subtest in an empty working directory of its own, and checks that it
// matches its golden file and leaves that directory empty. The cases set the environment and the
// working directory: they cannot run in parallel.
func Test(t *testing.T, tab Table) {
	t.Helper()
	golden, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(every, tab.Cases...) {
		t.Run(c.Name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range c.Env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			chdir(t, dir)
			got := tab.result(c.Args)
			path := filepath.Join(golden, c.Name+".golden")
			if *update {
				if err := os.MkdirAll(golden, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(path); err != nil {
				t.Errorf("%v (go test -update writes it)", err)
			} else if got != string(want) {
				t.Errorf("%q: output differs from %s\n--- got:\n%s--- want:\n%s", c.Args, path, got, want)
			}
			if ents, err := os.ReadDir(dir); err != nil || len(ents) != 0 {
				t.Errorf("%q: files left in the working directory: %v %v", c.Args, ents, err)
			}
		})
	}
}

// result runs the command line args and returns what the golden file
// holds: the status, then stdout and stderr, each under a header line.
func (tab Table) result(args []string) string {
	w, prefix, flags := log.Writer(), log.Prefix(), log.Flags()
	defer func() {
		log.SetOutput(w)
		log.SetPrefix(prefix)
		log.SetFlags(flags)
	}()
	var stdout, stderr bytes.Buffer
	status := tab.Run(args, &stdout, &stderr)
	version := strings.ReplaceAll(stdout.String(),
		fmt.Sprintf(" h5mpi %s (%s)\n", job.Version, job.Libraries()), " h5mpi VERSION (LIBS)\n")
	return fmt.Sprintf("status %d\n-- stdout --\n%s-- stderr --\n%s", status, version, stderr.String())
}

// clearEnv unsets, for the rest of the test, the variables named in
// cleared.
func clearEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		for _, p := range cleared {
			if strings.HasPrefix(k, p) {
				t.Setenv(k, "") // restored when the test ends
				os.Unsetenv(k)
				break
			}
		}
	}
}

// chdir makes dir the working directory for the rest of the test.
func chdir(t *testing.T, dir string) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
	})
}
