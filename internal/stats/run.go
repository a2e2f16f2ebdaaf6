package stats

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unsafe"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Config is one run of h5stats. Its settings go by their field names
// ("Chunk", "Normalize") in errors (see package setting).
type Config struct {
	Inputs []Input
	Chunk  int // rows per read; 0 for the default chunk's worth (ChunkRows)

	// Normalize names the output file of the normalised rows, "" for
	// none; Names are its datasets' names, one per input (OutputNames).
	Normalize string
	Names     []string

	// Report, if not nil, is given this rank's report line (the rows and
	// pieces it read), rank after rank.
	Report func(line string)

	Options pio.Options
	Version string // recorded in the normalised file
}

// Validate checks the settings that can be checked before MPI starts
// and the inputs are read; Run relies on it. Chunk's upper bound depends
// on the inputs' columns: Run checks it (ChunkRows).
func (c *Config) Validate() error {
	if c.Chunk < 0 {
		return &setting.Error{Name: "Chunk", Value: c.Chunk, Want: "want a number of rows, or 0 for the default"}
	}
	return nil
}

// Result is what a run found, the same on every rank.
type Result struct {
	Sources []Source
	Rows    int // of the whole table
	Cols    int
	Ranks   int
	Chunk   int // rows per read
	Columns []Column

	Mine      []Piece       // this rank's rows
	Read      time.Duration // the statistics pass, slowest rank
	Normalize time.Duration // the normalisation pass, slowest rank
}

// Values is the number of values in the table.
func (r *Result) Values() int64 { return int64(r.Rows) * int64(r.Cols) }

