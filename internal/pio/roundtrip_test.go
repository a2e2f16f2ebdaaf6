package pio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
)

// The round trip writes three datasets whose every element encodes its
// global index, each rank its own block by Split, then reads blocks back,
// its own and its neighbour's. rtRows is small so that at 7 ranks some
// ranks own no rows at all.
const (
	rtRows = 5
	rtLong = 1000
)

func rtA(i, j int) float64 { return float64(i*10+j) + 0.25 }
func rtB(i int) int32      { return int32(3 * i) }
func rtC(i, j, k int) float32 {
	return float32(i*100+j*10+k) + 0.5
}

func roundTrip(dir string) error {
	size, r := mpi.World.Size(), mpi.World.Rank()
	path := filepath.Join(dir, "rt.h5")
	// cb_buffer_size comes from the environment (set by the test); the
	// option adds romio_cb_write and overrides romio_cb_read.
	f, err := Create(path, Options{Hints: "romio_cb_write=enable,romio_cb_read=disable"})
	if err != nil {
		return err
	}
	if h, err := f.Hints(); err != nil {
		return err
	} else if mpi.Real && (h["cb_buffer_size"] != "1048576" || h["romio_cb_write"] != "enable" || h["romio_cb_read"] != "disable") {
		return fmt.Errorf("MPI-IO hints handed to MPI: %v", h)
	}
	if err := f.SetAttrs(h5.NewAttr("ranks", int64(size)), h5.NewAttr("title", "pio round trip"), h5.NewAttr("scale", []float64{1, 2, 3})); err != nil {
		return err
	}
	a, err := f.CreateDataset("a", h5.Float64, []int{rtRows, 3})
	if err != nil {
		return err
	}
	b, err := f.CreateDataset("b", h5.Int32, []int{rtLong})
	if err != nil {
		return err
	}
	// In groups that do not exist yet: CreateDataset makes them.
	c, err := f.CreateDataset("grp/sub/c", h5.Float32, []int{rtRows, 2, 2})
	if err != nil {
		return err
	}
	if err := a.SetAttrs(h5.NewAttr("unit", "m")); err != nil {
		return err
	}
	// Failures carry HDF5's own reason, which the closes that tidy up
	// after a failed call must not wipe.
	if _, err := f.CreateDataset("a", h5.Float64, []int{1}); err == nil || !strings.Contains(err.Error(), `create dataset "a" float64[1]: unable to create dataset: traversal operator failed: name already exists`) {
		return fmt.Errorf("creating dataset a twice: error %v", err)
	}
	if err := a.SetAttrs(h5.NewAttr("unit", "km")); err == nil || !strings.Contains(err.Error(), `write attribute "unit"`) || !strings.Contains(err.Error(), "already exists") {
		return fmt.Errorf("writing attribute unit twice: error %v", err)
	}
	if err := Write(a, []int{0, 0}, []int{rtRows + 1, 3}, make([]float64, 3*(rtRows+1))); err == nil {
		return fmt.Errorf("write past the end of a: no error")
	}

	off, n := Split(rtRows, size, r)
	bufA := make([]float64, 0, n*3)
	bufC := make([]float32, 0, n*4)
	for i := off; i < off+n; i++ {
		for j := 0; j < 3; j++ {
			bufA = append(bufA, rtA(i, j))
		}
		for j := 0; j < 2; j++ {
			for k := 0; k < 2; k++ {
				bufC = append(bufC, rtC(i, j, k))
			}
		}
	}
	if err := Write(a, []int{off, 0}, []int{n, 3}, bufA); err != nil {
		return err
	}
	if err := Write(c, []int{off, 0, 0}, []int{n, 2, 2}, bufC); err != nil {
		return err
	}
	offB, nB := Split(rtLong, size, r)
	bufB := make([]int32, nB)
	for i := range bufB {
		bufB[i] = rtB(offB + i)
	}
	if err := Write(b, []int{offB}, []int{nB}, bufB); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil && r == 0 {
		return fmt.Errorf("%s exists before Close", path)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(path + PartialSuffix); err == nil {
		return fmt.Errorf("%s left behind after Close", path+PartialSuffix)
	}

	// Read back: this rank's block and the next rank's, converting b to
	// float64 on the way.
	if f, err = Open(path, Options{}); err != nil {
		return err
	}
	if _, err := f.Dataset("nope"); err == nil || !strings.Contains(err.Error(), `no dataset "nope"`) {
		return fmt.Errorf("opening a missing dataset: error %v", err)
	}
	if a, err = f.Dataset("a"); err != nil {
		return err
	}
	if b, err = f.Dataset("b"); err != nil {
		return err
	}
	if a.Type() != h5.Float64 || b.Type() != h5.Int32 || fmt.Sprint(a.Shape()) != "[5 3]" {
		return fmt.Errorf("reopened: a is %v%v, b is %v", a.Type(), a.Shape(), b.Type())
	}
	for _, q := range []int{r, (r + 1) % size} {
		off, n := Split(rtRows, size, q)
		got := make([]float64, n*3)
		if err := Read(a, []int{off, 0}, []int{n, 3}, got); err != nil {
			return err
		}
		for k, v := range got {
			if want := rtA(off+k/3, k%3); v != want {
				return fmt.Errorf("a[%d][%d] = %v, want %v", off+k/3, k%3, v, want)
			}
		}
		offB, nB := Split(rtLong, size, q)
		gotB := make([]float64, nB)
		if err := Read(b, []int{offB}, []int{nB}, gotB); err != nil {
			return err
		}
		for k, v := range gotB {
			if want := float64(rtB(offB + k)); v != want {
				return fmt.Errorf("b[%d] = %v, want %v", offB+k, v, want)
			}
		}
	}
	return f.Close()
}

// checkRoundTrip reads the round trip's file serially with gonum's HDF5
// package, an independent reader, and checks every element.
func checkRoundTrip(t *testing.T, dir string, ranks int) {
	t.Helper()
	path := filepath.Join(dir, "rt.h5")
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		t.Fatalf("gonum/hdf5: %v", err)
	}
	defer f.Close()
	read := func(name string, data any, wantDims []uint) {
		t.Helper()
		d, err := f.OpenDataset(name)
		if err != nil {
			t.Fatalf("gonum/hdf5: %s: %v", name, err)
		}
		defer d.Close()
		dims, _, err := d.Space().SimpleExtentDims()
		if err != nil || fmt.Sprint(dims) != fmt.Sprint(wantDims) {
			t.Fatalf("%s: dims %v (%v), want %v", name, dims, err, wantDims)
		}
		if err := d.Read(data); err != nil {
			t.Fatalf("gonum/hdf5: read %s: %v", name, err)
		}
	}
	a := make([]float64, rtRows*3)
	read("a", &a, []uint{rtRows, 3})
	for k, v := range a {
		if want := rtA(k/3, k%3); v != want {
			t.Errorf("%d ranks: a[%d][%d] = %v, want %v", ranks, k/3, k%3, v, want)
		}
	}
	b := make([]int32, rtLong)
	read("b", &b, []uint{rtLong})
	for i, v := range b {
		if v != rtB(i) {
			t.Errorf("%d ranks: b[%d] = %v, want %v", ranks, i, v, rtB(i))
			break
		}
	}
	c := make([]float32, rtRows*4)
	read("grp/sub/c", &c, []uint{rtRows, 2, 2})
	for k, v := range c {
		if want := rtC(k/4, k/2%2, k%2); v != want {
			t.Errorf("%d ranks: c[%d] = %v, want %v", ranks, k, v, want)
		}
	}
	g, err := f.OpenGroup("/")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	attr, err := g.OpenAttribute("ranks")
	if err != nil {
		t.Fatalf("attribute ranks: %v", err)
	}
	defer attr.Close()
	var got int64
	if err := attr.Read(&got, hdf5.T_NATIVE_INT64); err != nil || got != int64(ranks) {
		t.Errorf("attribute ranks = %d (%v), want %d", got, err, ranks)
	}
	sc, err := g.OpenAttribute("scale")
	if err != nil {
		t.Fatalf("attribute scale: %v", err)
	}
	defer sc.Close()
	var scale [3]float64 // gonum reads attributes into arrays, not slices
	if err := sc.Read(&scale, hdf5.T_NATIVE_DOUBLE); err != nil || fmt.Sprint(scale) != "[1 2 3]" {
		t.Errorf("attribute scale = %v (%v), want [1 2 3]", scale, err)
	}
	ti, err := g.OpenAttribute("title")
	if err != nil {
		t.Fatalf("attribute title: %v", err)
	}
	defer ti.Close()
	var title string
	if err := ti.Read(&title, nil); err != nil || title != "pio round trip" {
		t.Errorf("attribute title = %q (%v), want %q", title, err, "pio round trip")
	}
}
