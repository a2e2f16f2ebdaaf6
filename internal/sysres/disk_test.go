package sysres

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/h5mpi/h5mpi/internal/setting"
)

func TestFileSystem(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	free, size := statfsBytes(t, dir)
	if size != 64<<10 {
		t.Fatalf("the tmpfs has %d bytes, want 65536", size)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	free, _ = statfsBytes(t, dir) // the directory took its share
	for _, path := range []string{
		filepath.Join(dir, "out.h5"),          // not yet made
		filepath.Join(dir, "sub", "out.h5"),   // below the mount point
		filepath.Join(dir, "sub"),             // an existing directory stands for itself
		dir,                                   // the mount point itself, not its parent
		filepath.Join(link, "out.h5"),         // through a symlink
		filepath.Join(link, "sub", "..", "x"), // unclean
	} {
		fs, err := FileSystem(path)
		if err != nil {
			t.Errorf("FileSystem(%q): %v", path, err)
			continue
		}
		want := FS{Mount: dir, Type: "tmpfs", Free: free, Size: 64 << 10}
		if fs != want {
			t.Errorf("FileSystem(%q) = %+v, want %+v", path, fs, want)
		}
	}
	// A symlinked output file counts where it points.
	outside := filepath.Join(t.TempDir(), "out.h5")
	if err := os.Symlink(filepath.Join(dir, "target.h5"), outside); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "target.h5"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if fs, err := FileSystem(outside); err != nil || fs.Mount != dir {
		t.Errorf("FileSystem(%q), a symlink into the tmpfs = %+v, %v; want mount %s", outside, fs, err, dir)
	}

	missing := filepath.Join(dir, "no such dir", "out.h5")
	if _, err := FileSystem(missing); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("FileSystem(%q) = %v, want a not-exist error naming the path", missing, err)
	}
}

func TestFSString(t *testing.T) {
	fs := FS{Mount: "/mnt/small", Type: "tmpfs", Free: 1153434, Size: 2 << 20}
	if got, want := fs.String(), "/mnt/small (tmpfs, 1.1 MiB free of 2.0 MiB)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestCheckDisk(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "out.h5")
	free, _ := statfsBytes(t, dir)
	if err := CheckDisk(out, free, setting.Either("Out")); err != nil {
		t.Errorf("CheckDisk(%d, all that is free): %v", free, err)
	}
	if err := CheckDisk(out, 0, setting.Either("Out")); err != nil {
		t.Errorf("CheckDisk(0): %v", err)
	}
	err := CheckDisk(out, 96<<20, setting.Either("N", "Steps", "Out"))
	if err == nil {
		t.Fatalf("CheckDisk(96 MiB) on a 64 KiB tmpfs: nil")
	}
	want := out + ": needs 96.0 MiB, more than the " + Bytes(free) + " free on " + dir + " (tmpfs, 64.0 KiB in all); free space, or change -n, -steps or -o"
	// The settings as a command calls them.
	if got := setting.Render(err, map[string]string{"N": "-n", "Steps": "-steps", "Out": "-o"}).Error(); got != want {
		t.Errorf("message\n%s\nwant\n%s", got, want)
	}
	if err := CheckDisk(out, free+1, setting.Either("Out")); err == nil {
		t.Errorf("CheckDisk(%d, one byte more than is free): nil", free+1)
	}
	missing := filepath.Join(dir, "nowhere", "out.h5")
	if err := CheckDisk(missing, 1, setting.Either("Out")); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("CheckDisk in a missing directory = %v, want an error naming %s", err, missing)
	}
}

func TestDiskFull(t *testing.T) {
	dir := smallTmpfs(t, "64k")
	out := filepath.Join(dir, "out.h5.partial")
	werr := fill(t, out)
	if !isENOSPC(werr) {
		t.Fatalf("filling %s: %v, want ENOSPC", dir, werr)
	}
	if !IsDiskFull(werr) {
		t.Errorf("IsDiskFull(%v) = false", werr)
	}
	err := DiskFull(out, werr)
	free, _ := statfsBytes(t, dir)
	want := "write " + out + ": no space left on device: " + dir + " (tmpfs, " + Bytes(free) + " free of 64.0 KiB)"
	if err.Error() != want {
		t.Errorf("DiskFull message\n%s\nwant\n%s", err, want)
	}
	if !errors.Is(err, syscall.ENOSPC) || !IsDiskFull(err) {
		t.Errorf("DiskFull(%v) lost ENOSPC", werr)
	}
	var pe *os.PathError
	if !errors.As(err, &pe) || pe.Path != out {
		t.Errorf("DiskFull(%v) lost the *os.PathError", werr)
	}
	if again := DiskFull(out, err); again != err {
		t.Errorf("DiskFull twice: %v", again)
	}

	other := &os.PathError{Op: "write", Path: out, Err: syscall.EIO}
	if got := DiskFull(out, other); got != other {
		t.Errorf("DiskFull(EIO) = %v, want it unchanged", got)
	}
	if IsDiskFull(other) || IsDiskFull(nil) {
		t.Error("IsDiskFull true for EIO or nil")
	}
	if DiskFull(out, nil) != nil {
		t.Error("DiskFull(nil) != nil")
	}
	quota := &os.PathError{Op: "write", Path: out, Err: syscall.EDQUOT}
	if got := DiskFull(out, quota); !strings.HasPrefix(got.Error(), "write "+out+": disk quota exceeded: "+dir+" (tmpfs, ") {
		t.Errorf("DiskFull(EDQUOT) = %v", got)
	}
	// A file system that cannot be found still leaves the error readable.
	gone := filepath.Join(dir, "gone", "x")
	if got := DiskFull(gone, werr); !strings.Contains(got.Error(), "no space left on device (file system unknown: ") || !IsDiskFull(got) {
		t.Errorf("DiskFull in a missing directory = %v", got)
	}
}
