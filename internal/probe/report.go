package probe

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// Report is what Bench measured, the same on every rank; as JSON, the
// whole of it.
type Report struct {
	MPI          string   `json:"mpi"`
	HDF5         string   `json:"hdf5"`
	Ranks        int      `json:"ranks"`
	Nodes        int      `json:"nodes"`
	RanksPerNode int      `json:"ranks_per_node"` // on rank 0's node
	Hosts        []string `json:"hosts"`          // each rank's, in rank order
	Settings     Settings `json:"settings"`
	// HintsApplied are the MPI-IO hints MPI applied to the first file
	// written (rank 0's), its defaults included where it reports them.
	HintsApplied map[string]string `json:"hints_applied"`
	TotalBytes   int64             `json:"total_bytes"` // all ranks' blocks
	Phases       []Phase           `json:"phases"`      // write and read of each repetition, in order
	Summary      []Summary         `json:"summary"`     // write, then read
}

// Settings are the run's settings as in force.
type Settings struct {
	File             string  `json:"file"`
	Dataset          string  `json:"dataset"`
	FilePerProcess   bool    `json:"file_per_process"`
	Block            int64   `json:"block_bytes"` // per rank
	Xfer             int64   `json:"xfer_bytes"`  // per rank and transfer
	BlockText        string  `json:"block"`
	XferText         string  `json:"xfer"`
	Reps             int     `json:"reps"`
	Collective       bool    `json:"collective"`
	Sync             bool    `json:"sync"`
	ReadShift        int     `json:"read_shift"` // rank r reads rank (r+read_shift)%ranks's block
	Chunk            int64   `json:"chunk_bytes"`
	Deadline         float64 `json:"deadline_s"` // 0: none
	Align            int64   `json:"align_bytes"`
	AlignThreshold   int64   `json:"align_threshold_bytes"`
	CollMetadata     bool    `json:"coll_metadata"`
	StrictCollective bool    `json:"strict_collective"`
	StripeCount      int     `json:"stripe_count"`      // Lustre stripes asked for; 0: the file system's
	StripeSize       int64   `json:"stripe_size_bytes"` // 0: the file system's
	Hints            string  `json:"hints"`             // asked for, besides $H5MPI_HINTS
	Keep             bool    `json:"keep"`
	Check            bool    `json:"check"` // values read checked
}

// Phase is one phase of one repetition: times in seconds of the slowest
// rank, the bytes all ranks moved, and the bandwidth they make.
type Phase struct {
	Op      string  `json:"op"` // "write" or "read"
	Rep     int     `json:"rep"`
	Open    float64 `json:"open_s"`  // create or open, and the dataset
	Xfer    float64 `json:"xfer_s"`  // the transfers
	Close   float64 `json:"close_s"` // the close, with the flush to storage when syncing
	Total   float64 `json:"total_s"` // open + xfer + close
	Bytes   int64   `json:"bytes"`
	MiBs    float64 `json:"mib_s"`   // Bytes / Total, MiB/s
	Stopped bool    `json:"stopped"` // ended by the deadline
}

// Summary is a phase over the repetitions: bandwidth in MiB/s (maximum,
// minimum, mean and standard deviation, over the repetitions as a whole
// population, as IOR's summary has it) and the mean time.
type Summary struct {
	Op       string  `json:"op"`
	Max      float64 `json:"max_mib_s"`
	Min      float64 `json:"min_mib_s"`
	Mean     float64 `json:"mean_mib_s"`
	StdDev   float64 `json:"stddev_mib_s"`
	MeanTime float64 `json:"mean_s"`
	Reps     int     `json:"reps"`
}

func (r *Report) summarise() {
	r.Summary = nil
	for _, op := range []string{"write", "read"} {
		var bw, ts []float64
		for _, p := range r.Phases {
			if p.Op == op {
				bw, ts = append(bw, p.MiBs), append(ts, p.Total)
			}
		}
		r.Summary = append(r.Summary, summarise(op, bw, ts))
	}
}

func summarise(op string, bw, ts []float64) Summary {
	s := Summary{Op: op, Reps: len(bw)}
	if len(bw) == 0 {
		return s
	}
	s.Max, s.Min = math.Inf(-1), math.Inf(1)
	for i, v := range bw {
		s.Max, s.Min = max(s.Max, v), min(s.Min, v)
		s.Mean += v
		s.MeanTime += ts[i]
	}
	s.Mean /= float64(len(bw))
	s.MeanTime /= float64(len(bw))
	for _, v := range bw {
		s.StdDev += (v - s.Mean) * (v - s.Mean)
	}
	s.StdDev = math.Sqrt(s.StdDev / float64(len(bw)))
	return s
}

