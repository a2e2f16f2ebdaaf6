package sysres

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileSize is the size of the file at name.
func fileSize(t *testing.T, name string) int64 {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestReserveTooMuch(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "out.h5")
	if err := os.WriteFile(out, []byte("header"), 0o644); err != nil {
		t.Fatal(err)
	}
	free, _ := statfsBytes(t, dir)
	err := Reserve(out, 1<<20)
	if err == nil {
		t.Fatalf("Reserve(1 MiB) on a 64 KiB tmpfs: nil")
	}
	if !IsDiskFull(err) || !isENOSPC(err) {
		t.Errorf("Reserve(1 MiB) = %v, want ENOSPC", err)
	}
	want := "reserve 1.0 MiB for " + out + ": no space left on device: " + dir + " (tmpfs, " + Bytes(free) + " free of 64.0 KiB)"
	if err.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", err, want)
	}
	if got := fileSize(t, out); got != 6 {
		t.Errorf("after a failed Reserve the file has %d bytes, want its 6", got)
	}
	if after, _ := statfsBytes(t, dir); after != free {
		t.Errorf("a failed Reserve left %d bytes free, want the %d it found", after, free)
	}
}

func TestReserveHolds(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "out.h5")
	if err := os.WriteFile(out, []byte("header"), 0o644); err != nil {
		t.Fatal(err)
	}
	const n = 32 << 10
	if err := Reserve(out, n); err != nil {
		t.Fatalf("Reserve(32 KiB) on a 64 KiB tmpfs: %v", err)
	}
	if got := fileSize(t, out); got != n {
		t.Errorf("after Reserve the file has %d bytes, want %d", got, n)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("header")) {
		t.Errorf("Reserve changed the file's contents (%d bytes, %v): it no longer starts with \"header\"", len(data), err)
	}
	// Fill the rest with another file: the reserved range must still be writable.
	if err := fill(t, filepath.Join(dir, "other")); !isENOSPC(err) {
		t.Fatalf("filling the rest: %v, want ENOSPC", err)
	}
	f, err := os.OpenFile(out, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{7}, n), 0); err != nil {
		t.Errorf("writing the reserved %d bytes on a full tmpfs: %v", n, err)
	}
	// Past the reservation, the disk is full: the reservation is what held.
	if _, err := f.WriteAt(make([]byte, 8<<10), n); !isENOSPC(err) {
		t.Errorf("writing past the reservation on a full tmpfs: %v, want ENOSPC", err)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}

	// A smaller reservation never shrinks the file.
	if err := Reserve(out, 4096); err != nil {
		t.Errorf("Reserve(4 KiB) of a 32 KiB file: %v", err)
	}
	if got := fileSize(t, out); got < n {
		t.Errorf("Reserve(4 KiB) shrank the file to %d bytes", got)
	}
}

func TestReserveNoFile(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "missing.h5")
	err := Reserve(out, 4096)
	if err == nil || !strings.Contains(err.Error(), out) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Reserve of a missing file = %v, want not-exist naming %s", err, out)
	}
	if _, serr := os.Stat(out); !os.IsNotExist(serr) {
		t.Errorf("Reserve created %s", out)
	}
	if err := Reserve(out, -1); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("Reserve(-1) = %v", err)
	}
}

// checkFree is Reserve's answer where fallocate is not supported.
func TestReserveFallbackCheck(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "out.h5")
	free, _ := statfsBytes(t, dir)
	if err := checkFree(out, free, 0); err != nil {
		t.Errorf("checkFree(all that is free): %v", err)
	}
	if err := checkFree(out, free+8192, 8192); err != nil {
		t.Errorf("checkFree(free + what the file has): %v", err)
	}
	err := checkFree(out, free+4096, 0)
	if err == nil || !IsDiskFull(err) {
		t.Fatalf("checkFree(more than free) = %v, want ENOSPC", err)
	}
	want := "reserve " + Bytes(free+4096) + " for " + out + " (" + Bytes(free+4096) + " more than it has): no space left on device: " + dir + " (tmpfs, "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message\n%s\nwant a prefix\n%s", err, want)
	}
}
