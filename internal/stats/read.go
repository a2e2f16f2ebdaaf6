package stats

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// DefaultChunkBytes is the size, as float64, of one read when no chunk
// size is given, on a rank with one CPU: it bounds each of a rank's two
// buffers (the chunk being reduced and the next one, see overlap). Such
// a rank reduces each chunk right after its read, which wrote it into
// the core's L2 cache; half of a 1 MiB L2 leaves room for the page-cache
// lines the copy streams through it. On a machine with 1 MiB of L2 a
// core, 512 KiB chunks read 1.10 times as fast as 1 MiB ones on one rank
// and 1.05 times on two (BENCHMARKS.md); smaller ones pay more per read
// than they gain in the cache.
const DefaultChunkBytes = 512 << 10

// DefaultOverlapChunkBytes is DefaultChunkBytes for a rank with a second
// CPU, which reduces each chunk on another core while it reads the next:
// the reducer reads the chunk from the reading core's cache, not its own
// L2, and fewer chunks are fewer hand-overs. There 1 MiB chunks read 1.08
// times as fast as 512 KiB ones (BENCHMARKS.md).
const DefaultOverlapChunkBytes = 1 << 20

// defaultChunkBytes is this rank's default chunk.
func defaultChunkBytes() int {
	if twoCPUs() {
		return DefaultOverlapChunkBytes
	}
	return DefaultChunkBytes
}

// MaxChunkValues is the most values one read may move, which keeps
// MPI-IO counts far below 2^31 and each buffer at most 1 GiB.
const MaxChunkValues = 1 << 27

// ChunkRows returns the rows per read: chunk if positive, else as many
// rows of cols float64 values as fit in this rank's default chunk,
// DefaultChunkBytes or DefaultOverlapChunkBytes (at least one).
// Too many rows for one read is a *setting.Error of setting "Chunk".
func ChunkRows(chunk, cols int) (int, error) {
	if chunk <= 0 {
		return max(1, defaultChunkBytes()/(8*cols)), nil
	}
	if chunk > MaxChunkValues/cols {
		return 0, setting.Bad("Chunk", chunk, "%d rows of %d columns in one read, want at most %d values", chunk, cols, MaxChunkValues)
	}
	return chunk, nil
}

// reader reads this rank's rows of every input, chunk by chunk, with the
// same sequence of collective calls on every rank.
type reader struct {
	srcs  []Source
	cols  int
	chunk int
	mine  []Piece   // this rank's piece of each input; Count 0 if none
	reads []int     // reads per input, the same on every rank
	buf   []float64 // the largest chunk this rank reads
	o     pio.Options

	// exact, if set, takes each column's extremes exactly, from the
	// integers as read (integers() tables only).
	exact []exact
	ints  []int64  // int64 inputs' chunk as read, for exact
	uints []uint64 // uint64 inputs' chunk as read, for exact
}

func newReader(srcs []Source, chunk int, o pio.Options) *reader {
	rows := make([]int, len(srcs))
	for i, s := range srcs {
		rows[i] = s.Rows()
	}
	rd := &reader{srcs: srcs, cols: srcs[0].Cols(), chunk: chunk, o: o,
		mine: make([]Piece, len(srcs)), reads: Reads(rows, mpi.World.Size(), chunk)}
	for i := range rd.mine {
		rd.mine[i].Input = i
	}
	most := 0
	for _, p := range Plan(rows, mpi.World.Size(), mpi.World.Rank()) {
		rd.mine[p.Input] = p
		most = max(most, p.Count)
	}
	rd.buf = make([]float64, min(most, chunk)*rd.cols)
	return rd
}

// block is the hyperslab of n rows from row, whole along the other
// dimensions of shape.
func block(shape []int, row, n int) (offset, count []int) {
	offset, count = make([]int, len(shape)), append([]int{n}, shape[1:]...)
	offset[0] = row
	return offset, count
}

// each reads every input's chunks in order, into rd.buf, and calls fn
// with each chunk (rows as float64, row-major) and the block it came
// from; a chunk may be empty. fn may replace rd.buf by another buffer of
// the same length, into which the next chunk is read (overlap does).
// Collective.
func (rd *reader) each(fn func(input int, offset, count []int, rows []float64) error) error {
	for i, s := range rd.srcs {
		if rd.reads[i] == 0 {
			continue // no rows: no rank reads it
		}
		if err := rd.input(i, s, fn); err != nil {
			return setting.Errorf("input %v: %w", s.Input, err)
		}
	}
	return nil
}

func (rd *reader) input(i int, s Source, fn func(int, []int, []int, []float64) error) error {
	f, err := pio.Open(s.File, rd.o)
	if err != nil {
		return err
	}
	d, err := f.Dataset(s.Dataset)
	if err == nil && (fmt.Sprint(d.Shape()) != fmt.Sprint(s.Shape) || d.Type() == 0) {
		err = fmt.Errorf("changed since it was scanned: now %v%v, was %v%v", d.Type(), d.Shape(), s.Type, s.Shape)
	}
	p := rd.mine[i]
	for k := 0; err == nil && k < rd.reads[i]; k++ {
		lo := k * rd.chunk
		n := min(max(p.Count-lo, 0), rd.chunk)
		row := 0
		if n > 0 {
			row = p.Offset + lo
		}
		off, cnt := block(s.Shape, row, n)
		buf := rd.buf[:n*rd.cols]
		if err = rd.read(d, s.Type, off, cnt, buf); err == nil {
			err = fn(i, off, cnt, buf)
		}
	}
	if err != nil {
		return err // the job ends: the file is not closed collectively
	}
	return f.Close()
}

// read reads a block into buf as float64; with exact set, a 64-bit
// integer input is read as its own type first, its extremes taken, then
// converted (narrower integers are exact as float64).
func (rd *reader) read(d *pio.Dataset, t h5.Type, off, cnt []int, buf []float64) error {
	switch {
	case rd.exact != nil && t == h5.Int64:
		if len(rd.ints) < len(buf) {
			rd.ints = make([]int64, len(rd.buf))
		}
		v := rd.ints[:len(buf)]
		if err := pio.Read(d, off, cnt, v); err != nil {
			return err
		}
		for k, x := range v {
			rd.exact[k%rd.cols].addI(x)
			buf[k] = float64(x)
		}
	case rd.exact != nil && t == h5.Uint64:
		if len(rd.uints) < len(buf) {
			rd.uints = make([]uint64, len(rd.buf))
		}
		v := rd.uints[:len(buf)]
		if err := pio.Read(d, off, cnt, v); err != nil {
			return err
		}
		for k, x := range v {
			rd.exact[k%rd.cols].addU(x)
			buf[k] = float64(x)
		}
	default:
		if err := pio.Read(d, off, cnt, buf); err != nil {
			return err
		}
		if rd.exact != nil {
			for k, x := range buf {
				rd.exact[k%rd.cols].addI(int64(x))
			}
		}
	}
	return nil
}
