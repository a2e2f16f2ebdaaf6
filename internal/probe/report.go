package probe

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
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
	// written (rank 0's), its defaults included where it reports them;
	// HintsAppliedMPIIO those of the first raw MPI-IO file when the run
	// wrote both kinds.
	HintsApplied      map[string]string `json:"hints_applied"`
	HintsAppliedMPIIO map[string]string `json:"hints_applied_mpiio,omitempty"`
	TotalBytes        int64             `json:"total_bytes"` // all ranks' blocks
	ReadBack          ReadBack          `json:"read_back"`
	Phases            []Phase           `json:"phases"`  // write and read of each repetition, in order
	Summary           []Summary         `json:"summary"` // write, then read, of each API in turn
	// Ratios weigh HDF5 against MPI-IO alone, write then read, when the
	// run used both.
	Ratios []Ratio `json:"ratios,omitempty"`
}

// Settings are the run's settings as in force.
type Settings struct {
	API              string  `json:"api"`                  // hdf5, mpiio or both (Config.API)
	FileMPIIO        string  `json:"file_mpiio,omitempty"` // the raw MPI-IO file, with API mpiio or both
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
	Check            bool    `json:"check"`      // values read checked
	DropCache        bool    `json:"drop_cache"` // the file evicted from the page cache between write and read
	CSV              string  `json:"csv"`        // each rank's figures written there; "": none
	Plot             string  `json:"plot"`       // each rank's rates drawn there; "": none
}

// ReadBack is where the read phase's data came from, and so what its
// figure measures.
type ReadBack struct {
	Method  string `json:"method"`            // one of the Read constants
	OwnNode int    `json:"own_node_ranks"`    // ranks that read a block written on their own node
	Warning string `json:"warning,omitempty"` // with ReadNeither: why the figure is not the storage's
}

// The read-back methods (ReadBack.Method).
const (
	ReadOtherNode        = "another node's block"                // every rank reads a block written on another node (the read shift)
	ReadDropped          = "dropped cache"                       // the file was evicted from the page cache after the write
	ReadOtherNodeDropped = "another node's block, dropped cache" // both
	ReadNeither          = "neither"                             // the read may come from the page cache
)

// Phase is one phase of one repetition: times in seconds of the slowest
// rank, the bytes all ranks moved, and the bandwidth they make; then each
// rank's own figures.
type Phase struct {
	API       string  `json:"api"` // "hdf5" or "mpiio"
	Op        string  `json:"op"`  // "write" or "read"
	Rep       int     `json:"rep"`
	Open      float64 `json:"open_s"`  // create or open, and the dataset
	Xfer      float64 `json:"xfer_s"`  // the transfers
	Close     float64 `json:"close_s"` // the close, with the flush to storage when syncing
	Total     float64 `json:"total_s"` // open + xfer + close
	Bytes     int64   `json:"bytes"`
	MiBs      float64 `json:"mib_s"`     // Bytes / Total, MiB/s
	Transfers int     `json:"transfers"` // made by each rank, the same on every rank
	Stopped   bool    `json:"stopped"`   // ended by the deadline
	// Ranks are each rank's figures, in rank order: the phase's times
	// are their largest, its bytes their sum.
	Ranks []RankPhase `json:"ranks"`
}

// RankPhase is one rank's part of a phase, timed from the phase's common
// barrier. A rank's times include its waits inside collective calls for
// the slower ranks, so with collective transfers the ranks' transfer
// times are close, and a straggler shows most plainly with -independent.
type RankPhase struct {
	Rank      int     `json:"rank"`
	Host      string  `json:"host"`
	Node      int     `json:"node"` // its host's index among the job's hosts, in order of first appearance
	Open      float64 `json:"open_s"`
	Xfer      float64 `json:"xfer_s"`
	Close     float64 `json:"close_s"`
	Total     float64 `json:"total_s"` // open + xfer + close
	Transfers int     `json:"transfers"`
	Bytes     int64   `json:"bytes"`
	MiBs      float64 `json:"mib_s"` // Bytes / Total
}

