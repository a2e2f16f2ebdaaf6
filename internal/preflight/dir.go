package preflight

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Dir is the output directory's figures and findings.
type Dir struct {
	Path   string `json:"path"`
	Type   string `json:"type"`
	Mount  string `json:"mount"`
	Bytes  int64  `json:"test_file_bytes"`
	Locks  bool   `json:"locks_work"`
	Lustre string `json:"lustre_layout,omitempty"`
	Failed string `json:"failed_at,omitempty"` // the stage that failed
}

// dirFacts is what one rank found in the directory.
type dirFacts struct {
	Type   string `json:"type"`
	Mount  string `json:"mount"`
	Stage  string `json:"stage,omitempty"` // the stage that failed, the same on every rank
	Err    string `json:"error,omitempty"` // this rank's own account of it
	Read   int    `json:"read"`            // the rank whose block it read back
	Lock   string `json:"lock,omitempty"`  // why flock failed, "" if it worked
	Lustre string `json:"lustre,omitempty"`
}

// dataset is the test file's one dataset.
const dataset = "preflight"

// partner is the rank whose block rank r reads back: the rank of the
// same place on the next node (its last when that node has fewer), so
// that what one node wrote is read by another; on one node, the next
// rank.
func partner(nodes []node, r int) int {
	for i, n := range nodes {
		for j, x := range n.ranks {
			if x != r {
				continue
			}
			if len(nodes) == 1 {
				return n.ranks[(j+1)%len(n.ranks)]
			}
			next := nodes[(i+1)%len(nodes)].ranks
			return next[min(j, len(next)-1)]
		}
	}
	return r
}

// verdict shares a stage's outcome: failed when any rank's err is
// non-nil (this rank's own account kept in f), fatal when MPI itself
// fails. Collective.
func (f *dirFacts) verdict(stage string, err error, names map[string]string) (failed bool, fatal error) {
	a := pio.Agree(err)
	if a == nil {
		return false, nil
	}
	var se *pio.SharedError
	if !errors.As(a, &se) {
		return false, a
	}
	f.Stage = stage
	var own *pio.SharedError
	if err != nil && !(errors.As(err, &own) && !own.Print) {
		f.Err = setting.Render(err, names).Error()
	}
	return true, nil
}

// runDir tests cfg.Dir: its file system; the free space for the test
// file; a file created collectively there through pio (which checks
// that every rank sees what rank 0 created); every rank's block written,
// and another's read back and checked; flock on every node; the file
// removed. A stage that fails on any rank ends the test on every rank,
// with nothing left in the directory. Collective.
func runDir(cfg Config, nodes []node) (*dirFacts, error) {
	f := &dirFacts{}
	me, size := mpi.World.Rank(), mpi.World.Size()
	fs, err := sysres.FileSystem(filepath.Join(cfg.Dir, "."))
	if err == nil {
		f.Type, f.Mount = fs.Type, fs.Mount
		var st os.FileInfo
		if st, err = os.Stat(cfg.Dir); err == nil && !st.IsDir() {
			err = fmt.Errorf("%s is not a directory", cfg.Dir)
		}
	}
	if failed, fatal := f.verdict("file system", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}

	// A name of this run's: rank 0's random number, shared.
	v := []int{0}
	if me == 0 {
		v[0] = int(rand.Int64() >> 1)
	}
	if err := mpi.World.BcastInts(v); err != nil {
		return nil, err
	}
	path := filepath.Join(cfg.Dir, fmt.Sprintf("h5mpi-preflight-%x.h5", v[0]))
	per := int(cfg.block() / 8)
	err = pio.Preflight(pio.Needs{Out: path, Data: pio.SizeOf(8, per, size), Datasets: 1, DiskSetting: setting.Either("Dir", "Block")})
	if failed, fatal := f.verdict("free space", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}

	file, err := pio.Create(path, pio.Options{})
	if failed, fatal := f.verdict("create", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}
	// From here a failure closes and removes the file on its way out.
	closed := false
	defer func() {
		if !closed {
			file.Close()
		}
		if me == 0 {
			outfile.AbandonAll()
			os.Remove(path)
		}
	}()
	if me == 0 && f.Type == "lustre" {
		if l, err := sysres.LustreLayout(path + pio.PartialSuffix); err == nil {
			f.Lustre = l.String()
		} else {
			f.Lustre = err.Error()
		}
	}
	d, err := file.CreateDataset(dataset, h5.Int64, []int{size * per})
	if failed, fatal := f.verdict("create dataset", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}
	block := make([]int64, per)
	for i := range block {
		block[i] = pattern(me, i)
	}
	err = pio.Write(d, []int{me * per}, []int{per}, block)
	if failed, fatal := f.verdict("write", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}
	closed = true
	err = file.Close()
	if failed, fatal := f.verdict("close", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}

	f.Read = partner(nodes, me)
	err = readBack(path, f.Read, per)
	if failed, fatal := f.verdict("read back", err, cfg.Names); failed || fatal != nil {
		return f, fatal
	}
	if err := flock(path); err != nil {
		f.Lock = err.Error()
	}
	// Every rank is done with the file before rank 0 removes it.
	if err := mpi.World.Barrier(); err != nil {
		return nil, err
	}
	return f, nil
}

