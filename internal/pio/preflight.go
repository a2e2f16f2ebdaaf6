package pio

import (
	"math"
	"os"

	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// SkipDiskCheckEnv, when set, turns the up-front disk check off, so
// that tests can reach the later defences against a full disk (the
// reservation of each dataset's storage before it is written).
const SkipDiskCheckEnv = "H5MPI_SKIP_DISK_CHECK"

// Needs is what a run will take, worked out before it allocates or
// creates anything. Its texts name settings by the library's names
// (setting.Either("Steps", "Chunk")), which a command renders as its
// flags (see package setting).
type Needs struct {
	Memory        int64        // bytes this rank will allocate
	MemoryFor     setting.Text // what for, for the message
	MemorySetting setting.Text // what to lower to need less: the settings that change it

	Out         string       // the output file, or ""
	Data        int64        // bytes of data it will hold
	Datasets    int          // how many datasets
	DiskSetting setting.Text // the settings that change its size or place
}

// Preflight refuses a run that cannot fit, before any work: each rank's
// memory against what it may use (sysres.CheckMemory), and the output's
// data and metadata against its file system's free space. A refusal is
// one line naming the figure, the limit and the setting to change, printed
// once. Collective.
func Preflight(n Needs) error {
	if err := Agree(sysres.CheckMemory(n.Memory, n.MemoryFor, n.MemorySetting)); err != nil {
		return err
	}
	if n.Out == "" || os.Getenv(SkipDiskCheckEnv) != "" {
		return nil
	}
	disk := SumSizes(n.Data, metaRoom(n.Datasets))
	return OnRoot(func() error { return sysres.CheckDisk(n.Out, disk, n.DiskSetting) })
}

// SizeOf is the bytes of count elements of size bytes each (count given as
// factors), saturating at the largest int64 instead of overflowing: a
// figure for checks, where absurd sizes must still compare as too large.
func SizeOf(size int, count ...int) int64 {
	v := float64(size)
	for _, c := range count {
		v *= float64(max(c, 0))
	}
	if v >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}

// SumSizes adds sizes in bytes (none negative), saturating at
// math.MaxInt64 as SizeOf does, so that a size too large to hold is
// still too large, never wrapped round to a small or negative one.
func SumSizes(sizes ...int64) int64 {
	var s int64
	for _, v := range sizes {
		if s > math.MaxInt64-v {
			return math.MaxInt64
		}
		s += v
	}
	return s
}
