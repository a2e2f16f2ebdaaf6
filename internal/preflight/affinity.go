package preflight

import (
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// Affinity is the calling thread's affinity mask, sched_getaffinity(2):
// the CPUs it may run on. The launcher binds a rank by setting it before
// the program starts, and every thread inherits it.
func Affinity() (CPUSet, error) {
	// The kernel refuses a buffer smaller than its own mask: grow it.
	for words := 16; words <= 1<<14; words *= 4 {
		mask := make([]uint64, words)
		n, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, uintptr(8*words), uintptr(unsafe.Pointer(&mask[0])))
		if errno == syscall.EINVAL {
			continue
		}
		if errno != 0 {
			return nil, fmt.Errorf("sched_getaffinity: %w", errno)
		}
		var s CPUSet
		for i := 0; i < int(n)*8; i++ {
			if mask[i/64]&(1<<(i%64)) != 0 {
				s = append(s, i)
			}
		}
		return s, nil
	}
	return nil, fmt.Errorf("sched_getaffinity: the mask is larger than %d CPUs", 64<<14)
}

// onlineFile lists the CPUs the node has running.
const onlineFile = "/sys/devices/system/cpu/online"

// NodeCPUs is the CPUs of this node that are online: a rank whose mask
// holds them all is not bound.
func NodeCPUs() (CPUSet, error) {
	b, err := os.ReadFile(onlineFile)
	if err != nil {
		return nil, fmt.Errorf("the node's CPUs: %w", err)
	}
	return ParseCPUList(string(b))
}