// fill works out the phase's figures from its ranks': the largest time
// of each kind, the sum of the bytes, the transfer count (every rank's,
// the largest any reached), and whether it fell short of count.
func (p *Phase) fill(count int) {
	p.Open, p.Xfer, p.Close, p.Total, p.Bytes, p.Transfers = 0, 0, 0, 0, 0, 0
	for i := range p.Ranks {
		q := &p.Ranks[i]
		q.MiBs = rate(q.Bytes, q.Total)
		p.Open, p.Xfer, p.Close, p.Total = max(p.Open, q.Open), max(p.Xfer, q.Xfer), max(p.Close, q.Close), max(p.Total, q.Total)
		p.Bytes += q.Bytes
		p.Transfers = max(p.Transfers, q.Transfers)
	}
	p.MiBs = rate(p.Bytes, p.Total)
	p.Stopped = p.Transfers < count
}

// rate is n bytes in t seconds in MiB/s, 0 for no time.
func rate(n int64, t float64) float64 {
	if t <= 0 {
		return 0
	}
	return float64(n) / (1 << 20) / t
}

// Summary is a phase over the repetitions: bandwidth in MiB/s (maximum,
// minimum, mean and standard deviation, over the repetitions as a whole
// population, as IOR's summary has it) and the mean time; then the
// slowest rank: each rank's time is its total in the phase, averaged
// over the repetitions, and the slowest's is set against the median of
// the ranks' (the lowest rank among equals).
type Summary struct {
	API         string  `json:"api"`
	Op          string  `json:"op"`
	Max         float64 `json:"max_mib_s"`
	Min         float64 `json:"min_mib_s"`
	Mean        float64 `json:"mean_mib_s"`
	StdDev      float64 `json:"stddev_mib_s"`
	MeanTime    float64 `json:"mean_s"`
	Reps        int     `json:"reps"`
	SlowestRank int     `json:"slowest_rank"`
	SlowestHost string  `json:"slowest_host"`
	SlowestTime float64 `json:"slowest_s"`     // its mean total
	MedianTime  float64 `json:"median_rank_s"` // the median of the ranks' mean totals
	Transfers   int     `json:"transfers"`     // per rank, summed over the repetitions
	Bytes       int64   `json:"bytes"`         // all ranks', summed over the repetitions
}

func (r *Report) summarise() {
	r.Summary = nil
	for _, api := range r.apis() {
		for _, op := range []string{"write", "read"} {
			var ps []Phase
			for _, p := range r.Phases {
				if apiOf(p.API) == api && p.Op == op {
					ps = append(ps, p)
				}
			}
			s := summarise(op, ps)
			s.API = api
			r.Summary = append(r.Summary, s)
		}
	}
	r.Ratios = ratios(r.Summary)
}

// apis are the APIs the run used, in the order it used them.
func (r *Report) apis() []string {
	c := Config{API: r.Settings.API}
	return c.apis()
}

// apiOf is a phase's API, "" spelt out.
func apiOf(api string) string {
	if api == "" {
		return APIHDF5
	}
	return api
}

// setHints records the hints applied to the first file of api.
func (r *Report) setHints(api string, h map[string]string) {
	if api == APIMPIIO && r.Settings.API == APIBoth {
		r.HintsAppliedMPIIO = h
		return
	}
	r.HintsApplied = h
}

// Ratio is HDF5's cost over MPI-IO alone in one phase: HDF5's mean time
// over MPI-IO's, each the mean of the phase's totals over the
// repetitions (h5bench's observed against raw rate, inverted: a ratio of
// 1.07 is 7% more time through HDF5). The rates' ratio is its inverse
// only when every repetition moved the same bytes.
type Ratio struct {
	Op        string  `json:"op"`
	HDF5      float64 `json:"hdf5_mean_s"`
	MPIIO     float64 `json:"mpiio_mean_s"`
	TimeRatio float64 `json:"time_ratio"` // HDF5 / MPIIO
	Reps      int     `json:"reps"`       // of each
}

