package sysres

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// smallTmpfs mounts a tmpfs of the given size option ("64k") on a new
// directory named "small fs" (a space, so mountinfo escapes it) and
// unmounts it at the test's end. Mounting needs root: the test fails,
// never skips, without it.
func smallTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("this test mounts a small tmpfs to fill it, which needs root: run go test as root")
	}
	dir := filepath.Join(t.TempDir(), "small fs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Fatalf("mount tmpfs on %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fill writes to a new file at name until the file system is full and
// returns the write error, which should be ENOSPC.
func fill(t *testing.T, name string) error {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for i := 0; i < 1<<16; i++ { // bounded: a tmpfs that never fills is a failure, not a hang
		if _, err := f.Write(buf); err != nil {
			return err
		}
	}
	t.Fatalf("wrote %d bytes to %s without running out of space", 1<<16*len(buf), name)
	return nil
}

// statfsBytes is the free and total bytes of dir, for comparison.
func statfsBytes(t *testing.T, dir string) (free, size int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Frsize, int64(st.Blocks) * st.Frsize
}

// isENOSPC is errors.Is for ENOSPC, named for failure messages.
func isENOSPC(err error) bool { return errors.Is(err, syscall.ENOSPC) }
