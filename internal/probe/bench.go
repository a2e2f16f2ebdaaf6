package probe

import (
	"fmt"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// Piece is the most a rank moves in one collective call: it bounds each
// rank's buffer and keeps MPI-IO counts far below 2^31 elements.
const Piece = 64 << 20

// Result is what Bench measured, the same on every rank.
type Result struct {
	Ranks     int
	FileBytes int64
	Write     time.Duration // slowest rank: create, write, close
	Read      time.Duration // slowest rank: open, read, close
}

// WriteMiBs and ReadMiBs are the aggregate bandwidths in MiB/s.
func (r Result) WriteMiBs() float64 { return mibs(r.FileBytes, r.Write) }
func (r Result) ReadMiBs() float64  { return mibs(r.FileBytes, r.Read) }

func mibs(n int64, d time.Duration) float64 {
	return float64(n) / (1 << 20) / d.Seconds()
}

func (r Result) String() string {
	return fmt.Sprintf("%d ranks, file %.1f MiB: write %.1f MiB/s (%.3f s), read %.1f MiB/s (%.3f s)",
		r.Ranks, float64(r.FileBytes)/(1<<20), r.WriteMiBs(), r.Write.Seconds(), r.ReadMiBs(), r.Read.Seconds())
}

// Bench writes mib MiB of float64 per rank into its own contiguous block
// of one dataset, with collective writes, then reads the block back and
// checks every value. Value i of the dataset is float64(i), so a block
// misplaced by any rank is caught. Filling and checking buffers is left
// out of the timings; file creation, opening and closing are in them.
// Unless c.Keep is set, the file is removed afterwards. c is valid
// (Validate), with c.MiB >= 1.
func Bench(c Config) (Result, error) {
	path, dataset, mib, keep, o := c.Out, c.Dataset, c.MiB, c.Keep, c.Options
	if err := pio.OnRoot(func() error { return outfile.CheckTarget(c.Flags.Of("Out"), path) }); err != nil {
		return Result{}, err
	}
	r, n := pio.Rank(), pio.Size()
	pieceLen := Piece / 8
	err := pio.Preflight(pio.Needs{
		Memory: pio.SizeOf(8, min(mib<<20/8, pieceLen)), MemoryFor: "one transfer", MemorySetting: c.Flags.Of("MiB"),
		Out: path, Data: pio.SizeOf(1<<20, mib, n), Datasets: 1, DiskSetting: c.Flags.List("MiB", "Out"),
	})
	if err != nil {
		return Result{}, err
	}
	per := mib << 20 / 8 // elements per rank
	buf := make([]float64, min(per, pieceLen))
	res := Result{Ranks: n, FileBytes: int64(per) * int64(n) * 8}

	// Write.
	if err := pio.Barrier(); err != nil {
		return res, err
	}
	var busy time.Duration
	start := time.Now()
	f, err := pio.Create(path, o)
	if err != nil {
		return res, err
	}
	d, err := f.CreateDataset(dataset, pio.Float64, []int{per * n})
	if err != nil {
		return res, err
	}
	for lo := 0; lo < per; lo += pieceLen {
		k := min(pieceLen, per-lo)
		off := r*per + lo
		t := time.Now()
		for i := range buf[:k] {
			buf[i] = float64(off + i)
		}
		busy += time.Since(t)
		if err := d.Write([]int{off}, []int{k}, buf[:k]); err != nil {
			return res, err
		}
	}
	if err := f.Close(); err != nil {
		return res, err
	}
	if res.Write, err = slowest(time.Since(start) - busy); err != nil {
		return res, err
	}

	// Read back and check.
	if err := pio.Barrier(); err != nil {
		return res, err
	}
	busy = 0
	start = time.Now()
	if f, err = pio.Open(path, o); err != nil {
		return res, err
	}
	if d, err = f.Dataset(dataset); err != nil {
		return res, err
	}
	bad := -1
	for lo := 0; lo < per; lo += pieceLen {
		k := min(pieceLen, per-lo)
		off := r*per + lo
		if err := d.Read([]int{off}, []int{k}, buf[:k]); err != nil {
			return res, err
		}
		t := time.Now()
		for i, v := range buf[:k] {
			if v != float64(off+i) && bad < 0 {
				bad = off + i
			}
		}
		busy += time.Since(t)
	}
	if err := f.Close(); err != nil {
		return res, err
	}
	if res.Read, err = slowest(time.Since(start) - busy); err != nil {
		return res, err
	}
	if bad >= 0 {
		return res, fmt.Errorf("%s: %s[%d] read back wrong", path, dataset, bad)
	}
	if !keep && r == 0 {
		if err := os.Remove(path); err != nil {
			return res, err
		}
	}
	return res, nil
}

func slowest(d time.Duration) (time.Duration, error) {
	s, err := pio.MaxFloat64(d.Seconds())
	return time.Duration(s * float64(time.Second)), err
}
