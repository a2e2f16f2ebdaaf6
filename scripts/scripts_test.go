// Package scripts_test checks the shell scripts' own logic, where no MPI
// run and no Slurm is needed: env.sh sourced into a user's shell or by a
// script, run.sh's choice of Open MPI's shared-memory transport, and the
// module loading of slurm/common.sh. Fake programs (mpirun, module) stand
// in for the real ones and say how they were called.
package scripts_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

var root = mpitest.Root()

// bash runs a bash command line (with extra arguments before it) in dir,
// with env added to the environment, and returns its stdout, its stderr
// and its exit status.
func bash(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("bash", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("bash %q: %v", args, err)
	}
	return o.String(), e.String(), code
}

// fake writes an executable shell script name into dir.
func fake(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/bash\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// copyEnv puts a copy of scripts/env.sh under a new directory, which is
// then the root it works in (its build/pkgconfig shims land there).
func copyEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(root, "scripts", "env.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scripts", "env.sh"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A shell that sourced env.sh survives a failing h5mpi_setup: the
// function says why, returns 1 at once (no shims written, no build
// flags set), and the shell goes on.
func TestEnvSourcedShellSurvives(t *testing.T) {
	dir := copyEnv(t)
	if err := os.WriteFile(filepath.Join(dir, "rc"), []byte(". scripts/env.sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// CRAY_MPICH_DIR empty and no Cray cc wrapper: h5mpi_setup fails in
	// the middle, after choosing MPI=cray.
	env := []string{"HISTFILE=", "CRAY_MPICH_DIR=", "CGO_LDFLAGS=", "HDF5_DIR=", "OLCF_HDF5_ROOT=", "CRAY_HDF5_PARALLEL_PREFIX=", "SLURM_JOB_ID="}
	check := `; echo "survived $? [$CGO_LDFLAGS]"; out=$(MPI=mpich PATH=/nonexistent h5mpi_launcher); echo "launcher $? [$out]"`
	for _, c := range []struct {
		name, mpi string
		args      []string
	}{
		{"bash -c, MPI=bogus", "bogus", []string{"-c", `. scripts/env.sh; MPI=bogus h5mpi_setup` + check}},
		{"bash -c, MPI=cray", "cray", []string{"-c", `. scripts/env.sh; MPI=cray h5mpi_setup` + check}},
		// As from an interactive shell's rc file, which is a file.
		{"interactive, rc file", "cray", []string{"--norc", "-i", "-c", `. ./rc; MPI=cray h5mpi_setup` + check}},
	} {
		out, errs, code := bash(t, dir, env, c.args...)
		if code != 0 || !strings.Contains(out, "survived 1 []\n") || !strings.Contains(out, "launcher 1 []\n") {
			t.Errorf("%s: status %d, want 0 with \"survived 1 []\" and \"launcher 1 []\"; stdout:\n%s\nstderr:\n%s", c.name, code, out, errs)
		}
		if !strings.Contains(errs, "h5mpi: MPI="+c.mpi) || !strings.Contains(errs, "h5mpi: mpiexec.mpich not found") {
			t.Errorf("%s: stderr does not say why:\n%s", c.name, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, "build", "pkgconfig", c.mpi)); !os.IsNotExist(err) {
			t.Errorf("%s: shims written by a failed h5mpi_setup (%v)", c.name, err)
		}
	}
}

// A script that sourced env.sh stops at h5mpi_die, with or without
// set -e, whether h5mpi_die is called by an env.sh function or by the
// script itself, and in a context where set -e does not apply.
func TestEnvScriptStops(t *testing.T) {
	dir := copyEnv(t)
	for _, c := range []struct{ name, body string }{
		{"h5mpi_setup", `MPI=bogus h5mpi_setup`},
		{"h5mpi_setup under set -e", "set -e\nMPI=bogus h5mpi_setup"},
		{"h5mpi_setup in an if", "set -e\nif MPI=bogus h5mpi_setup; then echo setup ok; fi"},
		{"top level", `false || h5mpi_die "no go"`},
		{"function", "f() { h5mpi_die \"no go\"; }\nf || echo f failed"},
	} {
		script := filepath.Join(dir, "s.sh")
		body := ". \"$(dirname \"$0\")/scripts/env.sh\"\n" + c.body + "\necho continued\n"
		if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		out, errs, code := bash(t, dir, nil, script)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "h5mpi: ") {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want status 1, no output, h5mpi's message", c.name, code, out, errs)
		}
	}
}

// run.sh names Open MPI's shared-memory transport as the installed
// version calls it: vader up to 4, sm from 5; a user's own choice stays.
func TestRunSharedMemoryTransport(t *testing.T) {
	dir := t.TempDir()
	fake(t, dir, "mpirun.openmpi", `if [ "$1" = --version ]; then printf 'mpirun (Open MPI) %s\n\nReport bugs to https://www.open-mpi.org/community/help/\n' "$FAKE_VERSION"; exit 0; fi
echo "btl=$OMPI_MCA_btl pml=$OMPI_MCA_pml args=$*"
`)
	run := filepath.Join(root, "scripts", "run.sh")
	for _, c := range []struct{ version, btl, want string }{
		{"4.1.4", "", "btl=self,vader pml=ob1"},
		{"5.0.3", "", "btl=self,sm pml=ob1"},
		{"5.1.0a1", "", "btl=self,sm pml=ob1"},
		{"10.0.0", "", "btl=self,sm pml=ob1"},
		{"5.0.3", "self,tcp", "btl=self,tcp pml=ob1"},
	} {
		env := []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "MPI=openmpi", "FAKE_VERSION=" + c.version,
			"OMPI_MCA_btl=" + c.btl, "OMPI_MCA_pml=", "SLURM_JOB_ID=", "PBS_NODEFILE=", "LSB_DJOB_HOSTFILE=", "OMPI_MCA_orte_default_hostfile="}
		out, errs, code := bash(t, dir, env, run, "3", "prog", "-x")
		want := c.want + " args=--oversubscribe -n 3 prog -x\n"
		if code != 0 || out != want {
			t.Errorf("Open MPI %s, OMPI_MCA_btl=%q: status %d, got %q, want %q\n%s", c.version, c.btl, code, out, want, errs)
		}
	}
}

// slurm/common.sh loads Cray's modules only where the site has them, and
// exactly the modules of H5MPI_MODULES when that is set (none when
// empty), failing the job when one of those does not load.
func TestCommonModules(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	fake(t, bin, "hello", "")
	// module is-avail and load succeed for the modules of $FAKE_AVAIL.
	fake(t, dir, "module", `echo "$*" >>"$FAKE_LOG"
case " $FAKE_AVAIL " in *" $2 "*) exit 0 ;; esac
[ "$1" = load ] && echo "ERROR: unknown module $2" >&2
exit 1
`)
	log := filepath.Join(dir, "module.log")
	script := `set -euo pipefail; ROOT=$1; . "$ROOT/slurm/common.sh" hello; echo "went on"`
	cray := "PrgEnv-gnu cray-hdf5-parallel"
	for _, c := range []struct {
		name, modules, avail string
		unset                bool
		calls                string
		code                 int
	}{
		{"non-Cray site", "", "gcc openmpi", true, "is-avail PrgEnv-gnu\nis-avail cray-hdf5-parallel\n", 0},
		{"Cray site", "", cray, true, "is-avail PrgEnv-gnu\nload PrgEnv-gnu\nis-avail cray-hdf5-parallel\nload cray-hdf5-parallel\n", 0},
		{"H5MPI_MODULES empty", "", cray, false, "", 0},
		{"H5MPI_MODULES named", " gcc/12  hdf5/1.14-mpi ", "gcc/12 hdf5/1.14-mpi", false, "load gcc/12\nload hdf5/1.14-mpi\n", 0},
		{"H5MPI_MODULES missing one", "gcc/12 hdf5", "gcc/12", false, "load gcc/12\nload hdf5\n", 1},
	} {
		os.Remove(log)
		env := []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "FAKE_LOG=" + log, "FAKE_AVAIL=" + c.avail,
			"H5MPI_BIN=" + bin, "SLURM_JOB_NAME=hello", "SLURM_JOB_ID=7", "SLURM_MPI_TYPE=", "H5MPI_MODULES=" + c.modules}
		s := script
		if c.unset {
			s = "unset H5MPI_MODULES; " + script
		}
		out, errs, code := bash(t, dir, env, "-c", s, "bash", root)
		calls, _ := os.ReadFile(log)
		if code != c.code || string(calls) != c.calls || strings.Contains(out, "went on") != (c.code == 0) {
			t.Errorf("%s: status %d (want %d), module calls %q (want %q)\nstdout:\n%s\nstderr:\n%s", c.name, code, c.code, calls, c.calls, out, errs)
		}
		if c.code != 0 && !strings.Contains(errs, "hello: module load hdf5 failed") {
			t.Errorf("%s: no complaint about the module:\n%s", c.name, errs)
		}
	}
}
