package sysres

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Reserve allocates the first n bytes of the existing file at path on
// disk (fallocate(2) mode 0, as posix_fallocate), so that later writes
// within [0, n) cannot fail for lack of space: a program that reserves its
// output's size before writing fails at once, not hours later with a half
// written file. The file grows to n bytes if smaller and is never shrunk.
//
// A lack of space comes back wrapped by DiskFull, naming the file system
// and its free space; any size the failed call added is taken back. Where
// the file system cannot fallocate (EOPNOTSUPP, ENOSYS: some network and
// FUSE file systems), Reserve only checks that the free space covers n less
// what the file already has allocated (st_blocks), and returns nil if so:
// a check, not a reservation, that other writers can still invalidate.
//
// Call it before other processes write the file: taking back a failed
// call's growth truncates to the size the file had when Reserve began.
func Reserve(path string, n int64) error {
	if n < 0 {
		return fmt.Errorf("reserve %d bytes for %s: negative size", n, path)
	}
	// O_WRONLY without O_CREAT or O_TRUNC: the file is the caller's,
	// made already, and its contents stay. O_NONBLOCK: what was put in
	// its place (a FIFO) must fail, not hold the open for ever.
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		err = errors.New("not a regular file (a FIFO)")
	}
	if err != nil {
		return fmt.Errorf("reserve %s for %s: %w", Bytes(n), path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("reserve %s for %s: not a regular file (%v)", Bytes(n), path, fi.Mode().Type())
	}
	if n == 0 {
		return nil // fallocate refuses a zero length; nothing to do
	}
	fd := int(f.Fd())
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return fmt.Errorf("reserve %s for %s: fstat: %w", Bytes(n), path, err)
	}
	for {
		err = syscall.Fallocate(fd, 0, 0, n)
		if err != syscall.EINTR {
			break
		}
	}
	switch {
	case err == nil:
		return nil
	case err == syscall.EOPNOTSUPP || err == syscall.ENOSYS:
		return checkFree(path, n, st.Blocks*512)
	case IsDiskFull(err):
		// Some file systems keep what they allocated before running out;
		// give back whatever lies beyond the old end of the file.
		var after syscall.Stat_t
		if syscall.Fstat(fd, &after) == nil && after.Size > st.Size {
			_ = syscall.Ftruncate(fd, st.Size)
		}
		return DiskFull(path, fmt.Errorf("reserve %s for %s: %w", Bytes(n), path, err))
	default:
		return fmt.Errorf("reserve %s for %s: fallocate: %w", Bytes(n), path, err)
	}
}

// checkFree is Reserve's fallback: an error wrapping ENOSPC if the file
// system's free space is short of n bytes less the allocated bytes.
func checkFree(path string, n, allocated int64) error {
	more := n - allocated
	if more <= 0 {
		return nil
	}
	fs, err := FileSystem(path)
	if err != nil {
		return fmt.Errorf("reserve %s for %s: %w", Bytes(n), path, err)
	}
	if more <= fs.Free {
		return nil
	}
	return &diskFullError{
		err: fmt.Errorf("reserve %s for %s (%s more than it has): %w", Bytes(n), path, Bytes(more), syscall.ENOSPC),
		fs:  fs,
	}
}
