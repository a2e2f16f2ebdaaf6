//go:build linux && (amd64 || arm64)

package sysres

import (
	"os"
	"syscall"
)

// fadvDontNeed is POSIX_FADV_DONTNEED on Linux (<linux/fadvise.h>).
const fadvDontNeed = 4

// fadviseDontNeed advises the kernel that f's pages, all of them (offset
// 0, length 0: to the end), are not needed. On amd64 and arm64 fadvise64
// takes the offset and length as whole registers.
func fadviseDontNeed(f *os.File) error {
	_, _, e := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, fadvDontNeed, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
