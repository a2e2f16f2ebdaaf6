//go:build !mpi

package probe

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Both APIs on one rank (the stand-in: HDF5's default driver, and an
// os.File for MPI-IO): alternating phases, HDF5 first in the first
// repetition and MPI-IO first in the second, a summary of each and the
// ratios of their mean times; nothing left.
func TestBenchBothStandin(t *testing.T) {
	dir := t.TempDir()
	c := Config{Out: filepath.Join(dir, "b.h5"), Dataset: "test", PerRank: 1, Block: 64 << 10, Xfer: 16 << 10, Reps: 2, API: APIBoth}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := Bench(c)
	if err != nil {
		t.Fatal(err)
	}
	var apis []string
	for _, p := range r.Phases {
		apis = append(apis, p.API+" "+p.Op)
	}
	if got, want := strings.Join(apis, ","), "hdf5 write,hdf5 read,mpiio write,mpiio read,mpiio write,mpiio read,hdf5 write,hdf5 read"; got != want {
		t.Errorf("phases %s, want %s", got, want)
	}
	if len(r.Summary) != 4 || len(r.Ratios) != 2 {
		t.Fatalf("summary %+v, ratios %+v", r.Summary, r.Ratios)
	}
	for i, q := range r.Ratios {
		h, m := r.Summary[i], r.Summary[2+i]
		if q.Op != h.Op || q.Op != m.Op || h.API != APIHDF5 || m.API != APIMPIIO || q.HDF5 != h.MeanTime || q.MPIIO != m.MeanTime ||
			math.Abs(q.TimeRatio-h.MeanTime/m.MeanTime) > 1e-12 || q.Reps != 2 {
			t.Errorf("ratio %+v from %+v and %+v", q, h, m)
		}
	}
	if r.Settings.FileMPIIO != c.Out+MPIIOSuffix {
		t.Errorf("raw file %q, want %q", r.Settings.FileMPIIO, c.Out+MPIIOSuffix)
	}
	var b strings.Builder
	if err := r.Text(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\nHDF5/MPI-IO write time ratio ") || !strings.Contains(b.String(), "\nHDF5/MPI-IO read time ratio ") {
		t.Errorf("text report without the ratios:\n%s", b.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %v", ents)
	}
}

// The read check of the raw file catches a value changed on disk between
// the write and the read, naming the raw file, the element and its byte.
func TestBenchMPIIOCheck(t *testing.T) {
	dir := t.TempDir()
	c := Config{Out: filepath.Join(dir, "b.h5"), Dataset: "test", PerRank: 1, Block: 1 << 10, API: APIMPIIO}
	afterWrite = func(path string) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteAt(make([]byte, 8), 5*8) // element 5 becomes 0
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			t.Error(err)
		}
	}
	defer func() { afterWrite = nil }()
	_, err := Bench(c)
	var ce *CheckError
	if !errors.As(err, &ce) || ce.Index != 5 || ce.Got != 0 || ce.Want != 5 || ce.File != c.Out+MPIIOSuffix {
		t.Fatalf("error %v, want a read check of element 5 of %s", err, c.Out+MPIIOSuffix)
	}
	want := "read check: " + c.Out + MPIIOSuffix + ": element 5 at byte 40 (byte 40 of rank 0's block) is 0, want 5"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
