//go:build !mpi

package mpi_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// The stand-in's File on one rank: what is written at an offset reads
// back, collective or not; short reads, closed files, transfers too large
// and missing directories are errors naming the call and the path.
func TestFileStandin(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "raw")
	f, err := mpi.OpenFile(mpi.World, path, mpi.Create, []mpi.Hint{{Key: "striping_factor", Value: "4"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("0123456789")
	if err := f.WriteAtAll(want[:5], 0); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteAt(want[5:], 5); err != nil {
		t.Fatal(err)
	}
	var one byte
	if err := f.WriteAt(unsafe.Slice(&one, mpi.MaxTransfer+1), 0); err == nil || !strings.Contains(err.Error(), "more than MPI counts") {
		t.Errorf("transfer too large: %v", err)
	}
	if h, err := f.Hints(); err != nil || len(h) != 0 {
		t.Errorf("hints %v, %v; want none", h, err)
	}
	if err := errors.Join(f.Sync(), f.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err == nil {
		t.Error("sync of a closed file succeeded")
	}
	if f, err = mpi.OpenFile(mpi.World, path, mpi.ReadOnly, nil); err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := make([]byte, 4)
	if err := f.ReadAtAll(got, 6); err != nil || !bytes.Equal(got, want[6:]) {
		t.Errorf("read at 6: %q, %v; want %q", got, err, want[6:])
	}
	if err := f.ReadAt(got, 8); err == nil || !strings.Contains(err.Error(), "MPI_File_read_at "+path+": 2 of 4 bytes") {
		t.Errorf("short read: %v", err)
	}
	missing := filepath.Join(dir, "no-such-dir", "raw")
	_, err = mpi.OpenFile(mpi.World, missing, mpi.Create, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "MPI_File_open "+missing+": ") {
		t.Errorf("open in a missing directory: %v", err)
	}
	if n := mpi.OpenFiles(); n != 1 {
		t.Errorf("%d files open, want 1", n)
	}
}
