package nbody

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// The committed assembly is what its generator writes: an edit made to
// lanes_amd64.s alone, or to lanes_gen.py without go generate, fails here.
func TestLanesAsmGenerated(t *testing.T) {
	want, err := exec.Command("python3", "lanes_gen.py").Output()
	if err != nil {
		t.Fatalf("python3 lanes_gen.py: %v", err)
	}
	got, err := os.ReadFile("lanes_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("lanes_amd64.s is not lanes_gen.py's output: run go generate ./internal/nbody")
	}
}
