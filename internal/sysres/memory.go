package sysres

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Limit is an amount of memory one process may use, and what limits it.
type Limit struct {
	Bytes  int64  // the limit
	Source string // what sets it: "physical memory", "cgroup memory.max /sys/fs/cgroup/a/memory.max", "RLIMIT_AS", ...
}

// String formats the limit as "4.0 GiB (cgroup memory.max /sys/fs/cgroup/a/memory.max)".
func (l Limit) String() string { return Bytes(l.Bytes) + " (" + l.Source + ")" }

// memLimit is a Limit and whether it binds each process on its own
// (RLIMIT_AS) or all the processes of the node together.
type memLimit struct {
	Limit
	perProcess bool
}

// rlimitAS returns the soft RLIMIT_AS; a variable so tests can set one
// without lowering the test process's own.
var rlimitAS = func() (uint64, error) {
	var r syscall.Rlimit
	err := syscall.Getrlimit(syscall.RLIMIT_AS, &r)
	return r.Cur, err
}

// headroomPercent is the part of a rank's share CheckMemory keeps free:
// the Go runtime, MPI and HDF5 buffers and the OS's page cache need memory
// beyond what a program counts as its own.
const headroomPercent = 10

// MemoryLimit returns the smallest of the limits on this process's memory:
// physical memory (/proc/meminfo MemTotal, else sysinfo(2)), the cgroup v2
// memory.max of its cgroup and of each ancestor up to the top of the
// mounted hierarchy ("max" is no limit), the cgroup v1
// memory.limit_in_bytes likewise (values of 2^62 and above are no limit),
// and RLIMIT_AS (RLIM_INFINITY is no limit). Physical memory and cgroup
// limits are for the whole node or cgroup, not divided among ranks; see
// CheckMemory for the per-rank figure.
func MemoryLimit() Limit {
	best := Limit{Bytes: math.MaxInt64, Source: "no limit found"}
	for _, l := range memoryLimits() {
		if l.Bytes < best.Bytes {
			best = l.Limit
		}
	}
	return best
}

// memoryLimits lists every limit found, each marked node-wide or per process.
func memoryLimits() []memLimit {
	var limits []memLimit
	if n, ok := physicalMemory(); ok {
		limits = append(limits, memLimit{Limit: Limit{Bytes: n, Source: "physical memory"}})
	}
	for _, l := range cgroupLimits() {
		limits = append(limits, memLimit{Limit: l})
	}
	if cur, err := rlimitAS(); err == nil && cur != math.MaxUint64 {
		limits = append(limits, memLimit{Limit: Limit{Bytes: clampInt64(cur), Source: "RLIMIT_AS"}, perProcess: true})
	}
	return limits
}

// physicalMemory reads MemTotal from /proc/meminfo, falling back to
// sysinfo(2) when /proc is not there.
func physicalMemory() (int64, bool) {
	if f, err := os.Open(filepath.Join(procRoot, "meminfo")); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// "MemTotal:       24684096 kB"
			fields := strings.Fields(sc.Text())
			if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
				if kb, err := strconv.ParseInt(fields[1], 10, 64); err == nil && kb > 0 && kb <= math.MaxInt64/1024 {
					return kb * 1024, true
				}
			}
		}
	}
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil || si.Totalram == 0 {
		return 0, false
	}
	unit := uint64(si.Unit)
	if unit == 0 {
		unit = 1 // kernels before 2.3.23 counted bytes
	}
	total := uint64(si.Totalram)
	if total > math.MaxUint64/unit {
		return math.MaxInt64, true
	}
	return clampInt64(total * unit), true
}

// clampInt64 converts a kernel's unsigned count, saturating at MaxInt64.
func clampInt64(v uint64) int64 {
	if v > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}

// CheckMemory returns nil if need bytes fit in what one rank may use, else
// a one-line error that names the need, the limit and the setting to change:
//
//	needs 8.0 GiB of memory per rank (time grid and one particle's trajectory), more than the 1.9 GiB this rank may use (cgroup memory.max /sys/fs/cgroup/x/memory.max: 4.2 GiB shared by 2 ranks on this node, less 10% headroom); lower -steps
//
// what says what the memory is for and change names what to lower,
// settings by their library's names (setting.Either("Steps")), which a
// command renders as its flags (package setting); either may be empty.
//
// A rank may use the smallest of: physical memory and the cgroup limits
// divided by launch.LocalSize (the ranks on a node share them), and RLIMIT_AS
// (which is per process), each less 10% headroom for the Go runtime, MPI
// and HDF5, whose memory a program's own count leaves out.
// localSize is the ranks on this node (tests set their own).
var localSize = launch.LocalSize

func CheckMemory(need int64, what, change setting.Text) error {
	if need <= 0 {
		return nil
	}
	ranks := localSize()
	var (
		allowed int64 = math.MaxInt64
		binding memLimit
	)
	for _, l := range memoryLimits() {
		share := l.Bytes
		if !l.perProcess {
			share /= int64(ranks)
		}
		// floor(share * (100-headroom)/100) without overflowing int64
		share = share/100*(100-headroomPercent) + share%100*(100-headroomPercent)/100
		if share < allowed {
			allowed, binding = share, l
		}
	}
	if need <= allowed {
		return nil
	}
	format, args := "needs %s of memory per rank", []any{Bytes(need)}
	if !what.IsEmpty() {
		format, args = format+" (%v)", append(args, what)
	}
	format, args = format+", more than the %s this rank may use (%s: %s", append(args, Bytes(allowed), binding.Source, Bytes(binding.Bytes))
	if !binding.perProcess && ranks > 1 {
		format, args = format+" shared by %d ranks on this node", append(args, ranks)
	}
	format, args = format+", less %d%% headroom)", append(args, headroomPercent)
	if !change.IsEmpty() {
		format, args = format+"; lower %v", append(args, change)
	}
	return setting.Errorf(format, args...)
}