// pattern is the value at index i of rank r's block.
func pattern(r, i int) int64 { return int64(r)<<32 | int64(i) }

// readBack opens path collectively and checks rank r's block of n
// values. Collective.
func readBack(path string, r, n int) error {
	g, err := pio.Open(path, pio.Options{})
	if err != nil {
		return err
	}
	d, err := g.Dataset(dataset)
	if err == nil {
		got := make([]int64, n)
		if err = pio.Read(d, []int{r * n}, []int{n}, got); err == nil {
			for i, v := range got {
				if v != pattern(r, i) {
					err = fmt.Errorf("%s: rank %d's block read back wrong at value %d: %#x, want %#x", path, r, i, v, pattern(r, i))
					break
				}
			}
		}
	}
	return errors.Join(err, g.Close())
}

// flock takes and drops a shared flock(2) on path, without waiting, as
// HDF5 locks the files it opens (unless HDF5_USE_FILE_LOCKING=FALSE).
func flock(path string) error {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer syscall.Close(fd)
	if err := syscall.Flock(fd, syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("flock: %w", err)
	}
	return syscall.Flock(fd, syscall.LOCK_UN)
}

// stages say what failed, by the stage's name.
var stages = map[string]string{
	"file system":    "the directory unusable",
	"free space":     "too little room for the test file",
	"create":         "the test file not created",
	"create dataset": "its dataset not created",
	"write":          "a block not written",
	"close":          "the file not closed",
	"read back":      "a block not read back as written",
}

// checkDir judges the directory's test from every rank's findings.
func checkDir(cfg Config, nodes []node, facts []rankFacts) Check {
	c := Check{Name: "dir", OK: true}
	d := &Dir{Path: cfg.Dir, Bytes: cfg.block() * int64(len(facts)), Locks: true}
	c.Data = d
	f0 := facts[0].Dir
	d.Type, d.Mount, d.Lustre = f0.Type, f0.Mount, f0.Lustre
	// The file system's type on each node, when they differ.
	types := map[string]bool{}
	for _, n := range nodes {
		types[facts[n.ranks[0]].Dir.Type] = true
	}
	if len(types) > 1 {
		for _, n := range nodes {
			fd := facts[n.ranks[0]].Dir
			c.Details = append(c.Details, fmt.Sprintf("%s: %s on %s", n.host, fd.Type, fd.Mount))
		}
	}
	if stage := f0.Stage; stage != "" {
		d.Failed = stage
		c.OK = false
		why := "a rank failed"
		for _, f := range facts {
			if f.Dir.Err != "" {
				why = f.Dir.Err
				break
			}
		}
		c.Line = fmt.Sprintf("%s (%s): expected a test file written, read back and removed, found %s: %s; nothing was left there", cfg.Dir, fsName(d), stages[stage], why)
		return c
	}
	var lockBad []string
	for _, n := range nodes {
		if e := facts[n.ranks[0]].Dir.Lock; e != "" {
			lockBad = append(lockBad, n.host+": "+e)
		}
	}
	if len(lockBad) > 0 {
		d.Locks = false
		msg := fmt.Sprintf("file locks fail (%s)", strings.Join(lockBad, "; "))
		if pio.FileLocking() {
			c.OK = false
			c.Line = fmt.Sprintf("%s (%s): expected file locks to work, as HDF5 takes them on every file it opens, found %s: run with %s=FALSE", cfg.Dir, fsName(d), msg, pio.FileLockingEnv)
			return c
		}
		c.Notes = append(c.Notes, msg+", and "+pio.FileLockingEnv+"="+os.Getenv(pio.FileLockingEnv)+" has HDF5 do without them")
	}
	read := "another rank's block read back"
	switch {
	case len(facts) == 1:
		read = "its block read back"
	case len(nodes) > 1:
		read = "each node's blocks read back on another node"
	}
	shared := fmt.Sprintf("is one file system for all %d nodes", len(nodes))
	if len(nodes) == 1 {
		shared = "on one node (not seen from another)"
	}
	c.Line = fmt.Sprintf("%s (%s) %s: an HDF5 file of %s written through MPI-IO by %d %s, %s, file locks work, removed", cfg.Dir, fsName(d), shared, sysres.Bytes(d.Bytes), len(facts), plural(len(facts), "rank"), read)
	if !d.Locks {
		c.Line = strings.Replace(c.Line, "file locks work", "file locks not used", 1)
	}
	if d.Lustre != "" {
		c.Details = append(c.Details, "Lustre layout of the test file: "+d.Lustre)
	}
	return c
}

// fsName is "nfs on /shared".
func fsName(d *Dir) string {
	if d.Type == "" {
		return "file system unknown"
	}
	return d.Type + " on " + d.Mount
}
