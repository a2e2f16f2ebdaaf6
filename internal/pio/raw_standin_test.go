//go:build !mpi

package pio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A raw file is written under its partial name, renamed into place by
// Close and read back; its open files count while open. The mpi build's
// is tested on several ranks through h5write -bench -api.
func TestRawRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.mpiio")
	f, err := CreateRaw(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := OpenFiles(); n != 1 {
		t.Errorf("%d files open, want 1", n)
	}
	want := []byte("raw bytes")
	if err := errors.Join(f.WriteAt(want, 3), f.Flush()); err != nil {
		t.Fatal(err)
	}
	if got := lsDir(t, dir); !slices.Contains(got, "x.mpiio.partial") || slices.Contains(got, "x.mpiio") {
		t.Errorf("while written: %v, want x.mpiio.partial and no x.mpiio", got)
	}
	if err := errors.Join(f.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	if got := lsDir(t, dir); !slices.Equal(got, []string{"x.mpiio"}) {
		t.Errorf("after close: %v, want [x.mpiio]", got)
	}
	if f, err = OpenRaw(path, Options{}); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if err := f.ReadAt(got, 3); err != nil || !bytes.Equal(got, want) {
		t.Errorf("read back %q, %v; want %q", got, err, want)
	}
	if err := f.ReadAt(got, 4); err == nil {
		t.Error("a read past the end succeeded")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if n := OpenFiles(); n != 0 {
		t.Errorf("%d files open after close, want 0", n)
	}
	if _, err := CreateRaw(filepath.Join(dir, "no-such-dir", "y"), Options{}); err == nil {
		t.Error("create in a missing directory succeeded")
	}
}

func lsDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
