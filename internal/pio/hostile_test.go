package pio

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An input that is not a regular file (a FIFO, a directory) is refused
// at once with what it is: HDF5 would block in open(2) of a FIFO with no
// writer, for ever. Under the mpi tag this test process never starts
// MPI, so only the serial open runs there.
func TestOpenNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "in.h5")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub.h5")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	opens := map[string]func(string) (*File, error){"OpenSerial": OpenSerial}
	if !mpiBuild {
		opens["Open"] = func(p string) (*File, error) { return Open(p, Options{}) }
		opens["OpenOwn"] = func(p string) (*File, error) { return OpenOwn(p, Options{}) }
	}
	for name, open := range opens {
		for path, says := range map[string]string{fifo: "is a named pipe", sub: "is a directory"} {
			done := make(chan error, 1)
			go func() {
				f, err := open(path)
				if f != nil {
					f.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), says) {
					t.Errorf("%s(%s): %v, want a refusal saying %q", name, filepath.Base(path), err, says)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("%s(%s): still blocked after 20 s", name, filepath.Base(path))
			}
		}
	}
}
