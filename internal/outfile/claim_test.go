package outfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// deadPID returns the pid of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// zombiePID returns the pid of a process that has ended but is not yet
// reaped, as a rank killed under a launcher that has not yet noticed.
func zombiePID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Wait() })
	for i := 0; i < 1000; i++ {
		if state, _ := procStat(cmd.Process.Pid); state == "Z" {
			return cmd.Process.Pid
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("process %d did not become a zombie", cmd.Process.Pid)
	return 0
}

// plant writes a lock for out held by h, as another run would have.
func plant(t *testing.T, out string, h Holder) {
	t.Helper()
	if h.Token == "" {
		h.Token = "00000000deadbeef"
	}
	if h.Since.IsZero() {
		h.Since = time.Now().Add(-time.Hour)
	}
	if err := os.WriteFile(out+LockSuffix, h.encode(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func local(t *testing.T, pid int) Holder {
	host, _ := os.Hostname()
	return Holder{Host: host, Boot: bootID(), PID: pid, Start: procStart(pid), Job: "77"}
}

func TestTakeCommit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.h5")
	os.WriteFile(out, []byte("previous"), 0o644)
	c, err := Take(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.Partial, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("final name changed before the commit: %q", b)
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "new" {
		t.Errorf("after commit %s holds %q", out, b)
	}
	for _, p := range []string{c.Partial, c.Lock} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after the commit", p)
		}
	}
	if Pending() {
		t.Error("a committed claim is still pending")
	}
}

func TestBusy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.h5")
	c, err := Take(out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abandon()
	_, err = Take(out)
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("second Take: %v, want a *BusyError", err)
	}
	host, _ := os.Hostname()
	for _, want := range []string{out, "host " + host, "pid " + strconv.Itoa(os.Getpid()), "refused", out + LockSuffix} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}
	// The other run's claim is untouched.
	if !c.Held() {
		t.Error("a refused Take broke the holder's lock")
	}
}

func TestStale(t *testing.T) {
	for _, tc := range []struct {
		name  string
		h     func(t *testing.T) Holder
		touch time.Duration // age of the last heartbeat
		stale bool
	}{
		{"dead pid here", func(t *testing.T) Holder { return local(t, deadPID(t)) }, 0, true},
		{"zombie here", func(t *testing.T) Holder { return local(t, zombiePID(t)) }, 0, true},
		{"live pid here", func(t *testing.T) Holder { return local(t, os.Getpid()) }, time.Hour, false},
		{"reused pid here", func(t *testing.T) Holder {
			h := local(t, os.Getpid())
			h.Start = "1"
			return h
		}, 0, true},
		{"other boot", func(t *testing.T) Holder {
			h := local(t, os.Getpid())
			h.Boot = "another-boot"
			return h
		}, 2 * StaleAfter, true},
		{"other host, beating", func(t *testing.T) Holder { return Holder{Host: "node-x", PID: 1, Start: "5"} }, time.Second, false},
		{"other host, silent", func(t *testing.T) Holder { return Holder{Host: "node-x", PID: 1, Start: "5"} }, 2 * StaleAfter, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.h5")
			plant(t, out, tc.h(t))
			old := time.Now().Add(-tc.touch)
			os.Chtimes(out+LockSuffix, old, old)
			os.WriteFile(out+PartialSuffix, []byte("stale data"), 0o644)
			c, err := Take(out)
			if !tc.stale {
				var busy *BusyError
				if !errors.As(err, &busy) {
					t.Fatalf("Take over a live holder: %v, want refused", err)
				}
				if b, _ := os.ReadFile(out + PartialSuffix); string(b) != "stale data" {
					t.Error("a refused Take touched the holder's partial file")
				}
				return
			}
			if err != nil {
				t.Fatalf("Take over a stale lock: %v", err)
			}
			defer c.Abandon()
			if _, err := os.Stat(out + PartialSuffix); !errors.Is(err, os.ErrNotExist) {
				t.Error("the stale partial file was not removed")
			}
			if !c.Held() {
				t.Error("the new claim does not hold the lock")
			}
		})
	}
}

// Of many runs that race for one output, exactly one gets it, whether
// the lock is free or stale.
func TestRace(t *testing.T) {
	for _, stale := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "a.h5")
		if stale {
			plant(t, out, local(t, deadPID(t)))
		}
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			won  []*Claim
			errs []error
		)
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := Take(out)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					won = append(won, c)
				} else {
					errs = append(errs, err)
				}
			}()
		}
		wg.Wait()
		if len(won) != 1 {
			t.Fatalf("stale=%v: %d of 16 racing runs took the output, want 1 (errors: %v)", stale, len(won), errs)
		}
		for _, err := range errs {
			var busy *BusyError
			if !errors.As(err, &busy) {
				t.Errorf("stale=%v: a losing run got %v, want a *BusyError", stale, err)
			}
		}
		won[0].Abandon()
		left, _ := filepath.Glob(out + "*")
		if len(left) != 0 {
			t.Errorf("stale=%v: left behind: %v", stale, left)
		}
	}
}

// A run whose lock was taken over neither commits nor removes the new
// holder's files.
func TestLostClaim(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.h5")
	os.WriteFile(out, []byte("previous"), 0o644)
	c, err := Take(out)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(c.Partial, []byte("mine"), 0o644)
	plant(t, out, local(t, os.Getpid())) // another token: the lock is no longer ours
	if err := c.Commit(); err == nil || !strings.Contains(err.Error(), "no longer this run's") {
		t.Errorf("Commit after losing the lock: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("the final name changed: %q", b)
	}
	c2 := Join(out, c.Token)
	if said := c2.Abandon(); said != "" {
		t.Errorf("Abandon without the lock removed something: %q", said)
	}
	if _, err := os.Stat(out + LockSuffix); err != nil {
		t.Error("Abandon without the lock removed the new holder's lock")
	}
}

func TestAbandonAll(t *testing.T) {
	dir := t.TempDir()
	var parts []string
	for _, n := range []string{"a.h5", "b.gif"} {
		c, err := Take(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(c.Partial, nil, 0o644)
		parts = append(parts, c.Partial)
	}
	said := AbandonAll()
	for _, p := range parts {
		if !strings.Contains(said, "removed "+p) {
			t.Errorf("AbandonAll said %q, not that it removed %s", said, p)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestToken(t *testing.T) {
	tok, _ := newToken()
	v, err := TokenInt(tok)
	if err != nil || TokenFromInt(v) != tok {
		t.Errorf("token %s through an int: %v, %v", tok, TokenFromInt(v), err)
	}
}
