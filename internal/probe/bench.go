package probe

import (
	"fmt"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Bench is the I/O probe, with IOR's measurements: c.Reps repetitions,
// each a write phase and a read phase. In the write phase every rank
// creates the file (with c.FPP, a file of its own), writes its block of
// c.Block bytes of float64 in transfers of c.Xfer bytes, flushes it to
// storage unless c.NoSync (IOR's -e) and closes it; in the read phase it
// opens the file again, reads back a block, the block of the rank c's
// read shift away (IOR's -C; see Report.ReadShift), checks every value
// and closes it (unless c.NoCheck). Element i of the data holds float64(i), i counted over
// all ranks' blocks in rank order, so a misplaced block is caught. Each
// phase is timed from a barrier: opening (create or open, and the
// dataset), the transfers, the close (the flush included); filling and
// checking buffers are left out. With c.Deadline a phase ends after that
// long, all ranks at the same transfer (see transfers), and the report
// gives the count and the bytes actually moved; the read phase reads what
// was written. With c.DropCache the file is evicted from the page cache
// between the two phases (dropCache). The files are removed after each
// repetition unless c.Keep, which keeps the last. The report keeps each
// rank's figures; rank 0 writes them to c.CSV and draws them in c.Plot,
// both claimed before the first phase so that a name that cannot be
// written fails the run before any I/O. With c.API mpiio the file is the
// same bytes written and read through MPI-IO alone (Config.API); with
// both, each repetition runs through both, on the same blocks,
// transfers, ranks and sync, HDF5 first in even repetitions and MPI-IO
// first in odd ones (apiOrder). c is valid (Validate), with
// c.Block > 0. Collective.
func Bench(c Config) (*Report, error) {
	hosts, err := pio.Hosts()
	if err != nil {
		return nil, err
	}
	b := &bench{c: c, r: mpi.World.Rank(), n: mpi.World.Size(), per: int(c.Block / 8), xferN: int(c.xfer() / 8), hosts: hosts}
	b.count = b.per / b.xferN
	b.node = pio.NodeOf(hosts)
	nodes, perNode := layout(hosts)
	b.shift = readShift(c.ReadOther, b.n, nodes, perNode)
	if c.FPP {
		err = pio.Agree(outfile.CheckTarget("Out", b.file(b.r)))
	} else {
		err = pio.OnRoot(func() error {
			for _, api := range c.apis() {
				if err := outfile.CheckTarget("Out", b.path(api, 0)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	datasets, copies := 1, 1
	if c.FPP {
		datasets = b.n
	}
	if c.Keep {
		copies = len(c.apis()) // the last repetition's file of each API stays
	}
	err = pio.Preflight(pio.Needs{
		Memory: c.xfer(), MemoryFor: setting.Textf("one transfer"), MemorySetting: setting.Either("Xfer"),
		Out: c.Out, Data: pio.SizeOf(1, int(c.Block), b.n, copies), Datasets: datasets, DiskSetting: setting.Either("Block", "Out"),
	})
	if err != nil {
		return nil, err
	}
	b.buf = make([]float64, b.xferN)
	rep := b.report(hosts, nodes, perNode)
	outs, err := claimOutputs(c, rep)
	if err != nil {
		return nil, err
	}
	if err := b.run(rep); err != nil {
		abandon(outs)
		return nil, err
	}
	rep.summarise()
	if err := writeOutputs(outs); err != nil {
		return nil, err
	}
	return rep, nil
}

// run runs the repetitions into rep.Phases.
func (b *bench) run(rep *Report) error {
	c := b.c
	for i := 0; i < c.reps(); i++ {
		for _, api := range c.apiOrder(i) {
			w, done, err := b.write(i, api, rep)
			if err != nil {
				return err
			}
			if afterWrite != nil {
				afterWrite(b.path(api, b.r))
			}
			if c.DropCache {
				if err := b.dropCache(api); err != nil {
					return err
				}
			}
			rd, err := b.read(i, api, done)
			if err != nil {
				return err
			}
			rep.Phases = append(rep.Phases, w, rd)
			if err := b.remove(api, c.Keep && i == c.reps()-1); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropCache evicts the file just written from the page cache before it
// is read: every rank syncs it and drops it from its node's cache
// (sysres.DropCache), the whole file, not only its own block, since with
// collective buffering the MPI-IO aggregators, not the block's owner,
// write each block, and HDF5's metadata lies outside every block. With a
// file per rank, each rank its own file, which no other rank writes.
// Untimed. Collective.
func (b *bench) dropCache(api string) error {
	if err := mpi.World.Barrier(); err != nil { // the file is complete everywhere
		return err
	}
	return pio.Agree(sysres.DropCache(b.path(api, b.r)))
}

// afterWrite, set by tests, sees each file between its write and its
// read phase.
var afterWrite func(path string)

// bench is one run of Bench on this rank.
type bench struct {
	c     Config
	r, n  int
	per   int // elements per rank
	xferN int // elements per transfer
	count int // transfers per rank
	shift int // the read phase reads rank (r+shift)%n's block
	buf   []float64
	hosts []string // each rank's host
	node  []int    // each rank's node: its host's index in order of first appearance
}

// file is the path of rank r's file: c.Out, or with FPP c.Out with the
// rank in 8 digits appended, as IOR names them.
func (b *bench) file(r int) string {
	if b.c.FPP {
		return fmt.Sprintf("%s.%08d", b.c.Out, r)
	}
	return b.c.Out
}

// at is the dataset offset of transfer k of rank r's block, and base the
// global index of its first element (its value).
func (b *bench) at(r, k int) (offset, base int) {
	base = r*b.per + k*b.xferN
	if b.c.FPP {
		return k * b.xferN, base
	}
	return base, base
}

// layout counts the nodes and the ranks on rank 0's node.
func layout(hosts []string) (nodes, perNode int) {
	seen := map[string]bool{}
	for _, h := range hosts {
		seen[h] = true
		if h == hosts[0] {
			perNode++
		}
	}
	return len(seen), perNode
}

// readShift is how far along the ranks each rank's read block lies: IOR's
// -C shifts by the ranks per node, so that on several nodes no rank
// reads what its own node wrote (and may hold in its page cache). On by
// default when the job spans nodes. Forced on for one node, where the
// ranks per node are all the ranks, it shifts by one.
func readShift(mode string, n, nodes, perNode int) int {
	on := mode == "on" || (mode != "off" && nodes > 1)
	if !on || n < 2 {
		return 0
	}
	if s := perNode % n; s != 0 {
		return s
	}
	return 1
}

func (b *bench) write(rep int, api string, report *Report) (Phase, int, error) {
	ph := Phase{API: api, Op: "write", Rep: rep}
	if err := mpi.World.Barrier(); err != nil {
		return ph, 0, err
	}
	start := time.Now()
	f, err := b.create(api)
	if err != nil {
		return ph, 0, err
	}
	open := time.Since(start)
	if rep == 0 {
		h, err := f.hints()
		if err != nil {
			return ph, 0, err
		}
		report.setHints(api, h)
	}
	done, xfer, err := b.transfers(open, func(k int) error {
		_, base := b.at(b.r, k)
		for i := range b.buf {
			b.buf[i] = float64(base + i)
		}
		return nil
	}, func(k int) error {
		off, _ := b.at(b.r, k)
		return f.transfer(true, off, b.buf)
	}, b.count)
	if err != nil {
		return ph, 0, err
	}
	t := time.Now()
	if !b.c.NoSync {
		if err := f.flush(); err != nil {
			return ph, 0, err
		}
	}
	if err := f.close(); err != nil {
		return ph, 0, err
	}
	ph, err = b.phase(ph, open, xfer, time.Since(t), done)
	return ph, done, err
}

func (b *bench) dataset(f *pio.File) (*pio.Dataset, error) {
	n := b.per
	if !b.c.FPP {
		n *= b.n
	}
	if b.c.Chunk > 0 {
		return f.CreateChunked(b.c.Dataset, h5.Float64, []int{n}, []int{int(b.c.Chunk / 8)})
	}
	return f.CreateDataset(b.c.Dataset, h5.Float64, []int{n})
}

// transfers runs transfer k for k from 0 while k < count, until the
// deadline when there is one, and returns how many ran and the time they
// took. Before each, prepare(k) fills the buffer, untimed, and the ranks
// meet (a reduction that also decides the deadline): the transfers are
// collective, and a rank still filling its buffer, or checking the last
// one's, would otherwise hold up the others inside the timed transfer.
// So no rank's untimed work shows in another's time, and the deadline is
// IOR's stonewalling with wear-out by construction: the ranks decide
// together, from the slowest rank's time, before each transfer, so none
// can get ahead, the phase ends at the first meeting after the deadline
// passed, and every rank returns the same count, the largest any rank
// reached; the file holds every rank's block up to it.
func (b *bench) transfers(open time.Duration, prepare, transfer func(k int) error, count int) (int, time.Duration, error) {
	var xfer time.Duration
	k := 0
	for ; k < count; k++ {
		if err := prepare(k); err != nil {
			return k, xfer, err
		}
		slowest, err := mpi.World.MaxFloat64((open + xfer).Seconds())
		if err != nil {
			return k, xfer, err
		}
		if b.c.Deadline > 0 && k > 0 && slowest >= b.c.Deadline.Seconds() {
			break
		}
		t := time.Now()
		err = transfer(k)
		xfer += time.Since(t)
		if err != nil {
			return k, xfer, err
		}
	}
	return k, xfer, nil
}

func (b *bench) read(rep int, api string, count int) (Phase, error) {
	ph := Phase{API: api, Op: "read", Rep: rep}
	src := (b.r + b.shift) % b.n
	if err := mpi.World.Barrier(); err != nil {
		return ph, err
	}
	start := time.Now()
	f, err := b.open(api, src)
	if err != nil {
		return ph, err
	}
	open := time.Since(start)
	// Transfer k's check is made before transfer k+1 (and after the
	// last), untimed.
	check := func(k int) error {
		if k < 0 || b.c.NoCheck {
			return nil
		}
		off, base := b.at(src, k)
		if i := firstWrong(b.buf, base); i >= 0 {
			ds := b.c.Dataset
			if api == APIMPIIO {
				ds = "" // no dataset: the file's bytes are the data
			}
			return &CheckError{File: b.path(api, src), Dataset: ds, Index: off + i,
				Owner: src, Offset: int64(k*b.xferN+i) * 8, Got: b.buf[i], Want: float64(base + i)}
		}
		return nil
	}
	done, xfer, err := b.transfers(open, func(k int) error { return check(k - 1) }, func(k int) error {
		off, _ := b.at(src, k)
		return f.transfer(false, off, b.buf)
	}, count)
	if err == nil {
		err = check(done - 1)
	}
	if err != nil {
		return ph, err
	}
	t := time.Now()
	if err := f.close(); err != nil {
		return ph, err
	}
	return b.phase(ph, open, xfer, time.Since(t), done)
}

// CheckError is a value read back that is not the one written.
type CheckError struct {
	File, Dataset string  // Dataset "" for the raw MPI-IO file
	Index         int     // element of the dataset
	Owner         int     // the rank whose block it is in
	Offset        int64   // byte offset in that block
	Got, Want     float64 // the value read, the value written
}

func (e *CheckError) Error() string {
	if e.Dataset == "" {
		return fmt.Sprintf("read check: %s: element %d at byte %d (byte %d of rank %d's block) is %v, want %v",
			e.File, e.Index, int64(e.Index)*8, e.Offset, e.Owner, e.Got, e.Want)
	}
	return fmt.Sprintf("read check: %s: %s element %d (byte %d of rank %d's block) is %v, want %v",
		e.File, e.Dataset, e.Index, e.Offset, e.Owner, e.Got, e.Want)
}

// firstWrong is the index of the first element of buf that is not
// float64(base+i), or -1.
func firstWrong(buf []float64, base int) int {
	for i, v := range buf {
		if v != float64(base+i) {
			return i
		}
	}
	return -1
}

// phase fills in ph from every rank's times and transfers: each rank's
// entry, the slowest rank's times, all ranks' bytes. Collective.
func (b *bench) phase(ph Phase, open, xfer, close time.Duration, done int) (Phase, error) {
	v := []float64{open.Seconds(), xfer.Seconds(), close.Seconds(), (open + xfer + close).Seconds(), float64(done)}
	all, err := mpi.World.AllGatherFloat64(v)
	if err != nil {
		return ph, err
	}
	ph.Ranks = make([]RankPhase, b.n)
	for i := range ph.Ranks {
		w := all[i*len(v) : (i+1)*len(v)]
		ph.Ranks[i] = RankPhase{Rank: i, Host: b.hosts[i], Node: b.node[i],
			Open: w[0], Xfer: w[1], Close: w[2], Total: w[3], Transfers: int(w[4]), Bytes: int64(w[4]) * b.c.xfer()}
	}
	ph.fill(b.count)
	return ph, nil
}

// remove deletes this repetition's files, unless they are kept: rank 0
// the shared file, each rank its own. Collective: no rank may still be
// reading a file another removes.
func (b *bench) remove(api string, keep bool) error {
	if err := mpi.World.Barrier(); err != nil {
		return err
	}
	var err error
	if !keep && ((b.c.FPP && api == APIHDF5) || b.r == 0) {
		err = os.Remove(b.path(api, b.r))
	}
	return pio.Agree(err)
}

func (b *bench) report(hosts []string, nodes, perNode int) *Report {
	c := b.c
	k, _ := c.Options.Knobs.Resolved() // Create has checked them
	r := &Report{
		MPI: mpi.Version(), HDF5: h5.Version(),
		Ranks: b.n, Nodes: nodes, RanksPerNode: perNode, Hosts: hosts,
		Settings: Settings{
			API: c.apiName(), File: c.Out, Dataset: c.Dataset, FilePerProcess: c.FPP,
			Block: c.Block, Xfer: c.xfer(), BlockText: setting.FormatSize(c.Block), XferText: setting.FormatSize(c.xfer()),
			Reps: c.reps(), Collective: !c.Options.Independent, Sync: !c.NoSync,
			ReadShift: b.shift, Chunk: c.Chunk, Deadline: c.Deadline.Seconds(),
			Align: k.Align, AlignThreshold: k.Threshold, CollMetadata: k.CollMetadata, StrictCollective: k.StrictCollective,
			StripeCount: k.StripeCount, StripeSize: k.StripeSize,
			Hints: c.Options.Hints, Keep: c.Keep, Check: !c.NoCheck,
			DropCache: c.DropCache, CSV: c.CSV, Plot: c.Plot,
		},
		TotalBytes: c.Block * int64(b.n),
		ReadBack:   readBack(hosts, b.shift, c.DropCache, fsType(c.Out)),
	}
	if c.apiName() != APIHDF5 {
		r.Settings.FileMPIIO = c.Out + MPIIOSuffix
	}
	return r
}

// fsType is the type of the file system that holds path ("ext4",
// "tmpfs"), "" if unknown.
func fsType(path string) string {
	fs, err := sysres.FileSystem(path)
	if err != nil {
		return ""
	}
	return fs.Type
}

// readBack says where the read phase's data comes from (Report.ReadBack):
// another node's block when every rank reads a block written on another
// host, from storage when the cache was dropped, else the page cache. On
// tmpfs, dropping evicts nothing: its pages are its storage.
func readBack(hosts []string, shift int, dropped bool, fs string) ReadBack {
	if fs == "tmpfs" && dropped {
		rb := readBack(hosts, shift, false, "")
		if rb.Method == ReadNeither {
			rb.Warning = "the file is on tmpfs, whose pages are its storage: dropping the cache evicts nothing, and the read figure is memory's"
		}
		return rb
	}
	n := len(hosts)
	own := 0 // ranks reading a block written on their own node
	for r, h := range hosts {
		if hosts[(r+shift)%n] == h {
			own++
		}
	}
	rb := ReadBack{OwnNode: own}
	switch {
	case own == 0 && dropped:
		rb.Method = ReadOtherNodeDropped
	case own == 0:
		rb.Method = ReadOtherNode
	case dropped:
		rb.Method = ReadDropped
	default:
		rb.Method = ReadNeither
		rb.Warning = fmt.Sprintf("%d of %d ranks read back a block written on their own node, whose page cache may hold it: "+
			"the read figure is the page cache's, not the storage's", own, n)
	}
	return rb
}
