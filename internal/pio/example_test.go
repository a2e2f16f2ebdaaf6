//go:build !mpi

// The examples run in the one-rank stand-in (go test ./internal/pio), so
// their output is checked; built with -tags mpi and launched on N ranks,
// the same code has every rank write or read its own block.

package pio_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// The shape of an h5mpi program: MPI started after the flags are parsed,
// one file created by all ranks together, each rank writing its own block
// of every dataset, the file committed at Close, MPI shut down at the end.
// A program ends a failed job through package job (Fatal: the partial
// file removed, every rank ended); an example just stops.
func Example() {
	if err := mpi.Init(); err != nil {
		log.Fatal(err)
	}
	dir := tempDir()
	defer os.RemoveAll(dir)

	f, err := pio.Create(filepath.Join(dir, "squares.h5"), pio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	const n = 10
	d, err := f.CreateDataset("squares", h5.Int64, []int{n})
	if err != nil {
		log.Fatal(err)
	}
	off, count := pio.Split(n, mpi.World.Size(), mpi.World.Rank())
	block := make([]int64, count)
	for i := range block {
		block[i] = int64((off + i) * (off + i))
	}
	if err := pio.Write(d, []int{off}, []int{count}, block); err != nil {
		log.Fatal(err)
	}
	if err := f.SetAttrs(h5.NewAttr("ranks", int64(mpi.World.Size()))); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rank %d of %d wrote squares [%d, %d)\n", mpi.World.Rank(), mpi.World.Size(), off, off+count)
	mpi.Finalize()
	// Output:
	// rank 0 of 1 wrote squares [0, 10)
}

// A file made by Create is written under NAME.partial, with NAME.lock
// holding the name for this run; Close renames it into place once every
// rank has closed it, so NAME is only ever a complete file.
func ExampleCreate() {
	dir := tempDir()
	defer os.RemoveAll(dir)

	f, err := pio.Create(filepath.Join(dir, "out.h5"), pio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	d, err := f.CreateDataset("x", h5.Float64, []int{4, 3})
	if err != nil {
		log.Fatal(err)
	}
	// One rank, one block: the whole dataset.
	if err := pio.Write(d, []int{0, 0}, []int{4, 3}, make([]float64, 12)); err != nil {
		log.Fatal(err)
	}
	fmt.Println("before Close:", ls(dir))
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("after Close: ", ls(dir))
	// Output:
	// before Close: [out.h5.lock out.h5.partial]
	// after Close:  [out.h5]
}

// Open opens an existing file on every rank, read-only; its datasets
// carry their type and global shape.
func ExampleOpen() {
	dir := tempDir()
	defer os.RemoveAll(dir)
	path := writeTable(dir)

	f, err := pio.Open(path, pio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	d, err := f.Dataset("run1/table")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Name(), d.Type(), d.Shape())
	// Output:
	// run1/table float64 [5 2]
}

// Each rank reads its own rows of a 2-D dataset, split by Split; a rank
// with no rows still calls Read, with a zero count.
func ExampleRead() {
	dir := tempDir()
	defer os.RemoveAll(dir)
	path := writeTable(dir)

	f, err := pio.Open(path, pio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	d, err := f.Dataset("run1/table")
	if err != nil {
		log.Fatal(err)
	}
	rows, cols := d.Shape()[0], d.Shape()[1]
	off, n := pio.Split(rows, mpi.World.Size(), mpi.World.Rank())
	buf := make([]float64, n*cols)
	if err := pio.Read(d, []int{off, 0}, []int{n, cols}, buf); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rank %d: rows [%d, %d): %v\n", mpi.World.Rank(), off, off+n, buf)
	// Output:
	// rank 0: rows [0, 5): [0 0.5 1 1.5 2 2.5 3 3.5 4 4.5]
}

// Split deals 10 items to 4 ranks: the first 10 mod 4 ranks take one
// more than the others.
func ExampleSplit() {
	for r := 0; r < 4; r++ {
		off, n := pio.Split(10, 4, r)
		fmt.Printf("rank %d: [%d, %d), %d items\n", r, off, off+n, n)
	}
	// Output:
	// rank 0: [0, 3), 3 items
	// rank 1: [3, 6), 3 items
	// rank 2: [6, 8), 2 items
	// rank 3: [8, 10), 2 items
}

// writeTable writes table.h5 in dir, with a 5×2 dataset run1/table whose
// element (i, j) is i + j/2, and returns its path.
func writeTable(dir string) string {
	path := filepath.Join(dir, "table.h5")
	f, err := pio.Create(path, pio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	d, err := f.CreateDataset("run1/table", h5.Float64, []int{5, 2})
	if err != nil {
		log.Fatal(err)
	}
	v := make([]float64, 10)
	for i := range v {
		v[i] = float64(i) / 2
	}
	if err := pio.Write(d, []int{0, 0}, []int{5, 2}, v); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	return path
}

func tempDir() string {
	dir, err := os.MkdirTemp("", "pio-example")
	if err != nil {
		log.Fatal(err)
	}
	return dir
}

// ls lists the names in dir, sorted (as os.ReadDir returns them).
func ls(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
