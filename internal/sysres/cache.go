package sysres

import (
	"fmt"
	"os"
)

// DropCache writes the file at path to storage and then asks the kernel
// to drop its pages from this node's page cache, so that the next read of
// it comes from storage: fsync, then posix_fadvise(POSIX_FADV_DONTNEED)
// over the whole file. Only clean pages can be dropped, hence the fsync
// first. It is advice: pages that another process maps or locks stay,
// and where the page cache is the storage (tmpfs) nothing is dropped.
// Each node has its own page cache, so on several nodes every node that
// wrote or read the file drops it for itself.
func DropCache(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("drop %s from the page cache: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("drop %s from the page cache: fsync: %w", path, err)
	}
	if err := fadviseDontNeed(f); err != nil {
		return fmt.Errorf("drop %s from the page cache: posix_fadvise: %w", path, err)
	}
	return nil
}