// Text writes the report as a person reads it: the settings, then a
// table with a line per phase and repetition and a summary, as IOR's.
func (r *Report) Text(w io.Writer) error {
	s := r.Settings
	var b strings.Builder
	file := "one shared file " + s.File
	if s.FilePerProcess {
		file = "a file per rank, " + s.File + ".RANK"
	}
	fmt.Fprintf(&b, "%d ranks on %d node(s) (%d on the first), %s, dataset %s\n", r.Ranks, r.Nodes, r.RanksPerNode, file, s.Dataset)
	mode := "collective"
	if !s.Collective {
		mode = "independent"
	}
	layout := "contiguous"
	if s.Chunk > 0 {
		layout = fmt.Sprintf("chunked (%s)", mib(s.Chunk))
	}
	sync := "flushed to storage before close"
	if !s.Sync {
		sync = "not flushed before close (page cache)"
	}
	fmt.Fprintf(&b, "block %s per rank, transfer %s, %s in all; %s transfers, %s, %s\n", mib(s.Block), mib(s.Xfer), mib(r.TotalBytes), mode, layout, sync)
	read := "its own block"
	if s.ReadShift != 0 {
		read = fmt.Sprintf("the block of rank r+%d", s.ReadShift)
	}
	align := "none"
	if s.Align > 0 {
		align = fmt.Sprintf("%s from %s", mib(s.Align), mib(s.AlignThreshold))
	}
	if s.StripeCount > 0 || s.StripeSize > 0 {
		align += "; striping asked for:"
		if s.StripeCount > 0 {
			align += fmt.Sprintf(" %d stripes", s.StripeCount)
		}
		if s.StripeSize > 0 {
			align += " of " + mib(s.StripeSize)
		}
	}
	dl := ""
	if s.Deadline > 0 {
		dl = fmt.Sprintf("; deadline %gs per phase", s.Deadline)
	}
	check := ""
	if !s.Check {
		check = " (not checked)"
	}
	fmt.Fprintf(&b, "rank r reads %s%s; alignment %s; collective metadata %v%s\n", read, check, align, s.CollMetadata, dl)
	fmt.Fprintf(&b, "%s; HDF5 %s\n", r.MPI, r.HDF5)
	fmt.Fprintf(&b, "hints applied: %s\n\n", pio.FormatHints(r.HintsApplied))
	const row = "%-7s %10s %10s %10s %9s %9s %9s %9s %10s %4s\n"
	fmt.Fprintf(&b, row, "access", "bw(MiB/s)", "block(KiB)", "xfer(KiB)", "open(s)", "xfer(s)", "close(s)", "total(s)", "MiB moved", "rep")
	for _, p := range r.Phases {
		stop := ""
		if p.Stopped {
			stop = " deadline"
		}
		fmt.Fprintf(&b, strings.TrimSuffix(row, "\n")+"%s\n", p.Op, f2(p.MiBs), fmt.Sprint(s.Block>>10), fmt.Sprint(s.Xfer>>10),
			f4(p.Open), f4(p.Xfer), f4(p.Close), f4(p.Total), f2(float64(p.Bytes)/(1<<20)), fmt.Sprint(p.Rep), stop)
	}
	b.WriteString("\n")
	const sum = "%-7s %10s %10s %11s %9s %9s %4s\n"
	fmt.Fprintf(&b, sum, "summary", "max(MiB/s)", "min(MiB/s)", "mean(MiB/s)", "stddev", "mean(s)", "reps")
	for _, m := range r.Summary {
		fmt.Fprintf(&b, sum, m.Op, f2(m.Max), f2(m.Min), f2(m.Mean), f2(m.StdDev), f4(m.MeanTime), fmt.Sprint(m.Reps))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func f2(v float64) string { return fmt.Sprintf("%.2f", v) }
func f4(v float64) string { return fmt.Sprintf("%.4f", v) }

// mib writes a size in bytes as MiB, or KiB under one MiB.
func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%g MiB", float64(n)/(1<<20))
}
