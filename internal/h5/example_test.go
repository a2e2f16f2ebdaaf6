package h5_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/h5mpi/h5mpi/internal/h5"
)

// A file made, a dataset written as float64 and read back as int32 (HDF5
// converts), and an attribute on it.
func Example() {
	dir, err := os.MkdirTemp("", "h5-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, ok := h5.CreateFile(filepath.Join(dir, "x.h5"), h5.Default)
	if !ok {
		log.Fatal(h5.Errorf("create x.h5"))
	}
	defer h5.CloseFile(f)
	d, err := h5.CreateDataset(f, "grid", h5.Float64, []int{2, 3}, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer h5.CloseDataset(d)
	all := h5.Block{Offset: []int{0, 0}, Count: []int{2, 3}}
	if !h5.Transfer(true, d, all, []float64{1, 2, 3, 4, 5, 6}, h5.Default) {
		log.Fatal(h5.Errorf("write grid"))
	}
	if err := h5.NewAttr("unit", "m").Write(d, "grid"); err != nil {
		log.Fatal(err)
	}
	// Every other element of the second row.
	got := make([]int32, 2)
	row := h5.Block{Offset: []int{1, 0}, Stride: []int{1, 2}, Count: []int{1, 2}}
	if !h5.Transfer(false, d, row, got, h5.Default) {
		log.Fatal(h5.Errorf("read grid"))
	}
	unit, err := h5.Attr(d, "grid", "unit")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got, unit)
	// Output: [4 6] m
}

// A failed call's error carries HDF5's own reasons, from its error
// stack.
func ExampleErrorf() {
	_, ok := h5.OpenFile("/nonexistent/x.h5", h5.Default, false)
	err := h5.Errorf("open %s", "/nonexistent/x.h5")
	fmt.Println(ok, err != nil)
	// Output: false true
}
