package pio

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/h5test"
)

// rdElem encodes an element's index, so a read can be checked one by one.
func rdElem(i, j, k int) float64 { return float64(i*1000 + j*10 + k) }

// rdFile writes x (4, 9, 3) float64 and n (5) int32 with gonum/hdf5, an
// independent writer.
func rdFile(t *testing.T) string {
	t.Helper()
	x := make([]float64, 0, 4*9*3)
	for i := 0; i < 4; i++ {
		for j := 0; j < 9; j++ {
			for k := 0; k < 3; k++ {
				x = append(x, rdElem(i, j, k))
			}
		}
	}
	path := filepath.Join(t.TempDir(), "rd.h5")
	h5test.MustWrite(t, path,
		h5test.Dataset{Name: "x", Dims: []uint{4, 9, 3}, Data: x},
		h5test.Dataset{Name: "n", Dims: []uint{5}, Data: []int32{1, 2, 3, 4, 5}})
	return path
}

// OpenSerial needs no MPI (under the mpi tag this test process never
// starts it), and ReadStrided takes every stride-th element.
func TestOpenSerialStrided(t *testing.T) {
	f, err := OpenSerial(rdFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := f.Dataset("x")
	if err != nil {
		t.Fatal(err)
	}
	// Particles 1..3, samples 2, 5, 8, all coordinates.
	got := make([]float64, 3*3*3)
	if err := ReadStrided(x, []int{1, 2, 0}, []int{1, 3, 1}, []int{3, 3, 3}, got); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				if g, want := got[(i*3+j)*3+k], rdElem(1+i, 2+3*j, k); g != want {
					t.Fatalf("element (%d, %d, %d) = %v, want %v", i, j, k, g, want)
				}
			}
		}
	}
	// Sample 2 + 3·3 = 11 is past the end (9).
	err = ReadStrided(x, []int{0, 2, 0}, []int{1, 3, 1}, []int{1, 4, 3}, make([]float64, 12))
	if err == nil || !strings.Contains(err.Error(), "read x block [0 2 0]+[1 4 3] step [1 3 1]: block outside shape [4 9 3] in dimension 1") {
		t.Errorf("read past the end: error %v", err)
	}
	if err := ReadStrided(x, []int{0, 0, 0}, []int{1, 0, 1}, []int{1, 1, 3}, make([]float64, 3)); err == nil {
		t.Errorf("stride 0: no error")
	}
	for name, want := range map[string]bool{"x": true, "n": true, "y": false} {
		if has, err := f.Has(name); has != want || err != nil {
			t.Errorf("Has(%q) = %v, %v; want %v", name, has, err, want)
		}
	}
	for _, c := range []struct {
		name, class string
		size        int
	}{{"x", "float", 8}, {"n", "integer", 4}} {
		d, err := f.Dataset(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if class, size, err := d.Stored(); class != c.class || size != c.size || err != nil {
			t.Errorf("%s stored as %s of %d bytes (%v), want %s of %d", c.name, class, size, err, c.class, c.size)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenSerialErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text.h5")
	os.WriteFile(text, []byte("not HDF5\n"), 0o644)
	// A real file cut short: HDF5 recognises it, then fails with a reason.
	cut := rdFile(t)
	if err := os.Truncate(cut, 1000); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "nope.h5"), "nope.h5: no such file or directory"},
		{text, "text.h5: not an HDF5 file"},
		{cut, "truncated file"},
	} {
		f, err := OpenSerial(c.path)
		if err == nil {
			f.Close()
			t.Errorf("%s: no error", c.path)
		} else if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want %q", c.path, err, c.want)
		}
	}
}

// pio's calls keep HDF5's automatic error printing to themselves: with
// printing on for the rest of the process, failing pio calls print
// nothing and leave it on, while HDF5 still prints for other callers.
func TestErrorPrintingKept(t *testing.T) {
	was := h5.ErrorPrinting()
	defer h5.SetErrorPrinting(was)
	h5.SetErrorPrinting(true)
	good := rdFile(t)
	text := filepath.Join(t.TempDir(), "text.h5")
	os.WriteFile(text, []byte("not HDF5\n"), 0o644)

	pioOut := stderrOf(t, func() {
		if _, err := OpenSerial(text); err == nil {
			t.Error("not HDF5: no error")
		}
		f, err := OpenSerial(good)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Dataset("nope"); err == nil {
			t.Error("missing dataset: no error")
		}
		if _, err := f.Dataset("/"); err == nil { // a group
			t.Error("a group opened as a dataset: no error")
		}
	})
	if pioOut != "" {
		t.Errorf("pio's failing calls printed:\n%s", pioOut)
	}
	if !h5.ErrorPrinting() {
		t.Errorf("error printing is off after pio's calls")
	}
	// The control: the same failure through another binding prints.
	other := stderrOf(t, func() {
		if f, err := hdf5.OpenFile(text, hdf5.F_ACC_RDONLY); err == nil {
			f.Close()
		}
	})
	if !strings.Contains(other, "HDF5") {
		t.Errorf("gonum/hdf5's failing open printed %q, want HDF5's error stack", other)
	}
}

// stderrOf runs fn with file descriptor 2, where HDF5 prints, sent to a
// file, and returns what was written there.
func stderrOf(t *testing.T, fn func()) string {
	t.Helper()
	tmp, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(saved)
	if err := syscall.Dup3(int(tmp.Fd()), 2, 0); err != nil {
		t.Fatal(err)
	}
	func() {
		defer syscall.Dup3(saved, 2, 0)
		fn()
	}()
	b, err := os.ReadFile(tmp.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
