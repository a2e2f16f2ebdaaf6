package pio

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
)

// knobsEnv, with workerEnv naming a directory, makes the test binary an
// MPI program running one of the knobs' scenarios there (props_mpi_test.go
// launches it on several ranks).
const knobsEnv = "PIO_TEST_KNOBS"

// knobsWorker runs scenario sc in dir on every rank and returns the exit
// status; failures end the job through fail.
func knobsWorker(sc, dir string) int {
	if err := mpi.Init(); err != nil {
		fail(err)
	}
	var err error
	switch sc {
	case "align", "plain":
		err = alignScenario(dir, sc == "align")
	case "fallback":
		err = fallbackScenario(dir)
	case "own":
		err = ownScenario(dir)
	default:
		err = fmt.Errorf("no scenario %q", sc)
	}
	if err != nil {
		fail(err)
	}
	mpi.Finalize()
	return 0
}

// alignScenario writes two contiguous datasets, one too small to align,
// and a chunked one; aligned, with 64 KiB alignment from 16 KiB up.
func alignScenario(dir string, align bool) error {
	var o Options
	if align {
		o.Align = "64k:16k"
	}
	f, err := Create(filepath.Join(dir, "a.h5"), o)
	if err != nil {
		return err
	}
	for _, d := range []struct {
		name  string
		n     int
		chunk int
	}{{"small", 100, 0}, {"big", 5000, 0}, {"big2", 7000, 0}, {"chunked", 6000, 1000}} {
		var ds *Dataset
		if d.chunk > 0 {
			ds, err = f.CreateChunked(d.name, h5.Float64, []int{d.n}, []int{d.chunk})
		} else {
			ds, err = f.CreateDataset(d.name, h5.Float64, []int{d.n})
		}
		if err != nil {
			return err
		}
		off, k := Split(d.n, mpi.World.Size(), mpi.World.Rank())
		buf := make([]float64, k)
		for i := range buf {
			buf[i] = float64(off + i)
		}
		if err := Write(ds, []int{off}, []int{k}, buf); err != nil {
			return err
		}
		if got := ds.Offset(); (d.chunk > 0) != (got < 0) {
			return fmt.Errorf("%s: Offset %d", d.name, got)
		}
	}
	return f.Close()
}

// fallbackScenario writes float32 into a float64 dataset collectively,
// twice: HDF5 1.10 converts types only with independent I/O.
func fallbackScenario(dir string) error {
	f, err := Create(filepath.Join(dir, "f.h5"), Options{})
	if err != nil {
		return err
	}
	d, err := f.CreateDataset("x", h5.Float64, []int{4 * mpi.World.Size()})
	if err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		if err := Write(d, []int{4 * mpi.World.Rank()}, []int{4}, []float32{1, 2, 3, 4}); err != nil {
			return err
		}
	}
	return f.Close()
}

// ownScenario: every rank writes a file of its own, then reads the next
// rank's.
func ownScenario(dir string) error {
	name := func(r int) string { return filepath.Join(dir, fmt.Sprintf("own.%d.h5", r)) }
	f, err := CreateOwn(name(mpi.World.Rank()), Options{})
	if err != nil {
		return err
	}
	d, err := f.CreateDataset("x", h5.Int32, []int{10})
	if err != nil {
		return err
	}
	buf := make([]int32, 10)
	for i := range buf {
		buf[i] = int32(100*mpi.World.Rank() + i)
	}
	if err := Write(d, []int{0}, []int{10}, buf); err != nil {
		return err
	}
	if err := f.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := mpi.World.Barrier(); err != nil {
		return err
	}
	next := (mpi.World.Rank() + 1) % mpi.World.Size()
	if f, err = OpenOwn(name(next), Options{}); err != nil {
		return err
	}
	if d, err = f.Dataset("x"); err != nil {
		return err
	}
	if err := Read(d, []int{0}, []int{10}, buf); err != nil {
		return err
	}
	for i, v := range buf {
		if v != int32(100*next+i) {
			return fmt.Errorf("%s: x[%d] = %d, want %d", name(next), i, v, 100*next+i)
		}
	}
	return f.Close()
}

// A file another process holds locked: HDF5's lock fails, and the error
// names HDF5_USE_FILE_LOCKING; with it FALSE the open works.
func TestFileLockAdvice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "l.h5")
	// Made by gonum's HDF5: pio's Create needs MPI started in the MPI
	// build, and this test runs in the test process itself.
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_TRUNC)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Open(path, syscall.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	// A lock of another open file description conflicts as another
	// process's would.
	if err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	g, err := OpenSerial(path)
	if err == nil {
		g.Close()
		t.Fatal("OpenSerial of a file locked elsewhere: no error")
	}
	if !strings.Contains(err.Error(), "unable to lock file") || !strings.Contains(err.Error(), FileLockingEnv+"=FALSE") {
		t.Errorf("error %q does not name %s=FALSE", err, FileLockingEnv)
	}
	t.Setenv(FileLockingEnv, "FALSE")
	g, err = OpenSerial(path)
	if err != nil {
		t.Fatalf("with %s=FALSE: %v", FileLockingEnv, err)
	}
	g.Close()
}

