//go:build !mpi

package preflight

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// Run's tests on the stand-in, in process; with real MPI, Run is tested
// on several ranks through cmd/hello.

// On the stand-in, a world of one started by hand: every check passes,
// and -dir leaves nothing in its directory.
func TestRunAlone(t *testing.T) {
	dir := t.TempDir()
	age, err := ProcessAge()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(Config{Startup: age, Dir: dir, Block: 4096, Net: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.WriteText(&b)
	if !r.OK {
		t.Errorf("a run alone failed:\n%s", b.String())
	}
	for _, name := range []string{"ranks", "nodes", "cpu binding", "gpus", "start-up", "dir", "net"} {
		if !strings.Contains(b.String(), "ok   "+name+": ") {
			t.Errorf("no ok line for %s:\n%s", name, b.String())
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("-dir left %v", ents)
	}
}

func TestRunDirMissing(t *testing.T) {
	dir := t.TempDir() + "/none"
	r, err := Run(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Checks[len(r.Checks)-1]
	if r.OK || c.Name != "dir" || c.OK || !strings.Contains(c.Line, "found the directory unusable") || !strings.Contains(c.Line, dir) {
		t.Errorf("a missing -dir: %v %+v", r.OK, c)
	}
}
