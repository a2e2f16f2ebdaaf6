package sysres

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Reserve opens its file by name: what was put there instead of the
// caller's file (a FIFO) is refused at once, never waited on in open(2).
func TestReserveNotAFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.partial")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- Reserve(fifo, 1<<20) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), fifo) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Reserve of a FIFO: %v, want a refusal naming it", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Reserve of a FIFO: still blocked after 20 s")
	}
}