func TestKnobsResolve(t *testing.T) {
	for _, tc := range []struct {
		k    Knobs
		env  map[string]string
		want knobs
		err  string
	}{
		{Knobs{}, nil, knobs{collMeta: true}, ""},
		{Knobs{Align: "1m"}, nil, knobs{align: 1 << 20, threshold: 1 << 20, collMeta: true}, ""},
		{Knobs{Align: "1m:4k"}, nil, knobs{align: 1 << 20, threshold: 4 << 10, collMeta: true}, ""},
		{Knobs{}, map[string]string{AlignEnv: "4m"}, knobs{align: 4 << 20, threshold: 4 << 20, collMeta: true}, ""},
		{Knobs{Align: "0"}, map[string]string{AlignEnv: "4m"}, knobs{threshold: 1, collMeta: true}, ""},
		{Knobs{}, map[string]string{CollMetadataEnv: "0", StrictEnv: "1", ShowHintsEnv: "true"}, knobs{strict: true, show: true}, ""},
		{Knobs{CollMetadata: On, StrictCollective: Off}, map[string]string{CollMetadataEnv: "0", StrictEnv: "1"}, knobs{collMeta: true}, ""},
		{Knobs{}, map[string]string{AlignEnv: "1q"}, knobs{}, AlignEnv + ": size \"1q\""},
		{Knobs{}, map[string]string{StrictEnv: "maybe"}, knobs{}, StrictEnv + "=maybe: want 1 or 0"},
		// A stripe size is the alignment unless one is given.
		{Knobs{StripeCount: "4", StripeSize: "1m"}, nil, knobs{align: 1 << 20, threshold: 1 << 20, collMeta: true, stripes: stripes{count: 4, size: 1 << 20}}, ""},
		{Knobs{StripeSize: "4m", Align: "64k"}, nil, knobs{align: 64 << 10, threshold: 64 << 10, collMeta: true, stripes: stripes{size: 4 << 20}}, ""},
		{Knobs{StripeSize: "4m", Align: "0"}, nil, knobs{threshold: 1, collMeta: true, stripes: stripes{size: 4 << 20}}, ""},
		{Knobs{StripeSize: "4m"}, map[string]string{AlignEnv: "64k"}, knobs{align: 64 << 10, threshold: 64 << 10, collMeta: true, stripes: stripes{size: 4 << 20}}, ""},
		{Knobs{}, map[string]string{StripeCountEnv: "8", StripeSizeEnv: "2m"}, knobs{align: 2 << 20, threshold: 2 << 20, collMeta: true, stripes: stripes{count: 8, size: 2 << 20, countEnv: true, sizeEnv: true}}, ""},
		{Knobs{StripeCount: "2"}, map[string]string{StripeCountEnv: "8"}, knobs{collMeta: true, stripes: stripes{count: 2}}, ""},
		{Knobs{}, map[string]string{StripeCountEnv: "0"}, knobs{}, StripeCountEnv + "=0: want a whole number of stripes"},
		{Knobs{}, map[string]string{StripeSizeEnv: "1000"}, knobs{}, StripeSizeEnv + "=1000: want a multiple of 64k"},
		{Knobs{StripeCount: "-1"}, nil, knobs{}, "StripeCount -1: want a whole number of stripes"},
	} {
		for _, e := range []string{AlignEnv, CollMetadataEnv, StrictEnv, ShowHintsEnv, StripeCountEnv, StripeSizeEnv} {
			t.Setenv(e, tc.env[e])
		}
		got, err := tc.k.resolve()
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%+v %v: error %v, want %q", tc.k, tc.env, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%+v %v: %+v (%v), want %+v", tc.k, tc.env, got, err, tc.want)
		}
	}
}

func TestSwitchFlag(t *testing.T) {
	var s Switch
	if s.String() != "" {
		t.Errorf("unset switch prints %q", s.String())
	}
	for in, want := range map[string]Switch{"true": On, "1": On, "false": Off, "0": Off} {
		if err := s.Set(in); err != nil || s != want {
			t.Errorf("Set(%q): %v, %v", in, s, err)
		}
	}
	if err := s.Set("perhaps"); err == nil {
		t.Error("Set(perhaps): no error")
	}
}

// HDF5_USE_FILE_LOCKING takes HDF5's values; anything else is an error
// that names it.
func TestHonourLocking(t *testing.T) {
	for v, ok := range map[string]bool{"": true, "FALSE": true, "0": true, "true": true, "1": true, "BEST_EFFORT": true, "no": false} {
		t.Setenv(FileLockingEnv, v)
		p, err := serialAccess()
		if (err == nil) != ok {
			t.Errorf("%s=%q: error %v, want ok %v", FileLockingEnv, v, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), FileLockingEnv+"="+v+": want FALSE, TRUE or BEST_EFFORT") {
			t.Errorf("%s=%q: error %v does not say what is wanted", FileLockingEnv, v, err)
		}
		if err == nil && (v == "") != (p == h5.Default) {
			t.Errorf("%s=%q: access list %v", FileLockingEnv, v, p)
		}
		releasePlist(p)
	}
}
