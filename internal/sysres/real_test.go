package sysres

import (
	"math"
	"syscall"
	"testing"

	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// TestThisMachine reads the real /proc, cgroups and mounts, with no
// fixtures, and logs what it finds (go test -v shows it).
func TestThisMachine(t *testing.T) {
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		t.Fatal(err)
	}
	physical := int64(si.Totalram) * int64(si.Unit)

	lim := MemoryLimit()
	t.Logf("MemoryLimit() = %s; physical memory %s; launch.LocalSize() = %d", lim, Bytes(physical), launch.LocalSize())
	for _, l := range memoryLimits() {
		t.Logf("  limit found: %s (per process: %v)", l.Limit, l.perProcess)
	}
	if lim.Bytes <= 0 || lim.Bytes > physical || lim.Source == "" {
		t.Errorf("MemoryLimit() = %+v: not within (0, physical memory %d]", lim, physical)
	}
	if err := CheckMemory(math.MaxInt64, setting.Textf("everything"), setting.Either("N")); err == nil {
		t.Error("CheckMemory(MaxInt64) = nil")
	} else {
		t.Logf("CheckMemory(MaxInt64): %v", err)
	}

	fs, err := FileSystem("/tmp/sysres-probe.h5")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("FileSystem(/tmp/sysres-probe.h5) = %s", fs)
	if fs.Mount == "" || fs.Type == "" || fs.Size <= 0 || fs.Free < 0 || fs.Free > fs.Size {
		t.Errorf("FileSystem(/tmp/...) = %+v: implausible", fs)
	}
	root, err := FileSystem("/")
	if err != nil || root.Mount != "/" {
		t.Errorf("FileSystem(/) = %+v, %v; want mount /", root, err)
	}
	if err := CheckDisk("/tmp/sysres-probe.h5", math.MaxInt64, setting.Either("Out")); err == nil {
		t.Error("CheckDisk(MaxInt64) = nil")
	} else {
		t.Logf("CheckDisk(MaxInt64): %v", err)
	}
}