// ratios pairs the summaries of the two APIs phase by phase, where both
// measured it.
func ratios(sums []Summary) []Ratio {
	var out []Ratio
	for _, op := range []string{"write", "read"} {
		var h, m *Summary
		for i := range sums {
			switch s := &sums[i]; {
			case s.Op != op || s.Reps == 0:
			case s.API == APIHDF5:
				h = s
			case s.API == APIMPIIO:
				m = s
			}
		}
		if h == nil || m == nil || m.MeanTime <= 0 {
			continue
		}
		out = append(out, Ratio{Op: op, HDF5: h.MeanTime, MPIIO: m.MeanTime, TimeRatio: h.MeanTime / m.MeanTime, Reps: min(h.Reps, m.Reps)})
	}
	return out
}

func summarise(op string, ps []Phase) Summary {
	s := Summary{Op: op, Reps: len(ps)}
	if len(ps) == 0 {
		return s
	}
	s.Max, s.Min = math.Inf(-1), math.Inf(1)
	var ranks []float64 // each rank's summed total
	for _, p := range ps {
		v := p.MiBs
		s.Max, s.Min = max(s.Max, v), min(s.Min, v)
		s.Mean += v
		s.MeanTime += p.Total
		s.Transfers += p.Transfers
		s.Bytes += p.Bytes
		if ranks == nil {
			ranks = make([]float64, len(p.Ranks))
		}
		for i, q := range p.Ranks {
			if i < len(ranks) {
				ranks[i] += q.Total
			}
		}
	}
	n := float64(len(ps))
	s.Mean /= n
	s.MeanTime /= n
	for _, p := range ps {
		s.StdDev += (p.MiBs - s.Mean) * (p.MiBs - s.Mean)
	}
	s.StdDev = math.Sqrt(s.StdDev / n)
	if len(ranks) == 0 {
		return s
	}
	for i := range ranks {
		ranks[i] /= n
		if ranks[i] > ranks[s.SlowestRank] {
			s.SlowestRank = i
		}
	}
	s.SlowestTime = ranks[s.SlowestRank]
	s.SlowestHost = ps[0].Ranks[s.SlowestRank].Host
	s.MedianTime = median(ranks)
	return s
}

