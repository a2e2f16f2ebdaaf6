package job

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A rank whose launcher dies (SIGKILL, so it can end nothing itself)
// quits within a few polls, saying why: the rank here is this test
// binary run again under a shell that stands for the launcher, its
// output in a file that outlives them both.
func TestWatchLauncher(t *testing.T) {
	if os.Getenv("H5MPI_TEST_ORPHAN") == "1" {
		parent := os.Getppid()
		fmt.Println("watching", parent)
		watchLauncher(parent, 50*time.Millisecond)
		return
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "rank.log")
	// The shell starts the rank in the background, says its pid, and
	// waits: it is the rank's parent until killed.
	sh := exec.Command("sh", "-c", `"$0" -test.run='^TestWatchLauncher$' >"$1" 2>&1 & echo $!; wait`, os.Args[0], out)
	sh.Env = append(os.Environ(), "H5MPI_TEST_ORPHAN=1")
	stdout, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(stdout, &pid); err != nil {
		t.Fatalf("the rank's pid: %v", err)
	}
	// The rank watches the shell before the shell goes.
	for {
		b, _ := os.ReadFile(out)
		if strings.Contains(string(b), fmt.Sprintf("watching %d\n", sh.Process.Pid)) {
			break
		}
		if !running(pid) {
			t.Fatalf("the rank ended with its launcher alive:\n%s", b)
		}
		time.Sleep(10 * time.Millisecond)
	}
	sh.Process.Kill()
	sh.Wait()
	killed := time.Now()
	for running(pid) {
		if time.Since(killed) > 10*time.Second {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the rank lived on 10 s after its launcher died")
		}
		time.Sleep(10 * time.Millisecond)
	}
	b, _ := os.ReadFile(out)
	if want := "is gone: the job is lost; quitting"; !strings.Contains(string(b), want) {
		t.Errorf("the rank's output does not say %q:\n%s", want, b)
	}
}

// running reports whether pid runs: a zombie (ended, not yet reaped)
// does not.
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}
