package sysres

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// resident counts the pages of the file at path that are in this node's
// page cache (mincore(2) over a mapping of it) and the file's pages.
func resident(t *testing.T, path string) (in, all int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	page := os.Getpagesize()
	vec := make([]byte, (len(m)+page-1)/page)
	_, _, e := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0])))
	if e != 0 {
		t.Fatalf("mincore: %v", e)
	}
	for _, v := range vec {
		in += int(v & 1)
	}
	return in, len(vec)
}

// A file just written is in the page cache; after DropCache none of it
// is, and its data is intact. The test directory must be on a file
// system with a page cache in front of storage (not tmpfs), as
// scripts/test.sh's is.
func TestDropCache(t *testing.T) {
	dir := t.TempDir()
	if fs, err := FileSystem(dir); err == nil && fs.Type == "tmpfs" {
		t.Fatalf("%s is on tmpfs, where the page cache is the storage: run the test with TMPDIR on a disk", dir)
	}
	path := filepath.Join(dir, "f")
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if in, all := resident(t, path); in == 0 {
		t.Fatalf("a file just written has none of its %d pages cached: cannot test dropping them", all)
	}
	if err := DropCache(path); err != nil {
		t.Fatal(err)
	}
	if in, all := resident(t, path); in != 0 {
		t.Errorf("after DropCache, %d of %d pages still cached", in, all)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Errorf("file changed by DropCache (%v)", err)
	}
	if err := DropCache(filepath.Join(dir, "none")); err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("DropCache of a missing file: %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}