// median is the middle value of v, or the mean of the two middle ones.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	w := slices.Clone(v)
	slices.Sort(w)
	m := len(w) / 2
	if len(w)%2 == 1 {
		return w[m]
	}
	return (w[m-1] + w[m]) / 2
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
	switch s.API {
	case APIMPIIO:
		file = "one shared file " + s.FileMPIIO + " through MPI-IO alone"
	case APIBoth:
		file = fmt.Sprintf("one shared file %s through HDF5 and %s through MPI-IO alone, in turn", s.File, s.FileMPIIO)
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
	fmt.Fprintf(&b, "read-back: %s\n", r.ReadBack.Method)
	if r.ReadBack.Warning != "" {
		fmt.Fprintf(&b, "warning: %s\n", r.ReadBack.Warning)
	}
	fmt.Fprintf(&b, "%s; HDF5 %s\n", r.MPI, r.HDF5)
	fmt.Fprintf(&b, "hints applied: %s\n", pio.FormatHints(r.HintsApplied))
	if r.HintsAppliedMPIIO != nil {
		fmt.Fprintf(&b, "hints applied (MPI-IO alone): %s\n", pio.FormatHints(r.HintsAppliedMPIIO))
	}
	b.WriteString("\n")
	const row = "%-7s %10s %10s %10s %9s %9s %9s %9s %10s %7s %4s\n"
	// With MPI-IO alone, or both, an api column ends each line.
	apiCol := func(api string) string { return "" }
	if s.API != APIHDF5 && s.API != "" {
		apiCol = func(api string) string { return " " + api }
	}
	fmt.Fprintf(&b, strings.TrimSuffix(row, "\n")+"%s\n", "access", "bw(MiB/s)", "block(KiB)", "xfer(KiB)", "open(s)", "xfer(s)", "close(s)", "total(s)", "MiB moved", "xfers", "rep", apiCol("api"))
	for _, p := range r.Phases {
		stop := apiCol(p.API)
		if p.Stopped {
			stop += " deadline"
		}
		fmt.Fprintf(&b, strings.TrimSuffix(row, "\n")+"%s\n", p.Op, f2(p.MiBs), fmt.Sprint(s.Block>>10), fmt.Sprint(s.Xfer>>10),
			f4(p.Open), f4(p.Xfer), f4(p.Close), f4(p.Total), f2(float64(p.Bytes)/(1<<20)), fmt.Sprint(p.Transfers), fmt.Sprint(p.Rep), stop)
	}
	b.WriteString("\n")
	const sum = "%-7s %10s %10s %11s %9s %9s %4s\n"
	fmt.Fprintf(&b, strings.TrimSuffix(sum, "\n")+"%s\n", "summary", "max(MiB/s)", "min(MiB/s)", "mean(MiB/s)", "stddev", "mean(s)", "reps", apiCol("api"))
	for _, m := range r.Summary {
		fmt.Fprintf(&b, strings.TrimSuffix(sum, "\n")+"%s\n", m.Op, f2(m.Max), f2(m.Min), f2(m.Mean), f2(m.StdDev), f4(m.MeanTime), fmt.Sprint(m.Reps), apiCol(m.API))
	}
	if r.Ranks > 1 {
		b.WriteString("\n")
		for _, m := range r.Summary {
			if m.Reps > 0 {
				b.WriteString(m.slowest() + "\n")
			}
		}
	}
	if len(r.Ratios) > 0 {
		b.WriteString("\n")
	}
	for _, q := range r.Ratios {
		fmt.Fprintf(&b, "HDF5/MPI-IO %s time ratio %.2f (mean %s s against %s s, %d reps each)\n", q.Op, q.TimeRatio, f4(q.HDF5), f4(q.MPIIO), q.Reps)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// slowest names the slowest rank: "slowest write: rank 3 on nodeB,
// 1.92 s, 1.60x the median 1.20 s (each rank's total, mean of 3 reps)".
func (m Summary) slowest() string {
	ratio := "-"
	if m.MedianTime > 0 {
		ratio = fmt.Sprintf("%.2fx", m.SlowestTime/m.MedianTime)
	}
	over := "one rep"
	if m.Reps > 1 {
		over = fmt.Sprintf("mean of %d reps", m.Reps)
	}
	op := m.Op
	if m.API != "" && m.API != APIHDF5 {
		op += " (" + m.API + ")"
	}
	return fmt.Sprintf("slowest %s: rank %d on %s, %.4f s, %s the median %.4f s (each rank's total, %s)",
		op, m.SlowestRank, m.SlowestHost, m.SlowestTime, ratio, m.MedianTime, over)
}

// CSVHeader names the columns of CSV.
var CSVHeader = []string{"rank", "host", "node", "op", "rep", "open_s", "xfer_s", "close_s", "total_s", "transfers", "bytes", "mib_s", "api"}

// CSV writes a row per rank, phase and repetition (in the order of
// Phases, ranks in rank order) under the header CSVHeader. Times are in
// seconds, rates in MiB/s, each as the shortest decimal that reads back
// as the same float64, as in the JSON.
func (r *Report) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, p := range r.Phases {
		api := apiOf(p.API)
		for _, q := range p.Ranks {
			cw.Write([]string{strconv.Itoa(q.Rank), q.Host, strconv.Itoa(q.Node), p.Op, strconv.Itoa(p.Rep),
				g(q.Open), g(q.Xfer), g(q.Close), g(q.Total), strconv.Itoa(q.Transfers), strconv.FormatInt(q.Bytes, 10), g(q.MiBs), api})
		}
	}
	cw.Flush()
	return cw.Error()
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