// Run scans the inputs, computes the statistics of their table, reports
// each rank's rows if asked, and writes the normalised rows if asked.
// Collective: every rank calls it with the same Config, which Validate
// accepted.
func Run(c Config) (*Result, error) {
	if c.Normalize != "" && len(c.Names) != len(c.Inputs) {
		return nil, fmt.Errorf("%d output names for %d inputs", len(c.Names), len(c.Inputs))
	}
	if c.Normalize != "" {
		// Fail before reading anything if the output cannot be made.
		ins := make([]string, len(c.Inputs))
		for i, in := range c.Inputs {
			ins[i] = in.File
		}
		if err := pio.OnRoot(func() error { return outfile.CheckTarget("Normalize", c.Normalize, ins...) }); err != nil {
			return nil, err
		}
	}
	srcs, err := Scan(c.Inputs, c.Options)
	if err != nil {
		return nil, err
	}
	release, err := lockInputs(srcs)
	if err != nil {
		return nil, err
	}
	defer release()
	res := &Result{Sources: srcs, Cols: srcs[0].Cols(), Ranks: mpi.World.Size()}
	rows := make([]int, len(srcs))
	for i, s := range srcs {
		rows[i] = s.Rows()
		res.Rows += s.Rows()
	}
	if res.Chunk, err = ChunkRows(c.Chunk, res.Cols); err != nil {
		return nil, err
	}
	need := pio.Needs{MemorySetting: setting.Either("Chunk")}
	var perColumn int64
	need.Memory, perColumn = memory(res.Chunk, res.Cols, res.Ranks, c.Normalize != "", mpi.World.Rank() == 0)
	need.MemoryFor = setting.Textf("reads of %d rows of %d columns, and %s of statistics for each column", res.Chunk, res.Cols, sysres.Bytes(perColumn))
	if pio.SizeOf(int(perColumn), res.Cols) > pio.SizeOf(valueBytes, res.Chunk, res.Cols) {
		// Every rank holds every column's statistics: a smaller chunk
		// does not help, fewer ranks on a node (more memory each) do.
		need.MemorySetting = setting.Textf("the ranks per node (every rank holds the statistics of all %d columns)", res.Cols)
	}
	if c.Normalize != "" {
		need.Out, need.Datasets, need.DiskSetting = c.Normalize, len(srcs), setting.Either("Normalize")
		need.Data = pio.SizeOf(8, res.Rows, res.Cols)
	}
	if err := pio.Preflight(need); err != nil {
		return nil, err
	}
	res.Mine = Plan(rows, res.Ranks, mpi.World.Rank())
	rd := newReader(srcs, res.Chunk, c.Options)

	mine, err := compute(rd, res)
	if err != nil {
		return nil, err
	}
	if c.Report != nil {
		if err := report(c.Report, res, mine); err != nil {
			return nil, err
		}
	}
	if c.Normalize != "" {
		if err := normalize(c, rd, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// memory is what a rank allocates for a table of cols columns read
// chunk rows at a time on ranks ranks, in bytes, and the part of it that
// each column costs whatever the chunk: per value read, valueBytes and
// the block summaries (one Moments per column and block of at least
// minBlockRows rows); per column, its moments as accumulated, as gathered
// and merged, its final statistics, with -normalize its scaling, and on
// rank 0 its line of the report (table or JSON); and the gather's
// buffers, bounded by gatherBytes.
func memory(chunk, cols, ranks int, normalize, reports bool) (total, perColumn int64) {
	moments, column := int64(unsafe.Sizeof(Moments{})), int64(unsafe.Sizeof(Column{}))
	perColumn = 3*moments + column + 2*int64(unsafe.Sizeof(exact{}))
	if normalize {
		perColumn += 6 * 8 // Scaling's five slices and the maxima
	}
	if reports {
		perColumn += reportBytes
	}
	reads := pio.SizeOf(valueBytes, chunk, cols) + pio.SizeOf(int(moments), chunk/minBlockRows+1, cols)
	gather := min(pio.SizeOf(momentValues*8, cols, ranks+1), 2*gatherBytes)
	sum := float64(reads) + float64(pio.SizeOf(int(perColumn), cols)) + float64(gather)
	return int64(min(sum, math.MaxInt64)), perColumn
}

// valueBytes is what each value of a chunk takes in memory: two float64
// (the chunk being reduced and the next one being read, see overlap) and
// the integer it may have been read as.
const valueBytes = 3 * 8

// reportBytes bounds what one column's line of the report takes while it
// is built: its cells and their text, or its JSON object, each at most
// a few hundred bytes.
const reportBytes = 512

// compute is the statistics pass. It returns this rank's own read time.
func compute(rd *reader, res *Result) (time.Duration, error) {
	if err := mpi.World.Barrier(); err != nil {
		return 0, err
	}
	start := time.Now()
	acc := NewAcc(res.Cols)
	if integers(res.Sources) {
		rd.exact = make([]exact, res.Cols)
	}
	err := rd.overlap(acc.AddRows)
	if err != nil {
		return 0, err
	}
	mine := time.Since(start)
	cols, err := gatherMerge(acc.Cols)
	if err != nil {
		return 0, err
	}
	res.Columns = make([]Column, len(cols))
	for j, m := range cols {
		res.Columns[j] = m.Column()
	}
	if rd.exact != nil {
		ex, err := gatherExact(rd.exact)
		if err != nil {
			return 0, err
		}
		for j, e := range ex {
			res.Columns[j].IntMin, res.Columns[j].IntMax = e.bounds()
		}
		rd.exact = nil
	}
	res.Read, err = slowest(mine)
	return mine, err
}

// gatherBytes bounds what gatherMerge receives at once; momentValues is
// the float64s sent per column.
const (
	gatherBytes  = 32 << 20
	momentValues = 8
)

// gatherMerge gathers every rank's moments on every rank, a block of
// columns at a time, and merges them in rank order, so the result is the
// same on all ranks and from one run to the next. Collective.
func gatherMerge(part []Moments) ([]Moments, error) {
	out := make([]Moments, len(part))
	for j := range out {
		out[j] = Empty()
	}
	err := allGatherColumns(len(part), momentValues,
		func(j int, v []float64) {
			// Counts below 2^53 and K are exact as float64.
			m := part[j]
			copy(v, []float64{float64(m.N), float64(m.NaN), float64(m.Fin), m.Mean, m.M2, float64(m.K), m.Min, m.Max})
		},
		func(j int, v []float64) {
			out[j].Merge(Moments{N: int64(v[0]), NaN: int64(v[1]), Fin: int64(v[2]),
				Mean: v[3], M2: v[4], K: int(v[5]), Min: v[6], Max: v[7]})
		})
	return out, err
}

// allGatherColumns gathers, on every rank, width float64s per column for
// cols columns from every rank, a block of columns at a time (at most
// gatherBytes received at once): pack fills this rank's values of column
// j, and unpack takes each rank's, in rank order. Collective.
func allGatherColumns(cols, width int, pack, unpack func(j int, v []float64)) error {
	size := mpi.World.Size()
	per := max(1, gatherBytes/(width*8*size)) // columns per gather
	send := make([]float64, 0, width*min(per, cols))
	for lo := 0; lo < cols; lo += per {
		hi := min(lo+per, cols)
		send = send[:width*(hi-lo)]
		for j := lo; j < hi; j++ {
			pack(j, send[width*(j-lo):width*(j-lo+1)])
		}
		all, err := mpi.World.AllGatherFloat64(send)
		if err != nil {
			return err
		}
		for r := 0; r < size; r++ {
			v := all[r*len(send) : (r+1)*len(send)]
			for j := lo; j < hi; j++ {
				unpack(j, v[width*(j-lo):width*(j-lo+1)])
			}
		}
	}
	return nil
}

func slowest(d time.Duration) (time.Duration, error) {
	s, err := mpi.World.MaxFloat64(d.Seconds())
	return time.Duration(s * float64(time.Second)), err
}

// report hands each rank's line to f, one rank after the other.
func report(f func(string), res *Result, took time.Duration) error {
	line := ReportLine(mpi.World.Rank(), res.Ranks, res.Rows, res.Sources, res.Mine)
	if len(res.Mine) > 0 {
		line += fmt.Sprintf(" in %.3f s", took.Seconds())
	}
	for r := 0; r < res.Ranks; r++ {
		if r == mpi.World.Rank() {
			f(line)
		}
		if err := mpi.World.Barrier(); err != nil {
			return err
		}
	}
	return nil
}

// ReportLine describes the rows rank r of size read: its block of the
// table and, for each input it touched, the rows of that input.
func ReportLine(r, size, total int, srcs []Source, mine []Piece) string {
	lo, n := pio.Split(total, size, r)
	if n == 0 {
		return fmt.Sprintf("rank %d: no rows (%d rows over %d ranks)", r, total, size)
	}
	parts := make([]string, len(mine))
	for i, p := range mine {
		parts[i] = fmt.Sprintf("%v rows [%d, %d)", srcs[p.Input].Input, p.Offset, p.Offset+p.Count)
	}
	return fmt.Sprintf("rank %d: %d rows, [%d, %d) of %d: %s", r, n, lo, lo+n, total, strings.Join(parts, ", "))
}
